"""The small shared tools: a Decimal written plainly, a dry run, batched writes, a reason."""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import transaction

from indicators.audit.reasons import ReasonRefused, reason_clean
from indicators.models import Region
from indicators.support.batches import batches_write
from indicators.support.decimals import plain
from indicators.support.dry_run import dry_run
from tests import factories


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (Decimal("10000.0000"), "10000"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.0500"), "0.05"),
        (Decimal("-12.50"), "-12.5"),
        (Decimal("0E-4"), "0"),
        (None, ""),
    ],
)
def test_a_decimal_is_written_without_exponent_or_trailing_zeros(number, text):
    assert plain(number) == text


@pytest.mark.django_db
def test_a_dry_run_changes_nothing_and_runs_no_commit_callback(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        with dry_run():
            factories.county()
            transaction.on_commit(lambda: None)
            assert Region.objects.exists()
        transaction.on_commit(lambda: None)  # one outside: the capture does see them
    assert not Region.objects.exists()
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_a_dry_run_inside_a_transaction_keeps_what_came_before():
    with transaction.atomic():
        county = factories.county()
        with dry_run():
            factories.town(county, 1)
        assert list(Region.objects.values_list("code", flat=True)) == [county.code]


@pytest.mark.django_db
def test_a_refusal_in_a_dry_run_leaves_it_as_it_would_the_write():
    with pytest.raises(ValueError, match="refused"), dry_run():
        factories.county()
        raise ValueError("refused")
    assert not Region.objects.exists()


@dataclass
class Summary:
    conflicts: list = field(default_factory=list)


def test_batches_are_written_until_the_first_with_a_conflict():
    written = []

    def write(rows):
        written.append(list(rows))
        return Summary(conflicts=["bad"] if 4 in rows else [])

    with pytest.raises(LookupError, match="bad"):
        batches_write(list(range(9)), 2, write, lambda summary: LookupError(*summary.conflicts))
    assert written == [[0, 1], [2, 3], [4, 5]]


def test_batches_without_conflicts_write_every_row():
    written = []
    batches_write(list(range(5)), 2, lambda rows: written.extend(rows) or Summary(), LookupError)
    assert written == [0, 1, 2, 3, 4]


def test_a_reason_is_trimmed():
    assert reason_clean("  新口径  ") == "新口径"


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("   ", "reason_required", "请填写修改原因。"),
        (None, "reason_required", "请填写修改原因。"),
        ("a\x00b", "bad_value", "修改原因不能包含空字符。"),
        ("长" * 11, "bad_value", "修改原因最多 10 个字。"),
    ],
)
def test_a_reason_is_refused_with_why(raw, code, message):
    with pytest.raises(ReasonRefused) as refused:
        reason_clean(raw, most=10)
    assert (refused.value.code, refused.value.message) == (code, message)


def test_a_missing_reason_may_be_asked_for_in_the_callers_words():
    with pytest.raises(ReasonRefused, match="请填写调整原因。"):
        reason_clean("", missing="请填写调整原因。")
    assert reason_clean("长" * 1000) == "长" * 1000
