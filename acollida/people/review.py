"""The duplicate review queue: the nightly scan fills it, coordinators decide, merges can be undone.

The machine never merges: ``scan_duplicates`` only records candidate pairs. A coordinator who
coordinates at both holding organisations merges (``merge``) or marks "not the same person"
(``mark_not_same``), which is never asked again. A merge moves names, documents, nationalities,
languages, household places and the photo (when the survivor has none) to the surviving record,
remembers exactly what it moved, and ``merge_undo`` puts everything back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.core.policy import Perm
from acollida.people.linkage import find_duplicates
from acollida.people.models import (
    DuplicateCandidate,
    HouseholdMember,
    IdentityDocument,
    Merge,
    Nationality,
    Person,
    PersonName,
    PersonPhoto,
    SpokenLanguage,
)
from acollida.people.selectors import person_record
from acollida.people.services import person_keys_refresh

MOVABLE: dict[str, Any] = {
    "names": PersonName,
    "documents": IdentityDocument,
    "nationalities": Nationality,
    "languages": SpokenLanguage,
    "households": HouseholdMember,
    # One photo per person: it moves only when the survivor has none (see ``merge``).
    "photos": PersonPhoto,
}


TRIGRAM_NEIGHBOURS = 5
TRIGRAM_MIN_SIMILARITY = 0.3  # short consonant skeletons: a typo in each word is about 0.375


def trigram_pairs(person_ids: list[int]) -> set[tuple[str, str]]:
    """On PostgreSQL, each given person with the few persons whose whole name is nearest by
    trigram distance (``pg_trgm``): pairs that no blocking key brings together, such as a typo in
    every name word. One query; empty elsewhere."""
    if connection.vendor != "postgresql" or not person_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k.person_id, n.person_id FROM people_personkey k CROSS JOIN LATERAL ("
            "  SELECT o.person_id, substr(o.key, 3) <-> substr(k.key, 3) AS distance"
            "  FROM people_personkey o WHERE o.key LIKE 't:%%' AND o.person_id <> k.person_id"
            "  ORDER BY substr(o.key, 3) <-> substr(k.key, 3) LIMIT %s"
            ") n WHERE k.key LIKE 't:%%' AND k.person_id = ANY(%s) AND n.distance <= %s",
            [TRIGRAM_NEIGHBOURS, person_ids, 1 - TRIGRAM_MIN_SIMILARITY],
        )
        return {(str(a), str(b)) for a, b in cursor.fetchall()}


def scan_duplicates(*, batch_size: int = 2000, trigram_days: int | None = 2) -> dict[str, int]:
    """Scan every active person across organisations and file new candidate pairs for review.

    Blocking keys compare everyone; on PostgreSQL, persons created or changed in the last
    ``trigram_days`` days (``None``: everyone) are also compared with their trigram neighbours.
    Pairs already decided ("not the same", merged) are left as they are; open pairs get their
    score refreshed.
    """
    persons = (
        Person.objects.active()
        .prefetch_related("nationalities")
        .only(
            "pk",
            "given_name",
            "family_name",
            "date_of_birth",
            "date_of_birth_precision",
            "sex",
            "phone",
            "address",
        )
    )
    records = [person_record(p) for p in persons.iterator(chunk_size=batch_size)]
    documents: dict[str, str] = {}
    for person_id, digest in IdentityDocument.objects.values_list("person_id", "number_hash"):
        documents.setdefault(str(person_id), digest)
    # Keyed hashes compare exactly as the numbers they stand for.
    records = [replace(r, document_number=documents.get(r.id, "")) for r in records]
    recent = Person.objects.active()
    if trigram_days is not None:
        recent = recent.filter(updated_at__gte=timezone.now() - timedelta(days=trigram_days))
    neighbours = (
        trigram_pairs(list(recent.values_list("pk", flat=True)))
        if connection.vendor == "postgresql" and trigram_days != 0
        else set()
    )
    pairs = find_duplicates(records, extra_pairs=neighbours)
    existing = {
        (a, b): (pk, status)
        for pk, a, b, status in DuplicateCandidate.objects.values_list(
            "pk", "person_a_id", "person_b_id", "status"
        )
    }
    new: list[DuplicateCandidate] = []
    refreshed = 0
    for pair in pairs:
        a, b = sorted((int(pair.id_a), int(pair.id_b)))
        explanation = {"levels": pair.explanation.levels, "weights": pair.explanation.weights}
        found = existing.get((a, b))
        if found is None:
            new.append(
                DuplicateCandidate(
                    person_a_id=a,
                    person_b_id=b,
                    score=pair.probability,
                    decision=pair.decision,
                    explanation=explanation,
                )
            )
        elif found[1] == DuplicateCandidate.Status.OPEN:
            DuplicateCandidate.objects.filter(pk=found[0]).update(
                score=pair.probability, decision=pair.decision, explanation=explanation
            )
            refreshed += 1
    DuplicateCandidate.objects.bulk_create(new, batch_size=batch_size)
    return {
        "scanned": len(records),
        "neighbours": len(neighbours),
        "pairs": len(pairs),
        "new": len(new),
        "refreshed": refreshed,
    }


def candidates_for(user: Any) -> Any:
    """Open pairs where at least one person is held by an organisation the user coordinates."""
    coordinated = policy.organisation_ids_with(user, Perm.COORDINATE)
    if not coordinated:
        return DuplicateCandidate.objects.none()
    return (
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
        .filter(Q(person_a__organisation_id__in=coordinated) | Q(person_b__organisation_id__in=coordinated))
        .exclude(Q(person_a__is_protected=True) | Q(person_b__is_protected=True))
        .select_related("person_a__organisation", "person_b__organisation")
    )


def _require_both(actor: User, candidate: DuplicateCandidate) -> None:
    coordinated = policy.organisation_ids_with(actor, Perm.COORDINATE)
    holders = {candidate.person_a.organisation_id, candidate.person_b.organisation_id}
    if not holders <= coordinated:
        raise PermissionDenied


@transaction.atomic
def mark_not_same(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Record that the two are different people; the pair is never proposed again."""
    coordinated = policy.organisation_ids_with(actor, Perm.COORDINATE)
    if not {candidate.person_a.organisation_id, candidate.person_b.organisation_id} & coordinated:
        raise PermissionDenied
    candidate.status = DuplicateCandidate.Status.NOT_SAME
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    return candidate


