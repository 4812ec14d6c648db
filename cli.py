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
@click.version_option("0.1.0", prog_name="taizhang")
def main() -> None:
    """Turn Chinese government notices (通知, 整改方案, 审议意见, 答复函…) into JSONL records:
    documents, sections, issues, deadlines, figures and responsible units."""


@main.command()
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
    from pipeline.batch import collect, run_batch

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


if __name__ == "__main__":
    main()
