from django.shortcuts import render

from claims.models import Claim


def home(request):
    """Show the most recently published claims."""
    claims = Claim.objects.published().for_reader().order_by("-published_at", "-id")[:50]
    return render(request, "claims/home.html", {"claims": claims})
