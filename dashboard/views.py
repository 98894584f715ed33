from django.shortcuts import render

from indicators.models import Indicator, Section


def home(request):
    """The catalogue: what the annual report counts. Definitions are public; figures may not be."""
    sections = {section.code: (section, []) for section in Section.objects.all()}
    indicators = list(Indicator.objects.in_report_order())
    for indicator in indicators:
        sections[indicator.section_id][1].append(indicator)
    return render(
        request,
        "dashboard/home.html",
        {"sections": sections.values(), "indicator_count": len(indicators)},
    )
