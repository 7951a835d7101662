"""Create the chain heads, and let the database refuse a transfer whose currency differs from
either account's (a check across tables, so a trigger on each engine)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER giving_transfer_currency_match BEFORE INSERT ON giving_transfer
       WHEN (SELECT currency FROM giving_account WHERE id = NEW.debit_account_id) != NEW.currency
         OR (SELECT currency FROM giving_account WHERE id = NEW.credit_account_id) != NEW.currency
       BEGIN SELECT RAISE(ABORT, 'giving: transfer currency differs from an account currency'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS giving_transfer_currency_match"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION giving_transfer_currency_match() RETURNS trigger AS $$
       BEGIN
         IF (SELECT currency FROM giving_account WHERE id = NEW.debit_account_id) <> NEW.currency
            OR (SELECT currency FROM giving_account WHERE id = NEW.credit_account_id) <> NEW.currency THEN
           RAISE EXCEPTION 'giving: transfer currency differs from an account currency' USING ERRCODE = '23514';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER giving_transfer_currency_match BEFORE INSERT ON giving_transfer
       FOR EACH ROW EXECUTE FUNCTION giving_transfer_currency_match()""",
    "ALTER TABLE giving_transfer ADD CONSTRAINT giving_transfer_currency_iso CHECK (currency ~ '^[A-Z]{3}$')",
]
POSTGRES_DROP = [
    "ALTER TABLE giving_transfer DROP CONSTRAINT IF EXISTS giving_transfer_currency_iso",
    "DROP TRIGGER IF EXISTS giving_transfer_currency_match ON giving_transfer",
    "DROP FUNCTION IF EXISTS giving_transfer_currency_match()",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)
    LedgerHead = apps.get_model("giving", "LedgerHead")
    LedgerHead.objects.bulk_create([LedgerHead(chain=c) for c in range(8)], ignore_conflicts=True)


def backwards(apps, schema_editor):
    statements = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("giving", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
