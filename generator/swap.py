"""Putting a new build in place of the old site, with no moment without a site.

A build writes what it makes into a staging folder beside the site, on the same file system,
and names the old site's files it keeps as they are (NewSite). Then one of two ways:

- No page of the last build is kept (the first build, a new day, a new theme or setting, or a
  site changed since its last build): the kept files are linked into the staging folder, and
  the two folders are exchanged in one step. On Linux that is
  renameat2(RENAME_EXCHANGE): a reader, or a build killed at any instant, finds the old site or
  the new one, never none. Elsewhere, two renames follow each other closely.
- Pages of the last build stay (an edit): the new and changed files are renamed over the old ones,
  each in one step (a reader gets a file whole, old or new), what pages use before the pages;
  then the files the new site lacks are removed. This costs what changed, not the site's size:
  an edit at 20,000 products changes a few hundred of half a million files. A build killed
  meanwhile leaves whole files, some old and some new; the next build tells them apart by
  their size and time (incremental.reusable_files) and puts the rest in place.

Either way, a build that fails before this last step leaves the old site as it was, and so
does one that finds a file it keeps changed meanwhile by another program. Folders left beside
the site by killed builds are removed by the next build into it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

from . import collector
from .compress import COMPRESSORS
from .incremental import relative_files

AT_FDCWD = -100
RENAME_EXCHANGE = 2
_renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)

Files = dict[str, list[int]]  # a site's files: path in the site -> [size, mtime_ns], in walk's order


def files_of(folder: Path) -> tuple[Files, bool]:
    """The files of a site (none if there is no folder), and whether it holds only what a build
    makes: regular files and folders, no folder empty. A link or an empty folder is not seen
    in a site's files: such a site is replaced whole, not updated in place. (Modes are left
    as they are: a build keeps the last build's files, which keep theirs.)"""
    files: Files = {}
    with collector.paused():
        return files, folder.is_dir() and _walk_site(str(folder), "", files)


def _walk_site(folder: str, prefix: str, files: Files) -> bool:
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    clean = bool(entries)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            clean &= _walk_site(entry.path, f"{prefix}{entry.name}/", files)
        elif entry.is_file(follow_symlinks=False):
            stat = entry.stat(follow_symlinks=False)
            files[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]
        else:
            clean = False  # a link, or not a file
    return clean


class SiteChanged(OSError):
    """The machine refused once the site had begun to change: `state` says how it is left."""

    def __init__(self, error: OSError, state: str):
        super().__init__(error.errno, error.strerror, error.filename2 or error.filename)  # the file in the site, not in staging
        self.state = state


class ChangedMeanwhile(OSError):
    """A file of the site the new one keeps was changed by another program while it was built."""

    def __init__(self, path: str):
        super().__init__(None, "changed by another program while the site was being built: run this again", path)


