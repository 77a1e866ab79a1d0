"""The dashboard shows the same numbers as the monthly report for the same month."""

from crm.money import format_amount
from crm.reports.monthly import report_json
from tests.ui.test_dashboard import shop, view  # noqa: F401 - the hand-made shop and the page


def test_dashboard_cards_equal_the_report_for_the_month(view):  # noqa: F811
    june = report_json("2026-06")  # what `shopcircle-cli report --month 2026-06 --json` prints
    cards = view.cards
    assert cards["new_customers"].value.text() == str(june["new_customers"])
    assert cards["buyers"].value.text() == str(june["buyers"])
    assert cards["revenue"].value.text() == format_amount(round(june["revenue"] * 100))
    assert cards["repurchase_rate"].value.text() == f"{june['repurchase_rate'] * 100:.1f}%"
    assert cards["retention_rate"].value.text() == f"{june['retention_rate'] * 100:.1f}%"
    assert view.pyramid.counts() == june["levels_end"]  # today is the last day of June
