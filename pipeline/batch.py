"""Many notices: find the inputs, run each in isolation, write outputs and the manifest.

One bad notice never stops a batch: it becomes a `failed` manifest entry whose error
names the file and the problem. Outputs are written atomically; the manifest lists the
notices in input order, so reruns produce byte-identical folders. An interrupted batch
(Ctrl-C, kill) keeps the notices that finished and writes the manifest of them, the
others marked `not_run`.

Output names: a notice gives `<stem>.jsonl` (folders keep their layout below OUT). When
two inputs would share one name, those that differ in suffix (`a.txt`, `a.docx`) are
named by their whole file name (`a.txt.jsonl`, `a.docx.jsonl`); inputs of one file name
from different places (two `notice.txt`) get `-2`, `-3`… after the first (`notice-2.jsonl`).
The text read out of a container (.docx, .pdf) goes beside the records as
`<stem>.source.txt`, which the manifest entry names.

Reruns are incremental: a notice the earlier OUT/manifest.json lists as ok, under the same
source and output name, with the doc_id of its bytes as they are now, written by this
version of taizhang with the same rules (`code_fingerprint`), and whose outputs are still
there, is not extracted again: its entry is carried over, so the folder is byte-identical
to a fresh run's. Outputs of notices no longer among the inputs are removed. `force` redoes
everything; streamed records are always redone.
"""
from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import signal
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterable, Iterator

from taizhang import __version__
from taizhang.pipeline import readers
from taizhang.pipeline.cachefile import rules_fingerprint as code_fingerprint
from taizhang.pipeline.load import MAX_BYTES, NoticeError, doc_id_of
from taizhang.pipeline.pool_server import POOL_FROM, ensure_running
from taizhang.pipeline.pool_server import auto_workers as _auto_workers
from taizhang.pipeline.pool_server import context as _context
from taizhang.pipeline.pool_server import no_interrupts as _no_interrupts
from taizhang.pipeline.write import TEMP_PREFIX, remove_stale_temporaries, replace_with, write_atomic
from taizhang.schemas import Manifest, NoticeEntry, SkippedEntry

#: How much of a file with an unknown suffix the walk shows the readers' sniffers: enough for
#: formats that announce themselves at the start (a PDF or a web page saved under another name).
SNIFF_BYTES = 64 * 1024
STDIN = "-"
SOURCE_TEXT_SUFFIX = ".source.txt"

class OutputError(Exception):
    """The output folder cannot take the run's files: one line for the user, exit 2."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = str(path), problem


class ClusterError(Exception):
    """The Dask cluster cannot take the run (extra not installed, scheduler unreachable): one line, exit 2."""


class Interrupted(KeyboardInterrupt):
    """A stop asked by a signal; the exit status is 128 + its number (130 Ctrl-C, 143 kill)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum


@dataclass(frozen=True)
class Job:
    path: Path | None       # where to read; None for standard input
    source: str             # how records and the manifest name it: relative to the folder given
    output: str             # output file, relative to the output folder
    given: str = ""         # the input path as given, for the manifest's `path`
    data: bytes | None = None   # the notice's bytes, when read from standard input
    by_content: bool = False    # taken for its bytes, not its suffix: a refusal skips it


@dataclass
class Outcome:
    """What one job gave: its entry, its JSONL when records go to a stream, a skip reason."""

    index: int
    entry: NoticeEntry
    lines: bytes | None = None
    skip_reason: str | None = None


# ---------------------------------------------------------------- finding the inputs

@dataclass
class _Input:
    path: Path | None
    relative: str           # relative to the folder given, or the file name
    given: str
    data: bytes | None = None
    by_content: bool = False


