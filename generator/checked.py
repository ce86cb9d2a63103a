"""Product files as earlier runs read and checked them, kept in .cache/checked.pickle by file
state (size, modification time, inode, as make compares files): with 20,000 records, reading
and checking every one is most of what a build or `ocop check` does before it starts. What a
record's check also depends on: the photos it names, whose states are kept with it; the site's
settings, groups and areas and the generator itself, digested into the context (when any of
them changes, every record is checked again).

The cache is never trusted: its digest is checked before it is read, and a damaged one is
said and ignored.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR, write_atomic
from .problems import Problem

CHECKED = f"{CACHE_DIR}/checked.pickle"
GENERATOR_DIR = Path(__file__).resolve().parent
DIGEST_BYTES = 32


@dataclass
class Checked:
    """One product file read and checked, alone: what the catalogue needs of it."""

    problems: list[Problem]
    product: Any  # a Product, a DraftProduct, or None when the file or the schema refused it
    draft: bool
    missing: list[str]  # a draft's required fields still missing
    raw_gtin: object  # the GTIN as written, even in a record the schema refused
    gtin_line: int
    photos: dict[Path, FileState]  # the state of each photo file it names when it was checked (() if none)


FileState = tuple[int, ...]


def file_state(path: Path) -> FileState:
    """The file's size, modification time and inode, and its link's; () if there is no file."""
    try:
        stat, link = path.stat(), path.lstat()  # a link and what it points at: either may change
    except (OSError, ValueError):
        return ()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino, link.st_mtime_ns, link.st_ino


def still(kept: tuple[FileState, Checked], state: FileState) -> bool:
    """Whether a file kept as checked is as it was then (it is now in `state`), and so are the
    photos it names."""
    return bool(state) and state == kept[0] and all(file_state(photo) == photo_state for photo, photo_state in kept[1].photos.items())


def context(root: Path, sources: list[str]) -> str:
    """The digest of what every record's check reads besides the record: the files and folders
    `sources` (relative to root) and the generator's code."""
    states = []
    for source in [*(root / name for name in sources), GENERATOR_DIR]:
        paths = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in paths:
            try:
                states.append((str(path), *file_state(path)))
            except OSError:
                states.append((str(path),))
    return hashlib.sha256(repr(states).encode()).hexdigest()


def read(root: Path, digest: str) -> tuple[dict[str, tuple[FileState, Checked]], list[Problem]]:
    """The files checked in the same context, by path, and a warning if the cache was damaged."""
    try:
        content = (root / CHECKED).read_bytes()
    except OSError:
        return {}, []
    body = content[DIGEST_BYTES:]
    try:
        if hashlib.sha256(body).digest() == content[:DIGEST_BYTES]:
            kept_digest, files = pickle.loads(body)
            return (files if kept_digest == digest else {}), []
    except Exception:  # unpickling what a newer or older generator wrote raises anything
        return {}, []
    return {}, [Problem(CHECKED, 0, "", "damaged in the cache (not the bytes it was made with): every record checked again", warning=True)]


def write(root: Path, digest: str, files: dict[str, tuple[FileState, Checked]]) -> None:
    body = pickle.dumps((digest, files), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomic(root / CHECKED, hashlib.sha256(body).digest() + body)
    except OSError:
        pass  # a read-only catalogue is checked in full each time: nothing is lost
