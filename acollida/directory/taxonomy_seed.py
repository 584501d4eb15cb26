# ruff: noqa: E501  (names, descriptions and keywords in six languages read better unbroken)
"""The newcomer needs taxonomy: what people arriving in València look for, in six languages.

Names and short descriptions in ca, es, en, fr, ar and uk, plus everyday keywords per language so
that a search in one language finds services described in another (``fold`` makes them accent-
and case-insensitive). Ids are stable (UUID 5 from the code), so HSDS feeds keep the same term ids
on every instance. ``taxonomy_load`` is safe to repeat.
"""

from __future__ import annotations

import uuid
from typing import TypedDict

from django.db import transaction

from acollida.directory.models import Taxonomy, TaxonomyTerm, Unit

NAMESPACE = uuid.UUID("6f1c1d3e-4a57-5b7e-9a8e-ac011da00000")  # stable ids for the seeded records
TAXONOMY_CODE = "acollida-needs"
TAXONOMY_URI = "https://acollida.example.org/taxonomy/needs"


class Term(TypedDict):
    code: str
    name: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, list[str]]


TERMS: list[Term] = [
    {
        "code": "legal-asylum",
        "name": {
            "en": "Legal advice and asylum",
            "ca": "Assessorament jurídic i asil",
            "es": "Asesoría jurídica y asilo",
            "fr": "Conseil juridique et asile",
            "ar": "الاستشارة القانونية واللجوء",
            "uk": "Юридична допомога та притулок",
        },
        "description": {
            "en": "Free legal advice on asylum, residence and work permits, appeals and family reunification.",
            "ca": "Assessorament jurídic gratuït sobre asil, permisos de residència i treball, recursos i reagrupament familiar.",
            "es": "Asesoría jurídica gratuita sobre asilo, permisos de residencia y trabajo, recursos y reagrupación familiar.",
            "fr": "Conseil juridique gratuit sur l'asile, les titres de séjour et de travail, les recours et le regroupement familial.",
            "ar": "استشارة قانونية مجانية حول اللجوء وتصاريح الإقامة والعمل والطعون ولمّ شمل الأسرة.",
            "uk": "Безкоштовна юридична допомога щодо притулку, дозволів на проживання й роботу, оскарження та возз'єднання сім'ї.",
        },
        "keywords": {
            "en": [
                "lawyer",
                "asylum",
                "refugee",
                "residence permit",
                "immigration",
                "appeal",
                "arraigo",
                "nie",
                "tie",
            ],
            "ca": [
                "advocat",
                "advocada",
                "asil",
                "refugi",
                "estrangeria",
                "permís de residència",
                "arrelament",
                "recurs",
            ],
            "es": [
                "abogado",
                "abogada",
                "asilo",
                "refugio",
                "extranjería",
                "permiso de residencia",
                "arraigo",
                "recurso",
                "protección internacional",
            ],
            "fr": ["avocat", "asile", "réfugié", "titre de séjour", "recours", "protection internationale"],
            "ar": ["محامي", "لجوء", "لاجئ", "إقامة", "تصريح إقامة", "أوراق", "حماية دولية"],
            "uk": ["юрист", "адвокат", "притулок", "біженець", "посвідка на проживання", "тимчасовий захист"],
        },
    },
    {
        "code": "registration-documents",
        "name": {
            "en": "Registration and documents",
            "ca": "Empadronament i documents",
            "es": "Empadronamiento y documentos",
            "fr": "Inscription et papiers",
            "ar": "التسجيل والوثائق",
            "uk": "Реєстрація та документи",
        },
        "description": {
            "en": "Registering your address (padrón), health card, identity numbers and appointments with offices.",
            "ca": "Empadronar-se, targeta sanitària, números d'identitat i cites amb les oficines.",
            "es": "Empadronarse, tarjeta sanitaria, números de identidad y citas con las oficinas.",
            "fr": "Inscription au registre municipal (padrón), carte de santé, numéros d'identité et rendez-vous administratifs.",
            "ar": "التسجيل في سجل السكان (البادرون)، البطاقة الصحية، أرقام الهوية ومواعيد المكاتب الحكومية.",
            "uk": "Реєстрація адреси (падрон), медична картка, ідентифікаційні номери та записи до установ.",
        },
        "keywords": {
            "en": ["padron", "registration", "census", "papers", "id", "appointment", "health card", "sip"],
            "ca": ["padró", "empadronament", "papers", "cita prèvia", "targeta sip", "certificat"],
            "es": [
                "padrón",
                "empadronamiento",
                "papeles",
                "cita previa",
                "tarjeta sip",
                "certificado",
                "nie",
            ],
            "fr": ["padron", "inscription", "papiers", "rendez-vous", "carte sip", "certificat"],
            "ar": ["بادرون", "تسجيل", "أوراق", "موعد", "شهادة", "بطاقة صحية"],
            "uk": ["падрон", "реєстрація", "документи", "запис", "довідка", "медична картка"],
        },
    },
    {
        "code": "housing-shelter",
        "name": {
            "en": "Housing and shelter",
            "ca": "Habitatge i allotjament",
            "es": "Vivienda y alojamiento",
            "fr": "Logement et hébergement",
            "ar": "السكن والمأوى",
            "uk": "Житло та притулок",
        },
        "description": {
            "en": "Emergency shelter tonight, temporary accommodation and help to find and keep a home.",
            "ca": "Allotjament d'urgència per a esta nit, acolliment temporal i ajuda per a trobar i mantindre una casa.",
            "es": "Alojamiento de urgencia para esta noche, acogida temporal y ayuda para encontrar y mantener una vivienda.",
            "fr": "Hébergement d'urgence pour ce soir, accueil temporaire et aide pour trouver et garder un logement.",
            "ar": "مأوى طارئ الليلة، إقامة مؤقتة، ومساعدة في إيجاد سكن والحفاظ عليه.",
            "uk": "Екстрений нічліг, тимчасове поселення та допомога знайти й утримати житло.",
        },
        "keywords": {
            "en": ["shelter", "homeless", "accommodation", "rent", "room", "flat", "sleep"],
            "ca": ["alberg", "sense llar", "lloguer", "habitació", "pis", "dormir"],
            "es": ["albergue", "sin hogar", "alquiler", "habitación", "piso", "dormir", "casa"],
            "fr": ["foyer", "sans abri", "loyer", "chambre", "appartement", "dormir"],
            "ar": ["مأوى", "بلا مأوى", "إيجار", "غرفة", "شقة", "نوم", "بيت"],
            "uk": ["прихисток", "безхатній", "оренда", "кімната", "квартира", "ночівля"],
        },
    },
    {
        "code": "language-courses",
        "name": {
            "en": "Language courses",
            "ca": "Cursos de llengua",
            "es": "Cursos de idiomas",
            "fr": "Cours de langue",
            "ar": "دورات اللغة",
            "uk": "Мовні курси",
        },
        "description": {
            "en": "Free Spanish and Valencian classes for adults, from the alphabet to official exams.",
            "ca": "Classes gratuïtes de castellà i valencià per a persones adultes, des de l'alfabet fins als exàmens oficials.",
            "es": "Clases gratuitas de castellano y valenciano para personas adultas, desde el alfabeto hasta los exámenes oficiales.",
            "fr": "Cours gratuits d'espagnol et de valencien pour adultes, de l'alphabet aux examens officiels.",
            "ar": "دروس مجانية في الإسبانية والفالنسية للكبار، من الحروف إلى الامتحانات الرسمية.",
            "uk": "Безкоштовні заняття з іспанської та валенсійської для дорослих: від абетки до офіційних іспитів.",
        },
        "keywords": {
            "en": ["spanish", "valencian", "catalan", "class", "literacy", "dele"],
            "ca": ["castellà", "valencià", "classe", "alfabetització", "escola d'adults"],
            "es": ["castellano", "español", "valenciano", "clase", "alfabetización", "epa"],
            "fr": ["espagnol", "valencien", "classe", "alphabétisation"],
            "ar": ["إسباني", "اللغة الإسبانية", "فالنسي", "دروس", "محو الأمية"],
            "uk": ["іспанська", "валенсійська", "заняття", "уроки"],
        },
    },
    {
        "code": "training-jobs",
        "name": {
            "en": "Training and jobs",
            "ca": "Formació i ocupació",
            "es": "Formación y empleo",
            "fr": "Formation et emploi",
            "ar": "التدريب والعمل",
            "uk": "Навчання та робота",
        },
        "description": {
            "en": "Job search help, CVs, vocational training and recognition of qualifications.",
            "ca": "Ajuda per a buscar faena, currículums, formació professional i homologació de títols.",
            "es": "Ayuda para buscar trabajo, currículums, formación profesional y homologación de títulos.",
            "fr": "Aide à la recherche d'emploi, CV, formation professionnelle et reconnaissance des diplômes.",
            "ar": "مساعدة في البحث عن عمل، السيرة الذاتية، التدريب المهني ومعادلة الشهادات.",
            "uk": "Допомога в пошуку роботи, резюме, професійне навчання та визнання дипломів.",
        },
        "keywords": {
            "en": ["work", "job", "employment", "cv", "course", "diploma", "homologation"],
            "ca": ["treball", "faena", "feina", "currículum", "curs", "títol", "homologació"],
            "es": ["trabajo", "empleo", "currículum", "curso", "título", "homologación"],
            "fr": ["travail", "emploi", "cv", "stage", "diplôme"],
            "ar": ["عمل", "وظيفة", "شغل", "سيرة ذاتية", "دورة", "شهادة"],
            "uk": ["робота", "працевлаштування", "резюме", "курс", "диплом"],
        },
    },
    {
        "code": "health",
        "name": {
            "en": "Health",
            "ca": "Salut",
            "es": "Salud",
            "fr": "Santé",
            "ar": "الصحة",
            "uk": "Здоров'я",
        },
        "description": {
            "en": "Seeing a doctor, getting your health card, medicines, sexual and reproductive health.",
            "ca": "Anar al metge, aconseguir la targeta sanitària, medicaments, salut sexual i reproductiva.",
            "es": "Ir al médico, conseguir la tarjeta sanitaria, medicamentos, salud sexual y reproductiva.",
            "fr": "Voir un médecin, obtenir sa carte de santé, médicaments, santé sexuelle et reproductive.",
            "ar": "زيارة الطبيب، الحصول على البطاقة الصحية، الأدوية، الصحة الجنسية والإنجابية.",
            "uk": "Візит до лікаря, медична картка, ліки, сексуальне та репродуктивне здоров'я.",
        },
        "keywords": {
            "en": ["doctor", "hospital", "clinic", "medicine", "pregnancy", "vaccine", "dentist"],
            "ca": ["metge", "metgessa", "hospital", "centre de salut", "medicament", "embaràs", "vacuna"],
            "es": ["médico", "hospital", "centro de salud", "medicina", "embarazo", "vacuna", "dentista"],
            "fr": ["médecin", "hôpital", "médicament", "grossesse", "vaccin", "dentiste"],
            "ar": ["طبيب", "مستشفى", "دواء", "حمل", "لقاح", "أسنان"],
            "uk": ["лікар", "лікарня", "ліки", "вагітність", "щеплення", "стоматолог"],
        },
    },
    {
        "code": "children-schools",
        "name": {
            "en": "Children and schools",
            "ca": "Infància i escoles",
            "es": "Infancia y escuelas",
            "fr": "Enfants et écoles",
            "ar": "الأطفال والمدارس",
            "uk": "Діти та школи",
        },
        "description": {
            "en": "Enrolling children at school, school meals and help with homework and family support.",
            "ca": "Matricular els xiquets a l'escola, menjador escolar, reforç escolar i suport a les famílies.",
            "es": "Matricular a los niños en la escuela, comedor escolar, refuerzo escolar y apoyo a las familias.",
            "fr": "Inscrire les enfants à l'école, cantine, aide aux devoirs et soutien aux familles.",
            "ar": "تسجيل الأطفال في المدرسة، الوجبات المدرسية، الدعم الدراسي ومساندة العائلات.",
            "uk": "Запис дітей до школи, шкільне харчування, допомога з навчанням і підтримка родин.",
        },
        "keywords": {
            "en": ["school", "child", "kids", "enrolment", "nursery", "homework"],
            "ca": ["escola", "xiquets", "infants", "matrícula", "escoleta", "deures"],
            "es": ["escuela", "colegio", "niños", "matrícula", "guardería", "deberes"],
            "fr": ["école", "enfants", "inscription", "crèche", "devoirs"],
            "ar": ["مدرسة", "أطفال", "تسجيل", "حضانة", "واجبات"],
            "uk": ["школа", "діти", "запис", "садочок", "домашнє завдання"],
        },
    },
    {
        "code": "food-basic-needs",
        "name": {
            "en": "Food and basic needs",
            "ca": "Aliments i necessitats bàsiques",
            "es": "Alimentación y necesidades básicas",
            "fr": "Alimentation et besoins de base",
            "ar": "الغذاء والاحتياجات الأساسية",
            "uk": "Їжа та базові потреби",
        },
        "description": {
            "en": "Food, clothes, hygiene products, showers and emergency financial help.",
            "ca": "Menjar, roba, productes d'higiene, dutxes i ajudes econòmiques d'urgència.",
            "es": "Comida, ropa, productos de higiene, duchas y ayudas económicas de urgencia.",
            "fr": "Nourriture, vêtements, produits d'hygiène, douches et aides financières d'urgence.",
            "ar": "طعام، ملابس، مواد نظافة، استحمام ومساعدات مالية طارئة.",
            "uk": "Їжа, одяг, засоби гігієни, душ і термінова фінансова допомога.",
        },
        "keywords": {
            "en": ["food", "food bank", "meal", "clothes", "shower", "money"],
            "ca": ["menjar", "banc d'aliments", "roba", "dutxa", "diners", "menjador social"],
            "es": ["comida", "banco de alimentos", "ropa", "ducha", "dinero", "comedor social"],
            "fr": ["nourriture", "banque alimentaire", "repas", "vêtements", "douche", "argent"],
            "ar": ["طعام", "أكل", "بنك الطعام", "ملابس", "حمام", "مال"],
            "uk": ["їжа", "продуктовий набір", "одяг", "душ", "гроші"],
        },
    },
    {
        "code": "psychosocial",
        "name": {
            "en": "Psychosocial support",
            "ca": "Suport psicosocial",
            "es": "Apoyo psicosocial",
            "fr": "Soutien psychosocial",
            "ar": "الدعم النفسي والاجتماعي",
            "uk": "Психосоціальна підтримка",
        },
        "description": {
            "en": "Someone to talk to: psychologists, support groups and care after difficult experiences.",
            "ca": "Algú amb qui parlar: psicòlogues, grups de suport i atenció després d'experiències difícils.",
            "es": "Alguien con quien hablar: psicólogas, grupos de apoyo y atención tras experiencias difíciles.",
            "fr": "Quelqu'un à qui parler : psychologues, groupes de parole et soins après des expériences difficiles.",
            "ar": "شخص تتحدث إليه: أخصائيون نفسيون، مجموعات دعم ورعاية بعد تجارب صعبة.",
            "uk": "Є з ким поговорити: психологи, групи підтримки та допомога після важких переживань.",
        },
        "keywords": {
            "en": ["psychologist", "mental health", "stress", "trauma", "talk", "anxiety"],
            "ca": ["psicòleg", "psicòloga", "salut mental", "estrés", "trauma", "ansietat"],
            "es": ["psicólogo", "psicóloga", "salud mental", "estrés", "trauma", "ansiedad"],
            "fr": ["psychologue", "santé mentale", "stress", "traumatisme", "anxiété"],
            "ar": ["طبيب نفسي", "أخصائي نفسي", "صحة نفسية", "ضغط", "صدمة", "قلق"],
            "uk": ["психолог", "психічне здоров'я", "стрес", "травма", "тривога"],
        },
    },
    {
        "code": "women",
        "name": {
            "en": "Women",
            "ca": "Dones",
            "es": "Mujeres",
            "fr": "Femmes",
            "ar": "النساء",
            "uk": "Жінки",
        },
        "description": {
            "en": "Services for women: information on rights, groups, training and a safe space.",
            "ca": "Serveis per a dones: informació sobre drets, grups, formació i un espai segur.",
            "es": "Servicios para mujeres: información sobre derechos, grupos, formación y un espacio seguro.",
            "fr": "Services pour les femmes : information sur les droits, groupes, formation et espace sûr.",
            "ar": "خدمات للنساء: معلومات عن الحقوق، مجموعات، تدريب ومساحة آمنة.",
            "uk": "Послуги для жінок: інформація про права, групи, навчання та безпечний простір.",
        },
        "keywords": {
            "en": ["woman", "mother", "girls", "gender"],
            "ca": ["dona", "mare", "xiques", "gènere"],
            "es": ["mujer", "madre", "chicas", "género"],
            "fr": ["femme", "mère", "filles", "genre"],
            "ar": ["امرأة", "نساء", "أم", "فتيات"],
            "uk": ["жінка", "мати", "дівчата", "гендер"],
        },
    },
    {
        "code": "lgbti",
        "name": {
            "en": "LGBTI",
            "ca": "LGBTI",
            "es": "LGTBI",
            "fr": "LGBTI",
            "ar": "مجتمع الميم",
            "uk": "ЛГБТІ",
        },
        "description": {
            "en": "Support for lesbian, gay, bisexual, trans and intersex people, including asylum on these grounds.",
            "ca": "Suport a persones lesbianes, gais, bisexuals, trans i intersexuals, també per a l'asil per estos motius.",
            "es": "Apoyo a personas lesbianas, gais, bisexuales, trans e intersexuales, también para el asilo por estos motivos.",
            "fr": "Soutien aux personnes lesbiennes, gays, bisexuelles, trans et intersexes, y compris l'asile pour ces motifs.",
            "ar": "دعم المثليات والمثليين ومزدوجي الميل الجنسي والعابرين وثنائيي الجنس، بما في ذلك اللجوء لهذه الأسباب.",
            "uk": "Підтримка лесбійок, геїв, бісексуальних, трансгендерних та інтерсекс-людей, зокрема щодо притулку.",
        },
        "keywords": {
            "en": ["lgbt", "gay", "lesbian", "trans", "queer", "sexual orientation"],
            "ca": ["lgtb", "gai", "lesbiana", "trans", "orientació sexual"],
            "es": ["lgtb", "lgbt", "gay", "lesbiana", "trans", "orientación sexual"],
            "fr": ["lgbt", "gay", "lesbienne", "trans", "orientation sexuelle"],
            "ar": ["مثلي", "مثلية", "عابر", "ميم"],
            "uk": ["лгбт", "гей", "лесбійка", "транс"],
        },
    },
    {
        "code": "violence-victims",
        "name": {
            "en": "Victims of violence",
            "ca": "Víctimes de violència",
            "es": "Víctimas de violencia",
            "fr": "Victimes de violences",
            "ar": "ضحايا العنف",
            "uk": "Постраждалі від насильства",
        },
        "description": {
            "en": "Confidential help for survivors of gender violence, trafficking and other abuse, day and night.",
            "ca": "Ajuda confidencial per a supervivents de violència de gènere, tràfic de persones i altres abusos, de dia i de nit.",
            "es": "Ayuda confidencial para supervivientes de violencia de género, trata y otros abusos, de día y de noche.",
            "fr": "Aide confidentielle pour les survivantes de violences de genre, de traite et d'autres abus, jour et nuit.",
            "ar": "مساعدة سرية للناجيات والناجين من العنف القائم على النوع الاجتماعي والاتجار بالبشر وغيرها، ليلًا ونهارًا.",
            "uk": "Конфіденційна допомога постраждалим від гендерного насильства, торгівлі людьми та інших зловживань, цілодобово.",
        },
        "keywords": {
            "en": ["violence", "abuse", "trafficking", "domestic violence", "016", "rape"],
            "ca": ["violència", "maltractament", "tràfic", "violència masclista", "016"],
            "es": ["violencia", "maltrato", "trata", "violencia machista", "016", "agresión"],
            "fr": ["violence", "maltraitance", "traite", "violence conjugale", "016"],
            "ar": ["عنف", "إساءة", "اتجار بالبشر", "عنف أسري", "016"],
            "uk": ["насильство", "кривдник", "торгівля людьми", "домашнє насильство", "016"],
        },
    },
    {
        "code": "human-rights-defenders",
        "name": {
            "en": "Human-rights defenders",
            "ca": "Defensores de drets humans",
            "es": "Defensoras de derechos humanos",
            "fr": "Défenseurs des droits humains",
            "ar": "المدافعون عن حقوق الإنسان",
            "uk": "Правозахисники",
        },
        "description": {
            "en": "Protection, temporary relocation and support for people at risk because they defend human rights.",
            "ca": "Protecció, acollida temporal i suport a persones en risc per defensar els drets humans.",
            "es": "Protección, acogida temporal y apoyo a personas en riesgo por defender los derechos humanos.",
            "fr": "Protection, accueil temporaire et soutien aux personnes menacées parce qu'elles défendent les droits humains.",
            "ar": "حماية وإقامة مؤقتة ودعم للأشخاص المعرضين للخطر بسبب دفاعهم عن حقوق الإنسان.",
            "uk": "Захист, тимчасове переселення та підтримка людей, яким загрожує небезпека через правозахисну діяльність.",
        },
        "keywords": {
            "en": ["activist", "journalist", "threat", "protection", "defender"],
            "ca": ["activista", "periodista", "amenaça", "protecció", "defensora"],
            "es": ["activista", "periodista", "amenaza", "protección", "defensora"],
            "fr": ["militant", "journaliste", "menace", "protection", "défenseur"],
            "ar": ["ناشط", "صحفي", "تهديد", "حماية", "مدافع"],
            "uk": ["активіст", "журналіст", "загроза", "захист", "правозахисник"],
        },
    },
]

