"""Precompressed copies: `file.gz` and `file.br` beside each text file of the site, which
nginx's `gzip_static on` and `brotli_static on` (deploy/nginx.conf) send instead of
compressing every response on the fly at a lower level. Byte-identical for the same file (no
time or name in the header). Browsers ask for brotli over HTTPS; it is 3 to 15 % smaller.

Compressing is a third of a full build, so copies are kept in the cache by the digest of the
bytes they were made from: a build compresses only pages whose bytes it has not seen. The
cache keeps the copies the last build into each site used, and no others.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import brotli

from . import incremental, parallel
from .cache import Cache, sha256, write_atomic

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".csv", ".svg", ".xml", ".txt", ".webmanifest"}
MIN_BYTES = 512  # nginx's gzip_min_length: smaller responses go uncompressed anyway
AREA = "compressed"  # the cache's folder of copies
DIGEST_BYTES = 32  # each copy in the cache follows the SHA-256 of its bytes
FORMAT = 2  # in the entries' names: changed with the way copies are kept, older entries are unused (and removed)
ENTRY_NAME = re.compile(r"[0-9a-f]{64}-[0-9]+-[0-9]+\.(gz|br)")  # "<SHA-256 of the file>-<level>-<FORMAT><suffix>"


def _gzip(data: bytes, level: int) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)


def _brotli(data: bytes, level: int) -> bytes:
    return brotli.compress(data, quality=level, mode=brotli.MODE_TEXT)


# suffix: (compress, level for a page, level for the shared assets). Brotli's best
# level costs 50 ms a product page (35 minutes for 20,000 products) for 10 % less than level 5,
# which is as fast as gzip -9: the best only for the few shared assets.
COMPRESSORS = {
    ".gz": (_gzip, 9, 9),
    ".br": (_brotli, 5, 11),
}


@dataclass
class Copies:
    """The cache entry of each compressed copy of a site (by the copy's path in it), to
    remember once the site is in place (remember)."""

    previous: Path
    entries: dict[str, str]
    start: float
    dropped: set[str] | None  # entries the previous site used and this one does not; None: look through the whole cache


def precompress(site: Path, previous: Path, cache: Cache, kept: set[str], previous_intact: bool) -> Copies:
    """Compress every text file of `site`, on every core (the files are independent). A file
    linked from the previous build in `previous` (a file of the last build the new site
    keeps) takes that build's copy; any other takes the cache's copy of the same bytes, checked
    by its digest. The files of `previous` that are `kept` where they are (their paths) keep
    their copies. No copy of `previous` is used unless it is `previous_intact`: as its build
    left it. When files are kept (an edit), only the entries the site stops using are removed
    from the cache afterwards (remember); else the whole cache is looked through, which also
    removes what killed builds left."""
    paths = [path for path, size, _ in incremental.walk(site) if path.suffix in TEXT_SUFFIXES and size >= MIN_BYTES]
    folder, start = cache.path(AREA), time.time()
    last = _read_record(_record(folder, previous), previous) if previous_intact else {}
    shares = max(1, min(os.cpu_count() or 1, len(paths)))
    entries = {copy: last[copy] for relpath in kept for suffix in COMPRESSORS if (copy := relpath + suffix) in last}
    for share_entries, damaged in parallel.map_in_processes(lambda share: _compress(share, site, previous, folder, last), [paths[k::shares] for k in range(shares)]):
        entries |= share_entries
        cache.damaged += damaged
    return Copies(previous, entries, start, set(last.values()) - set(entries.values()) if kept else None)


def remember(cache: Cache, copies: Copies) -> None:
    """Record which cache entries the site's copies came from (to keep them), and remove the
    entries no site uses. After the site is in place: a build that failed leaves the record of
    the site as it is."""
    folder = cache.path(AREA)
    write_atomic(_record(folder, copies.previous), json.dumps({"site": str(copies.previous), "entries": copies.entries}).encode())
    _remove_unused(folder, copies.start, copies.dropped)


def _record(folder: Path, site: Path) -> Path:
    return folder / "sites" / f"{sha256(str(site).encode())[:16]}.json"


def _compress(paths: list[Path], site: Path, previous: Path, folder: Path, last: dict[str, str]) -> tuple[dict[str, str], list[Path]]:
    """Makes the copies of `paths`. Returns the cache entry of each copy (by the copy's path
    in the site), and the entries found damaged (made again)."""
    entries, damaged = {}, []
    for path in paths:
        relpath = path.relative_to(site)
        old = previous / relpath
        unchanged = _same_file(path, old)
        data = digest = None
        for suffix, (pack, page_level, shared_level) in COMPRESSORS.items():
            target, old_copy, copy = path.with_name(path.name + suffix), old.with_name(old.name + suffix), f"{relpath.as_posix()}{suffix}"
            level = shared_level if "assets" in relpath.parts else page_level  # each language has its own
            if unchanged and old_copy.is_file() and last.get(copy, "").endswith(f"-{level}-{FORMAT}{suffix}"):  # made as this code makes it
                os.link(old_copy, target)
                entries[copy] = last[copy]
                continue
            if data is None:
                data = path.read_bytes()
                digest = sha256(data)
            name = entries[copy] = f"{digest}-{level}-{FORMAT}{suffix}"
            entry = folder / name[:2] / name
            packed = _read(entry)
            if packed is False:
                damaged.append(entry)
            if not packed:
                packed = pack(data, level)
                write_atomic(entry, hashlib.sha256(packed).digest() + packed)
            if len(packed) < len(data):
                target.write_bytes(packed)  # not linked: damage done to the cache must not reach a site
    return entries, damaged


def _read_record(record: Path, site: Path) -> dict[str, str]:
    """Which cache entry each copy of the site's last build came from (to keep them), or none
    if that is unknown: its copies are then read again."""
    try:
        recorded = json.loads(record.read_bytes())
        if recorded["site"] == str(site) and all(isinstance(v, str) and ENTRY_NAME.fullmatch(v) for v in recorded["entries"].values()):
            return recorded["entries"]  # names of entries, never a path: an edit removes those it stops using
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return {}


def _remove_unused(folder: Path, start: float, candidates: set[str] | None) -> None:
    """Remove the entries (of `candidates`, else all) that the last build into each site did not
    use, but for those made since `start` (by a build running beside this one). Records of
    sites since removed go."""
    used = set()
    for record in (folder / "sites").glob("*.json"):
        try:
            recorded = json.loads(record.read_bytes())
            if Path(recorded["site"]).is_dir() or record.stat().st_mtime >= start:
                used |= set(recorded["entries"].values())
                continue
        except (OSError, ValueError, KeyError, TypeError, AttributeError):  # a damaged record: its site's copies are made again
            pass
        record.unlink(missing_ok=True)
    for entry in folder.glob("??/*") if candidates is None else (folder / name[:2] / name for name in candidates):
        if entry.name not in used:
            _remove_if_older(entry, start)


def _read(entry: Path) -> bytes | None | Literal[False]:
    """The copy kept in the entry (after the SHA-256 of its bytes); None if there is none,
    False if it is damaged."""
    try:
        content = entry.read_bytes()
    except OSError:
        return None
    packed = content[DIGEST_BYTES:]
    return packed if packed and hashlib.sha256(packed).digest() == content[:DIGEST_BYTES] else False


def _remove_if_older(entry: Path, start: float) -> None:
    try:
        if entry.stat().st_mtime < start:
            entry.unlink()
    except OSError:
        pass  # removed meanwhile by another build


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
