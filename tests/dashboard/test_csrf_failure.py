"""A failed CSRF check or an expired sign-in: a Chinese page that says how to get typing back."""

import pytest
from django.test import Client

ENTRY = "/entry/{town}/2024/"
DJANGO_DEFAULT = ("CSRF验证失败", "CSRF verification failed", "Forbidden", "禁止访问")


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


def assert_chinese_csrf_page(response) -> str:
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["errors/csrf_failure.html", "base.html"]
    html = response.content.decode()
    assert "页面已过期，未能提交" in html
    assert "保存在本浏览器中" in html
    assert "恢复填写" in html
    for text in DJANGO_DEFAULT:
        assert text not in html
    return html


def test_a_save_without_a_token_gets_the_chinese_page(strict, clerk, towns):
    strict.force_login(clerk)
    url = ENTRY.format(town=towns[0].code)
    response = strict.post(
        url, {"version": "0", "action": "save"}, HTTP_REFERER=f"http://testserver{url}"
    )
    html = assert_chinese_csrf_page(response)
    assert f'href="http://testserver{url}"' in html  # back to the page it came from


def test_a_sign_in_without_a_token_gets_the_chinese_page(strict, clerk):
    response = strict.post("/accounts/login/", {"username": "clerk", "password": "x"})
    html = assert_chinese_csrf_page(response)
    assert 'class="back" href="/"' in html  # no Referer: the home page


def test_the_way_back_never_leads_to_another_site(strict, clerk, towns):
    url = ENTRY.format(town=towns[0].code)
    response = strict.post(url, {}, HTTP_REFERER="https://evil.example/entry/")
    html = assert_chinese_csrf_page(response)
    assert "evil.example" not in html
    assert 'class="back" href="/"' in html


def test_the_login_page_says_why_when_a_page_sent_the_user_there(client, towns):
    url = ENTRY.format(town=towns[0].code)
    response = client.get(url)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "login-needed" in html
    assert "登录已过期" in html
    assert "恢复填写" in html


def test_the_login_page_says_nothing_more_without_next(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "login-needed" not in html
