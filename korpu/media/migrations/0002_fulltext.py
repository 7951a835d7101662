"""The full-text index for the database in use: FTS5 with triggers on SQLite, a GIN expression
index ('simple' configuration) on PostgreSQL. korpu.media.search queries the same forms."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS media_article_fts USING fts5("
    "title, body, content='media_article', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS media_article_fts_ai AFTER INSERT ON media_article BEGIN "
    "INSERT INTO media_article_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS media_article_fts_ad AFTER DELETE ON media_article BEGIN "
    "INSERT INTO media_article_fts(media_article_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS media_article_fts_au AFTER UPDATE OF title, body ON media_article BEGIN "
    "INSERT INTO media_article_fts(media_article_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); "
    "INSERT INTO media_article_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    "INSERT INTO media_article_fts(media_article_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS media_article_fts_ai",
    "DROP TRIGGER IF EXISTS media_article_fts_ad",
    "DROP TRIGGER IF EXISTS media_article_fts_au",
    "DROP TABLE IF EXISTS media_article_fts",
]
PG_UP = [
    "CREATE INDEX IF NOT EXISTS media_article_fts ON media_article USING gin "
    "((to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))))",
]
PG_DOWN = ["DROP INDEX IF EXISTS media_article_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("media", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})),
    ]
