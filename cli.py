"""taizhang: turn Chinese government notices (公文) into a rectification ledger (整改台账).

Heavy modules (OpenCC, jieba, pydantic models) are imported inside the commands so that
`taizhang --help` starts at once.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

EXIT_USAGE = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="taizhang", prog_name="taizhang")
def main() -> None:
    """Turn Chinese government notices (通知, 整改方案, 审议意见, 答复函…) into JSONL records:
    documents, sections, issues, deadlines, figures and responsible units."""
    from taizhang.pipeline.lexicon import LexiconError, check_all

    try:
        check_all()     # a broken lexicon stops the run here, before any notice is read
    except LexiconError as exc:
        click.echo(f"taizhang: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@main.command(short_help="Extract records from notice files or folders into JSONL.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <notice>.jsonl files and manifest.json (created if missing).")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Worker processes; 0 picks one per CPU core for large batches.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for notices that fail.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def extract(paths: tuple[Path, ...], out_dir: Path, jobs: int, debug: bool, quiet: bool) -> None:
    """Extract records from notices: PATHS are notice files or folders of them.

    Writes OUT/<name>.jsonl per notice (folders keep their layout) and OUT/manifest.json.
    A notice that cannot be read is reported and the others go on; the exit status
    is 1 when any failed.

    \b
    Example:
        taizhang extract seeds -o out
    """
    from taizhang.pipeline.batch import collect, run_batch

    job_list, skipped = collect(list(paths))
    if not job_list:
        raise click.UsageError("no notice files found (taking .txt, .text, .md)")
    for entry in skipped:
        click.echo(f"taizhang: skipped {entry.path}: {entry.reason}", err=True)
    workers = jobs or (min(os.cpu_count() or 1, 4) if len(job_list) >= 16 else 1)
    show_bar = not quiet and len(job_list) > 3
    failures: list[str] = []

    def report(entry) -> None:
        if entry.status == "failed":
            failures.append(entry.error)
            if not show_bar:
                click.echo(f"taizhang: failed: {entry.error}", err=True)

    if show_bar:
        with click.progressbar(length=len(job_list), label="extracting", file=sys.stderr) as bar:
            def advance(entry) -> None:
                report(entry)
                bar.update(1)

            manifest = run_batch(job_list, skipped, out_dir, workers=workers, debug=debug, on_done=advance)
        for error in failures:
            click.echo(f"taizhang: failed: {error}", err=True)
    else:
        manifest = run_batch(job_list, skipped, out_dir, workers=workers, debug=debug, on_done=report)
    totals = manifest.totals
    if not quiet:
        records = sum(n for key, n in totals.items() if key not in ("notices", "ok", "failed", "skipped"))
        click.echo(f"{totals['notices']} notices: {totals['ok']} ok, {totals['failed']} failed"
                   f"{', ' + str(totals['skipped']) + ' files skipped' if totals['skipped'] else ''}; "
                   f"{records} records in {out_dir}/ (see manifest.json)", err=True)
    sys.exit(1 if totals["failed"] else 0)



@main.command(short_help="Compare two versions of a notice, record by record.")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="A JSON array, one object per change: change, type, key, field, before, after.")
def diff(old: Path, new: Path, as_json: bool) -> None:
    """Compare two versions of one notice: OLD and NEW are notice files or their .jsonl output.

    Records are matched by content, so renumbered or slightly reworded items count as the
    same item, changed. Offsets and position-derived ids are never reported. The exit
    status is 0 when nothing changed, 1 when something did, 2 on trouble, like diff(1).

    \b
    Example:
        taizhang diff seeds/000_4f00c9cdb2e80354.txt revised.txt
        taizhang diff out/old.jsonl out/new.jsonl --json
    """
    import json

    from taizhang.pipeline.diff import diff_records, read_records, report_lines, summary
    from taizhang.pipeline.load import NoticeError

    versions = []
    for path in (old, new):
        try:
            versions.append(read_records(path))
        except (NoticeError, ValueError, OSError) as exc:
            click.echo(f"taizhang: cannot read {path}: {exc}", err=True)
            sys.exit(EXIT_USAGE)
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
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seeds", "seeds_dir", default="seeds", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The corpus folder to add notices to.")
def ingest(files: tuple[Path, ...], seeds_dir: Path) -> None:
    """Add notices to the corpus folder as NNN_<16 hex>.txt (UTF-8, never overwriting).

    For each FILE, prints `added`, `duplicate of <name>` (same normalized text: nothing
    written) or `new version of <name>` (same 发文字号, else same title). An interrupted
    run leaves the folder as it was. Exit status 1 when a file could not be read.

    \b
    Example:
        taizhang ingest ~/Downloads/通知.txt --seeds seeds/
    """
    from taizhang.pipeline.ingest import ingest_files

    if not seeds_dir.is_dir():
        raise click.UsageError(f"seeds folder {seeds_dir} does not exist (create it first)")
    results = ingest_files(list(files), seeds_dir)
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


if __name__ == "__main__":
    main()
