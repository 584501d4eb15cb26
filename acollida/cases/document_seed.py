"""The network's templates of documents the office issues, as data (``acollida cases
load-document-templates`` and the demo load them; coordinators copy and adapt them).

* ``social-integration-report``: a *draft* social-integration report (informe de integración social
  / informe d'integració social) for the arraigo routes: identity, time in Spain and the padrón,
  housing and means, family and social ties, languages and training, services received, needs,
  assessment. What the case file cannot know is left in brackets for the caseworker to complete;
  the report itself is issued by the competent administration.
* ``language-course-attendance``: a certificate of attendance at language courses, listing the
  language-course services recorded on the case.

Texts are in the template language (Spanish ``es`` or Valencian ``ca``), not translated through
gettext: they are documents in that language, edited by coordinators as data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateSeed:
    code: str
    language: str
    name: str
    body: str


_COURSES_ES = """{% for course in language_courses %}- {{ course.date|date:"j/n/Y" }}: {{ course.name }}
{% empty %}- No constan cursos de lengua en el expediente.
{% endfor %}"""

_COURSES_CA = """{% for course in language_courses %}- {{ course.date|date:"j/n/Y" }}: {{ course.name }}
{% empty %}- No consten cursos de llengua en l'expedient.
{% endfor %}"""

REPORT_ES = (
    """# Datos de la persona
Nombre: {{ person.name }}
Fecha de nacimiento: {{ person.date_of_birth|default:"—" }}
Nacionalidad: {{ person.nationality|default:"—" }}
Expediente: {{ case.reference }} ({{ organisation.name }}), abierto el {{ case.opened_on|date:"j/n/Y" }}

# Objeto
Borrador de informe de integración social para la solicitud de autorización de residencia por \
arraigo. Recoge lo que consta en el expediente; el personal técnico lo completa y revisa antes de \
su emisión por la administración competente.

# Permanencia en España y empadronamiento
[Completar: fecha de empadronamiento y periodos de permanencia continuada acreditados.]

# Vivienda y medios de vida
[Completar: domicilio habitual, condiciones de la vivienda, medios económicos.]

# Vínculos familiares y red social
[Completar: familiares en España, participación en entidades o en la vida del barrio.]

# Conocimiento de las lenguas y formación
"""
    + _COURSES_ES
    + """
# Servicios recibidos
{% for service in services %}- {{ service.date|date:"j/n/Y" }}: {{ service.name }}
{% empty %}- No constan servicios en el expediente.
{% endfor %}
# Necesidades identificadas
{% for need in needs %}- {{ need.area }} ({{ need.status|lower }})\
{% if need.description %}: {{ need.description }}{% endif %}
{% empty %}- No constan necesidades.
{% endfor %}
# Valoración
[Completar: valoración técnica del esfuerzo de integración.]

València, {{ today|date:"j F Y" }}
{{ staff.name }}
{{ organisation.name }}
"""
)

REPORT_CA = (
    """# Dades de la persona
Nom: {{ person.name }}
Data de naixement: {{ person.date_of_birth|default:"—" }}
Nacionalitat: {{ person.nationality|default:"—" }}
Expedient: {{ case.reference }} ({{ organisation.name }}), obert el {{ case.opened_on|date:"j/n/Y" }}

# Objecte
Esborrany d'informe d'integració social per a la sol·licitud d'autorització de residència per \
arrelament. Recull el que consta en l'expedient; el personal tècnic el completa i el revisa abans \
que l'emeta l'administració competent.

# Permanència a Espanya i empadronament
[Completar: data d'empadronament i períodes de permanència continuada acreditats.]

# Habitatge i mitjans de vida
[Completar: domicili habitual, condicions de l'habitatge, mitjans econòmics.]

# Vincles familiars i xarxa social
[Completar: familiars a Espanya, participació en entitats o en la vida del barri.]

# Coneixement de les llengües i formació
"""
    + _COURSES_CA
    + """
# Serveis rebuts
{% for service in services %}- {{ service.date|date:"j/n/Y" }}: {{ service.name }}
{% empty %}- No consten serveis en l'expedient.
{% endfor %}
# Necessitats identificades
{% for need in needs %}- {{ need.area }} ({{ need.status|lower }})\
{% if need.description %}: {{ need.description }}{% endif %}
{% empty %}- No consten necessitats.
{% endfor %}
# Valoració
[Completar: valoració tècnica de l'esforç d'integració.]

València, {{ today|date:"j F Y" }}
{{ staff.name }}
{{ organisation.name }}
"""
)

CERTIFICATE_ES = (
    """{{ staff.name }}, en nombre de {{ organisation.name }},

# CERTIFICA

Que {{ person.name }}, con fecha de nacimiento {{ person.date_of_birth|default:"—" }} y \
nacionalidad {{ person.nationality|default:"—" }}, atendida en el expediente {{ case.reference }}, \
ha asistido a los siguientes cursos de lengua:

"""
    + _COURSES_ES
    + """
Y para que conste, se expide el presente certificado en València, el {{ today|date:"j F Y" }}.
"""
)

CERTIFICATE_CA = (
    """{{ staff.name }}, en nom de {{ organisation.name }},

# CERTIFICA

Que {{ person.name }}, amb data de naixement {{ person.date_of_birth|default:"—" }} i \
nacionalitat {{ person.nationality|default:"—" }}, atesa en l'expedient {{ case.reference }}, ha \
assistit als cursos de llengua següents:

"""
    + _COURSES_CA
    + """
I perquè conste, s'expedix el present certificat a València, el {{ today|date:"j F Y" }}.
"""
)

TEMPLATES: tuple[TemplateSeed, ...] = (
    TemplateSeed("social-integration-report", "es", "Informe de integración social (borrador)", REPORT_ES),
    TemplateSeed("social-integration-report", "ca", "Informe d'integració social (esborrany)", REPORT_CA),
    TemplateSeed(
        "language-course-attendance", "es", "Certificado de asistencia a cursos de lengua", CERTIFICATE_ES
    ),
    TemplateSeed(
        "language-course-attendance", "ca", "Certificat d'assistència a cursos de llengua", CERTIFICATE_CA
    ),
)
