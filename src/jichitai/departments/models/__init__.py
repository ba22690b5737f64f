"""各業務の記録 (department records), keyed only by each business's own 符号.

Every record names its person by `code`, the business's own 符号 issued by the linkage broker
(an opaque random string): no field or relation leads to the register's rows, the 住民票コード or
the 個人番号 (番号法の分散管理). A business holds what its work needs (amounts, dates, birth
dates of children, care levels) and nothing of the 基本4情報 beyond that.

History is kept where the law cares: a period ends by its end date, a correction of a tax
assessment keeps the superseded values, an amount revision is a new row.
"""

from jichitai.departments.models.base import CODE_MAX_LENGTH, Business
from jichitai.departments.models.care import (
    CareCardReissue,
    CareCertification,
    CareInsured,
    CareLevel,
)
from jichitai.departments.models.care_benefits import (
    CareBenefitClaim,
    CareCostLimitApplication,
    CarePlanProvider,
)
from jichitai.departments.models.child_allowance import (
    ChildAllowanceChild,
    ChildAllowanceIncomeDetermination,
    ChildAllowanceNotice,
    ChildAllowanceRecipient,
    ChildAllowanceRevision,
    ChildAllowanceStatusReport,
)
from jichitai.departments.models.child_allowance_allocations import ChildAllowanceAllocation
from jichitai.departments.models.child_allowance_payments import (
    ChildAllowancePayment,
    ChildAllowanceUnpaidPayment,
)
from jichitai.departments.models.child_support import (
    ChildSupportRecipient,
    ChildSupportStatusReport,
)
from jichitai.departments.models.childcare import (
    ChildcareApplication,
    ChildcareCertification,
    ChildcarePlacement,
    ChildcareStatusReport,
)
from jichitai.departments.models.disaster import (
    DamageClass,
    Disaster,
    DisasterCertificate,
    DwellingDamage,
)
from jichitai.departments.models.maternal_health import MaternalHandbook, PregnancyNotification
from jichitai.departments.models.nhi import NhiCoverage
from jichitai.departments.models.tax import ResidentTaxAssessment, ResidentTaxRevision

__all__ = [
    "CODE_MAX_LENGTH",
    "Business",
    "CareBenefitClaim",
    "CareCardReissue",
    "CareCertification",
    "CareCostLimitApplication",
    "CareInsured",
    "CareLevel",
    "CarePlanProvider",
    "ChildAllowanceAllocation",
    "ChildAllowanceChild",
    "ChildAllowanceIncomeDetermination",
    "ChildAllowanceNotice",
    "ChildAllowancePayment",
    "ChildAllowanceRecipient",
    "ChildAllowanceRevision",
    "ChildAllowanceStatusReport",
    "ChildAllowanceUnpaidPayment",
    "ChildSupportRecipient",
    "ChildSupportStatusReport",
    "ChildcareApplication",
    "ChildcareCertification",
    "ChildcarePlacement",
    "ChildcareStatusReport",
    "DamageClass",
    "Disaster",
    "DisasterCertificate",
    "DwellingDamage",
    "MaternalHandbook",
    "NhiCoverage",
    "PregnancyNotification",
    "ResidentTaxAssessment",
    "ResidentTaxRevision",
]
