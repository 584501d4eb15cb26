from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from acollida.core import crypto
from acollida.core.checks import encryption_keys_usable
from acollida.core.crypto import EncryptedTextField

NEW_KEY = Fernet.generate_key().decode()
OLD_KEY = Fernet.generate_key().decode()


def test_encrypted_value_is_not_the_clear_text_and_round_trips() -> None:
    token = crypto.encrypt("survivor of violence: see file 12")
    assert "violence" not in token
    assert crypto.decrypt(token) == "survivor of violence: see file 12"


def test_field_stores_ciphertext_and_reads_clear_text() -> None:
    field = EncryptedTextField()
    stored = field.get_prep_value("pregnant, 7 months")
    assert stored is not None and "pregnant" not in stored
    assert field.from_db_value(stored, None, None) == "pregnant, 7 months"
    assert field.get_prep_value(None) is None
    assert field.get_prep_value("") == ""


def test_field_refuses_to_be_searched_by_content() -> None:
    field = EncryptedTextField()
    with pytest.raises(TypeError, match="cannot be searched"):
        field.get_lookup("icontains")
    assert field.get_lookup("isnull") is not None


def test_values_written_with_an_old_key_are_read_after_rotation() -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        old_token = crypto.encrypt("asylum interview on 3 March")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert crypto.decrypt(old_token) == "asylum interview on 3 March"
        rotated = crypto.rotate(old_token)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert crypto.decrypt(rotated) == "asylum interview on 3 March"
        with pytest.raises(ImproperlyConfigured):
            crypto.decrypt(old_token)


def test_identifier_hash_ignores_formatting_but_not_the_kind() -> None:
    a = crypto.identifier_hash("x-1234.567 b", kind="nie")
    assert a == crypto.identifier_hash("X1234567B", kind="nie")
    assert a != crypto.identifier_hash("X1234567B", kind="passport")
    assert a != crypto.identifier_hash("X1234567C", kind="nie")
    assert "1234567" not in a


def test_identifier_hash_depends_on_the_secret_key() -> None:
    before = crypto.identifier_hash("+34 600 000 000", kind="phone")
    with override_settings(IDENTIFIER_HASH_KEY="another-key-of-at-least-thirty-two-characters"):
        assert crypto.identifier_hash("+34 600 000 000", kind="phone") != before


def test_deploy_check_rejects_a_malformed_key() -> None:
    assert encryption_keys_usable() == []
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-fernet-key"]):
        errors = encryption_keys_usable()
    assert [e.id for e in errors] == ["acollida.E001"]
    with override_settings(IDENTIFIER_HASH_KEY="short"):
        assert [e.id for e in encryption_keys_usable()] == ["acollida.E002"]
