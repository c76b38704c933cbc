"""ARCHITECTURE.md is checkable: every file, folder, function and command it names exists where it
says, and it points at nothing outside the repository."""

import re
from pathlib import Path

import pytest

from sociable import cli

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sociable"
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
CODE = re.compile(r"`([^`]+)`")
FILE = re.compile(r"^[\w./-]+(\.py|\.sh|/)$")
FUNCTION = re.compile(r"^(?:[\w.]+\.)?(\w+)(?:\(.*\))?$")


def _map_rows() -> list[tuple[list[Path], list[str]]]:
    """Each row of the map: the folders it is about (its first cell) and what it names."""
    rows = []
    for line in TEXT.splitlines():
        if not line.startswith("| `"):
            continue
        where, what = line.split("|")[1:3]
        folders = [PACKAGE / name for name in CODE.findall(where)]
        folders = [f if f.is_dir() else f.parent for f in folders]
        rows.append((folders, CODE.findall(what)))
    return rows


def _exists(name: str, folders: list[Path]) -> bool:
    places = [*folders, PACKAGE, ROOT]
    return any((place / name.rstrip("/")).exists() for place in places) or any(
        any(place.rglob(name.rstrip("/"))) for place in folders
    )


def _defined(name: str, folders: list[Path]) -> bool:
    name = re.escape(name)
    pattern = re.compile(rf"^\s*(?:async\s+)?(?:def|class)\s+{name}\b|^{name}\s*[:=]", re.MULTILINE)
    return any(
        pattern.search(path.read_text(encoding="utf-8"))
        for folder in (folders or [PACKAGE])
        for path in folder.rglob("*.py")
    )


def test_the_map_has_rows():
    assert len(_map_rows()) >= 15


@pytest.mark.parametrize(
    "folders,names",
    [
        pytest.param(folders, names, id=",".join(f.name for f in folders))
        for folders, names in _map_rows()
    ],
)
def test_every_file_and_function_a_map_row_names_exists(folders, names):
    missing = []
    for name in names:
        if name.startswith("sociable "):
            continue  # commands: checked below
        if FILE.match(name):
            if not _exists(name, folders):
                missing.append(name)
        elif (match := FUNCTION.match(name)) and "_" in match.group(1):
            if not (_defined(match.group(1), folders) or _exists(f"{match.group(1)}.py", folders)):
                missing.append(name)
    assert not missing, f"ARCHITECTURE.md names what is not there: {missing}"


def test_every_command_it_names_exists():
    commands = set(re.findall(r"`sociable (\w+)(?: (\w+))?`", TEXT))
    assert commands
    usage = cli.__doc__ or ""
    usage += Path(cli.__file__).read_text(encoding="utf-8")
    for command, sub in commands:
        assert re.search(rf"sociable {command}\b", usage), command
        if sub:
            assert re.search(rf"sociable {command} {sub}\b", usage), f"{command} {sub}"


def test_it_points_at_nothing_outside_the_repository():
    assert "../" not in TEXT
    assert not re.search(r"https?://", TEXT)
    for link in re.findall(r"\]\(([^)]+)\)", TEXT):
        assert (ROOT / link.split("#")[0]).exists(), link
