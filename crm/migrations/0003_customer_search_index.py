"""A narrow index for the counter search: name-ordered search keys with the archive flags."""


def up(migrator, db):
    db.execute_sql('CREATE INDEX "customer_search" ON "customer" ("search_key", "archived", "erased")')


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "customer_search"')
