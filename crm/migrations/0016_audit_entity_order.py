"""An index of the audit trail by kind of entry, newest last, so a page that keeps a whole-shop
answer (the referral forest, the customers slipping away) asks "has a visit, an import or a
customer changed since?" with one short walk per kind instead of reading the trail, which on a
chain holds an entry for every visit ever logged."""


def up(migrator, db):
    db.execute_sql('CREATE INDEX IF NOT EXISTS "audit_entry_entity_id" ON "audit_entry" ("entity", "id")')


def down(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "audit_entry_entity_id"')
