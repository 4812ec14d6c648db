"""taizhang: turn Chinese government notices (公文) into a rectification ledger (整改台账).

Heavy modules (OpenCC, pydantic models) are imported inside the commands so that
`taizhang --help` starts at once.
"""
from __future__ import annotations

import errno
import os
import sys
import traceback
from pathlib import Path

import click

EXIT_USAGE = 2          # usage errors, bad input files of diff/ingest, an output that cannot be written
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C
DEBUG = "taizhang.debug"    # ctx.meta key: --debug given (shared by the group and its commands)


class Problem(click.ClickException):
    """The one error style of every command: `taizhang: <file>: <problem>` on stderr, one line."""

    exit_code = EXIT_USAGE

    def __init__(self, problem: str, path: object = None, exit_code: int = EXIT_USAGE):
        super().__init__(f"{path}: {problem}" if path is not None else problem)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"taizhang: {self.format_message()}", err=True)


class Commands(click.Group):
    """The command group: usage errors, Ctrl-C and internal errors of any command end here as
    one line (a traceback only with --debug)."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage_problem(error) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise _usage_problem(error) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("taizhang: interrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as error:
            if isinstance(error, OSError) and error.errno == errno.EPIPE:
                raise               # a closed pipe (| head): click ends quietly
            if ctx.meta.get(DEBUG):
                traceback.print_exc()
                raise Problem(f"internal error ({type(error).__name__}: {error})") from None
            raise Problem(f"internal error ({type(error).__name__}: {error}); "
                          "--debug shows the traceback") from None


def _usage_problem(error: click.UsageError) -> Problem:
    words = error.ctx.command_path.split()[1:] if error.ctx is not None else []
    command = " ".join(["taizhang", *words])        # whatever name the program was started by
    return Problem(f"{error.format_message()} (see '{command} --help')", exit_code=error.exit_code)


def _remember_debug(ctx: click.Context, param, value: bool) -> None:
    if value:
        ctx.meta[DEBUG] = True


debug_option = click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_remember_debug,
                            help="Show Python tracebacks of internal errors.")


def _reason(error: Exception) -> str:
    """An exception as a person reads it: no `[Errno 2]`, no repeated file name."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _existing_file(path: Path) -> Path:
    """*path* as given, or a Problem naming it."""
    if not os.path.lexists(path):
        raise Problem("no such file", path)
    if path.is_dir():
        raise Problem("is a folder, not a file", path)
    return path


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="taizhang", prog_name="taizhang")
@debug_option
def main() -> None:
    """Turn Chinese government notices (通知, 整改方案, 审议意见, 答复函…) into JSONL records:
    documents, sections, issues, deadlines, figures and responsible units."""
    if click.get_current_context().invoked_subcommand != "extract":     # extract checks them itself
        _check_lexicons()


def _check_lexicons() -> None:
    """A broken lexicon stops the run here, before any notice is read."""
    from taizhang.pipeline.lexicon import LexiconError, check_all

    try:
        check_all()
    except LexiconError as exc:
        click.echo(f"taizhang: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@main.command(short_help="Extract records from notice files or folders into JSONL.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--out", "out", metavar="OUT",
              help="Folder for <notice>.jsonl files and manifest.json (created if missing); "
                   "`-o -` is --stdout. Required unless --stdout.")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Write the JSONL records to standard output, notice after notice in input order, "
                   "instead of files. With -o OUT too, OUT gets manifest.json and the source texts only.")
@click.option("--name", metavar="NAME",
              help="File name of the notice read from standard input (PATH -): its suffix picks the "
                   "reader, its stem names the output. Default: stdin.")
@click.option("--glob", "globs", metavar="PATTERN", multiple=True,
              help="Take only the files of folders that match PATTERN (repeatable): `*.docx` matches "
                   "file names, `2024/*.txt` paths below the folder. Files given by name are always taken.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes, this one included; 0 picks one per CPU core for large batches.")
@click.option("--force", is_flag=True,
              help="Extract every notice again, also those unchanged since the run that wrote OUT.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the notices on the workers of this Dask scheduler instead of local processes "
                   "(pip install 'taizhang[dask]'; inputs and OUT on a filesystem all workers share).")
