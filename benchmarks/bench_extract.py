"""Benchmark: `taizhang extract` speed and memory as ratios against a baseline measured in the same run.

The baseline is the minimal pipeline ../shared/NOTES.md measured: read → OpenCC t2s → one
regex for numbers with units → pydantic → JSONL, one notice at a time, over the same files.
taizhang does far more per notice (unwrapping, segmenting, tables, notes, a dozen grammars,
jieba on short windows), so each ratio says what that work costs on real text:

- throughput (MB of input per second) on the 238 corpus notices, the 30 dev notices (HTML,
  SQL, PDF text wrapped) and 300 laws (every 11th file of laws.tar.gz, unpacked to a
  temporary folder): each tool as a command, start-up included as a user sees it, in one
  process (`-j 1`; its CPU seconds too, steadier than wall time on a shared machine) and in
  two (`-j 2`; the baseline in a pool of two); then warm, in this process, start-up excluded
  (after the seeds; one pass, as a second would find every jieba window cached);
- cold start: `taizhang extract one.txt` on a corpus notice of median size against
  `python -c pass` and the baseline's own start;
- peak memory (ru_maxrss, measured through a small launcher process: a child of this big
  process would inherit its high-water mark) on the largest law and on a single-line notice
  dense in figures (seed 000 without its line breaks, repeated to 30 MB, and to a tenth of
  that first: the two times should differ tenfold).

Nothing is written outside a temporary folder. The machine is shared: the best of --repeat
runs is kept, and the ratios (same run, same load) matter more than the MB/s.

    .venv/bin/python benchmarks/bench_extract.py [--repeat 2] [--big-mb 30] [--skip-big] [--only memory]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "notices"
DEV = SHARED / "dev" / "raw"
LAWS = SHARED / "corpus" / "laws.tar.gz"
LAW_SAMPLE = 300
TAIZHANG = Path(sys.executable).with_name("taizhang")
#: Runs a command and prints the peak RSS (KB) of it and its children: a small parent, so the
#: figure is the command's own (a process inherits its parent's high-water mark across exec).
LAUNCHER = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")

NUMBER_WITH_UNIT = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:万|亿)?(?:元|%|个|项|户|家|亩|吨|人)")


# ---------------------------------------------------------------- the baseline

def _baseline_files(paths: list[Path], out: Path) -> None:
    """The minimal pipeline over *paths*, one JSONL file per notice in *out*."""
    import opencc
    from pydantic import BaseModel

    class Match(BaseModel):
        type: str
        start: int
        end: int
        raw: str

    converter = opencc.OpenCC("t2s")
    for path in paths:
        text = converter.convert(path.read_bytes().decode("utf-8", errors="replace"))
        with open(out / (path.name + ".jsonl"), "w", encoding="utf-8") as handle:
            for m in NUMBER_WITH_UNIT.finditer(text):
                handle.write(Match(type="figure", start=m.start(), end=m.end(), raw=m.group()).model_dump_json())
                handle.write("\n")


def _baseline_main(jobs: int, out: Path, inputs: list[Path]) -> None:
    """`--baseline JOBS OUT INPUT…`: the baseline as a command (as `taizhang extract` is)."""
    paths = sorted(p for i in inputs for p in ([i] if i.is_file() else i.iterdir()) if p.is_file())
    if jobs == 1:
        _baseline_files(paths, out)
        return
    with multiprocessing.Pool(jobs) as pool:
        pool.starmap(_baseline_files, [(paths[i::jobs], out) for i in range(jobs)])


def taizhang_command(inputs: list[Path], out: Path, jobs: int) -> list[str]:
    return [str(TAIZHANG), "extract", *map(str, inputs), "-o", str(out), "-q", "-j", str(jobs)]


def baseline_command(inputs: list[Path], out: Path, jobs: int) -> list[str]:
    return [sys.executable, __file__, "--baseline", str(jobs), str(out), *map(str, inputs)]


# ---------------------------------------------------------------- running commands

@dataclass
class Run:
    wall: float         # seconds
    cpu: float          # user + system seconds of the command and its workers
    peak_kb: int = 0    # peak RSS, when measured through the launcher


def run(command: list[str], timeout: float, peak: bool = False) -> Run:
    """Run *command* (exit 0, or 1 when some notice failed); with *peak*, through the launcher."""
    if peak:
        command = [sys.executable, "-c", LAUNCHER, *command]
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=errors)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise TimeoutError(" ".join(command[:4]))
            time.sleep(0.005)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        output.seek(0)
        if code not in (0, 1):
            message = errors.read().decode("utf-8", errors="replace")[-500:]
            raise RuntimeError(f"{' '.join(command[:4])} exited {code}: {message}")
        peak_kb = int(output.read().split()[-1]) if peak else 0
    return Run(wall, usage.ru_utime + usage.ru_stime, peak_kb)


def fresh(tmp: Path, name: str = "out") -> Path:
    folder = tmp / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def best(command_of, tmp: Path, repeat: int, timeout: float) -> Run:
    """The fastest of *repeat* runs (each into a fresh folder); its CPU seconds the least seen."""
    runs = [run(command_of(fresh(tmp)), timeout) for _ in range(repeat)]
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs))


# ---------------------------------------------------------------- inputs

def law_sample(tmp: Path) -> tuple[Path, Path]:
    """A folder of LAW_SAMPLE laws spread over the archive (every k-th by name) and the largest law."""
    folder = tmp / "laws"
    folder.mkdir()
    with tarfile.open(LAWS) as archive:
        members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
    step = max(1, len(members) // LAW_SAMPLE)
    chosen = {m.name for m in members[::step][:LAW_SAMPLE]}
    largest = max(members, key=lambda m: m.size).name
    largest_path = tmp / "largest_law" / Path(largest).name
    largest_path.parent.mkdir()
    with tarfile.open(LAWS) as archive:           # in archive order: a gzip stream does not seek back
        for member in archive:
            if member.name in chosen or member.name == largest:
                data = archive.extractfile(member).read()
                if member.name in chosen:
                    (folder / Path(member.name).name).write_bytes(data)
                if member.name == largest:
                    largest_path.write_bytes(data)
    return folder, largest_path


def big_notice(tmp: Path, megabytes: float) -> Path:
    """One notice of *megabytes* on a single line: seed 000 (figures in most sentences) repeated."""
    paragraph = next((ROOT / "seeds").glob("000_*.txt")).read_text(encoding="utf-8").replace("\n", "")
    big = tmp / f"big-{megabytes:g}MB" / "big.txt"
    big.parent.mkdir()
    big.write_text(paragraph * max(1, int(megabytes * 1e6 / len(paragraph.encode("utf-8")))), encoding="utf-8")
    return big


def median_notice(folder: Path) -> Path:
    files = sorted(files_of(folder), key=lambda p: (p.stat().st_size, p.name))
    return files[len(files) // 2]


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file())


def megabytes(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


# ---------------------------------------------------------------- warm, in this process

def warm_seconds(paths: list[Path], out: Path, repeat: int) -> tuple[float, float]:
    """Seconds of taizhang (one pass: a second would find every jieba window in its cache) and
    best seconds of the baseline over *paths* in this process, start-up excluded (warmed up on
    the seeds)."""
    from taizhang.pipeline.load import NoticeError
    from taizhang.pipeline.run import extract
    from taizhang.pipeline.write import write_atomic

    def ours() -> None:
        for path in paths:
            try:
                records = extract(path)
            except NoticeError:
                continue
            write_atomic(out / (path.name + ".jsonl"), (r.model_dump_json() for r in records))

    def timed(work) -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    for seed in sorted((ROOT / "seeds").glob("*.txt")):     # imports, lexicons, jieba's dictionary
        extract(seed)
    _baseline_files(paths[:1], out)
    base = min(timed(lambda: _baseline_files(paths, out)) for _ in range(repeat))
    return timed(ours), base


# ---------------------------------------------------------------- the measures

def throughput(sets: dict[str, Path], tmp: Path, repeat: int, timeout: float) -> None:
    print("throughput in MB/s (× = taizhang's speed as a share of the baseline's; higher is better)")
    for name, folder in sets.items():
        size = megabytes(files_of(folder))
        print(f"  {name}, {size:.2f} MB", flush=True)
        for jobs in (1, 2):
            base = best(lambda out: baseline_command([folder], out, jobs), tmp, repeat, timeout)
            ours = best(lambda out: taizhang_command([folder], out, jobs), tmp, repeat, timeout)
            cpu = f"; CPU {base.cpu:.1f} s vs {ours.cpu:.1f} s: {base.cpu / ours.cpu:.3f} ×" if jobs == 1 else ""
            print(f"    command -j {jobs}: baseline {size / base.wall:7.2f}  taizhang {size / ours.wall:6.2f}  "
                  f"{base.wall / ours.wall:.3f} ×{cpu}", flush=True)
        ours_s, base_s = warm_seconds(files_of(folder), fresh(tmp, "warm"), repeat)
        print(f"    warm, in-process: baseline {size / base_s:7.2f}  taizhang {size / ours_s:6.2f}  "
              f"{base_s / ours_s:.3f} ×", flush=True)


def cold_start(one: Path, tmp: Path, runs: int) -> None:
    def median(command_of) -> float:
        return statistics.median(run(command_of(fresh(tmp)), 120).wall for _ in range(runs))

    bare = median(lambda out: [sys.executable, "-c", "pass"])
    base = median(lambda out: baseline_command([one], out, 1))
    ours = median(lambda out: taizhang_command([one], out, 1))
    print(f"cold start on one notice ({one.name}, {one.stat().st_size / 1e3:.0f} KB), median of {runs} runs:")
    print(f"  python -c pass {bare:.3f} s   baseline {base:.3f} s ({base / bare:.1f} × python)   "
          f"taizhang extract {ours:.3f} s ({ours / bare:.1f} × python, {ours / base:.1f} × the baseline)")


def memory(files: dict[str, Path], tmp: Path, timeout: float) -> None:
    print("peak memory (RSS) and time on one notice, one process (× = taizhang / baseline):")
    for name, path in files.items():
        size = path.stat().st_size / 1e6
        base = run(baseline_command([path], fresh(tmp), 1), timeout, peak=True)
        try:
            ours = run(taizhang_command([path], fresh(tmp), 1), timeout, peak=True)
        except TimeoutError:
            print(f"  {name} ({size:.1f} MB): baseline {base.peak_kb / 1e3:.0f} MB in {base.wall:.1f} s; "
                  f"taizhang did not finish in {timeout:.0f} s", flush=True)
            continue
        print(f"  {name} ({size:.2f} MB): baseline {base.peak_kb / 1e3:.0f} MB in {base.wall:.1f} s, "
              f"taizhang {ours.peak_kb / 1e3:.0f} MB in {ours.wall:.1f} s: memory {ours.peak_kb / base.peak_kb:.1f} ×, "
              f"{ours.peak_kb / 1e3 / size:.0f} × the file; speed {size / ours.wall:.2f} MB/s, "
              f"{base.wall / ours.wall:.3f} × the baseline's", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each throughput measure (best kept)")
    parser.add_argument("--cold-runs", type=int, default=5, help="runs of the cold start (median kept)")
    parser.add_argument("--big-mb", type=float, default=30.0, help="size of the single-line notice")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before one run is given up")
    parser.add_argument("--skip-big", action="store_true", help="leave out the single-line notice")
    parser.add_argument("--only", choices=["throughput", "cold", "memory"], help="one measure only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        tmp = Path(tmp)
        laws, largest_law = law_sample(tmp)
        if args.only in (None, "memory"):       # first, while this process is small
            files = {f"largest law {largest_law.name}": largest_law}
            if not args.skip_big:
                for size in (args.big_mb / 10, args.big_mb):
                    files[f"single-line notice of {size:g} MB"] = big_notice(tmp, size)
            memory(files, tmp, args.timeout)
        if args.only in (None, "cold"):
            cold_start(median_notice(CORPUS), tmp, args.cold_runs)
        if args.only in (None, "throughput"):
            sets = {"corpus notices (238)": CORPUS, "dev notices (30)": DEV, f"laws ({LAW_SAMPLE})": laws}
            throughput(sets, tmp, args.repeat, args.timeout)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--baseline":
        _baseline_main(int(sys.argv[2]), Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]])
        sys.exit(0)
    sys.exit(main())
