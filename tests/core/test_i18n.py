"""The interface is complete in the six languages of ``settings.LANGUAGES`` (STYLE.md practice 8).

The catalogues in ``acollida/locale/`` are complete and compiled, they cover every marked string, no
template or Python code shows unmarked text to users, and a page rendered in each language is
actually translated. ``make messages`` refreshes the catalogues; new entries then need translating.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, Token, TokenType
from django.test import Client
from django.utils.html import escape

PACKAGE = Path(__file__).resolve().parents[2] / "acollida"
LOCALE = PACKAGE / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]

PLURAL_FORMS = {
    "ca": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
    ),
    "uk": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
}

# Python-format placeholders: %(name)s, %(max)d, %(total)5.2f ...
PLACEHOLDER = re.compile(r"%\((?P<name>[^)]+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def load_po(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def entry_key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "")


def msgstr_of(lang: str, msgid: str) -> str:
    entry = load_po(lang).find(msgid)
    assert entry is not None and entry.msgstr, f"{lang}: no translation of {msgid!r}"
    return entry.msgstr


# --- the catalogues -------------------------------------------------------------------------------


def test_a_catalogue_for_every_language_and_no_other() -> None:
    shipped = {path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/django.po")}
    assert shipped == set(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_header_names_its_language_and_plural_rule(lang: str) -> None:
    po = load_po(lang)
    assert not po.metadata_is_fuzzy, f"{lang}: the header is marked fuzzy"
    assert po.metadata.get("Language") == lang
    assert " ".join(po.metadata.get("Plural-Forms", "").split()) == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete(lang: str) -> None:
    po = load_po(lang)
    nplurals = int(PLURAL_FORMS[lang].split(";")[0].removeprefix("nplurals="))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != list(range(nplurals)) or not all(forms.values()):
                problems.append(f"plural forms missing ({len(forms)} of {nplurals}): {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{po_path(lang)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    problems = []
    for entry in load_po(lang):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            if placeholders(entry.msgid) != expected:
                problems.append(f"singular and plural msgids differ: {entry.msgid!r}")
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if text and placeholders(text) != expected:
                problems.append(f"{entry.msgid!r}: {text!r} has {sorted(placeholders(text))}")
    assert not problems, f"{po_path(lang)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    mo_path = po_path(lang).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"

    def mapping(entries: list) -> dict:
        return {
            entry_key(entry): (
                tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
                if entry.msgid_plural
                else entry.msgstr
            )
            for entry in entries
            if entry.msgid
        }

    source = mapping(load_po(lang).translated_entries())
    compiled = mapping(list(polib.mofile(str(mo_path))))
    stale = {key for key in source.keys() | compiled.keys() if source.get(key) != compiled.get(key)}
    assert not stale, f"{mo_path} is out of date with its .po (run `make messages`): " + ", ".join(
        repr(key[1]) for key in sorted(stale, key=str)[:10]
    )


def test_catalogues_cover_every_marked_string(tmp_path: Path) -> None:
    """Extract the strings afresh from a copy of the code and compare them with the English catalogue."""
    if not all(shutil.which(tool) for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib")):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is required in CI to check the catalogues")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "acollida"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__"))
    (copy / "locale").mkdir()
    # Without settings, makemessages writes only to ./locale — never to the real LOCALE_PATHS.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"]
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, text=True)  # noqa: S603

    fresh = {entry_key(entry) for entry in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = {entry_key(entry) for entry in load_po("en") if not entry.obsolete}
    missing = sorted(fresh - committed, key=str)
    stale = sorted(committed - fresh, key=str)
    assert not missing and not stale, (
        "The catalogues are out of date: run `make messages` and translate the new entries.\n"
        f"Not in the catalogues: {[key[1] for key in missing]}\n"
        f"No longer in the code: {[key[1] for key in stale]}"
    )


# --- no unmarked text in templates ----------------------------------------------------------------

# Attributes whose values people see or hear (data-label heads a stacked table cell on small screens).
VISIBLE_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "data-label",
}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
# Text that is the same in every language: the brand name.
ALLOWED_WORDS = re.compile(r"\bacollida\b")
LETTER = re.compile(r"[^\W\d_]")
TRANSLATED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
TAG_MARK = "\ue000"  # stands in for {{ … }} and {% … %}: not a letter, not markup
SHOWN_FILTER_LITERAL = re.compile(
    r"\|\s*(?:default|default_if_none|yesno)\s*:\s*(?P<q>[\"'])(?P<text>.*?)(?P=q)"
)
BARE_LITERAL = re.compile(r"(?<!_\()(?P<q>[\"'])(?P<text>.*?)(?P=q)")


def literals_shown(token: Token) -> list[str]:
    """String literals a tag prints as they are: ``|default:"…"``, ``|yesno:"…"``, ``{% firstof … "…" %}``.

    ``_("…")`` literals are translated and not returned.
    """
    if token.token_type == TokenType.VAR:
        return [match.group("text") for match in SHOWN_FILTER_LITERAL.finditer(token.contents)]
    if token.contents.split()[0] == "firstof":
        return [match.group("text") for match in BARE_LITERAL.finditer(token.contents)]
    return []


def template_text(source: str) -> str:
    """The template with its tags replaced by a mark and the bodies of translated blocks dropped."""
    parts: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if closing is not None:
                if name == closing:
                    closing = None
                continue
            if name in TRANSLATED_BLOCKS:
                closing = TRANSLATED_BLOCKS[name]
            elif name == "comment":
                closing = "endcomment"
            parts += [TAG_MARK, *literals_shown(token)]
        elif closing is not None:
            continue
        elif token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts += [TAG_MARK, *literals_shown(token)]
    return "".join(parts)


NOT_PROSE = {"script", "style", "code", "pre"}


class VisibleText(HTMLParser):
    """Collects what a reader sees: text outside scripts, styles and code samples (``<code>``,
    ``<pre>``: template syntax shown to editors is not prose), plus visible attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_PROSE:
            self.hidden_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self.pieces.append(value)
        is_button_input = tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUT_TYPES
        # A <button>'s value is sent with the form, never shown; an <input type=submit>'s is its label.
        if values.get("value") and is_button_input:
            self.pieces.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_PROSE and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.pieces.append(data)


