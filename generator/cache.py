"""The build cache (.cache/): files made from inputs, kept for the next build, never trusted.

An entry is a key (a hash of what it was made from), its files, and a manifest `<key>.json`
written last, which records the SHA-256 of every file. A file cut short, overwritten, or
swapped for another (CI restores .cache/ between runs; two builds once shared a temporary
name) no longer matches its manifest: the entry is reported and made again, never published.
An entry whose files a build may not read (a site keeps its own copy) is looked up by `meta`
and checked (`load`) only by whoever reads its files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

CACHE_DIR = ".cache"  # under the catalogue's folder


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


class Cache:
    """The cache folder. Keys and names start with their area, e.g. "qr/…". `damaged` lists
    the files found damaged, which were then made again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.damaged: list[Path] = []

    def path(self, name: str) -> Path:
        return self.folder / name

    def made(self, key: str) -> bool:
        """Whether an entry was made for this key (its files unchecked)."""
        return self._manifest(key) is not None

    def meta(self, key: str) -> dict | None:
        """The entry's metadata, its files unchecked: for a build that may not read them (the
        site keeps its own copy). Whoever reads them loads the entry first (`load`)."""
        manifest = self._manifest(key)
        return None if manifest is None else manifest["meta"]

    def load(self, key: str) -> dict | None:
        """The entry's metadata if each of its files holds the bytes it was made with;
        None if there is no such entry, or if it is damaged (then it is noted in `damaged`)."""
        manifest = self._manifest(key)
        if manifest is None:
            return None
        for name, digest in manifest["files"].items():
            try:
                good = sha256(self.path(name).read_bytes()) == digest
            except OSError:
                good = False
            if not good:
                self.damaged.append(self.path(name))
                return None
        return manifest["meta"]

    def store(self, key: str, files: dict[str, bytes], meta: dict) -> None:
        for name, content in files.items():
            write_atomic(self.path(name), content)
        manifest = {"files": {name: sha256(content) for name, content in files.items()}, "meta": meta}
        write_atomic(self.folder / f"{key}.json", json.dumps(manifest).encode())

    def _manifest(self, key: str) -> dict | None:
        path = self.folder / f"{key}.json"
        try:
            manifest = json.loads(path.read_bytes())
        except OSError:
            return None
        except ValueError:
            manifest = None
        if not (isinstance(manifest, dict) and isinstance(manifest.get("files"), dict) and "meta" in manifest):
            self.damaged.append(path)
            return None
        return manifest
