"""Case data against the procedure's form (JSON Schema 2020-12), with one message per field,
in Japanese (or in English for a reader who chose English: the form's English titles and the
messages' translations in locale/). The field is a JSON pointer (RFC 6901) into the data, so
forms can put the message next to the input it belongs to; the message names the field by its
`title`, never repeats the value (it may be personal data).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_lazy
from jsonschema.exceptions import ValidationError

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import FieldError, json_pointer
from jichitai.common.text import INVALID_CHARACTER_MESSAGE, text_is_clean
from jichitai.procedures.definitions import Procedure
from jichitai.procedures.error_codes import FormErrorCode

FORMAT_HINTS = {
    "date": gettext_lazy("日付（例: 2026-04-07）"),
    "email": gettext_lazy("メールアドレス"),
}


def _title(schema: Mapping[str, Any], fallback: str) -> str:
    return str(schema.get("title") or fallback)


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The (sub-)schema the error is about; `true`/`false` schemas have no keywords."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _message(error: ValidationError, title: str) -> str:
    value = error.validator_value
    names = {"title": title, "value": value}
    description = str(_schema(error).get("description", ""))
    messages = {
        "type": gettext("「%(title)s」の形式が正しくありません。") % names,
        "minLength": gettext("「%(title)s」を入力してください。") % names
        if value == 1
        else gettext("「%(title)s」は%(value)s文字以上で入力してください。") % names,
        "maxLength": gettext("「%(title)s」は%(value)s文字以内で入力してください。") % names,
        "pattern": (
            gettext("「%(title)s」の形式が正しくありません。%(hint)s")
            % {"title": title, "hint": description}
        ).strip(),
        "enum": gettext("「%(title)s」は選択肢から選んでください。") % names,
        "const": gettext("「%(title)s」の値が正しくありません。") % names,
        "format": gettext("「%(title)s」は%(hint)sで入力してください。")
        % {"title": title, "hint": FORMAT_HINTS.get(str(value), gettext("正しい形式"))},
        "minimum": gettext("「%(title)s」は%(value)s以上にしてください。") % names,
        "maximum": gettext("「%(title)s」は%(value)s以下にしてください。") % names,
        "minItems": gettext("「%(title)s」を%(value)s件以上指定してください。") % names,
        "maxItems": gettext("「%(title)s」は%(value)s件までです。") % names,
        "uniqueItems": gettext("「%(title)s」に同じものが重複しています。") % names,
    }
    return messages.get(
        str(error.validator), gettext("「%(title)s」の内容が正しくありません。") % names
    )


def _field_errors(error: ValidationError) -> list[FieldError]:
    at = list(error.absolute_path)
    if error.validator == "required":
        properties = _schema(error).get("properties", {})
        required = error.validator_value if isinstance(error.validator_value, list) else []
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        return [
            FieldError(
                json_pointer(*at, name),
                FormErrorCode.REQUIRED,
                gettext("「%(title)s」を入力してください。")
                % {"title": _title(properties.get(name, {}), name)},
            )
            for name in required
            if name not in instance
        ]
    if error.validator == "additionalProperties":
        known = set(_schema(error).get("properties", {}))
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        return [
            FieldError(
                json_pointer(*at, name),
                FormErrorCode.UNKNOWN_FIELD,
                gettext("この手続の項目ではありません。"),
            )
            for name in instance
            if name not in known
        ]
    whole = gettext("申請内容")
    title = (
        _title(error.schema, str(at[-1]) if at else whole)
        if isinstance(error.schema, Mapping)
        else whole
    )
    return [
        FieldError(
            json_pointer(*at),
            FormErrorCode.lookup(f"form.{error.validator}") or FormErrorCode.INVALID,
            _message(error, title),
        )
    ]


def _text_errors(data: Any, at: list[Any]) -> list[FieldError]:
    """Strings of the data that break the one text rule (common.text), wherever they are."""
    if isinstance(data, str):
        if text_is_clean(data, multiline=True):
            return []
        return [
            FieldError(
                json_pointer(*at), CommonErrorCode.TEXT_INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE
            )
        ]
    if isinstance(data, Mapping):
        found = []
        for key, value in data.items():
            if not text_is_clean(str(key)):
                found.append(
                    FieldError(
                        json_pointer(*at, key),
                        CommonErrorCode.TEXT_INVALID_CHARACTER,
                        INVALID_CHARACTER_MESSAGE,
                    )
                )
            else:
                found.extend(_text_errors(value, [*at, key]))
        return found
    if isinstance(data, list):
        return [e for i, item in enumerate(data) for e in _text_errors(item, [*at, i])]
    return []


def data_errors(*, procedure: Procedure, data: Any) -> list[FieldError]:
    """Every problem of `data` against the form, in document order; empty when valid.
    Text anywhere in it keeps to the rule the registry's forms and the API apply. Messages
    are in the active language (the localized form gives the field titles)."""
    errors = sorted(
        procedure.localized.form_validator.iter_errors(data),
        key=lambda e: json_pointer(*e.absolute_path),
    )
    found: list[FieldError] = _text_errors(data, [])
    for error in errors:
        # jsonschema reports a `required` failure once per missing property, each naming
        # them all: keep each field's message once.
        found.extend(e for e in _field_errors(error) if e not in found)
    return found
