"""Signals of the procedures app: who else wants to know that a case moved.

`case_state_changed` is sent once the transaction that wrote a case event has committed (a
rolled-back change tells nobody). Receivers get plain values, not the case, so they can never
write it: the resident portal sends the applicant an email (portal.notifications).
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: municipality_code, case_id, reference_number, procedure_id, activity, state,
# applicant_id (None for a 転入予約), applicant_key ("" for a case filed at the counter)
case_state_changed = Signal()

# A fee of an online request was paid (the payments app sends it, inside the transaction that
# records the payment, so the case and the ledger commit together; procedures never imports
# payments). kwargs: municipality_code, reference_number (受付番号), amount (yen), paid_at.
case_fee_paid = Signal()