def collect(paths: list[Path], *, globs: Iterable[str] = (), stdin: bytes | None = None,
            stdin_name: str = "stdin", exclude: Path | None = None) -> tuple[list[Job], list[SkippedEntry]]:
    """Expand files and folders into jobs (sorted, deterministic) and the files passed over.

    A path `-` is the notice in *stdin* named *stdin_name*; *globs* filter the files found in
    folders (a pattern without `/` matches the file name, one with `/` the relative path);
    *exclude* (the output folder) is never walked into.
    """
    patterns = list(globs)
    inputs: list[_Input] = []
    skipped: list[SkippedEntry] = []
    for given in paths:
        if str(given) == STDIN:
            inputs.append(_Input(None, stdin_name, STDIN, data=stdin if stdin is not None else b""))
        elif given.is_dir():
            for path, reason in _walk(given, exclude):
                relative = path.relative_to(given).as_posix()
                if reason is None:
                    if not _matches(relative, patterns):
                        continue
                    reason, by_content = _taken(path)
                if reason:
                    skipped.append(SkippedEntry(path=str(path), reason=reason))
                else:
                    inputs.append(_Input(path, relative, str(path), by_content=by_content))
        else:
            inputs.append(_Input(given, given.name, str(given)))
    outputs = output_names([item.relative for item in inputs])
    jobs = [Job(item.path, item.relative, output, item.given, item.data, item.by_content)
            for item, output in zip(inputs, outputs)]
    return jobs, skipped


def _matches(relative: str, patterns: list[str]) -> bool:
    """No pattern takes every file; else a file is taken when one pattern matches."""
    if not patterns:
        return True
    name = relative.rpartition("/")[2]
    return any(fnmatch.fnmatchcase(relative if "/" in p else name, p) for p in patterns)


def _walk(folder: Path, exclude: Path | None) -> Iterator[tuple[Path, str | None]]:
    """Regular files below *folder* in sorted order, and what cannot be walked, with a reason.

    Symbolic links to folders are followed once: a link loop is reported, not followed.
    """
    seen: set[str] = set()
    outputs = os.path.realpath(exclude) if exclude is not None else None
    if outputs is not None and outputs != os.path.realpath(folder):
        seen.add(outputs)       # an output folder inside the input: a rerun must not read its outputs

    def visit(directory: Path) -> Iterator[tuple[Path, str | None]]:
        real = os.path.realpath(directory)
        if real in seen:
            if real != outputs:
                yield directory, "symbolic link loop: folder already visited"
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield directory, f"cannot list folder: {exc.strerror or exc}"
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from visit(path)
            elif not entry.is_file():
                yield path, "not a regular file (broken link or device)"
            else:
                yield path, None

    yield from visit(folder)


def _taken(path: Path) -> tuple[str | None, bool]:
    """(None, by_content) when a reader takes the file, by its suffix or by its first bytes."""
    if path.suffix.lower() in readers.suffixes():
        return None, False
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        head = b""
    if head and readers.reader_for(path.name, head) is not readers.TEXT:
        return None, True
    return f"not a notice file ({path.suffix or 'no extension'}; taking {taking()})", False


def taking() -> str:
    """The suffixes a folder walk takes, for messages: `.docx, .htm, …`."""
    return ", ".join(sorted(readers.suffixes()))


def output_names(relatives: list[str]) -> list[str]:
    """The output file of each input (see the module's docstring); never two alike."""
    stems = [str(PurePosixPath(r).with_suffix("")) if PurePosixPath(r).suffix else r for r in relatives]
    groups: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        groups.setdefault(stem.casefold(), []).append(i)
    names = [stem + ".jsonl" for stem in stems]
    for members in groups.values():
        if len(members) < 2:
            continue
        whole = [relatives[i] for i in members]
        if len({w.casefold() for w in whole}) == len(whole):
            for i in members:
                names[i] = relatives[i] + ".jsonl"
        else:
            for n, i in enumerate(members[1:], 2):
                names[i] = f"{stems[i]}-{n}.jsonl"
    return _distinct(names)


