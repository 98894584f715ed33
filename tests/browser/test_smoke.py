def test_the_catalogue_page_loads_with_nothing_fetched_from_outside(
    page, catalogue, outside_requests, console_errors
):
    page.goto("/indicators/")
    assert page.locator("h1").inner_text()
    assert page.locator("code").count() == len(catalogue)
    assert outside_requests == []
    assert console_errors == []
