"""手続定義 (the procedure catalog): one declarative YAML file per procedure in `catalog/`.

Each file says what a procedure is (name, department, legal basis, channels, life events),
what it asks (its form as a JSON Schema, Draft 2020-12, with Japanese titles), what is known
beforehand (prefill), what must come with it (attachments, the 署名用電子証明書 signature),
who acts on it (workflow steps and roles), how long it may take (標準処理期間, 行政手続法
第6条), what it costs (integer yen) and what approval does in the back yard (approval_actions.py).

The catalog is loaded and checked once, at start-up (ProceduresConfig.ready): a file that does
not fit the meta-schema (`procedure.schema.json`) or whose meaning is wrong (an invalid form
schema, a prefill target missing from the form, an unknown department, role or action) stops
the process with the file's path and the exact problem. docs/procedures.md explains the keys.

What residents read is written twice in each file, Japanese and English side by side (`name` /
`name_en`, `title` / `x-title-en` …), and the meta-schema refuses a file that leaves one
resident-facing text without its English. `Procedure.localized` gives those texts in the
active language (Django's, as chosen with the language switch), the form included, so the
portal renders, checks and summarises a form in English with the same code as in Japanese.
`summary_easy` is the summary in やさしい日本語 for residents still learning Japanese.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jaconv
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError, best_match

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
META_SCHEMA_PATH = Path(__file__).resolve().parent / "procedure.schema.json"

# 担当 (who processes a procedure). Municipalities name their sections differently (市民課,
# 住民課, 戸籍住民課 …); the catalog is shared, so it names the work, not the section.
# Marked for translation: the portal shows a generic label in the reader's language.
DEPARTMENTS: dict[str, str] = {
    "residents": gettext_noop("住民記録担当"),
    "child": gettext_noop("子育て支援担当"),
    "maternal_health": gettext_noop("母子保健担当"),
    "care": gettext_noop("介護保険担当"),
    "nhi": gettext_noop("国民健康保険担当"),
    "education": gettext_noop("学校教育担当"),
    "disaster": gettext_noop("被災者支援担当"),
}
# くらしの出来事 (the meta-schema's `life_events`) in the order residents meet them, marked
# for translation: the portal's chips show them with `{% translate event %}`.
LIFE_EVENTS = (
    gettext_noop("引越し"),
    gettext_noop("妊娠・出産"),
    gettext_noop("子育て"),
    gettext_noop("就学"),
    gettext_noop("就職・退職"),
    gettext_noop("介護"),
    gettext_noop("証明書"),
)

JAPANESE = "ja"
ENGLISH = "en"
# The English of a form's texts, beside the Japanese they translate (docs/procedures.md).
TITLE_EN = "x-title-en"
DESCRIPTION_EN = "x-description-en"
ENUM_EN = "x-enum-en"
# Set only in a localized form: the labels of an `enum`'s values, in its order
# (summary.choices_of); without it, a value is its own (Japanese) label.
ENUM_TITLES = "x-enum-titles"


class CatalogError(ImproperlyConfigured):
    """A procedure file is wrong. The message starts with its path, then the exact problem."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class LegalBasis:
    """根拠法令: the law and the article (and what it says about this procedure)."""

    law: str
    article: str
    law_en: str
    note: str = ""

    def __str__(self) -> str:
        return f"{self.law} {self.article}"

    @property
    def english(self) -> str:
        """「住民基本台帳法 第24条の2」 as 「Basic Resident Registration Act, Article 24-2」."""
        return f"{self.law_en}, {article_english(self.article)}"


_ARTICLE = re.compile(r"^第([0-9]+)条(?:の([0-9]+))?$")


def article_english(article: str) -> str:
    """第24条 → Article 24, 第24条の2 → Article 24-2 (the e-Gov 法令翻訳 style); anything
    else (漢数字, 項) as written."""
    match = _ARTICLE.match(article)
    if match is None:
        return article
    number, branch = match.groups()
    return f"Article {number}" + (f"-{branch}" if branch else "")


@dataclass(frozen=True)
class PrefillRule:
    """事前入力: the form field (JSON pointer) filled from a source's item."""

    field: str
    source: str  # card | register | move_out_certificate
    item: str


