"""Customer stats kept with the level: last purchase, purchase days and spend in
the level window, so the customer list reads and sorts them without aggregating
a million visits. Purchase and refund indexes carry the amount to cover the sums."""

from peewee import BigIntegerField, DateField, IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("customer", "last_purchase", DateField(null=True)),
        migrator.add_column("customer", "purchase_days", IntegerField(default=0)),
        migrator.add_column("customer", "spend_365", BigIntegerField(default=0)),
    )
    db.execute_sql('DROP INDEX IF EXISTS "visit_purchase_day"')
    db.execute_sql(
        'CREATE INDEX "visit_purchase_day" ON "visit" ("customer_id", "day", "amount") WHERE ("amount" > 0)'
    )
    db.execute_sql(
        'CREATE INDEX "visit_refund_day" ON "visit" ("customer_id", "day", "amount") WHERE ("amount" < 0)'
    )


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "visit_refund_day"')
    db.execute_sql('DROP INDEX IF EXISTS "visit_purchase_day"')
    db.execute_sql('CREATE INDEX "visit_purchase_day" ON "visit" ("customer_id", "day") WHERE ("amount" > 0)')
    migrator.migrate(
        migrator.drop_column("customer", "spend_365"),
        migrator.drop_column("customer", "purchase_days"),
        migrator.drop_column("customer", "last_purchase"),
    )
