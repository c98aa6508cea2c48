"""Readers' pages, one module per area; ``reader/urls.py`` routes to the names re-exported here."""
from reader.views.claims import claim_detail, claim_list, home, methodology
from reader.views.conflicts import conflict_detail, conflict_list
from reader.views.feeds import ClaimFeed, favicon
from reader.views.report import report, report_thanks
from reader.views.sources import entity_detail, source_detail

__all__ = [
    "ClaimFeed", "claim_detail", "claim_list", "conflict_detail", "conflict_list", "entity_detail", "favicon", "home",
    "methodology", "report", "report_thanks", "source_detail",
]
