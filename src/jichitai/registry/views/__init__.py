"""Staff pages of the resident registry (住民記録): search, the record with its history, the
household, and one form per 異動.

Each view parses a form, calls the service (or selector) and renders; a service's DomainError
becomes form errors next to the field it names (forms.add_domain_error). Every page that shows
personal data records the access once (resident_access_record); writes are audited by the
services themselves. URLs carry ids only, never names or numbers.

One module per feature: `search`, `residents` (the 住民票 and changes of one record),
`households` (the 世帯, 出生届 and the 届出 on its members), `move_in` (転入届 typed in),
`pending_move_ins` (転入 from 転出証明書情報), `network` (the outbox to 住基ネット), `cancel` (異動の取消し); `common` holds the
helpers they share. urls.py imports the views from here.
"""

from __future__ import annotations

from jichitai.registry.views.cancel import cancel_view
from jichitai.registry.views.characters import characters_view, resident_characters_view
from jichitai.registry.views.common import (
    GET_POST,
)
from jichitai.registry.views.family_register_notices import domicile_notice_view
from jichitai.registry.views.households import (
    birth_view,
    household_change_view,
    household_view,
    removal_view,
)
from jichitai.registry.views.memos import memo_edit_view, memo_new_view
from jichitai.registry.views.move_in import move_in_view
from jichitai.registry.views.move_in_notices import (
    move_in_notice_inquiry_view,
    move_in_notice_view,
    move_in_notices_missing_view,
)
from jichitai.registry.views.network import (
    network_outbox_view,
    resident_certificate_serial_view,
    resident_symbol_request_view,
)
from jichitai.registry.views.notices import change_document_view
from jichitai.registry.views.pending_move_ins import (
    move_in_from_certificate_view,
    pending_move_ins_view,
)
from jichitai.registry.views.remarks import remark_delete_view, remark_new_view
from jichitai.registry.views.residents import (
    correction_view,
    my_number_view,
    resident_change_view,
    resident_code_notice_view,
    resident_view,
)
from jichitai.registry.views.search import search_view
from jichitai.registry.views.support_measures import (
    support_measure_step_view,
    support_measures_view,
)
from jichitai.registry.views.workplaces import workplace_view

__all__ = [
    "GET_POST",
    "birth_view",
    "cancel_view",
    "change_document_view",
    "characters_view",
    "correction_view",
    "domicile_notice_view",
    "household_change_view",
    "household_view",
    "memo_edit_view",
    "memo_new_view",
    "move_in_from_certificate_view",
    "move_in_notice_inquiry_view",
    "move_in_notice_view",
    "move_in_notices_missing_view",
    "move_in_view",
    "my_number_view",
    "network_outbox_view",
    "pending_move_ins_view",
    "remark_delete_view",
    "remark_new_view",
    "removal_view",
    "resident_certificate_serial_view",
    "resident_change_view",
    "resident_characters_view",
    "resident_code_notice_view",
    "resident_symbol_request_view",
    "resident_view",
    "search_view",
    "support_measure_step_view",
    "support_measures_view",
    "workplace_view",
]