def _distinct(names: list[str]) -> list[str]:
    """A last guard (an input named `a.txt.md` beside `a.txt` and `a.md`): -2, -3… on clashes."""
    taken: set[str] = set()
    result = []
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in taken:
            candidate = f"{name[:-len('.jsonl')]}-{n}.jsonl"
            n += 1
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def skipped_summary(skipped: list[SkippedEntry]) -> str:
    """`12 files: 7 .xls, 5 .jpg`: skipped files counted by extension (or by reason)."""
    kinds: Counter[str] = Counter()
    for entry in skipped:
        if entry.reason.startswith(("not a notice file", "not read")):
            kinds[Path(entry.path).suffix.lower() or "without extension"] += 1
        else:
            kinds[entry.reason.partition(":")[0].partition(" (")[0]] += 1
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{len(skipped)} file{'s' if len(skipped) != 1 else ''}: {parts}"


# ---------------------------------------------------------------- the output folder

def prepare_output(folder: Path) -> None:
    """Create *folder* and make sure a file can be written in it; OutputError otherwise.

    Checked before any notice is read, so that a bad `-o` costs one line, not a batch.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "output folder is not a folder (it is a file or a device)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(folder, "cannot create the output folder: a part of the path is a file") from None
    except OSError as exc:
        raise OutputError(folder, f"cannot create the output folder: {exc.strerror or exc}") from None
    probe = folder / f"{TEMP_PREFIX}probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise OutputError(folder, f"cannot write in the output folder: {exc.strerror or exc}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


# ---------------------------------------------------------------- one notice

def process(job: Job, out_dir: str | None, debug: bool = False, to_stream: bool = False,
            index: int = 0) -> Outcome:
    """Extract one notice and write its outputs; failures become an entry, never an exception.

    With *to_stream* the JSONL comes back in the outcome (the parent writes it in input
    order) and only the source text, if any, goes to *out_dir*.
    """
    from taizhang.pipeline import load, run

    where = _where(job)
    try:
        source = load.load_bytes(job.data, job.source) if job.data is not None else load.load(job.path, job.source)
        records = run.extract_source(source)
        lines = "".join(r.model_dump_json() + "\n" for r in records).encode("utf-8")
    except NoticeError as exc:
        if job.by_content:
            return Outcome(index, _failed(job, out_dir, f"{where}: {exc}"), skip_reason=f"not read: {exc}")
        return Outcome(index, _failed(job, out_dir, f"{where}: {exc}"))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug must not stop the batch; --debug shows the traceback
        if debug:
            traceback.print_exc()
        return Outcome(index, _failed(job, out_dir, f"{where}: internal error ({type(exc).__name__}: {exc})"))
    try:
        source_text = _write_outputs(job, out_dir, source, lines, to_stream)
    except OSError as exc:
        problem = f"cannot write {exc.filename or out_dir}: {exc.strerror or exc}"
        return Outcome(index, _failed(job, out_dir, f"{where}: {problem}"))
    counts: dict[str, int] = {}
    for record in records:
        counts[record.type] = counts.get(record.type, 0) + 1
    document = records[0]
    entry = NoticeEntry(source=job.source, status="ok", doc_id=document.doc_id,
                       output=None if to_stream else job.output, counts=counts,
                       warnings=len(document.warnings), path=job.given or None, source_text=source_text)
    return Outcome(index, entry, lines if to_stream else None)


def _where(job: Job) -> str:
    """How messages name the input: its path, or standard input (with the name --name gave)."""
    if job.path is not None:
        return job.given or str(job.path)       # as given, also where a cluster reads an absolute path
    return "standard input" if job.source == "stdin" else f"{job.source} (standard input)"


def _write_outputs(job: Job, out_dir: str | None, source, lines: bytes, to_stream: bool) -> str | None:
    """The source text first (a record file never points into a missing text), then the JSONL."""
    if out_dir is None:
        return None
    source_text = None
    text_path = Path(out_dir) / source_text_name(job.output)
    if source.from_container:
        data = source.text.encode("utf-8")
        replace_with(text_path, lambda handle: handle.write(data))
        source_text = text_path.relative_to(out_dir).as_posix()
    elif text_path.is_file():
        text_path.unlink()          # left by an earlier run from another format
    if not to_stream:
        replace_with(Path(out_dir) / job.output, lambda handle: handle.write(lines))
    return source_text


def source_text_name(output: str) -> str:
    """`sub/a.jsonl` → `sub/a.source.txt`."""
    return output[: -len(".jsonl")] + SOURCE_TEXT_SUFFIX


def _failed(job: Job, out_dir: str | None, error: str) -> NoticeEntry:
    """A failed notice leaves no output from an earlier run: the folder matches the manifest."""
    if out_dir is not None:
        for name in (job.output, source_text_name(job.output)):
            stale = Path(out_dir) / name
            with contextlib.suppress(OSError):
                if stale.is_file():
                    stale.unlink()
    return NoticeEntry(source=job.source, status="failed", error=error, path=job.given or None)


def _process_args(args) -> Outcome:
    return process(*args)


def _worker_start() -> None:
    """Workers leave Ctrl-C to the parent and stop quietly when it terminates them.

    SIGTERM becomes SystemExit, which multiprocessing ends without a traceback and which
    lets an atomic write in progress remove its temporary file.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_quietly)


