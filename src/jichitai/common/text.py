"""入力文字の規則 (the one rule for text people type), shared by the HTML forms and the API.

Personal data (氏名, 本籍, 住所, 備考 …) is printed on 住民票, shown to other staff and sent to
other municipalities. Characters that are invisible or change how the text around them is shown
have no place in it:
- control characters (Unicode category Cc: NUL, ESC, DEL, the C1 range): NUL cannot even be
  stored in PostgreSQL text, ESC drives terminals that read logs and exports;
- bidirectional formatting characters (Unicode Bidi_Control: U+202A to U+202E, U+2066 to U+2069,
  U+200E, U+200F, U+061C): they make a name or an address read differently from what is stored
  (the "Trojan Source" trick, CVE-2021-42574);
- surrogate code points (category Cs): not characters; UTF-8 cannot encode them.
Line breaks and tabs are allowed only in multi-line fields (備考, 理由). Private-use characters
stay allowed: municipalities keep 外字 there.

`text_is_clean` is the rule; `TextValidator` puts it in Django forms and common.api_types.Text
in the API's pydantic schemas, so both channels refuse the same characters with the same code.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from jichitai.common.error_codes import CommonErrorCode

INVALID_CHARACTER_MESSAGE = (
    "使用できない文字（制御文字や文字の向きを変える記号）が含まれています。"
    "画面に見えている文字だけで入力してください。"
)
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_LINE_CHARACTERS = frozenset("\t\n\r")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})


def text_is_clean(value: str, *, multiline: bool = False) -> bool:
    """Does `value` keep to the rule above (line breaks and tabs only when `multiline`)?"""
    for char in value:
        if char in _BIDI_CONTROLS:
            return False
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            if multiline and char in _LINE_CHARACTERS:
                continue
            return False
    return True


def data_is_clean(value: Any) -> bool:
    """Every string of a JSON value (keys too) keeps to the rule; line breaks are allowed
    (free-text answers of a form are multi-line)."""
    if isinstance(value, str):
        return text_is_clean(value, multiline=True)
    if isinstance(value, dict):
        return all(data_is_clean(k) and data_is_clean(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(data_is_clean(item) for item in value)
    return True


@deconstructible
class TextValidator:
    """The rule as a Django validator, for form fields (and model fields)."""

    code = CommonErrorCode.TEXT_INVALID_CHARACTER
    message = INVALID_CHARACTER_MESSAGE

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and not text_is_clean(value, multiline=self.multiline):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))
