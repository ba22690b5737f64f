"""docs/problems.md is written from the error-code enums; these tests keep them in step."""

from __future__ import annotations

import collections

from jsonschema import Draft202012Validator

from jichitai.common.error_codes import ErrorCode
from jichitai.config.problems_doc import PROBLEMS_MD, SECTIONS, document
from jichitai.procedures.error_codes import FormErrorCode


def test_problems_md_is_up_to_date_with_the_enums() -> None:
    current = PROBLEMS_MD.read_text(encoding="utf-8")
    assert current == document(current), (
        "docs/problems.md is out of date: run `python -m jichitai.config.problems_doc`"
    )


def test_every_code_enum_is_documented_and_every_code_is_in_one_enum() -> None:
    documented = [enum for _heading, _note, enum in SECTIONS]
    assert set(ErrorCode.__subclasses__()) == set(documented)
    counts = collections.Counter(member.value for enum in documented for member in enum)
    assert [code for code, count in counts.items() if count > 1] == []


def test_every_code_has_a_description_and_a_status() -> None:
    for _heading, _note, enum in SECTIONS:
        for member in enum:
            assert member.description, member
            assert member.status is None or 400 <= member.status <= 599, member


def test_every_json_schema_keyword_that_refuses_a_value_has_a_form_code() -> None:
    # Keywords that only descend (properties, allOf, $ref …) report their children's errors;
    # additionalProperties is answered as form.unknown_field.
    descend_only = {
        "$dynamicRef", "$ref", "allOf", "dependentSchemas", "if", "patternProperties",
        "prefixItems", "properties", "propertyNames", "additionalProperties",
    }  # fmt: skip
    keywords = set(Draft202012Validator.VALIDATORS) - descend_only
    assert {f"form.{k}" for k in keywords} <= {m.value for m in FormErrorCode}
