"""Product files as earlier runs read and checked them, kept in .cache/checked.pickle by file
state (size, modification time, inode, as make compares files): with 20,000 records, reading
and checking every one is most of what a build or `ocop check` does before it starts. What a
record's check also depends on: the photos it names, whose states are kept with it; the site's
settings, groups and areas and the generator itself, digested into the context (when any of
them changes, every record is checked again).

An edit changes a record or two of thousands: it writes only the records checked since the
whole cache was written (.cache/checked-changes.pickle, naming the whole cache by its digest),
until they are an eighth of the records; then the whole cache is written again. Writing the
whole cache costs as much as reading it (seconds at 20,000 records).

The cache is never trusted: its digest is checked before it is read, and a damaged one is
said and ignored; so are changes made for another whole cache.
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
CHANGES = f"{CACHE_DIR}/checked-changes.pickle"
REWRITE_SHARE = 8  # the whole cache is written again when the changes reach 1/8 of the records
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
    digest: str  # of the product's repr (reprs of models name every field): what its pages are keyed by


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


Files = dict[str, tuple[FileState, Checked]]  # by path in the catalogue


@dataclass
class Known:
    """The cache as read: every file as last checked, and what the whole cache holds."""

    files: Files  # the whole cache with its changes
    whole: Files
    whole_digest: bytes  # the digest of the whole cache's bytes, which its changes name; b"" if none


def read(root: Path, digest: str) -> tuple[Known, list[Problem]]:
    """The files checked in the same context, and a warning for each damaged cache file."""
    problems: list[Problem] = []
    whole: Files = {}
    whole_digest = b""
    found = _unpickled(root, CHECKED, 2, "every record", problems)
    if found and found[1][0] == digest:
        whole_digest, (_, whole) = found
    files = dict(whole)
    changes = _unpickled(root, CHANGES, 3, "the records it holds", problems) if whole_digest else None
    if changes and changes[1][0] == whole_digest:
        _, (_, changed, removed) = changes
        files.update(changed)
        for path in removed:
            files.pop(path, None)
    return Known(files, whole, whole_digest), problems


def _unpickled(root: Path, name: str, size: int, records: str, problems: list[Problem]) -> tuple[bytes, tuple] | None:
    """A cache file's digest and content (a tuple of `size`); None if it is missing, damaged
    (said) or not what this generator writes."""
    try:
        content = (root / name).read_bytes()
    except OSError:
        return None
    body = content[DIGEST_BYTES:]
    if hashlib.sha256(body).digest() != content[:DIGEST_BYTES]:
        problems.append(Problem(name, 0, "", f"damaged in the cache (not the bytes it was made with): {records} checked again", warning=True))
        return None
    try:
        content_read = pickle.loads(body)
    except Exception:  # unpickling what a newer or older generator wrote raises anything
        return None
    return (content[:DIGEST_BYTES], content_read) if isinstance(content_read, tuple) and len(content_read) == size else None


def write(root: Path, digest: str, files: Files, known: Known) -> None:
    """Keep what was checked: nothing if it is what was read, else the changes since the whole
    cache while they are few, else the whole cache."""
    def same(path: str, entry: tuple[FileState, Checked], kept: Files) -> bool:
        return path in kept and kept[path][0] == entry[0] and kept[path][1] is entry[1]

    if files.keys() == known.files.keys() and all(same(path, entry, known.files) for path, entry in files.items()):
        return
    try:
        if known.whole_digest:
            changed = {path: entry for path, entry in files.items() if not same(path, entry, known.whole)}
            removed = sorted(known.whole.keys() - files.keys())
            if len(changed) + len(removed) < max(1, len(files) // REWRITE_SHARE):
                _write(root, CHANGES, (known.whole_digest, changed, removed))
                return
        _write(root, CHECKED, (digest, files))
        (root / CHANGES).unlink(missing_ok=True)  # made for the whole cache just replaced
    except OSError:
        pass  # a read-only catalogue is checked in full each time: nothing is lost


def _write(root: Path, name: str, content: object) -> None:
    body = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(root / name, hashlib.sha256(body).digest() + body)
