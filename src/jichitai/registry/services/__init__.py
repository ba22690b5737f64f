"""Registry services: every write to the register, one function per 異動.

Each is `transaction.atomic`, locks what it changes, checks the invariants of the standard,
writes a history row per record (§1.2.1) and an audit record, or writes nothing at all.
The certificates' services (registry.certificates) are exported here too (with the PDF
rendering and signing other apps' printed documents use: `document_pdf_render`,
`document_sign`), and the types the
services take (`Address`, `PersonData`, `Certificate…`): other apps use the registry through
this module and its selectors.
"""

from jichitai.registry.addresses import address_dictionary_load, postal_rows_read
from jichitai.registry.certificates.documents import CertificateOptions, household_head_name
from jichitai.registry.certificates.fees import certificate_fee_register
from jichitai.registry.certificates.rendering import RenderedPdf, document_pdf_render
from jichitai.registry.certificates.services import (
    CertificateKind,
    CertificateRequest,
    certificate_issue,
    document_sign,
    move_out_certificate_issue,
)
from jichitai.registry.certificates.signing import certifier_title
from jichitai.registry.inputs import PersonData
from jichitai.registry.services.access import (
    move_out_certificates_access_record,
    resident_access_record,
    resident_my_number_reveal,
)
from jichitai.registry.services.amendments import (
    my_numbers_designate,
    resident_alias_change,
    resident_code_change,
    resident_code_renew,
    resident_correct,
    resident_domicile_from_notice,
    resident_former_surname_change,
    resident_my_number_change,
    resident_my_number_request,
    resident_name_change,
)
from jichitai.registry.services.cancellation import change_cancel
from jichitai.registry.services.entries import Address, residents_register
from jichitai.registry.services.households import (
    household_head_change,
    household_split,
    household_transfer,
    relationships_propose,
    residents_move_within,
)
from jichitai.registry.services.memos import (
    resident_memo_delete,
    resident_memo_edit,
    resident_memo_write,
)
from jichitai.registry.services.move_in_notices import (
    move_in_notice_enter,
    move_in_notices_missing,
)
from jichitai.registry.services.moves_between_municipalities import (
    move_in_notice_receive,
    move_in_notice_typed_send,
    move_out_certificate_receive,
    move_out_certificate_send,
    residents_move_in_from_certificate,
    residents_move_in_from_paper_certificate,
)
from jichitai.registry.services.nationality import (
    ForeignItems,
    resident_nationality_lose,
    resident_naturalise,
)
from jichitai.registry.services.network import (
    OutboxRun,
    identity_consistency_check,
    network_message_resend,
    network_operating,
    network_outbox_send,
    resident_certificate_serial_obtain,
    resident_symbol_request,
)
from jichitai.registry.services.recording import ChangeCircumstances, resident_codes_obtain
from jichitai.registry.services.remarks import resident_remark_add, resident_remark_delete
from jichitai.registry.services.removals import residents_remove
from jichitai.registry.services.support_measures import (
    Offender,
    SupportAffairs,
    SupportRelative,
    SupportTransfer,
    period_end_default,
    support_measure_confirm,
    support_measure_end,
    support_measure_end_notice,
    support_measure_extend,
    support_measure_start,
    support_measure_update,
    support_protection_check,
    support_releases_record,
)

__all__ = [
    "Address",
    "CertificateKind",
    "CertificateOptions",
    "CertificateRequest",
    "ChangeCircumstances",
    "ForeignItems",
    "Offender",
    "OutboxRun",
    "PersonData",
    "RenderedPdf",
    "SupportAffairs",
    "SupportRelative",
    "SupportTransfer",
    "address_dictionary_load",
    "certificate_fee_register",
    "certificate_issue",
    "certifier_title",
    "change_cancel",
    "document_pdf_render",
    "document_sign",
    "household_head_change",
    "household_head_name",
    "household_split",
    "household_transfer",
    "identity_consistency_check",
    "move_in_notice_enter",
    "move_in_notice_receive",
    "move_in_notice_typed_send",
    "move_in_notices_missing",
    "move_out_certificate_issue",
    "move_out_certificate_receive",
    "move_out_certificate_send",
    "move_out_certificates_access_record",
    "my_numbers_designate",
    "network_message_resend",
    "network_operating",
    "network_outbox_send",
    "period_end_default",
    "postal_rows_read",
    "relationships_propose",
    "resident_access_record",
    "resident_alias_change",
    "resident_certificate_serial_obtain",
    "resident_code_change",
    "resident_code_renew",
    "resident_codes_obtain",
    "resident_correct",
    "resident_domicile_from_notice",
    "resident_former_surname_change",
    "resident_memo_delete",
    "resident_memo_edit",
    "resident_memo_write",
    "resident_my_number_change",
    "resident_my_number_request",
    "resident_my_number_reveal",
    "resident_name_change",
    "resident_nationality_lose",
    "resident_naturalise",
    "resident_remark_add",
    "resident_remark_delete",
    "resident_symbol_request",
    "residents_move_in_from_certificate",
    "residents_move_in_from_paper_certificate",
    "residents_move_within",
    "residents_register",
    "residents_remove",
    "support_measure_confirm",
    "support_measure_end",
    "support_measure_end_notice",
    "support_measure_extend",
    "support_measure_start",
    "support_measure_update",
    "support_protection_check",
    "support_releases_record",
]
