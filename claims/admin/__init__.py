"""The editors' admin, one module per area; importing the package registers every page.

Django's autodiscovery imports ``claims.admin``: each module below registers its models as it loads.
"""
from claims.admin import accounts, claims, conflicts, evidence, ratings, reference, reviews, sources  # noqa: F401
