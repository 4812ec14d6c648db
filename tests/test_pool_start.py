"""The process that starts a pool is one of the workers: it extracts the smallest notices, from
the start and after the pool is up, while the pool takes the largest, a few at a time. Each
notice is done once, whoever does it, and a stop or a pool that cannot start is reported as
before. The pool here is a thread pool behind a fake start that waits on a gate."""
from __future__ import annotations

import threading
import time
from multiprocessing.pool import ThreadPool

import pytest

from conftest import SEEDS
from taizhang.pipeline import batch


class GatedStart:
    """A start method whose pool only comes up once *gate* is set (a fork server booting)."""

    def __init__(self, gate: threading.Event, fails: bool = False):
        self.gate, self.fails, self.pools = gate, fails, []

    def get_start_method(self) -> str:
        return "forkserver"

    def Pool(self, workers):     # noqa: N802 (multiprocessing's name)
        self.gate.wait(10)
        if self.fails:
            raise OSError(24, "Too many open files")
        pool = RecordingPool(workers)
        self.pools.append(pool)
        return pool


class RecordingPool(ThreadPool):
    terminated = False

    def terminate(self):
        self.terminated = True
        super().terminate()


@pytest.fixture
def fake_start(monkeypatch):
    """A `process` that records who ran which notice (the starter: the main thread), the gated
    start installed, and jobs `(size, index)` handed out largest first."""
    gate = threading.Event()
    done: dict[int, str] = {}
    plan = {"up_after": 3, "stop_at": None}       # the pool comes up after three small notices
    lock = threading.Lock()

    def process(size, index):
        here = "starter" if threading.current_thread() is threading.main_thread() else "pool"
        with lock:
            by_starter = sum(who == "starter" for who in done.values())
            if here == "starter" and by_starter == plan["stop_at"]:
                threading.Timer(0.3, gate.set).start()     # the server comes up after the stop
                raise KeyboardInterrupt
            assert index not in done, f"notice {index} done twice"
            done[index] = here
            if by_starter + 1 == plan["up_after"]:
                gate.set()
        time.sleep(0.02)                                    # a notice takes a while
        return batch.Outcome(index, None)

    start = GatedStart(gate)
    monkeypatch.setattr(batch, "process", process)
    monkeypatch.setattr(batch, "_context", lambda notices=0: start)
    monkeypatch.setattr(batch, "_new_pool", lambda context, workers: context.Pool(workers))
    monkeypatch.setattr(batch, "_largest_first", lambda args: sorted(args, key=lambda a: -a[0]))
    monkeypatch.setattr("multiprocessing.forkserver.ensure_running", lambda: None)
    return start, gate, done, plan


def test_the_starter_takes_the_smallest_notices_until_the_pool_is_up(fake_start):
    start, _, done, _ = fake_start
    sizes = [5, 90, 12, 70, 1, 33, 8, 60, 2, 45]
    finished = []
    batch._run_pool([(size, i) for i, size in enumerate(sizes)], 3, lambda o: finished.append(o.index))
    assert sorted(finished) == list(range(len(sizes)))          # each notice finished once
    by_starter = sorted(sizes[i] for i, who in done.items() if who == "starter")
    assert by_starter[:3] == [1, 2, 5]                          # smallest first, before the pool
    assert "pool" in done.values()
    assert all(sizes[i] > max(by_starter) for i, who in done.items() if who == "pool")
    assert not start.pools[0].terminated


def test_the_starter_goes_on_once_the_pool_is_up_and_the_pool_is_handed_a_few_at_a_time(fake_start):
    start, _, done, _ = fake_start
    sizes = list(range(40))
    in_pool, most = [0], [0]
    original = batch._Tasks._hand_one

    def hand_one(tasks):
        original(tasks)
        in_pool[0] = tasks.handed - sum(who == "pool" for who in done.values())
        most[0] = max(most[0], in_pool[0])

    batch._Tasks._hand_one = hand_one
    try:
        finished = []
        batch._run_pool([(size, i) for i, size in enumerate(sizes)], 2, lambda o: finished.append(o.index))
    finally:
        batch._Tasks._hand_one = original
    assert sorted(finished) == sizes
    by_starter = sum(who == "starter" for who in done.values())
    assert by_starter > 3 + 5 and len(done) - by_starter > 5      # both at work after the start
    assert most[0] <= 3            # two ahead for the one worker (one more as a result comes back)


