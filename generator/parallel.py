"""Jobs spread over the machine's cores in forked processes, as if run one after another.

A build's languages are separate MkDocs builds, each CPU-bound. Forked workers inherit what
was prepared before them (the pages), so nothing large is pickled; only the items and the
results cross. An error in a job is raised here as it was raised there (same type and
message), and what the jobs log reaches this process's handlers.
"""

from __future__ import annotations

import concurrent.futures
import logging
import logging.handlers
import multiprocessing
import os
import traceback
from typing import Callable, TypeVar

from .collector import long_lived

Item = TypeVar("Item")
Result = TypeVar("Result")

_job: Callable | None = None  # what the workers run: inherited through the fork, never pickled


def map_in_processes(job: Callable[[Item], Result], items: list[Item], meanwhile: Callable[[], object] = lambda: None) -> list[Result]:
    """[job(item) for item in items], one worker process per core (at most one per item);
    in this process when there is one core or one item, or no fork on this system.
    `meanwhile` runs in this process while the workers do (its result is not kept): work that
    needs none of theirs takes a core one of them leaves idle at the end, not a time of its own.
    When the items do not share evenly among the workers (five languages on two cores), the last
    is done here too, after `meanwhile`, rather than by a worker once the others are done."""
    workers = min(os.cpu_count() or 1, len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        results = [job(item) for item in items]
        meanwhile()
        return results
    global _job
    context = multiprocessing.get_context("fork")
    records = context.Queue()
    listener = logging.handlers.QueueListener(records, _Replay())
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_send_logs_to, initargs=(records,)) as pool:
        _job = job
        try:
            here = items[-1:] if len(items) % workers else []
            with long_lived():  # the workers' collector then leaves the inherited objects (and their memory) shared
                futures = [pool.submit(_run, item) for item in items[: len(items) - len(here)]]  # the first submit forks every worker
        finally:
            _job = None
        listener.start()  # only now: no thread of ours is copied into the workers
        try:
            # This process's errors are raised after the workers', so that the error a build
            # reports is the one it reports on one core: the items' in their order, then meanwhile's.
            late = [error for error in [_error_of(meanwhile)] if error]
            done_here = []
            for item in here:
                try:
                    done_here.append(job(item))
                except Exception as error:
                    late.insert(0, error)  # before meanwhile's: the items' errors come first
            results = [_unwrap(future.result()) for future in futures]
            if late:
                raise late[0]
            return results + done_here
        except BaseException:
            pool.shutdown(cancel_futures=True)  # the build failed: start no other job
            raise
        finally:
            pool.shutdown()  # the workers have exited: every record they sent has arrived
            listener.stop()


def _error_of(call: Callable[[], object]) -> Exception | None:
    """The error a call raised, if any: to raise in its turn."""
    try:
        call()
    except Exception as error:
        return error
    return None


def _run(item):
    try:
        return _job(item)
    except Exception as error:
        return _Failed(error)


class _Failed:
    """An error raised in a worker, sent with its attributes: pickling an exception keeps only
    what its __reduce__ names (Jinja's drops the flag that keeps the file out of its message)."""

    def __init__(self, error: Exception):
        self.error = error
        self.attributes = dict(vars(error))
        self.trace = "".join(traceback.format_exception(error))


def _unwrap(result):
    if isinstance(result, _Failed):
        vars(result.error).update(result.attributes)
        result.error.add_note(f"Raised in a worker process:\n{result.trace}")  # for tracebacks; the message is unchanged
        raise result.error
    return result


def _send_logs_to(records) -> None:
    """In a worker: everything logged goes to the parent, instead of to the handlers copied by the fork."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    root.addHandler(logging.handlers.QueueHandler(records))


class _Replay(logging.Handler):
    """In the parent: a worker's record, handled as if it had been logged here."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)
