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

if __name__ == "__main__":
    main()
