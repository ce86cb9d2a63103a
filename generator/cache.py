"""The build cache (.cache/): files made from inputs, kept for the next build, never trusted.

An entry is a key (a hash of what it was made from), its files, and a manifest `<key>.json`
written last, which records the SHA-256 of every file. A file cut short, overwritten, or
swapped for another (CI restores .cache/ between runs; two builds once shared a temporary
name) no longer matches its manifest: the entry is reported and made again, never published.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def write_atomic(target: Path, content: bytes) -> None:
    """Write a file whole or not at all, through a temporary file of its own (two processes
    writing the same target never write into each other's file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; the site's web server must read them
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
