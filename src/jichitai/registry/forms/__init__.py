"""Forms of the staff pages of the register: they parse what a clerk typed, nothing more.

The rules (dates, 続柄, numbers, the head of household…) live in the services; their errors
come back through `add_domain_error` and are shown next to the field they name.

By page: `search`, `people` (転入届, 出生届), `households` (届出 on a household's members),
`residents` (one record); `common` holds the shared fields and RegistryForm. Views use
`from jichitai.registry import forms` and `forms.<Name>`.
"""

from __future__ import annotations

from jichitai.registry.forms.common import (
    DATE_HELP,
    RELATIONSHIP_HELP,
    AddressFields,
    ChangeForm,
    DateTextField,
    DateTextInput,
    PostalCodeField,
    RegistryForm,
    add_domain_error,
    date_text,
)
from jichitai.registry.forms.households import (
    HeadChangeForm,
    MembersForm,
    MoveWithinForm,
    RemovalForm,
    SplitForm,
    TransferForm,
)
from jichitai.registry.forms.people import (
    ENTRY_CHOICES,
    MAX_PEOPLE,
    BasePeopleFormSet,
    BirthForm,
    MoveInForm,
    MoveInFromCertificateForm,
    PersonForm,
    people_formset,
)
from jichitai.registry.forms.residents import (
    CORRECTION_CHOICES,
    CORRECTION_ORDER,
    AliasForm,
    CancelForm,
    CorrectionChoiceForm,
    CorrectionForm,
    FormerSurnameForm,
    MemoForm,
    MyNumberChangeForm,
    MyNumberRequestForm,
    NameChangeForm,
    NationalityLossForm,
    NaturalisationForm,
    RemarkForm,
    ResidentCodeChangeForm,
    RevealForm,
)
from jichitai.registry.forms.search import (
    AsOfForm,
    CharactersForm,
    SearchForm,
    search_condition_text,
    search_form_data,
)
from jichitai.registry.forms.support_measures import (
    SupportMeasureEndForm,
    SupportMeasureStartForm,
    SupportMeasureUpdateForm,
)
from jichitai.registry.forms.workplaces import WorkplaceForm

__all__ = [
    "CORRECTION_CHOICES",
    "CORRECTION_ORDER",
    "DATE_HELP",
    "ENTRY_CHOICES",
    "MAX_PEOPLE",
    "RELATIONSHIP_HELP",
    "AddressFields",
    "AliasForm",
    "AsOfForm",
    "BasePeopleFormSet",
    "BirthForm",
    "CancelForm",
    "ChangeForm",
    "CharactersForm",
    "CorrectionChoiceForm",
    "CorrectionForm",
    "DateTextField",
    "DateTextInput",
    "FormerSurnameForm",
    "HeadChangeForm",
    "MembersForm",
    "MemoForm",
    "MoveInForm",
    "MoveInFromCertificateForm",
    "MoveWithinForm",
    "MyNumberChangeForm",
    "MyNumberRequestForm",
    "NameChangeForm",
    "NationalityLossForm",
    "NaturalisationForm",
    "PersonForm",
    "PostalCodeField",
    "RegistryForm",
    "RemarkForm",
    "RemovalForm",
    "ResidentCodeChangeForm",
    "RevealForm",
    "SearchForm",
    "SplitForm",
    "SupportMeasureEndForm",
    "SupportMeasureStartForm",
    "SupportMeasureUpdateForm",
    "TransferForm",
    "WorkplaceForm",
    "add_domain_error",
    "date_text",
    "people_formset",
    "search_condition_text",
    "search_form_data",
]
