"""Names in every script: aliases record their language, and Russian and Chinese names resolve."""
import pytest

from claims.models import Entity, EntityAlias
from claims.roles import EDITOR
from imports.naming import EntityMatcher, KnownEntity
from project.locale import CONTENT_LANGUAGE_NAMES, guess_language
from seeding import seed_data
from tests.factories import EntityFactory, user_with_role


@pytest.mark.parametrize("name, language", [
    ("Treaty of Aigun", "en"), ("Айгунский договор", "ru"), ("瑷珲条约", "zh-Hans"), ("璦琿條約", "zh-Hant"),
    ("海参崴", "zh-Hans"), ("海參崴", "zh-Hant"), ("Хайшэньвэй", "ru"), ("", ""), ("2022", ""),
])
def test_a_names_language_is_guessed_from_its_letters(name, language):
    assert guess_language(name) == language


@pytest.mark.django_db
def test_an_alias_keeps_the_language_given_and_guesses_one_left_empty():
    treaty = EntityFactory(name="Treaty of Aigun", kind=Entity.Kind.TREATY)
    given = EntityAlias.objects.create(entity=treaty, name="Treaty of Aihui", language="zh-Latn")
    guessed = EntityAlias.objects.create(entity=treaty, name="Айгунский договор")
    assert (given.language, guessed.language) == ("zh-Latn", "ru")


@pytest.mark.django_db
def test_names_in_russian_and_chinese_find_the_entity():
    treaty = EntityFactory(name="Treaty of Aigun", kind=Entity.Kind.TREATY)
    for name in ("Айгунский договор", "瑷珲条约", "璦琿條約"):
        EntityAlias.objects.create(entity=treaty, name=name)
    assert list(Entity.objects.matching("айгунский   ДОГОВОР")) == [treaty]
    assert list(Entity.objects.matching("瑷珲条约")) == [treaty]
    assert list(Entity.objects.containing("瑷珲")) == [treaty]
    assert list(Entity.objects.containing("Айгунск")) == [treaty]


def test_the_importer_finds_chinese_names_in_text_without_spaces_and_russian_names_in_any_case():
    known = [KnownEntity(1, "瑷珲条约", "Treaty of Aigun", "treaty"), KnownEntity(1, "Айгунский договор",
                                                                              "Treaty of Aigun", "treaty"),
             KnownEntity(2, "海参崴", "Vladivostok", "place"), KnownEntity(2, "Владивосток", "Vladivostok", "place"),
             KnownEntity(3, "中国", "China", "country")]
    matcher = EntityMatcher(known)
    found, spans = matcher.find("根据瑷珲条约，中国失去了海参崴以北的土地。")
    assert [e.entity_id for e in found] == [1, 3, 2]
    text = "По условиям Айгунского договора Китай уступил земли севернее Владивостока."
    found, spans = matcher.find(text)
    assert [e.entity_id for e in found] == [1, 2]
    assert text[spans[0][0]:spans[0][1]] == "Айгунского договора"


def test_the_seed_names_in_other_languages_belong_to_seed_entities_and_say_their_language():
    entities = {row["name"] for row in seed_data.ENTITIES}
    assert set(seed_data.NAMES_IN_OTHER_LANGUAGES) <= entities
    names = [name for rows in seed_data.NAMES_IN_OTHER_LANGUAGES.values() for name, _note, _language in rows]
    assert len(names) == len({n.lower() for n in names})  # alias names are unique, ignoring case
    for rows in seed_data.NAMES_IN_OTHER_LANGUAGES.values():
        for name, _note, language in rows:
            assert language in CONTENT_LANGUAGE_NAMES
            if language in ("ru", "zh-Hans", "zh-Hant"):
                assert guess_language(name) == language, name
    for key in ("Айгунский договор", "瑷珲条约", "Пекинский договор", "北京条约", "Хайшэньвэй", "海参崴"):
        assert key in names


@pytest.mark.django_db
def test_the_api_gives_each_alias_its_language(client):
    treaty = EntityFactory(name="Treaty of Aigun", kind=Entity.Kind.TREATY)
    EntityAlias.objects.create(entity=treaty, name="瑷珲条约")
    client.force_login(user_with_role(EDITOR))
    answer = client.get(f"/api/v1/entities/{treaty.pk}/")
    assert answer.status_code == 200
    assert answer.json()["aliases"] == [{"id": treaty.aliases.get().pk, "name": "瑷珲条约", "note": "",
                                         "language": "zh-Hans"}]
    found = client.get("/api/v1/entities/", {"q": "瑷珲条约"}).json()
    assert [row["id"] for row in found["results"]] == [treaty.pk]
