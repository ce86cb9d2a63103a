"""Skipping work a build has done before: what each output folder was last built from (its
inputs, its files, its pages' keys), kept in .cache/builds.json. Files are compared by size
and modification time, as make does: a touched file rebuilds. A page whose key is unchanged is
the last build's file: editing one record makes its pages, and the lists it changes, again.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import json
import os
import sys
from pathlib import Path

from . import collector, engine
from .cache import sha256, write_atomic
from .images import Rendition
from .problems import Problem
from .qr import Code
from .validate import Catalogue

BUILD_STATE = ".cache/builds.json"  # what each output folder was last built from
GENERATOR_DIR = Path(__file__).resolve().parent
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "nh3")  # what turns page data into HTML


def inputs(root: Path, as_of: datetime.date, publish: bool) -> list:
    """Everything a build reads: the catalogue, the theme, the generator and the engine."""
    versions = [importlib.metadata.version(name) for name in ENGINE_PACKAGES] + [sys.version]  # Python's Unicode data cuts search terms
    sources = (root / "site_config.yml", root / "content", engine.theme_dir(root), GENERATOR_DIR)
    return [["settings", str(as_of), publish, versions]] + [
        [path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path), size, mtime]
        for source in sources
        for path, size, mtime in _files(source)
    ]


def code(inputs: list, dated: bool = True) -> str:
    """The digest of a build's inputs but the content: the engine, Python, the theme and the
    generator, and (`dated`) the build's date and kind, which every page shows; a product's
    search terms do not depend on them (search.KeptTerms: kept from day to day)."""
    (_, _, _, versions), *files = inputs
    return digest(([inputs[0]] if dated else [versions]) + [entry for entry in files if not entry[0].startswith("content/")])


def catalogue_inputs(catalogue: Catalogue, codes: dict[str, Code], renditions: dict[str, Rendition]) -> tuple[str, dict[str, str]]:
    """What pages show, digested before any page is made: all of the catalogue but its records
    (settings, groups, areas, fairs, shops), and each record with its QR code and photos, by id.
    A product page shows its record and nothing of the others'. (The reprs of our dataclasses
    and pydantic models name every field; anything printed with its address never matches.
    A record's is digested once, when its file is checked: Record.digest.)"""
    context = sha256(repr((catalogue.config, catalogue.groups, catalogue.areas, catalogue.fairs, catalogue.shops)).encode())
    return context, {
        record.id: sha256(repr((record.id, record.path, record.digest, codes[record.id], [renditions[image.src] for image in record.product.images])).encode())
        for record in catalogue.records
    }


def page_key(code: str, lang: str, context: str, shown: str) -> str:
    """A page's key: the code and theme, the language, the catalogue's context and what the
    page shows (a product's inputs, or a list page's data), which decide its HTML."""
    return sha256(f"{code}\n{lang}\n{context}\n{shown}".encode())


@collector.paused()  # a list a file of the site
def reusable_files(out: Path, last: dict | None, present: dict[str, list[int]]) -> dict[str, Path]:
    """Files of the last build into `out` (pages, and copies of files in the cache) that are
    still as it wrote them (`present`: the site's files now, swap.files_of), by key."""
    return {key: out / relpath for relpath, (key, *stat) in (last or {}).get("files", {}).items() if present.get(relpath) == stat}


def copy_key(source: Path) -> str:
    """The key of a copy of a file in the cache: its name there says what it holds."""
    return f"copy:{source.name}"


@collector.paused()  # a list a file of the site
def output_digest(files: dict[str, list[int]]) -> str:
    """The digest of a site's files (swap.files_of): a site changed by hand is not up to date."""
    return digest([[relpath, *stat] for relpath, stat in files.items()])


def _files(source: Path):
    """(path, size, mtime) of the file, or of every file in the folder."""
    if source.is_file():
        stat = source.stat()
        yield source, stat.st_size, stat.st_mtime_ns
    elif source.is_dir():
        yield from walk(source)


def walk(folder: Path):
    """(path, size, mtime) of every file under the folder, in the order of their paths' parts
    (as sorted(folder.rglob("*")) has them), one stat a file: a site has 25 files a product."""
    for relpath, size, mtime in relative_files(folder):
        yield folder / relpath, size, mtime


def relative_files(folder: Path | str, prefix: str = ""):
    """walk's files as (path relative to the folder with "/", size, mtime): no Path made."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from relative_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                stat = entry.stat()
                yield prefix + entry.name, stat.st_size, stat.st_mtime_ns
        except FileNotFoundError:
            continue  # gone since the folder was listed (an editor's temporary file, as `ocop serve` watches)


def digest(entries: list) -> str:
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


def read_states(root: Path) -> tuple[dict, list[Problem]]:
    """The record of past builds, and a warning if it was unreadable: then it is ignored and
    the site built in full (a record that is wrong must not make a build skip or reuse)."""
    try:
        with collector.paused():
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
                    for html, (key, *stat) in state.get("files", {}).items())
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def write_states(root: Path, states: dict) -> None:
    write_atomic(root / BUILD_STATE, json.dumps(states).encode("utf-8"))  # no indent: json encodes that in Python (0.1 s at 2,000 products)
