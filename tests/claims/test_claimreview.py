"""ClaimReview as Google's fact-check documentation and schema.org describe it, in the shapes we expect."""
import pytest
from rest_framework.test import APIClient

from claims.models import Claim, ClaimStatus, Verdict
from claims.services import appearance_add, claim_create
from tests.factories import PublisherFactory, SourceFactory

pytestmark = pytest.mark.django_db


def rated(verdict, statement="Rated claim.", evidence=True):
    claim = claim_create(statement=statement, status=ClaimStatus.PUBLISHED)
    if evidence:
        source = SourceFactory(title="The article", url="https://news.example.com/a", authors=["Ann Author"],
                               publisher=PublisherFactory(name="Example News"))
        appearance_add(claim=claim, source=source, quote="Rated claim.")
    Claim.objects.filter(pk=claim.pk).update(verdict=verdict)
    return Claim.objects.get(pk=claim.pk)


def review_of(claim, **headers):
    response = APIClient().get(f"/api/v1/claims/{claim.pk}/claimreview/", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_rated_claim_on_the_configured_site(settings):
    settings.CROSSCHECK_SITE_URL = "https://crosscheck.example.org"
    claim = rated(Verdict.ACCURATE)
    review = review_of(claim)
    assert review["url"] == f"https://crosscheck.example.org/claims/{claim.slug}/"
    assert review["author"] == {"@type": "Organization", "name": "Crosscheck", "url": "https://crosscheck.example.org/"}
    assert review["reviewRating"] == {"@type": "Rating", "name": "Accurate", "alternateName": "Accurate",
                                      "ratingValue": 5, "bestRating": 5, "worstRating": 1}
    work = {"@type": "CreativeWork", "headline": "The article", "url": "https://news.example.com/a",
            "publisher": {"@type": "Organization", "name": "Example News"}}
    assert {k: v for k, v in review["itemReviewed"].items() if k != "datePublished"} == {
        "@type": "Claim", "appearance": [work], "firstAppearance": work,
        "author": {"@type": "Person", "name": "Ann Author"}}
    assert set(review) == {"@context", "@type", "url", "claimReviewed", "itemReviewed", "reviewRating", "author",
                           "datePublished"}


def test_an_unsupported_claim_without_evidence_on_the_site_whatever_host_was_asked(settings):
    settings.CROSSCHECK_SITE_URL = "https://crosscheck.example.org/"
    claim = rated(Verdict.UNSUPPORTED, evidence=False)
    review = review_of(claim, HTTP_HOST="localhost")
    assert review["url"] == f"https://crosscheck.example.org/claims/{claim.slug}/"
    assert review["author"]["url"] == "https://crosscheck.example.org/"
    # No value on the scale, so no scale; no evidence, so no empty appearance list.
    assert review["reviewRating"] == {"@type": "Rating", "name": "Unsupported", "alternateName": "Unsupported"}
    assert review["itemReviewed"] == {"@type": "Claim"}


def test_the_publisher_url_when_configured(settings):
    settings.CROSSCHECK_PUBLISHER_URL = "https://newsroom.example.org/"
    assert review_of(rated(Verdict.MISLEADING))["author"]["url"] == "https://newsroom.example.org/"
