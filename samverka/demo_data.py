"""Demo data taken from the seed documents (../shared/seeds).

- Gemensam arbetsplan för delarena 2.7 Hälsofrämjande digitalt liv (v2.0, sept 2020)
- PM 2021-02-16, Dalarnas län: Länschefsnätverkets beslut den 18 december 2020
- Samhällskontraktet: anteckningar från core team-mötet 12 januari (2024)
"""

from __future__ import annotations

from typing import Any

# (key, name, organisation)
PERSONS_27 = [
    ("emmy", "Emmy Bertholdsson", "Innovation Skåne"),
    ("bengt", "Bengt Stavenow", "Innovation Skåne"),
    ("karin", "Karin Althen", "Region Jönköping"),
    ("annika", "Annika Nilsson", "Region Skåne"),
    ("emma", "Emma Dahlson", "Region Skåne"),
    ("linda", "Linda Ekman-Kunatowska", "Region Skåne"),
    ("sara", "Sara Renström", "RISE"),
    ("jessica", "Jessica Dagman", "RISE"),
    ("ingmarie", "Ing-Marie Wieselgren", "SKR"),
    ("amanda", "Amanda Romare", "Stiftelsen Den Andra Sidan"),
    ("asa", "Åsa Sandler", "Umo.se/ Youmo.se"),
    ("anna", "Anna Jonsson", "UPH/ Region Skåne"),
    ("nicolas", "Nicolas Fälth", "Västra Götalandsregionen"),
]
PERSONS_SK = [
    ("christine", "Christine Wäneskog", "Västerås stad"),
    ("johan", "Johan Lindström", "Eskilstuna kommun"),
    ("patrik", "Patrik Nilsson", "Eskilstuna kommun"),
    ("lena", "Lena Marmstål Hammar", "Mälardalens universitet (MDU)"),
    ("petra", "Petra Edoff", "Samhällskontraktet"),
    ("eric", "Eric Svanelöv", "Samhällskontraktet"),
]
# People who run the demo itself (not from the seeds).
PERSONS_DEMO = [
    ("admin", "Samverka demo-admin", "Samverka"),
    ("auditor", "Revisor (demo)", "Samverka"),
    ("fund", "Samordnare stimulansmedel (demo)", "Region Dalarna"),
]


def email_of(name: str) -> str:
    """Invented, clearly fake addresses under example.se (RFC 2606 style)."""
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    local = ".".join(name.lower().translate(table).replace("-", " ").split())
    return f"{local}@example.se"


ARENAS: list[dict[str, Any]] = [
    {
        "key": "27",
        "code": "2.7",
        "name": "Hälsofrämjande digitalt liv",
        "kind": "delarena",
        "description": (
            "Delarena inom Kraftsamling psykisk hälsa (SKR). Arbetsplanen syftar till ett "
            "långsiktigt, tvärsektoriellt arbete inom digitala lösningar för att främja den "
            "psykiska hälsan."
        ),
        "members": {key: "participant" for key, _, _ in PERSONS_27}
        | {"bengt": "moderator", "amanda": "secretary", "ingmarie": "convener"},
    },
    {
        "key": "dalarna",
        "code": "dalarna",
        "name": "Länsnätverket för förvaltningschefer, Dalarnas län (Länschefsnätverket)",
        "kind": "natverk",
        "description": (
            "Samverkans- och utvecklingsarbete inom psykisk hälsa och missbruk och beroende i "
            "Dalarnas län, med stöd av RSS (Avdelningen för Hälsa och välfärd, Region Dalarna)."
        ),
        "members": {},
    },
    {
        "key": "sk",
        "code": "SK",
        "name": "Samhällskontraktet – fokusområdets core team",
        "kind": "fokusomrade",
        "description": (
            "Samhällskontraktet mellan Eskilstuna kommun, Västerås stad och Mälardalens "
            "universitet: samskapad portfölj av initiativ, pilotbudget och testbäddar."
        ),
        "members": {key: "participant" for key, _, _ in PERSONS_SK}
        | {"petra": "moderator", "eric": "secretary"},
    },
]

