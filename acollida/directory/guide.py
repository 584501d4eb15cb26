# ruff: noqa: E501  (prose in six languages reads better unbroken)
"""Plain-language writing guidance for the people who keep directory entries, in six languages.

The guidance is content, not interface: it is written here in every directory language rather
than through the message catalogues, so editors of every language read it whole.
"""

from __future__ import annotations

GUIDE: dict[str, list[tuple[str, list[str]]]] = {
    "en": [
        ("Write for someone who arrived last week", [
            "Use short sentences (15 words or fewer) and everyday words.",
            "Say who the service is for and what they get, first.",
            "Explain any acronym the first time (NIE: foreigner's identity number).",
            "Speak to the reader: “Bring your passport”, not “Applicants must provide…”.",
        ]),
        ("Make every service page answer five questions", [
            "What is it? Who can use it? Is it free? What do I bring? How do I get an appointment?",
            "Put documents in a list, one per line.",
            "Give opening hours in the hours editor, not in the description.",
        ]),
        ("Translations", [
            "Write first in the language you know best; mark it as the source language.",
            "A machine draft stays a draft until someone who reads the language well checks it.",
            "Keep names of offices and laws as they are, with a short explanation.",
        ]),
        ("Keep it true", [
            "Check the page at least every six months and press “Mark as verified today”.",
            "Use the alert for a temporary change (closed in August, new address).",
        ]),
    ],
    "ca": [
        ("Escriviu per a algú que va arribar la setmana passada", [
            "Feu frases curtes (15 paraules o menys) i paraules de cada dia.",
            "Digueu primer per a qui és el servei i què s'hi obté.",
            "Expliqueu cada sigla la primera vegada (NIE: número d'identitat d'estranger).",
            "Parleu a qui llegeix: «Porteu el passaport», no «Les persones sol·licitants han d'aportar…».",
        ]),
        ("Cada pàgina de servei respon cinc preguntes", [
            "Què és? Qui el pot fer servir? És gratuït? Què he de portar? Com demane cita?",
            "Poseu els documents en una llista, un per línia.",
            "Poseu l'horari a l'editor d'horaris, no a la descripció.",
        ]),
        ("Traduccions", [
            "Escriviu primer en la llengua que domineu; marqueu-la com a llengua d'origen.",
            "Un esborrany automàtic és esborrany fins que el revisa algú que coneix bé la llengua.",
            "Mantingueu els noms d'oficines i lleis, amb una explicació breu.",
        ]),
        ("Mantingueu-ho al dia", [
            "Reviseu la pàgina almenys cada sis mesos i premeu «Marca com a verificat hui».",
            "Feu servir l'avís per a un canvi temporal (tancat a l'agost, adreça nova).",
        ]),
    ],
    "es": [
        ("Escriba para alguien que llegó la semana pasada", [
            "Use frases cortas (15 palabras o menos) y palabras de todos los días.",
            "Diga primero para quién es el servicio y qué se obtiene.",
            "Explique cada sigla la primera vez (NIE: número de identidad de extranjero).",
            "Hable a quien lee: «Traiga su pasaporte», no «Los solicitantes deberán aportar…».",
        ]),
        ("Cada página de servicio responde cinco preguntas", [
            "¿Qué es? ¿Quién puede usarlo? ¿Es gratis? ¿Qué tengo que traer? ¿Cómo pido cita?",
            "Ponga los documentos en una lista, uno por línea.",
            "Ponga el horario en el editor de horarios, no en la descripción.",
        ]),
        ("Traducciones", [
            "Escriba primero en la lengua que mejor domine; márquela como lengua de origen.",
            "Un borrador automático sigue siendo borrador hasta que lo revisa alguien que conoce bien la lengua.",
            "Mantenga los nombres de oficinas y leyes, con una explicación breve.",
        ]),
        ("Manténgalo al día", [
            "Revise la página al menos cada seis meses y pulse «Marcar como verificado hoy».",
            "Use el aviso para un cambio temporal (cerrado en agosto, nueva dirección).",
        ]),
    ],
    "fr": [
        ("Écrivez pour quelqu'un arrivé la semaine dernière", [
            "Faites des phrases courtes (15 mots ou moins) avec des mots de tous les jours.",
            "Dites d'abord à qui s'adresse le service et ce qu'on y obtient.",
            "Expliquez chaque sigle la première fois (NIE : numéro d'identité d'étranger).",
            "Parlez au lecteur : « Apportez votre passeport », pas « Les demandeurs doivent fournir… ».",
        ]),
        ("Chaque page de service répond à cinq questions", [
            "Qu'est-ce que c'est ? Qui peut l'utiliser ? Est-ce gratuit ? Qu'apporter ? Comment prendre rendez-vous ?",
            "Mettez les documents en liste, un par ligne.",
            "Indiquez les horaires dans l'éditeur d'horaires, pas dans la description.",
        ]),
        ("Traductions", [
            "Écrivez d'abord dans la langue que vous maîtrisez le mieux ; indiquez-la comme langue source.",
            "Un brouillon automatique reste un brouillon jusqu'à relecture par quelqu'un qui lit bien la langue.",
            "Gardez les noms des bureaux et des lois, avec une courte explication.",
        ]),
        ("Gardez-le exact", [
            "Vérifiez la page au moins tous les six mois et appuyez sur « Marquer comme vérifié aujourd'hui ».",
            "Utilisez l'alerte pour un changement temporaire (fermé en août, nouvelle adresse).",
        ]),
    ],
    "ar": [
        ("اكتب لشخص وصل الأسبوع الماضي", [
            "استخدم جملًا قصيرة (15 كلمة أو أقل) وكلمات يومية بسيطة.",
            "قل أولًا لمن هذه الخدمة وماذا يحصل عليه الشخص.",
            "اشرح كل اختصار في أول مرة (NIE: رقم هوية الأجنبي).",
            "خاطب القارئ مباشرة: «أحضر جواز سفرك»، لا «يجب على مقدمي الطلبات تقديم…».",
        ]),
        ("كل صفحة خدمة تجيب عن خمسة أسئلة", [
            "ما هي؟ من يستطيع استخدامها؟ هل هي مجانية؟ ماذا أحضر؟ كيف أحجز موعدًا؟",
            "ضع الوثائق في قائمة، وثيقة في كل سطر.",
            "اكتب ساعات العمل في محرر الساعات، لا في الوصف.",
        ]),
        ("الترجمات", [
            "اكتب أولًا باللغة التي تتقنها أكثر، وحدّدها كلغة المصدر.",
            "الترجمة الآلية تبقى مسودة حتى يراجعها شخص يجيد اللغة.",
            "احتفظ بأسماء المكاتب والقوانين كما هي مع شرح قصير.",
        ]),
        ("حافظ على صحة المعلومات", [
            "راجع الصفحة مرة كل ستة أشهر على الأقل واضغط «تأكيد التحقق اليوم».",
            "استخدم التنبيه لتغيير مؤقت (مغلق في أغسطس، عنوان جديد).",
        ]),
    ],
    "uk": [
        ("Пишіть для людини, яка приїхала минулого тижня", [
            "Використовуйте короткі речення (до 15 слів) і звичайні слова.",
            "Спершу скажіть, для кого послуга і що людина отримає.",
            "Пояснюйте кожне скорочення першого разу (NIE: ідентифікаційний номер іноземця).",
            "Звертайтеся до читача: «Візьміть паспорт», а не «Заявники повинні надати…».",
        ]),
        ("Кожна сторінка послуги відповідає на п'ять запитань", [
            "Що це? Хто може скористатися? Чи це безкоштовно? Що взяти з собою? Як записатися?",
            "Документи подавайте списком, по одному в рядку.",
            "Години роботи вказуйте в редакторі годин, а не в описі.",
        ]),
        ("Переклади", [
            "Пишіть спершу мовою, яку знаєте найкраще; позначте її як мову оригіналу.",
            "Машинний переклад залишається чернеткою, доки його не перевірить людина, що добре знає мову.",
            "Залишайте назви установ і законів як є, з коротким поясненням.",
        ]),
        ("Підтримуйте актуальність", [
            "Перевіряйте сторінку щонайменше раз на пів року й натискайте «Позначити як перевірене сьогодні».",
            "Для тимчасових змін (зачинено в серпні, нова адреса) використовуйте оголошення.",
        ]),
    ],
}  # fmt: skip


def guide_for(lang: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The guidance in ``lang``, or in English when it is not written in that language yet."""
    lang = lang if lang in GUIDE else "en"
    return lang, GUIDE[lang]
