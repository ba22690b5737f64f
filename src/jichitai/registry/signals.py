"""Signals of the registry: what apps above it (procedures) may want to follow.

The registry imports nobody above it (pyproject import-linter), so it announces and the
listeners act. The signals are sent synchronously *inside* the transaction that wrote the
register: a receiver's writes commit with the 転入 or roll back with it, so a listener's
record is never lost and never made for a 転入 that did not happen. A receiver that raises
undoes the registry change too; receivers skip what is not theirs instead of raising.
"""

from __future__ import annotations

from django.dispatch import Signal

# 転出証明書情報 being composed at the former municipality. kwargs: municipality_code,
# destination_lg_code, residents (the leaving Resident rows). A receiver may return a mapping {key: JSON value} that
# this deployment carries with the certificate beside the 施行令 第23条 items — what apps of
# one deployment (共同利用) hand to each other with a move (the portal: the card binding); the
# real 住基ネット carries nothing of it. Keys are namespaced by app ("portal.card_bindings").
move_out_certificate_composing = Signal()

# 転出証明書情報 received and stored (the first delivery only). kwargs: municipality_code (the
# destination), certificate_id (its public id, str), source_lg_code, reservation_reference
# (the 受付番号 of the paired 転入予約 at the destination, "" when the move had none).
move_out_certificate_received = Signal()

# 転入 recorded from a 転出証明書情報. kwargs: municipality_code, certificate_id (public id,
# str), source_lg_code, reservation_reference, change_id (the 転入's registry.Change), actor
# (the clerk).
move_in_recorded = Signal()

# 住民票コード changed (変更請求 or 職権記載, 住民基本台帳法 第30条の4). kwargs: municipality_code,
# old_code, new_code. Whoever keys a person by the code (the linkage broker) follows it.
resident_code_changed = Signal()

# Residents removed from the register (転出, 国外転出, 死亡, 職権消除), sent inside the transaction
# that records it. kwargs: municipality_code, resident_codes (tuple of 住民票コード),
# change_type (registry.models.ChangeType), effective_on (異動日: the 転出予定日 of a planned
# 転出). The broker tells the businesses that know those people (庁内連携).
residents_removed = Signal()
