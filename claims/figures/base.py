"""What every part of figure reading shares: the error, the qualifiers and the unit symbols with a meaning."""
from __future__ import annotations

import enum


class FigureError(ValueError):
    """A figure or unit that cannot be read; the message names the input."""


def refusal(message: str, **params) -> FigureError:
    """Return a FigureError worded in the active interface language (locale/*/django.po), else in English."""
    try:
        from django.utils.translation import gettext

        message = gettext(message)
    except Exception:  # noqa: BLE001 - outside a configured Django (a script), the English wording stands
        pass
    return FigureError(message % params)


def gettext_what(what: str) -> str:
    """Translate what a refused number is ("a clock time"), in the active interface language."""
    try:
        from django.utils.translation import gettext

        return gettext(what)
    except Exception:  # noqa: BLE001 - outside a configured Django, the English wording stands
        return what


NEGATIVE_MESSAGE = "negative figure in %(text)s: figures are amounts of zero or more; word a fall as 'fell by …'"
NOT_A_NUMBER_MESSAGE = ("%(text)s does not start with a number: a name, version or command (such as 'Python 3') "
                        "is not a figure")


class Qualifier(enum.StrEnum):
    EXACT = "exact"
    APPROXIMATELY = "approximately"
    NEARLY = "nearly"
    OVER = "over"
    AT_LEAST = "at_least"
    UNDER = "under"
    UP_TO = "up_to"


QUALIFIER_LABELS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "approximately",
    Qualifier.NEARLY: "nearly",
    Qualifier.OVER: "over",
    Qualifier.AT_LEAST: "at least",
    Qualifier.UNDER: "under",
    Qualifier.UP_TO: "up to",
}

APPROXIMATE_SHARE = 0.10

COUNT = "count"
YEAR = "year"
PER_YEAR = "/yr"
PER_DAY = "/d"  # only for physical quantities: "barrels per day", "tonnes per day"
# The database keeps figures as numeric(30, 6): 24 digits before the point.
MAX_DIGITS = 24
