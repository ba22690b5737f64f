"""Case data against the procedure's form (JSON Schema 2020-12), with one Japanese message per
field. The field is a JSON pointer (RFC 6901) into the data, so forms can put the message
next to the input it belongs to; the message names the field by its `title`, never repeats
the value (it may be personal data).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema.exceptions import ValidationError

from jichitai.common.exceptions import FieldError
from jichitai.common.text import INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE, text_is_clean
from jichitai.procedures.definitions import Procedure

FORMAT_HINTS = {
    "date": "日付（例: 2026-04-07）",
    "email": "メールアドレス",
}


def json_pointer(parts: Any) -> str:
    """RFC 6901: `~` and `/` inside a key are escaped."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _title(schema: Mapping[str, Any], fallback: str) -> str:
    return str(schema.get("title") or fallback)


def _message(error: ValidationError, title: str) -> str:
    value = error.validator_value
    messages = {
        "type": f"「{title}」の形式が正しくありません。",
        "minLength": f"「{title}」を入力してください。"
        if value == 1
        else f"「{title}」は{value}文字以上で入力してください。",
        "maxLength": f"「{title}」は{value}文字以内で入力してください。",
        "pattern": f"「{title}」の形式が正しくありません。"
        + (f"{error.schema['description']}" if error.schema.get("description") else ""),
        "enum": f"「{title}」は選択肢から選んでください。",
        "const": f"「{title}」の値が正しくありません。",
        "format": f"「{title}」は{FORMAT_HINTS.get(str(value), '正しい形式')}で入力してください。",
        "minimum": f"「{title}」は{value}以上にしてください。",
        "maximum": f"「{title}」は{value}以下にしてください。",
        "minItems": f"「{title}」を{value}件以上指定してください。",
        "maxItems": f"「{title}」は{value}件までです。",
        "uniqueItems": f"「{title}」に同じものが重複しています。",
    }
    return messages.get(str(error.validator), f"「{title}」の内容が正しくありません。")


def _field_errors(error: ValidationError) -> list[FieldError]:
    at = list(error.absolute_path)
    if error.validator == "required":
        properties = error.schema.get("properties", {})
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        return [
            FieldError(
                json_pointer([*at, name]),
                "form.required",
                f"「{_title(properties.get(name, {}), name)}」を入力してください。",
            )
            for name in error.validator_value
            if name not in instance
        ]
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        return [
            FieldError(
                json_pointer([*at, name]),
                "form.unknown_field",
                "この手続の項目ではありません。",
            )
            for name in instance
            if name not in known
        ]
    title = (
        _title(error.schema, at[-1] if at else "申請内容")
        if isinstance(error.schema, Mapping)
        else "申請内容"
    )
    return [FieldError(json_pointer(at), f"form.{error.validator}", _message(error, title))]


def _text_errors(data: Any, at: list[Any]) -> list[FieldError]:
    """Strings of the data that break the one text rule (common.text), wherever they are."""
    if isinstance(data, str):
        if text_is_clean(data, multiline=True):
            return []
        return [FieldError(json_pointer(at), INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE)]
    if isinstance(data, Mapping):
        found = []
        for key, value in data.items():
            if not text_is_clean(str(key)):
                found.append(
                    FieldError(
                        json_pointer([*at, key]), INVALID_CHARACTER, INVALID_CHARACTER_MESSAGE
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
    Text anywhere in it keeps to the rule the registry's forms and the API apply."""
    errors = sorted(
        procedure.form_validator.iter_errors(data), key=lambda e: json_pointer(e.absolute_path)
    )
    found: list[FieldError] = _text_errors(data, [])
    for error in errors:
        # jsonschema reports a `required` failure once per missing property, each naming
        # them all: keep each field's message once.
        found.extend(e for e in _field_errors(error) if e not in found)
    return found
