"""What readers see of a rating: the header says sourced or checked, bylines name people, feed and ClaimReview follow."""
import json
import re

import pytest
from django.urls import reverse

from claims.models import ClaimStatus, Verdict
from claims.roles import CONTRIBUTOR, EDITOR
from claims.services import claim_create, rating_approve, rating_propose
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def named(role, first, last, username):
    user = user_with_role(role, username)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def summary(client, claim):
    html = client.get(reverse("claim-detail", args=[claim.slug])).content.decode()
    return html, html.split('<section class="claim-summary"')[1].split("</section>")[0]


def claim_review(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def test_unrated_then_rated_header_byline_feed_and_claimreview(client):
    claim = claim_create(statement="Trade reached 240 billion dollars in 2023.", status=ClaimStatus.PUBLISHED)
    html, box = summary(client, claim)
    assert '<p class="summary-kicker">Sourced, not yet rated</p>' in box and "Claim checked" not in html
    assert claim_review(html) is None  # nothing rated, nothing to review
    feed = client.get(reverse("feed")).content.decode()
    assert f"Sourced, not yet rated: {claim.statement}" in feed

    reporter = named(CONTRIBUTOR, "Rita", "Reporter", "rreporter")
    first, second = named(EDITOR, "Ed", "First", "efirst"), user_with_role(EDITOR, "nameless")
    proposal = rating_propose(claim=claim, verdict=Verdict.INACCURATE, rationale="Customs data say 227bn.",
                              user=reporter)
    rating_approve(proposal=proposal, user=first)
    rating_approve(proposal=proposal, user=second)
    html, box = summary(client, claim)
    assert '<p class="summary-kicker">Checked: Inaccurate</p>' in box
    assert "<dt>Checked by</dt>" in box and "Rita Reporter and Ed First" in box
    assert not any(login in box for login in ("rreporter", "efirst", "nameless"))  # names, never logins
    assert "Customs data say 227bn." in html
    assert claim_review(html)["reviewRating"]["name"] == "Inaccurate"
    feed = client.get(reverse("feed")).content.decode()
    assert f"Checked: Inaccurate: {claim.statement}" in feed and "Correction:" not in feed
