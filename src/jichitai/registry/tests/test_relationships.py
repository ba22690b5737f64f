"""続柄 (§1.1.11) validation and the proposals after a 世帯主変更."""

from __future__ import annotations

import pytest

from jichitai.common.exceptions import RuleViolation
from jichitai.registry.relationships import (
    relationship_after_head_change,
    relationship_validate,
)


@pytest.mark.parametrize(
    "value",
    [
        "世帯主",
        "妻",
        "夫（未届）",
        "子",
        "子の妻",
        "子の子の子の子",
        "父の兄の子",
        "子（子の妻）",
        "縁故者",
        "同居人",
        "妻(未届)",
    ],
)
def test_standard_values_are_accepted(value: str) -> None:
    assert relationship_validate(value) == value.replace("(", "（").replace(")", "）")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("祖父", "relationship.invalid"),
        ("孫", "relationship.invalid"),
        ("おじ", "relationship.invalid"),
        ("子の", "relationship.invalid"),
        ("の子", "relationship.invalid"),
        ("子の子の子の子の子", "relationship.too_distant"),
        ("家事使用人", "relationship.invalid"),
    ],
)
def test_forbidden_values_are_refused(value: str, code: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        relationship_validate(value)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("member", "new_head", "old_head_sex", "expected"),
    [
        ("世帯主", "妻", "1", ("夫", True)),  # the old head, seen from his wife
        ("妻の子", "妻", "1", ("子", True)),  # 夫の妻 is the new head herself
        ("父", "妻", "1", ("夫の父", True)),
        ("世帯主", "子", "2", ("母", True)),
        ("妻", "子", "1", ("父の妻", False)),  # mother or step-mother: staff confirm
        ("子の子の子", "子", "1", ("父の子の子の子", False)),
        ("縁故者", "子", "1", ("縁故者", False)),
    ],
)
def test_proposals_after_a_head_change(
    member: str, new_head: str, old_head_sex: str, expected: tuple[str, bool]
) -> None:
    proposal = relationship_after_head_change(
        member_relationship=member, new_head_relationship=new_head, old_head_sex=old_head_sex
    )
    assert (proposal.relationship, proposal.certain) == expected
