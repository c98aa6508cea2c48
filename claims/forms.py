"""Forms for the editorial decisions the admin offers beyond plain model editing."""
from django import forms

from claims.models import ConflictMember


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
