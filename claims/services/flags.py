"""A flagged contradiction's title: worded from what readers see of its claims, never from a draft.

The title is the conflict's name on its public page, in lists, in the Atom feed and in the change
feed's "opened" note. Worded from every flagged claim, it would publish a draft's subjects (an entity
no reader has seen) or its statement as soon as two public claims are flagged with it, and keep a
draft's unapproved wording once that draft is published in other words.
"""
from __future__ import annotations

from collections.abc import Iterable

from claims import selectors
from claims.models import Claim, Conflict


def flag_title(claims: Iterable[Claim]) -> str:
    """Word a flag's title from the claims readers see (all of them while readers see none: staff only)."""
    claims = list(claims)
    shown = [claim for claim in claims if selectors.is_public_claim(claim)] or claims
    subjects = sorted({subject.name for claim in shown for subject in claim.subjects.all()})
    title = ("Contradiction: " + ", ".join(subjects)) if subjects else " / ".join(str(claim) for claim in shown)
    return title[:300]


def retitle_shown(conflicts: Iterable[Conflict]) -> None:
    """Reword the titles of flags readers start seeing from their public claims, as approved now."""
    for conflict in conflicts:
        claims = selectors.public_claims().filter(conflict_memberships__conflict=conflict).prefetch_related("subjects")
        title = flag_title(claims.order_by("pk"))
        if title != conflict.title:
            conflict.title = title
            conflict.save(update_fields=["title"])
