"""Dismissed follow-up suggestions, and the partial indexes the level engine reads."""

import datetime

from peewee import *


def up(migrator, db):
    class Customer(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "customer"

    class Staff(Model):
        class Meta:
            database = db
            legacy_table_names = False
            table_name = "staff"

    class SuggestionDismissal(Model):
        rule = CharField(max_length=40)
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        anchor = CharField(max_length=40)
        dismissed_at = DateTimeField(default=datetime.datetime.now)
        staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "suggestion_dismissal"
            indexes = ((("customer", "rule", "anchor"), True),)

    db.create_tables([SuggestionDismissal])

    # Written as peewee renders them, so an upgraded schema is identical to a fresh one.
    db.execute_sql('CREATE INDEX "visit_purchase_day" ON "visit" ("customer_id", "day") WHERE ("amount" > 0)')
    db.execute_sql('CREATE INDEX "customer_referrer" ON "customer" ("referrer_id", "joined")')
    db.execute_sql(
        'CREATE INDEX "task_customer_open" ON "task" ("customer_id", "kind") WHERE ("status" = \'open\')'
    )


def down(migrator, db):
    for name in ("visit_purchase_day", "customer_referrer", "task_customer_open"):
        db.execute_sql("DROP INDEX IF EXISTS %s" % name)
    migrator.migrate(migrator.drop_table("suggestion_dismissal"))
