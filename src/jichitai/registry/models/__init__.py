"""住民記録 (resident registry) to the 住民記録システム標準仕様書 (総務省): the models of the app,
one module per concern, re-exported here so the rest of the code imports
`jichitai.registry.models` only.

`residents` (住民, 世帯, 付番), `changes` (異動 and 住民履歴), `moves_between_municipalities`
(転出証明書情報 as the new municipality holds it), `network_outbox` (messages to 住基ネット and
the stock of 住民票コード) and `certificates` (signing keys and the
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
    ChangeCategory,
    ChangeType,
    ResidentHistory,
)
from jichitai.registry.models.moves_between_municipalities import MoveOutCertificate
from jichitai.registry.models.network_outbox import (
    NetworkMessage,
    NetworkMessageKind,
    ResidentCodeStock,
)
from jichitai.registry.models.residents import (
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

__all__ = [
    "CHANGE_CATEGORIES",
    "ELECTORAL_AGE",
    "ELECTORAL_RESIDENCE_MONTHS",
    "HEAD",
    "MAX_COPIES",
    "NOTIFICATION_PERIOD_DAYS",
    "SEARCH_KEYS",
    "CertificateKind",
    "CertificateRequester",
    "Change",
    "ChangeCategory",
    "ChangeType",
    "ForeignCategory",
    "Household",
    "IdentityCheck",
    "IssuedCertificate",
    "MoveOutCertificate",
    "MunicipalitySigningKey",
    "NetworkMessage",
    "NetworkMessageKind",
    "NumberSequence",
    "Resident",
    "ResidentCodeStock",
    "ResidentHistory",
    "ResidentStatus",
    "ResidentType",
    "Sex",
]
