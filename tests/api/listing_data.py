"""Data for the list answer tests: every status, gaps, fixed times, texts that CSV
must quote or guard, figures with more decimals than their indicator shows."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from indicators.models import Status, Target
from tests import factories

MOMENT = datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)

FIGURES = {
    "raw_coal_output": ["100.25", "0", "12345678.5"],
    "street_lights": ["10", "250", "0"],
    "coal_mines_consolidated": ["3", "1", "7"],
    "petitions_handled": ["120", "80", "4"],  # not public
    "persons_disciplined": ["2", "5", "0"],  # not public
    # More decimals than the indicator shows (its decimals lowered later): half to even.
    "coal_output_value": ["1.005", "1.015", "2.5"],
    "public_toilets": ["2.5", "3.5", "0.5"],
}
COMMENTS = ["备注", "", "a,b", 'say "hi"', "第一行\n第二行", "-5", "+3", "@sum", "\tx", "=备注"]


def build(catalogue, county, towns, other_county) -> None:
    """Four towns in two counties, 2023-2025, every status, fixed times, awkward texts."""
    elsewhere = factories.town(other_county, 1, '邻县"一",镇')
    places = [
        (towns[0], 2023, Status.APPROVED),
        (towns[0], 2024, Status.APPROVED),
        (towns[0], 2025, Status.DRAFT),
        (towns[1], 2024, Status.APPROVED),
        (towns[1], 2025, Status.SUBMITTED),
        (towns[2], 2024, Status.RETURNED),
        (elsewhere, 2024, Status.APPROVED),
        (elsewhere, 2025, Status.DRAFT),
    ]
    # Figures one write each, through the write service, in this order and at these
    # times; then each report moved to its status.
    number = 0
    for place, (town, year, _status) in enumerate(places):
        for code, figures in FIGURES.items():
            if (place + len(code)) % 5 == 0:
                continue  # some gaps: a missing figure is no row
            at = MOMENT + timedelta(days=number, microseconds=-(number % 2) * 123456)
            factories.seed_figures({(town, year): {code: figures[place % 3]}}, at=at)
            number += 1
    for town, year, status in places:
        factories.seed_figures({(town, year): {}}, status=status)
    for number, (region, year, code, value) in enumerate(
        [
            (county, 2025, "raw_coal_output", "5000.5"),
            (county, 2025, "street_lights", "900"),
            (towns[0], 2025, "raw_coal_output", "1200"),
            (towns[0], 2026, "petitions_handled", "90"),
            (towns[1], 2025, "coal_mines_consolidated", "2"),
            (elsewhere, 2025, "persons_disciplined", "1"),
            (elsewhere, 2026, "street_lights", "40"),
            (towns[2], 2025, "coal_output_value", "1.005"),
            (towns[2], 2026, "public_toilets", "2.5"),
            (county, 2026, "raw_coal_output", "0"),
            (county, 2027, "street_lights", "3"),
        ]
    ):
        target = Target.objects.create(
            indicator=catalogue[code],
            region=region,
            year=year,
            value=Decimal(value),
            comment=COMMENTS[number % len(COMMENTS)],
        )
        Target.objects.filter(pk=target.pk).update(updated_at=MOMENT + timedelta(hours=number))
