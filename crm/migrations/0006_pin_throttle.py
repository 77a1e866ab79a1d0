"""Wrong PINs are counted in the database, so restarting the app does not reset the wait
that follows five wrong PINs in a row."""

from peewee import DateTimeField, IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("staff", "pin_failures", IntegerField(default=0)),
        migrator.add_column("staff", "pin_wait_until", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("staff", "pin_wait_until"),
        migrator.drop_column("staff", "pin_failures"),
    )