@dataclass(frozen=True)
class AttachmentSpec:
    """添付書類の種類. `required` holds for the online channel; at the counter, staff see the
    original (原本確認) instead of a scan."""

    kind: str
    name: str
    name_en: str
    required: bool
    description: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class WorkflowStep:
    """処理の段階 and the staff role that acts on it."""

    step: str
    name: str
    role: str


@dataclass(frozen=True)
class ApprovalAction:
    """承認時の処理: a name from approval_actions.ACTIONS; `note` says what happens outside the system."""

    action: str
    note: str = ""


@dataclass(frozen=True, eq=False)
class ProcedureText:
    """What a resident reads of a procedure, in one language (Procedure.localized)."""

    name: str
    summary: str
    easy_summary: str  # やさしい日本語; empty in English and where the file has none
    form: Mapping[str, Any]  # titles, descriptions and choice labels in this language
    attachments: tuple[AttachmentSpec, ...]
    legal_basis: tuple[str, ...]

    @cached_property
    def form_validator(self) -> Draft202012Validator:
        """Validates case data; `format` (date, email) is checked, not only annotated. Its
        errors carry this language's titles, for the messages (validation.py)."""
        return Draft202012Validator(self.form, format_checker=FormatChecker())


@dataclass(frozen=True, eq=False)
class Procedure:
    """手続 (one procedure of the catalog), as read from its file."""

    id: str
    version: int
    name: str
    name_en: str
    summary: str
    summary_en: str
    summary_easy: str
    department: str
    legal_basis: tuple[LegalBasis, ...]
    channels: tuple[str, ...]
    life_events: tuple[str, ...]
    keywords: tuple[str, ...]
    form: Mapping[str, Any]
    prefill: tuple[PrefillRule, ...]
    attachments: tuple[AttachmentSpec, ...]
    signature_required: bool
    workflow: tuple[WorkflowStep, ...]
    processing_days: int
    fee: int
    on_approval: tuple[ApprovalAction, ...]
    path: Path
    sha256: str

    def __str__(self) -> str:
        return f"{self.id} {self.name}"

    @property
    def department_label(self) -> str:
        return DEPARTMENTS[self.department]

    def attachment(self, kind: str) -> AttachmentSpec | None:
        return next((a for a in self.attachments if a.kind == kind), None)

    def accepts(self, channel: str) -> bool:
        return channel in self.channels

    @cached_property
    def search_text(self) -> str:
        return search_normalize(
            " ".join([self.name, self.summary, self.name_en, self.summary_en, *self.keywords])
        )

    @cached_property
    def _texts(self) -> dict[str, ProcedureText]:
        return {
            JAPANESE: ProcedureText(
                name=self.name,
                summary=self.summary,
                easy_summary=self.summary_easy,
                form=self.form,
                attachments=self.attachments,
                legal_basis=tuple(f"{b.law}{b.article}" for b in self.legal_basis),
            ),
            ENGLISH: ProcedureText(
                name=self.name_en,
                summary=self.summary_en,
                easy_summary="",
                form=form_in_english(self.form),
                attachments=tuple(
                    dataclasses.replace(a, name=a.name_en, description=a.description_en)
                    for a in self.attachments
                ),
                legal_basis=tuple(b.english for b in self.legal_basis),
            ),
        }

    @property
    def localized(self) -> ProcedureText:
        """Its texts in the active language: English when English is chosen, else Japanese.
        Staff screens keep using `name` and `form` (the 職員 work in Japanese)."""
        return self._texts[reader_language()]


def reader_language() -> str:
    """The catalog's language for the active Django language ('en-gb' reads English)."""
    language = translation.get_language() or JAPANESE
    return ENGLISH if language.split("-")[0] == ENGLISH else JAPANESE


