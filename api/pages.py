"""The unfiltered claim list's page query, compiled once per shape instead of built at every request.

DRF's cursor pagination orders the queryset it is given, filters it by the cursor's position and
slices it; built and compiled afresh, that queryset was a quarter of the unfiltered list's CPU for
SQL that differs between requests only in the position. ``ClaimPage`` takes those three steps from
the paginator and runs their SQL through ``project.prepared``, compiled once per kind of reader,
direction and page size (at most 400 shapes), with each claim's subjects, evidence and open conflicts in the same
statement (compiled once, the larger query costs nothing more to build; the row the paginator reads
past the page to know there is a next one brings its relations too). Filtered or otherwise ordered
lists keep the queryset, and read the page's relations in a second query.
"""
from __future__ import annotations

from api.flat import CLAIM_COLUMNS, related_columns
from claims import selectors
from claims.models import Claim
from project.prepared import Prepared

_ORDERINGS = {("-id",): True, ("id",): False}  # the paginator's ordering, or its reverse: descending?
_BOUNDS = {True: 2**63 - 1, False: -(2**63)}  # no cursor position: a bound no id passes

_PAGE = Prepared(
    lambda user, descending, start, stop, position: selectors.claims_for(user)
    .filter(**{"id__lt" if descending else "id__gt": position}).order_by("-id" if descending else "id")
    .values(*CLAIM_COLUMNS, **related_columns(user))[start:stop],
    shape=lambda user, descending, start, stop: (selectors.sees_drafts(user), descending, start, stop),
    position=int)


class ClaimPage:
    """The claims ``user`` may read as the cursor paginator asks for them: ordered by id, past a position, sliced."""

    model = Claim

    def __init__(self, user, descending: bool = True, position: int | None = None):
        self.user, self.descending, self.position = user, descending, position

    def order_by(self, *ordering) -> ClaimPage:
        return ClaimPage(self.user, _ORDERINGS[ordering], self.position)

    def filter(self, **kwargs) -> ClaimPage:
        # The paginator asks for ids past its cursor's position: below it newest first, above it oldest first.
        [(lookup, value)] = kwargs.items()
        if lookup != ("id__lt" if self.descending else "id__gt"):
            raise ValueError(f"A claim page filters by its own direction only, not {lookup}.")
        return ClaimPage(self.user, self.descending, int(value))

    def __getitem__(self, window: slice) -> list[dict]:
        position = _BOUNDS[self.descending] if self.position is None else self.position
        start = window.start or 0
        if start:
            # Only a hand-made cursor has an offset (ids are unique, so the paginator's own never do):
            # built afresh, so no client can fill the compiled cache with shapes (up to 1,000 offsets).
            return list(_PAGE.build(self.user, self.descending, start, window.stop, position=position))
        return _PAGE(self.user, self.descending, start, window.stop, position=position)
