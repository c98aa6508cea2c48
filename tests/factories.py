import re

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import Appearance, Claim, ClaimStatus, Entity, EntityAlias, Metric
from sources.models import Publisher, Snapshot, Source

PASSWORD = "a-long-test-password"  # every factory user's: browser tests log in with it


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password(PASSWORD)


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher

    name = factory.Sequence(lambda n: f"Publisher {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source article {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    publisher = factory.SubFactory(PublisherFactory)
    authors = factory.LazyFunction(lambda: ["A. Writer"])


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    source = factory.SubFactory(SourceFactory)
    text = "The 1858 Treaty of Aigun ceded approximately 150,000 square miles to Russia."


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Entity {n}")
    kind = Entity.Kind.PLACE


class EntityAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityAlias

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric

    name = factory.Sequence(lambda n: f"Area ceded {n}")
    canonical_unit = "km²"
    additive = True


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    statement = factory.Sequence(lambda n: f"Treaty {n} ceded approximately 150,000 square miles.")
    metric = factory.SubFactory(MetricFactory)
    figure_text = "approximately 150,000 square miles"
    status = ClaimStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    is_public = factory.LazyAttribute(lambda claim: claim.status == ClaimStatus.PUBLISHED)
    last_approved_at = factory.LazyAttribute(lambda claim: claim.published_at if claim.is_public else None)

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create and extracted:
            self.subjects.set(extracted)


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    quote = factory.Sequence(lambda n: f"ceded approximately 150,000 square miles (quote {n})")


def user_with_role(role: str, username: str | None = None):
    """Create a staff user in one of the newsroom role groups (claims.roles)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username) if username else UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def make_conflicting_claims(n: int, metric=None) -> None:
    """Create ``n`` open conflicts: for each a new entity with two published claims that disagree."""
    from claims.services import claim_create

    metric = metric or MetricFactory()
    for _ in range(n):
        entity = EntityFactory()
        for figure in ("101 km²", "303 km²"):
            claim_create(statement=f"{entity} {figure}", subjects=[entity], metric=metric, figure_text=figure,
                         status=ClaimStatus.PUBLISHED)


def if_match(client, url: str) -> dict:
    """Return the If-Match header a write to ``url`` needs: the ETag a GET of its resource answers now."""
    resource = re.match(r"/api/v1/[a-z-]+/\d+/", url).group(0)
    return {"HTTP_IF_MATCH": client.get(resource).headers.get("ETag", "")}
