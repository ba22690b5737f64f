"""Writes the code tables of docs/problems.md from the apps' error-code enums.

    python -m jichitai.config.problems_doc          # rewrite the tables
    python -m jichitai.config.problems_doc --check  # exit 1 when the file is out of date

The prose above MARKER is kept as it is; everything below it is generated. A test
(config/tests/test_problems_doc.py) fails when the file and the enums disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jichitai.common.error_codes import CommonErrorCode, ErrorCode
from jichitai.counter.error_codes import CounterErrorCode
from jichitai.departments.error_codes import DepartmentErrorCode
from jichitai.idempotency.error_codes import IdempotencyErrorCode
from jichitai.identity.error_codes import IdentityErrorCode
from jichitai.identity.jpki.error_codes import JpkiErrorCode
from jichitai.insights.error_codes import InsightsErrorCode
from jichitai.linkage.error_codes import LinkageErrorCode
from jichitai.opendata.error_codes import FindingCode, OpenDataErrorCode
from jichitai.payments.error_codes import PaymentErrorCode
from jichitai.portal.error_codes import PortalErrorCode
from jichitai.procedures.error_codes import (
    FormErrorCode,
    LifeEventErrorCode,
    ProcedureErrorCode,
)
from jichitai.registry.error_codes import CertificateErrorCode, RegistryErrorCode
from jichitai.tenants.error_codes import TenantErrorCode
from jichitai.visits.error_codes import VisitErrorCode

PROBLEMS_MD = Path(__file__).resolve().parents[3] / "docs" / "problems.md"
MARKER = (
    "<!-- Generated below by `python -m jichitai.config.problems_doc` from the enums in "
    "`<app>/error_codes.py`: edit those, not the tables. -->"
)

# (heading, note, enum): the order of the sections in the file.
SECTIONS: list[tuple[str, str, type[ErrorCode]]] = [
    ("Requests and common rules", "", CommonErrorCode),
    ("Sign-in, staff and 職員管理", "", IdentityErrorCode),
    ("Municipalities", "", TenantErrorCode),
    ("Idempotency", "", IdempotencyErrorCode),
    ("住民基本台帳 (registry)", "", RegistryErrorCode),
    ("証明書 (certificates)", "", CertificateErrorCode),
    ("情報連携 (linkage broker)", "See [linkage.md](linkage.md).", LinkageErrorCode),
    ("Procedures and cases (申請・届出)", "", ProcedureErrorCode),
    (
        "Form field codes",
        "`errors[].code` of `case.data_invalid`, one per field.",
        FormErrorCode,
    ),
    (
        "ライフイベント (life events)",
        "The rules of [counter.md](counter.md): an event and the answers to its questions.",
        LifeEventErrorCode,
    ),
    ("書かない窓口 (counter)", "See [counter.md](counter.md).", CounterErrorCode),
    ("住民ポータル (resident portal)", "", PortalErrorCode),
    ("各業務の記録 (departments)", "", DepartmentErrorCode),
    ("オープンデータ (open data)", "", OpenDataErrorCode),
    ("来庁予約と窓口の順番 (visits)", "", VisitErrorCode),
    (
        "Open data validation findings",
        "`code` of a finding in a validation report (`jichitai opendata validate --json`); "
        "an error keeps the file from being published, a warning is published with the note "
        "(see [opendata.md](opendata.md)).",
        FindingCode,
    ),
    ("業務の見える化 (insights: event logs)", "", InsightsErrorCode),
    ("公金収納 (payments)", "See [payments.md](payments.md).", PaymentErrorCode),
    (
        "公的個人認証 (JPKI)",
        "See [identity.md](identity.md#error-codes) for when each is raised.",
        JpkiErrorCode,
    ),
]


def _row(member: ErrorCode) -> str:
    status = "—" if member.status is None else str(member.status)
    description = member.description.replace("|", "\\|")
    return f"| `{member.value}` | {status} | {description} |"


def tables() -> str:
    """The generated part of docs/problems.md: one table per enum."""
    parts = []
    for heading, note, enum in SECTIONS:
        lines = [f"### {heading}", ""]
        if note:
            lines += [note, ""]
        lines += ["| code | status | meaning |", "|---|---|---|"]
        lines += [_row(member) for member in enum]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def document(current: str) -> str:
    """`current` with everything below MARKER replaced by the tables of the enums."""
    prose = current.split(MARKER, 1)[0].rstrip("\n")
    return f"{prose}\n\n{MARKER}\n\n{tables()}"


def main(argv: list[str]) -> int:
    current = PROBLEMS_MD.read_text(encoding="utf-8")
    wanted = document(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{PROBLEMS_MD} is out of date: run python -m jichitai.config.problems_doc")
            return 1
        return 0
    PROBLEMS_MD.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