class NewSite:
    """A build's site: the files it wrote in `staging`, and the old site's files it keeps."""

    def __init__(self, out: Path, before: Files):
        self.out = out
        # The old site's files when the build began, if it was as the last build left it; else
        # none: a build stopped while putting files in place leaves pages and their compressed
        # copies that do not match, so nothing is kept in place and no copy is trusted.
        self.before = before
        self.staging = staging_folder(out)
        self.kept: set[str] = set()  # paths of the old site's files that stay as they are

    def keep(self, old: Path, relpath: str) -> None:
        """A file of the last build, still as that build wrote it, at `relpath` in the new site."""
        if old == self.out / relpath and relpath in self.before:
            self.kept.add(relpath)
        else:
            self._link(old, relpath)

    def _link(self, old: Path, relpath: str) -> None:
        target = self.staging / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(old, target)

    def write(self, relpath: str, content: bytes) -> None:
        """A file of the new site; the old site's file stays when it has these bytes (most of
        an edit's browse data: creating files is what costs on a slow disk, not reading)."""
        old = self.out / relpath
        if self.before.get(relpath, [None])[0] == len(content) and _read(old) == content:
            self.kept.add(relpath)
        else:
            (self.staging / relpath).parent.mkdir(parents=True, exist_ok=True)
            (self.staging / relpath).write_bytes(content)

    def names(self, folder: str) -> list[str]:
        """The names of the new site's files in `folder` ("data/search/vi/"), sorted."""
        written = [entry.name for entry in os.scandir(self.staging / folder) if entry.is_file()] if (self.staging / folder).is_dir() else []
        return sorted({*written, *(relpath[len(folder):] for relpath in self.kept if relpath.startswith(folder) and "/" not in relpath[len(folder):])})

    def file(self, relpath: str) -> Path:
        """Where the file at `relpath` in the new site is now: written by this build, or kept."""
        return self.out / relpath if relpath in self.kept else self.staging / relpath

    def keep_unchanged(self) -> None:
        """Files the build wrote again with the same bytes (lists an edit did not change, data
        of other products) stay as they are: neither renamed nor compressed again."""
        for relpath, size, _ in list(relative_files(self.staging)):
            if self.before.get(relpath, [None])[0] == size and _same_bytes(self.staging / relpath, self.out / relpath):
                (self.staging / relpath).unlink()
                self.kept.add(relpath)

    def kept_with_copies(self) -> set[str]:
        """The kept files and their compressed copies."""
        return self.kept | {relpath + suffix for relpath in self.kept for suffix in COMPRESSORS if relpath + suffix in self.before}

    def link_kept(self) -> None:
        """The kept files into the staging folder, to replace the old site whole."""
        for relpath in sorted(self.kept):
            self._link(self.out / relpath, relpath)
        self.kept.clear()

    def put_in_place(self, last: str) -> Files:
        """The new site in place of the old: updated in place when files were kept (after
        keep_unchanged), else exchanged whole. Returns the new site's files. In place, the file
        `last` goes last (the service worker: it names the pages, which must be there first)."""
        written, _ = files_of(self.staging)
        if not self.kept:
            _exchange_whole(self.staging, self.out)
            return written
        kept = self.kept_with_copies()
        for relpath in sorted(kept):  # as the build found them: the new site is made of them
            try:
                stat = os.stat(f"{self.out}/{relpath}")
            except FileNotFoundError:
                stat = None
            if stat is None or [stat.st_size, stat.st_mtime_ns] != self.before[relpath]:
                raise ChangedMeanwhile(f"{self.out}/{relpath}")
        removed = [relpath for relpath in self.before if relpath not in kept and relpath not in written]

        def order(relpath: str) -> tuple:
            """Files pages use, then new pages, then changed ones (a list links to a new product's
            page), then `last`; a file's compressed copies before it."""
            file = relpath.removesuffix(".gz").removesuffix(".br")
            return file == last, file.endswith(".html"), file in self.before, file, relpath == file

        moved = 0
        try:
            for relpath in sorted(written, key=order):
                target = self.out / relpath
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / relpath, target)
                moved += 1
            for relpath in sorted(removed, key=lambda relpath: not relpath.endswith(".html")):  # pages first: none links to a removed file
                (self.out / relpath).unlink(missing_ok=True)
            for folder in sorted({parent for relpath in removed for parent in Path(relpath).parents if parent.parts}, key=lambda p: -len(p.parts)):
                try:
                    (self.out / folder).rmdir()
                except OSError:
                    pass  # not empty: other files of the new site are in it
        except OSError as e:
            if not moved:  # the site is as it was
                raise OSError(e.errno, e.strerror, e.filename2 or e.filename) from e
            raise SiteChanged(e, "is partly updated: run this again to finish it") from e
        shutil.rmtree(self.staging, ignore_errors=True)  # its empty folders; the next build removes what is left
        after = {relpath: stat for relpath, stat in self.before.items() if relpath in kept} | written
        return dict(sorted(after.items(), key=lambda item: item[0].split("/")))  # walk's order


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        with open(a, "rb") as first, open(b, "rb") as second:
            while True:
                chunk = first.read(1 << 20)
                if chunk != second.read(1 << 20):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


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


def link_or_copy(old: Path, target: Path) -> None:
    """A file of the old site in the new one: linked (the old site is removed after the swap;
    the file lives on), or copied where the file system has no links."""
    try:
        os.link(old, target)
    except OSError:
        shutil.copy2(old, target)


def _exchange_whole(staging: Path, out: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp makes 0700 folders; a web server must read this one
    if not out.exists():
        os.rename(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # the old site, now (what is left of it goes with the next build)
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)


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
