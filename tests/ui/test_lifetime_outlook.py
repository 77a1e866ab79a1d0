"""A customer's lifetime where the owner looks: the outlook line of the customer page and the
counter card from a real fit on a demo shop, in English and Chinese; the not-enough-data line;
Settings → Lifetime's Update estimates and discount rate; the refit after start-up."""

import re
from datetime import datetime, time, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from crm import clock, demo
from crm.models import LifetimeFit, Visit
from crm.services import counter_card, lifetime, settings
from crm.services.changes import Changes
from tests import factories
from tests.conftest import TODAY as D
from ui import i18n
from ui.app import start_up_work
from ui.context import AppContext
from ui.jobs import long_jobs
from ui.lifetime_words import LIKELY_ALIVE, PROBABLY_LOST, REASONS, outlook, percent
from ui.main_window import MainWindow
from ui.views.counter.card import CounterCard
from ui.views.customer.page import CustomerDetailView
from ui.views.settings.page import SettingsView

WORDS = {
    "en": {
        "likely": "likely still a customer",
        "drifting": "may be drifting away",
        "slipping": "slipping away",
        "lost": "probably lost",
        "once": "bought once",
    },
    "zh_CN": {
        "likely": "很可能仍是老顾客",
        "drifting": "可能在疏远",
        "slipping": "正在流失",
        "lost": "很可能已流失",
        "once": "只买过一次",
    },
}
WORTH = {"en": "worth ¥", "zh_CN": "未来 12 个月价值 ¥"}
# A customer slipping away (P(alive) under the shop's threshold) is said by their value at risk,
# as the Slipping away list says it, and the tooltip says how it and the 12-month value go together.
AT_RISK = {"en": re.compile(r"¥[\d,]+ a year at risk$"), "zh_CN": re.compile(r"每年可能损失 ¥[\d,]+$")}
HAD_THEY_STAYED = {"en": "Had they stayed, the next 12 months would be worth ¥", "zh_CN": "假如顾客留下"}
PURCHASE_DAYS = {"en": " purchase day", "zh_CN": "购买日"}


@pytest.fixture
def fitted_demo(db):
    """A demo shop of 3,000 customers with the lifetime models fitted on it: one customer of
    each kind (by their figures from the stored fit)."""
    demo.generate(3000, seed=2, until=D)
    fit = lifetime.fit(D)
    assert fit.ok and fit.gamma_gamma is not None
    every = lifetime.figures()
    many = every.purchase_days > 1
    kinds = {
        "likely": many & (every.p_alive >= LIKELY_ALIVE),
        # Around the shop's slipping threshold (50 %), as the Slipping away list counts them.
        "drifting": many & (every.p_alive >= 0.5) & (every.p_alive < LIKELY_ALIVE),
        "slipping": many & (every.p_alive >= PROBABLY_LOST) & (every.p_alive < 0.5),
        "lost": many & (every.p_alive < PROBABLY_LOST),
        "once": every.purchase_days == 1,
    }
    picked = {kind: int(every.ids[np.flatnonzero(chosen)[0]]) for kind, chosen in kinds.items()}
    # The once-only customer expected to buy least (who bought longest ago): P(alive) is 1 all the same.
    least = int(np.argmin(np.where(kinds["once"], every.purchases_90, np.inf)))
    assert every.p_alive[least] == pytest.approx(1.0)
    picked["once"] = int(every.ids[least])
    return picked


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "en")


