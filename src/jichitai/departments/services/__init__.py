"""Department services: every write to the department records, one function per approval the
procedure catalog needs (the procedures' approval actions call them) plus the tax import.

Each takes the municipality, the business's own 符号 (issued by the linkage broker; never
generated here), the dates and values, and `actor`; it checks its input (DomainError with a
`departments.error_codes` code), writes the records and one audit record (the 事務 as purpose,
no personal values) in one transaction, or nothing.

- 個人住民税: `resident_tax_record`
- 児童手当: `child_allowance_certify`, `child_allowance_status_report`,
  `child_allowance_revise`, `child_allowance_end`; `child_allowance_amounts` (the amounts of 第6条), `ClaimedChild`
- 児童扶養手当: `child_support_certify`, `child_support_status_presend`
- 国民健康保険: `nhi_coverage_acquire`, `nhi_coverage_lose`
- 児童手当の支払: `child_allowance_payment_record` (支払月), `child_allowance_payment_run`
  (a 支払月 for every recipient), `child_allowance_payments_export`,
  `child_allowance_months_owed`,
  `child_allowance_unpaid_pay` (未支払の児童手当, after the recipient's death)
- 児童手当の届出: `child_allowance_notify` (氏名・住所変更等, 受給事由消滅); 寄附・学校給食費等の
  申出: `child_allowance_allocation_apply`, `child_allowance_allocation_change`
- 介護保険: `care_insured_enrol`, `care_certification_apply`, `care_certification_decide`,
  `care_card_reissue`, `care_relocation_certify`, `care_plan_provider_notify`,
  `care_cost_limit_apply` (`care_cost_limit_stage`), `care_benefit_claim`
- 保育: `childcare_application_submit`, `childcare_certify`, `childcare_status_report`,
  `childcare_placement_record`, `childcare_certification_end`
- 母子保健: `pregnancy_notify`
- 被災者台帳: `disaster_record`, `dwelling_damage_assess` (住家被害認定),
  `disaster_certificate_issue` (罹災証明書)
"""

from jichitai.departments.services.care import (
    care_card_reissue,
    care_certification_apply,
    care_certification_decide,
    care_insured_enrol,
)
from jichitai.departments.services.care_benefits import (
    care_benefit_claim,
    care_cost_limit_apply,
    care_cost_limit_stage,
    care_plan_provider_notify,
    care_relocation_certify,
)
from jichitai.departments.services.child_allowance import (
    ChildAmount,
    ClaimedChild,
    child_allowance_amounts,
    child_allowance_certify,
    child_allowance_end,
    child_allowance_revise,
    child_allowance_status_report,
    is_allowance_child,
)
from jichitai.departments.services.child_allowance_allocations import (
    child_allowance_allocation_apply,
    child_allowance_allocation_change,
)
from jichitai.departments.services.child_allowance_notices import child_allowance_notify
from jichitai.departments.services.child_allowance_payments import (
    MonthsOwed,
    PaymentRefusal,
    PaymentRun,
    child_allowance_months_owed,
    child_allowance_payment_record,
    child_allowance_payment_run,
    child_allowance_payments_export,
    child_allowance_unpaid_pay,
)
from jichitai.departments.services.child_support import (
    child_support_certify,
    child_support_status_presend,
)
from jichitai.departments.services.childcare import (
    childcare_application_submit,
    childcare_certification_end,
    childcare_certify,
    childcare_placement_record,
    childcare_status_report,
)
from jichitai.departments.services.disaster import (
    disaster_certificate_issue,
    disaster_record,
    dwelling_address_key,
    dwelling_damage_assess,
)
from jichitai.departments.services.maternal_health import pregnancy_notify
from jichitai.departments.services.nhi import nhi_coverage_acquire, nhi_coverage_lose
from jichitai.departments.services.tax import resident_tax_record

__all__ = [
    "ChildAmount",
    "ClaimedChild",
    "MonthsOwed",
    "PaymentRefusal",
    "PaymentRun",
    "care_benefit_claim",
    "care_card_reissue",
    "care_certification_apply",
    "care_certification_decide",
    "care_cost_limit_apply",
    "care_cost_limit_stage",
    "care_insured_enrol",
    "care_plan_provider_notify",
    "care_relocation_certify",
    "child_allowance_allocation_apply",
    "child_allowance_allocation_change",
    "child_allowance_amounts",
    "child_allowance_certify",
    "child_allowance_end",
    "child_allowance_months_owed",
    "child_allowance_notify",
    "child_allowance_payment_record",
    "child_allowance_payment_run",
    "child_allowance_payments_export",
    "child_allowance_revise",
    "child_allowance_status_report",
    "child_allowance_unpaid_pay",
    "child_support_certify",
    "child_support_status_presend",
    "childcare_application_submit",
    "childcare_certification_end",
    "childcare_certify",
    "childcare_placement_record",
    "childcare_status_report",
    "disaster_certificate_issue",
    "disaster_record",
    "dwelling_address_key",
    "dwelling_damage_assess",
    "is_allowance_child",
    "nhi_coverage_acquire",
    "nhi_coverage_lose",
    "pregnancy_notify",
    "resident_tax_record",
]
