from __future__ import annotations

import pytest

from acollida.people.names import blocking_keys, fold, name_skeletons, script_of, skeleton, tokens


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammed", "Muhammad", "Mohamed", "Mohamad", "محمد"],
        ["Oleksandr", "Aleksandr", "Alexander", "Olexandr", "Олександр"],
        ["Yusuf", "Youssef", "Yousef", "Youssouf", "يوسف"],
        ["Ahmed", "Ahmad", "أحمد"],
        ["Shevchenko", "Ševčenko", "Schewtschenko", "Шевченко"],
        ["Fatima", "Fatimah", "Fatma", "فاطمة"],
        ["Khaled", "Khalid", "خالد"],
        ["Hassan", "Hasan", "al-Hassan", "El Hassan", "الحسن"],
    ],
)
def test_transliteration_variants_share_one_skeleton(variants: list[str]) -> None:
    keys = {tuple(name_skeletons(v)) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mohammed", "Ahmed"), ("Oleksandr", "Olena"), ("Yusuf", "Yasmin"), ("Fatima", "Fadi")],
)
def test_different_names_do_not_share_a_skeleton(a: str, b: str) -> None:
    assert name_skeletons(a) != name_skeletons(b)


def test_fold_removes_accents_case_and_punctuation() -> None:
    assert fold("  Mădălina-Ștefănescu O'Brien ") == "madalina stefanescu o brien"


def test_fold_separates_chinese_characters_into_syllables() -> None:
    assert fold("李小龙") == "li xiao long"


def test_particles_are_dropped_but_a_name_made_only_of_particles_is_kept() -> None:
    assert tokens("Abu Bakr al-Baghdadi") == ["bakr", "baghdadi"]
    assert tokens("Juan de la Cruz") == ["juan", "cruz"]
    assert tokens("De") == ["de"]


def test_arabic_article_is_dropped_in_arabic_script() -> None:
    assert "l" not in name_skeletons("الحسن")[0][:1]
    assert name_skeletons("أحمد الحسن") == name_skeletons("Ahmad al-Hasan") == ["hmd", "hsn"]


@pytest.mark.parametrize(
    ("text", "script"),
    [("محمد", "arabic"), ("Олена", "cyrillic"), ("Olena", "latin"), ("李", "other"), ("", "other")],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_skeleton_of_a_vowel_only_word_falls_back_to_the_word() -> None:
    assert skeleton("Aya") == "aya"
    assert skeleton("") == ""


def test_blocking_keys_cover_every_name_given() -> None:
    assert blocking_keys("Olena", "Kovalenko", "", "Коваленко") == {"ln", "kvlnk"}
