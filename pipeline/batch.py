"""Many notices: find the inputs, run each in isolation, write outputs and the manifest.

One bad notice never stops a batch: it becomes a `failed` manifest entry whose error
names the file and the problem. Outputs are written atomically and in input order,
so reruns produce byte-identical folders.
"""
from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from taizhang import __version__
from taizhang.pipeline.load import NoticeError
from taizhang.pipeline.write import remove_stale_temporaries, write_atomic
from taizhang.schemas import Manifest, NoticeEntry, SkippedEntry

NOTICE_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True)
class Job:
    path: Path        # where to read
    source: str       # how records and the manifest name it: relative to the folder given
    output: str       # output file, relative to the output folder


def collect(paths: list[Path]) -> tuple[list[Job], list[SkippedEntry]]:
    """Expand files and folders into jobs (sorted, deterministic) and the files passed over."""
    jobs: list[Job] = []
    skipped: list[SkippedEntry] = []
    taken: set[str] = set()
    for given in paths:
        if given.is_dir():
            for path, reason in _walk(given):
                relative = path.relative_to(given).as_posix()
                if reason:
                    skipped.append(SkippedEntry(path=str(path), reason=reason))
                else:
                    jobs.append(Job(path, relative, _unique(str(Path(relative).with_suffix(".jsonl")), taken)))
        else:
            jobs.append(Job(given, given.name, _unique(given.stem + ".jsonl", taken)))
    return jobs, skipped


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Files below *folder* in sorted order, with a reason for each one not taken.

    Symbolic links to folders are followed once: a link loop is reported, not followed.
    """
    seen: set[str] = set()

    def visit(directory: Path) -> Iterator[tuple[Path, str | None]]:
        real = os.path.realpath(directory)
        if real in seen:
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
            elif path.suffix.lower() not in NOTICE_SUFFIXES:
                yield path, f"not a notice file ({path.suffix or 'no extension'}; taking .txt, .text, .md)"
            else:
                yield path, None

    yield from visit(folder)


def _unique(name: str, taken: set[str]) -> str:
    """Two inputs with one stem must not overwrite each other's output."""
    candidate, n = name, 2
    while candidate in taken:
        stem, _, suffix = name.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}"
        n += 1
    taken.add(candidate)
    return candidate


def process(job: Job, out_dir: str, debug: bool = False) -> NoticeEntry:
    """Extract one notice and write its JSONL; failures become an entry, never an exception."""
    from taizhang.pipeline.run import extract

    try:
        records = extract(job.path, job.source)
        write_atomic(Path(out_dir) / job.output, (r.model_dump_json() for r in records))
    except NoticeError as exc:
        return _failed(job, out_dir, f"{job.path}: {exc}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug must not stop the batch; --debug shows the traceback
        if debug:
            traceback.print_exc()
        return _failed(job, out_dir, f"{job.path}: internal error ({type(exc).__name__}: {exc})")
    counts: dict[str, int] = {}
    for record in records:
        counts[record.type] = counts.get(record.type, 0) + 1
    document = records[0]
    return NoticeEntry(source=job.source, status="ok", doc_id=document.doc_id, output=job.output,
                       counts=counts, warnings=len(document.warnings))


def _failed(job: Job, out_dir: str, error: str) -> NoticeEntry:
    """A failed notice leaves no output from an earlier run: the folder matches the manifest."""
    stale = Path(out_dir) / job.output
    if stale.is_file():
        stale.unlink()
    return NoticeEntry(source=job.source, status="failed", error=error)


def _process_args(args) -> NoticeEntry:
    return process(*args)


def run_batch(jobs: list[Job], skipped: list[SkippedEntry], out_dir: Path, *, workers: int = 1,
              debug: bool = False, on_done: Callable[[NoticeEntry], None] | None = None) -> Manifest:
    """Process *jobs* (in parallel when workers > 1), keep input order, write the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    args = [(job, str(out_dir), debug) for job in jobs]
    entries: list[NoticeEntry] = []
    if workers > 1 and len(jobs) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            for entry in pool.imap(_process_args, args, chunksize=1):
                entries.append(entry)
                if on_done:
                    on_done(entry)
    else:
        for arg in args:
            entry = process(*arg)
            entries.append(entry)
            if on_done:
                on_done(entry)
    totals: dict[str, int] = {"notices": len(entries),
                              "ok": sum(e.status == "ok" for e in entries),
                              "failed": sum(e.status == "failed" for e in entries),
                              "skipped": len(skipped)}
    for entry in entries:
        for kind, n in sorted(entry.counts.items()):
            totals[kind] = totals.get(kind, 0) + n
    manifest = Manifest(version=__version__, notices=entries, skipped=skipped, totals=totals)
    write_atomic(out_dir / "manifest.json", [manifest.model_dump_json(indent=1)])
    return manifest
