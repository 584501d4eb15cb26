"""``acollida directory export-hsds`` and ``import-hsds``: the command-line side of the HSDS feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from acollida.directory.models import directory_languages


def _language(value: str) -> str:
    if value not in directory_languages():
        raise CommandError(
            _("Unknown language %(lang)s: the directory keeps %(languages)s.")
            % {"lang": value, "languages": ", ".join(directory_languages())}
        )
    return value


def hsds_command(action: str, options: dict[str, Any], stdout: Any) -> None:
    lang = _language(options["lang"])
    if action == "export-hsds":
        from acollida.directory.hsds.export import export_write

        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": out})
        counts = export_write(lang=lang, out=out)
        for file_name in ("services.json", "organizations.json"):
            stdout.write(
                _("%(file)s: %(count)s records") % {"file": out / file_name, "count": counts[file_name]}
            )
        stdout.write(_("CSV package: %(path)s") % {"path": out / "datapackage.json"})
        return
    from acollida.directory.hsds.importer import feed_import

    report = feed_import(folder=Path(options["folder"]), lang=lang)
    for line in report.lines():
        stdout.write(line)
    if not report.ok:
        raise CommandError(_("Nothing was imported: fix the errors above and run the import again."))
