"""備考（統合記載欄のＣ類型, doc/j140.txt §1.1.14) and the 事実上の世帯主 (doc/j740.txt
§4.1.4.3): written on the resident page, removed but kept, printed on the 住民票の写し."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from jichitai.audit.models import AuditRecord
from jichitai.identity.models import StaffUser
from jichitai.registry.models import RemarkKind, Resident, ResidentRemark
from jichitai.registry.services import resident_remark_add
from jichitai.registry.tests.certificates.helpers import issue as _issue
from jichitai.registry.tests.certificates.helpers import pdf_text as _pdf_text
from jichitai.registry.tests.certificates.helpers import set_mayor_name
from jichitai.registry.tests.factories import yamada_family
from jichitai.registry.tests.views.helpers import field_error as _field_error
from jichitai.registry.tests.views.helpers import text as _text
from jichitai.registry.tests.views.helpers import url as _url
from jichitai.tenants.models import Municipality


def test_remarks_and_the_de_facto_head_are_kept_removed_and_printed(
    clerk_client: Client,
    clerk: StaffUser,
    midori: Municipality,
    family: dict[str, Resident],
    tmp_path: Path,
) -> None:
    shota = family["翔太"]
    url = _url(f"residents/{shota.pk}/remarks/")
    clerk_client.post(url, {"kind": "de_facto_head", "text": "児童養護施設長　緑野　守"})
    clerk_client.post(url, {"kind": "special_adoption", "text": "（入力しても記載されない）"})
    clerk_client.post(url, {"kind": "free", "text": "入力誤りの備考"})
    remarks = list(ResidentRemark.objects.filter(resident=shota).order_by("pk"))
    assert [r.wording for r in remarks] == [
        "事実上の世帯主　児童養護施設長　緑野　守",
        "特別養子縁組",  # the standard's fixed words, nothing typed
        "入力誤りの備考",
    ]
    assert all(r.written_by == clerk for r in remarks)

    wrong = remarks[2]
    confirm = clerk_client.get(_url(f"remarks/{wrong.pk}/delete/"))
    assert "入力誤りの備考" in _text(confirm)
    assert clerk_client.post(_url(f"remarks/{wrong.pk}/delete/")).status_code == 302
    wrong.refresh_from_db()
    assert wrong.deleted_by == clerk and wrong.deleted_at is not None
    assert clerk_client.post(_url(f"remarks/{wrong.pk}/delete/")).status_code == 404

    page = _text(clerk_client.get(_url(f"residents/{shota.pk}/")))
    assert "事実上の世帯主　児童養護施設長　緑野　守" in page
    assert "入力誤りの備考" in page and "消除済み" in page  # kept, marked removed

    set_mayor_name(midori, "緑川　一郎")
    text = _pdf_text(_issue(midori, [shota], clerk).pdf, tmp_path)
    assert "備考" in text
    assert "事実上の世帯主児童養護施設長緑野守" in text and "特別養子縁組" in text
    assert "入力誤り" not in text  # a removed remark is not printed
    actions = AuditRecord.objects.filter(
        action__in=["registry.remark_add", "registry.remark_delete"]
    )
    assert sorted(actions.values_list("action", flat=True)) == [
        "registry.remark_add",
        "registry.remark_add",
        "registry.remark_add",
        "registry.remark_delete",
    ]


def test_a_de_facto_head_needs_a_name(clerk_client: Client, family: dict[str, Resident]) -> None:
    response = clerk_client.post(
        _url(f"residents/{family['翔太'].pk}/remarks/"), {"kind": "de_facto_head", "text": " "}
    )
    assert "事実上の世帯主の氏名" in _field_error(response, "id_text")
    assert not ResidentRemark.objects.exists()


def test_another_municipalitys_remark_is_404(
    clerk_client: Client, outsider: StaffUser, minakami: Municipality
) -> None:
    theirs = yamada_family(minakami)["花子"]
    remark = resident_remark_add(
        municipality=minakami,
        resident_id=theirs.pk,
        kind=RemarkKind.FREE,
        text="他団体",
        actor=outsider,
    )
    assert clerk_client.post(_url(f"remarks/{remark.pk}/delete/")).status_code == 404
    remark.refresh_from_db()
    assert remark.deleted_at is None
