"""Case documents: what a file really is, how it is kept, and the engine that fills issued documents.

* ``sniff`` tells the type from the file's first bytes, never from its name or the type the
  browser claims. Accepted: PDF, JPEG, PNG and WebP — what a scanner or a phone gives. Plain text
  is refused on purpose: HTML, SVG and scripts are text too, and a caseworker opening a downloaded
  ``.html`` would run it. A program, an archive or an office file is refused with a message that
  says what it is (a "PDF" that is really a Windows program is refused as a program).
* ``store`` / ``load`` encrypt the bytes with the project's Fernet keys and keep them through
  Django's storage API under a random name in ``case-documents/``. ``MEDIA_ROOT`` is served by no
  URL: the bytes come back only through the policy-checked download.
* ``render_body`` fills a coordinator-edited template from a fixed context with a separate
  template engine: no autoescaping (the output is PDF text, not HTML), no loadable libraries, and
  only the harmless tags and filters listed in ``LIBRARY``.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from acollida.core.crypto import decrypt_bytes, encrypt_bytes

STORAGE_PREFIX = "case-documents/"


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
PNG = FileType("image/png", "png", "PNG")
WEBP = FileType("image/webp", "webp", "WebP")
ACCEPTED = (PDF, JPEG, PNG, WEBP)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in ACCEPTED}

# Signatures of files people may try, to say what the file is rather than only "not accepted".
_PROGRAMS = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe", b"#!")
_ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")
_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes() -> int:
    return int(settings.ACOLLIDA_DOCUMENT_MAX_BYTES)


def too_large_message() -> str:
    return _("The file is larger than %(megabytes)s MB. Scan it at a lower resolution or split it.") % {
        "megabytes": max_bytes() // (1024 * 1024)
    }


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _accepted_hint() -> str:
    return _("Choose a PDF, or a JPEG, PNG or WebP image.")


def _image_opens(data: bytes, pillow_format: str) -> bool:
    """The header of a real image is readable (the pixels are not decoded)."""
    try:
        with Image.open(BytesIO(data), formats=(pillow_format,)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def sniff(data: bytes) -> FileType:
    """The accepted type of ``data`` from its first bytes; ``ValidationError`` (translated) for an
    empty, too large, damaged or refused file, saying why."""
    if not data:
        raise _refused(_("The file is empty."), "empty")
    if len(data) > max_bytes():
        raise _refused(too_large_message(), "too_large")
    head = data[:16]
    if head.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise _refused(_("The PDF is incomplete or damaged. Save or scan it again."), "damaged")
        return PDF
    image_type = None
    if head.startswith(b"\xff\xd8\xff"):
        image_type = (JPEG, "JPEG")
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        image_type = (PNG, "PNG")
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        image_type = (WEBP, "WEBP")
    if image_type is not None:
        if not _image_opens(data, image_type[1]):
            raise _refused(_("The image could not be read: the file may be damaged."), "damaged")
        return image_type[0]
    if head.startswith(_PROGRAMS):
        raise _refused(
            _("This file is a program, not a document, whatever its name says. %(hint)s")
            % {"hint": _accepted_hint()},
            "program",
        )
    if head.startswith(_ARCHIVES) or head.startswith(_OLD_OFFICE):
        raise _refused(
            _(
                "Archives and word-processor or spreadsheet files are not accepted. "
                "Save the document as PDF first."
            ),
            "archive",
        )
    raise _refused(
        _("This type of file is not accepted. %(hint)s") % {"hint": _accepted_hint()}, "unsupported"
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(data: bytes) -> str:
    """Encrypt ``data`` and save it under a new random name; returns the storage name."""
    name = STORAGE_PREFIX + secrets.token_urlsafe(24)
    return default_storage.save(name, ContentFile(encrypt_bytes(data)))


def load(storage_name: str) -> bytes:
    """The decrypted content of a stored document."""
    with default_storage.open(storage_name, "rb") as handle:
        return decrypt_bytes(handle.read())


def discard(storage_name: str) -> None:
    """Delete a stored file (no error when it is already gone)."""
    if storage_name and default_storage.exists(storage_name):
        default_storage.delete(storage_name)


def clean_file_name(name: str, file_type: FileType) -> str:
    """The name as the person gave it, without a path, with the extension of the real type."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip(" .") or "document"
    return f"{stem[:150]}.{file_type.extension}"


def content_disposition(file_name: str) -> str:
    """``attachment`` with an ASCII fallback name and the full name in RFC 5987 form."""
    ascii_name = unicodedata.normalize("NFKD", file_name).encode("ascii", "ignore").decode("ascii")
    ascii_name = (
        "".join(ch if ch.isalnum() or ch in "-_. " else "_" for ch in ascii_name).strip() or "document"
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


# --- Issued documents: the template engine ---------------------------------------------------

LIBRARY = Library()
for _tag in ("if", "for", "with", "firstof", "now", "comment", "templatetag", "spaceless"):
    LIBRARY.tag(_tag, defaulttags.register.tags[_tag])
for _filter in (
    "date",
    "default",
    "default_if_none",
    "join",
    "length",
    "lower",
    "upper",
    "title",
    "capfirst",
    "yesno",
    "pluralize",
    "first",
    "last",
    "truncatechars",
    "wordcount",
    "floatformat",
    "add",
):
    if _filter in defaultfilters.register.filters:
        LIBRARY.filter(_filter, defaultfilters.register.filters[_filter])
register = LIBRARY  # the engine imports its builtins by module path


class _DocumentEngine(Engine):
    # Django always adds its own builtins (``load``, ``include``, ``url``, ``debug``…): none here.
    default_builtins = []


def _engine(*, debug: bool = False) -> Engine:
    return _DocumentEngine(
        dirs=[],
        app_dirs=False,
        loaders=[],
        libraries={},
        builtins=["acollida.cases.documents"],
        autoescape=False,
        string_if_invalid="",
        debug=debug,
    )


ENGINE = _engine()
_CHECKING_ENGINE = _engine(debug=True)


def _syntax_message(exc: TemplateSyntaxError) -> str:
    info = getattr(exc, "template_debug", None)
    detail = str(exc.args[0]) if exc.args else ""
    if info:
        return _("Line %(line)s: a placeholder or instruction is not understood (%(detail)s).") % {
            "line": info.get("line"),
            "detail": detail,
        }
    return _("A placeholder or instruction is not understood (%(detail)s).") % {"detail": detail}


def check_body(body: str) -> None:
    """``ValidationError`` (translated, with the line) if ``body`` is not a valid template."""
    try:
        _CHECKING_ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": _syntax_message(exc)}, code="template_syntax") from exc


def render_body(body: str, context: Mapping[str, Any]) -> str:
    """Fill ``body`` from ``context`` (plain read-only values: no model instance, no method that
    changes anything can be reached). A mistake in the text is a translated ``ValidationError``."""
    try:
        template = ENGINE.from_string(body)
        return template.render(Context(dict(context), autoescape=False))
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": _syntax_message(exc)}, code="template_syntax") from exc
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        raise ValidationError(
            {"body": _("The text could not be filled in: %(detail)s") % {"detail": exc}},
            code="template_render",
        ) from exc
