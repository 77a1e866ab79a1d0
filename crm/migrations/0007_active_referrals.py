"""The level rule counts *active* referrals (SPEC 2.3: converted and still buying), so its
setting is named for them: level.super_converted_referrals becomes
level.super_active_referrals, keeping the owner's value."""

OLD, NEW = "level.super_converted_referrals", "level.super_active_referrals"


def _rename(db, old: str, new: str) -> None:
    p = db.param
    db.execute_sql(f'UPDATE setting SET "key" = {p} WHERE "key" = {p}', (new, old))


def up(migrator, db):
    _rename(db, OLD, NEW)


def down(migrator, db):
    _rename(db, NEW, OLD)
