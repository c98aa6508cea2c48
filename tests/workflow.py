"""Drive claims through the real workflow services, for tests in every area."""
from claims.models import Claim, ClaimStatus
from claims.roles import CHIEF_EDITOR, EDITOR
from claims.services import claim_create, claim_transition, claim_update
from tests.factories import EntityFactory, MetricFactory, user_with_role

DRAFT, IN_REVIEW, PUBLISHED = ClaimStatus.DRAFT, ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED
CHANGES, REJECTED, WITHDRAWN = ClaimStatus.CHANGES_REQUESTED, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN

person = user_with_role


def draft(author, **fields):
    """Create a draft claim by ``author`` (a default statement unless one is given)."""
    return claim_create(statement=fields.pop("statement", "Xi and Putin met over 40 times."), created_by=author,
                        **fields)


def move(claim, action, user, **notes):
    """Take one workflow action on ``claim`` as ``user``."""
    return claim_transition(claim=claim, action=action, user=user, **notes)


def put_in_state(claim, state, author):
    """Drive a claim (created by ``author``) into ``state`` through the real services."""
    editor, chief = person(EDITOR), person(CHIEF_EDITOR)
    steps = {
        DRAFT: [],
        IN_REVIEW: [("submit", author, {})],
        CHANGES: [("submit", author, {}), ("request_changes", editor, {"note": "Add a source."})],
        REJECTED: [("submit", author, {}), ("reject", editor, {"note": "Not checkable."})],
        PUBLISHED: [("submit", author, {}), ("approve", editor, {})],
        WITHDRAWN: [("submit", author, {}), ("approve", editor, {}), ("withdraw", chief, {"public_note": "Gone."})],
    }[state]
    for action, user, notes in steps:
        move(claim, action, user, **notes)
    claim.refresh_from_db()
    assert claim.status == state
    return claim


def correction_with_an_open_conflict(author, changed_by=None):
    """Return a published claim, reopened and changed, submitted again while an open conflict names it."""
    metric, entity = MetricFactory(), EntityFactory()
    claim = put_in_state(draft(author, metric=metric, figure_text="101 km²", subjects=[entity]), PUBLISHED, author)
    move(claim, "reopen", person(EDITOR), note="Reader reports another figure.")
    claim_update(claim=claim, figure_text="102 km²", user=changed_by or author)
    claim_create(statement="Other", metric=metric, figure_text="303 km²", subjects=[entity], status=PUBLISHED)
    return put_in_state(Claim.objects.get(pk=claim.pk), IN_REVIEW, author)