INITIATIVES: list[dict[str, Any]] = [
    {
        "key": "271",
        "arena": "27",
        "code": "2.7.1",
        "title": "Sammanställa vilka för- och nackdelar en ökad digitalisering har för den psykiska hälsan",
        "background": (
            "Det finns ett behov av att stärka förståelsen för hur den ökade digitaliseringen "
            "påverkar den psykiska hälsan i såväl positiv som negativ riktning, och av att "
            "sammanställa argument för att medel avsätts för utveckling av digitala lösningar."
        ),
        "goal": (
            "Att utveckla ett väl underbyggt kunskapsunderlag kring hur digitaliseringen påverkar "
            "vår psykiska hälsa, samt hur utveckling av digitala verktyg och lösningar kan minska "
            "de hälsomässiga riskerna samt främja de hälsomässiga vinsterna."
        ),
        "objectives": [
            "Sammanställning av hälsomässiga konsekvenser",
            "Sammanställning av argument för att motivera utveckling på området",
        ],
        "perspectives": ["jamlikhet"],
        "status": "active",
        "participants": {"karin": "convener"},
        "milestones": [],
        "links": [],
    },
    {
        "key": "272",
        "arena": "27",
        "code": "2.7.2",
        "title": "Löpande samordning kring digitala lösningar för att främja psykisk hälsa",
        "background": (
            "Det saknas en nationell samordning och kunskapsdelning rörande digitala lösningar för "
            "psykisk hälsa. Olika tjänster utvecklas lokalt, vilket leder till dubbelarbete och "
            "variationer i slutprodukternas kvalitet."
        ),
        "goal": (
            "Initiera och driva en serie öppna samordningsmöten på temat ”Digitala lösningar för "
            "att främja psykisk hälsa”, för nationell kunskapsdelning, synkronisering och "
            "spridning av utvecklingsarbeten och ett forum för dialog."
        ),
        "objectives": [
            "Bjuda in och genomföra öppna samordningsmöten på tema ”Digitala lösningar för psykisk hälsa”",
        ],
        "perspectives": ["jamlikhet", "tillganglighet"],
        "status": "active",
        "participants": {"bengt": "moderator", "amanda": "secretary"},
        "milestones": [
            (
                "Sammanställa personer/organisation/aktörer att bjuda in till samordning",
                "September?",
            ),
            ("Bjuda in till första samordningsmöte", "Oktober?"),
            ("Planera fortsatt samordning", "Efter första mötet genomfört"),
        ],
        "links": [("Öppen samordning för psykisk hälsa i kristid", None)],
    },
    {
        "key": "273",
        "arena": "27",
        "code": "2.7.3",
        "title": "Utforma en övergripande strategi och ett kunskapsunderlag för digitala lösningar",
        "background": (
            "För att utvecklingen av digitala lösningar ska bli resurseffektiv behövs en "
            "övergripande strategi utifrån ett användar- och behovsperspektiv, så att lösningar "
            "kan länkas samman och stuprör, gap och dubbelarbete undviks."
        ),
        "goal": (
            "Att stärka kunskapsläget kring hur digitala lösningar bör utformas för olika "
            "målgruppers behov och preferenser, och på basen av detta utveckla en övergripande "
            "strategi för vilka digitala lösningar för psykisk hälsa som bör utvecklas."
        ),
        "objectives": [
            "Genomlysning och sammanställning av tidigare arbeten rörande digitala lösningar för (psykisk) hälsa",
            "Utforma en övergripande strategi för digitala lösningar för psykisk hälsa",
        ],
        "perspectives": ["tillganglighet"],
        "status": "proposed",
        "participants": {"anna": "convener"},
        "milestones": [
            (
                "UPH sammankallar till ett första möte med representanter från Inera, SKR samt "
                "samtliga deltagare i delarenan",
                "Oktober?",
            ),
        ],
        "links": [("Nationella eHälsa-strategin", None)],
    },
    {
        "key": "274",
        "arena": "27",
        "code": "2.7.4",
        "title": "Utveckla digitala lösningar för psykisk hälsa",
        "background": (
            "Det finns behov av att stärka kunskapsläget kring hur digitala lösningar bör "
            "utformas för olika målgrupper, och att konkret utveckla digitala lösningar som idag "
            "saknas samt förbättra befintliga tjänster."
        ),
        "goal": (
            "Att utveckla någon/några digitala lösningar och tjänster för psykisk hälsa, utifrån "
            "användardriven design som utgår från målgruppens behov, önskemål och kompetens."
        ),
        "objectives": [
            "Hälsofrämjande digitala insatser för psykisk hälsa, målgruppsanalys och rapport",
            "Arbeta för att utveckla lokal, regional alternativt nationell hälsoplattform",
            "Arbeta för att utveckla lokal, regional alternativt nationell plattform för insatser vid psykisk ohälsa",
        ],
        "perspectives": ["barnperspektivet", "tillganglighet"],
        "status": "proposed",
        "participants": {
            "annika": "convener",
            "anna": "convener",
            "emmy": "participant",
            "bengt": "participant",
            "emma": "participant",
            "linda": "participant",
            "nicolas": "participant",
            "asa": "participant",
            "jessica": "participant",
            "sara": "participant",
        },
        "milestones": [
            ("Målgruppsanalys: kunskapsunderlag kring målgruppens behov", "Hösten 2020"),
            (
                "Söka/utforma/prova ut nya eller förbättrade digitala lösningar utifrån GAP-analys",
                "Vår 2021?",
            ),
        ],
        "links": [
            (
                "RISE och Region Stockholm – Digital plattform för att främja psykisk hälsa och välbefinnande",
                None,
            ),
            ("Region Stockholm – BUP.se", "https://www.bup.se"),
            ("Delarena 3.2 Smart tillgänglighet till hjälp", None),
        ],
    },
]

