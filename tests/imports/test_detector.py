"""The learned check-worthiness score: trained from the team's corpus, offline, joined to the rules."""
import socket

import pytest

from imports import candidates
from imports.detector import model


@pytest.fixture
def no_network(monkeypatch):
    """Refuse every outbound connection, so anything that tries to download fails loudly."""
    def refuse(*args, **kwargs):
        raise OSError("network used by the detector")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_model_trains_and_loads_offline_from_the_shipped_corpus(no_network, settings, tmp_path):
    settings.CROSSCHECK_DETECTOR_CACHE = tmp_path
    model.base.cache_clear()
    try:
        trained = model.base()
        (cached,) = tmp_path.iterdir()
        model.base.cache_clear()
        loaded = model.base()
    finally:
        model.base.cache_clear()
    assert loaded.version == trained.version == f"corpus-{model.corpus_digest()}"
    sentences = ["I voted against the farm bill in 2009.", "Thank you very much."]
    assert loaded.scores(sentences) == pytest.approx(trained.scores(sentences))
    assert cached.name.startswith(f"detector-{trained.version}-")


def test_a_torn_cache_file_is_rebuilt_not_trusted(settings, tmp_path):
    settings.CROSSCHECK_DETECTOR_CACHE = tmp_path
    model.base.cache_clear()
    try:
        version = model.base().version
        (cached,) = tmp_path.iterdir()
        cached.write_bytes(b"not a model")
        model.base.cache_clear()
        assert model.base().version == version and cached.read_bytes() != b"not a model"
    finally:
        model.base.cache_clear()


def test_the_corpus_is_labelled_with_why_and_holds_out_whole_templates():
    examples = model.corpus()
    assert len(examples) > 4000
    assert all(e.why for e in examples if not e.label) and not any(e.why for e in examples if e.label)
    held_out = {e.group for e in examples if e.held_out and e.group}
    assert held_out and not held_out & {e.group for e in examples if not e.held_out}
    assert 0.1 < sum(e.held_out for e in examples) / len(examples) < 0.3


def test_the_model_beats_chance_on_the_held_out_part():
    figures = model.measure(model.base(), [e for e in model.corpus() if e.held_out])
    assert figures["f1"] > 0.7


@pytest.mark.parametrize("sentence", [
    "I voted against the pension reform when it came to the floor in 2011.",
    "We cut the deficit by 60 percent in four years.",
    "Senator Hollis has raised taxes several times since he was elected.",
    "Governor Marsh has never supported the carbon tax, not once.",
])
def test_first_person_claims_and_figureless_facts_are_proposed(sentence):
    found = candidates.extract(sentence)
    assert found and found[0].quote == sentence and found[0].learned >= 0.5


@pytest.mark.parametrize("sentence", [
    "I think the carbon tax is a terrible idea for working families.",
    "I will cut taxes for every family in this state.",
    "What are you going to do about the deficit, Governor?",
    "Thank you very much, it is a real pleasure to be here tonight.",
    "Besides, let's not forget that the governor has been here before.",
])
def test_opinions_promises_questions_and_rhetoric_are_not(sentence):
    assert candidates.extract(sentence) == []


@pytest.mark.parametrize("sentence", [
    "100% will get it if I'm the president, I can promise you that.",
    "We will hire 500 new teachers if I am elected next year.",
])
def test_a_figure_in_a_promise_the_model_doubts_is_dropped(sentence):
    assert candidates.extract(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Meritocracy has hardened into a new aristocracy that no longer believes it owes anyone anything.",
    "The second act of Lantern Bay is a joyless grind through recycled boss fights.",
    "You can find the Corvid desk lamp at Halloway's Home for $59.99.",
    "Every living cell needs a way to turn food into usable energy.",
    "Many parents in Westbury say they feel left behind by the changes.",
    "Guests at the lodge can unwind in the spa after a day on the slopes.",
])
def test_essays_reviews_listings_explainers_vague_reports_and_promotion_are_not_proposed(sentence):
    """The written genres around news (corpus/written.tsv), in sentences the corpus does not hold."""
    assert sentence.lower() not in {e.sentence.lower() for e in model.corpus()}
    assert candidates.extract(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The county board fired its auditor on Tuesday after she reported the missing funds.",
    "The insurer dropped coverage for flood damage in the valley last spring.",
])
def test_a_named_actors_specific_act_in_a_report_is_proposed(sentence):
    found = candidates.extract(sentence)
    assert found and found[0].quote == sentence and found[0].learned >= 0.5
