"""Whole-name ``t:`` keys for every person, and on PostgreSQL the ``pg_trgm`` GiST index that
serves trigram nearest-neighbour search over them (SQLite keeps the keys and ignores them)."""

from typing import Any

from django.db import migrations

from acollida.people.keys import trigram_keys

INDEX = "personkey_trgm_idx"


def add_keys(apps: Any, schema_editor: Any) -> None:
    person_model = apps.get_model("people", "Person")
    key_model = apps.get_model("people", "PersonKey")
    name_model = apps.get_model("people", "PersonName")
    aliases: dict[int, list[str]] = {}
    for person_id, name in name_model.objects.values_list("person_id", "name"):
        aliases.setdefault(person_id, []).append(name)
    batch: list[Any] = []
    rows = person_model.objects.values_list("pk", "given_name", "family_name", "native_name")
    for pk, given, family, native in rows.iterator(chunk_size=5000):
        for key in trigram_keys([f"{given} {family}", native, *aliases.get(pk, [])]):
            batch.append(key_model(person_id=pk, key=key))
        if len(batch) >= 5000:
            key_model.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    key_model.objects.bulk_create(batch, ignore_conflicts=True)


def remove_keys(apps: Any, schema_editor: Any) -> None:
    apps.get_model("people", "PersonKey").objects.filter(key__startswith="t:").delete()


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_personkey "
        "USING gist (substr(key, 3) gist_trgm_ops) WHERE key LIKE 't:%%'"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_access_request_decision")]

    operations = [
        migrations.RunPython(add_keys, remove_keys),
        migrations.RunPython(create_index, drop_index),
    ]
