# ruff: noqa: E501 -- the plan's sentences are kept whole, as the seed writes them
"""Värmland's plan for good mental health 2021–2024 (seed 002), as the demo
loads it: the long-term goal, the ten målbilder, the two strategic
directions and the insatsområden with their utmaningsfrågor and the
questions under "Att följa upp", as the plan writes them.

The seed names the ten brukarformulerade målbilder only as a figure, whose
words are not in the text: the demo calls them Målbild 1–10 and says so.
The organisations are Region Värmland and the county's 16 municipalities
with their SCB codes. Contact persons, activities' responsible organisations
beyond what bilaga 1 says, and the survey answers are invented for the demo.
"""

from __future__ import annotations

PLAN_CODE = "varmland-ph-2021"
TITLE = "Plan för god psykisk hälsa i Värmland 2021–2024"
GOAL = "God psykisk hälsa bland värmlänningarna"
PURPOSE = (
    "Personer i Värmland ska ha god psykisk hälsa. Genom att främja den psykiska hälsan och "
    "motverka ohälsa och suicid för personer i alla åldrar och satsa på ökad tillgänglighet av "
    "stöd och behandling av god kvalitet, när det gäller främjande och förbyggande arbete och "
    "behandling, är förhoppningen att ett närmande mot målet sker."
)
TARGET_NOTE = (
    "En av de tio brukarformulerade målbilderna (Experio Lab och Samsjuklighetsutredningen "
    "S 2020:08). Planen visar målbilderna i en figur; dess ordalydelse finns inte i textunderlaget."
)
DIRECTIONS = [
    ("S1", "Kunskaps- och behovsbaserade insatser",
     "Kunskaps och behovsbaserade förslag på aktiviteter har tagits fram i bred delaktighet "
     "tillsammans med verksamheter inom region och kommun i Värmland samt brukarrepresentanter."),
    ("S2", "Regional koordinering psykisk hälsa",
     "För att lyckas i genomförandet av insatserna krävs en utvecklad organisering i syfte att "
     "koordinera arbetet med psykisk hälsa i Värmland."),
]  # fmt: skip