def form_in_english(node: Any) -> Any:
    """A copy of a form whose `title`s and `description`s are their English (`x-title-en`,
    `x-description-en`) and whose `enum`s carry their English labels (ENUM_TITLES). The
    validating keywords are untouched, so it accepts exactly what the Japanese form does."""
    if isinstance(node, list):
        return [form_in_english(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    english = {key: form_in_english(value) for key, value in node.items()}
    if TITLE_EN in node:
        english["title"] = node[TITLE_EN]
    if DESCRIPTION_EN in node:
        english["description"] = node[DESCRIPTION_EN]
    if ENUM_EN in node and "enum" in node:
        english[ENUM_TITLES] = [node[ENUM_EN][str(value)] for value in node["enum"]]
    return english


def search_normalize(text: str) -> str:
    """全角半角・ひらがなカタカナ・大文字小文字 ignored: full- and half-width letters match, and so do
    てんしゅつ and テンシュツ."""
    return jaconv.hira2kata(unicodedata.normalize("NFKC", text)).casefold()


# ---------------------------------------------------------------------------- checking


def _meta_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(META_SCHEMA_PATH.read_text(encoding="utf-8")))


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts)


def _properties_without_title(schema: Mapping[str, Any], at: str) -> Iterator[str]:
    """Every field a person fills needs a Japanese title: forms show it as the label."""
    for name, sub in schema.get("properties", {}).items():
        where = f"{at}/properties/{name}"
        if not isinstance(sub, Mapping):
            continue
        if not str(sub.get("title", "")).strip():
            yield where
        yield from _properties_without_title(sub, where)
        items = sub.get("items")
        if isinstance(items, Mapping):
            yield from _properties_without_title(items, f"{where}/items")


def _required_without_property(schema: Mapping[str, Any], at: str) -> Iterator[str]:
    """Every name an object's `required` lists must be one of its fields: JSON Schema allows
    otherwise, but the form would then ask for an item it has no input for and never pass."""
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for name in schema.get("required", []):
            if name not in properties:
                yield f"{at}/required: {name!r}"
        for name, sub in properties.items():
            if isinstance(sub, Mapping):
                yield from _required_without_property(sub, f"{at}/properties/{name}")
                items = sub.get("items")
                if isinstance(items, Mapping):
                    yield from _required_without_property(items, f"{at}/properties/{name}/items")