TAXONOMY_TEXT = {
    "name": {
        "en": "Newcomer needs",
        "ca": "Necessitats de les persones nouvingudes",
        "es": "Necesidades de las personas recién llegadas",
        "fr": "Besoins des nouveaux arrivants",
        "ar": "احتياجات القادمين الجدد",
        "uk": "Потреби новоприбулих",
    },
    "description": {
        "en": "What people arriving in València look for, as used by the acollida directory.",
        "ca": "El que busquen les persones que arriben a València, tal com ho fa servir el directori d'acollida.",
        "es": "Lo que buscan las personas que llegan a València, tal como lo usa el directorio de acollida.",
        "fr": "Ce que cherchent les personnes qui arrivent à València, tel qu'utilisé par l'annuaire acollida.",
        "ar": "ما يبحث عنه القادمون إلى فالنسيا، كما يستخدمه دليل acollida.",
        "uk": "Те, що шукають люди, які прибувають до Валенсії, у довіднику acollida.",
    },
}

UNITS = [
    (
        "places",
        {"en": "places", "ca": "places", "es": "plazas", "fr": "places", "ar": "أماكن", "uk": "місця"},
    ),
    ("beds", {"en": "beds", "ca": "llits", "es": "camas", "fr": "lits", "ar": "أسرّة", "uk": "ліжка"}),
]


