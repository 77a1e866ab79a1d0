from collections import Counter
from datetime import date, datetime

import phonenumbers
import pytest

from crm import clock, demo
from crm.db import close_database, database, open_database
from crm.errors import InvalidInput, NotEmpty
from crm.levels import LEVELS
from crm.services import levels

UNTIL = date(2026, 6, 30)
SMALL = 300

CUSTOMER_COLUMNS = (
    "id, code, name, phone, wechat, birthday, joined, source, referrer_id, tags, notes, "
    "big_c_flag, archived, level, level_since, search_key, created_at"
)


def _rows(sql: str) -> list[tuple]:
    return list(database.execute_sql(sql).fetchall())


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "customer": _rows(f"SELECT {CUSTOMER_COLUMNS} FROM customer ORDER BY id"),
        "visit": _rows("SELECT * FROM visit ORDER BY id"),
        "community": _rows("SELECT * FROM community ORDER BY id"),
        "membership": _rows("SELECT * FROM membership ORDER BY id"),
        "task": _rows("SELECT * FROM task ORDER BY id"),
        "staff": _rows("SELECT * FROM staff ORDER BY id"),
        "level_change": _rows("SELECT customer_id, from_level, to_level, at FROM level_change ORDER BY id"),
    }


def _build(path, customers: int, seed: int, until: date = UNTIL) -> dict[str, list[tuple]]:
    open_database(str(path))
    try:
        demo.generate(customers, seed=seed, until=until)
        return _snapshot()
    finally:
        close_database()


@pytest.fixture(scope="module")
def shop_file(tmp_path_factory):
    """One 2,000-customer demo shop shared by the read-only checks below."""
    path = tmp_path_factory.mktemp("demo") / "shop.db"
    open_database(str(path))
    try:
        summary = demo.generate(2000, seed=7, until=UNTIL)
    finally:
        close_database()
    return path, summary


@pytest.fixture
def shop(shop_file):
    path, summary = shop_file
    open_database(str(path))
    clock.fix(datetime(2026, 6, 30, 12, 0))
    yield summary
    clock.fix(None)
    close_database()


def test_same_seed_and_end_day_give_identical_shops(tmp_path):
    first = _build(tmp_path / "a.db", SMALL, seed=3)
    second = _build(tmp_path / "b.db", SMALL, seed=3)
    assert len(first["customer"]) == SMALL
    assert len(first["visit"]) > SMALL
    assert first == second


def test_different_seed_gives_a_different_shop(tmp_path):
    first = _build(tmp_path / "a.db", SMALL, seed=3)
    other = _build(tmp_path / "b.db", SMALL, seed=4)
    assert first["customer"] != other["customer"]
    assert first["visit"] != other["visit"]


def test_history_ends_on_the_given_day(tmp_path):
    snapshot = _build(tmp_path / "a.db", SMALL, seed=3, until=date(2024, 2, 29))
    last_visit = max(row[4] for row in snapshot["visit"])  # visit.day
    first_join = min(row[6] for row in snapshot["customer"])
    assert str(last_visit) <= "2024-02-29"
    assert str(first_join) >= "2021-03-02"  # about three years back


@pytest.mark.parametrize("now", [datetime(2026, 6, 30, 4, 7), datetime(2026, 6, 30, 15, 30)])
def test_a_demo_made_today_has_nothing_later_than_now(tmp_path, now):
    """Made at 04:07 or at 15:30, the demo's last day holds no visit and no level change after
    the moment it was made: a timeline never shows the future above today's purchases."""
    clock.fix(now)
    try:
        snapshot = _build(tmp_path / "today.db", SMALL, seed=5, until=now.date())
    finally:
        clock.fix(None)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    visits = [str(row[3]) for row in snapshot["visit"]]  # visit.at
    assert max(visits) <= stamp and any(v.startswith("2026-06-30") for v in visits)
    assert max(str(row[3]) for row in snapshot["level_change"]) <= stamp


def test_refuses_a_database_that_already_has_data(db):
    demo.generate(50, seed=1, until=UNTIL)
    with pytest.raises(NotEmpty):
        demo.generate(50, seed=1, until=UNTIL)


def test_refuses_a_customer_count_below_one(db):
    with pytest.raises(InvalidInput):
        demo.generate(0)


def test_refuses_an_end_day_in_the_future(db):
    with pytest.raises(InvalidInput, match="future"):
        demo.generate(10, until=date(2026, 7, 1))  # the test clock says 2026-06-30