def unmarked_template_text(source: str) -> list[str]:
    parser = VisibleText()
    parser.feed(template_text(source))
    parser.close()
    found = []
    for piece in parser.pieces:
        text = " ".join(ALLOWED_WORDS.sub("", piece.replace(TAG_MARK, " ")).split())
        if LETTER.search(text):
            found.append(text)
    return found


TEMPLATES = sorted(path for path in PACKAGE.glob("**/templates/**/*") if path.suffix in {".html", ".txt"})


def test_templates_are_found() -> None:
    assert PACKAGE / "core/templates/500.html" in TEMPLATES


def test_template_check_catches_unmarked_text() -> None:
    source = (
        '{% load i18n %}<h1>{% translate "Fine" %}</h1><p title="Hover me">Plain words</p>'
        '{% blocktranslate %}Also fine{% endblocktranslate %}<button value="up">{{ x }}</button>'
        '<input type="submit" value="Go"><code>{{ a }} b.c }}</code>'
        '<input type="hidden" value="internal"> acollida · — &amp; › <script>var a = "b";</script>'
        '<td>{{ a|default:"—" }} {{ b|default:_("Fine") }} {{ c|default:"Nobody" }}</td>'
        '{% firstof a _("Fine") %}{% firstof b "Nothing" %}{% comment %}Notes{% endcomment %}'
    )
    assert unmarked_template_text(source) == ["Hover me", "Plain words", "Go", "— Nobody", "Nothing"]


