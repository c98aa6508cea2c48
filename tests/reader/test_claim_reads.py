"""The claim page's claim, made from one compiled query, is the instance the ORM's select_related makes."""
import pytest

from claims.models import Claim, Entity, Metric
from claims.services import claim_create
from reader.views.claim_reads import CLAIM_FIELDS, claim_at

pytestmark = pytest.mark.django_db


def test_the_claim_and_its_metric_and_claimant_are_the_orms(seeded):
    claim_create(statement="A draft: it ceded 2 km².", metric=Metric.objects.get(slug="area-ceded"),
                 claimant=Entity.objects.filter(kind="person").first(), figure_text="2 km²")
    claims = list(Claim.objects.select_related("metric", "claimant").order_by("id"))
    assert any(c.metric_id for c in claims) and any(c.claimant_id for c in claims) and any(not c.is_public for c in claims)
    for expected in claims:
        made = claim_at(expected.slug)
        assert [getattr(made, name) for name in CLAIM_FIELDS] == [getattr(expected, name) for name in CLAIM_FIELDS]
        for relation in ("metric", "claimant"):
            mine, theirs = getattr(made, relation), getattr(expected, relation)
            assert (mine is None and theirs is None) or (mine.pk == theirs.pk and mine.__dict__.keys() >= {
                f.attname for f in type(theirs)._meta.concrete_fields} and all(
                getattr(mine, f.attname) == getattr(theirs, f.attname) for f in type(theirs)._meta.concrete_fields))
        assert not made._state.adding and made._state.db == expected._state.db
    assert claim_at("no-such-claim") is None
