"""The public form for reporting an error or suggesting a claim."""
from __future__ import annotations

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from claims.errors import ServiceError
from reader import services as reader_services
from reader.models import ReaderReport
from reader.views.common import _public_response


class ReportForm(forms.Form):
    """The public report form: it only carries the fields; the service checks kinds and sizes."""

    kind = forms.CharField(required=False, widget=forms.RadioSelect(choices=ReaderReport.Kind.choices),
                           label="What would you like to do?")
    page = forms.CharField(required=False, label="Page it is about",
                           help_text="The address of the page on this site, if it is about one.",
                           widget=forms.TextInput(attrs={"maxlength": ReaderReport.PAGE_MAX}))
    text = forms.CharField(required=False, label="Your report",
                           help_text=f"What is wrong and how you know, or the claim and where you saw it. "
                                     f"At most {ReaderReport.TEXT_MAX:,} characters.",
                           widget=forms.Textarea(attrs={"rows": 8, "maxlength": ReaderReport.TEXT_MAX}))
    email = forms.CharField(required=False, label="Your e-mail (optional)",
                            help_text="Only to send you our answer; never published.",
                            widget=forms.EmailInput(attrs={"maxlength": ReaderReport.EMAIL_MAX, "autocomplete": "email"}))
    # The honeypot: hidden from people and screen readers (template), so only a bot fills it in.
    website = forms.CharField(required=False, label="Leave this empty")


def _report_page(request, form, status=200):
    for name in ("page", "text", "email"):  # tie each box to its help and its error, for screen readers
        attrs = form.fields[name].widget.attrs
        attrs["aria-describedby"] = f"{name}-help" + (f" {name}-error" if name in form.errors else "")
        if name in form.errors:
            attrs["aria-invalid"] = "true"
    response = render(request, "reader/report_form.html", {"form": form, "report_kinds": ReaderReport.Kind}, status=status)
    add_never_cache_headers(response)
    return response


def report(request):
    """Take a reader's error report or claim suggestion; refused posts store nothing."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.CROSSCHECK_REPORT_MAX_BYTES:
            return _message(request, "That was too large", status=413, message=(
                f"Your report is over the {settings.CROSSCHECK_REPORT_MAX_BYTES:,}-byte limit, so nothing was sent. "
                f"Keep the report to {ReaderReport.TEXT_MAX:,} characters."))
        form = ReportForm(request.POST)
        form.is_valid()  # every field is optional to the form itself: the service decides
        data = form.cleaned_data
        if data.get("website"):
            form.add_error(None, "Your report was not sent: a field meant to stay empty was filled in, as automated "
                                 "posts do. If you are a person, reload this page and send it again.")
            return _report_page(request, form, status=400)
        try:
            reader_services.reader_report_submit(
                data=reader_services.ReportInput(kind=data.get("kind", ""),
                                                 text=data.get("text", ""), page=data.get("page", ""),
                                                 email=data.get("email", "")),
                client_address=get_client_ip_address(request))
        except reader_services.RateLimited as exc:
            response = _message(request, "Too many reports", status=429, message=str(exc))
            response["Retry-After"] = str(exc.retry_after)
            return response
        except ServiceError as exc:
            for field, messages_ in exc.fields.items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
            return _report_page(request, form, status=400)
        return redirect(f"{reverse('report-thanks')}?kind={data.get('kind', '')}")
    page = request.GET.get("page", "")[:ReaderReport.PAGE_MAX]
    kind = request.GET.get("kind", "")
    return _report_page(request, ReportForm(initial={
        "page": page,  # only prefilled here; the service checks it when the form is sent
        "kind": kind if kind in ReaderReport.Kind.values else ReaderReport.Kind.ERROR,
    }))


def report_thanks(request):
    """Thank the reader and say what happens next."""
    suggestion = request.GET.get("kind") == ReaderReport.Kind.SUGGESTION
    response = render(request, "reader/report_thanks.html", {"suggestion": suggestion})
    return _public_response(response)


def _message(request, heading: str, *, status: int, message: str):
    response = render(request, "reader/message.html", {"heading": heading, "message": message}, status=status)
    add_never_cache_headers(response)
    return response
