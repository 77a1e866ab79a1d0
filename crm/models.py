"""Tables of the shop database (SPEC section 3).

Money is integer minor units (cents). Dates are the shop's local dates;
date-times are local and naive. Levels are stored as their index in
:data:`crm.levels.LEVELS` (0 = none … 4 = super_strong).

Every table is bound to :data:`database`, a proxy that :func:`crm.db.open_database`
points at the shop's SQLite file or PostgreSQL server when it opens it.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import peewee as pw

# The shop's database: one deferred handle every model is bound to (peewee's DatabaseProxy).
database = pw.DatabaseProxy()


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    key = pw.CharField(primary_key=True, max_length=100)
    value = pw.TextField()  # JSON


class Staff(BaseModel):
    name = pw.CharField(max_length=100)
    role = pw.CharField(max_length=20, default="staff")  # owner / manager / staff
    pin_hash = pw.CharField(max_length=200, null=True)
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=datetime.now)
    # Wrong PINs in a row, and until when no PIN of theirs is checked (crm.services.pins).
    pin_failures = pw.IntegerField(default=0)
    pin_wait_until = pw.DateTimeField(null=True)


class Customer(BaseModel):
    code = pw.CharField(max_length=40, unique=True)
    name = pw.CharField(max_length=100)
    phone = pw.CharField(max_length=20, null=True, unique=True)  # E.164
    wechat = pw.CharField(max_length=100, null=True)
    birthday = pw.DateField(null=True)
    joined = pw.DateField(index=True)
    source = pw.CharField(max_length=20, default="walk_in")
    referrer = pw.ForeignKeyField("self", null=True, backref="referrals", on_delete="SET NULL")
    tags = pw.TextField(default="")  # ",tag1,tag2," so LIKE '%,tag,%' matches one tag
    notes = pw.TextField(default="")
    big_c_flag = pw.BooleanField(default=False)
    pin_level = pw.IntegerField(null=True)
    pin_reason = pw.TextField(null=True)
    pin_from = pw.DateField(null=True)
    pin_until = pw.DateField(null=True)
    pin_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    archived = pw.BooleanField(default=False)
    erased = pw.BooleanField(default=False)
    level = pw.IntegerField(default=0, index=True)
    level_since = pw.DateTimeField(null=True)
    search_key = pw.TextField(default="")
    created_at = pw.DateTimeField(default=datetime.now)
    updated_at = pw.DateTimeField(default=datetime.now)
    # Kept with the level (same refresh): what the customer list shows and sorts by.
    last_purchase = pw.DateField(null=True)
    purchase_days = pw.IntegerField(default=0)  # in the level window (365 days)
    spend_365 = pw.BigIntegerField(default=0)  # purchases and refunds in that window


class Visit(BaseModel):
    customer = pw.ForeignKeyField(Customer, backref="visits", on_delete="CASCADE")
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = pw.DateTimeField()
    day = pw.DateField()  # local date of ``at``, kept for indexed date ranges
    kind = pw.CharField(max_length=20, default="purchase")
    amount = pw.BigIntegerField(default=0)  # minor units; refunds negative
    quantity = pw.IntegerField(default=1)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=datetime.now)

    class Meta:
        # (customer, day, amount) covers the per-customer sums of trees and reports.
        indexes = ((("customer", "day", "amount"), False), (("day",), False))


class Community(BaseModel):
    name = pw.CharField(max_length=100)
    platform = pw.CharField(max_length=40, default="")
    leader = pw.ForeignKeyField(Customer, backref="led_communities", on_delete="RESTRICT")
    created = pw.DateField()
    archived = pw.BooleanField(default=False)
    archived_on = pw.DateField(null=True)
    note = pw.TextField(default="")


class Membership(BaseModel):
    community = pw.ForeignKeyField(Community, backref="memberships", on_delete="CASCADE")
    customer = pw.ForeignKeyField(Customer, backref="memberships", on_delete="CASCADE")
    joined = pw.DateField()
    left = pw.DateField(null=True)

    class Meta:
        indexes = ((("community", "customer"), False),)


class Task(BaseModel):
    customer = pw.ForeignKeyField(Customer, backref="tasks", on_delete="CASCADE")
    assignee = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    due = pw.DateField(index=True)
    kind = pw.CharField(max_length=20)
    via = pw.ForeignKeyField(Customer, null=True, backref="routed_tasks", on_delete="SET NULL")
    status = pw.CharField(max_length=10, default="open", index=True)
    title = pw.TextField(default="")
    outcome = pw.TextField(default="")
    rule = pw.CharField(max_length=40, null=True)  # the suggestion rule it came from
    created_on = pw.DateField(index=True)
    created_at = pw.DateTimeField(default=datetime.now)
    created_by = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="created_tasks")
    closed_on = pw.DateField(null=True, index=True)


class SuggestionDismissal(BaseModel):
    """A suggestion the user dismissed; ``anchor`` pins it to one occasion."""

    rule = pw.CharField(max_length=40)
    customer = pw.ForeignKeyField(Customer, on_delete="CASCADE")
    anchor = pw.CharField(max_length=40)
    dismissed_at = pw.DateTimeField(default=datetime.now)
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("customer", "rule", "anchor"), True),)


class LevelChange(BaseModel):
    customer = pw.ForeignKeyField(Customer, backref="level_changes", on_delete="CASCADE")
    from_level = pw.IntegerField()
    to_level = pw.IntegerField()
    at = pw.DateTimeField(default=datetime.now)
    reason = pw.CharField(max_length=10)  # rule / pin / unpin
    detail = pw.TextField(default="")


class AuditEntry(BaseModel):
    staff = pw.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = pw.DateTimeField(default=datetime.now, index=True)
    entity = pw.CharField(max_length=30)
    entity_id = pw.IntegerField(null=True)
    action = pw.CharField(max_length=30)
    before = pw.TextField(null=True)  # JSON
    after = pw.TextField(null=True)  # JSON

    class Meta:
        # (entity, id): the newest entry of a kind in one step (crm.services.marks).
        indexes = ((("entity", "entity_id"), False), (("entity", "id"), False))


class LifetimeFit(BaseModel):
    """One fit of the lifetime models (SPEC 9) as of a date, so pages read each customer's
    figures without fitting again. Without enough data the parameters are null and ``reason``
    says why: an English template and the values of its %1, %2 … as a JSON list."""

    as_of = pw.DateField()
    fitted_at = pw.DateTimeField(default=datetime.now)
    seconds = pw.FloatField(default=0.0)
    customers = pw.IntegerField(default=0)  # with a purchase day by as_of
    repeat_customers = pw.IntegerField(default=0)  # with two or more
    r = pw.FloatField(null=True)
    alpha = pw.FloatField(null=True)
    a = pw.FloatField(null=True)
    b = pw.FloatField(null=True)
    log_likelihood = pw.FloatField(null=True)
    # Gamma-Gamma: null when the spend model could not be fitted (``spend_reason`` says why).
    p = pw.FloatField(null=True)
    q = pw.FloatField(null=True)
    v = pw.FloatField(null=True)
    spend_log_likelihood = pw.FloatField(null=True)
    spend_customers = pw.IntegerField(default=0)
    spend_reason = pw.TextField(null=True)  # JSON: [template, values …]
    reason = pw.TextField(null=True)  # JSON: [template, values …]


ALL_MODELS = [
    Setting,
    Staff,
    Customer,
    Visit,
    Community,
    Membership,
    Task,
    SuggestionDismissal,
    LevelChange,
    AuditEntry,
    LifetimeFit,
]

# Partial and covering indexes the level engine and follow-up rules read.
Visit.add_index(
    Visit.index(Visit.customer, Visit.day, Visit.amount, name="visit_purchase_day").where(Visit.amount > 0)
)
Visit.add_index(
    Visit.index(Visit.customer, Visit.day, Visit.amount, name="visit_refund_day").where(Visit.amount < 0)
)
Customer.add_index(Customer.index(Customer.referrer, Customer.joined, name="customer_referrer"))
# Search scans this narrow index (in name order) instead of the whole table.
Customer.add_index(
    Customer.index(Customer.search_key, Customer.archived, Customer.erased, name="customer_search")
)
Task.add_index(Task.index(Task.customer, Task.kind, name="task_customer_open").where(Task.status == "open"))


# --- SQLite structures of the counter search ---------------------------------
#
# What peewee cannot declare, so :func:`crm.db.create_fresh` runs these on a new
# SQLite database (migrations 0005 and 0014 add the same to an old one; PostgreSQL has its
# own, below). ``search_key`` stays the one source: the indexes are computed from
# it and triggers keep the trigram index in step, so every writer (services,
# demo, importer, raw SQL) is covered.
#
# A field of the key as an SQL expression: its marker and value, e.g.
# ``'\x02wangli'`` for the pinyin of 王丽. Pinyin and initials follow the name,
# so a key-order scan finds their matches clustered wherever the surname sorts;
# an index on the field reads a prefix as one range instead. Covering (archive
# flags and key), so the range is sorted by key without touching the table.
SEARCH_FIELD_INDEXES = {"pinyin": "customer_search_pinyin", "initials": "customer_search_initials"}


def search_field_sql(marker: int) -> str:
    start = f'instr("search_key", char({marker}))'
    return f'substr("search_key", {start}, instr("search_key", char({marker + 1})) - {start})'


SEARCH_FIELD_SQL = {"pinyin": search_field_sql(2), "initials": search_field_sql(3)}
# The counter order of search (crm.services.search_order): the day last seen (the later of
# the last purchase and the joining day) most recent first, then purchase days, then key.
# Its index holds everything a search reads and tests (the key, the flags, the columns of
# the day), so a common term is read most recent first without touching the table.
SEARCH_SEEN = {
    "sqlite": "max(coalesce(last_purchase, joined), joined)",
    "postgres": "greatest(last_purchase, joined)",
}
SEARCH_RECENT = "customer_search_recent"
SQLITE_SEARCH_RECENT = (
    f'CREATE INDEX "{SEARCH_RECENT}" ON "customer" ({SEARCH_SEEN["sqlite"]} DESC, "purchase_days" DESC,'
    ' "search_key", "erased", "archived", "last_purchase", "joined")'
)
SQLITE_SEARCH_INDEXES = (
    *(
        f'CREATE INDEX "{SEARCH_FIELD_INDEXES[field]}" ON "customer" '
        f'({SEARCH_FIELD_SQL[field]}, "erased", "archived", "search_key")'
        for field in ("pinyin", "initials")
    ),
    SQLITE_SEARCH_RECENT,
)
# Any run of characters of the key (markers included, so "5678" + the code
# marker is a phone tail) found without a scan. Contentless: it holds each key
# closed once more with the end marker, so every character of a term is
# followed by two more and one or two characters are the trigrams that start
# with them, read from the vocabulary table.
SEARCH_FTS = "customer_fts"
SEARCH_FTS_TERMS = "customer_fts_terms"
_FTS_ADD = "INSERT INTO customer_fts (rowid, search_key) VALUES (new.id, new.search_key || char(7));"
_FTS_DROP = (
    "INSERT INTO customer_fts (customer_fts, rowid, search_key)"
    " VALUES ('delete', old.id, old.search_key || char(7));"
)
SQLITE_SEARCH_FTS = (
    "CREATE VIRTUAL TABLE \"customer_fts\" USING fts5(search_key, content='',"
    " tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE \"customer_fts_terms\" USING fts5vocab('customer_fts', 'row')",
    f'CREATE TRIGGER "customer_fts_insert" AFTER INSERT ON "customer" BEGIN {_FTS_ADD} END',
    f'CREATE TRIGGER "customer_fts_delete" AFTER DELETE ON "customer" BEGIN {_FTS_DROP} END',
    'CREATE TRIGGER "customer_fts_update" AFTER UPDATE OF "id", "search_key" ON "customer"'
    f" WHEN new.id IS NOT old.id OR new.search_key IS NOT old.search_key BEGIN {_FTS_DROP} {_FTS_ADD} END",
)


def sqlite_has_trigram(db) -> bool:
    """Whether this SQLite library has FTS5 with the trigram tokenizer (3.34+)."""
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
    except pw.OperationalError:
        return False
    db.execute_sql("DROP TABLE temp.trigram_probe")
    return True


def create_sqlite_search(db) -> None:
    """The search structures of the current schema, on a fresh SQLite database."""
    for sql in SQLITE_SEARCH_INDEXES:
        db.execute_sql(sql)
    if sqlite_has_trigram(db):
        for sql in SQLITE_SEARCH_FTS:
            db.execute_sql(sql)


# --- PostgreSQL structures of the counter search ------------------------------
#
# What :func:`crm.db.create_fresh` runs on a new PostgreSQL database (migrations 0011 and
# 0014 add the same to an old one); :mod:`crm.services.search_pg` says how search reads
# them. Every order of keys is code point order (COLLATE "C", SQLite's), whatever the
# server's collation, so both engines rank alike. B-trees: the key (a name prefix is a
# range), in place of the model's index of that name (in the server's collation, which
# nothing reads on PostgreSQL); pinyin, initials and the phone read backwards (its tail
# is a range), each with the key after it and the counter order's columns included; code
# and WeChat id; the counter order (a common term is read in it, most recent first). GIN:
# the key's trigrams (pg_trgm) and its Chinese characters (one or two have no trigram).


def pg_search_field_sql(marker: int) -> str:
    start = f"strpos(search_key, chr({marker}))"
    return f"substr(search_key, {start}, greatest(strpos(search_key, chr({marker + 1})) - {start}, 0))"


PG_SEARCH_KEY = 'search_key COLLATE "C"'
PG_SEARCH_FIELD_SQL = {
    field: f'({pg_search_field_sql(marker)}) COLLATE "C"'
    for field, marker in (("pinyin", 2), ("initials", 3), ("code", 5), ("wechat", 6))
}
PG_SEARCH_PHONE_TAIL = f'reverse({pg_search_field_sql(4)}) COLLATE "C"'  # a phone's tail is a prefix


def pg_search_han(key: str = "search_key") -> str:
    """The Chinese characters of a key (the column ``key``) as an array, as their GIN index has them."""
    return f"string_to_array(regexp_replace({key}, '[\\x01-\\x7f]+', '', 'g'), NULL)"


PG_SEARCH_HAN = pg_search_han()
_PG_FLAGS = ' INCLUDE ("archived", "erased")'
# The indexes holding the key hold the counter order's columns too: a rule's matches are read
# and ranked there, without the table (migration 0014).
_PG_ORDER = ' INCLUDE ("archived", "erased", "last_purchase", "joined", "purchase_days")'
PG_SEARCH_INDEXES = {
    "customer_search": f'({PG_SEARCH_KEY}, "id"){_PG_ORDER}',  # in place of the model's
    "customer_search_pinyin_c": f'(({PG_SEARCH_FIELD_SQL["pinyin"]}), {PG_SEARCH_KEY}, "id"){_PG_ORDER}',
    "customer_search_initials_c": f'(({PG_SEARCH_FIELD_SQL["initials"]}), {PG_SEARCH_KEY}, "id"){_PG_ORDER}',
    "customer_search_phone_tail": f'(({PG_SEARCH_PHONE_TAIL}), {PG_SEARCH_KEY}, "id"){_PG_ORDER}',
    # the counter order; the columns of the day are there for the order's expression
    SEARCH_RECENT: f'(({SEARCH_SEEN["postgres"]}) DESC, "purchase_days" DESC, {PG_SEARCH_KEY}, "id")'
    ' INCLUDE ("last_purchase", "joined", "archived", "erased")',
    "customer_search_code_c": f"(({PG_SEARCH_FIELD_SQL['code']})){_PG_FLAGS}",
    "customer_search_wechat_c": f"(({PG_SEARCH_FIELD_SQL['wechat']})){_PG_FLAGS}",
    "customer_search_han": f"USING gin (({PG_SEARCH_HAN}))",
}
PG_SEARCH_TRIGRAM = "customer_search_trigram"


def create_postgres_search(db) -> None:
    """The search indexes of the current schema, on a fresh PostgreSQL database; the trigram
    index where pg_trgm is there or may be created (trusted since PostgreSQL 13: the
    database's owner may). Without it search still works, reading more keys."""
    for name, columns in PG_SEARCH_INDEXES.items():
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        db.execute_sql(f'CREATE INDEX "{name}" ON "customer" {columns}')
    try:
        with db.atomic():  # a savepoint: a refusal leaves the transaction usable
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            db.execute_sql(
                f'CREATE INDEX "{PG_SEARCH_TRIGRAM}" ON "customer" USING gin (search_key gin_trgm_ops)'
            )
    except pw.DatabaseError:
        pass


@contextmanager
def postgres_search_deferred(db):
    """Around a bulk write of many customers on PostgreSQL (a demo, a big import): the search
    indexes are dropped for the block and built again from every row after it, in the
    caller's transaction. Kept up to date row by row they add 0.1 to 0.4 ms to each row
    written; built once they take about a minute and a half for 1,000,000 customers. Does
    nothing on SQLite."""
    if isinstance(db, pw.SqliteDatabase):
        yield
        return
    names = [*PG_SEARCH_INDEXES, PG_SEARCH_TRIGRAM]
    sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customer' AND indexname = ANY(%s)"
    present = db.execute_sql(sql, (names,)).fetchall()
    for name, _ in present:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in present:
        db.execute_sql(definition)