def test_summary_counts_what_was_written(shop):
    assert shop.customers == _rows("SELECT COUNT(*) FROM customer")[0][0] == 2000
    assert shop.visits == _rows("SELECT COUNT(*) FROM visit")[0][0]
    assert shop.referrals == _rows("SELECT COUNT(*) FROM customer WHERE referrer_id IS NOT NULL")[0][0]
    assert shop.communities == _rows("SELECT COUNT(*) FROM community")[0][0] == 40
    assert shop.tasks == _rows("SELECT COUNT(*) FROM task")[0][0] > 0


def test_about_ten_visits_per_customer_and_most_customers_referred(shop):
    assert 7 <= shop.visits / shop.customers <= 14
    assert 0.75 <= shop.referrals / shop.customers <= 0.95


def test_no_referral_cycles_and_referrer_joined_first(shop):
    referrer = dict(_rows("SELECT id, referrer_id FROM customer"))
    for start in referrer:
        seen, node = set(), start
        while node is not None:
            assert node not in seen, f"cycle through customer {start}"
            seen.add(node)
            node = referrer[node]
    late = _rows(
        "SELECT COUNT(*) FROM customer c JOIN customer r ON r.id = c.referrer_id WHERE r.joined > c.joined"
    )
    assert late[0][0] == 0
    assert not _rows("SELECT id FROM customer WHERE referrer_id = id")


def test_referral_forest_is_several_generations_deep(shop):
    referrer = dict(_rows("SELECT id, referrer_id FROM customer"))

    def depth(node):
        steps = 0
        while referrer[node] is not None:
            node, steps = referrer[node], steps + 1
        return steps

    assert max(depth(c) for c in referrer) >= 4


def test_joined_is_never_after_the_first_visit(shop):
    bad = _rows(
        "SELECT c.id FROM customer c "
        "JOIN (SELECT customer_id, MIN(day) AS first FROM visit GROUP BY customer_id) v "
        "ON v.customer_id = c.id WHERE c.joined > v.first"
    )
    assert bad == []


def test_phones_are_valid_unique_chinese_mobiles(shop):
    phones = [row[0] for row in _rows("SELECT phone FROM customer WHERE phone IS NOT NULL")]
    assert len(phones) > 1900
    assert len(set(phones)) == len(phones)
    for phone in phones:
        assert phone.startswith(("+8613", "+8615", "+8617", "+8618", "+8619")) and len(phone) == 14
        parsed = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(parsed), phone
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE


def test_codes_names_and_search_keys(shop):
    rows = _rows("SELECT code, name, search_key FROM customer ORDER BY id")
    assert [code for code, _, _ in rows[:3]] == ["C000001", "C000002", "C000003"]
    surnames = Counter(name[0] for _, name, _ in rows)
    assert any(surnames[s] for s in "曾单解仇覃")
    assert all(key for _, _, key in rows)


def test_every_customer_is_in_the_search_index(shop):
    """The demo writes the SQLite search table's rows once after its customers (its insert
    trigger taken away meanwhile): every customer is there, found as search finds them,
    and the trigger is back."""
    from crm.services.search import search

    assert _rows("SELECT COUNT(*) FROM customer_fts_docsize")[0][0] == shop.customers
    name, code = _rows("SELECT name, code FROM customer WHERE id = 1234")[0]
    assert 1234 in [hit.id for hit in search(code, 10, True)]
    assert 1234 in [hit.id for hit in search(name, 2000, True)]
    triggers = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'customer_fts_%'"
    assert _rows(triggers)[0][0] == 3


def test_visit_amounts_look_like_a_shop(shop):
    kinds = dict(_rows("SELECT kind, COUNT(*) FROM visit GROUP BY kind"))
    assert set(kinds) == {"purchase", "visit", "service", "event", "refund"}
    assert kinds["purchase"] > 0.8 * shop.visits
    assert _rows("SELECT COUNT(*) FROM visit WHERE kind = 'purchase' AND amount <= 0")[0][0] == 0
    assert _rows("SELECT COUNT(*) FROM visit WHERE kind = 'refund' AND amount >= 0")[0][0] == 0
    free = _rows("SELECT COUNT(*) FROM visit WHERE kind IN ('visit', 'service', 'event') AND amount <> 0")
    assert free[0][0] == 0
    assert _rows("SELECT COUNT(*) FROM visit WHERE day > '2026-06-30' OR substr(at, 1, 10) <> day")[0][0] == 0


