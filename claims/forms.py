"""Forms for the editorial decisions the admin offers beyond plain model editing."""
import copy

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from claims.models import ConflictMember, Verdict


class TransitionForm(forms.Form):
    """Notes for a workflow step: only the boxes this step on this claim can use (``services.transition_fields``).

    Which are required is decided by the service, which says so next to each box.
    """

    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                           help_text="For the newsroom: what you checked, what the author should change.")
    public_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                                  label="Note for readers",
                                  help_text="Required to withdraw, and to publish a changed verdict or figure "
                                            "(shown in the public corrections log).")
    conflict_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
                                    label="Why publish despite open conflicts",
                                    help_text="Required to approve a claim with an open conflict.")

    def __init__(self, *args, fields=("note", "public_note", "conflict_note"), submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [name for name in self.fields if name not in fields]:
            del self.fields[name]
        if submitting:
            self.fields["note"].label = "Note for the reviewer"
            self.fields["note"].help_text = "Optional: what changed since the last review, what to look at first."

    def show(self, name: str) -> None:
        """Add back a box the service turned out to need (the claim changed since the page was drawn)."""
        if name not in self.fields and name in self.base_fields:
            self.fields[name] = copy.deepcopy(self.base_fields[name])
            self.cleaned_data.setdefault(name, "")


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Reviewers are users whose groups (or own permissions) include review_claim.
        can_review = Q(groups__permissions__codename="review_claim") | Q(user_permissions__codename="review_claim")
        self.fields["reviewer"].queryset = (
            get_user_model().objects.filter(can_review | Q(is_superuser=True), is_active=True).distinct()
            .order_by("username")
        )


class ConflictDecisionForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Shown to readers with the conflict. Say what you checked and why you decided as you did.",
    )


class ConflictResolveForm(ConflictDecisionForm):
    """The note plus, for each claim in the conflict, a rank and the reason for it."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            self.fields[f"rank_{member.claim_id}"] = forms.ChoiceField(
                choices=ConflictMember.Rank.choices, initial=member.rank, label=str(member.claim)
            )
            self.fields[f"reason_{member.claim_id}"] = forms.CharField(
                required=False, initial=member.rank_reason, label="Reason",
                widget=forms.TextInput(attrs={"size": 80}),
            )

    def ranks(self) -> dict[int, tuple[str, str]]:
        return {
            member.claim_id: (self.cleaned_data[f"rank_{member.claim_id}"], self.cleaned_data[f"reason_{member.claim_id}"])
            for member in self.members
        }

    def member_fields(self):
        """Pair each member with its rank and reason fields, for the template."""
        return [(member, self[f"rank_{member.claim_id}"], self[f"reason_{member.claim_id}"]) for member in self.members]


class EvidenceReviewForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                           help_text="Why the evidence is rejected, for whoever proposed it.")


class RatingForm(forms.Form):
    """A proposed rating: the verdict, why, and (when it changes a rating readers saw) the note for readers."""

    verdict = forms.ChoiceField(choices=[("", "Choose a verdict")] + [
        (value, label) for value, label in Verdict.choices if value != Verdict.NOT_YET_RATED])
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), label="Why this verdict",
                                help_text="Readers see it under the verdict: what the evidence shows. Markdown.")
    public_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
                                  label="Correction note for readers",
                                  help_text="Only when the claim already has a rating readers saw.")

    def __init__(self, *args, rated=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not rated:
            del self.fields["public_note"]  # a first rating is not a correction


class RatingDecisionForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
                           label="Note for the newsroom", help_text="Required to decline: say why.")
