"""``shopcircle --version`` and ``--selftest``: what support asks a shop owner to run first."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from crm.db import close_database
from ui.selftest import SelfTest

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["init", "demo", "levels", "lifetime", "import", "export", "backup", "restore", "window"]


def run_app(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    env.pop("QT_QPA_PLATFORM", None)  # the self-test draws offscreen by itself
    env.pop("SHOPCIRCLE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "ui.app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def test_version_prints_the_package_version(tmp_path):
    done = run_app("--version", tmp_path=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"ShopCircle {version('shopcircle')}"


def test_selftest_runs_every_step_in_a_temporary_folder_and_passes(tmp_path):
    done = run_app("--selftest", tmp_path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split()[1] for line in lines if line.startswith("ok ")] == STEPS
    assert all(line.split()[3] == "s" for line in lines if line.startswith("ok "))  # each with its time
    assert lines[-2].startswith("self-test passed: 9 steps")
    assert lines[-1].startswith("this report is also in ") and lines[-1].endswith("selftest.txt")
    # The user's own data folder and settings are untouched; the report is kept for support.
    assert not list((tmp_path / "data").rglob("*.db"))
    assert not list((tmp_path / "config").rglob("*.conf"))
    report = next((tmp_path / "state").rglob("selftest.txt"), None) or next(tmp_path.rglob("selftest.txt"))
    assert "self-test passed" in report.read_text(encoding="utf-8")


def test_a_failing_step_is_named_and_the_rest_is_not_run(tmp_path, monkeypatch, qapp):
    def broken(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SelfTest, "export", broken)
    said: list[str] = []
    try:
        code = SelfTest(tmp_path, said.append).run()
    finally:
        close_database()
    assert code == 1
    assert [line.split()[1] for line in said if line.startswith("ok ")] == [
        "init",
        "demo",
        "levels",
        "lifetime",
        "import",
    ]
    assert any(line.startswith("FAILED export after") and "No space left" in line for line in said)
    assert said[-1] == "self-test failed at step 'export'"


@pytest.mark.parametrize("step", ["demo", "window"])
def test_every_failure_is_reported_never_raised(tmp_path, monkeypatch, qapp, step):
    monkeypatch.setattr(SelfTest, step, lambda self: 1 / 0)
    said: list[str] = []
    try:
        assert SelfTest(tmp_path, said.append).run() == 1
    finally:
        close_database()
    assert said[-1] == f"self-test failed at step '{step}'"


def test_the_start_up_probe_says_ready_with_the_list_and_leaves_no_settings(tmp_path):
    shop = tmp_path / "shop.db"
    made = subprocess.run(
        [sys.executable, "-m", "crm", "--db", str(shop), "demo", "--customers", "150"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert made.returncode == 0
    env_run = dict(os.environ, SHOPCIRCLE_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    env_run.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env_run.pop("SHOPCIRCLE_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "ui.app", "--db", str(shop), "--no-refresh"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env_run,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    ready = [line for line in done.stdout.splitlines() if line.startswith("READY")]
    assert ready and int(ready[0].split()[1]) > 100
    assert not list((tmp_path / "config").rglob("*"))  # no window size or staff remembered