def _exit_quietly(signum, frame):
    raise SystemExit(128 + signum)


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


@contextlib.contextmanager
def sigterm_as_interrupt():
    """A plain `kill` stops the work the way Ctrl-C does (raising `Interrupted`), so that a batch
    writes the manifest of what finished and an ingest removes what it wrote."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    except ValueError:          # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------- reruns

def read_previous_manifest(out_dir: Path) -> Manifest | None:
    """The manifest an earlier run left in *out_dir*; None when there is none or it cannot be
    read (then every notice is redone: a damaged manifest must never cost a batch)."""
    try:
        return Manifest.model_validate_json((out_dir / "manifest.json").read_bytes())
    except (OSError, ValueError):       # pydantic's ValidationError is a ValueError
        return None


def unchanged_notices(jobs: list[Job], previous: Manifest | None, out_dir: Path) -> dict[int, Outcome]:
    """The jobs whose earlier ok entry still holds, by index, with that entry carried over.

    The entry must come from this version of taizhang and its rules, name the same source and
    output, and carry the doc_id of the file's bytes as they are now; its outputs must still
    exist. Only the bytes are hashed: nothing is extracted to decide.
    """
    if (previous is None or previous.tool != "taizhang" or previous.version != __version__
            or previous.code != code_fingerprint()):
        return {}
    earlier = {entry.output: entry for entry in previous.notices if entry.status == "ok" and entry.output}
    carried: dict[int, Outcome] = {}
    for i, job in enumerate(jobs):
        entry = earlier.get(job.output)
        if (entry is None or job.path is None or entry.source != job.source
                or not _outputs_exist(entry, out_dir) or entry.doc_id != _doc_id(job.path)):
            continue
        carried[i] = Outcome(i, entry.model_copy(update={"path": job.given or None}))
    return carried


def _outputs_exist(entry: NoticeEntry, out_dir: Path) -> bool:
    """The records file and, for a container, the source text the entry names are there."""
    names = [entry.output] + ([entry.source_text] if entry.source_text else [])
    return all(_inside(out_dir, name) is not None and (out_dir / name).is_file() for name in names)


def _doc_id(path: Path) -> str | None:
    """`d-` + 16 hex of the SHA-256 of the file's bytes, as `load` computes it; None when the file
    cannot be read or is too large to be a notice (then it is redone, and fails with its reason)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return doc_id_of(digest.hexdigest())


