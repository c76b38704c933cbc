"""A token's rights are its scopes within its user's role, decided at each request."""

from sociable.accounts.models import Membership, Role
from sociable.publishing.models import Post
from tests.test_api_support import api


def test_a_token_without_the_scope_is_refused_with_403_naming_it(cast):
    response = api(cast.admin, ["reports:read"]).get("/api/conversations")
    assert response.status_code == 403
    assert "conversations:read" in response.json()["detail"]


def test_a_viewers_token_cannot_write_posts_even_when_it_carries_the_scope(cast):
    client = api(cast.viewer, ["posts:write", "posts:read"])
    response = client.post(
        "/api/posts", {"text": "Hello", "targets": [{"channel": cast.channel.pk}]}
    )
    assert response.status_code == 403
    assert "role" in response.json()["detail"]
    assert Post.objects.count() == 1  # the cast's own post only


def test_a_token_loses_what_its_users_new_role_does_not_allow(cast):
    client = api(cast.officer, ["conversations:read"])
    assert client.get("/api/conversations").status_code == 200
    Membership.objects.filter(user=cast.officer).update(role=Role.VIEWER)
    assert client.get("/api/conversations").status_code == 403


def test_only_admins_manage_webhooks_whatever_the_token_says(cast):
    assert api(cast.officer, ["webhooks:manage"]).get("/api/webhooks").status_code == 403
    assert api(cast.admin, ["webhooks:manage"]).get("/api/webhooks").status_code == 200


def test_a_viewer_reads_reports_only(cast):
    client = api(cast.viewer)
    assert client.get("/api/reports/summary").status_code == 200
    for path in ("/api/conversations", "/api/posts", "/api/channels", "/api/searches"):
        assert client.get(path).status_code == 403, path
