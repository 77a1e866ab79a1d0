"""Indexes for speed: the counter search, and per-customer visit sums.

A narrow name-ordered index of search keys with the archive flags; and the
visit index widened to (customer, day, amount) so tree revenue and reports
read amounts from the index instead of the table.
"""


def up(migrator, db):
    db.execute_sql('CREATE INDEX "customer_search" ON "customer" ("search_key", "archived", "erased")')
    db.execute_sql('DROP INDEX IF EXISTS "visit_customer_id_day"')
    db.execute_sql('CREATE INDEX "visit_customer_id_day_amount" ON "visit" ("customer_id", "day", "amount")')


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "customer_search"')
    db.execute_sql('DROP INDEX IF EXISTS "visit_customer_id_day_amount"')
    db.execute_sql('CREATE INDEX "visit_customer_id_day" ON "visit" ("customer_id", "day")')
