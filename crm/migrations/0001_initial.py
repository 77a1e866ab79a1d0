"""Initial schema: staff, settings, customers, visits, communities, tasks, level history, audit."""

import datetime

from peewee import *


def up(migrator, db):
    # The tables as they were in this first version (never the live models, which move on);
    # a class name gives its table's name, as in crm.models.
    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Staff(Frozen):
        name = CharField(max_length=100)
        role = CharField(max_length=20, default="staff")
        pin_hash = CharField(null=True, max_length=200)
        active = BooleanField(default=True)
        created_at = DateTimeField(default=datetime.datetime.now)

    class AuditEntry(Frozen):
        staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        at = DateTimeField(index=True, default=datetime.datetime.now)
        entity = CharField(max_length=30)
        entity_id = IntegerField(null=True)
        action = CharField(max_length=30)
        before = TextField(null=True)
        after = TextField(null=True)

        class Meta:
            indexes = ((("entity", "entity_id"), False),)

    class Customer(Frozen):
        code = CharField(unique=True, max_length=40)
        name = CharField(max_length=100)
        phone = CharField(unique=True, null=True, max_length=20)
        wechat = CharField(null=True, max_length=100)
        birthday = DateField(null=True)
        joined = DateField(index=True)
        source = CharField(max_length=20, default="walk_in")
        referrer = ForeignKeyField("self", null=True, on_delete="SET NULL")
        tags = TextField(default="")
        notes = TextField(default="")
        big_c_flag = BooleanField(default=False)
        pin_level = IntegerField(null=True)
        pin_reason = TextField(null=True)
        pin_from = DateField(null=True)
        pin_until = DateField(null=True)
        pin_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        archived = BooleanField(default=False)
        erased = BooleanField(default=False)
        level = IntegerField(index=True, default=0)
        level_since = DateTimeField(null=True)
        search_key = TextField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)

    class Community(Frozen):
        name = CharField(max_length=100)
        platform = CharField(max_length=40, default="")
        leader = ForeignKeyField(Customer, on_delete="RESTRICT")
        created = DateField()
        archived = BooleanField(default=False)
        archived_on = DateField(null=True)
        note = TextField(default="")

    class LevelChange(Frozen):
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        from_level = IntegerField()
        to_level = IntegerField()
        at = DateTimeField(default=datetime.datetime.now)
        reason = CharField(max_length=10)
        detail = TextField(default="")

    class Membership(Frozen):
        community = ForeignKeyField(Community, on_delete="CASCADE")
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        joined = DateField()
        left = DateField(null=True)

        class Meta:
            indexes = ((("community", "customer"), False),)

    class Setting(Frozen):
        key = CharField(primary_key=True, max_length=100)
        value = TextField()

    class Task(Frozen):
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        assignee = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        due = DateField(index=True)
        kind = CharField(max_length=20)
        via = ForeignKeyField(Customer, null=True, on_delete="SET NULL")
        status = CharField(index=True, max_length=10, default="open")
        title = TextField(default="")
        outcome = TextField(default="")
        rule = CharField(null=True, max_length=40)
        created_on = DateField(index=True)
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        closed_on = DateField(index=True, null=True)

    class Visit(Frozen):
        customer = ForeignKeyField(Customer, on_delete="CASCADE")
        staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
        at = DateTimeField()
        day = DateField()
        kind = CharField(max_length=20, default="purchase")
        amount = BigIntegerField(default=0)
        quantity = IntegerField(default=1)
        note = TextField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            indexes = ((("customer", "day"), False), (("day",), False))

    db.create_tables([Staff, AuditEntry, Customer, Community, LevelChange, Membership, Setting, Task, Visit])


def down(migrator, db):
    for table in (
        "visit",
        "task",
        "setting",
        "membership",
        "level_change",
        "community",
        "customer",
        "audit_entry",
        "staff",
    ):
        migrator.migrate(migrator.drop_table(table))
