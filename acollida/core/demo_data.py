"""The Valencia demo network (``../shared/DOMAIN.md``): organisations, offices and one user per role.

Addresses are real-looking but the phone numbers and e-mails are fictitious.
"""

from __future__ import annotations

from acollida.core.models import OrganisationKind as K
from acollida.core.models import Role as R

WEEKDAYS = "dl.–dv. 09:00–14:00\ndt. i dj. 16:00–18:30"

# slug, name, short name, kind, parent slug, offices [(name, street, postcode, district, hours)]
ORGANISATIONS: list[tuple[str, str, str, str, str | None, list[tuple[str, str, str, str, str]]]] = [
    (
        "ajuntament-valencia",
        "Ajuntament de València",
        "Ajuntament de València",
        K.MUNICIPAL,
        None,
        [("Ajuntament", "Plaça de l'Ajuntament, 1", "46002", "Ciutat Vella", "dl.–dv. 08:30–14:30")],
    ),
    (
        "cooperacio-migracio",
        "Servici de Cooperació al Desenvolupament i Migració",
        "Cooperació i Migració",
        K.MUNICIPAL,
        "ajuntament-valencia",
        [],
    ),
    (
        "cai",
        "CAI — Centre d'Atenció a la Immigració",
        "CAI",
        K.MUNICIPAL,
        "cooperacio-migracio",
        [
            ("CAI — punt d'entrada", "Carrer del Periodista Azzati, 6", "46002", "Ciutat Vella", WEEKDAYS),
            (
                "CAI — punt d'Orriols",
                "Carrer de Sant Vicent de Paül, 45",
                "46019",
                "Rascanya",
                "dc. 09:00–13:00",
            ),
        ],
    ),
    (
        "interculturalitat",
        "Secció d'Interculturalitat",
        "Interculturalitat",
        K.MUNICIPAL,
        "cooperacio-migracio",
        [("Espai Intercultural", "Carrer d'Arquitecte Alfaro, 38", "46011", "Poblats Marítims", WEEKDAYS)],
    ),
    (
        "planificacio-investigacio",
        "Secció de Planificació i Investigació",
        "Planificació i Investigació",
        K.MUNICIPAL,
        "cooperacio-migracio",
        [],
    ),
    ("generalitat", "Generalitat Valenciana", "Generalitat", K.REGIONAL, None, []),
    (
        "igualtat-politiques-inclusives",
        "Conselleria d'Igualtat i Polítiques Inclusives",
        "Igualtat i Polítiques Inclusives",
        K.REGIONAL,
        "generalitat",
        [
            (
                "Oficines de la Conselleria",
                "Carrer de Castán Tobeñas, 77",
                "46018",
                "Campanar",
                "dl.–dv. 09:00–14:00",
            )
        ],
    ),
    (
        "dg-igualtat-diversitat",
        "Direcció General d'Igualtat en la Diversitat (Xarxa PANGEA)",
        "DG Igualtat en la Diversitat",
        K.REGIONAL,
        "igualtat-politiques-inclusives",
        [],
    ),
    (
        "ministerio-migraciones",
        "Ministerio de Inclusión, Seguridad Social y Migraciones",
        "Ministerio",
        K.STATE,
        None,
        [],
    ),
    (
        "cear-pv",
        "CEAR País Valencià",
        "CEAR-PV",
        K.NGO,
        None,
        [("CEAR-PV València", "Carrer de Francisco Moreno Usedo, 21", "46018", "Patraix", WEEKDAYS)],
    ),
    (
        "accem",
        "Accem València",
        "Accem",
        K.NGO,
        None,
        [("Oficina d'Accem", "Carrer de Sant Pius X, 28", "46009", "Campanar", WEEKDAYS)],
    ),
    (
        "creu-roja",
        "Creu Roja València",
        "Creu Roja",
        K.NGO,
        None,
        [
            (
                "Seu provincial",
                "Carrer de la Mare de Déu de la Misericòrdia, 17",
                "46023",
                "Camins al Grau",
                "dl.–dg. 08:00–20:00",
            )
        ],
    ),
    ("atelier-ongd", "Atelier ONGD", "Atelier", K.NGO, None, []),
    ("cedsala", "Cedsala", "Cedsala", K.NGO, None, []),
    ("sud-cacarica", "Col·lectiu Sud-Cacarica", "Sud-Cacarica", K.NGO, None, []),
    ("entreiguales", "Entreiguales-València", "Entreiguales", K.NGO, None, []),
    ("entrepobles", "Entrepobles", "Entrepobles", K.NGO, None, []),
    (
        "dones-refugiades",
        "Col·lectiva de Dones Refugiades, Exiliades i Migrades a Espanya",
        "Dones Refugiades",
        K.MIGRANT_ASSOCIATION,
        None,
        [],
    ),
    ("mundubat", "Mundubat", "Mundubat", K.NGO, None, []),
    ("periferies", "Perifèries", "Perifèries", K.NGO, None, []),
    (
        "intersindical",
        "Intersindical Valenciana",
        "Intersindical",
        K.TRADE_UNION,
        None,
        [("Seu del sindicat", "Carrer de Juan de Mena, 18", "46008", "Extramurs", WEEKDAYS)],
    ),
    ("sodepau", "Sodepau", "Sodepau", K.NGO, None, []),
    ("mci", "Moviment contra la Intolerància", "MCI", K.NGO, None, []),
    ("mpdl", "Moviment per la Pau", "MPDL", K.NGO, None, []),
    (
        "valencia-acull",
        "València Acull",
        "València Acull",
        K.NGO,
        None,
        [("València Acull", "Carrer del Pare Porta, 3", "46024", "Algirós", WEEKDAYS)],
    ),
    ("la-casa-gran", "Associació La Casa Gran", "La Casa Gran", K.NGO, None, []),
    ("sjm", "Servei Jesuïta a Migrants", "SJM", K.NGO, None, []),
    (
        "caritas",
        "Càritas Diocesana de València",
        "Càritas",
        K.NGO,
        None,
        [("Acollida de Càritas", "Plaça de Cisneros, 5", "46003", "Ciutat Vella", WEEKDAYS)],
    ),
    ("unhcr", "ACNUR — Oficina a Espanya", "ACNUR", K.INTERNATIONAL, None, []),
]

