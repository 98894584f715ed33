"""A region's subtree is a code range, so PostgreSQL can use the btree index.

Under a non-C collation ``LIKE 'prefix%'`` (Django's startswith) cannot use it;
EXPLAIN on the demo county shows ``Index Cond: code >= ... AND code <= ...`` for
these queries.
"""

import pytest

from indicators.models import DataValue, Region, Report, Target


@pytest.mark.parametrize("model", [Region, Report, DataValue, Target])
def test_subtree_filters_are_ranges_not_like(model, county):
    sql = str(model.objects.within(county).query).upper()
    assert "LIKE" not in sql and "GLOB" not in sql
    assert "'888801000000'" in sql or "888801000000" in sql


def test_the_subtree_range_covers_towns_and_excludes_the_neighbour(county, towns, other_county):
    assert set(Region.objects.within(county)) == {county, *towns}
