"""Search as you type through indexes on PostgreSQL (SPEC 7: a chain of 1,000,000 customers).

Until now PostgreSQL read every search rule with a LIKE scan of the keys. B-trees in code
point order (COLLATE "C", SQLite's order, whatever the server's collation): the key (in
place of customer_search, the same in the server's collation, which nothing reads); its
pinyin, its initials and its phone read backwards, each with the key after it; the
pinyin's first letter with the key's first character and the pinyin (without its marker);
its code; its WeChat id. A GIN index of the key's non-ASCII (Chinese) characters, and
where the pg_trgm extension is there or may be created (trusted since PostgreSQL 13: the
database's owner may) a GIN trigram index of the key; without it search still works,
reading more keys. On a big shop this takes a minute or two (the trigram index most of
it). Nothing on SQLite, which has its own (0005).
"""

from peewee import DatabaseError, SqliteDatabase


def _value(marker):
    start = f"strpos(search_key, chr({marker}))"
    return f"substr(search_key, {start}, greatest(strpos(search_key, chr({marker + 1})) - {start}, 0))"


def _field(marker):
    return f'({_value(marker)}) COLLATE "C"'


KEY = 'search_key COLLATE "C"'
FLAGS = ' INCLUDE ("archived", "erased")'
SURNAME = (
    f'substr({_value(2)}, 2, 1) COLLATE "C"',
    'substr(search_key, 2, 1) COLLATE "C"',
    f'substr({_value(2)}, 2) COLLATE "C"',
)
HAN = "string_to_array(regexp_replace(search_key, '[\\x01-\\x7f]+', '', 'g'), NULL)"
INDEXES = {
    "customer_search": f'({KEY}, "id"){FLAGS}',  # in place of the one in the server's collation
    "customer_search_pinyin_c": f'(({_field(2)}), {KEY}, "id"){FLAGS}',
    "customer_search_initials_c": f'(({_field(3)}), {KEY}, "id"){FLAGS}',
    "customer_search_phone_tail": f'((reverse({_value(4)}) COLLATE "C"), {KEY}, "id"){FLAGS}',
    "customer_search_surname": f"({', '.join(f'({sql})' for sql in SURNAME)}){FLAGS}",
    "customer_search_code_c": f"(({_field(5)})){FLAGS}",
    "customer_search_wechat_c": f"(({_field(6)})){FLAGS}",
    "customer_search_han": f"USING gin (({HAN}))",
}
TRIGRAM = "customer_search_trigram"


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    for name, columns in INDEXES.items():
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
        db.execute_sql(f'CREATE INDEX "{name}" ON "customer" {columns}')
    try:
        with db.atomic():  # a savepoint: a refusal leaves the migration's transaction usable
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            db.execute_sql(
                f'CREATE INDEX IF NOT EXISTS "{TRIGRAM}" ON "customer" USING gin (search_key gin_trgm_ops)'
            )
    except DatabaseError:
        pass
    db.execute_sql('ANALYZE "customer"')  # statistics of the new index expressions


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        return
    for name in (TRIGRAM, *reversed(INDEXES)):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    db.execute_sql('CREATE INDEX "customer_search" ON "customer" ("search_key", "archived", "erased")')
