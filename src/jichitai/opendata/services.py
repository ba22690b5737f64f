"""Writes of open data: publishing a validated file as the next version of a dataset."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jichitai.audit.services import audit_record
from jichitai.common.actors import Actor
from jichitai.opendata.errors import LicenceInvalid, PublicationRefused
from jichitai.opendata.models import Licence, Publication
from jichitai.opendata.validation import file_validate
from jichitai.tenants.models import Municipality


@transaction.atomic
def publication_publish(
    *,
    municipality_code: str,
    dataset_key: str,
    data: bytes,
    filename: str,
    licence: str,
    actor: Actor,
) -> Publication:
    """公開 (publish): validate the file against the dataset and, when it has no error, store
    its records as the dataset's next version. Warnings are published with the count.

    Raises: PublicationRefused (errors left), LicenceInvalid, and what file_validate raises
    (FileTooLarge, FileUnreadable, DatasetNotFound).
    """
    if licence not in Licence.values:
        raise LicenceInvalid()
    report = file_validate(data, filename=filename, dataset_key=dataset_key)
    if not report.publishable:
        raise PublicationRefused(error_count=len(report.errors))
    # The municipality's row serialises two publications of the same dataset: each gets its
    # own version number instead of one failing on the unique constraint.
    municipality = Municipality.objects.select_for_update().get(pk=municipality_code)
    latest = Publication.objects.filter(
        municipality=municipality, dataset_key=dataset_key
    ).aggregate(latest=Max("version"))["latest"]
    publication = Publication.objects.create(
        municipality=municipality,
        dataset_key=dataset_key,
        version=(latest or 0) + 1,
        licence=licence,
        records=report.records,
        record_count=len(report.records),
        warning_count=len(report.warnings),
        published_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="opendata.publish",
        municipality_code=municipality.lg_code,
        object_type="opendata.publication",
        object_id=publication.pk,
        detail={
            "version": publication.version,
            "records": publication.record_count,
            "warnings": publication.warning_count,
        },
    )
    return publication
