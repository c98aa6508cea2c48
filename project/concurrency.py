"""Optimistic concurrency for admin forms: a save based on a stale copy is refused, never silently applied.

The form carries the row's ``updated_at`` as loaded; on save it locks the row and compares. The
admin saves inside a transaction, so the lock holds until the save commits.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

STALE_MESSAGE = ("Someone else saved this {name} after you opened it, so your changes were not saved. "
                 "Open it again to see their version, then make your changes.")


class ConcurrencyGuardForm(forms.ModelForm):
    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        data = super().clean()
        loaded = self.data.get(self.add_prefix("loaded_updated_at")) if self.is_bound else None
        if self.instance.pk and loaded:
            model = type(self.instance)
            current = (model._default_manager.select_for_update().filter(pk=self.instance.pk)
                       .values_list("updated_at", flat=True).first())
            if current is not None and current.isoformat() != loaded:
                raise ValidationError(STALE_MESSAGE.format(name=model._meta.verbose_name), code="stale")
        return data


class ConcurrencyGuardAdminMixin:
    """Use the guarded form and render its hidden field in whatever fieldsets the admin declares."""

    form = ConcurrencyGuardForm
    # Addresses typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if obj is not None and not any("loaded_updated_at" in options.get("fields", ()) for _, options in fieldsets):
            name, options = fieldsets[0]
            options["fields"] = [*options.get("fields", ()), "loaded_updated_at"]
            fieldsets[0] = (name, options)
        return fieldsets
