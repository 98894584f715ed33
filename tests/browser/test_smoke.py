def test_the_catalogue_page_loads_with_nothing_fetched_from_outside(
    page, catalogue, outside_requests, console_errors
):
    page.goto("/indicators/")
    assert page.locator("h1").inner_text()
    # Anonymous visitors are not told the names of non-public indicators.
    public = [
        code
        for code, indicator in catalogue.items()
        if indicator.is_public and indicator.section.is_public
    ]
    assert page.locator("code").count() == len(public)
    assert outside_requests == []
    assert console_errors == []
