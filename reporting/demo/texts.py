"""Demo texts (Norwegian, as the office writes them): status narratives and the report's
introduction and decisions."""

RED_NARRATIVES = [
    "Leverandøren har varslet forsinkelse i integrasjonen mot kjernejournal. Ny plan legges "
    "fram for styringsgruppen i oktober; sluttdato forskyves et halvt år.",
    "Kostnadsoverskridelse etter endret omfang i anskaffelsen. Tiltakseier vurderer å dele "
    "leveransen i to trinn for å holde rammen.",
    "Koronapandemien har bundet opp nøkkelpersoner i helseforetakene; utprøvingen er utsatt "
    "og gevinstene kommer senere enn planlagt.",
]
YELLOW_NARRATIVES = [
    "Noe forsinket i testfasen, men tiltakene er under kontroll og sluttdato holder.",
    "Usikkerhet om finansiering for neste år; avklares i statsbudsjettet.",
    "Færre kommuner enn ventet har tatt løsningen i bruk; innføringsplanen justeres.",
]
IMPROVED = "Ny plan er vedtatt og bemanningen styrket; tiltaket er tilbake på sporet."
GREEN_TEXT = "Går etter planen."
DECISIONS = (
    "1. NUIT bes ta statusrapporten til orientering.\n"
    "2. NUIT bes gi råd om videre prioritering av tiltakene som har rød status, særlig "
    "forsinkelsen i integrasjonen mot kjernejournal som flere aktører er avhengige av.\n"
    "3. NUIT bes anbefale at porteføljekontoret følger opp tiltak med kostnadsøkning over "
    "10 prosent ved neste rapportering."
)
REPORT_TITLE = "Nasjonal e-helseportefølje september 2020"
INTRODUCTION = (
    "Porteføljerapporten gir NUIT, NUFA og Nasjonalt e-helsestyre et samlet bilde "
    "av status, utfordringer og utvikling i den nasjonale e-helseporteføljen etter "
    "andre tertial 2020."
)