# code, direction, title, utmaningsfrågor, uppföljningsfrågor (text, kind)
AREAS: list[tuple[str, str, str, list[str], list[tuple[str, str]]]] = [
    ("IO1", "S1", "Kompetensutveckling", [
        "Hur kan verksamheter bidra så att vårdnadshavare/omsorgsgivare (utifrån sin situation) har förståelse, kunskap och förmåga att stödja sina barn under hela uppväxten?",
        "Hur kan verksamheter bidra till att vårdnadshavare/omsorgsgivare till barn med NP upplever att de kan stödja sina barn utifrån sin situation?",
        "Hur kan aktörer agera så att möten och insatser till och för vårdnadshavare (omsorgsgivare upplevs som värdefulla?",
        "Hur kan självkänsla och trygghet hos människor oavsett ålder stärkas?",
        "Hur kan verksamheter underlätta att barn, unga och vuxna upplever mening med tillvaron och kan navigera i den värld de lever i?",
        "Hur kan medarbetares kompetens inom olika områden för att stödet till individer blir så bra som möjligt stärkas?",
        "Hur kan ett tillgängligt stöd för personal när det behövs skapas?",
        "Hur kan medarbetare stödjas i att se och agera på signaler / risk för ohälsa?",
        "Hur kan verksamheter lära av andra för att skapa mer värdefulla insatser?",
        "Hur kan engagemang, förståelse, kunskap och kompetens öka hos övriga aktörer i samhället att bidra i arbetet för psykisk hälsa bland befolkningen?",
        "Hur kan olika data från individer och befolkning, samlas in analyseras, förstås och kommuniceras för att förstå behov eller se mönster att utforska och lära av?",
    ], [
        ("Finns ett utvecklat föräldraskapsstöd?", "choice"),
        ("Hur ser stödinsatser ut för att öka ungas, men också vuxnas möjlighet att hantera svårigheter i livet?", "text"),
        ("Har personal kompetens för att se och agera på signaler/risk för ohälsa?", "choice"),
        ("Har arbete skett för att stärka individers självkänsla och trygghet att hantera lättare psykisk ohälsa?", "choice"),
        ("Har en ökning av vår förmåga att skapa värdefulla insatser genom att bedriva omvärldsbevakning och utbyten med andra aktörer skett?", "choice"),
        ("Har utveckling av förmåga att analysera, förstå och kommunicera olika typer av data skett?", "choice"),
    ]),
    ("IO2", "S1", "Tidig upptäckt", [
        "Hur kan vi systematiskt arbeta med att synliggöra risker och/eller signaler på ohälsa?",
        "Hur kan signalsystem skapas för att fånga upp behov så tidigt som möjligt?",
        "Hur kan vår förmåga att insatser ges direkt när ett behov synliggörs eller när insatsen är lämplig öka?",
        "Hur kan det synliggöras och säkerställas att planerad insats matchar individens behov?",
    ], [
        ("Används screenings och bedömningsinstrument i verksamheterna (t.ex. för att upptäcka missbruk våldsutsatthet, suicidalitet m.m.)?", "choice"),
        ("Är samordning och koordinering fungerande för att genomföra och matcha stöd rätt?", "choice"),
    ]),
    ("IO3", "S1", "Stöd och insats", [
        "Hur kan det skapas en för individen tydlig planering för det som ska ske?",
        "Hur kan det skapas trygghet och planering för personer som försökt ta sitt liv och för dennes anhöriga?",
        "Hur skulle olika myndigheter eller verksamheter kunna utforma arbetssätt så det av individer upplevs som ett sammanhållet och sömlöst stöd?",
        "Hur kan relevant stöd ges när det behövs som bäst?",
        "Hur skulle verksamheter kunna vara tillgängliga för olika individuella behov?",
        "Hur kan anhöriga stöttas?",
        "Hur kan stöd erbjuda som är logiskt och hänger ihop för den som behöver det?",
        "Hur kan ett behovs och kunskapsbaserat stöd erbjudas (inte bara erbjuda den hjälp som finns)?",
        "Hur kan personer i behov av att förändra sina levnadsvanor stöttas?",
        "Hur kan verksamheters stöd synliggöras för att underlätta för individer att göra val?",
        "Hur kan verksamheter samarbeta för att synliggöra helhet av insatser och/eller stöd?",
        "Hur kan verksamheter dela information för att identifiera tidiga signaler/risk för ohälsa?",
    ], [
        ("Har det skapats en tydlig planering och uppföljning av den?", "choice"),
        ("Finns en tydligare väg in till stöd och insats?", "choice"),
        ("Har tydligare utformat stöd till målgrupperna skapats?", "choice"),
        ("Har information vart man vänder sig och hur man gör skapats, som är tillgänglig för alla?", "choice"),
    ]),
    ("IO4", "S1", "Samverkan", [
        "Hur kan långsiktiga relationer skapas mellan verksamheter som skapar förutsättningar för gemensamma processer?",
        "Hur kan processer där flera verksamheter har en del i individens helhet tydliggöras och synliggöras?",
        "Hur kan samsyn av ansvar, uppföljning och resurssättning i gemensamma processer skapas?",
        "Hur kan samverkan/samverkansprocesser styras och följas upp?",
        "Hur vår förmåga att dela information som flera har nytta och behov av öka?",
        "Hur kan samarbete över organisatoriska gränser för att skapa ett brett utbud av insatser ske?",
        "Hur kan olika organisationers uppdrag och insatser/stöd för att skapa realistiska förväntningar både hos individer men även hos personal synliggöras?",
        "Hur kan verksamheter koordinera insatser så att de tillsammans skapar värde för individen?",
        "Hur kan verksamheter tillsammans skapa kontinuitet i kontakter med individer?",
        "Hur kan man i varje individkontakt ta ett större ansvar för individens hela situation?",
        "Hur kan det bättre nyttjas möjligheten i att olika kompetenser möter individer?",
    ], [
        ("Är övergripande riktlinjer och rutiner som gäller personcentrerat arbete kända?", "choice"),
        ("Känner idéburna föreningar att deras roll är tydlig och används på rätt sätt i förhållande till patienter och brukare?", "choice"),
        ("Finns en tydlig och effektiv omsorgskedja utifrån individens behov och delaktighet?", "choice"),
    ]),
    ("IO5", "S1", "Ledning och styrning", [
        "Hur kan en systematisk uppföljning med bred data som kan analyseras, förstås och användas som beslutsunderlag skapas?",
        "Hur kan uppföljning av beslutade insatser ske på ett bra (rätt?) sätt?",
        "Hur kan fokus/prioritering på moment som planering och uppföljning öka?",
        "Hur kan verksamheter bidra till systematisk brukarmedverkan i planering, genomförande och uppföljning?",
        "Hur kan ett systematiskt lärande av genomförda insatser/processer skapas?",
    ], [
        ("Hämta in resultat/effekter av genomförda aktiviteter vid årets slut och sammanställ dessa. Hinder och framgångsfaktorer i verksamheten?", "text"),
        ("Har sammanställning genomförts av t.ex. avvikelser? Nationell patientenkät? Vad visar de?", "text"),
    ]),
    ("IO6", "S2", "Stimulansmedlen inom överenskommelsen psykisk hälsa", [], [
        ("Ansvarsfördelning och budgetering av insatser.", "text"),
        ("Genomförd återrapportering till SKR.", "choice"),
    ]),
    ("IO7", "S2", "Utveckling av nycklarna", [], [
        ("Har de lagstadgade överenskommelserna samordnats?", "choice"),
    ]),
]  # fmt: skip

