"""Transcripts: each turn's speaker is the claimant; first-person claims come with a third-person statement."""
import pytest

from imports import candidates, speech

DEBATE = """MODERATOR: Good evening and welcome to the first debate between the candidates for governor.
HOLLIS: Well, we cut the deficit by 60 percent in four years. And I voted against the pension reform when it came to the floor in 2011.

I think my record speaks for itself.
SEN. JANE MARSH: That is not true. Senator Hollis has raised taxes several times since he was elected.
MODERATOR: What would you do about jobs, Senator?
"""


def by_quote(text: str) -> dict[str, candidates.Candidate]:
    return {c.quote: c for c in candidates.extract(text)}


def test_each_turns_speaker_is_the_claimant_and_labels_stay_out_of_quotes():
    found = by_quote(DEBATE)
    deficit = found["Well, we cut the deficit by 60 percent in four years."]
    assert (deficit.claimant.name, deficit.claimant.kind) == ("Hollis", "person")
    # The turn runs on over a paragraph break until the next label.
    vote = found["And I voted against the pension reform when it came to the floor in 2011."]
    assert vote.claimant.name == "Hollis"
    taxes = found["Senator Hollis has raised taxes several times since he was elected."]
    assert (taxes.claimant.name, taxes.claimant.role) == ("Jane Marsh", "Senator")
    assert not any(quote.startswith(("HOLLIS", "SEN.", "MODERATOR")) for quote in found)


def test_first_person_claims_are_proposed_with_a_third_person_statement():
    found = by_quote(DEBATE)
    assert found["Well, we cut the deficit by 60 percent in four years."].statement == \
        "Hollis's government cut the deficit by 60% in four years."
    assert found["And I voted against the pension reform when it came to the floor in 2011."].statement == \
        "Hollis voted against the pension reform when it came to the floor in 2011."
    assert "I think my record speaks for itself." not in found  # an opinion, first person or not


def test_moderators_welcome_and_questions_are_nobodys_claim():
    assert not any(c.quote.startswith(("Good evening", "What would you do")) for c in candidates.extract(DEBATE))


def test_a_known_speaker_is_matched_to_the_entity_by_alias():
    known = [candidates.KnownEntity(7, "Hollis", "Jane Hollis", "person")]
    (found,) = [c for c in candidates.extract("HOLLIS: I voted against the pension reform in 2011, twice.\n"
                                              "MARSH: That is simply not what happened in the chamber.",
                                              entities=known) if c.quote.startswith("I voted")]
    assert (found.claimant.name, found.claimant.entity_id) == ("Jane Hollis", 7)
    assert found.statement.startswith("Jane Hollis voted against")


@pytest.mark.parametrize("text, speakers", [
    ("HOLLIS: Words here.\nMARSH: More words.", [("Hollis", ""), ("Marsh", "")]),
    ("[HOLLIS] Words here.\n[MARSH] More words.", [("Hollis", ""), ("Marsh", "")]),
    ("MR. BRENNAN: Words.\nGOV. ABERNATHY (R-Kansas): More.", [("Brennan", ""), ("Abernathy", "Governor")]),
    ("Hollis: Words here.\nMarsh: More words.\nHollis: And more.", [("Hollis", ""), ("Marsh", ""), ("Hollis", "")]),
    ("Q: What happened?\nA: We cut it.", [("", ""), ("", "")]),
    ("Note: this page was updated.\nUpdate: the vote is tomorrow.", []),
    ("The minister said: we will see. Critics replied: no.", []),
])
def test_transcript_layouts(text, speakers):
    assert [(t.name, t.role) for t in speech.turns(text)] == speakers


@pytest.mark.parametrize("sentence, statement", [
    ("I've never supported quotas.", "Hollis has never supported quotas."),
    ("Look, I support the farm bill and I have since 1990.", "Hollis supports the farm bill and Hollis has since 1990."),
    ("We're the only state that balanced its budget.", "Hollis's government is the only state that balanced its budget."),
    ("Our party passed the bill.", "Hollis's party passed the bill."),
    ("Taxes went up under the last governor.", "Taxes went up under the last governor."),
])
def test_third_person_statements(sentence, statement):
    assert speech.third_person(sentence, "Hollis") == statement
