"""Jinja2 for the reader pages: the environment, and a backend the test client can look into.

The reader pages (``templates/jinja2/``) render through Jinja2, about twice as fast as Django's
engine on the same HTML (``python -m bench.page_templates``; figures on the performance-profile
docs page); the desk (Django's admin) keeps Django's templates. The filters the pages use are
Django's own, so dates, plurals and escaping in URLs read as they did.
"""
from __future__ import annotations

import datetime

import jinja2
from django.template import defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.timezone import template_localtime

from project.paths import path_to
from project.site import absolute

_DAY_MONTH_YEAR = ("j M Y", "j F Y")


def date(value, arg=None) -> str:
    """Format ``value`` as Django's ``date`` filter does, in the current time zone (its template engine converts first).

    The machine-readable formats of ``<time datetime>`` and the two day-month-year formats readers
    see are written directly (month names from Django's translations, as its formatter takes them):
    a page of cards has 80 dates, and Django's formatter reads the format string and the locale's
    settings for each (a sixth of the claim list's view).
    """
    if value in (None, ""):
        return ""
    value = template_localtime(value)
    if arg == "c":
        return value.isoformat()
    if arg == "Y-m-d":
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if arg in _DAY_MONTH_YEAR and isinstance(value, datetime.date):
        # The shown dates of every card and page ("5 Dec 2026", "5 December 2026"), in the active language.
        month = MONTHS_3[value.month].title() if arg == "j M Y" else MONTHS[value.month]
        return f"{value.day} {month} {value.year:04d}"
    return defaultfilters.date(value, arg)


def environment(**options) -> jinja2.Environment:
    """Return the reader pages' environment: ``url`` and ``static``, and Django's filters they use."""
    env = jinja2.Environment(**options)
    # url('claim-detail', slug): {% url %}; absolute(path): on the site's one address (project.site).
    env.globals.update(url=path_to, static=static, absolute=absolute)
    env.filters.update(date=date, pluralize=defaultfilters.pluralize,
                       truncatechars=defaultfilters.truncatechars, urlencode=defaultfilters.urlencode,
                       floatformat=defaultfilters.floatformat)
    return env


class Template(django_jinja2.Template):
    """A Jinja2 template that tells the test client what it rendered, as Django's templates do."""

    @property
    def name(self) -> str:
        return self.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        html = super().render(context, request)
        # No receiver outside tests (Django's test client connects one per request): a dictionary check.
        template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(django_jinja2.Jinja2):
    """Django's Jinja2 backend with ``Template`` above."""

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)
