"""The fork server a batch's pool of workers is forked from, started as early as a run can tell
that it will want one.

The server imports the pipeline (0.4 s) before it forks the first worker. Started by the batch,
that came after this process had imported the batch's record models and read the lexicons
(0.6 s): the second core idled, then waited. Started from the command line before those
imports, the server boots while this process does them. Nothing here imports more than the
standard library.
"""
from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

#: With workers=0 a batch starts a pool (of one process per core, four at most) only when it has
#: this many notices to extract: fewer are done before the pool would have started.
POOL_FROM = 16


def auto_workers(notices: int) -> int:
    """One process per core (four at most) for a batch large enough to pay for starting them."""
    return min(os.cpu_count() or 1, 4) if notices >= POOL_FROM else 1


def context(notices: int = 0):
    """Workers forked from a server that has imported the pipeline, with the kept grammars
    (pipeline/pattern_cache.py), and for a batch of *notices* ≥ POOL_FROM loaded both of
    OpenCC's converters (pipeline/warm_batch.py); spawn where fork servers do not exist.

    A spawned worker would pay the whole start-up (about a second) before its first notice. The
    lexicons each worker reads at its first notice (0.25 s), side by side with the others: a
    server that read them first too (a warm-up notice, pipeline/warm.py) made every worker wait
    for it, and a -j 2 batch took 0.2 s longer. The server reads its preload list when it
    starts: the first call decides."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        found = multiprocessing.get_context("forkserver")
        found.set_forkserver_preload(["taizhang.pipeline.run"]
                                     + (["taizhang.pipeline.warm_batch"] if notices >= POOL_FROM else []))
        return found
    return multiprocessing.get_context("spawn")


def ensure_running(found) -> None:
    """Start *found*'s fork server if it has one and it is not running yet."""
    if found.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with no_interrupts((signal.SIGINT,)):     # the server and its workers leave Ctrl-C to us
            forkserver.ensure_running()


def start_early(paths: list[Path], workers: int) -> None:
    """Start the server now when the inputs look like a batch for a pool (POOL_FROM files or
    more in the folders given, counted without reading them): a guess, that only decides
    when the server starts; the batch decides whether it is used."""
    notices = _count_up_to(paths, POOL_FROM)
    if (workers or auto_workers(notices)) >= 2 and notices >= 2:
        ensure_running(context(notices))


def _count_up_to(paths: list[Path], limit: int) -> int:
    count = 0
    for path in paths:
        if str(path) == "-":
            count += 1
        elif path.is_dir():
            for _, _, files in os.walk(path):
                count += len(files)
                if count >= limit:
                    return count
        else:
            count += 1
        if count >= limit:
            return count
    return count


@contextlib.contextmanager
def no_interrupts(signums: tuple = (signal.SIGINT, signal.SIGTERM)):
    """While the manifest is written or the pool stopped; with SIGINT only, while processes
    that must leave Ctrl-C to us start (they inherit ignored signals). A process started with
    SIGTERM ignored could not be terminated before it set its own handler."""
    try:
        previous = [(signum, signal.signal(signum, signal.SIG_IGN)) for signum in signums]
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous:
            signal.signal(signum, handler)
