"""The seed data: every claim of both articles, verbatim, with aliases, loaded idempotently."""
import pytest
from django.core.management import call_command

from claims.models import Appearance, Claim, ClaimStatus, Entity, Verdict
from seeding import seed_data
from sources.models import Source
from tests.conftest import seed_article


def test_load_seed_creates_every_claim(seeded):
    assert seeded["claims"] == len(seed_data.CLAIMS) > 30
    assert Claim.objects.count() == len(seed_data.CLAIMS)
    assert seeded["appearances"] == Appearance.objects.count() == sum(len(c["appearances"]) for c in seed_data.CLAIMS)
    assert Source.objects.count() == 5


def test_seed_claims_are_published_and_not_yet_rated(seeded):
    assert set(Claim.objects.values_list("status", "verdict").distinct()) == {
        (ClaimStatus.PUBLISHED, Verdict.NOT_YET_RATED)
    }
    assert not Claim.objects.filter(published_at__isnull=True).exists()


def test_load_seed_is_idempotent(seeded, capsys):
    call_command("load_seed")
    assert "nothing to add" in capsys.readouterr().out
    assert Claim.objects.count() == len(seed_data.CLAIMS)


def test_load_seed_says_in_one_line_when_the_seed_articles_are_absent(seeded, settings, tmp_path, capsys):
    settings.CROSSCHECK_SEED_ARTICLES_DIR = tmp_path / "shared" / "seeds"
    call_command("load_seed")
    lines = [line for line in capsys.readouterr().out.splitlines() if "seed articles" in line.lower()]
    assert len(lines) == 1 and str(tmp_path / "shared" / "seeds") in lines[0]
    assert "no captured text" in lines[0] and "CROSSCHECK_SEED_ARTICLES_DIR" in lines[0]
    assert not Source.objects.filter(snapshots__isnull=False).exists()


def test_load_seed_keeps_editors_changes(seeded):
    claim = Claim.objects.get(slug="treaty-of-aigun-signed-in-1858")
    claim.statement = "Edited by an editor."
    claim.save()
    call_command("load_seed")
    claim.refresh_from_db()
    assert claim.statement == "Edited by an editor."


@pytest.mark.parametrize("alias, name", [
    ("Treaty of Beijing", "Convention of Peking"),
    ("Treaty of Peking", "Convention of Peking"),
    ("Haishenwai", "Vladivostok"),
    ("Heixiazi Island", "Bolshoy Ussuriysky Island"),
    ("Bolshoy Ussuriysky", "Bolshoy Ussuriysky Island"),
])
def test_seed_entities_carry_their_aliases(seeded, alias, name):
    assert Entity.objects.matching(alias).get().name == name


def test_seed_figures_are_normalised(seeded):
    figures = {c.slug: c for c in Claim.objects.select_related("metric")}
    combined = figures["aigun-and-peking-ceded-over-900000-km2"]
    assert (combined.canonical_lower, combined.canonical_upper) == (900000, None)
    miles = figures["aigun-and-peking-ceded-250000-square-miles"]
    assert miles.canonical_lower == pytest.approx(634_555, rel=1e-4)
    pipeline = figures["power-of-siberia-2-up-to-50-bcm-a-year"]
    assert (pipeline.canonical_lower, pipeline.canonical_upper, pipeline.unit) == (0, 50e9, "m³/yr")
    meetings = figures["putin-and-xi-met-over-40-times-since-2012"]
    assert meetings.metric.cumulative and (meetings.value, meetings.qualifier) == (40, "over")
    disputes = figures["china-settled-17-of-23-territorial-disputes-since-1949"]
    assert (disputes.value, disputes.total) == (17, 23)
    exercises = figures["joint-military-exercises-peaked-at-11-in-2024"]
    assert (exercises.canonical_lower, exercises.canonical_upper, exercises.count_noun) == (11, 11, "exercises")


def test_seed_covers_the_claims_an_editor_would_expect():
    metrics = {c.get("metric") for c in seed_data.CLAIMS}
    assert {"Area ceded", "Leader meetings", "Joint military exercises per year", "Territorial disputes settled",
            "Pipeline capacity", "Year signed", "Year it happened"} <= metrics
    area_claims = [c for c in seed_data.CLAIMS if c.get("metric") == "Area ceded"]
    assert len(area_claims) == 6


def test_reposts_point_at_their_originals(seeded):
    for key in (seed_data.TULLY, seed_data.CAPEK):
        repost = Source.objects.get(slug=key)
        assert repost.is_repost and not repost.origin.is_repost
    assert Source.objects.get(slug="tully-kyiv-independent").url == ""  # not confirmed: left for an editor


@pytest.mark.parametrize("claim", seed_data.CLAIMS, ids=lambda c: c["slug"])
def test_seed_quotes_are_verbatim(claim):
    for source_key, quote, figure_text in claim["appearances"]:
        article = seed_article(source_key)
        assert quote in article, f"{claim['slug']}: quote not in the article: {quote!r}"
        prefix, suffix = seed_data.ANCHORS[(source_key, quote)]
        assert prefix + quote + suffix in article
        assert figure_text in quote
