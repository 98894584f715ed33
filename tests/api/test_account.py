"""我的账户: a signed-in user issues, rotates and revokes their own API token."""

import re

import pytest
from django.core.management import CommandError, call_command
from knox.crypto import hash_token
from knox.models import AuthToken

from indicators.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


def shown_key(page: str) -> str:
    return re.search(r'<code class="token-key" id="token-key">([0-9a-f]+)</code>', page)[1]


def test_the_profile_page_shows_role_and_region(client, clerk, django_assert_max_num_queries):
    client.force_login(clerk)
    with django_assert_max_num_queries(6):
        page = client.get("/account/").content.decode()
    assert "填报员" in page and clerk.profile.region.name in page
    assert "生成令牌" in page


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_user_issues_a_token_that_is_shown_once_and_works(client, clerk, figures):
    client.force_login(clerk)
    page = client.post("/account/", {"action": "issue"}).content.decode()
    key = shown_key(page)
    assert AuthToken.objects.get(user=clerk).digest == hash_token(key)
    assert key not in client.get("/account/").content.decode()
    client.logout()
    response = client.get("/api/v1/values/?year=2025", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.json()["count"] == 1


def test_a_user_holds_several_tokens_and_revokes_one(client, clerk):
    client.force_login(clerk)
    client.post("/account/", {"action": "issue"})
    client.post("/account/", {"action": "issue"})
    first, second = AuthToken.objects.filter(user=clerk).order_by("created")
    response = client.post(
        "/account/", {"action": "revoke", "token_key": first.token_key}, follow=True
    )
    assert list(AuthToken.objects.filter(user=clerk)) == [second]
    assert "令牌已撤销" in response.content.decode()


def test_a_user_revokes_all_their_tokens(client, clerk):
    client.force_login(clerk)
    client.post("/account/", {"action": "issue"})
    response = client.post("/account/", {"action": "revoke"}, follow=True)
    assert not AuthToken.objects.filter(user=clerk).exists()
    assert "令牌已撤销" in response.content.decode()


def test_a_user_cannot_revoke_another_users_token(client, clerk, reviewer):
    other = AuthToken.objects.get(digest=hash_token(token_issue(user=reviewer)))
    client.force_login(clerk)
    client.post("/account/", {"action": "revoke", "token_key": other.token_key})
    assert AuthToken.objects.filter(user=reviewer).exists()


def test_the_token_form_needs_csrf(clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    assert client.post("/account/", {"action": "issue"}).status_code == 403
    assert not AuthToken.objects.filter(user=clerk).exists()


def test_the_command_prints_a_new_token_once_and_rotates_on_request(clerk, capsys):
    call_command("api_token", "clerk")
    with pytest.raises(CommandError, match="--rotate"):
        call_command("api_token", "clerk")
    call_command("api_token", "clerk", "--rotate")
    first, rotated = capsys.readouterr().out.split()
    assert first != rotated
    assert AuthToken.objects.get(user=clerk).digest == hash_token(rotated)


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("api_token", "nobody")
