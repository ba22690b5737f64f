"""jichitai rotate-keys: re-encrypt every 個人番号 under the active key of JICHITAI_ENCRYPTION_KEYS.

Key rotation: put the new key first in JICHITAI_ENCRYPTION_KEYS (it becomes the active key),
keep the old one after it, run this command, and only then remove the old key. Covers the
current records (Resident.my_number_cipher), every history snapshot ("my_number_cipher") and
the 転出証明書情報 still waiting for their 転入 (completed ones keep no 個人番号), in batches of their own transactions, so it can be interrupted and run again: a ciphertext
already under the active key is left as it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from jichitai.audit.services import audit_record
from jichitai.registry.crypto import keyring, move_out_my_number_reencrypt, my_number_reencrypt
from jichitai.registry.models import MoveOutCertificate, Resident, ResidentHistory
from jichitai.registry.services.recording import REGISTRY_PURPOSE


@dataclass
class Rotation:
    """Rows looked at and ciphertexts re-encrypted, per kind and per municipality."""

    residents: int = 0
    residents_rotated: int = 0
    history: int = 0
    history_rotated: int = 0
    certificates_rotated: int = 0
    by_municipality: Counter[str] = field(default_factory=Counter)


def _rotate_residents(rotation: Rotation, *, batch_size: int, dry_run: bool) -> None:
    ring = keyring()
    last_pk = 0
    while True:
        with transaction.atomic():
            # Locked, in pk order: a 個人番号の変更 running meanwhile must not be overwritten by
            # the re-encryption of the number it replaces.
            batch = list(
                Resident.objects.filter(pk__gt=last_pk)
                .exclude(my_number_cipher="")
                .order_by("pk")
                .select_for_update()
                .only("pk", "municipality_id", "atena_number", "my_number_cipher")[:batch_size]
            )
            if not batch:
                return
            last_pk = batch[-1].pk
            stale = [r for r in batch if ring.needs_rotation(r.my_number_cipher)]
            rotation.residents += len(batch)
            rotation.residents_rotated += len(stale)
            for resident in stale:
                rotation.by_municipality[resident.municipality_id] += 1
                resident.my_number_cipher = my_number_reencrypt(
                    resident.my_number_cipher,
                    lg_code=resident.municipality_id,
                    atena_number=resident.atena_number,
                )
            if stale and not dry_run:
                Resident.objects.bulk_update(stale, ["my_number_cipher"])


def _rotate_history(rotation: Rotation, *, batch_size: int, dry_run: bool) -> None:
    ring = keyring()
    last_pk = 0
    while True:
        with transaction.atomic():
            # History rows are never updated by the services, so no lock is needed; only the
            # ciphertext changes, the 個人番号 it holds stays what the row recorded.
            batch = list(
                ResidentHistory.objects.filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "municipality_id", "snapshot")[:batch_size]
            )
            if not batch:
                return
            last_pk = batch[-1].pk
            stale = []
            for row in batch:
                cipher = row.snapshot.get("my_number_cipher")
                if not cipher:
                    continue
                rotation.history += 1
                if ring.needs_rotation(cipher):
                    row.snapshot["my_number_cipher"] = my_number_reencrypt(
                        cipher,
                        lg_code=row.municipality_id,
                        atena_number=row.snapshot["atena_number"],
                    )
                    stale.append(row)
                    rotation.by_municipality[row.municipality_id] += 1
            rotation.history_rotated += len(stale)
            if stale and not dry_run:
                ResidentHistory.objects.bulk_update(stale, ["snapshot"])


def _rotate_move_out_certificates(rotation: Rotation, *, dry_run: bool) -> None:
    ring = keyring()
    with transaction.atomic():
        # Locked: the 転入 recorded from a certificate clears its ciphertexts meanwhile.
        pending = MoveOutCertificate.objects.filter(
            status=MoveOutCertificate.Status.PENDING
        ).select_for_update()
        for certificate in pending:
            stale = False
            for position, person in enumerate(certificate.persons):
                cipher = person["my_number_cipher"]
                if cipher and ring.needs_rotation(cipher):
                    person["my_number_cipher"] = move_out_my_number_reencrypt(
                        cipher,
                        lg_code=certificate.municipality_id,
                        certificate_id=str(certificate.public_id),
                        position=position,
                    )
                    stale = True
            if stale:
                rotation.certificates_rotated += 1
                rotation.by_municipality[certificate.municipality_id] += 1
                if not dry_run:
                    certificate.save(update_fields=["persons"])


def my_number_keys_rotate(*, batch_size: int = 1000, dry_run: bool = False) -> Rotation:
    """個人番号の鍵の更新 (key rotation): every ciphertext not made by the active key is
    re-encrypted by it; one audit record per municipality, with counts only."""
    rotation = Rotation()
    _rotate_residents(rotation, batch_size=batch_size, dry_run=dry_run)
    _rotate_history(rotation, batch_size=batch_size, dry_run=dry_run)
    _rotate_move_out_certificates(rotation, dry_run=dry_run)
    if not dry_run:
        for lg_code, count in sorted(rotation.by_municipality.items()):
            audit_record(
                actor=None,
                action="registry.keys_rotate",
                municipality_code=lg_code,
                object_type="registry.Resident",
                purpose=REGISTRY_PURPOSE,
                detail={"rotated": count},
            )
    return rotation


class Command(BaseCommand):
    help = (
        "個人番号の暗号文（住民の現在の記載と全履歴）を、JICHITAI_ENCRYPTION_KEYS の先頭の鍵で"
        "暗号化し直します。何度実行しても同じ結果になります。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000, help="1トランザクションの行数")
        parser.add_argument("--dry-run", action="store_true", help="数えるだけで書き換えない")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        rotation = my_number_keys_rotate(batch_size=batch_size, dry_run=dry_run)
        verb = "再暗号化が必要です" if dry_run else "再暗号化しました"
        self.stdout.write(
            self.style.SUCCESS(
                f"有効な鍵 {keyring().active_key_id}: "
                f"住民 {rotation.residents}件中 {rotation.residents_rotated}件、"
                f"住民履歴 {rotation.history}件中 {rotation.history_rotated}件、"
                f"転入待ちの転出証明書情報 {rotation.certificates_rotated}件を{verb}。"
            )
        )