@debug_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, skipped-files line or summary.")
def extract(paths: tuple[Path, ...], out: str | None, to_stdout: bool, name: str | None,
            globs: tuple[str, ...], jobs: int, force: bool, scheduler: str | None, quiet: bool) -> None:
    """Extract records from notices: PATHS are notice files, folders of them, or - for one
    notice on standard input.

    Takes text (.txt .text .md), web pages, Word and PDF files by their suffix, and files
    with another suffix whose bytes a reader recognizes; other files are skipped (one line
    counts them by extension; manifest.json lists them). Formats that cannot be read
    (.doc, .wps, .ofd, a PDF without text) fail with a message saying what to do.

    Writes OUT/<stem>.jsonl per notice (folders keep their layout below OUT), the text read
    out of a .docx or .pdf beside it as OUT/<stem>.source.txt, and OUT/manifest.json: one
    entry per input in input order, with its path as given, status, error and counts.

    \b
    Output names: when two inputs would share OUT/<stem>.jsonl, those that differ
    in suffix are named by their whole file name (a.txt.jsonl, a.docx.jsonl), and
    inputs of one file name from different folders get -2, -3… (notice-2.jsonl).

    \b
    --stdout (or -o -): records go to standard output and no file is written,
    unless -o OUT is given as well (then OUT gets manifest.json and source texts).

    \b
    Reruns are incremental: a notice that OUT/manifest.json lists as ok, whose
    bytes are unchanged (same doc_id) and whose outputs are still in OUT, is not
    extracted again when this taizhang version (and rules) wrote the manifest;
    failed notices are retried, outputs of inputs no longer given are removed.
    --force redoes all; records sent to standard output are always redone.

    \b
    --scheduler tcp://HOST:PORT runs the notices on a Dask cluster; the output
    is the same as a local run's (see README: "Running on a Dask cluster").

    \b
    Ctrl-C (or kill) stops the run: finished notices are kept, manifest.json lists
    them and marks the rest "not_run" (with "interrupted": true).

    \b
    Exit status: 0 all notices ok, 1 any failed, 2 usage error or an output folder
    that cannot be written (checked before any work), 130 interrupted (143 killed).

    \b
    Examples:
        taizhang extract seeds -o out
        taizhang extract inbox --glob '*.docx' --glob '*.pdf' -o out -j 4
        curl -s URL | taizhang extract - --name page.html --stdout
    """
    debug = bool(click.get_current_context().meta.get(DEBUG))
    stdin_name = _check_extract_inputs(paths, name)
    to_stdout = to_stdout or out == "-"
    folder = None if out in (None, "-") else Path(out)
    if not scheduler and (force or folder is None or not (folder / "manifest.json").exists()):
        from taizhang.pipeline import pool_server   # a rerun may have little to do: not then

        pool_server.start_early(list(paths), jobs)  # it boots while the batch below is imported
    from taizhang.pipeline import batch

    _check_lexicons()

    if folder is None and not to_stdout:
        raise Problem("missing option -o/--out: the folder for the records (or --stdout) "
                      "(see 'taizhang extract --help')")
    if scheduler and jobs:
        raise Problem("-j/--jobs and --scheduler do not go together: the cluster's workers do the work")
    data = _read_stdin(quiet) if any(str(p) == "-" for p in paths) else None
    job_list, skipped = batch.collect(list(paths), globs=globs, stdin=data, stdin_name=stdin_name, exclude=folder)
    if not job_list:
        matching = f" matching {', '.join(globs)}" if globs else ""
        raise Problem(f"no notice files found{matching} (taking {batch.taking()})")
    if folder is not None:
        try:
            batch.prepare_output(folder)
        except batch.OutputError as error:
            raise Problem(error.problem, error.path) from None
    manifest = _run_with_progress(batch, job_list, skipped, folder, jobs, debug, quiet, to_stdout,
                                  force, scheduler)
    _finish_extract(batch, manifest, folder, quiet)