def term_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{code}")


def _translations(texts: dict[str, dict[str, str]], source: str = "en") -> dict[str, dict[str, str]]:
    return {
        field: {lang: text for lang, text in by_lang.items() if lang != source}
        for field, by_lang in texts.items()
    }


def _reviewed(texts: dict[str, dict[str, str]], source: str = "en") -> dict[str, str]:
    languages = {lang for by_lang in texts.values() for lang in by_lang if lang != source}
    return dict.fromkeys(sorted(languages), "reviewed")


@transaction.atomic
def taxonomy_load() -> dict[str, int]:
    """Create or update the taxonomy, its terms and the capacity units (by stable id)."""
    counts = {"created": 0, "updated": 0}
    taxonomy, _created = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, f"taxonomy:{TAXONOMY_CODE}"),
        defaults={
            "name": TAXONOMY_TEXT["name"]["en"],
            "description": TAXONOMY_TEXT["description"]["en"],
            "uri": TAXONOMY_URI,
            "version": "1",
            "source_language": "en",
            "translations": _translations(TAXONOMY_TEXT),
            "translation_status": _reviewed(TAXONOMY_TEXT),
        },
    )
    for position, term in enumerate(TERMS):
        texts = {"name": term["name"], "description": term["description"]}
        _term, created = TaxonomyTerm.objects.update_or_create(
            id=term_id(term["code"]),
            defaults={
                "taxonomy_detail": taxonomy,
                "code": term["code"],
                "name": term["name"]["en"],
                "description": term["description"]["en"],
                "taxonomy": TAXONOMY_CODE,
                "language": "en",
                "term_uri": f"{TAXONOMY_URI}/{term['code']}",
                "keywords": term["keywords"],
                "position": position,
                "source_language": "en",
                "translations": _translations(texts),
                "translation_status": _reviewed(texts),
            },
        )
        counts["created" if created else "updated"] += 1
    for code, names in UNITS:
        Unit.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"unit:{code}"),
            defaults={
                "name": names["en"],
                "identifier": code,
                "scheme": TAXONOMY_CODE,
                "source_language": "en",
                "translations": _translations({"name": names}),
                "translation_status": _reviewed({"name": names}),
            },
        )
    return counts


def term_by_code() -> dict[str, TaxonomyTerm]:
    return {term.code: term for term in TaxonomyTerm.objects.filter(taxonomy=TAXONOMY_CODE)}
