"""schema.org ClaimReview for rated claims, shared by reader pages and the API."""
from __future__ import annotations

from django.conf import settings

from claims.models import VERDICT_RATING, Claim, Entity, Verdict
from project.site import absolute, publisher_url
from project.uris import as_uri

BEST_RATING, WORST_RATING = 5, 1


def first_appearance(claim: Claim):
    """Return the earliest appearance: by its source's publication date, undated sources last."""
    appearances = list(claim.appearances.all())
    if not appearances:
        return None
    return min(appearances, key=lambda a: (a.source.published_on is None, a.source.published_on or 0, a.pk))


def claim_review(claim: Claim) -> dict | None:
    """Return the ClaimReview JSON-LD for a rated, public claim (None for unrated claims).

    ``claim`` must be the version readers see, with appearances and their sources prefetched. URLs
    are absolute on the configured site (CROSSCHECK_SITE_URL).
    """
    if claim.verdict == Verdict.NOT_YET_RATED:
        return None
    # Google shows name/alternateName as the verdict; a scale only makes sense with a value on it.
    label = claim.get_verdict_display()
    rating = {"@type": "Rating", "name": label, "alternateName": label}
    if claim.verdict in VERDICT_RATING:
        rating.update(ratingValue=VERDICT_RATING[claim.verdict], bestRating=BEST_RATING, worstRating=WORST_RATING)
    appearances = [_creative_work(a) for a in claim.appearances.all()]
    first = first_appearance(claim)
    item = {"@type": "Claim"}
    if appearances:
        item["appearance"] = appearances
    if claim.claimant_id is not None:
        item["author"] = claimant_json(claim)
    if first is not None:
        item["firstAppearance"] = _creative_work(first)
        authors = [{"@type": "Person", "name": name} for name in first.source.authors]
        if authors and "author" not in item:  # without a named claimant, the claim is its article's author's
            item["author"] = authors[0] if len(authors) == 1 else authors
        if first.source.published_on:
            item["datePublished"] = first.source.published_on.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(claim.get_absolute_url()),
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": settings.CROSSCHECK_PUBLISHER_NAME,
                   "url": publisher_url()},
        "datePublished": (claim.last_approved_at or claim.published_at).date().isoformat(),
    }


def claimant_json(claim: Claim) -> dict:
    """Describe who made the claim: a schema.org Person (role as jobTitle) or Organization."""
    claimant = claim.claimant
    if claimant.kind == Entity.Kind.PERSON:
        author = {"@type": "Person", "name": claimant.name}
        if claim.claimant_role:
            author["jobTitle"] = claim.claimant_role
    else:
        author = {"@type": "Organization", "name": claimant.name}
        if claim.claimant_role:
            author["description"] = claim.claimant_role
    return author


def _creative_work(appearance) -> dict:
    source = appearance.source
    work = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = as_uri(source.url)
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    if source.publisher_id:
        work["publisher"] = {"@type": "Organization", "name": source.publisher.name}
    return work
