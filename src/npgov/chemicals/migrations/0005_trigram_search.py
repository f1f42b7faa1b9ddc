"""Trigram indexes for partial name search on PostgreSQL (pg_trgm); nothing on SQLite."""

from django.db import migrations

INDEXES = {
    "substance_name_zh_trgm": ("chemicals_substance", "UPPER(name_zh::text)"),
    "substance_name_en_trgm": ("chemicals_substance", "UPPER(name_en::text)"),
    "identifier_normalized_trgm": ("chemicals_substanceidentifier", "normalized"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("chemicals", "0004_name_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
