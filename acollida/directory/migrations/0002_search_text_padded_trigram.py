"""Search rows padded with a space at each end (so ``LIKE '% word%'`` finds a word beginning
anywhere, the first word included), and on PostgreSQL the ``pg_trgm`` GIN index that serves
those LIKEs. SQLite keeps the portable path without it.

Rows written before this migration still hold their needs' words of every language; they are
found all the same, and ``acollida directory rebuild-search`` slims them to the service's own
texts."""

from typing import Any

from django.db import migrations

INDEX = "directory_search_text_trgm"


def pad(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(
        "UPDATE directory_servicesearchtext SET text = ' ' || text || ' ' "
        "WHERE text <> '' AND text NOT LIKE ' %%'"
    )


def unpad(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute("UPDATE directory_servicesearchtext SET text = TRIM(text)")


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_servicesearchtext USING gin (text gin_trgm_ops)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(pad, unpad),
        migrations.RunPython(create_index, drop_index),
    ]