def test_communities_have_leaders_and_members_with_dates(shop):
    assert _rows("SELECT COUNT(*) FROM membership m JOIN community c ON c.id = m.community_id "
                 "WHERE m.customer_id = c.leader_id")[0][0] == 0  # fmt: skip
    assert _rows("SELECT COUNT(*) FROM membership m JOIN community c ON c.id = m.community_id "
                 "JOIN customer p ON p.id = m.customer_id "
                 "WHERE m.joined < c.created OR m.joined < p.joined "
                 "OR (m.left IS NOT NULL AND m.left <= m.joined)")[0][0] == 0  # fmt: skip
    assert _rows("SELECT COUNT(*) FROM community c JOIN customer l ON l.id = c.leader_id "
                 "WHERE c.created < l.joined")[0][0] == 0  # fmt: skip
    assert _rows('SELECT COUNT(*) FROM membership WHERE "left" IS NOT NULL')[0][0] > 0


def test_staff_has_one_owner_and_tasks_are_open_and_done(shop):
    roles = Counter(row[0] for row in _rows("SELECT role FROM staff"))
    assert 5 <= sum(roles.values()) <= 8
    assert roles["owner"] == 1
    statuses = dict(_rows("SELECT status, COUNT(*) FROM task GROUP BY status"))
    assert statuses.get("open") and statuses.get("done")


def test_stored_levels_are_current_for_the_end_day(shop):
    assert levels.refresh_all(UNTIL) == 0
    counts = levels.distribution(UNTIL)
    assert set(counts) == set(LEVELS)
    assert sum(counts.values()) == shop.customers
    stored = dict(_rows("SELECT level, COUNT(*) FROM customer GROUP BY level"))
    assert [stored.get(i, 0) for i in range(len(LEVELS))] == [counts[key] for key in LEVELS]
    assert all(counts[key] > 0 for key in LEVELS)


def test_rows_keep_their_references(shop):
    """The demo writes without a foreign key look-up per row: every reference holds all the same."""
    assert _rows("SELECT COUNT(*) FROM level_change")[0][0] > 0
    assert _rows("PRAGMA foreign_key_check") == []


def test_the_connection_checks_keys_again_after_the_demo(tmp_path):
    open_database(str(tmp_path / "shop.db"))
    try:
        demo.generate(40, seed=2, until=UNTIL)
        assert _rows("PRAGMA foreign_keys") == [(1,)]
    finally:
        close_database()


class Stop(Exception):
    pass


@pytest.mark.parametrize("step", ["visits", "communities", "writing visits"])
def test_a_stop_leaves_nothing_and_is_raised_as_it_was(tmp_path, step):
    """The progress callback raising stops the demo with its own exception, also when it is
    called from the thread that draws the visits while the customers are indexed; nothing
    is written, the search index trigger is back and the connection is fine."""
    open_database(str(tmp_path / "shop.db"))
    try:
        triggers = _rows("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        indexes = _rows("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")

        def progress(fraction: float, message: str) -> None:
            if message == step:
                raise Stop(step)

        with pytest.raises(Stop, match=step):
            demo.generate(3000, seed=1, until=UNTIL, progress=progress)
        assert _rows("SELECT COUNT(*) FROM customer") == [(0,)]
        assert _rows("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name") == triggers
        assert _rows("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name") == indexes
        assert demo.generate(50, seed=1, until=UNTIL).customers == 50
        assert _rows("PRAGMA foreign_keys") == [(1,)]
    finally:
        close_database()


def test_progress_is_reported_from_zero_to_one(db):
    seen = []
    demo.generate(40, seed=2, until=UNTIL, progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_each_customer_has_a_level_history_that_ends_at_their_level(shop):
    history = _rows(
        "SELECT customer_id, from_level, to_level, at FROM level_change ORDER BY customer_id, at, id"
    )
    by_customer: dict[int, list[tuple]] = {}
    for cid, before, after, at in history:
        by_customer.setdefault(cid, []).append((before, after, str(at)[:10]))
    stored = dict(_rows("SELECT id, level FROM customer"))
    for cid, changes in by_customer.items():
        assert changes[0][0] == 0  # everyone starts at "none"
        assert all(a[1] == b[0] for a, b in zip(changes, changes[1:], strict=False))  # a chain
        assert changes[-1][1] == stored[cid]
    # Month ends over three years: most customers who ever bought moved more than once.
    assert sum(len(c) > 1 for c in by_customer.values()) > len(by_customer) / 2
    days = {change[2] for changes in by_customer.values() for change in changes}
    assert UNTIL.isoformat() in days and "2025-12-31" in days and len(days) > 24
    # The timeline of one customer, as the customer page reads it, explains each move.
    cid = max(by_customer, key=lambda c: len(by_customer[c]))
    timeline = levels.history(cid)
    assert len(timeline) == len(by_customer[cid]) and "purchase_days" in timeline[-1].detail["facts"]
