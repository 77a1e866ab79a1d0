"""The stored fit of the customer lifetime models (SPEC 9): parameters, log-likelihood, the
customers it was fitted on, as of which date and when, or why there was not enough data."""

import datetime

from peewee import *


def up(migrator, db):
    class LifetimeFit(Model):
        as_of = DateField()
        fitted_at = DateTimeField(default=datetime.datetime.now)
        seconds = FloatField(default=0.0)
        customers = IntegerField(default=0)
        repeat_customers = IntegerField(default=0)
        r = FloatField(null=True)
        alpha = FloatField(null=True)
        a = FloatField(null=True)
        b = FloatField(null=True)
        log_likelihood = FloatField(null=True)
        p = FloatField(null=True)
        q = FloatField(null=True)
        v = FloatField(null=True)
        spend_log_likelihood = FloatField(null=True)
        spend_customers = IntegerField(default=0)
        spend_reason = TextField(null=True)
        reason = TextField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            table_name = "lifetime_fit"

    db.create_tables([LifetimeFit])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("lifetime_fit"))
