"""The README and docs/ link only to files that a fresh clone has.

A link to a file that is missing, or that .gitignore keeps out of every commit (the
screenshots once were), shows nothing to a newcomer.
"""

import importlib.util
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target), ![alt](target) and <img src="target">; fenced and inline code are
# dropped first, so that an example in a code block is not read as a link.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<img\s[^>]*src=\"([^\"]+)\"")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def local_targets(document: Path) -> list[Path]:
    text = CODE.sub("", document.read_text(encoding="utf-8"))
    targets = []
    for match in LINK.finditer(text):
        target = (match.group(1) or match.group(2)).split("#", 1)[0]
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # an anchor on the same page, or http:, mailto: …
        targets.append((document.parent / target).resolve())
    return targets


def linked() -> dict[Path, list[str]]:
    """Every linked file → the documents that link to it."""
    found: dict[Path, list[str]] = {}
    for document in DOCUMENTS:
        for target in local_targets(document):
            found.setdefault(target, []).append(document.relative_to(ROOT).as_posix())
    return found


def test_the_readme_and_docs_link_to_files_that_exist():
    missing = {
        target.relative_to(ROOT).as_posix(): documents
        for target, documents in linked().items()
        if not target.exists()
    }
    assert missing == {}


def test_no_linked_file_is_kept_out_of_the_repository_by_gitignore():
    paths = [target.relative_to(ROOT).as_posix() for target in linked()]
    # Exit 0: some path is ignored (and printed); 1: none is.
    result = subprocess.run(
        ["git", "check-ignore", "--", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (1, "")


def test_the_readme_shows_every_screenshot_the_script_takes():
    spec = importlib.util.spec_from_file_location("take", ROOT / "docs/screenshots/take.py")
    take = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(take)
    readme = set(local_targets(ROOT / "README.md"))
    expected = {ROOT / "docs/screenshots" / f"{name}.png" for name in take.shot_names()}
    assert expected - readme == set()


def test_the_link_reader_finds_files_and_images_but_not_examples_in_code(tmp_path):
    document = tmp_path / "guide.md"
    document.write_text(
        '[a](api.md#x) ![b](shots/a.png) <img src="c.png" alt=""> `[d](nope.md)`\n'
        "```\n[e](nope.md)\n```\n[f](https://x.cn) [g](#top)\n",
        encoding="utf-8",
    )
    assert local_targets(document) == [
        tmp_path / name for name in ("api.md", "shots/a.png", "c.png")
    ]
