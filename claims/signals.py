"""Events the domain announces to the layers above it (page cache, webhooks), which it never imports.

Receivers run synchronously inside the sender's transaction, so whatever they record commits, or
rolls back, with the change itself.
"""
from django.dispatch import Signal

# Bulk writes to conflicts send no save signals. Arguments: conflict_ids, member_claim_ids, and
# everything=True when so many changed that every reader answer should be treated as touched.
conflicts_changed = Signal()

# Change-feed events were appended (argument: events, in cursor order), in the transaction of the change.
change_recorded = Signal()
