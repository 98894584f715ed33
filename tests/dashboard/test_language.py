import pytest


@pytest.mark.django_db
def test_pages_are_chinese_even_for_an_english_browser(client, catalogue):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "产业发展" in page


@pytest.mark.django_db
def test_the_language_switch_turns_pages_english(client, catalogue):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Raw coal output" in page
