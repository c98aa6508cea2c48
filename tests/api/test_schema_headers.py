"""The schema declares every header a client sends or reads, so a generated client can use them."""
import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    return APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _parameters(operation):
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}


def test_reads_declare_etag_and_if_none_match(schema):
    read = schema["paths"]["/api/v1/claims/{id}/"]["get"]
    assert "If-None-Match" in _parameters(read) and not _parameters(read)["If-None-Match"]["required"]
    assert "ETag" in read["responses"]["200"]["headers"] and "304" in read["responses"]
    assert "410" in read["responses"]


def test_writes_declare_idempotency_and_etag(schema):
    create = schema["paths"]["/api/v1/claims/"]["post"]
    assert _parameters(create)["Idempotency-Key"]["schema"]["maxLength"] == 255
    assert {"ETag", "Idempotent-Replayed"} <= set(create["responses"]["201"]["headers"])
    assert "422" in create["responses"]
    approve = schema["paths"]["/api/v1/claims/{id}/approve/"]["post"]
    assert {"If-Match", "Idempotency-Key"} <= set(_parameters(approve))
    assert "Idempotency-Key" not in _parameters(schema["paths"]["/api/v1/auth/token/"]["post"])


def test_retry_after_is_declared_where_it_is_sent(schema):
    for item in schema["paths"].values():
        for method, operation in item.items():
            if method in {"get", "post", "patch"}:
                for code in ("429", "503"):
                    assert "Retry-After" in operation["responses"][code]["headers"]
