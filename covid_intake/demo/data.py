"""Demo content for the corona intake: the 20 categories of spring 2020 and suggestion texts.

Counts per category follow the 3 April 2020 picture (infection surveillance largest, then
"other", video, collaboration …) scaled to the 337 suggestions of 5 May 2020."""

# code, name, number of suggestions, working group index
CATEGORIES = [
    ("smitteovervaking", "Smitteovervåking", 72, 1),
    ("video", "Video", 38, 0),
    ("samhandling", "Samhandling mellom helseaktører", 28, 1),
    ("informasjon-innbyggere", "Generell informasjon til innbyggere", 24, 0),
    ("smittesporing", "Smittesporing", 26, 1),
    ("hjemmeoppfolging", "Digital hjemmeoppfølging", 22, 0),
    ("vurdering-helsetilstand", "Vurdering av helsetilstand", 19, 0),
    ("rekruttering", "Rekruttering og mobilisering", 15, 1),
    ("testing", "Testing og prøvesvar", 8, 1),
    ("symptomregistrering", "Symptomregistrering og selvrapportering", 7, 0),
    ("kapasitet", "Kapasitet og ressursoversikt", 6, 1),
    ("utstyr", "Smittevernutstyr og logistikk", 5, 1),
    ("psykisk-helse", "Psykisk helse og ensomhet", 5, 0),
    ("sarbare-grupper", "Sårbare grupper og pårørende", 4, 0),
    ("digital-dialog", "Digital dialog med fastlegen", 5, 0),
    ("legemidler", "Legemidler og e-resept", 4, 1),
    ("beslutningsstotte", "Beslutningsstøtte for helsepersonell", 4, 1),
    ("data-analyse", "Data, analyse og forskning", 3, 1),
    ("opplaering", "Opplæring og kompetanse", 2, 1),
    ("annet", "Annet", 39, 0),
]

WORKING_GROUPS = [
    (
        "Arbeidsgruppe innbyggertjenester",
        "Vurderer innspill om tjenester til innbyggere: video, informasjon, hjemmeoppfølging.",
    ),
    (
        "Arbeidsgruppe smittevern og samhandling",
        "Vurderer innspill om smitteovervåking, smittesporing, testing og samhandling.",
    ),
]

