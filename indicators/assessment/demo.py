"""The demo county's scheme: 2025 to try, and 2024 published so ranks have a change."""

from pathlib import Path

from indicators.models import Region

from .models import Publication, SchemeVersion
from .services import assessment_publish, scheme_save

DEMO_SCHEME = Path(__file__).with_name("demo.toml")


def demo_scheme(year: int) -> str:
    text = DEMO_SCHEME.read_text(encoding="utf-8")
    return text.replace("2025", str(year))


def seed_assessment(county: Region, user) -> int:
    """Save the demo scheme for 2024 and 2025 where none exists; publish 2024. Returns saves."""
    saved = 0
    for year in (2024, 2025):
        if not SchemeVersion.objects.of(county, year).exists():
            scheme_save(county=county, year=year, source=demo_scheme(year), user=user)
            saved += 1
    if Publication.objects.latest_of(county, 2024) is None:
        assessment_publish(county=county, year=2024, user=user)
    return saved