def test_templates_have_no_unmarked_text() -> None:
    problems = [
        f"{path.relative_to(PACKAGE)}: {text!r}"
        for path in TEMPLATES
        for text in unmarked_template_text(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "Text not marked for translation ({% translate %}):\n" + "\n".join(problems)


# --- no unmarked user-facing strings in Python ----------------------------------------------------

TRANSLATION_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
TEXT_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural"}
RELATION_FIELDS = {"ForeignKey", "ManyToManyField", "OneToOneField", "ForeignObject"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}


def called_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def unmarked(node: ast.expr | None) -> bool:
    """A literal with letters that reaches the user as is (not wrapped in a translation function)."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(LETTER.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return unmarked(node.left) or (isinstance(node.op, ast.Add) and unmarked(node.right))
    if isinstance(node, ast.IfExp):
        return unmarked(node.body) or unmarked(node.orelse)
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return unmarked(node.func.value)
        return False
    if isinstance(node, ast.Dict):
        return any(unmarked(value) for value in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return any(unmarked(element) for element in node.elts)
    return False


def argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def choice_labels(node: ast.expr) -> list[ast.expr]:
    """The labels of a literal ``choices=[(value, label), ...]``.

    A label identical to its value (``("keep_a", "keep_a")``) is a token for validation only: the
    template renders its own translated label.
    """
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    pairs = [pair.elts for pair in node.elts if isinstance(pair, ast.Tuple) and len(pair.elts) == 2]
    return [label for value, label in pairs if ast.dump(value) != ast.dump(label)]


def unmarked_python_strings(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = called_name(node.func)
            candidates: list[tuple[str, ast.expr | None]] = []
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            if isinstance(receiver, ast.Name) and receiver.id == "messages":
                if name in MESSAGE_LEVELS:
                    candidates.append((f"messages.{name}()", argument(node, 1, "message")))
                elif name == "add_message":
                    candidates.append(("messages.add_message()", argument(node, 2, "message")))
            if name == "ValidationError":
                candidates.append(("ValidationError()", argument(node, 0, "message")))
            is_model_field = (
                isinstance(receiver, ast.Name) and receiver.id == "models" and name.endswith("Field")
            )
            if is_model_field and name not in RELATION_FIELDS and node.args:
                candidates.append((f"{name} verbose name", node.args[0]))
            for kw in node.keywords:
                if kw.arg in TEXT_KEYWORDS:
                    candidates.append((f"{kw.arg}=", kw.value))
                elif kw.arg == "choices":
                    candidates += [("choices= label", label) for label in choice_labels(kw.value)]
            found += [(node.lineno, what) for what, value in candidates if unmarked(value)]
        elif isinstance(node, ast.Assign):
            names = {called_name(target) for target in node.targets}
            if names & {"verbose_name", "verbose_name_plural"} and unmarked(node.value):
                found.append((node.lineno, "verbose_name ="))
        elif isinstance(node, ast.ClassDef) and {called_name(base) for base in node.bases} & CHOICES_BASES:
            for statement in node.body:
                if not isinstance(statement, ast.Assign) or not isinstance(statement.targets[0], ast.Name):
                    continue
                if statement.targets[0].id.startswith("_"):
                    continue
                value = statement.value
                if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                    if unmarked(value.elts[-1]):
                        found.append((statement.lineno, f"{node.name}.{statement.targets[0].id} label"))
                else:
                    found.append((statement.lineno, f"{node.name}.{statement.targets[0].id} has no label"))
    # Proper names (a district, a language named in itself) are not translated: say so on the line.
    lines = source.splitlines()
    return sorted((line, what) for line, what in found if PROPER_NAME not in lines[line - 1])


PROPER_NAME = "# proper name"
PYTHON_FILES = sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def test_python_check_catches_unmarked_strings() -> None:
    source = """
from django.db import models
class Kind(models.TextChoices):
    A = "a", _("Fine")
    B = "b", "Plain"
    C = "c"
class Thing(models.Model):
    name = models.CharField("name", max_length=9, help_text=_("fine"))
    owner = models.ForeignKey("core.User", verbose_name="owner", on_delete=models.CASCADE)
    class Meta:
        verbose_name = _("thing")
        verbose_name_plural = "things"
def view(request):
    messages.success(request, _("Saved."))
    messages.error(request, f"Failed {request}")
    raise ValidationError({"field": "Wrong."})
label = forms.CharField(label="Name", choices=[("", _("All")), ("x", "Other"), ("y", "y")])
ok = ValidationError(_("Choose between 1 and %(max)d days.") % {"max": 3})
class Place(models.TextChoices):
    OLD_TOWN = "cv", "Ciutat Vella"  # proper name
    NEW_TOWN = "nt", "Ciutat Nova"
"""
    assert [line for line, _what in unmarked_python_strings(source)] == [5, 6, 8, 9, 12, 15, 16, 17, 17, 21]


def test_python_has_no_unmarked_user_facing_strings() -> None:
    problems = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
        for path in PYTHON_FILES
        for line, what in unmarked_python_strings(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "User-facing strings not wrapped in _():\n" + "\n".join(problems)


# --- pages are rendered in the language asked for -------------------------------------------------

SIGN_IN = {
    "ca": "Iniciar sessió",
    "es": "Iniciar sesión",
    "en": "Sign in",
    "fr": "Se connecter",
    "ar": "تسجيل الدخول",
    "uk": "Увійти",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page_is_rendered_in_each_language(db: None, client: Client, lang: str) -> None:
    response = client.get(f"/{lang}/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if lang == "ar" else "ltr"
    assert re.search(rf'<html[^>]* lang="{lang}"[^>]* dir="{direction}"', html)
    assert escape(msgstr_of(lang, "Sign in")) in html
    assert SIGN_IN[lang] in html
    assert escape(msgstr_of(lang, "Skip to content")) in html
    if lang != "en":
        assert escape(msgstr_of(lang, "Sign in")) != "Sign in"
        assert "Skip to content" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_python_strings_are_translated_too(db: None, client: Client, lang: str) -> None:
    """A lazy string from Python code (a form error) reaches the page in the page's language."""
    response = client.post(f"/{lang}/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert escape(msgstr_of(lang, "The username or password is not correct.")) in response.content.decode()