_DAL = [
    ("1", "En bred behovsanalys av kunskapsbehov och arbete med SKRs ”Handslag”", "active"),
    (
        "2",
        "Implementering av regional ÖK missbruk och beroende samt VIP missbruk och beroende",
        "active",
    ),
    ("3", "Framtagande av generella stöd för implementering av kunskapsstöd", "proposed"),
    ("4", "Särskilda insatser med stöd av ÖK psykisk hälsa 2021 och 2022", "active"),
    ("4a", "Bostad Först i Borlänge (samsjuklighet)", "proposed"),
    ("4b", "Brukarinflytandesamordnare BISAM (brukarmedverkan)", "active"),
    ("4c", "Suicidpreventionssamordnare, Region Dalarna (suicidprevention)", "active"),
    ("4d", "Ungdomsmottagningar (primärvården, Barn- och ungdomsmedicin)", "active"),
    ("5", "Insatser inom fokusområde barn och unga och samsjuklighet", "active"),
    ("6", "Löpande arbete med regional handlingsplan psykisk hälsa", "active"),
]
INITIATIVES += [
    {
        "key": f"dal{n}",
        "arena": "dalarna",
        "code": f"D{n}",
        "title": title,
        "background": "",
        "goal": "",
        "objectives": [],
        "perspectives": [],
        "status": status,
        "participants": {},
        "milestones": [],
        "links": [],
    }
    for n, title, status in _DAL
]
INITIATIVES[-1]["milestones"] = [("Handlingsplanen aktualiserad och reviderad", "2022")]
INITIATIVES[-1]["objectives"] = ["Handlingsplanen är aktualiserad och reviderad intill 2022"]

