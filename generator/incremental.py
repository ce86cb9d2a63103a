"""Skipping a build when nothing changed: what each output folder was last built from (its
inputs, its files, its product pages), kept in .cache/builds.json. Files are compared by size
and modification time, as make does: a touched file rebuilds.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import json
from pathlib import Path

from . import engine
from .cache import write_atomic
from .problems import Problem

BUILD_STATE = ".cache/builds.json"  # what each output folder was last built from
GENERATOR_DIR = Path(__file__).resolve().parent


def inputs(root: Path, as_of: datetime.date, publish: bool) -> list:
    """Everything a build reads: the catalogue, the theme, the generator and the engine."""
    versions = [importlib.metadata.version(name) for name in ("mkdocs", "mkdocs-material")]
    sources = (root / "site_config.yml", root / "content", engine.theme_dir(root), GENERATOR_DIR)
    return [["settings", str(as_of), publish, versions]] + [
        [path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path), size, mtime]
        for source in sources
        for path, size, mtime in _files(source)
    ]


def reusable_pages(out: Path, last: dict | None) -> dict[str, Path]:
    """Product pages of the last build into `out` that are still as it wrote them, by key."""
    reusable = {}
    for html, (key, *stat) in (last or {}).get("page_files", {}).items():
        if file_stat(out / html) == stat:
            reusable[key] = out / html
    return reusable


def file_stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def tree(folder: Path) -> list:
    return [[path.relative_to(folder).as_posix(), size, mtime] for path, size, mtime in _files(folder)]


def _files(source: Path):
    """(path, size, mtime) of the file, or of every file in the folder."""
    for path in [source] if source.is_file() else sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            yield path, stat.st_size, stat.st_mtime_ns


def digest(entries: list) -> str:
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def read_states(root: Path) -> tuple[dict, list[Problem]]:
    """The record of past builds, and a warning if it was unreadable: then it is ignored and
    the site built in full (a record that is wrong must not make a build skip or reuse)."""
    try:
        states = json.loads((root / BUILD_STATE).read_bytes())
    except FileNotFoundError:
        return {}, []
    except (OSError, ValueError):
        states = None
    if isinstance(states, dict) and all(_is_state(state) for state in states.values()):
        return states, []
    return {}, [Problem(BUILD_STATE, 0, "", "not a record of builds (damaged?): ignored, the site is built in full", warning=True)]


def _is_state(state) -> bool:
    try:
        return (
            all(isinstance(state[key], str) for key in ("inputs", "output"))
            and all(type(state[key]) is int for key in ("products", "pages"))
            and all(isinstance(Problem(**fields), Problem) for fields in state["warnings"])
            and all(isinstance(html, str) and isinstance(key, str) and all(type(n) is int for n in stat) and len(stat) == 2
                    for html, (key, *stat) in state["page_files"].items())
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def write_states(root: Path, states: dict) -> None:
    write_atomic(root / BUILD_STATE, json.dumps(states, indent=1).encode("utf-8"))
