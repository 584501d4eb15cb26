"""Demo council for ``acollida demo``: a Local Council on Immigration and Interculturality shaped
like Valencia's (81 seats and two observer associations), with the over-representation of NGOs its
critics point to, so the representation gap shows on the composition page.

Every person and organisation is fictitious. Written directly (the demo loads in seconds); safe to
repeat: nothing is added once the demo council exists.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from acollida.council.models import (
    Advice,
    AdviceStatus,
    AgendaItem,
    Ballot,
    BallotChoice,
    Body,
    CouncilOrganisation,
    Declaration,
    DissentingOpinion,
    Gender,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Member,
    Minutes,
    MinutesStatus,
    PlanComment,
    PlanCommentKind,
    PlanCommentStatus,
    PlanProcess,
    PlanSection,
    Proposal,
    ProposalStatus,
    Seat,
    SeatCategory,
    Vote,
    VoteResult,
)

SLUG = "consell-immigracio"

# code, name, seats, target band (share of the voting seats), has a vote, organisation kind
CATEGORIES: list[tuple[str, str, int, str, str, bool, str]] = [
    ("migrant_associations", "Associacions de persones migrants", 24, "0.40", "0.55", True, "association"),
    ("ngos", "Entitats socials (ONG)", 22, "0.10", "0.20", True, "ngo"),
    ("trade_unions", "Sindicats", 6, "0.05", "0.10", True, "trade_union"),
    ("city_officials", "Ajuntament", 10, "0.10", "0.15", True, "public_administration"),
    ("political_groups", "Grups polítics municipals", 9, "0.05", "0.12", True, "political_group"),
    ("experts", "Persones expertes", 10, "0.05", "0.12", True, "university"),
    ("observers", "Associacions observadores", 2, "0", "0", False, "association"),
]

GIVEN_W = [
    "Amina",
    "Fatou",
    "Olena",
    "Lucía",
    "Mariam",
    "Nadia",
    "Rosa",
    "Aisha",
    "Ioana",
    "Carmen",
    "Yasmin",
    "Leila",
    "Marta",
    "Sofía",
    "Hanna",
    "Zainab",
    "Awa",
    "Teresa",
    "Daria",
    "Noor",
]
GIVEN_M = [
    "Moussa",
    "Andrii",
    "Jorge",
    "Karim",
    "Ibrahima",
    "Pau",
    "Youssef",
    "Mihai",
    "Omar",
    "Vicent",
    "Samir",
    "Ousmane",
    "Diego",
    "Taras",
    "Bilal",
    "Joan",
    "Adama",
    "Hassan",
    "Luis",
    "Mamadou",
]
FAMILY = [
    "Diallo",
    "Koval",
    "Benali",
    "Martí",
    "Popescu",
    "Sow",
    "Haddad",
    "Ferrer",
    "Traoré",
    "Shevchenko",
    "Ortega",
    "Mensah",
    "El Amrani",
    "Navarro",
    "Camara",
    "Bondarenko",
    "Llorens",
    "Cissé",
    "Rahman",
    "Soler",
]


def _name(rng: random.Random, woman: bool) -> str:
    return f"{rng.choice(GIVEN_W if woman else GIVEN_M)} {rng.choice(FAMILY)} (demo)"


@transaction.atomic
def load_demo(stdout: Any) -> None:
    if Body.objects.filter(slug=SLUG).exists():
        return
    rng = random.Random(8)  # noqa: S311 (fictitious demo data, not secrets)
    today = timezone.localdate()
    term_start = today.replace(month=1, day=15) - timedelta(days=365)
    body = Body.objects.create(
        slug=SLUG,
        name="Consell Local d'Immigració i Interculturalitat (demo)",
        name_i18n={
            "es": "Consejo Local de Inmigración e Interculturalidad (demo)",
            "en": "Local Council on Immigration and Interculturality (demo)",
            "fr": "Conseil local de l'immigration et de l'interculturalité (démo)",
            "ar": "المجلس المحلي للهجرة والتعددية الثقافية (تجريبي)",
            "uk": "Місцева рада з питань імміграції та інтеркультурності (демо)",
        },
        purpose="Òrgan consultiu, d'assessorament i de representació perquè les persones migrants "
        "participen en les polítiques municipals.",
    )
    seats: dict[str, list[Seat]] = {}
    number = 0
    for code, name, count, low, high, has_vote, org_kind in CATEGORIES:
        category = SeatCategory.objects.create(
            body=body,
            code=code,
            name=name,
            has_vote=has_vote,
            target_share_min=Decimal(low) if has_vote else None,
            target_share_max=Decimal(high) if has_vote else None,
        )
        seats[code] = []
        for i in range(1, count + 1):
            number += 1
            organisation = CouncilOrganisation.objects.create(
                name=f"{name} {i} (demo)",
                kind=org_kind,
                migrant_led=code in ("migrant_associations", "observers"),
            )
            seat = Seat.objects.create(body=body, category=category, number=number, nominated_by=organisation)
            seats[code].append(seat)
            woman = rng.random() < (0.35 if code in ("political_groups", "city_officials") else 0.5)
            member = Member.objects.create(
                name=_name(rng, woman),
                gender=Gender.WOMAN if woman else Gender.MAN,
                is_migrant=code in ("migrant_associations", "observers") or rng.random() < 0.1,
                organisation=organisation,
                languages=rng.sample(["ca", "es", "ar", "fr", "uk", "en"], 2),
                public_consent=rng.random() < 0.8,
            )
            Mandate.objects.create(seat=seat, member=member, role=MandateRole.TITULAR, starts_on=term_start)
            if rng.random() < 0.5:
                substitute = Member.objects.create(
                    name=_name(rng, not woman),
                    gender=Gender.MAN if woman else Gender.WOMAN,
                    organisation=organisation,
                )
                Mandate.objects.create(
                    seat=seat, member=substitute, role=MandateRole.SUBSTITUTE, starts_on=term_start
                )
            if code == "ngos" and rng.random() < 0.6:
                Declaration.objects.create(
                    member=member,
                    text="Subvenció municipal per al programa d'acollida (demo)",
                    funding_received=True,
                    amount=Decimal(rng.randrange(10_000, 120_000, 1000)),
                    year=today.year - 1,
                )
    voting = [s for code, rows in seats.items() if code != "observers" for s in rows]

    meetings = []
    for months_ago, title in (
        (9, "Ple ordinari de primavera"),
        (6, "Ple ordinari d'estiu"),
        (3, "Ple ordinari de tardor"),
    ):
        meeting = Meeting.objects.create(
            body=body,
            title=f"{title} (demo)",
            starts_at=timezone.now() - timedelta(days=30 * months_ago),
            place="Sala de plens, Ajuntament (demo)",
            status=MeetingStatus.HELD,
            convened_at=timezone.now() - timedelta(days=30 * months_ago + 15),
            languages=["ca", "es", "ar", "fr", "uk"],
        )
        AgendaItem.objects.create(meeting=meeting, order=1, title="Aprovació de l'acta anterior")
        AgendaItem.objects.create(meeting=meeting, order=2, title="Propostes de les associacions")
        meetings.append(meeting)
    upcoming = Meeting.objects.create(
        body=body,
        title="Ple ordinari d'hivern (demo)",
        starts_at=timezone.now() + timedelta(days=20),
        place="Sala de plens, Ajuntament (demo)",
        status=MeetingStatus.CONVENED,
        convened_at=timezone.now(),
        languages=["ca", "es", "ar", "fr", "uk"],
    )
    AgendaItem.objects.create(meeting=upcoming, order=1, title="Aprovació de l'acta anterior")
    for earlier, later in zip(meetings, [*meetings[1:], upcoming], strict=True):
        approved = later.status == MeetingStatus.HELD
        Minutes.objects.create(
            meeting=earlier,
            text=f"Acta de la sessió «{earlier.title}». Assistència, acords i vots registrats. (demo)",
            text_i18n={"ar": f"محضر جلسة «{earlier.title}». الحضور والقرارات والأصوات. (تجريبي)"},
            status=MinutesStatus.APPROVED if approved else MinutesStatus.CIRCULATED,
            approved_at_meeting=later if approved else None,
            signed_at=later.starts_at if approved else None,
        )

    proposals = []
    for i, title in enumerate(
        (
            "Intèrprets al registre municipal",
            "Empadronament sense domicili fix",
            "Places d'acollida per a dones amb infants",
            "Informació municipal en sis llengües",
            "Mediació intercultural als centres de salut",
        )
    ):
        seat = seats["migrant_associations"][i]
        proposals.append(
            Proposal.objects.create(
                body=body,
                title=f"{title} (demo)",
                text=f"Proposta: {title.lower()}.",
                submitted_by_organisation=seat.nominated_by,
                status=ProposalStatus.ADOPTED,
                submitted_at=meetings[0].starts_at - timedelta(days=20),
            )
        )
    for i, meeting in enumerate(meetings):
        vote = Vote.objects.create(
            meeting=meeting,
            question=f"Aprovar el dictamen «{proposals[i].title}»",
            proposal=proposals[i],
            held_at=meeting.starts_at + timedelta(hours=1),
            result=VoteResult.ADOPTED,
        )
        Ballot.objects.bulk_create(
            Ballot(
                vote=vote,
                seat=seat,
                choice=BallotChoice.NO
                if j % 11 == 3
                else BallotChoice.ABSTAIN
                if j % 13 == 5
                else BallotChoice.YES,
            )
            for j, seat in enumerate(voting[:60])
        )
        if i == 0:
            dissenting = voting[3]
            DissentingOpinion.objects.create(
                vote=vote,
                seat=dissenting,
                member=dissenting.mandates.filter(role=MandateRole.TITULAR).first().member,  # type: ignore[union-attr]
                text="Vot particular: el dictamen no garanteix la gratuïtat del servei. (demo)",
            )

    statuses = [
        (AdviceStatus.IMPLEMENTED, "El servei d'intèrprets funciona des de juny. (demo)", 200),
        (AdviceStatus.PARTLY, "S'aplicarà en dos districtes. (demo)", 150),
        (AdviceStatus.REJECTED, "No hi ha crèdit pressupostari enguany. (demo)", 120),
        (AdviceStatus.AWAITING, "", 100),  # overdue
        (AdviceStatus.AWAITING, "", 10),  # overdue
    ]
    for i, (status, answer, age) in enumerate(statuses):
        meeting = meetings[min(i, len(meetings) - 1)]
        Advice.objects.create(
            body=body,
            proposal=proposals[i],
            adopted_at_meeting=meeting,
            title=proposals[i].title,
            text=proposals[i].text,
            addressee=("Regidoria d'Inclusió", "Padró municipal", "Benestar social", "Salut", "Participació")[
                i
            ],
            answer_due_on=today - timedelta(days=age - 90),
            status=status,
            answer_text=answer,
            answered_on=today - timedelta(days=age - 60) if answer else None,
        )
    Advice.objects.create(
        body=body,
        adopted_at_meeting=meetings[-1],
        title="Cartells de la Xarxa d'acollida als barris (demo)",
        text="Difondre la xarxa d'acollida als barris.",
        addressee="Participació",
        answer_due_on=today + timedelta(days=60),
    )

    process = PlanProcess.objects.create(
        body=body,
        slug="pla-interculturalitat-demo",
        title="Pla Local d'Immigració i Interculturalitat 2027–2030 (demo)",
        title_i18n={"en": "Local Immigration and Interculturality Plan 2027–2030 (demo)"},
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=60),
    )
    sections = [
        PlanSection.objects.create(process=process, order=n, title=title, text=text)
        for n, (title, text) in enumerate(
            (
                ("Acollida", "Primera acollida i informació en la llengua de cada persona."),
                ("Habitatge", "Accés a l'habitatge sense discriminació."),
                ("Participació", "Representació de les persones migrants en els òrgans municipals."),
            ),
            start=1,
        )
    ]
    comments = [
        (0, "ar", PlanCommentKind.COMMENT, "نحتاج إلى مترجمين في كل مكتب.", "", PlanCommentStatus.PUBLISHED),
        (
            0,
            "uk",
            PlanCommentKind.COMMENT,
            "Потрібні консультації українською.",
            "",
            PlanCommentStatus.PUBLISHED,
        ),
        (
            1,
            "es",
            PlanCommentKind.AMENDMENT,
            "Añadir un parque público de alquiler.",
            "Accés a l'habitatge sense discriminació, amb un parc públic de lloguer.",
            PlanCommentStatus.PUBLISHED,
        ),
        (
            2,
            "fr",
            PlanCommentKind.COMMENT,
            "Plus de sièges pour les associations de migrants.",
            "",
            PlanCommentStatus.PENDING,
        ),
        (2, "ca", PlanCommentKind.COMMENT, "Text fora de tema.", "", PlanCommentStatus.HIDDEN),
    ]
    for index, language, kind, text, proposed, comment_status in comments:
        PlanComment.objects.create(
            section=sections[index],
            author_name=f"{rng.choice(GIVEN_W)} (demo)",
            language=language,
            kind=kind,
            text=text,
            proposed_text=proposed,
            status=comment_status,
            moderated_at=timezone.now() if comment_status != PlanCommentStatus.PENDING else None,
        )
    seats_total = sum(len(rows) for rows in seats.values())
    stdout.write(
        f"Loaded the demo council: {seats_total} seats, {len(meetings) + 1} meetings, a plan process."
    )