_SK = [
    ("1", "Måltider och möten", "active", ["aldres-perspektiv"]),
    ("2", "Ofrivillig ensamhet och psykosocial hälsa", "proposed", ["aldres-perspektiv"]),
    (
        "3",
        "Analys av 100 intervjuer med individer som snart har behov av SÄBO",
        "proposed",
        ["aldres-perspektiv"],
    ),
    ("4", "Mentorskap – äldre hjälper äldre", "proposed", ["aldres-perspektiv"]),
]
INITIATIVES += [
    {
        "key": f"sk{n}",
        "arena": "sk",
        "code": f"SK.{n}",
        "title": title,
        "background": "",
        "goal": "",
        "objectives": [],
        "perspectives": persp,
        "status": status,
        "participants": {},
        "milestones": [],
        "links": [],
    }
    for n, title, status, persp in _SK
]

DAL_BODY = "Länschefsnätverket"
DECISIONS: list[dict[str, Any]] = [
    {
        "key": "dal-1",
        "arena": "dalarna",
        "date": "2020-12-18",
        "by": DAL_BODY,
        "initiatives": ["dal1"],
        "text": (
            "En bred behovsanalys ska genomföras i syfte att systematiskt undersöka "
            "kunskapsbehovet för att stödja socialtjänsten och hälso- och sjukvården inom området "
            "psykisk hälsa inkl. missbruk och beroende."
        ),
        "rationale": "Förslag från Styrgruppen för Länschefsnätverket efter strategidag.",
    },
    {
        "key": "dal-2",
        "arena": "dalarna",
        "date": "2020-12-18",
        "by": DAL_BODY,
        "initiatives": ["dal2"],
        "text": (
            "Implementering av den reviderade regionala samverkansöverenskommelsen missbruk och "
            "beroende samt det nya kunskapsstödet Vård- och insatsprogram (VIP) missbruk och "
            "beroende ska stödjas."
        ),
        "rationale": "Förslag från Styrgruppen för Länschefsnätverket efter strategidag.",
    },
    {
        "key": "dal-3",
        "arena": "dalarna",
        "date": "2020-12-18",
        "by": DAL_BODY,
        "initiatives": ["dal4", "dal5"],
        "text": (
            "Arbetet fördjupas inom två fokusområden: barn och unga och samsjuklighet, med "
            "uppdrag att förvalta och planera insatser med stöd av statliga stimulansmedel 2021 "
            "och 2022."
        ),
        "rationale": "Förslag från Styrgruppen för Länschefsnätverket efter strategidag.",
    },
    {
        "key": "dal-4",
        "arena": "dalarna",
        "date": "2020-12-18",
        "by": DAL_BODY,
        "initiatives": [],
        "review": "2021-02-19",
        "text": (
            "Styrgruppen ges i uppdrag att ytterligare beskriva och konkretisera arbetet genom "
            "att ta fram förslag på utvecklingsarbeten."
        ),
        "rationale": "Återrapporteras på Länschefsnätverkets möte 19 februari 2021.",
    },
    {
        "key": "dal-5",
        "arena": "dalarna",
        "date": "2020-12-18",
        "by": DAL_BODY,
        "initiatives": ["dal4b"],
        "text": "Verksamhetsplanen för BISAM 2021 godkänns.",
        "rationale": "BISAM förvaltar brukarmedverkansmedlen (1 mkr) och utgår från RSS.",
    },
    {
        "key": "sk-1",
        "arena": "sk",
        "date": "2024-01-12",
        "by": "Core team, Samhällskontraktet",
        "initiatives": [],
        "text": (
            "Core team omskapar diskussionen till konkreta initiativ via möten per organisation – "
            "därefter fattas löpande beslut i de kortare core team-mötena."
        ),
        "rationale": "Utblick 2024: samskapa portföljen tillsammans och skala upp.",
    },
]

# (initiative key, actor key, kind, value, comment) — a little history for the tour.
HISTORY: list[tuple[str, str, str, str, str]] = [
    ("274", "anna", "status", "active", "Målgruppsanalysen har startat"),
    ("272", "bengt", "health", "on-track", "Inbjudan till första samordningsmötet är skickad"),
    ("273", "anna", "health", "at-risk", "Väntar på datum från Inera"),
]