# A free-text question per kunskaps- och behovsbaserat insatsområde (the demo's own).
DONE_QUESTION = "Beskriv kort vad som har gjorts inom insatsområdet under året."

# code, name, kind, SCB code
ORGANISATIONS = [
    ("region-varmland", "Region Värmland", "region", "17"),
    ("kil", "Kils kommun", "kommun", "1715"),
    ("eda", "Eda kommun", "kommun", "1730"),
    ("torsby", "Torsby kommun", "kommun", "1737"),
    ("storfors", "Storfors kommun", "kommun", "1760"),
    ("hammaro", "Hammarö kommun", "kommun", "1761"),
    ("munkfors", "Munkfors kommun", "kommun", "1762"),
    ("forshaga", "Forshaga kommun", "kommun", "1763"),
    ("grums", "Grums kommun", "kommun", "1764"),
    ("arjang", "Årjängs kommun", "kommun", "1765"),
    ("sunne", "Sunne kommun", "kommun", "1766"),
    ("karlstad", "Karlstads kommun", "kommun", "1780"),
    ("kristinehamn", "Kristinehamns kommun", "kommun", "1781"),
    ("filipstad", "Filipstads kommun", "kommun", "1782"),
    ("hagfors", "Hagfors kommun", "kommun", "1783"),
    ("arvika", "Arvika kommun", "kommun", "1784"),
    ("saffle", "Säffle kommun", "kommun", "1785"),
]
COUNTY = "Värmlands län"

# Bilaga 1: code, area, title, responsible ("region", "kommuner" or none), target numbers
ACTIVITIES = [
    ("A1.1", "IO1", "Anhörigföreningar bör bjudas in till föräldrautbildning på BUP ang. NPF", "region", [1, 2]),
    ("A1.2", "IO1", "Ta tillvara erbjudanden från ideella organisationer ex: föreläsning \"livsviktigt snack – suicid zero\" – använda goda exempel från olika kommuner", "kommuner", [3]),
    ("A1.3", "IO1", "Öka kunskap bland personal om bemötande till målgrupperna. Erbjud stödfunktioner i vardagen. Möta behovet av struktur. Individanpassa verksamheter.", "region", [4, 5]),
    ("A1.4", "IO1", "Information om rätten till en SIP för individen och anhöriga. Höja kvaliteten på SIP, möten måste vara väl förberedda och följas upp.", "both", [6]),
]  # fmt: skip
ACTIVITY_PERSPECTIVES = {
    "A1.3": ("jamlikhet", "Jämlikhet över länet: samma kunskap om bemötande i alla kommuner."),
    "A1.4": ("barnperspektivet", "Barn och unga som anhöriga får del av SIP-informationen."),
}
# The plan names jämställdhet and jämlikhet among its cross-cutting perspectives.
PERSPECTIVE_GOALS = {
    "jamlikhet": (
        "I bred samverkan mellan aktörer och målgrupper som berörs utforma insatser för att öka "
        "jämlikheten i resurstillgång inom insatsområdena."
    ),
    "jamstalldhet": (
        "Utvärdera insatserna med avseende på de genomgående perspektiven; mål sätts för att följa "
        "hur de beaktas i alla åtgärderna."
    ),
}
