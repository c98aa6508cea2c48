"""Importing articles: idempotency, re-anchoring, candidates, accepting them, the command line."""
import json
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.models import AnchorStatus, Appearance, Claim, ClaimStatus, Metric
from imports import anchoring, capture, services
from imports.capture import CaptureError
from seeding import seed_data
from sources.models import Snapshot, Source
from tests.conftest import ARTICLES, LEDGER_QUOTES, seed_article, seed_article_path, team_article
from tests.imports.articles import ARTICLE_HTML, FURNITURE, LEDGER, LEDGER_EDITED, LEDGER_FURNITURE, LEDGER_REPOST
from tests.loopback import Route

# --- Idempotency and re-anchoring ----------------------------------------------------------------------

@pytest.mark.django_db
def test_the_same_url_or_text_again_creates_nothing(loopback):
    loopback.routes["/article"] = Route(ARTICLE_HTML.encode())
    first = services.import_captured(capture.fetch(loopback.url + "/article"))
    again = services.import_captured(capture.fetch(loopback.url + "/article"))
    assert first.source_created and not again.source_created and not again.snapshot_created
    assert again.outcome == "already known: nothing changed"
    pasted = capture.from_text(team_article(LEDGER))
    services.import_captured(pasted)
    services.import_captured(capture.from_text(team_article(LEDGER)))
    assert Source.objects.count() == 2 and Snapshot.objects.count() == 2
    assert Source.objects.get(url=loopback.url + "/article").publisher.name == "Daily Example"


@pytest.mark.django_db
def test_changed_content_at_the_same_url_is_a_new_snapshot_of_the_same_source(loopback):
    loopback.routes["/article"] = Route(ARTICLE_HTML.encode())
    first = services.import_captured(capture.fetch(loopback.url + "/article"))
    loopback.routes["/article"] = Route(ARTICLE_HTML.replace("historians", "scholars").encode())
    second = services.import_captured(capture.fetch(loopback.url + "/article"))
    assert second.source == first.source and second.snapshot_created and not second.source_created
    assert first.source.snapshots.count() == 2


@pytest.mark.django_db
def test_capturing_an_article_anchors_every_quote_recorded_from_it(ledger):
    result = services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    appearances = Appearance.objects.filter(source=ledger)
    assert result.anchors == {AnchorStatus.EXACT: len(LEDGER_QUOTES)} and appearances.count() == len(LEDGER_QUOTES)
    for appearance in appearances:
        assert result.snapshot.text[appearance.start_offset:appearance.end_offset] == appearance.quote
        assert appearance.history.first().history_change_reason.startswith("re-anchored")


@pytest.mark.django_db
def test_reimporting_an_edited_copy_reanchors_unchanged_quotes_and_flags_the_removed_one(ledger):
    source = ledger
    services.import_captured(capture.from_text(team_article(LEDGER)), source=source)
    removed = "Since 1949, China has settled 17 of its 23 territorial disputes"
    retyped = "Russia remains China\u2019s largest single supplier of crude oil"
    result = services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=source)

    assert result.snapshot_created and result.anchors[AnchorStatus.MISSING] == 1
    gone = Appearance.objects.get(source=source, quote=removed)
    assert gone.anchor == AnchorStatus.MISSING and gone.snapshot != result.snapshot
    moved = Appearance.objects.get(source=source, quote=retyped)
    assert moved.anchor == AnchorStatus.FUZZY and moved.snapshot == result.snapshot
    assert result.snapshot.text[moved.start_offset:moved.end_offset] == "Russia remains  China's largest single supplier of crude oil"
    others = Appearance.objects.filter(source=source).exclude(pk__in=[gone.pk, moved.pk])
    for appearance in others:
        assert appearance.anchor == AnchorStatus.EXACT and appearance.snapshot == result.snapshot
        assert result.snapshot.text[appearance.start_offset:appearance.end_offset] == appearance.quote


