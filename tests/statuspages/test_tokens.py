"""Tokens: long, random, and never stored — only their SHA-256 is."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from statuspages.models import ShareLink, hash_token
from statuspages.services import share_link_create
from tests.factories import EscalatedFactory

pytestmark = pytest.mark.django_db


def test_a_new_link_has_a_43_character_urlsafe_token_and_stores_its_sha256(user):
    escalation = EscalatedFactory(owner=user)
    created = share_link_create(escalation=escalation, created_by=user, label="CTO")
    assert len(created.token) == 43  # secrets.token_urlsafe(32)
    assert set(created.token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    assert created.link.token_hash == hashlib.sha256(created.token.encode()).hexdigest()
    assert created.path == f"/s/{created.token}/"
    other = share_link_create(escalation=escalation, created_by=user, label="CTO")
    assert other.token != created.token


def test_the_database_never_holds_the_raw_token(user):
    escalation = EscalatedFactory(owner=user)
    created = share_link_create(escalation=escalation, created_by=user, label="CTO")
    columns = [f.column for f in ShareLink._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {ShareLink._meta.db_table}"  # noqa: S608 - our own column names
        )
        rows = cursor.fetchall()
    assert rows
    for row in rows:
        for value in row:
            assert created.token not in str(value)
    # Nor anywhere else: no table in the schema holds it in any text column.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        text_columns = cursor.fetchall()
        for table, column in text_columns:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE %s',  # noqa: S608
                [f"%{created.token}%"],
            )
            assert cursor.fetchone()[0] == 0, (table, column)


def test_the_token_opens_the_page_and_its_hash_does_not(client, user):
    escalation = EscalatedFactory(owner=user)
    created = share_link_create(escalation=escalation, created_by=user, label="CTO")
    assert client.get(created.path).status_code == 200
    assert client.get(f"/s/{hash_token(created.token)}/").status_code == 404


def _hmac_token(key: str, purpose: str) -> str:
    import base64
    import hmac

    digest = hmac.new(key.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_the_executives_and_demo_links_come_from_secrets_not_from_the_key(settings, monkeypatch):
    """Issue 11: they were HMAC(SECRET_KEY, a predictable string), computable with the key."""
    from statuspages import models as link_models
    from statuspages.services import demo_status_url, executive_link_token, share_link_revoke

    minted = iter(["exec-token-from-secrets-1", "demo-token-from-secrets", "exec-token-2"])
    monkeypatch.setattr(link_models.secrets, "token_urlsafe", lambda n: next(minted))
    escalation = EscalatedFactory()
    token = executive_link_token(escalation=escalation)
    assert token == "exec-token-from-secrets-1"
    assert token != _hmac_token(settings.SECRET_KEY, f"executive:{escalation.pk}:0")
    assert demo_status_url(escalation=escalation) == "/s/demo-token-from-secrets/"
    # Found again by reference, not recomputed: another key changes nothing.
    settings.SECRET_KEY = "another-key-" + "k" * 50
    assert executive_link_token(escalation=escalation) == token
    assert demo_status_url(escalation=escalation) == "/s/demo-token-from-secrets/"
    # After a revocation the next link is random too.
    share_link_revoke(link=ShareLink.objects.get(for_executive=True))
    assert executive_link_token(escalation=escalation) == "exec-token-2"
