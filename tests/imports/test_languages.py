"""Russian and Chinese articles: sentences, figures as candidates, their subjects, and a whole import."""
import pytest

from bench.figure_languages import ARTICLE_FIGURES
from imports import capture, services
from imports.candidates import extract
from imports.languages import sentence_language
from imports.naming import KnownEntity
from imports.sentences import sentences
from seeding import seed_data
from tests.conftest import team_article


def _seed_names() -> list[KnownEntity]:
    known = []
    for number, row in enumerate(seed_data.ENTITIES):
        names = [row["name"], *(a[0] for a in row["aliases"]),
                 *(a[0] for a in seed_data.NAMES_IN_OTHER_LANGUAGES.get(row["name"], []))]
        known += [KnownEntity(number, name, row["name"], row["kind"]) for name in names]
    return known


def test_chinese_and_russian_text_is_split_into_sentences():
    chinese = "1858年，清政府签订瑷珲条约。条约割让60多万平方公里！是真的吗？是的"
    assert [chinese[s:e] for s, e in sentences(chinese)] == [
        "1858年，清政府签订瑷珲条约。", "条约割让60多万平方公里！", "是真的吗？", "是的"]
    russian = "Договор подписан в 1858 г. в Айгуне. Площадь составила более 600 тыс. кв. км. «Это много», — пишут историки."
    assert [russian[s:e] for s, e in sentences(russian)] == [
        "Договор подписан в 1858 г. в Айгуне.", "Площадь составила более 600 тыс. кв. км.",
        "«Это много», — пишут историки."]


def test_a_sentences_language_is_the_script_most_of_it_is_in():
    assert sentence_language("根据瑷珲条约，黑龙江以北60多万平方公里的土地划归俄国。") == "zh"
    assert sentence_language("По Айгунскому договору (Treaty of Aigun) Россия получила земли.") == "ru"
    assert sentence_language("The Treaty of Aigun («Айгунский договор») ceded land.") == "en"


@pytest.mark.parametrize("article", sorted(ARTICLE_FIGURES))
def test_every_figure_an_editor_marks_in_the_teams_articles_is_proposed_and_nothing_else(article):
    found = [(c.figure_text, float(c.value), c.unit) for c in extract(team_article(article), entities=_seed_names())
             if c.value is not None]
    assert sorted(found) == sorted((text, float(value), unit) for text, value, unit in ARTICLE_FIGURES[article])


@pytest.mark.parametrize("article, figure, subjects", [
    ("aigun-zh.txt", "60多万平方公里", {"Treaty of Aigun"}),
    ("aigun-zh.txt", "约40万平方公里", {"Convention of Peking"}),
    ("aigun-zh.txt", "超过40次", {"Xi Jinping", "Vladimir Putin"}),
    ("aigun-zh.txt", "约60万人", {"Vladivostok"}),
    ("aigun-ru.txt", "ещё около 400 тыс. кв. км", {"Convention of Peking"}),
    ("aigun-ru.txt", "более 40 раз", {"Vladimir Putin", "Xi Jinping"}),
    ("aigun-ru.txt", "около 600 тыс. человек", {"Vladivostok"}),
    ("gas-ru.txt", "до 50 млрд кубометров газа в год", {"Power of Siberia 2"}),
    ("gas-zh.txt", "每年最多500亿立方米", {"Power of Siberia 2"}),
])
def test_figures_get_the_subjects_their_sentence_names_in_its_own_language(article, figure, subjects):
    candidate = next(c for c in extract(team_article(article), entities=_seed_names()) if c.figure_text == figure)
    assert subjects <= {name for _pk, name in candidate.entities}


@pytest.mark.django_db
@pytest.mark.parametrize("article, figure, subject", [
    ("aigun-zh.txt", "60多万平方公里", "Treaty of Aigun"), ("aigun-ru.txt", "более 40 раз", "Vladimir Putin"),
])
def test_an_imported_chinese_or_russian_article_proposes_its_figures_with_their_subjects(
        seeded, article, figure, subject):
    captured = capture.from_text(team_article(article))
    assert captured.title in ("瑷珲条约与北京条约：中国失去了多少领土", "Айгунский договор: сколько земли уступил Китай")
    result = services.import_captured(captured)
    proposed = services.propose_candidates(result.snapshot)
    candidate = next(c for c in proposed if c.figure_text == figure)
    assert subject in {name for _pk, name in candidate.entities}
    assert len([c for c in proposed if c.value is not None]) == len(ARTICLE_FIGURES[article])