def _check_extract_inputs(paths: tuple[Path, ...], name: str | None) -> str:
    """Every PATH exists, `-` comes once; returns the name of the notice on standard input."""
    for path in paths:
        if str(path) != "-" and not os.path.lexists(path):
            raise Problem("no such file or folder", path)
    dashes = sum(str(path) == "-" for path in paths)
    if dashes > 1:
        raise Problem("- (standard input) can be given only once")
    if name is None:
        return "stdin"
    if not dashes:
        raise Problem("--name names the notice read from standard input: give - as a PATH")
    base = Path(name).name          # a name, never a path out of the output folder
    if base in ("", ".", ".."):
        raise Problem(f"--name {name!r} is not a file name")
    return base


def _read_stdin(quiet: bool) -> bytes:
    stream = sys.stdin.buffer
    if stream.isatty() and not quiet:
        click.echo("taizhang: reading a notice from the terminal (end it with Ctrl-D)", err=True)
    return stream.read()


def _run_with_progress(batch, job_list, skipped, folder, workers, debug, quiet, to_stdout, force=False,
                       scheduler=None):
    """The batch under a progress bar (of the notices to extract: unchanged ones are not
    counted); failures are printed above it as they come."""
    progress = _Progress(len(job_list), quiet)

    def advance(entry) -> None:
        progress.advance(f"taizhang: {entry.error}" if entry.status == "failed" else None)

    records_to = sys.stdout.buffer if to_stdout else None
    try:
        return batch.run_batch(job_list, skipped, folder, workers=workers, debug=debug, on_done=advance,
                               records_to=records_to, force=force, on_unchanged=progress.unchanged,
                               scheduler=scheduler)
    except batch.OutputError as error:
        raise Problem(error.problem, error.path) from None
    except batch.ClusterError as error:
        raise Problem(str(error)) from None
    finally:
        progress.close()


class _Progress:
    """A tqdm bar: it hides itself off a terminal (and under -q), and appears only after half a
    second. Its clock starts when the first notice is done: the start-up (worker processes,
    lexicons) would otherwise make the first ETA minutes long for a run of seconds."""

    DELAY = 0.5

    def __init__(self, total: int, quiet: bool):
        import threading
        import time

        self.total, self.quiet, self.done, self.desc = total, quiet, 0, "extracting"
        if quiet:                   # no bar at all (and no tqdm to import): failures still print
            return
        from tqdm import tqdm

        self.tqdm = tqdm
        self.started = time.monotonic()
        self.bar = self._bar(bar_format="{desc}: {n_fmt}/{total_fmt} notices, starting…",
                             delay=self.DELAY)
        self.timer = threading.Timer(self.DELAY, self._starting)     # tqdm draws only on updates
        self.timer.daemon = True
        self.timer.start()

    def _starting(self) -> None:
        if self.done == 0:
            self.bar.refresh()

    def unchanged(self, count: int) -> None:
        """*count* notices are carried over from the run before: the bar counts only the others."""
        if count and not self.quiet:
            self.total -= count
            self.bar.total = self.total
            self.bar.set_description_str(f"extracting ({count} unchanged)", refresh=False)
            self.desc = f"extracting ({count} unchanged)"

    def _bar(self, **options):
        return self.tqdm(total=self.total, desc=self.desc, unit="notice", file=sys.stderr, leave=False,
                         disable=True if self.quiet else None, dynamic_ncols=True, **options)

    def advance(self, message: str | None = None) -> None:
        import time

        if self.quiet:
            if message:
                print(message, file=sys.stderr, flush=True)
            return
        if message:
            self.tqdm.write(message, file=sys.stderr)
        self.done += 1
        if self.done == 1:
            self.timer.cancel()
            self.bar.close()
            waited = time.monotonic() - self.started
            self.bar = self._bar(initial=1, delay=max(0.0, self.DELAY - waited))
        else:
            self.bar.update(1)

    def close(self) -> None:
        if not self.quiet:
            self.timer.cancel()
            self.bar.close()


