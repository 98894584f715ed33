"""Bad schemes are refused with a Chinese message and never saved; TOML round-trips."""

import pytest

from indicators.assessment.demo import demo_scheme
from indicators.assessment.models import SchemeVersion
from indicators.assessment.services import scheme_save
from indicators.assessment.spec import SchemeInvalid
from indicators.assessment.tomlio import scheme_dump, scheme_load
from indicators.models import Indicator
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("weight = 40", "weight = 45"), "各部分权重之和为 105，应为 100"),
        (
            ('indicator = "jobs_created"', 'indicator = "no_such_thing"'),
            "指标“no_such_thing”不存在或已停用",
        ),
        (("cap = 120", "cap = 90"), "封顶比例 90% 低于 100%"),
        (('method = "bonus"', 'method = "lottery"'), "未知的计分方法“lottery”"),
        (("[[parts]]", "[[parts]"), "TOML 格式错误"),
    ],
)
def test_bad_scheme_is_refused_and_not_saved(county, catalogue, change, message):
    source = demo_scheme(2025).replace(*change, 1)
    with pytest.raises(SchemeInvalid) as refused:
        scheme_save(county=county, year=2025, source=source, user=None)
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert not SchemeVersion.objects.exists()


def test_item_weights_must_match_their_part(county, catalogue):
    source = demo_scheme(2025).replace("weight = 8\n", "weight = 9\n", 1)
    with pytest.raises(SchemeInvalid) as refused:
        scheme_save(county=county, year=2025, source=source, user=None)
    assert "各项权重之和为 21，与部分权重 20 不符" in refused.value.messages[0]


def test_each_save_is_a_new_version(county, catalogue):
    first = scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None)
    second = scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None)
    assert (first.version, second.version) == (1, 2)


def test_dumped_scheme_reads_back_equal(catalogue):
    scheme = scheme_load(demo_scheme(2025), catalogue)
    assert scheme_load(scheme_dump(scheme), catalogue) == scheme


def test_item_on_an_indicator_retired_in_the_schemes_year_is_refused(county, catalogue):
    Indicator.objects.filter(code="jobs_created").update(retired_from=2025)
    with pytest.raises(SchemeInvalid) as refused:
        scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None)
    assert refused.value.messages == [
        "第 1 部分（经济发展）第 2 项（带动就业完成目标）：指标“带动就业”（jobs_created）"
        "自 2025 年起停用，不能用于 2025 年度的考核。"
    ]
    assert not SchemeVersion.objects.exists()
    Indicator.objects.filter(code="jobs_created").update(retired_from=2026)
    assert scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None).version == 1


def test_item_on_another_countys_own_indicator_is_refused(county, catalogue):
    other = factories.county("888802000000", "邻县")
    Indicator.objects.filter(code="jobs_created").update(scope=other)
    with pytest.raises(SchemeInvalid) as refused:
        scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None)
    assert "指标“jobs_created”不存在或已停用" in refused.value.messages[0]
    Indicator.objects.filter(code="jobs_created").update(scope=county)
    assert scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None).version == 1
