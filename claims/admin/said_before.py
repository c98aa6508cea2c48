"""Said before: the claim form checks a new statement against recorded claims before it is saved."""
from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html

from claims.matching import figure_key, said_before
from claims.models import Claim
from project.concurrency import ConcurrencyGuardForm

NOT_A_REPEAT = "not_a_repeat"


class ClaimForm(ConcurrencyGuardForm):
    """The admin's claim form; a new claim that repeats a recorded one is held until the editor decides."""

    not_a_repeat = forms.BooleanField(required=False, label="It is a different claim: record it anyway",
                                      help_text="Tick only after reading the claims listed under “Said before”.")

    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        data = super().clean()
        self.said_before = []
        if self.instance.pk is not None or data.get(NOT_A_REPEAT) or not data.get("statement"):
            return data
        key = figure_key(metric=data.get("metric"), subject_ids=[s.pk for s in data.get("subjects") or []],
                         figure_text=data.get("figure_text") or "", period_start=data.get("period_start"),
                         period_end=data.get("period_end"))
        self.said_before = said_before(data["statement"], key=key)
        if self.said_before:
            count = len(self.said_before)
            raise forms.ValidationError(
                f"Said before: {count} recorded claim{'s say' if count > 1 else ' says'} the same thing (listed "
                "above the form, with status and verdict). Record your quote as an appearance of one of them, or "
                "tick “It is a different claim” to record it anyway.")
        return data


class SaidBeforeMixin:
    """Put the check's box on the add form only, and tell the editor of conflicts a save opened."""

    form = ClaimForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            fieldsets.append(("Said before", {"fields": [NOT_A_REPEAT]}))
        return fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["said_before"] = [(match, reverse("admin:claims_claim_change", args=[match.claim_id]),
                                   reverse("admin:claims_appearance_add") + f"?claim={match.claim_id}")
                                  for match in getattr(form, "said_before", [])]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def tell_new_conflicts(self, request, claim) -> None:
        """Say in the save message when the claim now takes part in open conflicts (not only on the form)."""
        count = claim.conflict_memberships.filter(conflict__status="open").count()
        if count:
            url = reverse("admin:claims_conflict_changelist") + f"?claims__id__exact={claim.pk}&status__exact=open"
            self.message_user(request, format_html('Saved, and now in {} open conflict{}: <a href="{}">see {}</a>.',
                                                   count, "s" if count > 1 else "", url,
                                                   "them" if count > 1 else "it"), messages.WARNING)
