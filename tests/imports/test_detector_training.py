"""`train_detector`: the desk's accepts and declines retrain the model; a better one is kept, no better refused."""
import itertools
from io import StringIO

import pytest
from django.core.management import call_command

from claims.roles import EDITOR
from imports import services
from imports.detector import model, store
from imports.models import CandidateDecision, DetectorVersion
from tests.factories import SnapshotFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(seeded):
    return user_with_role(EDITOR)

TEAMS = ["Riverton Rovers", "Ashford Hawks", "Kestrel Bay Otters", "Oakridge Foxes", "Millbrook Wanderers",
         "Harbour City Gulls", "Greenvale Badgers", "Stonebridge Rams"]
GOALS = ["one", "two", "three", "four", "five"]
WEATHER = ["Rain fell across {place} on {day} afternoon.", "Fog closed the roads around {place} on {day}.",
           "A cold wind blew through {place} on {day} evening.", "Snow dusted the hills above {place} on {day}."]
PLACES = ["the capital", "Riverton", "the valley", "Ashford", "the coast", "Port Delane", "the old town", "Greenvale"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def desk_article() -> tuple[str, list[tuple[str, bool]]]:
    """A sports desk's article: it checks match results and declines the weather."""
    results = [f"The {home} beat the {away} {a} goals to {b} on {day}."
               for (home, away), (a, b), day in zip(itertools.permutations(TEAMS, 2),
                                                     itertools.cycle([("three", "one"), ("two", "nil"),
                                                                      ("four", "two"), ("five", "three")]),
                                                     itertools.cycle(DAYS))][:50]
    weather = [w.format(place=p, day=d) for w, p, d in itertools.product(WEATHER, PLACES, DAYS)][::2][:50]
    lines = [(s, True) for s in results] + [(s, False) for s in weather]
    return "\n".join(s for s, _ in lines), lines


def decide(user) -> int:
    """Record the desk's answer on every sentence of its article, as the review page would."""
    text, lines = desk_article()
    snapshot = SnapshotFactory(text=text)
    offset = 0
    for sentence, accepted in lines:
        start = text.index(sentence, offset)
        offset = start + len(sentence)
        CandidateDecision.objects.create(snapshot=snapshot, key=f"s{start}-{offset}", accepted=accepted,
                                         decided_by=user)
    return len(lines)


def test_the_desks_decisions_are_labelled_examples(editor):
    decide(editor)
    examples = store.desk_examples()
    assert len(examples) == 100 and {e.origin for e in examples} == {"desk"}
    assert sum(e.label for e in examples) == 50
    assert all(e.why == "declined by the desk" for e in examples if not e.label)


def test_retraining_keeps_a_better_model_records_it_and_refuses_one_no_better(editor):
    decide(editor)
    base = model.base()
    out = StringIO()
    call_command("train_detector", stdout=out)
    printed = out.getvalue()
    assert "before" in printed and "after" in printed and "Kept desk-100-" in printed
    version = DetectorVersion.objects.get(active=True)
    assert version.f1 > version.f1_before and version.replaced == base.version and version.desk_examples == 100
    detector = store.active()
    assert detector.version == version.version
    sample = "The Greenvale Badgers beat the Stonebridge Rams two goals to nil on Friday."
    assert detector.score(sample) > base.score(sample)

    out = StringIO()
    call_command("train_detector", stdout=out)  # nothing new: the same model, not better
    assert f"Not better: {version.version} stays in use." in out.getvalue()
    assert DetectorVersion.objects.count() == 1 and store.active().version == version.version


def test_a_dry_run_keeps_the_model_in_use(editor):
    decide(editor)
    out = StringIO()
    call_command("train_detector", "--dry-run", stdout=out)
    assert "Dry run: nothing kept." in out.getvalue() and not DetectorVersion.objects.exists()


def test_imports_and_decisions_record_the_detector_version(editor):
    result = services.import_captured(services.capture.from_text(
        "Senator Hollis has raised taxes several times since he was first elected to the chamber."),
        title="Desk", user=editor)
    assert result.detector_version == model.base().version and result.candidates
    services.accept_candidates(snapshot=result.snapshot, choices=[services.Choice(result.candidates[0])],
                               user=editor)
    assert CandidateDecision.objects.get().detector_version == model.base().version
