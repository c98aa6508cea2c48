"""A conflict across three languages: English, Russian and Chinese figures under one key, each side's language shown."""
import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimStatus, Conflict, EntityAlias
from claims.services import claim_create
from tests.factories import EntityFactory, MetricFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_languages():
    area = MetricFactory(name="Area ceded", canonical_unit="km²", additive=True)
    aigun = EntityFactory(name="Treaty of Aigun")
    EntityAlias.objects.create(entity=aigun, name="Айгунский договор")
    EntityAlias.objects.create(entity=aigun, name="瑷珲条约")
    rows = [
        ("en", "about 600,000 square kilometres", "The treaty ceded about 600,000 square kilometres.", ""),
        ("ru", "около 600 тыс. кв. км", "По договору России отошли около 600 тыс. кв. км.",
         "Under the treaty about 600,000 sq km passed to Russia."),
        ("zh-Hans", "约100万平方公里", "根据瑷珲条约，中国失去了约100万平方公里的领土。",
         "Under the Treaty of Aigun, China lost about 1 million square kilometres of territory."),
    ]
    claims = {}
    for language, figure, quote, translation in rows:
        source = SourceFactory(language=language)
        # Seeded as the system does: published at once (a contributor's claim would wait on the conflict).
        claim = claim_create(statement=f"The Treaty of Aigun ceded {figure}.", subjects=[aigun], metric=area,
                             figure_text=figure, status=ClaimStatus.PUBLISHED)
        services.appearance_add(claim=claim, source=source, quote=quote, quote_translation=translation)
        claims[language] = Claim.objects.get(pk=claim.pk)
    return claims


def test_russian_and_chinese_figures_compare_with_the_english_one_under_the_same_key(three_languages):
    english, russian, chinese = (three_languages[code] for code in ("en", "ru", "zh-Hans"))
    assert english.measure_key == russian.measure_key == chinese.measure_key
    assert (russian.canonical_lower, russian.canonical_upper) == (english.canonical_lower, english.canonical_upper)
    conflict = Conflict.objects.get(status=Conflict.Status.OPEN)
    assert {m.claim_id for m in conflict.members.all()} == {english.pk, russian.pk, chinese.pk}


def test_the_conflict_page_shows_each_sides_language_and_the_claim_page_both_quote_and_translation(
        client, three_languages):
    conflict = Conflict.objects.get(status=Conflict.Status.OPEN)
    page = client.get(reverse("conflict-detail", args=[conflict.pk])).content.decode()
    assert "in Russian" in page and "in Chinese (simplified characters)" in page and "in English" in page
    claim_page = client.get(three_languages["zh-Hans"].get_absolute_url()).content.decode()
    assert 'lang="zh-Hans">“根据瑷珲条约，中国失去了约100万平方公里的领土。”' in claim_page
    assert "Translated from Chinese (simplified characters) by the desk" in claim_page
    assert "China lost about 1 million square kilometres" in claim_page