def test_fuzzy_anchoring_needs_the_quote_to_stay_close():
    text = "Alpha beta. The pipeline should carry up to 50 billion cubic meters of gas each year. Gamma."
    assert anchoring.find_quote(text, "carry up to 50 billion cubic meters of gas every year", "should ", " Gamma")
    assert anchoring.find_quote(text, "an entirely different sentence about treaties and land", "x", "y") is None
    twice = "He said 11 exercises. Later: 11 exercises."
    anchor = anchoring.find_quote(twice, "11 exercises", prefix="Later: ")
    assert anchor.start == twice.rindex("11 exercises")


# --- Candidates -------------------------------------------------------------------------------------

LEDGER_FIGURES = {"approximately 150,000 square miles": "Area ceded", "a further 100,000 square miles": "Area ceded",
                  "17 of its 23 territorial disputes": "Territorial disputes settled", "over 40 times": "Leader meetings",
                  "11 exercises": "Joint military exercises per year",
                  "up to 50 billion cubic meters annually": "Pipeline capacity"}

SEED_FIGURES = {
    seed_data.TULLY: {"over 40 times": "Leader meetings", "over 900,000 square kilometers": "Area ceded",
                      "350,000 square miles": "Area ceded", "Another 150,000 square miles": "Area ceded"},
    seed_data.CAPEK: {"approximately 150,000 square miles": "Area ceded",
                      "a further 100,000 square miles": "Area ceded", "250,000 square miles": "Area ceded",
                      "17 of its 23 territorial disputes": "Territorial disputes settled",
                      "11 exercises": "Joint military exercises per year",
                      "up to 50 billion cubic meters annually": "Pipeline capacity"},
}


def assert_proposes(text: str, figures: dict[str, str], furniture: list[str], never: set[str]) -> None:
    """Import ``text``: each figure is proposed with its metric, quotes are the text's own, no furniture."""
    result = services.import_captured(capture.from_text(text))
    proposed = {c.figure_text: c for c in result.candidates}
    for figure, metric in figures.items():
        assert figure in proposed, figure
        assert proposed[figure].metric[1] == metric
    for candidate in result.candidates:
        assert result.snapshot.text[candidate.start:candidate.end] == candidate.quote
        assert not any(f in candidate.quote for f in furniture)
        assert candidate.unit != "year" or candidate.kind == "date"  # bare years are not proposed
    assert not never & set(proposed)


@pytest.mark.django_db
def test_an_article_proposes_its_figures_and_no_furniture(seeded):
    assert_proposes(team_article(LEDGER), LEDGER_FIGURES, LEDGER_FURNITURE,
                    {"1858", "1949", "2012", "2024", "7 Min", "5 + 6"})


@pytest.mark.django_db
@pytest.mark.parametrize("source_key", [seed_data.TULLY, seed_data.CAPEK])
def test_seed_articles_propose_the_seed_figures_and_no_furniture(seeded, source_key):
    assert_proposes(seed_article(source_key), SEED_FIGURES[source_key], FURNITURE,
                    {"1858", "1860", "1864", "11 Min", "2 pipeline", "$1"})


@pytest.mark.django_db
def test_candidates_carry_entities_period_and_the_claims_they_repeat(seeded):
    result = services.import_captured(capture.from_text(team_article(LEDGER)))
    proposed = {c.figure_text: c for c in result.candidates}
    disputes = proposed["17 of its 23 territorial disputes"]
    assert disputes.value == 17 and disputes.total == 23 and disputes.period_label == "Since 1949"
    assert [name for _id, name in disputes.entities] == ["China"]
    assert disputes.matches[0]["slug"] == "china-settled-17-of-23-territorial-disputes-since-1949"
    exercises = proposed["11 exercises"]
    assert {n for _i, n in exercises.entities} == {"China", "Russia"} and exercises.period_label == "in 2024"
    aigun = proposed["approximately 150,000 square miles"]
    assert aigun.entities == [
        (Claim.objects.get(slug="aigun-ceded-approximately-150000-square-miles").subjects.get().pk, "Treaty of Aigun")]
    assert aigun.matches[0]["slug"] == "aigun-ceded-approximately-150000-square-miles"