# Per category: (title, description, what it solves, target groups c/h/a)
IDEAS = {
    "smitteovervaking": [
        (
            "Daglig oversikt over smittetall per kommune",
            "Et felles dashbord som henter meldinger fra MSIS og laboratoriene og viser nye tilfeller per kommune hver morgen.",
            "Kommuneoverleger mangler et samlet og oppdatert bilde av smitten lokalt.",
            "ha",
        ),
        (
            "Automatisk varsling av utbrudd på sykehjem",
            "Sykehjemmene registrerer symptomer hos beboere og ansatte i fagsystemet, og kommunelegen får varsel når flere får symptomer samme uke.",
            "Utbrudd på sykehjem oppdages for sent.",
            "ha",
        ),
        (
            "Overvåking av sykefravær blant helsepersonell",
            "Anonymisert oversikt over fravær på grunn av sykdom og karantene i helseforetak og kommuner, oppdatert daglig.",
            "Ledere kan ikke planlegge bemanning uten å vite hvor mange som er borte.",
            "ah",
        ),
        (
            "Avløpsvann som tidlig varsel om smitte",
            "Prøver av avløpsvann analyseres for virus, og resultatene legges inn i en felles løsning for kommunene.",
            "Smitteøkning oppdages før folk tester seg.",
            "a",
        ),
    ],
    "video": [
        (
            "Videokonsultasjon for alle fastleger",
            "Gi alle fastleger tilgang til en godkjent og sikker løsning for videokonsultasjon integrert med timebok og journal.",
            "Pasienter kan ikke møte på legekontoret uten smitterisiko.",
            "ch",
        ),
        (
            "Video mellom sykehjem og pårørende",
            "Nettbrett med enkel videoløsning på alle sykehjem slik at beboere kan snakke med familien under besøksforbudet.",
            "Beboere blir isolert når pårørende ikke får komme.",
            "c",
        ),
        (
            "Videotolk i helsetjenesten",
            "Tolketjeneste over video i konsultasjoner med pasienter som ikke snakker norsk.",
            "Fremmedspråklige pasienter får ikke god nok informasjon om smittevern.",
            "ch",
        ),
    ],
    "samhandling": [
        (
            "Felles oversikt over covid-pasienter mellom sykehus og kommune",
            "Utskrivningsklare covid-pasienter meldes elektronisk til kommunen med smittestatus og behov for oppfølging.",
            "Kommunene får ikke vite smittestatus ved utskrivning.",
            "ha",
        ),
        (
            "Deling av prøvesvar med fastlegen",
            "Prøvesvar fra teststasjoner sendes automatisk til pasientens fastlege.",
            "Fastlegen må ringe rundt for å finne svar på tester.",
            "h",
        ),
        (
            "Felles meldingsformat for karantene",
            "Et standard elektronisk format for å melde karantene mellom kommune, arbeidsgiver og NAV.",
            "Informasjon om karantene sendes på papir og e-post.",
            "a",
        ),
    ],
    "informasjon-innbyggere": [
        (
            "Chatbot med svar om koronaviruset",
            "En chatbot på helsenorge.no som svarer på vanlige spørsmål om smitte, karantene og testing, oppdatert fra FHI.",
            "Koronatelefonen er overbelastet.",
            "c",
        ),
        (
            "Informasjon på mange språk",
            "Oversatte og lettleste råd om smittevern på de 20 vanligste språkene, publisert ett sted.",
            "Innvandrere får ikke med seg rådene.",
            "c",
        ),
        (
            "SMS-varsling om nye smitteverntiltak",
            "Innbyggere kan abonnere på SMS når kommunen innfører nye tiltak.",
            "Folk vet ikke hvilke regler som gjelder der de bor.",
            "ca",
        ),
    ],
    "smittesporing": [
        (
            "Smittesporingsapp med Bluetooth",
            "En app som registrerer nærkontakt via Bluetooth og varsler brukere som har vært nær en smittet person.",
            "Manuell smittesporing tar for lang tid.",
            "ca",
        ),
        (
            "Digitalt verktøy for smittesporingsteam",
            "Et felles verktøy for kommunenes smittesporere med kontaktlister, oppfølging og statistikk.",
            "Smittesporing gjøres i regneark og på papir.",
            "ah",
        ),
        (
            "Registrering av besøkende på serveringssteder",
            "QR-kode ved inngangen slik at gjester kan registrere seg for eventuell smittesporing.",
            "Det er vanskelig å finne nærkontakter fra restaurantbesøk.",
            "ca",
        ),
    ],
    "hjemmeoppfolging": [
        (
            "Hjemmeoppfølging av covid-pasienter med pulsoksymeter",
            "Pasienter med mild sykdom får pulsoksymeter og rapporterer målinger i en app som følges opp av kommunen.",
            "Pasienter blir innlagt for observasjon som kunne skjedd hjemme.",
            "ch",
        ),
        (
            "Digital oppfølging av kronisk syke i karantene",
            "Kronisk syke som må holde seg hjemme følges opp med målinger og digital dialog.",
            "Kronisk syke uteblir fra kontroller av frykt for smitte.",
            "ch",
        ),
    ],
    "vurdering-helsetilstand": [
        (
            "Symptomsjekker for korona",
            "En digital symptomsjekker som hjelper innbyggere å vurdere om de bør teste seg eller kontakte lege.",
            "Legevakten får mange henvendelser fra friske.",
            "ch",
        ),
        (
            "Digital triage før legevakt",
            "Innbyggere fyller ut et skjema før de ringer legevakten slik at sykepleier kan prioritere.",
            "Lange køer på telefon til legevakten.",
            "ch",
        ),
    ],
    "rekruttering": [
        (
            "Register over tilgjengelig helsepersonell",
            "En nasjonal oversikt der pensjonerte og studenter kan melde seg som tilgjengelige for helsetjenesten.",
            "Kommunene finner ikke ekstra personell.",
            "ha",
        ),
        (
            "Digital kompetansekartlegging av ansatte",
            "Kartlegging av hvem som har intensivkompetanse og kan omdisponeres.",
            "Sykehusene vet ikke hvem som kan flyttes til intensiv.",
            "ha",
        ),
    ],
    "testing": [
        (
            "SMS med prøvesvar",
            "Negative prøvesvar sendes automatisk på SMS og vises på helsenorge.no.",
            "Testede venter lenge på svar og ringer fastlegen.",
            "ch",
        ),
        (
            "Timebestilling til koronatest på nett",
            "Innbyggere bestiller time til test på nett i stedet for å ringe.",
            "Telefonkøer til teststasjonene.",
            "ca",
        ),
    ],
    "symptomregistrering": [
        (
            "Selvrapportering av symptomer på Helsenorge",
            "Innbyggere kan rapportere symptomer digitalt, og FHI får anonymiserte data om utviklingen.",
            "Myndighetene mangler data om folk som ikke tester seg.",
            "ca",
        ),
    ],
    "kapasitet": [
        (
            "Nasjonal oversikt over intensivsenger",
            "Sanntidsoversikt over ledige intensivsenger og respiratorer i alle helseforetak.",
            "Pasienter må flyttes uten oversikt over kapasitet.",
            "ah",
        ),
    ],
    "utstyr": [
        (
            "Lageroversikt for smittevernutstyr",
            "Felles oversikt over beholdning og forbruk av munnbind, hansker og frakker i kommuner og sykehus.",
            "Mangel på utstyr oppdages for sent.",
            "ah",
        ),
    ],
    "psykisk-helse": [
        (
            "Digitalt lavterskeltilbud for psykisk helse",
            "Selvhjelpsprogram og chat med psykolog for dem som sliter med ensomhet under pandemien.",
            "Flere opplever angst og ensomhet.",
            "c",
        ),
    ],
    "sarbare-grupper": [
        (
            "Digital kontakt med hjemmeboende eldre",
            "Daglig digital innsjekk for hjemmeboende eldre som bor alene.",
            "Eldre som bor alene blir isolert og oversett.",
            "ch",
        ),
    ],
    "digital-dialog": [
        (
            "E-konsultasjon hos fastlegen for alle",
            "Alle fastleger tilbyr e-konsultasjon og timebestilling via helsenorge.no.",
            "Pasienter må ringe og møte opp for enkle spørsmål.",
            "ch",
        ),
    ],
    "legemidler": [
        (
            "Utvidet reseptfornyelse uten legebesøk",
            "Fornyelse av faste resepter digitalt, med varsel til pasienten når resepten er klar.",
            "Pasienter møter opp for å fornye resepter.",
            "ch",
        ),
    ],
    "beslutningsstotte": [
        (
            "Oppdaterte behandlingsråd i journalsystemet",
            "Nasjonale råd for behandling av covid-19 vises direkte i journalsystemet.",
            "Leger finner ikke siste versjon av rådene.",
            "h",
        ),
    ],
    "data-analyse": [
        (
            "Beredskapsregister for covid-19",
            "Samle data fra registre daglig for analyse av smitte, sykdom og tiltak.",
            "Tiltak vurderes uten gode data.",
            "a",
        ),
    ],
    "opplaering": [
        (
            "E-læring i smittevern for helsepersonell",
            "Kort e-læringskurs i bruk av smittevernutstyr for alle ansatte.",
            "Nyansatte og omdisponerte kan ikke smittevern.",
            "h",
        ),
    ],
    "annet": [
        (
            "Digital signatur på fullmakter",
            "Pårørende kan gi fullmakt digitalt i stedet for på papir.",
            "Pårørende må møte opp for å levere fullmakt.",
            "c",
        ),
        (
            "Hjemmekontorløsning for helsepersonell",
            "Sikker tilgang til journal hjemmefra for helsepersonell i karantene.",
            "Friske ansatte i karantene kan ikke jobbe.",
            "h",
        ),
        (
            "Digital besøksbooking på sykehus",
            "Pårørende bestiller besøkstid digitalt for å begrense antall i bygget.",
            "For mange besøkende samtidig.",
            "ca",
        ),
    ],
}