def _finish_extract(batch, manifest, folder: Path | None, quiet: bool) -> None:
    """The lines after a run and its exit status."""
    totals = manifest.totals
    listing = f"; {folder / 'manifest.json'} lists them" if folder is not None else ""
    if manifest.interrupted:
        done = totals["ok"] + totals["failed"]
        click.echo(f"taizhang: interrupted: {done} of {done + totals['not_run']} notices done, "
                   f"{totals['not_run']} not run{listing}", err=True)
        sys.exit(128 + (manifest.stopped_by or 2))
    if not quiet:
        if manifest.skipped:
            click.echo(f"taizhang: skipped {batch.skipped_summary(manifest.skipped)}{listing}", err=True)
        records = sum(n for key, n in totals.items() if key not in ("notices", "ok", "failed", "skipped"))
        where = f"in {folder}/ (see manifest.json)" if folder is not None else "written to standard output"
        unchanged = (f" ({totals['ok'] - manifest.unchanged} extracted, {manifest.unchanged} unchanged)"
                     if manifest.unchanged else "")
        click.echo(f"{totals['notices']} notice{'s' if totals['notices'] != 1 else ''}: {totals['ok']} ok{unchanged}, {totals['failed']} failed"
                   f"{', ' + str(totals['skipped']) + ' files skipped' if totals['skipped'] else ''}; "
                   f"{records} records {where}", err=True)
    sys.exit(1 if totals["failed"] else 0)


@main.command(short_help="Compare two versions of a notice, record by record.")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="A JSON array, one object per change: change, type, key, field, before, after.")
@debug_option
def diff(old: Path, new: Path, as_json: bool) -> None:
    """Compare two versions of one notice: OLD and NEW are notice files (any format extract
    reads) or their .jsonl output.

    Records are matched by content, so renumbered or slightly reworded items count as the
    same item, changed. Offsets and position-derived ids are never reported. The exit
    status is 0 when nothing changed, 1 when something did, 2 on trouble (a missing or
    unreadable file), like diff(1).

    \b
    Example:
        taizhang diff seeds/000_4f00c9cdb2e80354.txt revised.txt
        taizhang diff out/old.jsonl out/new.jsonl --json
    """
    import json

    from taizhang.pipeline.diff import diff_records, read_records, report_lines, summary
    from taizhang.pipeline.load import NoticeError

    versions = []
    for path in (_existing_file(old), _existing_file(new)):
        try:
            versions.append(read_records(path))
        except (NoticeError, ValueError, OSError) as exc:
            problem = _reason(exc)
            problem = problem[len(f"{path}: "):] if problem.startswith(f"{path}: ") else problem
            raise Problem(problem, path) from None
    keys = [{r.get("doc_key") for r in records if r.get("type") == "document"} for records in versions]
    if all(keys) and not keys[0] & keys[1]:
        click.echo(f"taizhang: warning: {old.name} and {new.name} look like different notices "
                   f"(doc_key {', '.join(sorted(map(str, keys[0])))} vs {', '.join(sorted(map(str, keys[1])))})",
                   err=True)
    changes = diff_records(*versions)
    if as_json:
        click.echo(json.dumps([c.as_json() for c in changes], ensure_ascii=False, indent=1))
    else:
        for line in report_lines(changes, style=click.style):
            click.echo(line)
        counts = summary(changes)
        click.echo(f"{old.name} → {new.name}: " + ("no changes" if not changes else
                   f"{counts['changed']} changed, {counts['added']} added, {counts['removed']} removed records"))
    sys.exit(1 if changes else 0)


@main.command(short_help="Add notices to the corpus folder, refusing duplicates.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--seeds", "seeds_dir", default="seeds", show_default=True,
              type=click.Path(path_type=Path), help="The corpus folder to add notices to.")