# username, first name, last name, [(organisation slug, role)]
USERS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("marta.caseworker", "Marta", "Soler", [("cai", R.CASEWORKER)]),
    ("youssef.caseworker", "Youssef", "El Amrani", [("cear-pv", R.CASEWORKER)]),
    (
        "laia.coordinator",
        "Laia",
        "Ferrer",
        [("cai", R.COORDINATOR), ("dg-igualtat-diversitat", R.COORDINATOR)],
    ),
    ("pau.admin", "Pau", "Martí", [("cooperacio-migracio", R.ORG_ADMIN)]),
    ("olena.admin", "Olena", "Kovalenko", [("accem", R.ORG_ADMIN), ("accem", R.CASEWORKER)]),
    ("rosa.dpo", "Rosa", "Vidal", [("cooperacio-migracio", R.DPO)]),
    ("amadou.secretary", "Amadou", "Diallo", [("interculturalitat", R.COUNCIL_SECRETARY)]),
    ("joan.researcher", "Joan", "Puig", [("planificacio-investigacio", R.RESEARCHER)]),
    ("lucia.volunteer", "Lucía", "García", [("creu-roja", R.VOLUNTEER)]),
    ("fatima.interpreter", "Fátima", "Benali", [("creu-roja", R.INTERPRETER)]),
    ("it.platform", "Vicent", "Llorens", [("ajuntament-valencia", R.PLATFORM_ADMIN)]),
]
