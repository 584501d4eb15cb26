"""The pathway templates the network ships with: the paperwork of a newcomer in Spain, as data.

``acollida cases load-pathways`` writes them as network-wide templates (no organisation), creating
or updating each by its code; coordinators copy one into their organisation to adapt it. Days count
from the anchor named in ``acollida.cases.deadlines``; a negative number with ``expiry`` is before
the document expires. The texts are marked for translation and stored in the site's language.

General knowledge of the procedures, written down for a start: a legal adviser should check each
template before the network relies on it (the legal basis names where to look).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from acollida.cases.deadlines import EXPIRY, NONE, PREVIOUS, START

YEAR = 365


@dataclass(frozen=True)
class StepSeed:
    name: Any
    anchor: str = NONE
    days: int = 0
    remind: int = 7
    documents: tuple[Any, ...] = ()
    description: Any = ""


@dataclass(frozen=True)
class PathwaySeed:
    code: str
    name: Any
    legal_basis: str
    description: Any
    steps: tuple[StepSeed, ...] = field(default_factory=tuple)


PASSPORT = _("Passport or other identity document")
PADRON_CERTIFICATE = _("Padrón certificate (certificado de empadronamiento)")
CRIMINAL_RECORD = _(
    "Criminal record certificate of the countries lived in over the last five years, "
    "legalised or apostilled and translated (usually valid for three months)"
)
FEE_790 = _("Fee form 790 code 052 paid at a bank")
TIE_FORM = _("Form EX-17 (TIE) and a recent passport photo")

# Steps shared by the arraigo routes (regulation in force since 20 May 2025).
ARRAIGO_STAY = StepSeed(
    _("Check two years of continuous stay in Spain"),
    START,
    14,
    description=_("Absences may not add up to more than 90 days. The padrón history is the usual proof."),
    documents=(_("Historical padrón certificate (certificado histórico de empadronamiento)"), PASSPORT),
)
ARRAIGO_RECORD = StepSeed(
    _("Ask for the criminal record certificates"),
    START,
    30,
    remind=10,
    documents=(CRIMINAL_RECORD,),
)
ARRAIGO_APPLY = StepSeed(
    _("Submit the application to the foreigners' office"),
    PREVIOUS,
    30,
    documents=(_("Form EX-10"), PASSPORT, FEE_790),
    description=_("Submit before the criminal record certificate is three months old."),
)
ARRAIGO_DECISION = StepSeed(
    _("Decision on the application (three months; no answer means refusal)"),
    PREVIOUS,
    90,
)
ARRAIGO_TIE = StepSeed(
    _("Apply for the TIE within one month of the grant"),
    PREVIOUS,
    30,
    documents=(TIE_FORM, _("The resolution granting the authorisation")),
    description=_("Register with Social Security within one month where the permit lets the person work."),
)


def _arraigo(code: str, name: Any, requirement: StepSeed, note: Any) -> PathwaySeed:
    return PathwaySeed(
        code=code,
        name=name,
        legal_basis="Ley Orgánica 4/2000, art. 31.3; Real Decreto 1155/2024, arts. 124-127",
        description=note,
        steps=(ARRAIGO_STAY, ARRAIGO_RECORD, requirement, ARRAIGO_APPLY, ARRAIGO_DECISION, ARRAIGO_TIE),
    )


PATHWAYS: tuple[PathwaySeed, ...] = (
    PathwaySeed(
        code="padron",
        name=_("Padrón registration (empadronamiento)"),
        legal_basis="Ley 7/1985 de Bases del Régimen Local, arts. 15-17; Real Decreto 1690/1986",
        description=_(
            "Registration in the municipal register where the person lives, open to everyone whatever "
            "their legal status: the gateway to health care and schooling, and proof of time in Spain."
        ),
        steps=(
            StepSeed(
                _("Gather proof of identity and address"),
                START,
                7,
                remind=2,
                documents=(
                    PASSPORT,
                    _("Rental contract, deed, or the householder's authorisation with their ID"),
                    _("For children: birth certificate or family book"),
                ),
                description=_("Without a fixed address, the social services can register the person."),
            ),
            StepSeed(_("Ask for an appointment at the register office"), PREVIOUS, 7, remind=2),
            StepSeed(
                _("Register and collect the padrón certificate"),
                PREVIOUS,
                30,
                documents=(_("Registration form (hoja padronal) signed by every adult"),),
            ),
        ),
    ),
    PathwaySeed(
        code="padron-renewal",
        name=_("Padrón renewal (every two years)"),
        legal_basis="Ley 7/1985 de Bases del Régimen Local, art. 16.1; Resolución de 29 de abril de 2020",
        description=_(
            "Non-EU residents without long-term residence renew their registration every two years, "
            "or it lapses. Enter the date the registration lapses as the document's expiry."
        ),
        steps=(
            StepSeed(_("Ask for the renewal appointment"), EXPIRY, -60, remind=14),
            StepSeed(
                _("Renew the registration at the register office"),
                EXPIRY,
                -7,
                remind=21,
                documents=(PASSPORT,),
                description=_(
                    "After the expiry the registration lapses and the time in Spain stops counting."
                ),
            ),
        ),
    ),
    PathwaySeed(
        code="health-card",
        name=_("Health card (SIP card)"),
        legal_basis="Real Decreto-ley 7/2018 on universal access to the National Health System",
        description=_(
            "The Valencian health card (SIP), asked for at the health centre of the district; people "
            "without a residence permit have the right to health care too."
        ),
        steps=(
            StepSeed(
                _("Gather the documents"),
                START,
                7,
                remind=2,
                documents=(PASSPORT, PADRON_CERTIFICATE),
            ),
            StepSeed(
                _("Apply at the health centre"),
                PREVIOUS,
                14,
                documents=(_("Application for health care of people without residence, where it applies"),),
            ),
            StepSeed(_("Collect the SIP card"), PREVIOUS, 30),
        ),
    ),
    PathwaySeed(
        code="nie-tie",
        name=_("NIE and foreigner identity card (TIE)"),
        legal_basis="Ley Orgánica 4/2000, art. 4; Real Decreto 1155/2024 (identity documents)",
        description=_(
            "The NIE is the foreigner's identity number; the TIE is the card. The card is asked for within "
            "one month of the authorisation taking effect or of entering Spain with the visa."
        ),
        steps=(
            StepSeed(_("Ask for the fingerprinting appointment (cita previa)"), START, 7, remind=3),
            StepSeed(
                _("Pay the fee"),
                PREVIOUS,
                7,
                remind=2,
                documents=(_("Fee form 790 code 012 paid at a bank"),),
            ),
            StepSeed(
                _("Fingerprinting at the police station"),
                START,
                30,
                documents=(TIE_FORM, PASSPORT, PADRON_CERTIFICATE, _("The resolution or the visa")),
            ),
            StepSeed(_("Collect the card"), PREVIOUS, 45),
        ),
    ),
    PathwaySeed(
        code="tie-renewal",
        name=_("Residence card renewal"),
        legal_basis="Ley Orgánica 4/2000, art. 31; Real Decreto 1155/2024 (renewals)",
        description=_(
            "A renewal can be asked for in the 60 days before the card expires and up to 90 days after; "
            "asking before the expiry avoids a fine. Enter the card's expiry date."
        ),
        steps=(
            StepSeed(
                _("Apply for the renewal"),
                EXPIRY,
                0,
                remind=60,
                documents=(_("Form EX-01 or the form of the permit held"), PASSPORT, FEE_790),
            ),
            StepSeed(
                _("Fingerprinting for the new card"),
                PREVIOUS,
                60,
                documents=(TIE_FORM, _("The renewal resolution")),
            ),
            StepSeed(_("Collect the new card"), PREVIOUS, 45),
        ),
    ),
    PathwaySeed(
        code="international-protection",
        name=_("International protection (asylum)"),
        legal_basis="Ley 12/2009 reguladora del derecho de asilo y de la protección subsidiaria; "
        "Real Decreto 203/1995",
        description=_(
            "From the wish to apply to the decision. The wish is expressed within one month of arriving. "
            "Asylum is a state power: the Office of Asylum and Refuge decides."
        ),
        steps=(
            StepSeed(
                _("Express the wish to apply and get the appointment"),
                START,
                30,
                remind=10,
                description=_(
                    "At the police station or the foreigners' office; the receipt protects from expulsion."
                ),
                documents=(PASSPORT,),
            ),
            StepSeed(
                _("Formal application and interview"),
                PREVIOUS,
                30,
                documents=(PASSPORT, _("Any evidence of persecution, translated where possible")),
            ),
            StepSeed(
                _("Referral to the state reception system (first phase)"),
                PREVIOUS,
                14,
            ),
            StepSeed(
                _("Applicant's card (red card) issued after admission"),
                PREVIOUS,
                30,
                documents=(_("Admission for processing"), _("Passport photo")),
            ),
            StepSeed(
                _("Right to work: six months after the application"),
                PREVIOUS,
                183,
                remind=14,
                description=_("The card is endorsed to work six months after the application was made."),
            ),
            StepSeed(_("Decision on the application"), NONE),
        ),
    ),
    PathwaySeed(
        code="asylum-card-renewal",
        name=_("Asylum applicant's card (red card) renewal"),
        legal_basis="Ley 12/2009, art. 18; Real Decreto 203/1995, art. 13",
        description=_(
            "The applicant's card is renewed periodically until the decision; a card that lapses can cost "
            "the person their rights. Enter the card's expiry date."
        ),
        steps=(
            StepSeed(_("Ask for the renewal appointment"), EXPIRY, -45, remind=15),
            StepSeed(
                _("Renew the card at the police station"),
                EXPIRY,
                0,
                remind=14,
                documents=(_("The current card"), _("Passport photo"), PADRON_CERTIFICATE),
            ),
        ),
    ),
    _arraigo(
        "arraigo-social",
        _("Arraigo: social roots"),
        StepSeed(
            _("Ask for the social-integration report (informe de inserción social)"),
            START,
            30,
            documents=(PADRON_CERTIFICATE, _("Proof of means, or a job offer, or family ties")),
            description=_("The regional or municipal administration issues it; it has 30 days."),
        ),
        _("Two years of stay, a clean record and family ties or an integration report."),
    ),
    _arraigo(
        "arraigo-sociolaboral",
        _("Arraigo: socio-labour roots"),
        StepSeed(
            _("Gather the employment contracts"),
            START,
            30,
            documents=(_("Employment contract(s) at least at the minimum wage for the hours worked"),),
        ),
        _("Two years of stay, a clean record and one or more employment contracts."),
    ),
    _arraigo(
        "arraigo-socioformativo",
        _("Arraigo: socio-training roots"),
        StepSeed(
            _("Enrol in an eligible training course"),
            START,
            30,
            documents=(_("Enrolment certificate of the training course"),),
            description=_("Regulated training, employment training or a recognised qualification course."),
        ),
        _("Two years of stay, a clean record and enrolment in training."),
    ),
    _arraigo(
        "arraigo-familiar",
        _("Arraigo: family roots"),
        StepSeed(
            _("Prove the family tie"),
            START,
            30,
            documents=(_("Birth or marriage certificate, legalised and translated"),),
            description=_(
                "Parent, partner or relative of a Spanish or EU national, as the regulation lists."
            ),
        ),
        _("Family members of Spanish nationals; no minimum stay for some ties."),
    ),
    _arraigo(
        "arraigo-second-chance",
        _("Arraigo: second chance"),
        StepSeed(
            _("Prove the previous residence permit"),
            START,
            30,
            documents=(_("The previous card or resolution (held in the last two years)"),),
        ),
        _("People who held a residence permit in the last two years and lost it."),
    ),
    PathwaySeed(
        code="housing-adequacy",
        name=_("Housing-adequacy report"),
        legal_basis="Ley Orgánica 4/2000, art. 18.2; Real Decreto 1155/2024 (family reunification)",
        description=_(
            "The municipality certifies that the home is adequate for the family to be reunited; it has "
            "30 days to issue the report."
        ),
        steps=(
            StepSeed(
                _("Ask the municipality for the report"),
                START,
                7,
                documents=(
                    PASSPORT,
                    _("Rental contract or deed"),
                    PADRON_CERTIFICATE,
                    _("Floor plan or description of the home, if asked"),
                ),
            ),
            StepSeed(_("Inspection visit of the home"), PREVIOUS, 21),
            StepSeed(_("Report issued"), PREVIOUS, 30),
        ),
    ),
    PathwaySeed(
        code="nationality-residence",
        name=_("Nationality by residence"),
        legal_basis="Código Civil, arts. 21-23; Ley 19/2015; Real Decreto 1004/2015",
        description=_(
            "Ten years of legal residence in general, five for refugees, two for nationals of "
            "Ibero-American countries, Andorra, the Philippines, Equatorial Guinea and Portugal, one in "
            "special cases. Language (DELE A2) and constitutional-knowledge (CCSE) exams."
        ),
        steps=(
            StepSeed(
                _("Check the years of legal and continuous residence"),
                START,
                14,
                documents=(_("Residence card(s) covering the period"), PADRON_CERTIFICATE),
            ),
            StepSeed(
                _("Pass the DELE A2 exam (exempt for Spanish-speaking countries)"),
                START,
                180,
                remind=30,
            ),
            StepSeed(_("Pass the CCSE exam"), START, 180, remind=30),
            StepSeed(
                _("Gather the civil documents"),
                START,
                240,
                remind=30,
                documents=(
                    _("Birth certificate, legalised or apostilled and translated"),
                    CRIMINAL_RECORD,
                    _("Spanish criminal record certificate"),
                ),
            ),
            StepSeed(
                _("Submit the application (online or at the civil registry)"),
                PREVIOUS,
                60,
                documents=(_("Fee form 790 code 026 paid"), PASSPORT),
            ),
            StepSeed(_("Decision notified"), NONE),
            StepSeed(
                _("Oath and registration at the civil registry (within 180 days of the notice)"),
                PREVIOUS,
                180,
                remind=30,
                description=_("The grant lapses if the oath is not taken within 180 days."),
            ),
        ),
    ),
    PathwaySeed(
        code="family-reunification",
        name=_("Family reunification"),
        legal_basis="Ley Orgánica 4/2000, arts. 16-19; Real Decreto 1155/2024 (family reunification)",
        description=_(
            "A resident of at least one year, with a permit for one more, brings family members: "
            "housing, means and health cover to prove."
        ),
        steps=(
            StepSeed(_("Housing-adequacy report"), START, 60, remind=14),
            StepSeed(
                _("Proof of means and health cover"),
                START,
                60,
                documents=(_("Payslips, contract or bank statements"), _("Health cover for the family")),
            ),
            StepSeed(
                _("Documents of the family members"),
                START,
                90,
                documents=(
                    _("Passports of the family members"),
                    _("Birth and marriage certificates, legalised and translated"),
                ),
            ),
            StepSeed(
                _("Submit the application at the foreigners' office"),
                START,
                120,
                documents=(_("Form EX-02"), FEE_790),
            ),
            StepSeed(_("Decision (45 days; no answer means refusal)"), PREVIOUS, 45),
            StepSeed(_("The family member applies for the visa within two months"), PREVIOUS, 60, remind=14),
            StepSeed(_("Apply for the family member's TIE within one month of entry"), NONE),
        ),
    ),
)


DEMO_CODES = (
    "padron",
    "padron-renewal",
    "health-card",
    "international-protection",
    "asylum-card-renewal",
    "tie-renewal",
    "arraigo-social",
    "nationality-residence",
)


def load_demo_pathways(cases: list[Any], *, rng: Any, today: Any, share: float = 0.35) -> int:
    """Start a network pathway on about ``share`` of the demo ``cases`` (bulk inserts, like the
    rest of the demo), some steps already done, so My deadlines and its badge have work in them.
    Returns how many pathways were started."""
    from datetime import timedelta

    from acollida.cases import deadlines
    from acollida.cases.models import CasePathway, CasePathwayStep, PathwayTemplate

    templates = {
        t.code: t
        for t in PathwayTemplate.objects.filter(
            organisation__isnull=True, code__in=DEMO_CODES
        ).prefetch_related("steps")
    }
    if not templates:
        return 0
    chosen: list[tuple[Any, Any]] = []
    for case in cases:
        if case.responsible_id and rng.random() < share:
            chosen.append((case, templates[rng.choice(sorted(templates))]))
    pathways = [
        CasePathway(
            case=case,
            template=template,
            name=template.name,
            started_on=today - timedelta(days=rng.randint(0, 60)),
            document_expires_on=today + timedelta(days=rng.randint(5, 120)),
            created_by_id=case.responsible_id,
        )
        for case, template in chosen
    ]
    CasePathway.objects.bulk_create(pathways)
    steps: list[CasePathwayStep] = []
    for pathway, (_case, template) in zip(pathways, chosen, strict=True):
        sources = list(template.steps.all())
        done = rng.randint(0, max(0, len(sources) - 1))
        states = []
        for index, source in enumerate(sources):
            done_on = (
                min(today, pathway.started_on + timedelta(days=3 * (index + 1))) if index < done else None
            )
            states.append(
                deadlines.StepState(
                    source.deadline_anchor,
                    source.deadline_days,
                    deadlines.DONE if done_on else deadlines.PENDING,
                    done_on,
                )
            )
        dates = deadlines.due_dates(
            states, started_on=pathway.started_on, document_expires_on=pathway.document_expires_on
        )
        for order, (source, state, due_on) in enumerate(zip(sources, states, dates, strict=True), start=1):
            steps.append(
                CasePathwayStep(
                    pathway=pathway,
                    order=order,
                    name=source.name,
                    description=source.description,
                    required_documents=source.required_documents,
                    deadline_anchor=source.deadline_anchor,
                    deadline_days=source.deadline_days,
                    remind_days_before=source.remind_days_before,
                    due_on=due_on,
                    status=state.status,
                    done_on=state.done_on,
                    done_by_id=pathway.created_by_id if state.done_on else None,
                )
            )
    CasePathwayStep.objects.bulk_create(steps)
    return len(pathways)
