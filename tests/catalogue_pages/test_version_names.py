"""The catalogue's versions name people as the other history pages do, and say what a
unit conversion did."""

from decimal import Decimal

from indicators.catalogue import editing
from indicators.models import Role
from tests import factories


def test_versions_name_who_made_them_by_their_display_name(editor, with_figures):
    other = factories.user_with_role(Role.ADMIN, None, "wang")
    other.first_name = "县统计局 王科长"
    other.save()
    version = editing.indicator_change(
        user=other,
        code="raw_coal_output",
        fields={"unit": "亿吨", "decimals": 4},
        reason="改用亿吨",
        conversion=Decimal("0.0001"),
    )
    listing = editor.get("/catalogue/versions/").content.decode()
    assert "县统计局 王科长" in listing
    assert "<td>wang</td>" not in listing
    assert "单位换算 原煤产量（raw_coal_output）：万吨 → 亿吨，× 0.0001，2 个数字" in listing
    detail = editor.get(f"/catalogue/versions/{version.pk}/").content.decode()
    assert "县统计局 王科长" in detail
