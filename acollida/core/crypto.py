"""Encryption of special-category fields and keyed hashes of searchable identifiers.

DESIGN.md §Data protection rule 6: health, legal-status notes and violence are encrypted at rest
with keys from the environment; identifiers that must be searchable (document numbers, phones) are
stored as a keyed hash, so equality search works without the clear value in the database.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) does the cryptography; ``MultiFernet``
gives key rotation: the first key encrypts, every key decrypts.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode("ascii")) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "ACOLLIDA_FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)"
        ) from exc


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt with any configured key; a value no key opens is an operational error, not data."""
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("A stored value cannot be decrypted with the configured keys") from exc


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a file's content (an uploaded document); the token is url-safe base64 bytes."""
    return cipher().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt a file's content with any configured key (see ``decrypt`` for a key no one has)."""
    try:
        return cipher().decrypt(token)
    except InvalidToken as exc:
        raise ImproperlyConfigured("A stored file cannot be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value with the newest key (for a key-rotation management command)."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")


def normalise_identifier(value: str) -> str:
    """Compare identifiers without spaces, dashes, dots or case: 'x-1234.567 b' = 'X1234567B'."""
    folded = unicodedata.normalize("NFKC", value).upper()
    return "".join(ch for ch in folded if ch.isalnum())


def identifier_hash(value: str, *, kind: str) -> str:
    """Keyed hash of an identifier; ``kind`` separates name spaces (a passport vs. a phone number)."""
    key = settings.IDENTIFIER_HASH_KEY.encode("utf-8")
    message = f"{kind}:{normalise_identifier(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted. It cannot be filtered on (except ``isnull``) or ordered by."""

    description = "Encrypted text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        return value if value is None else str(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise TypeError(f"Encrypted fields cannot be searched with '{lookup_name}'")
        return super().get_lookup(lookup_name)
