"""The importer proposes a claimant from a sentence's attribution; the editor accepts it with the candidate."""
import pytest

from claims.errors import ServiceError
from claims.models import Claim, Entity, EntityAlias
from claims.services import reference_save
from imports import capture, services
from imports.attribution import Attribution, attribution_of, statement_from
from imports.naming import EntityMatcher, KnownEntity


@pytest.mark.parametrize("sentence,expected,statement", [
    ("The pipeline will carry 50 billion cubic meters a year, said Foreign Minister Sergei Lavrov.",
     Attribution("Sergei Lavrov", "Foreign Minister", "person"), "The pipeline will carry 50 billion cubic meters a year."),
    ("According to the Kremlin, the two leaders met 40 times.",
     Attribution("Kremlin", "", "organisation"), "The two leaders met 40 times."),
    ("The two sides held 11 exercises in 2024, the Kremlin said on Monday.",
     Attribution("Kremlin", "", "organisation"), "The two sides held 11 exercises in 2024."),
    ("Trade reached $240 billion, said Sergei Lavrov, Russia's foreign minister.",
     Attribution("Sergei Lavrov", "Russia's foreign minister", "person"), "Trade reached $240 billion."),
    ("Kremlin spokesman Dmitry Peskov said that talks went well.",
     Attribution("Dmitry Peskov", "Kremlin spokesman", "person"), "Talks went well."),
    ("According to the Russian Foreign Ministry, trade grew 20%.",
     Attribution("Russian Foreign Ministry", "", "organisation"), "Trade grew 20%."),
    ("Trade grew 20%, Lavrov said.", Attribution("Lavrov", "", "person"), "Trade grew 20%."),
    ("Trade reached $240 billion, officials said.", None, "Trade reached $240 billion."),
    ("Trade reached $240 billion, he said.", None, "Trade reached $240 billion."),
    ("The treaty ceded 100,000 square miles.", None, "The treaty ceded 100,000 square miles."),
])
def test_attribution_names_the_claimant_and_leaves_the_statement(sentence, expected, statement):
    assert attribution_of(sentence) == expected
    assert statement_from(sentence) == statement


def test_a_known_person_or_alias_is_matched_and_places_are_not():
    matcher = EntityMatcher([KnownEntity(7, "Sergei Lavrov", "Sergei Lavrov", "person"),
                             KnownEntity(7, "Lavrov", "Sergei Lavrov", "person"),
                             KnownEntity(9, "Kremlin", "Kremlin", "place")])
    assert attribution_of("Trade grew 20%, Lavrov said.", matcher) == Attribution("Sergei Lavrov", "", "person", 7)
    # A place called "Kremlin" is not who spoke: the guess stands, as a new organisation.
    assert attribution_of("Trade grew 20%, the Kremlin said.", matcher) == Attribution("Kremlin", "", "organisation")


@pytest.mark.django_db
def test_accepting_a_candidate_sets_its_claimant_matching_or_creating_the_entity():
    peskov = reference_save(instance=Entity(name="Dmitry Peskov", kind=Entity.Kind.PERSON))
    reference_save(instance=EntityAlias(entity=peskov, name="Peskov"))
    text = ("Pipeline talks resume in Moscow\n\nNegotiators met again on Tuesday to discuss the long-delayed "
            "project. The pipeline will carry 50 billion cubic meters a year, said Foreign Minister Sergei Lavrov. "
            "The two countries held 11 joint exercises in 2024, Peskov said. Officials expect a deal by the end of "
            "the year.\n")
    result = services.import_captured(capture.from_text(text), title="Talks")
    by_figure = {c.figure_text: c for c in result.candidates}
    assert len(by_figure) >= 2, [c.as_dict() for c in result.candidates]
    lavrov_candidate = next(c for f, c in by_figure.items() if "50 billion" in f)
    peskov_candidate = next(c for f, c in by_figure.items() if "11" in f)
    assert lavrov_candidate.claimant == Attribution("Sergei Lavrov", "Foreign Minister", "person")
    assert peskov_candidate.claimant == Attribution("Dmitry Peskov", "", "person", peskov.pk)
    assert lavrov_candidate.as_dict()["claimant"]["name"] == "Sergei Lavrov"
    created, _ = services.accept_candidates(snapshot=result.snapshot, choices=[
        services.Choice(candidate=lavrov_candidate, claimant_name="Sergei Lavrov", claimant_kind="person",
                        claimant_role="Foreign Minister"),
        services.Choice(candidate=peskov_candidate, claimant_name="Peskov", claimant_kind="person"),
    ])
    by_statement = {c.statement: c for c in created}
    lavrov_claim = next(c for s, c in by_statement.items() if "50 billion" in s)
    assert lavrov_claim.claimant.name == "Sergei Lavrov" and lavrov_claim.claimant_role == "Foreign Minister"
    assert Entity.objects.get(name="Sergei Lavrov").kind == Entity.Kind.PERSON  # proposed and now recorded
    assert next(c for s, c in by_statement.items() if "11" in s).claimant == peskov  # matched by alias


@pytest.mark.django_db
def test_a_claimant_that_is_a_place_refuses_the_whole_acceptance():
    reference_save(instance=Entity(name="Vladivostok", kind=Entity.Kind.PLACE))
    text = ("Port news from the Pacific coast\n\nThe harbour had a busy season, with record traffic reported on "
            "most routes. The port handled 11 million tonnes of cargo in 2024, Vladivostok said. Traffic is expected "
            "to grow again next year.\n")
    result = services.import_captured(capture.from_text(text), title="Port")
    candidate = next(c for c in result.candidates if "11 million" in c.figure_text)
    with pytest.raises(ServiceError, match="recorded as a place"):
        services.accept_candidates(snapshot=result.snapshot, choices=[
            services.Choice(candidate=candidate, claimant_name="Vladivostok", claimant_kind="organisation")])
    assert not Claim.objects.exists()
