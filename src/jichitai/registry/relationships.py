"""続柄 (relationship to the head of household), exactly as 住民記録システム標準仕様書
§1.1.11 (doc/j110.txt) allows, and the member order of §5.2 (doc/j1010.txt).

Allowed values: 世帯主; the tokens of ② chained with 「の」 up to 4 世代 (a 世代 is one token,
「子の子の子の子」 is 4); 縁故者; 同居人. Five or more 世代 must be recorded as 縁故者, and
祖父, 孫, おじ, … are not allowed at all.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from jichitai.common.exceptions import RuleViolation
from jichitai.registry.error_codes import RegistryErrorCode

HEAD = "世帯主"
DISTANT_RELATIVE = "縁故者"
LODGER = "同居人"
MAX_GENERATIONS = 4

# ② of §1.1.11. The two bracketed forms are single tokens although they contain 「の」.
TOKENS = (
    "子（子の夫）",
    "子（子の妻）",
    "夫（未届）",
    "妻（未届）",
    "夫",
    "妻",
    "子",
    "父",
    "母",
    "兄",
    "姉",
    "弟",
    "妹",
)
_TOKEN_RE = re.compile("|".join(re.escape(t) for t in TOKENS))
SPOUSES = {"夫", "妻", "夫（未届）", "妻（未届）"}
_WIDTH = str.maketrans({"(": "（", ")": "）", " ": "", "　": ""})


def tokens_of(relationship: str) -> list[str] | None:
    """The chain of ② tokens, or None when the text is not such a chain."""
    tokens, position = [], 0
    while position < len(relationship):
        match = _TOKEN_RE.match(relationship, position)
        if match is None:
            return None
        tokens.append(match.group())
        position = match.end()
        if position < len(relationship):
            if relationship[position] != "の":
                return None
            position += 1
            if position == len(relationship):
                return None
    return tokens


def relationship_validate(value: str, *, pointer: str = "/relationship") -> str:
    """続柄の検証: the value in its canonical form. Raises RuleViolation.

    `relationship.too_distant` tells staff to record 縁故者 for 5 or more 世代;
    `relationship.invalid` covers words the standard forbids (祖父, 孫, おじ, …).
    """
    text = value.strip().translate(_WIDTH)
    if not text:
        raise RuleViolation.for_field(
            pointer,
            RegistryErrorCode.RELATIONSHIP_REQUIRED,
            "世帯員それぞれの世帯主との続柄を入力してください。",
        )
    if text in (HEAD, DISTANT_RELATIVE, LODGER):
        return text
    tokens = tokens_of(text)
    if tokens is None:
        raise RuleViolation.for_field(
            pointer,
            RegistryErrorCode.RELATIONSHIP_INVALID,
            "続柄は「世帯主」「妻」「子」「子の妻」「父」「兄」「縁故者」「同居人」などの標準の表記で入力してください"
            "（「祖父」「孫」「おじ」などは「父の父」「子の子」「父の兄」のように表します）。",
        )
    if len(tokens) > MAX_GENERATIONS:
        raise RuleViolation.for_field(
            pointer,
            RegistryErrorCode.RELATIONSHIP_TOO_DISTANT,
            f"「の」でつなぐ続柄は{MAX_GENERATIONS}世代までです。5世代以上の親族は「縁故者」としてください。",
        )
    return text


# --------------------------------------------------------------------------- head change

_INVERSE_BY_SEX = {
    "子": {"1": "父", "2": "母"},
    "父": {"1": "子", "2": "子"},
    "母": {"1": "子", "2": "子"},
    "兄": {"1": "弟", "2": "妹"},
    "姉": {"1": "弟", "2": "妹"},
    "弟": {"1": "兄", "2": "姉"},
    "妹": {"1": "兄", "2": "姉"},
    "夫": {"1": "夫", "2": "妻"},
    "妻": {"1": "夫", "2": "妻"},
    "夫（未届）": {"1": "夫（未届）", "2": "妻（未届）"},
    "妻（未届）": {"1": "夫（未届）", "2": "妻（未届）"},
}
# Pairs that name the same person again: the old head's spouse's spouse is the old head.
_CANCELLING = {
    ("夫", "妻"),
    ("妻", "夫"),
    ("夫（未届）", "妻（未届）"),
    ("妻（未届）", "夫（未届）"),
}


@dataclass(frozen=True)
class Proposal:
    """A proposed 続柄 after a 世帯主変更; `certain` is False where staff must confirm."""

    relationship: str
    certain: bool


_SIBLINGS = {(True, "1"): "兄", (True, "2"): "姉", (False, "1"): "弟", (False, "2"): "妹"}


def relationship_after_head_change(
    *,
    member_relationship: str,
    new_head_relationship: str,
    old_head_sex: str,
    member_sex: str = "",
    member_is_older: bool | None = None,
) -> Proposal:
    """世帯主変更による続柄の再設定 (§4.1.4.2 asks only that staff can change every 続柄).

    Proposes the member's 続柄 seen from the new head: the inverse of the new head's old path
    (the old head as seen from the new head), then the member's old path, with the exact
    reduction 夫の妻 = 本人. Ambiguous results (父の妻 may or may not be 母) are marked
    uncertain for staff to confirm; more than 4 世代 becomes 縁故者.
    """
    if member_relationship in (DISTANT_RELATIVE, LODGER):
        return Proposal(member_relationship, certain=False)
    new_head_tokens = tokens_of(new_head_relationship)
    member_tokens = [] if member_relationship == HEAD else tokens_of(member_relationship)
    if new_head_tokens is None or member_tokens is None:
        return Proposal(DISTANT_RELATIVE, certain=False)
    # The path from the new head back to the old head, choosing forms by the sex of each
    # person on the way; only the old head's sex is known for the last step, so the others
    # are proposals to confirm.
    inverse: list[str] = []
    certain = len(new_head_tokens) == 1
    for token in reversed(new_head_tokens):
        forms = _INVERSE_BY_SEX.get(token)
        if forms is None:
            return Proposal(DISTANT_RELATIVE, certain=False)
        inverse.append(forms.get(old_head_sex, forms["1"]))
    path = inverse + member_tokens
    reduced: list[str] = []
    for token in path:
        if reduced and (reduced[-1], token) in _CANCELLING:
            reduced.pop()
            continue
        reduced.append(token)
    if not reduced:
        return Proposal(HEAD, certain=True)
    if len(reduced) > MAX_GENERATIONS:
        return Proposal(DISTANT_RELATIVE, certain=False)
    if (
        len(reduced) == 2
        and reduced[0] in ("父", "母")
        and reduced[1] == "子"
        and member_is_older is not None
        and member_sex in ("1", "2")
    ):
        # 父の子 / 母の子: most often a brother or sister, older or younger by birth date;
        # a half-sibling would stay 父の子, so staff still confirm.
        return Proposal(_SIBLINGS[(member_is_older, member_sex)], certain=False)
    # 父の妻 / 母の夫 / 父の子 … need knowledge of who is who: staff confirm.
    ambiguous = any(
        a in ("父", "母") and b in SPOUSES | {"子"} for a, b in itertools.pairwise(reduced)
    )
    return Proposal("の".join(reduced), certain=certain and not ambiguous)


# --------------------------------------------------------------------------- member order


def member_rank(relationship: str) -> int:
    """世帯員の並び順の区分 (§5.2): 1 head, spouse, children; 2 children's families;
    3 parents, siblings; 4 other relatives, 縁故者, 同居人."""
    if relationship == HEAD:
        return 10
    if relationship in SPOUSES:
        return 11
    if relationship == "子":
        return 12
    tokens = tokens_of(relationship) or []
    if tokens and tokens[0].startswith("子"):
        return 20
    if relationship in ("父", "母"):
        return 31
    if relationship in ("兄", "姉", "弟", "妹"):
        return 32
    if len(tokens) == 2 and tokens[0] in ("父", "母") and tokens[1] in ("父", "母"):
        return 33
    if relationship == DISTANT_RELATIVE:
        return 42
    if relationship == LODGER:
        return 43
    return 41