def test_a_batch_the_starter_finishes_alone_waits_for_the_pool_and_closes_it(fake_start):
    start, gate, done, plan = fake_start
    plan["up_after"] = None
    threading.Timer(0.3, gate.set).start()
    finished = []
    batch._run_pool([(1, 0), (2, 1)], 2, lambda o: finished.append(o.index))
    assert sorted(finished) == [0, 1] and set(done.values()) == {"starter"}
    pool = start.pools[0]
    assert not pool.terminated and all(not worker.is_alive() for worker in pool._pool)


def test_a_stop_while_the_pool_starts_terminates_it_and_hands_it_nothing(fake_start):
    start, _, done, plan = fake_start
    plan["up_after"], plan["stop_at"] = None, 1
    finished = []
    with pytest.raises(KeyboardInterrupt):
        batch._run_pool([(size, i) for i, size in enumerate([4, 3, 2, 1])], 2, lambda o: finished.append(o.index))
    assert finished == [3]                                   # the smallest, done before the stop
    assert set(done.values()) == {"starter"}                 # the pool got nothing
    assert start.pools[0].terminated


def test_a_pool_that_cannot_start_is_an_error_raised_without_doing_everything_alone(fake_start):
    start, gate, done, plan = fake_start
    start.fails, plan["up_after"] = True, None
    gate.set()
    with pytest.raises(OSError, match="Too many open files"):
        batch._run_pool([(size, 0) for size in range(200)], 2, lambda o: None)
    assert len(done) < 200


def test_two_workers_write_what_one_process_writes(tmp_path):
    """The real pool and its starter both at work: 20 notices (the seeds, four times)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for copy in range(4):
        for seed in sorted(SEEDS.glob("*.txt")):
            (inbox / f"{copy}-{seed.name}").write_bytes(seed.read_bytes() + f"\n{copy}\n".encode())
    outputs = {}
    for workers in (1, 2):
        jobs, skipped = batch.collect([inbox])
        out = tmp_path / f"out{workers}"
        manifest = batch.run_batch(jobs, skipped, out, workers=workers)
        assert manifest.totals["ok"] == 20
        outputs[workers] = {p.name: p.read_bytes() for p in out.iterdir() if p.name != "manifest.json"}
    assert outputs[2] == outputs[1]


QUIET_POOL = """
import multiprocessing, sys, threading, time
from taizhang.pipeline.quiet_pool import QuietPool

if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    pool = QuietPool(2, maxtasksperchild=int(sys.argv[1]) or None, context=context)
    results = [pool.apply_async(abs, (-n,)) for n in range(12)]
    assert [r.get(timeout=30) for r in results] == list(range(12))
    pool.close()
    pool.join()
    busy = QuietPool(2, context=context)
    busy.apply_async(time.sleep, (60,))
    started = time.monotonic()
    busy.terminate()
    print(round(time.monotonic() - started, 1))
"""


@pytest.mark.parametrize("replace_workers", [False, True])
def test_the_quiet_pool_does_every_task_and_stops(tmp_path, replace_workers):
    """Without waking on results, the pool still replaces workers that exit (here after every
    task), finishes every task, and stops when closed or terminated (in a child process, so
    that a pool that never stops fails the test rather than hanging it)."""
    import subprocess
    import sys

    script = tmp_path / "quiet_pool.py"
    script.write_text(QUIET_POOL, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "1" if replace_workers else "0"],
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) < 20         # terminated, not waited for


def test_the_server_starts_early_only_for_what_looks_like_a_batch(tmp_path, monkeypatch):
    from taizhang.pipeline import pool_server

    started = []
    monkeypatch.setattr(pool_server, "ensure_running", lambda context: started.append(context))
    monkeypatch.setattr(pool_server.os, "cpu_count", lambda: 2)
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for n in range(pool_server.POOL_FROM - 1):
        (folder / ("sub" if n % 2 else "") / f"{n}.txt").write_text("x")
    pool_server.start_early([folder], 0)
    assert started == []                                    # 15 files: one process (auto)
    pool_server.start_early([folder], 2)
    assert len(started) == 1                                # -j 2 asks for a pool
    (folder / "last.txt").write_text("x")
    pool_server.start_early([folder], 0)
    assert len(started) == 2                                # 16 files: one worker per core
    pool_server.start_early([folder / "last.txt"], 4)
    assert len(started) == 2                                # one notice: no pool