def _choices_without_english(node: Any, at: str) -> Iterator[str]:
    """Every `enum` whose `x-enum-en` does not name exactly its values (the meta-schema
    already asks for the key; it cannot compare it with the values)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _choices_without_english(item, f"{at}/{index}")
        return
    if not isinstance(node, Mapping):
        return
    if "enum" in node and set(node.get(ENUM_EN, {})) != {str(v) for v in node["enum"]}:
        yield f"{at}/{ENUM_EN}"
    for key, value in node.items():
        if key != ENUM_EN:
            yield from _choices_without_english(value, f"{at}/{key}")


def form_field_schema(form: Mapping[str, Any], pointer: str) -> Mapping[str, Any] | None:
    """The sub-schema a JSON pointer into the *data* points at (objects only), or None."""
    schema: Mapping[str, Any] = form
    for part in pointer.strip("/").split("/"):
        properties = schema.get("properties", {})
        if part not in properties:
            return None
        schema = properties[part]
    return schema


def _check_meaning(raw: Mapping[str, Any], path: Path) -> None:
    # Imported here: the checks need identity's roles and the actions table, which import
    # models; the catalog itself is plain data and loads before any model does.
    from jichitai.identity.models import Role
    from jichitai.procedures.approval_actions import ACTIONS
    from jichitai.procedures.prefill import PEOPLE_ITEMS, PREFILL_ITEMS

    if raw["id"] != path.stem:
        raise CatalogError(path, f"id {raw['id']!r} must equal the file name {path.stem!r}")
    if raw["department"] not in DEPARTMENTS:
        raise CatalogError(
            path,
            f"/department: unknown department {raw['department']!r} (one of {sorted(DEPARTMENTS)})",
        )
    try:
        Draft202012Validator.check_schema(raw["form"])
    except SchemaError as error:
        raise CatalogError(
            path, f"/form{_pointer(error.absolute_path)}: not a valid JSON Schema: {error.message}"
        ) from None
    untitled = next(_properties_without_title(raw["form"], "/form"), None)
    if untitled is not None:
        raise CatalogError(path, f"{untitled}: every field needs a Japanese 'title'")
    unasked = next(_required_without_property(raw["form"], "/form"), None)
    if unasked is not None:
        raise CatalogError(path, f"{unasked} is required but not a field of the form")
    unlabelled = next(_choices_without_english(raw["form"], "/form"), None)
    if unlabelled is not None:
        raise CatalogError(
            path, f"{unlabelled}: give the English of each value of the enum, and only those"
        )
    for index, rule in enumerate(raw["prefill"]):
        if form_field_schema(raw["form"], rule["field"]) is None:
            raise CatalogError(
                path, f"/prefill/{index}/field: {rule['field']} is not a field of the form"
            )
        if rule["item"] not in PREFILL_ITEMS[rule["source"]]:
            raise CatalogError(
                path,
                f"/prefill/{index}/item: {rule['source']} has no item {rule['item']!r} "
                f"(one of {sorted(PREFILL_ITEMS[rule['source']])})",
            )
    member_rows = {rule["field"] for rule in raw["prefill"] if rule["item"] in PEOPLE_ITEMS}
    for name, field in raw["form"].get("properties", {}).items():
        # x-choices-from: a choice among the people prefilled at that field (schema_form).
        if "x-choices-from" in field and field["x-choices-from"] not in member_rows:
            raise CatalogError(
                path,
                f"/form/properties/{name}/x-choices-from: {field['x-choices-from']} is not "
                "a field prefilled with the household's people",
            )
    roles = set(Role.values)
    for index, step in enumerate(raw["workflow"]):
        if step["role"] not in roles:
            raise CatalogError(
                path,
                f"/workflow/{index}/role: unknown role {step['role']!r} (one of {sorted(roles)})",
            )
    for name, key in (("workflow", "step"), ("attachments", "kind")):
        seen = [item[key] for item in raw[name]]
        if len(seen) != len(set(seen)):
            raise CatalogError(path, f"/{name}: each {key} may appear only once")
    for index, approval in enumerate(raw["on_approval"]):
        if approval["action"] not in ACTIONS:
            raise CatalogError(
                path,
                f"/on_approval/{index}/action: unknown action {approval['action']!r} "
                f"(one of {sorted(ACTIONS)})",
            )


def procedure_file_load(path: Path) -> Procedure:
    """Reads and checks one procedure file. Raises CatalogError (path + exact problem)."""
    content = path.read_bytes()
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise CatalogError(path, f"not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise CatalogError(path, "the file must hold one mapping (key: value)")
    problem = best_match(_meta_validator().iter_errors(raw))
    if problem is not None:
        raise CatalogError(path, f"{_pointer(problem.absolute_path)}: {problem.message}")
    _check_meaning(raw, path)
    return Procedure(
        id=raw["id"],
        version=raw["version"],
        name=raw["name"],
        name_en=raw["name_en"],
        summary=raw["summary"].strip(),
        summary_en=raw["summary_en"].strip(),
        summary_easy=raw.get("summary_easy", "").strip(),
        department=raw["department"],
        legal_basis=tuple(LegalBasis(**b) for b in raw["legal_basis"]),
        channels=tuple(raw["channels"]),
        life_events=tuple(raw["life_events"]),
        keywords=tuple(raw["keywords"]),
        form=raw["form"],
        prefill=tuple(PrefillRule(**p) for p in raw["prefill"]),
        attachments=tuple(AttachmentSpec(**a) for a in raw["attachments"]),
        signature_required=raw["signature_required"],
        workflow=tuple(WorkflowStep(**s) for s in raw["workflow"]),
        processing_days=raw["processing_days"],
        fee=raw["fee"],
        on_approval=tuple(ApprovalAction(**a) for a in raw["on_approval"]),
        path=path,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def catalog_load(directory: Path = CATALOG_DIR) -> dict[str, Procedure]:
    """Loads every `*.yaml` of `directory`, in name order. Raises CatalogError on the first
    wrong file."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(directory, "no procedure files (*.yaml) found")
    return {procedure.id: procedure for procedure in map(procedure_file_load, files)}


_catalog: dict[str, Procedure] | None = None


def catalog() -> dict[str, Procedure]:
    """The checked catalog of this process (loaded at start-up by ProceduresConfig.ready)."""
    global _catalog
    if _catalog is None:
        _catalog = catalog_load()
    return _catalog