@transaction.atomic
def merge(*, actor: User, candidate: DuplicateCandidate, survivor: Person) -> Merge:
    """Merge the other record of the pair into ``survivor``, keeping both records and their history."""
    _require_both(actor, candidate)
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise ValidationError({"candidate": _("This pair has already been decided.")})
    if survivor.pk not in {candidate.person_a_id, candidate.person_b_id}:
        raise ValidationError({"survivor": _("Choose one of the two records to keep.")})
    merged = candidate.person_b if survivor.pk == candidate.person_a_id else candidate.person_a
    if merged.merged_into_id or survivor.merged_into_id:
        raise ValidationError({"candidate": _("One of these records was merged already.")})
    moved: dict[str, list[int]] = {}
    for label, model in MOVABLE.items():
        ids = list(model.objects.filter(person=merged).values_list("pk", flat=True))
        if label == "nationalities":
            have = set(Nationality.objects.filter(person=survivor).values_list("country", flat=True))
            ids = list(
                Nationality.objects.filter(pk__in=ids).exclude(country__in=have).values_list("pk", flat=True)
            )
        if label == "languages":
            have = set(SpokenLanguage.objects.filter(person=survivor).values_list("language", flat=True))
            ids = list(
                SpokenLanguage.objects.filter(pk__in=ids)
                .exclude(language__in=have)
                .values_list("pk", flat=True)
            )
        if label == "photos" and PersonPhoto.objects.filter(person=survivor).exists():
            ids = []  # the survivor keeps its own photo; the other stays with the merged record
        model.objects.filter(pk__in=ids).update(person=survivor)
        moved[label] = ids
    alias = PersonName.objects.create(
        person=survivor,
        name=f"{merged.given_name} {merged.family_name}".strip(),
        kind=PersonName.Kind.SPELLING,
    )
    moved["alias"] = [alias.pk]
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into"])
    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    record = Merge.objects.create(
        survivor=survivor, merged=merged, candidate=candidate, moved=moved, merged_by=actor
    )
    person_keys_refresh(person=survivor)
    person_keys_refresh(person=merged)
    return record


@transaction.atomic
def merge_undo(*, actor: User, merge_record: Merge) -> Merge:
    """Put back everything the merge moved; the pair returns to the queue."""
    if merge_record.undone_at is not None:
        raise ValidationError({"merge": _("This merge has already been undone.")})
    coordinated = policy.organisation_ids_with(actor, Perm.COORDINATE)
    if not {merge_record.survivor.organisation_id, merge_record.merged.organisation_id} <= coordinated:
        raise PermissionDenied
    for label, model in MOVABLE.items():
        ids = merge_record.moved.get(label, [])
        if label == "photos" and PersonPhoto.objects.filter(person=merge_record.merged).exists():
            ids = []  # a photo taken since for the merged record stays; the moved one stays too
        model.objects.filter(pk__in=ids).update(person=merge_record.merged)
    PersonName.objects.filter(pk__in=merge_record.moved.get("alias", [])).delete()
    Person.objects.filter(pk=merge_record.merged_id).update(merged_into=None)
    if merge_record.candidate_id:
        DuplicateCandidate.objects.filter(pk=merge_record.candidate_id).update(
            status=DuplicateCandidate.Status.OPEN, decided_by=None, decided_at=None
        )
    merge_record.undone_at = timezone.now()
    merge_record.undone_by = actor
    merge_record.save(update_fields=["undone_at", "undone_by"])
    person_keys_refresh(person=merge_record.survivor)
    person_keys_refresh(person=Person.objects.get(pk=merge_record.merged_id))
    return merge_record
