"""Precompressed copies: `file.gz` beside each text file of the site, at gzip's best level,
which nginx's `gzip_static on` (deploy/nginx.conf) sends instead of compressing every response
on the fly at a lower level. Byte-identical for the same file (no time or name in the header).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".csv", ".svg", ".xml", ".txt", ".webmanifest"}
MIN_BYTES = 512  # nginx's gzip_min_length: smaller responses go uncompressed anyway


def precompress(site: Path, previous: Path) -> None:
    """Compress every text file of `site`. A file hard-linked from the previous build in
    `previous` (an unchanged product page) takes that build's copy, linked too: a rebuild of
    thousands of products compresses only what changed."""
    for path in sorted(site.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        target = path.with_name(path.name + ".gz")
        old = previous / path.relative_to(site)
        if _same_file(path, old) and (old.with_name(old.name + ".gz")).is_file():
            os.link(old.with_name(old.name + ".gz"), target)
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            target.write_bytes(packed)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
