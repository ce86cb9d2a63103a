"""parallel.map_in_processes: jobs in forked workers, and this process's own work meanwhile."""

import os
import time

import pytest

from generator import parallel


@pytest.fixture
def cores(monkeypatch):
    return lambda n: monkeypatch.setattr(parallel.os, "cpu_count", lambda: n)


def test_meanwhile_runs_in_this_process_while_the_workers_do(cores, tmp_path):
    """Each job waits for what `meanwhile` does: it must run before the jobs' results are
    awaited, not after (a build's open data is made while the languages are)."""
    cores(2)
    done = tmp_path / "meanwhile done"

    def job(item):
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return item, os.getpid(), done.exists()

    ran_in = []
    results = parallel.map_in_processes(job, ["vi", "en"], lambda: ran_in.append(os.getpid()) or done.touch())
    assert ran_in == [os.getpid()]
    assert [(item, saw_it) for item, _, saw_it in results] == [("vi", True), ("en", True)]
    assert os.getpid() not in {pid for _, pid, _ in results}


def test_with_one_core_meanwhile_runs_after_the_jobs(cores):
    cores(1)
    order = []
    assert parallel.map_in_processes(lambda item: order.append(item) or item * 2, [1, 2], lambda: order.append("meanwhile")) == [2, 4]
    assert order == [1, 2, "meanwhile"]


def test_an_error_meanwhile_is_raised_as_it_is(cores):
    cores(2)

    def fail():
        raise ValueError("products.json: no space left")

    with pytest.raises(ValueError, match="^products.json: no space left$"):
        parallel.map_in_processes(lambda item: item, ["vi", "en"], fail)


def test_an_item_left_over_by_the_workers_is_done_here_after_meanwhile(cores):
    """Five languages on two cores: a worker doing the fifth alone, after its two others, kept
    the build waiting; this process takes it once `meanwhile` is done."""
    cores(2)
    order = []
    results = parallel.map_in_processes(lambda item: (item, os.getpid(), list(order)), ["vi", "en", "ko"], lambda: order.append("meanwhile"))
    assert [item for item, _, _ in results] == ["vi", "en", "ko"]
    assert [pid == os.getpid() for _, pid, _ in results] == [False, False, True]
    assert results[2][2] == ["meanwhile"]  # done here, after meanwhile


def test_items_that_share_evenly_are_all_done_by_the_workers(cores):
    cores(2)
    results = parallel.map_in_processes(lambda item: os.getpid(), ["vi", "en", "ko", "zh"])
    assert os.getpid() not in results


@pytest.mark.parametrize("failing", [["vi"], ["ko"], ["meanwhile"], ["vi", "meanwhile"], ["ko", "meanwhile"], ["en", "ko"]])
def test_the_error_raised_is_the_one_a_single_core_raises(cores, failing):
    """The items' errors in their order, then meanwhile's, wherever each ran ("ko" here)."""
    def job(item):
        if item in failing:
            raise ValueError(item)
        return item

    def meanwhile():
        if "meanwhile" in failing:
            raise ValueError("meanwhile")

    for n in (1, 2):
        cores(n)
        with pytest.raises(ValueError) as raised:
            parallel.map_in_processes(job, ["vi", "en", "ko"], meanwhile)
        assert str(raised.value) == failing[0], n
