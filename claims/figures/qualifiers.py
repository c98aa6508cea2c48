"""Qualifier words: how precise a figure says it is ("about", "more than", "up to")."""
from __future__ import annotations

from .base import Qualifier

# Longest phrases first so "more than" wins over "more".
QUALIFIER_WORDS = {
    "approximately": Qualifier.APPROXIMATELY,
    "approx.": Qualifier.APPROXIMATELY,
    "about": Qualifier.APPROXIMATELY,
    "around": Qualifier.APPROXIMATELY,
    "roughly": Qualifier.APPROXIMATELY,
    "some": Qualifier.APPROXIMATELY,
    "an estimated": Qualifier.APPROXIMATELY,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY,
    "over": Qualifier.OVER,
    "more than": Qualifier.OVER,
    "above": Qualifier.OVER,
    "in excess of": Qualifier.OVER,
    "upwards of": Qualifier.OVER,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "under": Qualifier.UNDER,
    "less than": Qualifier.UNDER,
    "fewer than": Qualifier.UNDER,
    "below": Qualifier.UNDER,
    "up to": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "at most": Qualifier.UP_TO,
}
# Words that say a figure adds to another ("a further 100,000"), not how precise it is.
INCREMENT_WORDS = ("a further", "another", "an additional", "an extra", "further", "additional")
