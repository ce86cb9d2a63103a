"""Putting a finished site in place of the old one, with no moment without a site.

On Linux, renameat2(RENAME_EXCHANGE) swaps the two folders in one step: a reader (or a
build killed at any instant) finds the old site or the new one, never none. Elsewhere, two
renames follow each other closely. Folders left beside the site by builds that were killed
are removed by the next build into it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def staging_folder(out: Path) -> Path:
    """A new, empty folder beside `out`, on the same file system, to build into."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds into `out` that were killed (the caller holds its lock)."""
    for folder in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in out.parent.glob(f".{out.name}.old-*"):  # the two-renames way's
        shutil.rmtree(folder, ignore_errors=True)


def keep(old: Path, target: Path) -> None:
    """A file of the old site in the new one: linked (the old site is removed after the swap;
    the file lives on), or copied where the file system has no links."""
    try:
        os.link(old, target)
    except OSError:
        shutil.copy2(old, target)


def put_in_place(staging: Path, out: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp makes 0700 folders; a web server must read this one
    if not out.exists():
        os.rename(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging)  # the old site, now
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
        os.rename(staging, out)
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
