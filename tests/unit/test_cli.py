import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from crm import clock
from crm.cli import main
from crm.db import close_database, open_database
from crm.levels import LEVELS


@pytest.fixture
def shop_path(tmp_path):
    clock.fix(datetime(2026, 6, 30, 12, 0))
    yield str(tmp_path / "shop.db")
    clock.fix(None)
    close_database()


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def _joined_by(path: str, day: date) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT COUNT(*) FROM customer WHERE joined <= ?", (day.isoformat(),)).fetchone()
    return row[0]


def test_init_creates_then_reports_up_to_date(shop_path, capsys):
    assert main(["--db", shop_path, "init"]) == 0
    assert "Created a new ShopCircle database" in capsys.readouterr().out
    assert main(["--db", shop_path, "init"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_db_defaults_to_the_environment_variable(tmp_path, monkeypatch, capsys, shop_path):
    monkeypatch.setenv("SHOPCIRCLE_DB", str(tmp_path / "env.db"))
    assert main(["init"]) == 0
    assert str(tmp_path / "env.db") in capsys.readouterr().out
    assert (tmp_path / "env.db").exists()


def test_demo_then_levels_json(shop_path, capsys):
    argv = ["--db", shop_path, "demo", "--customers", "200", "--seed", "5", "--until", "2026-06-30"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "200 customers" in out

    assert main(["--db", shop_path, "levels", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == "2026-06-30"
    assert list(result["levels"]) == list(LEVELS)
    assert sum(result["levels"].values()) == _joined_by(shop_path, date(2026, 6, 30)) == 200


def test_levels_as_of_a_past_day_counts_customers_joined_by_then(shop_path, capsys):
    assert main(["--db", shop_path, "demo", "--customers", "200", "--until", "2026-06-30"]) == 0
    capsys.readouterr()
    assert main(["--db", shop_path, "levels", "--as-of", "2025-01-15", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["as_of"] == "2025-01-15"
    joined = _joined_by(shop_path, date(2025, 1, 15))
    assert 0 < joined < 200
    assert sum(result["levels"].values()) == joined


def test_levels_table_names_levels_in_both_languages(shop_path, capsys):
    assert main(["--db", shop_path, "demo", "--customers", "100", "--until", "2026-06-30"]) == 0
    capsys.readouterr()
    assert main(["--db", shop_path, "levels"]) == 0
    out = capsys.readouterr().out
    for label in ("无关系 None", "微关系 Micro", "弱关系 Weak", "强关系 Strong", "超强关系 Super-strong"):
        assert label in out
    assert "100 customers" in out


def test_levels_table_says_how_many_of_its_customers_the_app_leaves_out(shop_path, capsys):
    assert main(["--db", shop_path, "demo", "--customers", "100", "--until", "2026-06-30"]) == 0
    with sqlite3.connect(shop_path) as conn:
        conn.execute("UPDATE customer SET archived = 0")
        conn.execute("UPDATE customer SET archived = 1 WHERE id IN (SELECT id FROM customer LIMIT 3)")
    capsys.readouterr()
    assert main(["--db", shop_path, "levels"]) == 0
    out = capsys.readouterr().out
    assert "100 customers joined by then" in out
    assert "of them 3 customers archived or erased, whom the app's screens leave out" in out


def test_demo_refuses_a_database_with_data(shop_path, capsys):
    assert main(["--db", shop_path, "demo", "--customers", "30"]) == 0
    capsys.readouterr()
    assert main(["--db", shop_path, "demo", "--customers", "30"]) == 2
    assert "already has data" in _one_line_error(capsys)


@pytest.mark.parametrize(
    "argv",
    [
        ["levels", "--as-of", "2026-02-30"],
        ["levels", "--as-of", "yesterday"],
        ["demo", "--until", "30/06/2026"],
        ["demo", "--customers", "-5"],
        ["demo", "--customers", "many"],
        ["demo", "--until", "2026-07-01"],
        ["frobnicate"],
        [],
        ["levels", "--colour"],
    ],
)
def test_bad_input_exits_2_with_one_line(shop_path, capsys, argv):
    assert main(["--db", shop_path, *argv]) == 2
    assert _one_line_error(capsys).startswith("shopcircle-cli: error:")


def test_every_command_of_the_contract_is_listed(shop_path, capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("init", "demo", "import", "levels", "report", "export", "backup", "restore", "check"):
        assert command in out
    assert "not available" not in out
    assert main(["--db", shop_path, "check"]) == 2  # no shop there yet: said in one line
    assert "no ShopCircle database there" in _one_line_error(capsys)


def test_report_json_prints_the_metrics_and_bad_months_exit_2(shop_path, capsys):
    from crm.reports.metrics import KEYS

    assert main(["--db", shop_path, "demo", "--customers", "50"]) == 0
    capsys.readouterr()
    assert main(["--db", shop_path, "report", "--month", "2026-05", "--json"]) == 0
    values = json.loads(capsys.readouterr().out)
    assert list(values) == list(KEYS) and values["month"] == "2026-05"
    assert main(["--db", shop_path, "report", "--month", "May", "--json"]) == 2
    assert "not a month" in _one_line_error(capsys)


def test_export_writes_a_workbook_and_refuses_a_missing_folder(shop_path, tmp_path, capsys):
    out = tmp_path / "may.xlsx"
    assert main(["--db", shop_path, "demo", "--customers", "50"]) == 0
    assert main(["--db", shop_path, "export", "--month", "2026-05", "--out", str(out)]) == 0
    assert out.exists() and out.read_bytes()[:2] == b"PK"
    capsys.readouterr()
    assert (
        main(["--db", shop_path, "export", "--month", "2026-05", "--out", str(tmp_path / "no" / "x.xlsx")])
        == 2
    )
    assert "does not exist" in _one_line_error(capsys)


def test_garbage_file_exits_2_with_one_line(tmp_path, capsys):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database\n" * 500)
    for command in (["init"], ["levels"], ["demo", "--customers", "10"]):
        assert main(["--db", str(garbage), *command]) == 2
        assert "not a ShopCircle database" in _one_line_error(capsys)


def test_missing_database_for_levels_exits_2(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "nowhere.db"), "levels"]) == 2
    assert "no ShopCircle database" in _one_line_error(capsys)


def test_locked_database_exits_2_with_one_line(shop_path, capsys):
    open_database(shop_path)
    close_database()
    holder = sqlite3.connect(shop_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["--db", shop_path, "demo", "--customers", "10"]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in _one_line_error(capsys)


def test_unexpected_error_exits_1_with_one_line(shop_path, capsys, monkeypatch):
    from crm import demo

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo, "generate", explode)
    assert main(["--db", shop_path, "demo"]) == 1
    assert "disk on fire" in _one_line_error(capsys)


def test_python_dash_m_crm_runs_the_command_line(tmp_path):
    path = str(tmp_path / "sub.db")
    done = subprocess.run(
        [sys.executable, "-m", "crm", "--db", path, "demo", "--customers", "50", "--until", "2026-06-30"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "50 customers" in done.stdout
    assert done.stderr == ""  # no progress line when stderr is not a terminal

    bad = subprocess.run(
        [sys.executable, "-m", "crm", "--db", path, "levels", "--as-of", "2026-13-01"],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_installed_console_script_runs():
    script = Path(sys.executable).with_name("shopcircle-cli")
    if not script.exists():
        pytest.skip("shopcircle-cli is not installed beside this Python")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "levels" in done.stdout and "demo" in done.stdout


def test_db_may_also_follow_the_command(shop_path, capsys):
    assert main(["demo", "--db", shop_path, "--customers", "40", "--until", "2026-06-30"]) == 0
    capsys.readouterr()
    assert main(["levels", "--json", "--db", shop_path]) == 0
    assert sum(json.loads(capsys.readouterr().out)["levels"].values()) == 40


def test_demo_shows_progress_on_a_terminal(shop_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["--db", shop_path, "demo", "--customers", "40"]) == 0
    err = capsys.readouterr().err
    assert "\rdemo: 100% done" in err
    assert err.endswith("\n") and err.count("\n") == 1


def test_version_names_the_installed_package(capsys):
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ShopCircle {version('shopcircle')}"


@pytest.mark.parametrize(
    "argv, said",
    [
        (["report", "--month", "0001-01"], "from 1900-01 to 9999-11"),
        (["report", "--month", "9999-12"], "from 1900-01 to 9999-11"),
        (["report", "--month", "1899-12", "--json"], "from 1900-01 to 9999-11"),
        (["export", "--month", "0001-01", "--out", "x.xlsx"], "from 1900-01 to 9999-11"),
        (["levels", "--as-of", "0001-01-01"], "from 1900-01-01 to 9999-11-30"),
        (["levels", "--as-of", "9999-12-31"], "from 1900-01-01 to 9999-11-30"),
        (["demo", "--until", "0001-01-01"], "from 1900-01-01 to 9999-11-30"),
    ],
)
def test_dates_out_of_range_exit_2_with_one_line(shop_path, capsys, argv, said):
    open_database(shop_path)
    close_database()
    assert main(["--db", shop_path, *argv]) == 2
    error = _one_line_error(capsys)
    assert error.startswith("shopcircle-cli: error:") and said in error and "unexpected" not in error


def test_the_services_take_the_ends_of_the_calendar_calmly(shop_path):
    from crm.errors import InvalidInput
    from crm.reports.monthly import report_json
    from crm.services import levels

    open_database(shop_path)
    assert sum(levels.distribution(date(1, 1, 1)).values()) == 0  # nobody had joined
    assert levels.distribution(date(9999, 12, 31)) == dict.fromkeys(LEVELS, 0)
    for month in ("0001-01", "9999-12"):
        with pytest.raises(InvalidInput, match="from 1900-01 to 9999-11"):
            report_json(month)


def test_a_database_kept_busy_past_the_timeout_exits_2_with_one_line(shop_path, capsys):
    open_database(shop_path)
    close_database()
    holder = sqlite3.connect(shop_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program saving, for longer than we wait
    try:
        assert main(["--db", shop_path, "levels"]) == 2  # levels refreshes the stored levels: a write
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    error = _one_line_error(capsys)
    assert "the database is busy" in error and "nothing was saved" in error


def test_the_help_says_the_command_line_acts_as_the_owner(capsys):
    import crm.cli

    assert main(["--help"]) == 0
    assert "acts as the owner" in " ".join(capsys.readouterr().out.split())
    assert "acts as the owner of the file it opens" in " ".join(crm.cli.__doc__.split())