@debug_option
def ingest(files: tuple[Path, ...], seeds_dir: Path) -> None:
    """Add notices to the corpus folder as NNN_<16 hex>.txt (UTF-8, never overwriting).

    For each FILE, prints `added`, `duplicate of <name>` (same normalized text: nothing
    written) or `new version of <name>` (same 发文字号, else same title). A .docx, .pdf or
    .html is stored as the text read out of it (what its records' spans point into), and
    the original is kept as .originals/NNN_<hex>.docx. The folder's index
    (.taizhang-index.jsonl) remembers what it holds, so only new or changed files are read
    again. An interrupted run leaves the folder as it was. Exit status 1 when a file could not be read, 2 when a FILE is missing or the
    folder cannot be written (nothing is added then).

    \b
    Example:
        taizhang ingest ~/Downloads/通知.txt ~/Downloads/整改方案.docx --seeds seeds/
    """
    for path in files:
        _existing_file(path)
    if not seeds_dir.exists():
        raise Problem("seeds folder does not exist (create it first)", seeds_dir)
    from taizhang.pipeline.batch import OutputError, prepare_output
    from taizhang.pipeline.ingest import ingest_files

    try:
        prepare_output(seeds_dir)
        results = ingest_files(list(files), seeds_dir)
    except OutputError as error:
        raise Problem(error.problem.replace("output folder", "seeds folder"), error.path) from None
    except OSError as error:
        raise Problem(f"cannot write in the seeds folder: {_reason(error)}", seeds_dir) from None
    for result in results:
        click.echo(result.message(), err=result.status == "failed")
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


def _ledger_stop(problem: str, path: object) -> None:
    """The one error line of export/report/schema, `taizhang: <file>: <problem>`, exit 2."""
    click.echo(f"taizhang: {path}: {problem}", err=True)
    sys.exit(EXIT_USAGE)


_AS_OF_HELP = "Judge deadline states (逾期, 30天内到期, 未到期, 长期) against this date, YYYY-MM-DD [today]."


@main.command(short_help="Write the ledger (台账) of extracted notices as Excel, CSV or SQLite.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "to", metavar="FORMAT", help="xlsx, csv or sqlite [from the suffix of FILE].")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path), metavar="FILE",
              help="The file to write (replaced atomically).")
@click.option("--as-of", "as_of", metavar="DATE", help=_AS_OF_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def export(inputs: tuple[Path, ...], to: str | None, out: Path, as_of: str | None, quiet: bool) -> None:
    """Write the ledger of extracted notices: INPUTS are `taizhang extract` output folders
    or .jsonl files, one or many (a notice given twice is taken once).

    xlsx: sheets 台账 (one row per issue: 序号, 文件, 类别, 问题或任务, 整改措施, 责任领导,
    牵头/责任/配合单位, 完成时限, 状态, 进展, 出处), 时限, 数据, 单位, 文件. csv: the 台账
    rows, UTF-8 with BOM for Excel and WPS. sqlite: tables documents, sections, issues,
    issue_units, deadlines, figures, units, with keys and indexes (ready for datasette).

    \b
    Examples:
        taizhang export out -o 台账.xlsx
        taizhang export out/ other-out/ --to csv -o ledger.csv --as-of 2024-06-30
        taizhang export out --to sqlite -o ledger.sqlite
    """
    from taizhang.pipeline.ledger import LedgerInputError, as_of_date
    from taizhang.pipeline.writers import WRITERS, export as export_records, writer_for

    _check_ledger_output(out)
    try:
        when = as_of_date(as_of)
    except ValueError as error:
        _ledger_stop(str(error), "--as-of")
    if to is not None and (to not in WRITERS or to == "html"):
        _ledger_stop(f"unknown format {to!r} (xlsx, csv or sqlite; `taizhang report` writes HTML)", "--to")
    try:
        writer_for(to, out)
        result = export_records(list(inputs), to=to, path=out, as_of=when)
    except LedgerInputError as error:
        _ledger_stop(error.problem, error.path)
    except ValueError as error:
        _ledger_stop(str(error), out)
    except OSError as error:
        _ledger_stop(f"cannot write: {error.strerror or error}", out)
    if not quiet:
        issues = sum(1 for notice in result.notices for r in notice if r.get("type") == "issue")
        repeats = f" ({len(result.repeats)} given twice, taken once)" if result.repeats else ""
        click.echo(f"{len(result.notices)} notices{repeats}, {issues} ledger rows → {out}", err=True)


def _check_ledger_output(out: Path) -> None:
    if out.is_dir():
        _ledger_stop("is a folder: give the file to write", out)
    if not out.parent.exists():
        _ledger_stop("folder does not exist", out.parent)


@main.command(short_help="Write an HTML page: each notice with its records highlighted, and its ledger.")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path), metavar="FILE.html",
              help="The page to write (self-contained: no network needed to open it).")