# --- Accepting candidates -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_accepting_creates_drafts_or_appearances_of_the_claims_repeated(seeded):
    result = services.import_captured(capture.from_text(team_article(LEDGER)), title="A copy")
    proposed = {c.figure_text: c for c in result.candidates}
    repeated = Claim.objects.get(slug="power-of-siberia-2-up-to-50-bcm-a-year")
    created, attached = services.accept_candidates(snapshot=result.snapshot, choices=[
        services.Choice(candidate=proposed["11 exercises"], statement="Russia and China held 11 exercises in 2024.",
                        metric=Metric.objects.get(name="Joint military exercises per year")),
        services.Choice(candidate=proposed["up to 50 billion cubic meters annually"], attach_to=repeated),
    ])
    draft = created[0]
    assert draft.status == ClaimStatus.DRAFT and draft.figure_text == "11 exercises" and draft.value == 11
    appearance = draft.appearances.get()
    assert appearance.source == result.source and appearance.anchor == AnchorStatus.EXACT
    assert result.snapshot.text[appearance.start_offset:appearance.end_offset] == appearance.quote
    assert attached == [repeated] and repeated.appearances.filter(source=result.source).exists()


@pytest.mark.django_db
def test_accepting_is_all_or_nothing(seeded):
    result = services.import_captured(capture.from_text(team_article(LEDGER)), title="A copy")
    first, second = result.candidates[:2]
    claims_before = Claim.objects.count()
    with pytest.raises(Exception, match="unknown unit"):
        services.accept_candidates(snapshot=result.snapshot, choices=[
            services.Choice(candidate=first), services.Choice(candidate=second, figure_text="3 square furlongs"),
        ])
    assert Claim.objects.count() == claims_before and not Appearance.objects.filter(source=result.source).exists()


# --- Command line ---------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_command_prints_one_json_object(seeded, capsys):
    call_command("import_source", str(ARTICLES / LEDGER_REPOST), "--json",
                 "--publisher", "A blog", "--title", "Amur repost")
    data = json.loads(capsys.readouterr().out)
    assert data["created"] is True and data["already_known"] is False
    assert data["source"]["title"] == "Amur repost" and data["source"]["id"]
    figures_found = {c["figure"]: c for c in data["candidates"]}
    meetings = figures_found["over 40 times"]
    assert meetings["value"] == "40" and meetings["unit"] == "count" and meetings["metric"]["name"] == "Leader meetings"
    assert {e["name"] for e in meetings["entities"]} == {"Vladimir Putin", "Xi Jinping"}
    assert data["candidates"][0]["start"] < data["candidates"][0]["end"]

    call_command("import_source", str(ARTICLES / LEDGER_REPOST), "--json")
    assert json.loads(capsys.readouterr().out)["already_known"] is True