SETTINGS = [
    "i kommunene",
    "på sykehjem",
    "i hjemmetjenesten",
    "for fastlegekontor",
    "på legevakt",
    "i helseforetakene",
    "for små kommuner",
    "i Nord-Norge",
    "for skolehelsetjenesten",
    "for apotek",
]
EXTRA = [
    "Løsningen kan bygge på eksisterende nasjonale e-helseløsninger.",
    "Vi har testet en enkel versjon lokalt med gode erfaringer.",
    "Det bør kunne tas i bruk i løpet av få uker.",
    "Personvern må vurderes, men data kan anonymiseres.",
    "Flere kommuner har meldt samme behov.",
    "Leverandørene har sagt at de kan levere raskt.",
    "Ordningen bør evalueres etter sommeren.",
    "Dette vil avlaste både legevakt og fastleger.",
]
SUBMITTERS = [
    ("Ingrid Haugen", "Bergen kommune"),
    ("Lars Nilsen", "Helse Bergen"),
    ("Marte Solberg", ""),
    ("Ole Johansen", "Tromsø kommune"),
    ("Sara Ahmed", "Legeforeningen"),
    ("Kjetil Berg", "Sykehuset Innlandet"),
    ("Hilde Lund", "Norsk Sykepleierforbund"),
    ("Per Kristiansen", ""),
    ("Anne Dahl", "Trondheim kommune"),
    ("Jonas Eriksen", "Teknologibedrift AS"),
]
