"""The monthly report's lifetime figures (SPEC 5 and 9): the Customers sheet's P(alive),
expected purchase days in 90 days and 12-month value, the Summary's next 30 days, both explained
on the Notes sheet, from the stored fit; blank with the reason when the models cannot tell."""

import csv
from datetime import timedelta

import numpy as np
import pytest
from openpyxl import load_workbook

from crm import demo
from crm.lifetime import bgnbd, summary
from crm.models import Customer
from crm.reports import workbook
from crm.reports.labels import Labels
from crm.services import lifetime
from tests.conftest import TODAY as D
from tests.factories import customer, visit

MONTH = "2026-06"  # D is its last day
HEAD = ["Still a customer (P(alive))", "Expected purchase days (90 d)", "12-month value"]


@pytest.fixture
def fitted(db):
    demo.generate(2000, seed=7, until=D)
    fit = lifetime.fit(D)
    assert fit.ok and fit.gamma_gamma is not None
    return fit


def summary_values(ws) -> dict:
    """The Summary's outlook under the trend table: label in F, figure in I."""
    return {ws.cell(r, 6).value: ws.cell(r, 9) for r in range(4, ws.max_row + 1) if ws.cell(r, 6).value}


def expected_next_30(fit) -> tuple[float, float]:
    """The shop's purchase days expected in the 30 days after D and their value, worked out
    from the stored fit's parameters and each customer's figures (their spend per purchase day)."""
    s = summary.read(D)
    figures = lifetime.figures(None, D, fit)
    days = bgnbd.expected_purchases(fit.bgnbd, 30 / 7, s.x, s.t_x, s.T)
    assert list(s.ids) == list(figures.ids)
    return float(days.sum()), float((days * figures.spend_per_day).sum())


def test_the_customers_sheet_has_each_customers_figures_from_the_stored_fit(fitted, tmp_path):
    out = workbook.export(MONTH, tmp_path / "june.xlsx", language="en", actor=None)
    ws = load_workbook(out)["Customers"]
    header = [c.value for c in ws[1]]
    assert header[-3:] == HEAD and ws.auto_filter.ref.startswith("A1:O")
    figures = lifetime.figures(None, D, fitted)
    code_of = dict(Customer.select(Customer.code, Customer.id).tuples())
    compared = blank = once = 0
    for row in ws.iter_rows(min_row=2):
        cid = code_of[row[0].value]
        alive, ahead, value = row[12], row[13], row[14]
        at = np.searchsorted(figures.ids, cid)
        if at < len(figures.ids) and figures.ids[at] == cid:
            if figures.purchase_days[at] == 1:  # bought on one day only: the model cannot tell
                assert alive.value is None
                once += 1
            else:
                assert alive.value == pytest.approx(figures.p_alive[at])
            assert ahead.value == pytest.approx(figures.purchases_90[at])
            assert value.value == pytest.approx(figures.value_12m[at])
            assert ahead.number_format == "0.0" and (alive.value is None or alive.number_format == "0.0%")
            assert value.number_format == ws.cell(row[0].row, 7).number_format == '"¥"#,##0.00;-"¥"#,##0.00'
            compared += 1
        else:  # no purchase by month end: the models say nothing
            assert (alive.value, ahead.value, value.value) == (None, None, None)
            blank += 1
    assert compared == len(figures) and blank > 0 and once > 0


def test_the_summary_has_the_next_30_days_and_libreoffice_reads_them(fitted, tmp_path, spreadsheet_csv):
    out = workbook.export(MONTH, tmp_path / "june.xlsx", language="en", actor=None)
    book = load_workbook(out)
    values = summary_values(book["Summary"])
    days, value = expected_next_30(fitted)
    assert values["Expected purchase days, next 30 days"].value == pytest.approx(days)
    assert values["Expected value, next 30 days"].value == pytest.approx(value)
    assert values["Expected value, next 30 days"].number_format == '"¥"#,##0.00;-"¥"#,##0.00'
    # Thirty days hold at least a third of what ninety do (purchases slow down, never speed up).
    ninety = float(lifetime.figures(None, D, fitted).purchases_90.sum())
    assert ninety / 3 <= days < ninety
    notes = [(r[1], r[2]) for r in book["Notes"].iter_rows(min_row=2, values_only=True)]
    items = {item for item, _ in notes}
    assert {*HEAD, "Expected purchase days, next 30 days", "Expected value, next 30 days"} <= items
    assert any(item == "Lifetime figures" and f"fitted as of {D.isoformat()}" in text for item, text in notes)

    folder = spreadsheet_csv(out, every_sheet=True)
    with open(folder / "june-Summary.csv", encoding="utf-8") as fh:
        read = {row[5]: row[8] for row in csv.reader(fh) if len(row) > 8}
    assert float(read["Expected purchase days, next 30 days"].replace(",", "")) == pytest.approx(
        days, abs=0.05
    )
    assert float(read["Expected value, next 30 days"].lstrip("¥").replace(",", "")) == pytest.approx(
        value, abs=0.005
    )
    with open(folder / "june-Customers.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-3:] == HEAD
    figures = lifetime.figures(None, D, fitted)
    code_of = dict(Customer.select(Customer.code, Customer.id).tuples())
    shown = [r for r in rows[1:] if r[13]]
    assert len(shown) == len(figures)
    for r in [r for r in shown if r[12]][:200]:
        at = int(np.searchsorted(figures.ids, code_of[r[0]]))
        assert float(r[12].rstrip("%")) == pytest.approx(figures.p_alive[at] * 100, abs=0.05)
        assert float(r[13]) == pytest.approx(figures.purchases_90[at], abs=0.05)
        assert float(r[14].lstrip("¥").replace(",", "")) == pytest.approx(figures.value_12m[at], abs=0.005)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_without_enough_history_there_are_no_lifetime_columns_and_the_notes_say_why(db, tmp_path, language):
    wang = customer("王丽", phone="+8613812345678")
    visit(wang, D - timedelta(days=40), 10000)
    visit(wang, D - timedelta(days=10), 5000)
    lifetime.fit(D)  # one repeat buyer: not enough

    out = workbook.export(MONTH, tmp_path / "june.xlsx", language=language, actor=None)

    book = load_workbook(out)
    t = Labels(language)
    ws = book[t("Customers")]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == t("Communities") and not set(headers) & {t(h) for h in HEAD}
    assert ws.max_column == len(headers) == 12
    values = summary_values(book[t("Summary")])
    assert t("Expected purchase days, next 30 days") not in values
    notes = {r[1]: r[2] for r in book[book.sheetnames[-1]].iter_rows(min_row=2, values_only=True)}
    why = notes[t("Lifetime figures")]
    if language == "en":
        assert why == (
            "This report has no P(alive), expected purchase days or 12-month value columns and no"
            " next-30-days figures: not enough purchase history yet to estimate (only 1 customers have"
            f" bought on two or more days by {D.isoformat()}; the models need at least 200)."
        )
        assert t("12-month value") not in notes  # no column to explain
    else:
        assert why == (
            "本报表没有仍是顾客的可能性、预计购买天数和 12 个月价值这几列，也没有未来 30 天的预计数："
            f"购买记录还不够，暂时无法估算（截至 {D.isoformat()} 只有 1 位顾客在两天或以上购买过；"
            "模型至少需要 200 位）。"
        )
        assert t("12-month value") not in notes
