"""Personal API tokens: shown once, stored as a hash, refused once revoked or expired."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sociable.accounts.models import Membership
from sociable.api import tokens
from sociable.api.models import ApiToken
from tests.test_api_support import Api, token_for


def test_a_token_is_stored_only_as_a_hash_of_itself(cast):
    membership = Membership.objects.get(user=cast.officer)
    issued = tokens.issue(membership, "Dashboard", ["conversations:read"])
    stored = ApiToken.objects.get()
    assert issued.plaintext.startswith(f"sociable_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(issued.plaintext.encode()).hexdigest()
    assert issued.plaintext not in str(ApiToken.objects.values().get())


def test_a_valid_token_is_answered_as_its_user(cast):
    response = Api(token_for(cast.officer)).get("/api/conversations")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_a_request_without_credentials_is_told_to_authenticate_with_401(cast):
    response = Client().get("/api/conversations")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer sociable_abc_def", "Bearer a b"])
def test_a_malformed_or_unknown_token_is_refused_with_401(cast, header):
    response = Client().get("/api/conversations", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_token_with_a_wrong_secret_is_refused(cast):
    token = token_for(cast.officer)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert Api(tampered).get("/api/conversations").status_code == 401


def test_a_revoked_token_no_longer_works(cast):
    token = token_for(cast.officer)
    assert tokens.revoke(ApiToken.objects.get(), cast.officer)
    response = Api(token).get("/api/conversations")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_no_longer_works(cast):
    token = token_for(cast.officer, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Api(token).get("/api/conversations")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_stops_working_when_its_user_leaves_the_organisation(cast):
    token = token_for(cast.officer)
    Membership.objects.filter(user=cast.officer).delete()
    assert Api(token).get("/api/conversations").status_code == 401


def test_using_a_token_records_when_it_was_last_used(cast):
    token = token_for(cast.officer)
    assert ApiToken.objects.get().last_used_at is None
    Api(token).get("/api/channels")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_member_cannot_give_a_token_scopes_beyond_their_role(cast):
    viewer = Membership.objects.get(user=cast.viewer)
    with pytest.raises(ValueError, match="posts:write"):
        tokens.issue(viewer, "Too much", ["reports:read", "posts:write"])
    assert tokens.issue(viewer, "Reports", ["reports:read"]).token.scopes == ["reports:read"]


def test_a_token_needs_a_name_and_known_scopes(cast):
    admin = Membership.objects.get(user=cast.admin)
    with pytest.raises(ValueError, match="Name"):
        tokens.issue(admin, " ", ["reports:read"])
    with pytest.raises(ValueError, match="Unknown scope"):
        tokens.issue(admin, "x", ["everything:write"])
    with pytest.raises(ValueError, match="at least one"):
        tokens.issue(admin, "x", [])


def test_creating_and_revoking_tokens_is_audited(cast):
    from sociable.audit.models import AuditEvent

    issued = tokens.issue(Membership.objects.get(user=cast.admin), "BI", ["reports:read"])
    tokens.revoke(issued.token, cast.admin)
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="api_token").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["api_token.created", "api_token.revoked"]


def test_nobody_revokes_someone_elses_token(cast):
    token = tokens.issue(Membership.objects.get(user=cast.admin), "BI", ["reports:read"]).token
    assert not tokens.revoke(token, cast.officer)
    assert ApiToken.objects.get().revoked_at is None
