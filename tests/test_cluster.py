"""`taizhang extract --scheduler`: the notices run on a dask.distributed cluster and the output
is byte-identical to a local run's; a missing extra or an unreachable scheduler is one line.

The cluster is a LocalCluster of two worker processes on 127.0.0.1, started once for the module;
the tests that need it are skipped when the `dask` extra is not installed.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from taizhang import cli

TAIZHANG = [sys.executable, str(ROOT / "cli.py")]


def extract(*args):
    return CliRunner().invoke(cli.main, ["extract", *map(str, args)], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scheduler() -> str:
    """The address of a two-process local cluster, for the whole module."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0") as cluster:   # no fixed port (8787)
        yield cluster.scheduler_address


@pytest.fixture
def inbox(tmp_path) -> Path:
    """The seeds, one of them in a subfolder, and a notice that fails alone (an empty file)."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "sub").mkdir()
    shutil.move(folder / "004_6ba92f5af78f20b4.txt", folder / "sub")
    (folder / "bad.txt").write_bytes(b"")
    return folder


def test_a_cluster_run_writes_the_bytes_a_local_run_writes(scheduler, inbox, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "remote"
    assert extract(inbox, "-o", local, "-q").exit_code == 1
    result = extract(inbox, "-o", remote, "--scheduler", scheduler)
    assert result.exit_code == 1, result.stderr
    assert snapshot(remote) == snapshot(local)
    [failed] = [e for e in json.loads((remote / "manifest.json").read_bytes())["notices"] if e["status"] == "failed"]
    assert failed["source"] == "bad.txt" and failed["error"].startswith(f"{inbox / 'bad.txt'}: ")
    assert f"taizhang: {inbox / 'bad.txt'}: " in result.stderr
    rerun = extract(inbox, "-o", remote, "--scheduler", scheduler)       # incremental there too
    assert "5 ok (0 extracted, 5 unchanged), 1 failed" in rerun.stderr
    assert snapshot(remote) == snapshot(local)


def test_records_streamed_from_a_cluster_come_in_input_order(scheduler, inbox, tmp_path):
    local = extract(inbox, "--stdout", "-q")
    remote = extract(inbox, "--stdout", "-q", "--scheduler", scheduler)
    assert remote.exit_code == local.exit_code == 1
    assert remote.stdout_bytes == local.stdout_bytes and remote.stdout_bytes


def test_without_the_extra_scheduler_says_what_to_install(monkeypatch, inbox, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)       # import distributed → ImportError
    result = extract(inbox, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "pip install 'taizhang[dask]'" in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("address, problem", [
    (f"tcp://127.0.0.1:{_closed_port()}", "cannot reach the Dask scheduler at tcp://127.0.0.1:"),
    ("127.0.0.1", "--scheduler 127.0.0.1: not a scheduler address (missing port number"),
])
def test_an_unreachable_scheduler_is_one_line_at_once(address, problem, inbox, tmp_path):
    pytest.importorskip("distributed")
    started = time.monotonic()
    result = extract(inbox, "-o", tmp_path / "out", "--scheduler", address)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"taizhang: {problem}") and result.stderr.count("\n") == 1
    assert time.monotonic() - started < 5
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_workers_of_another_taizhang_version_are_refused_before_any_work(scheduler, monkeypatch, inbox, tmp_path):
    from taizhang.pipeline import cluster

    monkeypatch.setattr(cluster, "__version__", "9.9.9")       # we are 9.9.9, the workers are not
    result = extract(inbox, "-o", tmp_path / "out", "--scheduler", scheduler)
    assert result.exit_code == 2
    assert result.stderr.startswith("taizhang: the Dask worker tcp://127.0.0.1:")
    assert "this is 9.9.9 (rules " in result.stderr and "install the same version on every worker" in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_workers_of_a_checkout_with_other_rules_are_refused(scheduler, monkeypatch, inbox, tmp_path):
    from taizhang.pipeline import cluster

    monkeypatch.setattr(cluster, "code_fingerprint", lambda: "0" * 16)
    result = extract(inbox, "-o", tmp_path / "out", "--scheduler", scheduler)
    assert result.exit_code == 2
    assert f"this is {cluster.__version__} (rules 0000000000000000)" in result.stderr


def test_a_scheduler_without_workers_is_one_line(monkeypatch, inbox, tmp_path):
    distributed = pytest.importorskip("distributed")
    from taizhang.pipeline import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 0.5)
    with distributed.LocalCluster(host="127.0.0.1", n_workers=0, processes=False, protocol="tcp://",
                                  dashboard_address="127.0.0.1:0") as empty:
        result = extract(inbox, "-o", tmp_path / "out", "--scheduler", empty.scheduler_address)
    assert result.exit_code == 2
    assert result.stderr == (f"taizhang: the Dask scheduler at {empty.scheduler_address} has no worker after "
                             "0.5 s (start one with `dask worker ADDRESS` on each machine)\n")


def test_jobs_and_scheduler_do_not_go_together(inbox, tmp_path):
    result = extract(inbox, "-o", tmp_path / "out", "-j", "2", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "-j/--jobs and --scheduler" in result.stderr


def test_ctrl_c_on_a_cluster_run_keeps_what_finished(scheduler, tmp_path):
    """Two notices of white space only fail at once and, the biggest, are sent first: once the
    run has printed both, it has gathered outcomes, and the Ctrl-C that follows must keep them
    in the manifest."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for bad in ("0-bad-1.txt", "0-bad-2.txt"):
        (inbox / bad).write_bytes(b" \n" * 200_000)
    for n in range(1, 9):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, inbox / f"{n}-{seed.name}")
    process = subprocess.Popen(TAIZHANG + ["extract", str(inbox), "-o", str(out), "--scheduler", scheduler],
                               cwd=ROOT, stderr=subprocess.PIPE, start_new_session=True)
    seen = [process.stderr.readline().decode() for _ in range(2)]
    assert all("0-bad-" in line for line in seen), seen
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    stderr = stderr.decode()
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1].startswith("taizhang: interrupted: "), stderr
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert manifest["interrupted"] is True, stderr
    entries = manifest["notices"]
    assert [e["source"] for e in entries] == sorted(p.name for p in inbox.iterdir())
    statuses = [e["status"] for e in entries]
    assert statuses[:2] == ["failed", "failed"] and "not_run" in statuses, (stderr, manifest["totals"])
    assert set(statuses[2:]) <= {"ok", "not_run"}
    for entry in entries:
        if entry["status"] == "ok":
            lines = (out / entry["output"]).read_bytes().splitlines()
            assert len(lines) == sum(entry["counts"].values())
