"""Pages run no ORM query themselves (issue 24): filters parse and validate, and the
selectors of indicators read. ruff's banned-api rule (TID251, pyproject.toml) keeps
django.db's models, connection and transaction out of dashboard/; this test catches
what an import ban cannot: a model's manager reached through ``indicators.models``,
and queryset-only calls on whatever a page was handed."""

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"

MANAGERS = {"objects", "_default_manager", "_base_manager", "all_objects"}
# Methods only a queryset (or a manager) has: no other object a page handles has them.
QUERYSET_ONLY = {
    "aggregate",
    "annotate",
    "bulk_create",
    "bulk_update",
    "defer",
    "exclude",
    "extra",
    "get_or_create",
    "only",
    "order_by",
    "in_bulk",
    "iterator",
    "prefetch_related",
    "select_for_update",
    "select_related",
    "update_or_create",
    "values_list",
}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def offences(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for each ORM access in a module's syntax tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Call):
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr in QUERYSET_ONLY:
                found.append((node.lineno, f".{function.attr}()"))
            elif isinstance(function, ast.Name) and function.id in SHORTCUTS:
                found.append((node.lineno, f"{function.id}()"))
    return sorted(found)


def page_modules() -> list[Path]:
    return sorted(path for path in DASHBOARD.rglob("*.py") if "__pycache__" not in path.parts)


def named(path: Path) -> str:
    return path.relative_to(DASHBOARD.parent).as_posix()


def test_pages_run_no_orm_query():
    lines = []
    for path in page_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        lines += [f"{named(path)}:{line}: {what}" for line, what in offences(tree)]
    assert not lines, "pages read through indicators' selectors:\n" + "\n".join(lines)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Region.objects.filter(code=c).first()", [(1, ".objects")]),
        ("Indicator._default_manager.all()", [(1, "._default_manager")]),
        ("AuditEvent.all_objects.count()", [(1, ".all_objects")]),
        ("rows = selected(user)\nrows.select_related('user')", [(2, ".select_related()")]),
        ("names = dict(found.values_list('code', 'name'))", [(1, ".values_list()")]),
        ("get_object_or_404(Section, pk=code)", [(1, "get_object_or_404()")]),
        ("rows = sections_in_order()\n{r.code: r for r in rows}", []),
        ("form.cleaned_data.get('year')", []),
    ],
)
def test_offences_are_found(source, expected):
    assert offences(ast.parse(source)) == expected