@click.option("--diff", "diff_paths", nargs=2, type=click.Path(path_type=Path), metavar="OLD NEW",
              help="Head the page with the changes between two versions (notice files or .jsonl).")
@click.option("--text", "text_files", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A notice file, or the folder extract read, holding the text the spans point into "
                   "(when it is not found beside the .jsonl). Repeatable.")
@click.option("--as-of", "as_of", metavar="DATE", help=_AS_OF_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def report(inputs: tuple[Path, ...], out: Path, diff_paths, text_files: tuple[Path, ...],
           as_of: str | None, quiet: bool) -> None:
    """Write one HTML page showing notices as a reviewer reads them: INPUTS are .jsonl files
    or output folders of `taizhang extract`.

    Every record is highlighted in the notice text (a colour per type; hover or click for its
    fields), the 台账 rows sit beside it and the warnings are listed. The text is looked for
    beside the .jsonl (<name>.source.txt), through manifest.json, at the document's source
    path, then in --text; a notice without it shows its records and ledger only, with a note.

    \b
    Examples:
        taizhang report out/000_4f00c9cdb2e80354.jsonl -o report.html --text seeds/
        taizhang report out -o report.html --as-of 2024-06-30
        taizhang report --diff old.jsonl new.jsonl -o changes.html
    """
    from taizhang.pipeline.ledger import LedgerInputError, as_of_date
    from taizhang.pipeline.writers.report import make_report

    if not inputs and not diff_paths:
        _ledger_stop("give .jsonl files or output folders, or --diff OLD NEW (see 'taizhang report --help')",
                     "report")
    _check_ledger_output(out)
    try:
        when = as_of_date(as_of)
    except ValueError as error:
        _ledger_stop(str(error), "--as-of")
    for given in text_files:
        if not given.exists():
            _ledger_stop("no such file or folder", given)
    try:
        result = make_report(list(inputs), out, diff_paths=diff_paths or None, text_files=text_files, as_of=when)
    except LedgerInputError as error:
        _ledger_stop(error.problem, error.path)
    except OSError as error:
        _ledger_stop(f"cannot write: {error.strerror or error}", out)
    for missing in result.without_text:
        click.echo(f"taizhang: {missing}", err=True)
    if not quiet:
        changes = f", {result.changes} changes" if result.changes is not None else ""
        click.echo(f"{result.notices} notices ({result.notices - len(result.without_text)} with their text)"
                   f"{changes} → {out}", err=True)


@main.command(short_help="Print the JSON Schema of the records.")
@click.argument("record_type", required=False, metavar="[TYPE]")
def schema(record_type: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the records: of TYPE (document, section, issue,
    deadline, figure, unit), or of any record line. Each field's description says what it means.

    \b
    Examples:
        taizhang schema > taizhang-record.schema.json
        taizhang schema issue
    """
    import json

    from taizhang.schemas.json_schema import record_schema, record_types

    try:
        found = record_schema(record_type)
    except KeyError:
        _ledger_stop(f"unknown record type (one of {', '.join(record_types())})", record_type)
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))


def run() -> None:
    """The `taizhang` command: main(), then an exit that does not tear the interpreter down.

    Freeing the pipeline's modules, grammars and OpenCC's dictionaries takes 0.1–0.2 s after
    the work is done, a wait at the end of every run that buys nothing: the exit handlers
    (multiprocessing's clean-up of the pool, logging's flush) are run, the streams flushed,
    and the process ends (mypy does the same). A thread it would wait for makes it exit as usual.
    """
    try:
        main()      # click's standalone mode: it ends with SystemExit
        code = 0
    except SystemExit as stop:
        code = stop.code
    import atexit
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    waited_for = [t for t in threading.enumerate() if not t.daemon and t is not threading.current_thread()]
    if run_handlers is None or waited_for:
        sys.exit(code)      # a usual exit waits for them
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a reader gone (| head) or a closed stream
            code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
