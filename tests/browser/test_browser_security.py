"""Nothing injected runs: scripts planted in every field stay text, in reader pages and the admin, under CSP."""
import pytest
from django.contrib.auth.models import Group

from claims.roles import CHIEF_EDITOR
from claims.services import appearance_add, claim_create, conflict_flag
from tests.browser import log_in
from tests.factories import (
    EntityAliasFactory,
    EntityFactory,
    MetricFactory,
    PublisherFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _plant():
    """A published claim with a script in every text field readers or editors see."""
    entity = EntityFactory(name=f"Place {PAYLOAD}", description=PAYLOAD)
    EntityAliasFactory(entity=entity, name=f"Alias {PAYLOAD}")
    metric = MetricFactory(name=f"Metric {PAYLOAD}", description=PAYLOAD, canonical_unit="km²")
    source = SourceFactory(title=f"Source {PAYLOAD}", publisher=PublisherFactory(name=f"Publisher {PAYLOAD}"),
                           authors=[f"Author {PAYLOAD}"])
    rationale = f"Markdown {PAYLOAD} [link](javascript:window.__xss=3) <a href=\"javascript:window.__xss=4\">x</a>"
    claims = []
    for figure in ["10 km²", "99 km²"]:
        claim = claim_create(statement=f"Statement {PAYLOAD} {figure}", subjects=[entity], metric=metric,
                             figure_text=figure, rationale=rationale, period_label=f"Period {PAYLOAD}",
                             status="published")
        appearance_add(claim=claim, source=source, quote=f"Quote {PAYLOAD} {figure}", prefix=PAYLOAD, suffix=PAYLOAD)
        claims.append(claim)
    conflict_flag(claims=claims, note=f"Note {PAYLOAD}")
    return claims[0], source, entity


def _visit(page, url, violations):
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, f"an injected script ran on {url}"
    assert not violations, f"CSP violations on {url}: {violations}"


def test_planted_scripts_never_run(browser, live_server):
    claim, source, entity = _plant()
    chief = UserFactory(username="chief")
    chief.groups.add(Group.objects.get(name=CHIEF_EDITOR))
    from claims.models import Conflict

    conflict = Conflict.objects.filter(kind=Conflict.Kind.MANUAL).get()
    reader_urls = ["/", f"/claims/{claim.slug}/", "/claims/?q=Statement", f"/sources/{source.slug}/",
                   f"/entities/{entity.slug}/", "/conflicts/", f"/conflicts/{conflict.pk}/", "/feed/",
                   f"/api/v1/claims/{claim.pk}/"]
    admin_urls = [f"/admin/claims/claim/{claim.pk}/change/", "/admin/claims/claim/?q=Statement",
                  f"/admin/claims/entity/{entity.pk}/change/", f"/admin/sources/source/{source.pk}/change/",
                  f"/admin/claims/conflict/{conflict.pk}/change/", "/admin/claims/appearance/",
                  f"/admin/claims/claim/{claim.pk}/history/"]

    context = browser.new_context()
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    for url in reader_urls:
        _visit(page, live_server.url + url, violations)
    page.goto(live_server.url + f"/claims/{claim.slug}/")
    assert "<script>window.__xss=1</script>" in page.inner_text("main")  # shown as text, not run
    context.close()

    editor_page = log_in(browser, live_server, "chief")
    violations = []
    editor_page.on("console", lambda message: violations.append(message.text)
                   if "Content Security Policy" in message.text else None)
    for url in admin_urls:
        _visit(editor_page, live_server.url + url, violations)
    editor_page.context.close()


def test_api_docs_render_under_the_content_security_policy(browser, live_server):
    page = browser.new_context().new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(live_server.url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info", timeout=15_000)
    assert not violations, violations
    page.context.close()
