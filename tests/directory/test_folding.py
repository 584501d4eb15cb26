from acollida.directory.folding import fold


def test_accents_and_case_are_folded() -> None:
    assert fold("VALÈNCIA, l'Eixample") == "valencia leixample"


def test_arabic_hamza_forms_and_diacritics_are_folded() -> None:
    assert fold("أُسْرَة") == fold("اسره")


def test_ukrainian_letters_are_folded() -> None:
    assert fold("Їжа ґанок") == fold("іжа ганок")


def test_empty_text_folds_to_empty() -> None:
    assert fold("") == ""
