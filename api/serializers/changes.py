"""Serializers of the change feed."""
from django.urls import reverse
from rest_framework import serializers

from claims.models import (
    ChangeEvent,
)
from project.site import absolute


class ChangeEventSerializer(serializers.ModelSerializer):
    cursor = serializers.IntegerField(source="id", read_only=True,
                                      help_text="Pass as ?since= to get only what happened after this event.")
    claim_url = serializers.SerializerMethodField()
    conflict_url = serializers.SerializerMethodField()

    class Meta:
        model = ChangeEvent
        fields = ["cursor", "kind", "created_at", "claim", "claim_url", "conflict", "conflict_url", "public_note"]

    def get_claim_url(self, event) -> str | None:
        # Only while readers see the claim: a withdrawn claim's address spells out its old wording.
        if not event.path or event.claim_id not in self.context.get("public_claim_ids", ()):
            return None
        return absolute(event.path)

    def get_conflict_url(self, event) -> str | None:
        # Only while readers see the conflict: a closed one's page is gone.
        if event.conflict_id is None or event.conflict_id not in self.context.get("public_conflict_ids", ()):
            return None
        return absolute(reverse("conflict-detail", args=[event.conflict_id]))


class ChangeFeedSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    since = serializers.IntegerField(help_text="The cursor to resume from: the last event's, or the one you sent.")
    more = serializers.BooleanField(help_text="True when more events follow; ask again with since=.")