@pytest.mark.django_db
def test_command_imports_a_url_from_loopback(loopback, capsys):
    loopback.routes["/article"] = Route(ARTICLE_HTML.encode())
    call_command("import_source", loopback.url + "/article", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["url"] == loopback.url + "/article" and data["source"]["title"] == "Treaties and land"


@pytest.mark.django_db
def test_command_refuses_bad_input_and_writes_nothing(tmp_path, loopback):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    for bad, message in [(tmp_path / "missing.txt", "no such file"), (binary, "binary file"), (empty, "is empty"),
                         (closed, "connection refused")]:
        with pytest.raises(CommandError, match=message):
            call_command("import_source", str(bad))
    assert not Source.objects.exists() and not Snapshot.objects.exists()


def test_command_exits_non_zero_with_one_line(tmp_path):
    result = subprocess.run([sys.executable, "manage.py", "import_source", str(tmp_path / "missing.txt")],
                            cwd=settings.BASE_DIR, capture_output=True, text=True, env={
                                **__import__("os").environ, "DEBUG": "1"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"CommandError: no such file: {tmp_path / 'missing.txt'}"
    assert len([line for line in result.stderr.splitlines() if "Warning" not in line and line.strip()]) <= 2


@pytest.mark.django_db
def test_command_imports_many_files_and_reports_each_failure(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(team_article(LEDGER), encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 2 inputs failed: .*missing.txt: no such file"):
        call_command("import_source", str(good), str(tmp_path / "missing.txt"))
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_readers_are_told_when_a_quote_is_gone_from_the_source(ledger, client):
    services.import_captured(capture.from_text(team_article(LEDGER)), source=ledger)
    services.import_captured(capture.from_text(team_article(LEDGER_EDITED)), source=ledger)
    page = client.get("/claims/china-settled-17-of-23-territorial-disputes-since-1949/").content.decode()
    assert "this quote is no longer in its latest version" in page
    page = client.get("/claims/putin-and-xi-met-over-40-times-since-2012/").content.decode()
    assert "no longer in its latest version" not in page


_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<html>", "<body>",
                         "<article>", "<", ">", "&amp;", "&#0;", "\x00", "<br/>", "<table><tr><td>"])


@given(st.lists(st.one_of(_TAGS, st.text(max_size=60)), max_size=40).map("".join))
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_html_either_imports_or_gives_a_capture_error(html):
    try:
        captured = capture.from_bytes(html.encode("utf-8", errors="replace"), name="page.html", media_type="text/html")
    except CaptureError:
        return
    assert captured.text.strip()


@pytest.mark.django_db
def test_the_name_index_is_kept_between_imports_until_an_entity_or_alias_changes(seeded):
    from claims.models import Entity, EntityAlias

    first = services.entity_matcher()
    assert services.entity_matcher() is first
    EntityAlias.objects.create(entity=Entity.objects.get(name="Russia"), name="Rossiya")
    second = services.entity_matcher()
    assert second is not first and second.find("Rossiya and China")[0][0].canonical_name == "Russia"
    renamed = EntityAlias.objects.get(name="Rossiya")
    renamed.name = "Rossiyskaya Federatsiya"
    renamed.save()
    assert services.entity_matcher().find("the Rossiyskaya Federatsiya")[0][0].canonical_name == "Russia"


@pytest.mark.django_db
def test_a_candidate_without_a_figure_becomes_a_draft_claim_without_a_metric(seeded):
    result = services.import_captured(capture.from_text(seed_article(seed_data.CAPEK)), title="A copy")
    ranking = next(c for c in result.candidates if "world’s leading crude oil importer" in c.quote)
    assert ranking.claim_type == "ranking" and not ranking.has_figure
    (draft,), attached = services.accept_candidates(snapshot=result.snapshot, choices=[
        services.Choice(candidate=ranking, statement=ranking.statement)])
    assert attached == [] and draft.status == ClaimStatus.DRAFT
    assert draft.metric is None and draft.value is None and draft.figure_text == ""
    assert draft.appearances.get().quote == ranking.quote


def test_one_line_paragraphs_of_similar_width_are_not_joined():
    lines = ["Russia opened the port of Vladivostok to Chinese transit cargo.",
             "Trade between the two countries reached a record last year.",
             "The bridge at Blagoveshchensk opened to freight traffic in 2022.",
             "Officials expect more traffic through the port next year, too."]
    assert capture.unwrap("\n".join(lines)) == "\n".join(lines)


@pytest.mark.django_db
def test_command_lists_candidates_with_type_and_score(seeded, capsys):
    call_command("import_source", str(seed_article_path(seed_data.CAPEK)), "--title", "Capek copy")
    out = capsys.readouterr().out
    assert "ranking or superlative, score" in out and "“China – as the world’s leading crude oil importer" in out
    assert "quantity, score" in out and ": 17 of its 23 territorial disputes — Territorial disputes settled" in out
