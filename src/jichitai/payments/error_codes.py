"""Stable codes of 公金収納 (docs/payments.md)."""

from __future__ import annotations

from jichitai.common.error_codes import ErrorCode


class PaymentErrorCode(ErrorCode):
    INVOICE_NOT_FOUND = "payments.invoice_not_found", 404, "no such invoice in this municipality"
    INVOICE_CLOSED = (
        "payments.invoice_closed",
        422,
        "the invoice is already cancelled or replaced by a correction; act on the current one",
    )
    AMOUNT_INVALID = (
        "payments.amount_invalid",
        422,
        "the amount is not a whole number of yen between 1 and 99,999,999",
    )
    NOTHING_TO_BILL = (
        "payments.nothing_to_bill",
        422,
        "no vehicle, certificate or placement in this period gives an amount to bill",
    )
    FILE_MALFORMED = (
        "payments.file_malformed",
        422,
        "the payment file has malformed lines (listed with their line numbers); nothing was "
        "imported",
    )
    FILE_LAYOUT_UNKNOWN = (
        "payments.file_layout_unknown",
        422,
        "the first line matches none of the three layouts (bank CSV, convenience-store "
        "fixed-width, eLTAX-style CSV)",
    )
    FILE_TOO_LARGE = "payments.file_too_large", 413, "the file is over the upload limit"
    EXCEPTION_RESOLVED = (
        "payments.exception_resolved",
        422,
        "this payment is not waiting in the exceptions queue (already matched or resolved)",
    )
    SIGNATURE_INVALID = (
        "payments.signature_invalid",
        401,
        "the notification's Pay-Signature is not the HMAC-SHA256 of its body under the shared "
        "secret; nothing was recorded",
    )
    NOTIFICATION_MALFORMED = (
        "payments.notification_malformed",
        400,
        "the notification is not the JSON message of a payment (or over 10 KB)",
    )
    NOTIFICATION_REPLAYED = (
        "payments.notification_replayed",
        409,
        "this notification (message id) was already acted on; nothing changed",
    )
    PAYMENT_UNKNOWN = (
        "payments.payment_unknown",
        404,
        "no online payment with this payment id and reference in this municipality",
    )
    PAYMENT_AMOUNT_MISMATCH = (
        "payments.payment_amount_mismatch",
        422,
        "the amount paid is not the amount of the payment that was created",
    )
    CARD_DECLINED = (
        "payments.card_declined",
        422,
        "demo provider: the card number is not a test card that pays, or the eL-QR is not "
        "this payment's",
    )
    FEE_NOT_DUE = (
        "payments.fee_not_due",
        409,
        "the case does not wait for a fee (paid already, withdrawn, or free)",
    )
    REFUND_NOT_CANDIDATE = (
        "payments.refund_not_candidate",
        422,
        "this payment has no refund candidate left to decide (nothing to refund, or decided "
        "already)",
    )
    REFUND_OFFSET_INVALID = (
        "payments.refund_offset_invalid",
        422,
        "the invoice to offset against is not an open invoice of the same payer with a balance",
    )
    REFUND_ACCOUNT_INVALID = (
        "payments.refund_account_invalid",
        422,
        "the bank account is not complete (bank 4 digits, branch 3, type 1/2/4, number up to "
        "7 digits, the holder's name in katakana)",
    )
    PAYOUT_EMPTY = "payments.payout_empty", 422, "no decided refund is waiting to be paid out"
    LATE_FEE_RATE_UNKNOWN = (
        "payments.late_fee_rate_unknown",
        422,
        "the late-fee rate of a year in the period is not in the table yet (the Minister of "
        "Finance publishes it by 30 November of the year before)",
    )
    DUNNING_INVALID = (
        "payments.dunning_invalid",
        422,
        "a dunning notice is sent once, for an open invoice still owed past its dunning date",
    )