def remove_gone_outputs(jobs: list[Job], previous: Manifest | None, out_dir: Path) -> None:
    """Remove the outputs the earlier manifest lists for notices no longer among the inputs
    (or now named otherwise), so that the folder holds what the new manifest lists."""
    if previous is None:
        return
    kept = {name for job in jobs for name in (job.output, source_text_name(job.output))}
    for entry in previous.notices:
        for name in (entry.output, entry.source_text):
            if name and name not in kept:
                _remove_output(out_dir, name)


def _remove_output(out_dir: Path, name: str) -> None:
    """Unlink OUT/*name* if it is an output inside OUT (a hand-edited manifest must not reach
    further), then the folders it leaves empty."""
    path = _inside(out_dir, name)
    if path is None or not name.endswith((".jsonl", SOURCE_TEXT_SUFFIX)):
        return
    with contextlib.suppress(OSError):
        path.unlink()
    top = Path(os.path.abspath(out_dir))
    for folder in path.parents:
        if folder == top or top not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:
            break


def _inside(out_dir: Path, name: str) -> Path | None:
    """OUT/*name* as an absolute path when *name* is relative and stays below OUT, else None."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return Path(os.path.abspath(out_dir)).joinpath(*relative.parts)


# ---------------------------------------------------------------- the batch

def run_batch(jobs: list[Job], skipped: list[SkippedEntry], out_dir: Path | None, *, workers: int = 1,
              debug: bool = False, on_done: Callable[[NoticeEntry], None] | None = None,
              records_to: BinaryIO | None = None, force: bool = False,
              on_unchanged: Callable[[int], None] | None = None, scheduler: str | None = None) -> Manifest:
    """Process *jobs* (in parallel when workers > 1; 0 chooses), write the manifest in input order.

    *out_dir* None writes no file (records go to *records_to*). With *records_to*, the JSONL
    of every notice is written there in input order instead of into files. Notices unchanged
    since the run before are carried over, not redone (see the module's docstring), unless
    *force*; *on_unchanged* hears how many before any work starts. *scheduler* (tcp://HOST:PORT)
    runs the notices on a Dask cluster instead of local processes (ClusterError when it cannot).
    On Ctrl-C or SIGTERM the manifest lists what finished and `interrupted` is set; nothing is raised.
    """
    client = _connect(scheduler) if scheduler else None     # before anything in OUT changes
    try:
        return _run_batch(jobs, skipped, out_dir, workers, debug, on_done, records_to, force, on_unchanged,
                          client)
    finally:
        if client is not None:
            with _no_interrupts():
                client.close()


def _connect(scheduler: str):
    """A client of the Dask cluster; the Dask code is imported only for a run that asks for it."""
    from taizhang.pipeline import cluster

    return cluster.connect(scheduler)


def _run_batch(jobs, skipped, out_dir, workers, debug, on_done, records_to, force, on_unchanged,
               client) -> Manifest:
    done: dict[int, Outcome] = {}
    if out_dir is not None:
        prepare_output(out_dir)
        remove_stale_temporaries(out_dir)
        if records_to is None:      # streamed records are redone: the stream wants them all
            previous = read_previous_manifest(out_dir)
            if not force:
                done = unchanged_notices(jobs, previous, out_dir)
            remove_gone_outputs(jobs, previous, out_dir)
    if on_unchanged:
        on_unchanged(len(done))
    stream = _InOrder(records_to) if records_to is not None else None

    def finish(outcome: Outcome) -> None:
        done[outcome.index] = outcome
        if stream is not None:
            stream.add(outcome)
        if on_done and outcome.skip_reason is None:
            on_done(outcome.entry)

    interrupted: Interrupted | None = None
    todo = [(job, None if out_dir is None else str(out_dir), debug, records_to is not None, i)
            for i, job in enumerate(jobs) if i not in done]
    try:
        with sigterm_as_interrupt():
            if client is not None:
                from taizhang.pipeline import cluster

                cluster.run(client, todo, finish)
            else:
                _run(todo, workers or _auto_workers(len(todo)), finish)
    except Interrupted as exc:
        interrupted = exc
    except KeyboardInterrupt:
        interrupted = Interrupted(signal.SIGINT)
    manifest = _manifest(jobs, done, skipped, interrupted is not None)
    manifest.unchanged = len(jobs) - len(todo)
    if out_dir is not None:
        target = out_dir / "manifest.json"
        try:
            with _no_interrupts():
                write_atomic(target, [manifest.model_dump_json(indent=1)])
        except OSError as exc:
            raise OutputError(target, f"cannot write the manifest: {exc.strerror or exc}") from None
    if interrupted is not None:
        manifest.stopped_by = interrupted.signum
    return manifest


def _run(args: list[tuple], workers: int, finish: Callable[[Outcome], None]) -> None:
    """`process` each argument tuple, in a pool of local processes when workers > 1."""
    if workers > 1 and len(args) > 1:
        _run_pool(args, min(workers, len(args)), finish)
        return
    _warm_when_no_kept_grammars()
    if len(args) >= POOL_FROM:
        from taizhang.pipeline import normalize

        normalize.load_converters()     # as the fork server does (pipeline/warm_batch.py)
    for arg in args:
        finish(process(*arg))


def _run_pool(args: list[tuple], workers: int, finish: Callable[[Outcome], None]) -> None:
    """`process` the arguments in this process and a pool of *workers* - 1 others.

    This process is one of the workers: it extracts the smallest notices, the pool the largest.
    A fork server imports the pipeline before it forks the pool's first worker
    (pipeline/pool_server.py), so the pool is created on a thread, and this process is at
    work meanwhile; once the pool is up it is handed the largest notices a few at a time (two
    per worker ahead, one more as each comes back), so that no process waits for another until
    the last notice. A pool of all the workers, this process only collecting, left it idle on
    the second of two cores while the server started, and on part of one after. The outputs
    are the same either way: each notice is extracted in isolation by the same `process`.
    """
    import queue
    import threading

    tasks = _Tasks(_largest_first(args), ahead=2 * (workers - 1))
    results: queue.SimpleQueue = queue.SimpleQueue()
    context = _context(len(args))
    starter = threading.Thread(target=tasks.start_pool, name="taizhang-pool",
                               args=(context, workers - 1, results), daemon=True)
    if context.get_start_method() == "forkserver":
        ensure_running(context)     # unless the command line has started it (pool_server.start_early)
        starter.start()
    else:
        with _no_interrupts((signal.SIGINT,)):     # the workers leave Ctrl-C to us
            starter.run()       # spawned workers start side by side: the pool is there at once
    _warm_when_no_kept_grammars()   # kept for the next run's workers (their server restores them)
    received = 0

    def collect(block: bool) -> None:
        nonlocal received
        while received < tasks.handed:
            try:
                outcome = results.get(block=block)
            except queue.Empty:
                return
            received += 1
            if isinstance(outcome, BaseException):
                raise outcome
            finish(outcome)

    try:
        while tasks.error is None and (arg := tasks.smallest()) is not None:
            finish(process(*arg))
            collect(block=False)
        _wait(starter)
        if tasks.error is not None:
            raise tasks.error
        collect(block=True)
        tasks.pool.close()
    except BaseException:
        tasks.stop()
        _wait(starter)
        with _no_interrupts():
            if tasks.pool is not None:
                tasks.pool.terminate()
        raise
    tasks.pool.join()


def _new_pool(context, workers: int):
    from taizhang.pipeline.quiet_pool import QuietPool

    return QuietPool(workers, initializer=_worker_start, context=context)


def _wait(thread) -> None:
    if thread.ident is not None:    # started (not run in place)
        thread.join()


class _Tasks:
    """The notices still to extract, taken from both ends: the smallest by this process, the
    largest by the pool once it has started, *ahead* of them handed to it at a time."""

    def __init__(self, ordered: list[tuple], ahead: int):
        import threading

        self.left, self.lock, self.ahead = list(ordered), threading.Lock(), max(1, ahead)
        self.pool, self.results, self.handed, self.error, self.stopped = None, None, 0, None, False

    def smallest(self) -> tuple | None:
        with self.lock:
            return self.left.pop() if self.left else None

    def stop(self) -> None:
        with self.lock:
            self.stopped = True

    def start_pool(self, context, workers: int, results) -> None:
        """On the starter thread: create the pool (this waits for the fork server), then hand
        it the first notices; results and errors go to *results*."""
        try:
            pool = _new_pool(context, workers)
        except BaseException as exc:    # re-raised by the main thread
            self.error = exc
            return
        with self.lock:
            self.pool, self.results = pool, results
        for _ in range(self.ahead):
            self._hand_one()

    def _done(self, outcome) -> None:
        """On the pool's result thread: pass the outcome on, hand the pool the next notice."""
        self.results.put(outcome)
        self._hand_one()

    def _hand_one(self) -> None:
        with self.lock:
            if self.stopped or not self.left:
                return
            arg = self.left.pop(0)
            try:
                self.pool.apply_async(_process_args, (arg,), callback=self._done, error_callback=self._done)
            except ValueError:      # the pool is closing: a stop is on its way
                self.left.insert(0, arg)
                return
            self.handed += 1


def _warm_when_no_kept_grammars() -> None:
    """A process that found no kept grammars compiles them on the warm-up notice, which keeps
    them for the next run (pipeline/warm.py); otherwise nothing."""
    from taizhang.pipeline import pattern_cache

    if not pattern_cache.restore():
        import taizhang.pipeline.warm  # noqa: F401


def _largest_first(args: list[tuple]) -> list[tuple]:
    """The biggest notices handed out first, so that no worker is left with a long one at the
    end while the others wait; streamed records keep input order (they are written in it)."""
    if not args or args[0][3]:
        return args

    def size(arg: tuple) -> int:
        job = arg[0]
        if job.data is not None:
            return len(job.data)
        try:
            return job.path.stat().st_size
        except OSError:
            return 0

    return sorted(args, key=size, reverse=True)


class _InOrder:
    """Writes each notice's JSONL to a stream in input order, whatever order they finish in."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.next, self.waiting = stream, 0, {}

    def add(self, outcome: Outcome) -> None:
        self.waiting[outcome.index] = outcome
        while self.next in self.waiting:
            lines = self.waiting.pop(self.next).lines
            if lines:
                self.stream.write(lines)
                self.stream.flush()
            self.next += 1


def _manifest(jobs: list[Job], done: dict[int, Outcome], skipped: list[SkippedEntry],
              interrupted: bool) -> Manifest:
    """Entries in input order; files taken for their bytes but refused join the skipped list."""
    entries: list[NoticeEntry] = []
    skipped = list(skipped)
    for i, job in enumerate(jobs):
        outcome = done.get(i)
        if outcome is None:
            entries.append(NoticeEntry(source=job.source, status="not_run", path=job.given or None))
        elif outcome.skip_reason is not None:
            skipped.append(SkippedEntry(path=job.given, reason=outcome.skip_reason))
        else:
            entries.append(outcome.entry)
    totals: dict[str, int] = {"notices": len(entries),
                              "ok": sum(e.status == "ok" for e in entries),
                              "failed": sum(e.status == "failed" for e in entries),
                              "skipped": len(skipped)}
    not_run = sum(e.status == "not_run" for e in entries)
    if interrupted:
        totals["not_run"] = not_run
    for entry in entries:
        for kind, n in sorted(entry.counts.items()):
            totals[kind] = totals.get(kind, 0) + n
    return Manifest(version=__version__, code=code_fingerprint(), notices=entries, skipped=skipped,
                    totals=totals, interrupted=interrupted)
