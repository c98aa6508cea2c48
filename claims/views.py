from django.shortcuts import render

from claims.models import Claim
from claims.readers import with_published_versions


def home(request):
    """Show the most recently published claims, as last approved."""
    claims = with_published_versions(list(Claim.objects.public().for_reader().order_by("-published_at", "-id")[:50]))
    return render(request, "claims/home.html", {"claims": claims})
