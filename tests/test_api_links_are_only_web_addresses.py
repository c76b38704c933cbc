"""A message's or a post's link in the API is an http(s) address or empty: a `javascript:` or
`data:` link that came from a network is never handed to API clients."""

import pytest
from django.test import Client

from tests.test_api_support import token_for


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "java\tscript:alert(1)",
    ],
)
def test_a_hostile_message_link_is_given_as_empty(cast, url):
    cast.conversation.messages.update(url=url)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(cast.admin)}")
    answer = client.get(f"/api/conversations/{cast.conversation.pk}").json()
    assert [m["url"] for m in answer["messages"]] == [""]


def test_a_web_link_is_kept(cast):
    cast.conversation.messages.update(url="https://social.example/@pat/1")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(cast.admin)}")
    answer = client.get(f"/api/conversations/{cast.conversation.pk}").json()
    assert [m["url"] for m in answer["messages"]] == ["https://social.example/@pat/1"]


def test_a_hostile_post_link_is_given_as_empty(cast):
    cast.post.targets.update(url="javascript:alert(1)")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(cast.admin)}")
    answer = client.get(f"/api/posts/{cast.post.pk}").json()
    assert [t["url"] for t in answer["targets"]] == [""]