def _customer_page(qtbot, ctx, customer_id):
    page = CustomerDetailView(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    page.show_customer(customer_id)
    qtbot.waitUntil(lambda: page.data is not None and not page.loading(), timeout=10_000)
    return page


def test_the_outlook_reads_likely_slipping_lost_and_bought_once_in_both_languages(
    fitted_demo, language, qtbot
):
    ctx = AppContext(location="test")
    card = CounterCard()
    qtbot.addWidget(card)
    for kind, customer_id in fitted_demo.items():
        figures = lifetime.for_customer(customer_id)
        page = _customer_page(qtbot, ctx, customer_id)
        line = page.level_box.lifetime_label.text()
        card.set_data(counter_card.card(customer_id))
        on_card = card.outlook_label.text()
        assert on_card in line  # the page says "Outlook: …" before the same words
        assert on_card.startswith(WORDS[language][kind]), (kind, on_card)
        others = [words for other, words in WORDS[language].items() if other != kind]
        assert not any(words in on_card for words in others)
        assert PURCHASE_DAYS[language] in on_card
        tip = card.outlook_label.toolTip()
        if figures.slipping:
            assert AT_RISK[language].search(on_card) and WORTH[language] not in on_card, on_card
            assert HAD_THEY_STAYED[language] in tip
            risk = f"{round(figures.value_at_risk):,}"
            assert on_card.endswith(risk) or f"¥{risk} a year" in on_card
        else:
            assert WORTH[language] in on_card and HAD_THEY_STAYED[language] not in tip
        assert figures.slipping == (kind in ("slipping", "lost"))  # the list's threshold, 50 %
        assert tip == page.level_box.lifetime_label.toolTip()
        if kind == "once":  # P(alive) is 1: never said as a chance, nor as "likely still a customer"
            assert figures.p_alive == pytest.approx(1.0) and "100.0%" not in tip
        else:
            assert (
                f"still a customer: {percent(figures.p_alive)}" in tip
                or "：" + percent(figures.p_alive) in tip
            )
        if language == "zh_CN":
            assert not any(c.isascii() and c.isalpha() for c in on_card + tip), on_card + tip
        page.close()


def test_the_counter_shows_the_outlook_of_the_customer_picked(fitted_demo, ctx, clerk):
    from crm.services import customers

    view = clerk.open_counter(ctx)
    likely = customers.get_customer(fitted_demo["likely"])
    clerk.pick(view, likely.code)
    assert view.card.outlook_label.text().startswith("likely still a customer · about ")


def test_the_counter_card_says_no_estimate_in_short_with_the_reason_in_its_tooltip(db, qtbot):
    someone = factories.customer(name="王丽", code="C1")
    factories.visit(someone, D - timedelta(days=3), 5000)
    lifetime.fit(D)  # one customer: too few who came back
    card = CounterCard()
    qtbot.addWidget(card)
    card.set_data(counter_card.card(someone.id))
    assert card.outlook_label.text() == "no estimate yet"
    tip = card.outlook_label.toolTip()
    assert tip.startswith("Not enough purchase history yet to estimate (only 0 customers")


def test_not_enough_history_is_said_in_chinese_with_its_reason(db, qtbot, qapp):
    someone = factories.customer(name="王丽", code="C1")
    factories.visit(someone, D - timedelta(days=3), 5000)
    i18n.install(qapp, "zh_CN")
    try:
        ctx = AppContext(location="test")
        page = _customer_page(qtbot, ctx, someone.id)
        # Never fitted: reading the page fits nothing. A short line, the reason in its tooltip.
        label = page.level_box.lifetime_label
        assert label.text() == "前景：暂无预估"
        assert label.toolTip() == "购买记录还不够，暂无法预估（还没有算出预估）"
        assert LifetimeFit.select().count() == 0
        lifetime.fit(D)  # one customer: too few who came back
        ctx.actions.lifetime_fitted()
        qtbot.waitUntil(lambda: "至少需要 200 位才能预估" in label.toolTip(), timeout=5000)
        assert label.text() == "前景：暂无预估"
        assert label.toolTip() == (
            f"购买记录还不够，暂无法预估（截至 {D.isoformat()} 只有 0 位顾客在两天或以上购买过，"
            "至少需要 200 位才能预估）"
        )
    finally:
        i18n.install(qapp, "en")


def test_every_reason_of_the_service_has_its_words():
    templates = {value for name, value in vars(lifetime).items() if name.isupper() and "%" in str(value)}
    templates.add(lifetime.NEVER_FITTED)
    templates.add(lifetime.UNUSABLE_PREDICTIONS)
    assert templates <= set(REASONS)


def test_update_estimates_stores_a_fit_and_the_customer_page_reads_again(db, qtbot, open_page):
    demo.generate(3000, seed=2, until=D)
    ctx = AppContext(location="test")
    someone = Visit.select(Visit.customer).where(Visit.amount > 0).first().customer_id
    page = _customer_page(qtbot, ctx, someone)
    assert page.level_box.lifetime_label.text() == "Outlook: no estimate yet"
    settings_page = open_page(SettingsView, ctx)
    section = settings_page.show_section("lifetime")
    qtbot.waitUntil(lambda: section.as_of_label.text() == "Not worked out yet", timeout=5000)
    published = []
    ctx.actions.changed.connect(published.append)

    qtbot.mouseClick(section.update_button, Qt.MouseButton.LeftButton)
    assert not section.update_button.isEnabled() and section.progress.isVisible()
    qtbot.waitUntil(lambda: section.job is None, timeout=30_000)
    assert LifetimeFit.select().count() == 1
    assert published == [Changes(lifetime=True)]
    assert section.update_button.isEnabled() and not section.progress.isVisible()
    assert section.update_state.text() == f"Updated as of {D.isoformat()}."
    assert section.as_of_label.text().startswith(D.isoformat())
    assert re.match(
        r"[\d,]+ customers with a purchase, [\d,]+ of them on two", section.customers_label.text()
    )
    now = "Outlook: " + outlook(lifetime.for_customer(someone), "CNY")[0]
    assert " · " in now and "no estimate" not in now
    qtbot.waitUntil(lambda: page.level_box.lifetime_label.text() == now, timeout=10_000)


def test_the_discount_rate_is_checked_and_lowers_the_value_shown(db, qtbot, open_page):
    demo.generate(3000, seed=2, until=D)
    lifetime.fit(D)
    regular = int(lifetime.figures().ids[np.argmax(lifetime.figures().value_12m)])
    ctx = AppContext(location="test")
    page = _customer_page(qtbot, ctx, regular)
    before = page.level_box.lifetime_label.text()
    section = open_page(SettingsView, ctx).show_section("lifetime")
    qtbot.waitUntil(lambda: section.discount.text() == "1", timeout=5000)

    section.discount.setText("a lot")
    assert section.save() is False
    assert section.findChild(QLabel, "error_lifetime_monthly_discount_percent").isVisible()
    assert settings.get(lifetime.DISCOUNT_KEY) == 1.0
    section.discount.setText("150")
    assert section.save() is False and settings.get(lifetime.DISCOUNT_KEY) == 1.0

    section.discount.setText("10")
    assert section.save() is True and settings.get(lifetime.DISCOUNT_KEY) == 10.0
    qtbot.waitUntil(lambda: page.level_box.lifetime_label.text() != before, timeout=10_000)

    def worth(text: str) -> float:
        return float(text.split("worth ¥")[1].split(" ")[0].replace(",", ""))

    assert worth(page.level_box.lifetime_label.text()) < worth(before)


# --- the refit after start-up -----------------------------------------------------------------


def _start_up(qtbot, window):
    """Run the start-up work as the app does, until it and whatever it started have ended: the
    refit is started where the level refresh's result arrives, before that job's end is heard,
    so no job held means both have ended and said so."""
    start_up_work(window)
    qtbot.waitUntil(lambda: not long_jobs()._jobs, timeout=30_000)


@pytest.fixture
def window(db, qtbot, tmp_path):
    from tests.ui.test_app_smoke import fake_factories

    shown = MainWindow(AppContext(location=str(tmp_path / "shop.db")), fake_factories())
    qtbot.addWidget(shown)
    return shown


def _shop_fitted_at_noon():
    """A small shop whose visits were all written before today's fit at noon."""
    morning = datetime.combine(D, time(9))
    for n in range(3):
        someone = factories.customer(name=f"顾客{n}", code=f"C{n}")
        for days_ago in (200, 100, 10):
            factories.visit(someone, D - timedelta(days=days_ago), 3000, created_at=morning)
    return lifetime.fit(D)


def test_the_app_fits_again_after_start_up_when_visits_were_written_since_the_fit(window, qtbot):
    stored = _shop_fitted_at_noon()
    clock.fix(datetime.combine(D, time(15)))
    factories.visit(factories.customer(name="新客", code="N1"), D, 8000, created_at=clock.now())
    published = []
    window.ctx.actions.changed.connect(published.append)
    _start_up(qtbot, window)
    assert LifetimeFit.select().count() == 2
    newest = lifetime.latest()
    assert newest.id != stored.id and newest.customers == stored.customers + 1
    assert Changes(lifetime=True) in published


def test_the_app_fits_again_after_start_up_on_a_new_day(window, qtbot):
    _shop_fitted_at_noon()
    clock.fix(datetime.combine(D + timedelta(days=1), time(9)))
    _start_up(qtbot, window)
    assert LifetimeFit.select().count() == 2 and lifetime.latest().as_of == D + timedelta(days=1)


def test_the_app_does_not_fit_again_after_start_up_when_nothing_changed(window, qtbot):
    _shop_fitted_at_noon()
    clock.fix(datetime.combine(D, time(15)))
    published = []
    window.ctx.actions.changed.connect(published.append)
    _start_up(qtbot, window)
    assert LifetimeFit.select().count() == 1
    assert not any(change.lifetime for change in published)
