"""The council secretary drafts a participatory plan process: the process (title, dates, status)
and its sections, with their texts in the original language plus translations (``<field>_i18n``)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.council.models import Body, PlanProcess, PlanProcessStatus, PlanSection

if TYPE_CHECKING:
    from acollida.core.policy import AnyUser


def _clean_translations(values: dict[str, str] | None) -> dict[str, str]:
    return {code: text.strip() for code, text in (values or {}).items() if text and text.strip()}


@transaction.atomic
def plan_process_save(
    *,
    actor: AnyUser,
    body: Body,
    slug: str,
    title: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    title_i18n: dict[str, str] | None = None,
    process: PlanProcess | None = None,
) -> PlanProcess:
    """Create a plan process of ``body``, or edit ``process``."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    if opens_on is not None and closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The process cannot close before it opens.")})
    target = process or PlanProcess(body=body)
    target.slug = slug.strip()
    target.title = title.strip()
    target.title_i18n = _clean_translations(title_i18n)
    target.opens_on = opens_on
    target.closes_on = closes_on
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def plan_process_set_status(*, actor: AnyUser, process: PlanProcess, status: str) -> PlanProcess:
    """Open the process to comments, or close it."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    if status not in PlanProcessStatus.values:
        raise ValidationError({"status": _("Choose to open or to close the process.")})
    process.status = status
    process.full_clean()
    process.save(update_fields=["status"])
    return process


@transaction.atomic
def plan_section_save(
    *,
    actor: AnyUser,
    process: PlanProcess,
    title: str,
    text: str,
    title_i18n: dict[str, str] | None = None,
    text_i18n: dict[str, str] | None = None,
    section: PlanSection | None = None,
) -> PlanSection:
    """Add a section at the end of ``process``, or edit ``section``."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    if section is None:
        last = process.sections.order_by("-order").values_list("order", flat=True).first()
        section = PlanSection(process=process, order=(last or 0) + 1)
    section.title = title.strip()
    section.text = text.strip()
    section.title_i18n = _clean_translations(title_i18n)
    section.text_i18n = _clean_translations(text_i18n)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def plan_section_move(*, actor: AnyUser, section: PlanSection, up: bool) -> None:
    """Swap ``section`` with its neighbour above (``up``) or below; the ends stay put. Orders are
    renumbered 1..n first so equal or gapped orders move predictably."""
    policy.require(actor, policy.Perm.MANAGE_COUNCIL)
    sections = list(
        PlanSection.objects.select_for_update().filter(process_id=section.process_id).order_by("order", "pk")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
