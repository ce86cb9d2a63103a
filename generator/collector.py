"""Python's cycle collector, told what a build keeps. A build makes millions of objects that
live to its end (the records, the site's lists of files, each language's page data); every
full pass of the collector goes through all of them, and as they grow a pass comes every few
hundred thousand new objects: 2.8 s of an 18 s edit at 5,000 products went to those passes in
the main process (0.5 s now: bench/README.md). Refcounting frees everything as before; only
the search for cycles is spared.
"""

from __future__ import annotations

import contextlib
import gc

_long_lived_depth = 0  # of long_lived() blocks this process is in


@contextlib.contextmanager
def long_lived():
    """The objects made so far live until the end of the block: the collector leaves them,
    and worker processes forked meanwhile share their memory. Any that end in a cycle are
    collected after the outermost block (a worker, forked inside one, never leaves it)."""
    global _long_lived_depth
    gc.freeze()
    _long_lived_depth += 1
    try:
        yield
    finally:
        _long_lived_depth -= 1
        if not _long_lived_depth:
            gc.unfreeze()


def settled() -> None:
    """Inside long_lived(): the objects made since it began live until it ends too."""
    if _long_lived_depth:
        gc.freeze()


@contextlib.contextmanager
def paused():
    """No search for cycles while a large file is read into objects (every record checked, the
    site's files): reading makes no garbage, and passes over what it has read so far cost more
    than the reading."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
