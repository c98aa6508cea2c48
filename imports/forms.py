"""Forms of the admin's import page and candidate review."""
from django import forms
from django.conf import settings

from claims import figures
from claims.models import Entity, Metric
from imports import proposing
from sources.models import Source


class ImportForm(forms.Form):
    url = forms.URLField(label="Address (URL)", required=False, max_length=2000, assume_scheme="https",
                         widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://…"}))
    upload = forms.FileField(label="or an HTML or text file", required=False)
    text = forms.CharField(label="or paste the article", required=False,
                           widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
                           help_text="Page furniture (menus, share buttons, “You Might Also Like”) is dropped.")
    title = forms.CharField(required=False, max_length=500, help_text="Leave empty to take it from the page.")
    publisher = forms.CharField(required=False, max_length=200, help_text="Created if new; optional.")
    into_source = forms.CharField(
        label="Existing source", required=False, max_length=100,
        help_text="Slug or id of a source this is a new version of (its quotes are re-anchored). Optional.",
    )
    background = forms.BooleanField(
        label="Run in the background", required=False,
        help_text="For slow sites: the import runs after this page returns; its progress shows in Imports.",
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        limit = settings.CROSSCHECK_IMPORT_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(f"The file is {upload.size:,} bytes; the limit is {limit:,}.")
        return upload

    def clean_into_source(self):
        reference = self.cleaned_data["into_source"].strip()
        if not reference:
            return None
        lookup = {"pk": int(reference)} if reference.isdigit() else {"slug": reference}
        source = Source.objects.filter(**lookup).first()
        if source is None:
            raise forms.ValidationError(f"No source “{reference}”: give its slug or id.")
        return source

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in ("url", "upload", "text")):
            return data  # the box's own error says what is wrong; "give exactly one" would mislead beside it
        given = [name for name in ("url", "upload", "text") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError("Give exactly one of: an address, a file, or pasted text.")
        return data


class CandidateForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    accept = forms.BooleanField(required=False)
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 50}))
    # Empty for claims without a figure (rankings, dated events, places): they become drafts without a metric.
    figure_text = forms.CharField(label="Figure", max_length=300, required=False,
                                  widget=forms.TextInput(attrs={"size": 30}))
    metric = forms.ModelChoiceField(Metric.objects.all(), required=False)
    subjects = forms.ModelMultipleChoiceField(Entity.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    period_label = forms.CharField(label="Period", required=False, max_length=100,
                                   widget=forms.TextInput(attrs={"size": 14}))
    # The claimant the attribution names: an existing person or organisation by name or alias, or a
    # new entity of this kind, created when the candidate is accepted.
    claimant = forms.CharField(label="Claimed by", required=False, max_length=200,
                               widget=forms.TextInput(attrs={"size": 20}))
    claimant_kind = forms.ChoiceField(label="Claimant is a", required=False,
                                      choices=[("person", "person"), ("organisation", "organisation")])
    claimant_role = forms.CharField(label="Role", required=False, max_length=200,
                                    widget=forms.TextInput(attrs={"size": 20}))
    attach_to = forms.ChoiceField(label="Record as", required=False)

    def __init__(self, *args, entities=(), matches=(), metrics=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from lists loaded once for the whole formset, not a query per form.
        self.fields["metric"].choices = [("", "---------")] + [(m.pk, str(m)) for m in metrics]
        self.fields["subjects"].queryset = Entity.objects.filter(pk__in=[e.pk for e in entities])
        self.fields["subjects"].choices = [(e.pk, e.name) for e in entities]
        self.fields["attach_to"].choices = [("", "a new draft claim")] + [
            (str(m["id"]), proposing.choice_label(m)) for m in matches
        ]

    def clean_figure_text(self):
        text = self.cleaned_data["figure_text"]
        if not text.strip():
            return ""
        try:
            figures.parse_figure(text)
        except figures.FigureError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


class BaseCandidateFormSet(forms.BaseFormSet):
    """One form per candidate, in the candidates' order; each offers the claims its candidate repeats."""

    def __init__(self, *args, candidates=(), entities=(), **kwargs):
        self.candidates, self.entities = list(candidates), list(entities)
        self.metrics = list(Metric.objects.all())
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        matches = self.candidates[index].matches if index is not None and index < len(self.candidates) else []
        return {"entities": self.entities, "matches": matches, "metrics": self.metrics}


CandidateFormSet = forms.formset_factory(CandidateForm, formset=BaseCandidateFormSet, extra=0)
