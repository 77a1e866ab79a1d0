"""Search as you type without scanning every key (SQLite only).

Two covering indexes on fields of ``search_key``, pinyin and initials, so a
pinyin prefix such as "zhang" is one index range; and a contentless FTS5
trigram table over the key, kept in step by triggers, for any term or field
pattern, with its vocabulary table for one or two characters. The trigram
table is skipped where SQLite lacks FTS5 trigram (before 3.34). PostgreSQL
keeps searching with LIKE scans and gets nothing here.
"""

from peewee import OperationalError, SqliteDatabase


def _field(marker):
    start = f'instr("search_key", char({marker}))'
    return f'substr("search_key", {start}, instr("search_key", char({marker + 1})) - {start})'


INDEXES = tuple(
    f'CREATE INDEX "{name}" ON "customer" ({_field(marker)}, "erased", "archived", "search_key")'
    for name, marker in (("customer_search_pinyin", 2), ("customer_search_initials", 3))
)
ADD = "INSERT INTO customer_fts (rowid, search_key) VALUES (new.id, new.search_key || char(7));"
DROP = (
    "INSERT INTO customer_fts (customer_fts, rowid, search_key)"
    " VALUES ('delete', old.id, old.search_key || char(7));"
)
FTS = (
    "CREATE VIRTUAL TABLE \"customer_fts\" USING fts5(search_key, content='',"
    " tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE \"customer_fts_terms\" USING fts5vocab('customer_fts', 'row')",
    f'CREATE TRIGGER "customer_fts_insert" AFTER INSERT ON "customer" BEGIN {ADD} END',
    f'CREATE TRIGGER "customer_fts_delete" AFTER DELETE ON "customer" BEGIN {DROP} END',
    'CREATE TRIGGER "customer_fts_update" AFTER UPDATE OF "id", "search_key" ON "customer"'
    f" WHEN new.id IS NOT old.id OR new.search_key IS NOT old.search_key BEGIN {DROP} {ADD} END",
)


def _has_trigram(db):
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp.trigram_probe USING fts5(x, tokenize='trigram')")
    except OperationalError:
        return False
    db.execute_sql("DROP TABLE temp.trigram_probe")
    return True


def up(migrator, db):
    if not isinstance(db, SqliteDatabase):
        return
    for sql in INDEXES:
        db.execute_sql(sql)
    if _has_trigram(db):
        for sql in FTS:
            db.execute_sql(sql)
        db.execute_sql(
            "INSERT INTO customer_fts (rowid, search_key) SELECT id, search_key || char(7) FROM customer"
        )


def down(migrator, db):
    if not isinstance(db, SqliteDatabase):
        return
    for name in ("customer_fts_update", "customer_fts_delete", "customer_fts_insert"):
        db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    db.execute_sql('DROP TABLE IF EXISTS "customer_fts_terms"')
    db.execute_sql('DROP TABLE IF EXISTS "customer_fts"')
    db.execute_sql('DROP INDEX IF EXISTS "customer_search_initials"')
    db.execute_sql('DROP INDEX IF EXISTS "customer_search_pinyin"')
