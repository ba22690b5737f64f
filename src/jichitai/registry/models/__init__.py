"""住民記録 (resident registry) to the 住民記録システム標準仕様書 (総務省): the models of the app,
one module per concern, re-exported here so the rest of the code imports
`jichitai.registry.models` only.

`residents` (住民, 世帯, 付番), `changes` (異動 and 住民履歴), `moves_between_municipalities`
(転出証明書情報 as the new municipality holds it) and `certificates` (signing keys and the
record of every certificate issued).
"""

from jichitai.registry.models.certificates import (
    MAX_COPIES,
    CertificateKind,
    CertificateRequester,
    IdentityCheck,
    IssuedCertificate,
    MunicipalitySigningKey,
)
from jichitai.registry.models.changes import (
    CHANGE_CATEGORIES,
    NOTIFICATION_PERIOD_DAYS,
    Change,
    ChangeBasis,
    ChangeCategory,
    ChangeType,
    ResidentHistory,
)
from jichitai.registry.models.memos import MEMO_MAX_LENGTH, ResidentMemo, ResidentMemoRevision
from jichitai.registry.models.moves_between_municipalities import MoveOutCertificate
from jichitai.registry.models.remarks import (
    FIXED_WORDS,
    REMARK_MAX_LENGTH,
    RemarkKind,
    ResidentRemark,
)
from jichitai.registry.models.residents import (
    DOMICILE_NONE,
    DOMICILE_UNKNOWN,
    DOMICILE_WORDS,
    ELECTORAL_AGE,
    ELECTORAL_RESIDENCE_MONTHS,
    HEAD,
    SEARCH_KEYS,
    ForeignCategory,
    Household,
    NumberSequence,
    Resident,
    ResidentStatus,
    ResidentType,
    Sex,
)
from jichitai.registry.models.workplaces import InputPlace, InputTerminal

__all__ = [
    "CHANGE_CATEGORIES",
    "DOMICILE_NONE",
    "DOMICILE_UNKNOWN",
    "DOMICILE_WORDS",
    "ELECTORAL_AGE",
    "ELECTORAL_RESIDENCE_MONTHS",
    "FIXED_WORDS",
    "HEAD",
    "MAX_COPIES",
    "MEMO_MAX_LENGTH",
    "NOTIFICATION_PERIOD_DAYS",
    "REMARK_MAX_LENGTH",
    "SEARCH_KEYS",
    "CertificateKind",
    "CertificateRequester",
    "Change",
    "ChangeBasis",
    "ChangeCategory",
    "ChangeType",
    "ForeignCategory",
    "Household",
    "IdentityCheck",
    "InputPlace",
    "InputTerminal",
    "IssuedCertificate",
    "MoveOutCertificate",
    "MunicipalitySigningKey",
    "NumberSequence",
    "RemarkKind",
    "Resident",
    "ResidentHistory",
    "ResidentMemo",
    "ResidentMemoRevision",
    "ResidentRemark",
    "ResidentStatus",
    "ResidentType",
    "Sex",
]
