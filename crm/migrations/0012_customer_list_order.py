"""An index in the customer list's first order (last purchase, most recent first, then id), so
the app shows the first screen of a big shop's list from a short walk of it instead of sorting
every customer (SPEC 7: start to a usable list). PostgreSQL puts NULL first going down unless
told, so its index says NULLS LAST, as the list's query does."""

from peewee import SqliteDatabase


def up(migrator, db):
    nulls = "" if isinstance(db, SqliteDatabase) else " NULLS LAST"
    columns = f'"last_purchase" DESC{nulls}, "id"'
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "customer_last_purchase" ON "customer" ({columns})')


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "customer_last_purchase"')
