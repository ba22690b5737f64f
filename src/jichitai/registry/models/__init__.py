"""住民記録 (resident registry) to the 住民記録システム標準仕様書 (総務省): the models of the app,
one module per concern, re-exported here so the rest of the code imports
`jichitai.registry.models` only.

`residents` (住民, 世帯, 付番), `changes` (異動 and 住民履歴), `moves_between_municipalities`
(転出証明書情報 as the new municipality holds it), `network_outbox` (messages to 住基ネット and
the stock of 住民票コード), `certificates` (signing keys and the record of every certificate
issued) and `support_measures` (支援措置 for victims of DV and stalking).
"""

from jichitai.registry.models.addresses import AddressArea, AddressLot, BuildingName, LotKind
from jichitai.registry.models.certificates import (
    CLOSED_KINDS,
    MAX_COPIES,
    ActingCertifier,
    CertificateKind,
    CertificateRequester,
    IdentityCheck,
    IssuedCertificate,
    IssuedCertificateSubject,
    MunicipalitySigningKey,
)
from jichitai.registry.models.changes import (
    CANCELLATION_CODES,
    CANCELLATION_TYPES,
    CHANGE_CATEGORIES,
    LEGACY_CHANGE_LABELS,
    NOTIFICATION_PERIOD_DAYS,
    STANDARD_REASONS,
    Change,
    ChangeBasis,
    ChangeCategory,
    ChangeType,
    PlannedHeadChange,
    ResidentHistory,
    StandardReason,
)
from jichitai.registry.models.memos import MEMO_MAX_LENGTH, ResidentMemo, ResidentMemoRevision
from jichitai.registry.models.moves_between_municipalities import MoveOutCertificate
from jichitai.registry.models.network_outbox import (
    NetworkMessage,
    NetworkMessageKind,
    ResidentCertificateSerial,
    ResidentCodeStock,
)
from jichitai.registry.models.remarks import (
    FIXED_WORDS,
    REMARK_MAX_LENGTH,
    RemarkKind,
    ResidentRemark,
)
from jichitai.registry.models.residents import (
    BIRTH_DATE_FORMS,
    DOMICILE_NONE,
    DOMICILE_UNKNOWN,
    DOMICILE_WORDS,
    ELECTORAL_AGE,
    ELECTORAL_RESIDENCE_MONTHS,
    HEAD,
    SEARCH_KEYS,
    CardStatus,
    ForeignCategory,
    Household,
    NumberSequence,
    PensionCategory,
    Resident,
    ResidentStatus,
    ResidentType,
    Sex,
    living,
)
from jichitai.registry.models.search import (
    ResidentSearchKey,
    SearchHistoryEntry,
    SearchKeyKind,
)
from jichitai.registry.models.support_measures import (
    RELATIVES_MAX,
    SupportMeasure,
    SupportMeasurePerson,
    SupportMeasureRelease,
)
from jichitai.registry.models.workplaces import InputPlace, InputTerminal

__all__ = [
    "BIRTH_DATE_FORMS",
    "CANCELLATION_CODES",
    "CANCELLATION_TYPES",
    "CHANGE_CATEGORIES",
    "CLOSED_KINDS",
    "DOMICILE_NONE",
    "DOMICILE_UNKNOWN",
    "DOMICILE_WORDS",
    "ELECTORAL_AGE",
    "ELECTORAL_RESIDENCE_MONTHS",
    "FIXED_WORDS",
    "HEAD",
    "LEGACY_CHANGE_LABELS",
    "MAX_COPIES",
    "MEMO_MAX_LENGTH",
    "NOTIFICATION_PERIOD_DAYS",
    "RELATIVES_MAX",
    "REMARK_MAX_LENGTH",
    "SEARCH_KEYS",
    "STANDARD_REASONS",
    "ActingCertifier",
    "AddressArea",
    "AddressLot",
    "BuildingName",
    "CardStatus",
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
    "IssuedCertificateSubject",
    "LotKind",
    "MoveOutCertificate",
    "MunicipalitySigningKey",
    "NetworkMessage",
    "NetworkMessageKind",
    "NumberSequence",
    "PensionCategory",
    "PlannedHeadChange",
    "RemarkKind",
    "Resident",
    "ResidentCertificateSerial",
    "ResidentCodeStock",
    "ResidentHistory",
    "ResidentMemo",
    "ResidentMemoRevision",
    "ResidentRemark",
    "ResidentSearchKey",
    "ResidentStatus",
    "ResidentType",
    "SearchHistoryEntry",
    "SearchKeyKind",
    "Sex",
    "StandardReason",
    "SupportMeasure",
    "SupportMeasurePerson",
    "SupportMeasureRelease",
    "living",
]
