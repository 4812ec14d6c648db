"""A batch's notices on a dask.distributed cluster (`taizhang extract … --scheduler tcp://HOST:PORT`).

Each notice is the same `batch.process` call the local pool makes: the worker reads the input
and writes the outputs itself, so the input and output folders must be on a filesystem every
worker sees at the same path. Outcomes come back as they complete and the batch writes the
manifest in input order, so a cluster run gives the bytes a local run gives.

Imported only when a scheduler is given (Dask takes a second to import); `distributed` itself
only inside `connect`, so that a missing extra is one line, not a traceback.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import signal
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

from taizhang import __version__
from taizhang.pipeline.batch import (ClusterError, Interrupted, Outcome, _failed, _largest_first, _no_interrupts, _where,
                                     code_fingerprint, process)

#: Seconds to reach the scheduler, and then to see a first worker, before giving up.
CONNECT_TIMEOUT = 10
INSTALL = "pip install 'taizhang[dask]'"


def connect(address: str, timeout: float | None = None):
    """A `distributed.Client` of the scheduler at *address* with at least one worker running
    this version of taizhang; ClusterError (one line) otherwise."""
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(f"--scheduler runs the notices on a Dask cluster, which needs Dask: {INSTALL}") from None
    _check_reachable(address, timeout)
    _quiet_client_logs()
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:    # OSError, TimeoutError: the port answers, but not as a scheduler
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                           f"({_reason(exc)})") from None
    try:
        _check_workers(client, address, timeout)
    except BaseException:
        client.close()
        raise
    return client


def _quiet_client_logs() -> None:
    """Dask's client logs warnings of its own (an event loop slow under load, connections closed
    at exit) on stderr, between our one-line messages; what matters reaches the user as a
    ClusterError or a failed notice."""
    logging.getLogger("distributed").setLevel(logging.ERROR)


def _check_reachable(address: str, timeout: float) -> None:
    """A bad address or a closed port in one line at once (the client would retry for the whole
    timeout, and leave a half-made client behind that takes seconds more to close)."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location) if scheme in ("tcp", "tls") else (None, None)
    except ValueError as exc:
        raise ClusterError(f"--scheduler {address}: not a scheduler address ({_reason(exc)}); "
                           "give tcp://HOST:PORT") from None
    if host is None:
        return
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or _reason(exc))
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason} "
                           "(is `dask scheduler` running there?)") from None


def _check_workers(client, address: str, timeout: float) -> None:
    """A scheduler without workers would take the notices and never run them; a worker with
    another taizhang (or none, or a checkout with other rules) would write other records."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:
        raise ClusterError(f"the Dask scheduler at {address} has no worker after {timeout:g} s "
                           "(start one with `dask worker ADDRESS` on each machine)") from None
    try:
        versions = client.run(_worker_version)
    except Exception as exc:
        raise ClusterError(f"a Dask worker of {address} cannot run taizhang ({_reason(exc)}): "
                           f"install taizhang {__version__} on every worker ({INSTALL})") from None
    ours = _worker_version()
    other = {worker: version for worker, version in versions.items() if tuple(version) != ours}
    if other:
        worker, theirs = sorted(other.items())[0]
        raise ClusterError(f"the Dask worker {worker} runs taizhang {_described(theirs)}, this is "
                           f"{_described(ours)}: install the same version on every worker")


def _worker_version() -> tuple[str, str]:
    """Runs on each worker: its taizhang version and the fingerprint of its rules."""
    return __version__, code_fingerprint()


def _described(version: tuple[str, str]) -> str:
    return f"{version[0]} (rules {version[1]})"


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def run(client, args: list[tuple], finish: Callable[[Outcome], None]) -> None:
    """`batch.process` each argument tuple on the cluster; *finish* each outcome as it completes.

    Paths go out absolute (a worker's working folder is not ours); messages still name the
    inputs as given. A notice whose worker died fails alone. Ctrl-C cancels what is left.
    """
    from distributed import as_completed

    futures, run_token = {}, uuid.uuid4().hex[:12]
    try:
        with _signals_noted() as received:
            for job, out_dir, debug, to_stream, index in _largest_first(args):
                future = client.submit(_process_on_worker, _absolute(job), _absolute_folder(out_dir), debug,
                                       to_stream, index, pure=False, key=f"taizhang-notice-{index}-{run_token}")
                futures[future] = (job, out_dir, index)
            completed = as_completed(list(futures), loop=client.loop)
            while not completed.is_empty():
                if received:
                    raise Interrupted(received[0])
                ready = completed.next_batch(block=False)
                if not ready:
                    time.sleep(0.05)
                for future in ready:
                    job, out_dir, index = futures.pop(future)
                    finish(_outcome(future, job, out_dir, index))
            if received:
                raise Interrupted(received[0])
    except BaseException:
        with _no_interrupts():
            client.cancel(list(futures))
        raise


@contextlib.contextmanager
def _signals_noted():
    """Ctrl-C and SIGTERM noted in a list the loop reads, not raised where they land: raised,
    one can land in the Dask client's own code (a future's __del__) and be swallowed there."""
    received: list[int] = []

    def note(signum, frame):
        received.append(signum)

    try:
        previous = {s: signal.signal(s, note) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:          # not the main thread: leave signals alone
        yield received
        return
    try:
        yield received
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


_ONE_AT_A_TIME = threading.Lock()


def _process_on_worker(*args) -> Outcome:
    """`batch.process`, one notice at a time in a worker process: a worker started with several
    threads (the default of `dask worker`) would otherwise load the lexicons (and the word
    table) in two threads at once, and pure-Python extraction gains nothing from threads."""
    with _ONE_AT_A_TIME:
        return process(*args)


def _outcome(future, job, out_dir: str | None, index: int) -> Outcome:
    """The notice's outcome, or a failed entry when the task itself could not finish."""
    try:
        return future.result()
    except Exception as exc:    # a worker lost or killed while on this notice
        error = f"{_where(job)}: the Dask task failed ({type(exc).__name__}: {_reason(exc)})"
        return Outcome(index, _failed(job, out_dir, error))


def _absolute(job):
    return job if job.path is None else dataclasses.replace(job, path=Path(job.path).absolute())


def _absolute_folder(out_dir: str | None) -> str | None:
    return None if out_dir is None else str(Path(out_dir).absolute())
