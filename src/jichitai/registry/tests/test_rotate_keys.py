from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jichitai.audit.models import AuditRecord
from jichitai.common.crypto import DecryptionError
from jichitai.registry.crypto import keyring, my_number_decrypt
from jichitai.registry.models import Resident, ResidentHistory
from jichitai.registry.services import resident_my_number_change
from jichitai.registry.tests.factories import yamada_family
from jichitai.tenants.models import Municipality

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()
TODAY = dt.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _ciphertexts() -> list[tuple[str, str, str]]:
    """(lg_code, 宛名番号, ciphertext) of every 個人番号 stored, current and historical."""
    current = [
        (r.municipality_id, r.atena_number, r.my_number_cipher)
        for r in Resident.objects.exclude(my_number_cipher="")
    ]
    history = [
        (row.municipality_id, row.snapshot["atena_number"], row.snapshot["my_number_cipher"])
        for row in ResidentHistory.objects.all()
        if row.snapshot.get("my_number_cipher")
    ]
    return current + history


def _plaintexts() -> list[str]:
    return [
        my_number_decrypt(cipher, lg_code=lg_code, atena_number=atena)
        for lg_code, atena, cipher in _ciphertexts()
    ]


def test_rotation_reencrypts_records_and_history_under_the_active_key(
    midori: Municipality, capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(JICHITAI_ENCRYPTION_KEYS=OLD):
        hanako = yamada_family(midori)["花子"]
        # A second number in the history: the old one stays in the earlier snapshot.
        resident_my_number_change(
            municipality=midori,
            resident_id=hanako.pk,
            my_number="234567890121",
            effective_on=TODAY,
            notified_on=TODAY,
            actor=None,
        )
        before = _plaintexts()
    assert sorted(set(before)) == ["123456789018", "234567890121"]

    with override_settings(JICHITAI_ENCRYPTION_KEYS=f"{NEW},{OLD}"):
        assert all(keyring().needs_rotation(c) for *_, c in _ciphertexts())
        call_command("rotate-keys", "--batch-size", "1")
        assert (
            "住民 1件中 1件、住民履歴 2件中 2件、転入待ちの転出証明書情報 0件を再暗号化しました"
            in capsys.readouterr().out
        )
        assert not any(keyring().needs_rotation(c) for *_, c in _ciphertexts())

        call_command("rotate-keys")
        assert "住民 1件中 0件、住民履歴 2件中 0件" in capsys.readouterr().out

    with override_settings(JICHITAI_ENCRYPTION_KEYS=NEW):
        # The old key can go: everything decrypts with the new one alone, to the same numbers.
        assert _plaintexts() == before
    with override_settings(JICHITAI_ENCRYPTION_KEYS=OLD), pytest.raises(DecryptionError):
        _plaintexts()

    audit = AuditRecord.objects.get(action="registry.keys_rotate")
    assert audit.municipality_code == "102121" and audit.detail == {"rotated": 3}


def test_dry_run_counts_and_changes_nothing(
    midori: Municipality, capsys: pytest.CaptureFixture[str]
) -> None:
    with override_settings(JICHITAI_ENCRYPTION_KEYS=OLD):
        yamada_family(midori)
    stored = _ciphertexts()
    with override_settings(JICHITAI_ENCRYPTION_KEYS=f"{NEW},{OLD}"):
        call_command("rotate-keys", "--dry-run")
    assert (
        "住民 1件中 1件、住民履歴 1件中 1件、転入待ちの転出証明書情報 0件を再暗号化が必要です"
        in capsys.readouterr().out
    )
    assert _ciphertexts() == stored
    assert not AuditRecord.objects.filter(action="registry.keys_rotate").exists()
