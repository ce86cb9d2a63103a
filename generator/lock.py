"""One build at a time per catalogue and output folder.

Two builds into the same folder (`ocop build` while another runs, or from two terminals)
would swap their sites over each other and write the same record in .cache/builds.json;
the second waits for the first, and says so.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
from pathlib import Path

LOCKS_DIR = ".cache/locks"


@contextlib.contextmanager
def build_lock(root: Path, out: Path):
    """Hold the lock of this catalogue's builds into `out` (released when the process ends,
    however it ends: the kernel drops a flock with its file)."""
    path = lock_file(root, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "?"
            print(f"waiting for another ocop (process {holder}) that is building {out} to finish…", file=sys.stderr, flush=True)
            fcntl.flock(file, fcntl.LOCK_EX)
        file.seek(0)
        file.truncate()
        file.write(str(os.getpid()))
        file.flush()
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def lock_file(root: Path, out: Path) -> Path:
    return root / LOCKS_DIR / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}.lock"
