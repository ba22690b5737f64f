from __future__ import annotations

import json

import pytest

from jichitai.common.error_codes import CommonErrorCode
from jichitai.common.exceptions import FieldError, InvalidInput, RuleViolation, json_pointer
from jichitai.common.problems import problem_response


def test_json_pointer_escapes_tilde_and_slash() -> None:
    assert json_pointer("people", 0, "name") == "/people/0/name"
    assert json_pointer("a/b", "c~d") == "/a~1b/c~0d"
    assert FieldError(json_pointer("a/b", "c~d"), "x.y", "").tokens == ("a/b", "c~d")


@pytest.mark.parametrize("field", ["birth_date", "12行目 lg_code", "/a~2", "/a~"])
def test_a_field_error_names_its_field_by_a_json_pointer(field: str) -> None:
    with pytest.raises(ValueError, match="JSON pointer"):
        FieldError(field, "x.y", "")


def test_the_whole_document_is_the_empty_pointer() -> None:
    assert FieldError("", "form.type", "").tokens == ()


def test_for_field_puts_the_message_as_detail_and_next_to_the_field() -> None:
    error = RuleViolation.for_field("/effective_on", CommonErrorCode.DATE_INVALID, "存在しない日付")
    assert (error.code, error.detail, error.status) == ("date.invalid", "存在しない日付", 422)
    assert error.errors == [FieldError("/effective_on", "date.invalid", "存在しない日付")]
    assert isinstance(InvalidInput.for_field("/x", "x.y", "m"), InvalidInput)


def test_an_enum_code_is_answered_as_its_plain_string() -> None:
    error = InvalidInput.for_field("/on", CommonErrorCode.DATE_FORMAT, "日付")
    body = json.loads(problem_response(error, instance="/x").content)
    assert body["code"] == "date.format"
    assert body["type"].endswith("/problems/date.format")
    assert body["errors"] == [{"field": "/on", "code": "date.format", "detail": "日付"}]


def test_status_is_given_where_the_error_is_answered_not_set_on_it() -> None:
    error = InvalidInput(code=CommonErrorCode.HTTP_BAD_REQUEST, detail="")
    assert problem_response(error, instance="/x", status=400).status_code == 400
    assert error.status == 422 == InvalidInput.status
