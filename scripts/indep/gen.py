#!/usr/bin/env python3
"""Independent layout generator for ikplan (written without reading ikplan's sources or its generator).

usage: gen.py --seed 1 --n 150 --out gen_out [--formats xlsx,csv,...] [--n-office 60]

Each case: a random model (plan or follow-up) rendered in a random layout, plus <case>.expected.json
(what a careful human reads from that rendering, in shared/acceptance form) and <case>.features.json.
ods and xls are made from xlsx files by one soffice call per target format.
"""
import argparse
import csv
import io
import json
import os
import random
import subprocess
import textwrap
from datetime import date, timedelta

# ---------------------------------------------------------------- vocabularies
NAMNDER = ["Socialnämnden", "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Tekniska nämnden",
           "Kultur- och fritidsnämnden", "Miljö- och byggnämnden", "Vård- och omsorgsnämnden",
           "Samhällsbyggnadsnämnden", "Utbildningsnämnden", "Överförmyndarnämnden"]
KOMMUNER = ["Ekeby", "Norrvik", "Sjöstad", "Åsele-by", "Lindköping", "Västerå"]
KATEGORIER = ["Ekonomi", "Verksamhet", "Medarbetare", "Medborgare", "Invånare", "Regelefterlevnad",
              "Information och IT", "Styrning och ledning"]
PROCESSER = ["Inköp och upphandling", "Löneprocessen", "Fakturahantering", "Myndighetsutövning",
             "Dokumenthantering", "Kompetensförsörjning", "Informationssäkerhet", "Budget och prognos",
             "Avtalshantering", "Arbetsmiljö", "Delegering", "Bidragshantering"]
RISKS = [
    ("Felaktiga utbetalningar", "Risk att ekonomiskt bistånd betalas ut felaktigt eller till fel mottagare."),
    ("Inköp utanför avtal", "Risk att inköp görs hos leverantörer som kommunen saknar avtal med."),
    ("Bristande attest", "Risk att fakturor attesteras av person som saknar behörighet."),
    ("Hot och våld mot personal", "Risk att medarbetare utsätts för hot eller våld i arbetet."),
    ("Otillbörlig åtkomst till personuppgifter", "Risk att obehöriga läser uppgifter i verksamhetssystemet."),
    ("Kompetensförsörjning", "Risk att vakanta tjänster inte kan tillsättas med utbildad personal."),
    ("Representation och gåvor", "Risk att representation sker i strid mot riktlinjerna."),
    ("Jäv vid myndighetsutövning", "Risk att handläggare fattar beslut i ärenden där jäv föreligger."),
    ("Bristande dokumentation", "Risk att beslut och åtgärder inte dokumenteras enligt gällande regler."),
    ("Felaktig lönehantering", "Risk att lön betalas ut för fel period eller med fel belopp."),
    ("Bristande avtalsuppföljning", "Risk att avtal löper ut utan att förnyas eller följas upp."),
    ("Överskridande av budget", "Risk att verksamheten inte håller sig inom tilldelad budgetram."),
    ("Brister i informationssäkerheten", "Risk att lösenord delas och att behörigheter inte tas bort vid avslut."),
    ("Delegationsbeslut anmäls inte", "Risk att beslut fattade på delegation inte anmäls till nämnden."),
    ("Felaktig hantering av allmänna handlingar", "Risk att allmänna handlingar inte registreras eller diarieförs."),
    ("Otillräcklig brandsäkerhet", "Risk att systematiskt brandskyddsarbete inte bedrivs i lokalerna."),
    ("Sen handläggning av bygglov", "Risk att lagstadgade handläggningstider inte hålls."),
    ("Kontanthantering", "Risk för förlust eller stöld vid hantering av kontanter och värdehandlingar."),
    ("Bisysslor", "Risk att medarbetare har bisysslor som är förtroendeskadliga."),
    ("Felaktig fakturering av avgifter", "Risk att avgifter för omsorg debiteras felaktigt."),
    ("Bristande rehabiliteringsarbete", "Risk att rehabiliteringsärenden inte startas i tid."),
    ("Synpunkter och klagomål hanteras inte", "Risk att synpunkter från invånare inte besvaras eller följs upp."),
    ("Statsbidrag återkrävs", "Risk att sökta statsbidrag inte används enligt villkoren och återkrävs."),
    ("Läkemedelshantering", "Risk att läkemedel hanteras felaktigt inom hemtjänsten."),
    ("Lex Sarah-rapportering", "Risk att missförhållanden inte rapporteras och utreds."),
    ("Leverantörsbedrägeri", "Risk att falska fakturor eller ändrade kontonummer leder till utbetalning."),
    ("Inventarieförteckning saknas", "Risk att inventarier försvinner utan att det upptäcks."),
    ("Fordonshantering", "Risk att kommunens fordon används för privat bruk."),
]
CONTROLS = [
    ("Stickprov av utbetalningar", "Stickprov om 20 utbetalningar per kvartal jämförs mot beslut."),
    ("Kontroll av avtalstrohet", "Uttag ur inköpssystemet, analys av leverantörer utan avtal."),
    ("Kontroll av attesträtt", "Jämförelse mellan attestförteckning och utförda attester."),
    ("Uppföljning av tillbudsrapporter", "Genomgång av rapporterade tillbud i KIA."),
    ("Loggkontroll i verksamhetssystem", "Slumpvis urval av loggar granskas av systemförvaltare."),
    ("Kartläggning av vakanser", "Sammanställning av vakanta tjänster per enhet."),
    ("Granskning av representationsfakturor", "Samtliga representationsfakturor över 5 000 kr granskas."),
    ("Jävsdeklarationer", "Kontroll att jävsdeklaration finns för samtliga handläggare."),
    ("Granskning av journalanteckningar", "Stickprov om tio akter per enhet."),
    ("Avstämning av lönelistor", "Chef stämmer av lönelista mot schema varje månad."),
    ("Genomgång av avtalsdatabasen", "Kontroll av avtal som löper ut inom sex månader."),
    ("Månadsvis budgetuppföljning", "Prognos och utfall analyseras i ledningsgruppen."),
    ("Behörighetsgenomgång", "Lista över aktiva konton jämförs med personalförteckningen."),
    ("Anmälan av delegationsbeslut", "Kontroll att samtliga delegationsbeslut anmälts till nämnden."),
    ("Registrering av inkommande handlingar", "Stickprov på inkommen post mot diariet."),
    ("Egenkontroll brandskydd", "Checklista för systematiskt brandskyddsarbete gås igenom."),
    ("Uppföljning av handläggningstider", "Uttag ur ärendesystemet med tid från komplett ansökan till beslut."),
    ("Kassainventering", "Oanmäld inventering av handkassor."),
    ("Inventering av bisysslor", "Enkät till samtliga chefer om anmälda bisysslor."),
    ("Kontroll av avgiftsbeslut", "Stickprov på fakturerade avgifter mot beslut och inkomstuppgifter."),
    ("Uppföljning av rehabärenden", "Kontroll att rehabplan upprättats inom 30 dagar."),
    ("Sammanställning av synpunkter", "Genomgång av inkomna synpunkter och svarstider."),
    ("Redovisning av statsbidrag", "Kontroll att redovisning lämnats i tid och enligt villkor."),
    ("Läkemedelsgenomgång", "Avvikelser i läkemedelshanteringen sammanställs."),
    ("Uppföljning av lex Sarah", "Genomgång av rapporter och utredningar."),
    ("Kontroll av ändrade bankuppgifter", "Samtliga ändringar av leverantörers kontonummer verifieras."),
    ("Inventering av inventarier", "Årlig inventering mot förteckning."),
    ("Granskning av körjournaler", "Körjournaler jämförs mot bokningar."),
    ("Utbildning i attestreglementet", "Alla attestanter genomgår utbildning."),
    ("Revidering av rutin", "Rutinen ses över och kommuniceras på APT."),
]
ROLES = ["Ekonomichef", "Controller", "Förvaltningschef", "Enhetschef", "HR-chef", "Systemförvaltare",
         "Verksamhetschef", "Upphandlare", "Nämndsekreterare", "Registrator", "Kvalitetsutvecklare",
         "Avdelningschef", "Lönehandläggare", "Säkerhetssamordnare", "Socialchef", "MAS",
         "Ekonom", "Kanslichef", "Förvaltningsekonom", "Rektor"]
FREKVENS = ["Årligen", "Två gånger per år", "En gång/kvartal", "Varje månad", "Löpande", "Stickprov 2 ggr/år",
            "Kvartalsvis", "Varje tertial", "1 gång per år", "Halvårsvis"]
UPPF_NAR = ["Delår och helår", "Vid delår", "Helår", "Q1", "T2", "Nämnden, oktober", "mars", "Vid delårsbokslut",
            "Nämnden i augusti och februari", "Tertial 2", "Årsbokslut", "Vid delår och årsbokslut"]
RESULTAT = ["Kontrollen är genomförd utan anmärkning.", "20 stickprov granskade, två saknade underskrift.",
            "Rutinen har reviderats och gåtts igenom på APT.", "Inga avvikelser upptäcktes vid granskningen.",
            "Arbetet har påbörjats men är inte slutfört på grund av vakanser.",
            "Tre av tio akter saknade fullständig dokumentation.", "Kontrollen har skjutits upp till nästa år.",
            "Samtliga behörigheter är genomgångna och åtta konton har avslutats.",
            "Handläggningstiden var i snitt 6 veckor, vilket är inom lagkravet."]
ATGARD = ["Påminnelse om rutinen till alla chefer.", "Utbildning för attestanter under hösten.",
          "Ny kontroll vid nästa delår.", "Rutinen ska revideras.", "Ingen ny åtgärd behövs.",
          "Uppföljning i ledningsgruppen i november."]
STATUS = ["Ej påbörjad", "Pågående", "Genomförd", "Ej genomförd", "Inställd"]
STATUS_SYN = {"Genomförd": ["Klar", "Utförd", "genomförd", "GENOMFÖRD", "✔ Genomförd"],
              "Pågående": ["Pågår", "Påbörjad", "pågående", "▶ Pågående"],
              "Ej påbörjad": ["Ej startad", "ej påbörjad"], "Ej genomförd": ["ej genomförd"], "Inställd": ["inställd"]}
BEDOMNING = ["Inga brister", "Mindre brister", "Väsentliga brister", "Allvarliga brister", "Ingen bedömning gjord"]
S_LABEL = {1: "Osannolik", 2: "Mindre sannolik", 3: "Möjlig", 4: "Sannolik", 5: "Mycket sannolik"}
K_LABEL = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig", 5: "Mycket allvarlig"}
S_LABEL2 = {1: "Mycket liten", 2: "Liten", 3: "Måttlig", 4: "Stor", 5: "Mycket stor"}
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]

HEAD = {
    "nr": ["Nr", "Nr.", "#", "Risknr", "Löpnr", "Id"],
    "riskomrade": ["Riskområde", "Risk", "Identifierad risk", "Kontrollområde", "Risker", "Riskidentifiering",
                   "Vad kan gå fel?", "Kontrollpunkt"],
    "riskbeskrivning": ["Riskbeskrivning", "Beskrivning av risk", "Beskrivning av risken", "Vad innebär risken?",
                        "Beskrivning", "Risken består i"],
    "kategori": ["Område", "Kategori", "Riskkategori", "Perspektiv",
                 "Område ekonomi verksamhet medborgare medarbetare", "Typ av risk"],
    "process": ["Process", "Rutin/process", "Process/rutin", "Verksamhetsprocess", "Processområde", "Rutin"],
    "s": ["Sannolikhet", "S", "Sannolikhet (1-5)", "Sannolikhet (S)", "Sannolikh.", "Sann."],
    "k": ["Konsekvens", "K", "Konsekvens (1-5)", "Konsekvens (K)", "Kons.", "Konsekvens/väsentlighet"],
    "rv": ["Riskvärde", "RV", "Risk (S x K)", "Riskvärde (SxK)", "Bedömt riskvärde", "Riskpoäng", "Risknivå"],
    "kontroll": ["Kontrollmoment", "Kontroll", "Vad ska kontrolleras?", "Kontrollaktivitet", "Kontrollåtgärd",
                 "Internkontrollmoment", "Vad kontrolleras"],
    "atgard_k": ["Beslut om åtgärd", "Åtgärd", "Planerad åtgärd", "Åtgärder", "Beslutad åtgärd", "Förebyggande åtgärd"],
    "metod": ["Metod", "Hur ska kontrollen genomföras?", "Kontrollmetod", "Metod för kontroll", "Tillvägagångssätt",
              "Hur genomförs kontrollen", "Metod Hur ska kontrollen genomföras?"],
    "ansvarig": ["Ansvarig", "Ansvarig för kontrollen", "Kontrollansvarig", "Vem genomför kontrollen?", "Utförare",
                 "Ansv.", "Ansvarig funktion"],
    "rapp": ["Rapporteringsansvarig", "Rapporteras av", "Ansvarig för rapportering", "Rapportör",
             "Ansvarig för återrapportering", "Rapporterande"],
    "frekvens": ["Frekvens", "Hur ofta", "Kontrollfrekvens", "Periodicitet", "Intervall", "När/hur ofta",
                 "Frekvens/omfattning"],
    "start": ["Startdatum", "Start", "Påbörjas", "Datum start", "Startdatum för kontroll", "Från"],
    "slut": ["Slutdatum", "Klart senast", "Slut", "Färdigdatum", "Ska vara klar", "Klart datum"],
    "avst": ["Avstämningsdatum", "Avstämning", "Avstämningar", "Avstämningstillfällen", "Datum för avstämning",
             "Avstämningsdatum (datum)"],
    "uppf_nar": ["Rapporteras till och när", "När följs kontrollen upp?", "Uppföljning när", "Tidpunkt för rapportering",
                 "Rapportering", "Uppföljning", "Återrapportering"],
    "status": ["Status", "Läge", "Status för kontrollen", "Genomförandestatus", "Status/genomförande", "Statusmarkering"],
    "bedomning": ["Kontrollbedömning", "Bedömning", "Samlad bedömning", "Bedömning av brister", "Bedömning av kontrollen",
                  "Utfall (bedömning)"],
    "resultat": ["Resultat", "Resultat av uppföljning", "Iakttagelser", "Resultat/kommentar", "Utfall av kontroll",
                 "Redovisning", "Kommentar per delår"],
    "ny_atgard": ["Ny åtgärd", "Förslag till åtgärd", "Ny uppföljning eller åtgärd", "Åtgärd vid brist",
                  "Vidtagna/planerade åtgärder", "Åtgärd med anledning av resultatet"],
}
EXTRA_HEADS = ["Kommentar", "Signatur", "Q1", "Q2", "Q3", "Q4", "Rutin finns (Ja/Nej)", "Dnr", "Internkontroll (Ja/Nej)"]

FEATURES = ["shuffle_cols", "extra_cols", "meta_lines", "section_rows", "risk_merged", "risk_repeated",
            "risk_blank", "sk_plain", "sk_labelled", "sk_level", "sk_combined", "sk_paren", "sk_product",
            "sk_colour", "two_row_header", "fu_beside", "fu_keyed", "fu_two_periods", "two_tables", "cards",
            "date_forms", "people_lists", "empty_rows_notes", "long_cells", "page_breaks", "status_legend",
            "instruction_sheet", "html_cells", "split_cell", "numbered_sections", "upper_sections"]


def pick(r, xs):
    return xs[r.randrange(len(xs))]


# ---------------------------------------------------------------- model
def make_model(r):
    typ = "uppfoljning" if r.random() < 0.45 else "plan"
    ar = r.randint(2015, 2025)
    m = {"typ": typ, "ar": ar, "namnd": pick(r, NAMNDER), "kommun": pick(r, KOMMUNER),
         "period": None, "scale": 4 if r.random() < 0.2 else 5}
    if typ == "uppfoljning":
        m["period"] = pick(r, ["delar", "helar"])
    n_risks = r.randint(3, 25)
    risks = r.sample(RISKS, min(n_risks, len(RISKS)))
    while len(risks) < n_risks:
        t, d = pick(r, RISKS)
        risks.append((t + " " + pick(r, ["inom hemtjänsten", "i skolan", "vid upphandling", "i förvaltningen",
                                         "inom IFO", "vid nyanställning"]) + f" {len(risks)}", d))
    m["risker"] = []
    for i, (t, d) in enumerate(risks):
        s, k = r.randint(1, m["scale"]), r.randint(1, m["scale"])
        rk = {"nummer": str(i + 1), "riskomrade": t, "riskbeskrivning": d, "kategori": pick(r, KATEGORIER),
              "process": pick(r, PROCESSER), "s": s, "k": k, "rv": s * k, "kontroller": []}
        for j in range(r.choice([1, 1, 1, 2, 2, 3, 4])):
            c, meth = pick(r, CONTROLS)
            st = date(ar, r.randint(1, 4), 1)
            sl = date(ar, 12, r.choice([15, 31]))
            av = sorted({date(ar, r.randint(5, 10), r.choice([1, 15, 30 if True else 1])) for _ in range(r.randint(1, 2))})
            kt = {"kontroll": c, "metod": meth, "ansvarig": r.sample(ROLES, r.choice([1, 1, 2, 3])),
                  "rapp": r.sample(ROLES, 1), "frekvens": pick(r, FREKVENS), "start": st, "slut": sl, "avst": av,
                  "uppf_nar": pick(r, UPPF_NAR), "nummer": f"{i + 1}.{j + 1}", "fu": {}}
            for per in ("delar", "helar"):
                kt["fu"][per] = {"status": pick(r, STATUS), "bedomning": pick(r, BEDOMNING),
                                 "resultat": pick(r, RESULTAT), "ny_atgard": pick(r, ATGARD) if r.random() < 0.6 else None}
            rk["kontroller"].append(kt)
        m["risker"].append(rk)
    return m


# ---------------------------------------------------------------- layout decisions
def choose_layout(r, m, fmt):
    f = set()
    fu = m["typ"] == "uppfoljning"
    cards = r.random() < 0.08
    if cards:
        f.add("cards")
    if r.random() < 0.35:
        f.add("shuffle_cols")
    if r.random() < 0.3:
        f.add("extra_cols")
    if r.random() < 0.5:
        f.add("meta_lines")
    if r.random() < 0.3 and not cards:
        f.add("section_rows")
        if r.random() < 0.4:
            f.add("numbered_sections")
        if r.random() < 0.3:
            f.add("upper_sections")
    f.add(pick(r, ["risk_merged", "risk_merged", "risk_repeated", "risk_blank"]) if fmt not in ("csv_semi", "csv_comma") or True else "risk_blank")
    if fmt.startswith("csv") and "risk_merged" in f:
        f.discard("risk_merged"); f.add("risk_blank")
    f.add(pick(r, ["sk_plain", "sk_plain", "sk_labelled", "sk_level", "sk_combined", "sk_paren", "sk_product", "sk_colour"]))
    if r.random() < 0.3 and not cards:
        f.add("two_row_header")
    if fu:
        if r.random() < 0.35:
            f.add("fu_two_periods")
            m["period"] = "helar"
        if r.random() < 0.2 and not cards:
            f.add("fu_keyed")
        else:
            f.add("fu_beside")
        if r.random() < 0.2:
            f.add("status_legend")
    if r.random() < 0.15 and not cards and "fu_keyed" not in f:
        f.add("two_tables")
    if r.random() < 0.35:
        f.add("date_forms")
    if r.random() < 0.35:
        f.add("people_lists")
    if r.random() < 0.3:
        f.add("empty_rows_notes")
    if r.random() < 0.3:
        f.add("long_cells")
    if fmt in ("text", "layout") and r.random() < 0.5 and not cards:
        f.add("page_breaks")
        if fmt == "text" and r.random() < 0.5:
            f.add("split_cell")
    if fmt == "text" and r.random() < 0.5:
        f.add("html_cells")
    if fmt in ("xlsx", "ods", "xls") and r.random() < 0.25:
        f.add("instruction_sheet")
    return f


def fmt_date(r, d, forms):
    form = pick(r, forms)
    if form == "iso":
        return d.isoformat()
    if form == "slash":
        return f"{d.day}/{d.month} {d.year}"
    if form == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if form == "cell":
        return d  # a true date cell (xlsx only)
    return d.isoformat()


def people_text(r, xs, lists):
    if len(xs) == 1:
        return xs[0]
    sep = pick(r, [", ", ", ", "\n"]) if lists else ", "
    return sep.join(xs)


def sk_cells(r, rk, form, scale):
    """Return dict of cell texts for s, k, rv, and which model values a human can read."""
    s, k, rv = rk["s"], rk["k"], rk["rv"]
    level = "Låg" if rv <= 4 else ("Medel" if rv <= 9 else ("Hög" if rv <= 15 else "Mycket hög"))
    colour = "Grön" if rv <= 4 else ("Gul" if rv <= 9 else "Röd")
    if form == "sk_plain":
        return {"s": str(s), "k": str(k), "rv": str(rv)}
    if form == "sk_labelled":
        return {"s": f"{s} – {S_LABEL[s]}", "k": f"{k} – {K_LABEL[k]}", "rv": str(rv)}
    if form == "sk_level":
        return {"s": str(s), "k": str(k), "rv": f"{level} ({rv})"}
    if form == "sk_combined":
        return {"sk": f"S{s} K{k}", "rv": str(rv)}
    if form == "sk_paren":
        return {"s": f"{s} ({S_LABEL2[s]})", "k": f"{k} ({S_LABEL2[k]})", "rv": str(rv)}
    if form == "sk_product":
        return {"rv": pick(r, [f"{s}x{k}={rv}", f"{s} x {k} = {rv}", f"{rv} ({s}x{k})"])}
    if form == "sk_colour":
        return {"s": str(s), "k": str(k), "rvc": colour}
    raise ValueError(form)


# ---------------------------------------------------------------- build the abstract document
def build(r, m, fmt, f):
    """Abstract rendering: pre (lines), tables [{head1, head2, rows, merges, sections}], post (lines),
    keyed (second table), cards. Also fills the expected JSON."""
    fu = m["typ"] == "uppfoljning"
    ar = m["ar"]
    if "section_rows" in f:
        m["risker"].sort(key=lambda x: x["kategori"])
        for i, rk in enumerate(m["risker"]):
            rk["nummer"] = str(i + 1)
            for j, kt in enumerate(rk["kontroller"]):
                kt["nummer"] = f"{i + 1}.{j + 1}"
    exp_doc = {"typ": m["typ"]}
    pre = []
    # title
    has_title = "meta_lines" in f or r.random() < 0.6
    gen = m["namnd"][:-2] + "ens" if m["namnd"].endswith("en") else m["namnd"]
    namnd_shown = False
    if has_title:
        if not fu:
            t = pick(r, [f"Internkontrollplan {ar}", f"Plan för intern kontroll {ar}",
                         f"{gen} internkontrollplan {ar}", f"Intern kontrollplan {ar} – {m['namnd']}",
                         f"Plan för intern kontroll år {ar}"])
        else:
            pw = {"delar": pick(r, ["delår", "delårsrapport", "tertial 2", "per delårsrapport"]),
                  "helar": pick(r, ["helår", "årsbokslut", "helåret", "bokslut"])}[m["period"]]
            t = pick(r, [f"Uppföljning av internkontrollplan {ar}, {pw}", f"Uppföljning av intern kontroll {ar} – {pw}",
                         f"Uppföljning av {gen.lower() if gen != m['namnd'] else m['namnd']} plan för intern kontroll {ar}, {pw}",
                         f"Uppföljning av plan för intern kontroll {pw} {ar}"])
        pre.append(("title", t))
        exp_doc["titel"] = t
        exp_doc["ar"] = ar
        if fu:
            exp_doc["period"] = m["period"]
        if gen != m["namnd"] and gen in t:
            exp_doc["namnd"] = m["namnd"]; namnd_shown = True
        elif m["namnd"] in t:
            exp_doc["namnd"] = m["namnd"]; namnd_shown = True
    if "meta_lines" in f:
        if not namnd_shown:
            pre.append(("meta", pick(r, [m["namnd"], f"Nämnd: {m['namnd']}", f"Ansvarig nämnd: {m['namnd']}"])))
            exp_doc["namnd"] = m["namnd"]
        if r.random() < 0.6:
            dnr = f"{pick(r, ['KS', 'SN', 'BUN', 'TN'])} {ar}/{r.randint(10, 400)}"
            pre.append(("meta", pick(r, [f"Dnr: {dnr}", f"Diarienummer: {dnr}", f"Dnr {dnr}"])))
            exp_doc["diarienummer"] = dnr
        if r.random() < 0.5:
            d = date(ar if not fu else ar + (1 if m["period"] == "helar" else 0), r.randint(1, 9), r.randint(1, 28))
            pre.append(("meta", pick(r, [f"Datum: {d.isoformat()}", f"Datum {d.isoformat()}"])))
            exp_doc["datum"] = d.isoformat()
        elif r.random() < 0.5:
            pre.append(("meta", f"Beslutad {ar - 1}-12-{r.randint(10, 20)}"))
        if r.random() < 0.4:
            pre.append(("meta", f"Kommun: {m['kommun']} kommun"))
    if not has_title and not fu:
        pass
    # legends
    legend = []
    sk_form = next(x for x in f if x.startswith("sk_"))
    if sk_form == "sk_colour":
        legend.append("Riskvärde: Grön = låg risk (1–4), Gul = medelhög risk (5–9), Röd = hög risk (10–25)")
    status_colour = "status_legend" in f
    if status_colour:
        legend.append("Status: Grön = kontrollen genomförd, Gul = kontrollen pågår, Röd = kontrollen ej genomförd")

    # columns
    atg = "two_tables" in f  # second table holds decided actions
    cols = []
    sec = "section_rows" in f
    keyed = "fu_keyed" in f
    show_nr = keyed or r.random() < 0.5
    if show_nr:
        cols.append("nr")
    if not sec and r.random() < 0.4:
        cols.append("kategori")
    cols.append("riskomrade")
    if r.random() < 0.6:
        cols.append("riskbeskrivning")
    if r.random() < 0.3:
        cols.append("process")
    skc = sk_cells(r, m["risker"][0], sk_form, m["scale"])
    show_rv = r.random() < 0.85 or "s" not in skc
    for key in ("s", "k", "sk"):
        if key in skc:
            cols.append(key)
    if "rv" in skc and show_rv:
        cols.append("rv")
    if "rvc" in skc:
        cols.append("rvc")
    cols.append("kontroll")
    if r.random() < 0.8:
        cols.append("metod")
    if r.random() < 0.6:
        cols.append("frekvens")
    cols.append("ansvarig")
    if r.random() < 0.3:
        cols.append("rapp")
    dates_shown = r.random() < 0.35
    if dates_shown:
        cols += ["start", "avst", "slut"] if r.random() < 0.5 else ["start", "slut"]
    if r.random() < 0.4 and not (fu and keyed):
        cols.append("uppf_nar")
    periods = []
    fucols = []
    if fu and not keyed:
        periods = ["delar", "helar"] if "fu_two_periods" in f else [m["period"]]
        per_fields = ["status"] + (["bedomning"] if r.random() < 0.5 else []) + ["resultat"] + \
                     (["ny_atgard"] if r.random() < 0.4 else [])
        for p in periods:
            for pf in per_fields:
                fucols.append((p, pf))
    elif fu and keyed:
        periods = ["delar", "helar"] if "fu_two_periods" in f else [m["period"]]
        per_fields = ["status", "resultat"] + (["bedomning"] if r.random() < 0.4 else [])
    extras = []
    if "extra_cols" in f:
        pool = [h for h in EXTRA_HEADS if not (fu and h == "Kommentar")]
        if r.random() < 0.3:
            extras = ["Q1", "Q2", "Q3", "Q4"]
        else:
            extras = r.sample([h for h in pool if not h.startswith("Q")], r.randint(1, 2))
    plan_cols = list(cols)
    if "shuffle_cols" in f:
        r.shuffle(plan_cols)
        # keep riskomrade before kontroll so the table stays readable by a human
        if plan_cols.index("riskomrade") > plan_cols.index("kontroll"):
            a, b = plan_cols.index("riskomrade"), plan_cols.index("kontroll")
            plan_cols[a], plan_cols[b] = plan_cols[b], plan_cols[a]
    allcols = [("plan", c) for c in plan_cols] + [("fu", pc) for pc in fucols] + [("extra", e) for e in extras]
    if extras and "shuffle_cols" in f:
        # put extras somewhere in the middle
        for e in extras:
            allcols.remove(("extra", e))
            allcols.insert(r.randint(1, len(allcols)), ("extra", e))

    # headers
    two = "two_row_header" in f
    used = set()

    def hd(key):
        if key == "kontroll" and atg_mode[0]:
            return atg_head
        if key == "sk":
            return pick(r, ["Riskbedömning (S/K)", "S/K", "Sannolikhet/konsekvens"])
        if key == "rvc":
            return pick(r, ["Riskvärde", "Risknivå (färg)", "Riskvärde (färg)"])
        if key == "rv" and sk_form == "sk_product":
            return pick(r, ["Riskvärde (S x K)", "Riskvärde S x K", "Risk (S x K = RV)"])
        ws = [w for w in HEAD[key] if w not in used]
        if key == "uppf_nar" and fu:
            ws = [w for w in ws if w != "Uppföljning"]
        if key == "s" and m["scale"] == 4:
            ws = [w.replace("1-5", "1-4") for w in ws]
        if key == "k" and m["scale"] == 4:
            ws = [w.replace("1-5", "1-4") for w in ws]
        w = pick(r, ws)
        used.add(w)
        return w
    atg_mode = [False]
    atg_head = pick(r, HEAD["atgard_k"])
    per_word = {"delar": pick(r, ["delår", "Delår", "T2", "delårsrapport"]),
                "helar": pick(r, ["helår", "Helår", "årsbokslut", "bokslut"])}
    fu_heads = {}
    for (p, pf) in fucols:
        base = {"status": pick(r, HEAD["status"][:3]), "bedomning": pick(r, HEAD["bedomning"][:3]),
                "resultat": pick(r, HEAD["resultat"][:4]), "ny_atgard": pick(r, HEAD["ny_atgard"][:4])}[pf]
        if pf == "resultat" and base == "Kommentar per delår":
            base = "Resultat"
        fu_heads[(p, pf)] = base
    plan_heads = {c: hd(c) for c in plan_cols}

    def header_rows():
        h1, h2 = [], []
        for kind, c in allcols:
            if kind == "plan":
                text = plan_heads[c] if not (c == "kontroll" and atg_mode[0]) else atg_head
                grp = None
                if two and c in ("s", "k", "rv", "sk", "rvc"):
                    grp = "Riskbedömning"
                elif two and c in ("start", "avst", "slut"):
                    grp = "Tidplan"
                h1.append(grp if grp else text); h2.append(text if grp else None)
            elif kind == "fu":
                p, pf = c
                if two or len(periods) > 1 and r.random() < 0:
                    h1.append(per_word[p].capitalize() if two else None); h2.append(fu_heads[c])
                else:
                    h1.append(f"{fu_heads[c]} {per_word[p]}" if len(periods) > 1 else fu_heads[c]); h2.append(None)
            else:
                h1.append(c); h2.append(None)
        if two:
            # rows: h1 = groups (or the header itself spanning two rows), h2 = sub headers
            top, bottom, merges = [], [], []
            i = 0
            while i < len(h1):
                if h2[i] is None:
                    top.append(h1[i]); bottom.append(None); merges.append(("v", i)); i += 1
                else:
                    j = i
                    while j + 1 < len(h1) and h2[j + 1] is not None and h1[j + 1] == h1[i]:
                        j += 1
                    if j == i:  # a group of one column: no group header, the header spans both rows
                        top.append(h2[i]); bottom.append(None); merges.append(("v", i)); i += 1
                        continue
                    for x in range(i, j + 1):
                        top.append(h1[i] if x == i else None); bottom.append(h2[x])
                    if j > i:
                        merges.append(("h", i, j))
                    i = j + 1
            return [top, bottom], merges
        return [h1], []

    # values
    dforms = ["iso", "slash", "long"] if "date_forms" in f else ["iso"]
    if fmt in ("xlsx", "ods", "xls") and "date_forms" not in f:
        dforms = ["cell", "iso"]
    exp_risks = []
    tables = []
    mode = "risk_merged" if "risk_merged" in f else ("risk_repeated" if "risk_repeated" in f else "risk_blank")
    risks = m["risker"]
    split_at = len(risks) // 2 if "two_tables" in f and len(risks) >= 4 else None
    if split_at is None:
        f.discard("two_tables")
    groups = [(risks[:split_at], False), (risks[split_at:], True)] if split_at else [(risks, False)]
    long_i = r.randrange(len(risks)) if "long_cells" in f else -1
    seq = 0
    secno = 0
    for gi, (grisks, is_atg) in enumerate(groups):
        atg_mode[0] = is_atg
        hrows, hmerges = header_rows()
        rows, merges, sections, blanks = [], [], [], []
        last_cat = None
        for rk in grisks:
            ri = risks.index(rk)
            er = {"riskomrade": rk["riskomrade"]}
            if ri == long_i:
                rk["riskbeskrivning"] = rk["riskbeskrivning"] + " " + " ".join(
                    ["Detta kan leda till ekonomisk skada och förtroendeskada för kommunen, särskilt när"
                     " rutinerna inte är kända av alla medarbetare och kontrollerna inte dokumenteras."] * 2)
                rk["kontroller"][0]["metod"] = rk["kontroller"][0]["metod"] + \
                    " Resultatet sammanställs i en rapport som redovisas för ledningsgruppen och därefter för nämnden."
            if sec and rk["kategori"] != last_cat:
                secno += 1
                txt = rk["kategori"]
                if "upper_sections" in f:
                    txt = txt.upper()
                if "numbered_sections" in f:
                    txt = f"{secno}. {txt}"
                sections.append(len(rows))
                rows.append({"section": txt})
                last_cat = rk["kategori"]
            if sec:
                er["kategori"] = [rk["kategori"].upper() if "upper_sections" in f else rk["kategori"]]
            skv = sk_cells(r, rk, sk_form, m["scale"])
            if "nr" in cols and not keyed:
                er["nummer"] = rk["nummer"]
            if "kategori" in cols:
                er["kategori"] = [rk["kategori"]]
            if "riskbeskrivning" in cols:
                er["riskbeskrivning"] = rk["riskbeskrivning"]
            else:
                er["riskbeskrivning"] = None
            if "process" in cols:
                er["process"] = rk["process"]
            if "s" in cols or "sk" in cols:
                er["sannolikhet"] = rk["s"]; er["konsekvens"] = rk["k"]
            if "rv" in cols or "s" in cols or "sk" in cols:
                er["riskvarde"] = rk["rv"]
            er["kontroller"] = []
            first_row = len(rows)
            for j, kt in enumerate(rk["kontroller"]):
                seq += 1
                ek = {"typ": "atgard" if is_atg else "kontroll", "kontroll": kt["kontroll"]}
                row = {}
                for kind, c in allcols:
                    key = (kind, c)
                    if kind == "plan":
                        riskcol = c in ("nr", "kategori", "riskomrade", "riskbeskrivning", "process", "s", "k", "sk", "rv", "rvc") and not (keyed and c == "nr")
                        if riskcol and j > 0 and mode != "risk_repeated":
                            row[key] = ""
                            continue
                        if c == "nr":
                            row[key] = kt["nummer"] if keyed else rk["nummer"]
                        elif c in ("kategori", "riskomrade", "riskbeskrivning", "process"):
                            row[key] = rk[c]
                        elif c in skv:
                            row[key] = skv[c]
                        elif c == "kontroll":
                            row[key] = kt["kontroll"]
                        elif c == "metod":
                            row[key] = kt["metod"]; ek["metod"] = kt["metod"]
                        elif c == "frekvens":
                            row[key] = kt["frekvens"]; ek["frekvens"] = kt["frekvens"]
                        elif c == "ansvarig":
                            row[key] = people_text(r, kt["ansvarig"], "people_lists" in f) if "people_lists" in f else kt["ansvarig"][0]
                            ek["ansvarig"] = kt["ansvarig"] if "people_lists" in f else kt["ansvarig"][:1]
                        elif c == "rapp":
                            row[key] = kt["rapp"][0]; ek["rapporteringsansvarig"] = kt["rapp"][:1]
                        elif c == "start":
                            row[key] = fmt_date(r, kt["start"], dforms); ek["startdatum"] = kt["start"].isoformat()
                        elif c == "slut":
                            row[key] = fmt_date(r, kt["slut"], dforms); ek["slutdatum"] = kt["slut"].isoformat()
                        elif c == "avst":
                            fs = [x for x in dforms if x != "cell"] or ["iso"]
                            row[key] = pick(r, [", ", "\n"]).join(str(fmt_date(r, d, fs)) for d in kt["avst"])
                            ek["avstamningsdatum"] = [d.isoformat() for d in kt["avst"]]
                        elif c == "uppf_nar":
                            row[key] = kt["uppf_nar"]; ek["uppfoljning_nar"] = kt["uppf_nar"]
                    elif kind == "fu":
                        p, pf = c
                        row[key] = fu_cell(r, kt["fu"][p], pf, status_colour)
                    else:
                        row[key] = extra_val(r, c)
                if "nummer" not in er and False:
                    pass
                if keyed:
                    row[("plan", "nr")] = kt["nummer"]
                rows.append(row)
                if fu:
                    ek["uppfoljningar"] = [exp_fu(kt["fu"][p], p, ar if has_title else None, status_colour, per_fields,
                                                  has_title or len(periods) > 1 or two) for p in periods]
                else:
                    ek["uppfoljningar"] = []
                er["kontroller"].append(ek)
            n = len(rk["kontroller"])
            if mode == "risk_merged" and n > 1:
                for ci, (kind, c) in enumerate(allcols):
                    if kind == "plan" and c in ("nr", "kategori", "riskomrade", "riskbeskrivning", "process", "s", "k", "sk", "rv", "rvc") and not keyed:
                        merges.append((first_row, ci, first_row + n - 1, ci))
            if "empty_rows_notes" in f and r.random() < 0.15:
                blanks.append(len(rows)); rows.append({"blank": True})
            exp_risks.append(er)
        tables.append({"head": hrows, "hmerges": hmerges, "rows": rows, "merges": merges, "cols": allcols,
                       "title": (pick(r, ["1 Kontrollmoment", "Kontroller"]) if split_at and not is_atg else
                                 pick(r, ["2 Åtgärder", "Beslutade åtgärder"]) if is_atg else None)})
    keyed_table = None
    if keyed:
        head = [pick(r, ["Nr", "Kontroll nr", "Nr."])]
        kcols = []
        for p in periods:
            for pf in per_fields:
                kcols.append((p, pf))
                base = {"status": "Status", "resultat": pick(r, ["Resultat", "Kommentar", "Resultat av uppföljning"]),
                        "bedomning": "Bedömning"}[pf]
                head.append(f"{base} {per_word[p]}" if len(periods) > 1 else base)
        krows = []
        for rk in risks:
            for kt in rk["kontroller"]:
                krows.append([kt["nummer"]] + [fu_cell(r, kt["fu"][p], pf, status_colour) for (p, pf) in kcols])
        keyed_table = {"title": pick(r, ["Uppföljning", f"Uppföljning {per_word[periods[-1]]} {ar}", "Resultat av uppföljningen"]),
                       "head": head, "rows": krows}
    post = []
    if "empty_rows_notes" in f:
        post.append(pick(r, ["S = sannolikhet, K = konsekvens, riskvärde = S x K",
                             f"Planen beslutades av {m['namnd'].lower()} {ar - 1}-12-14, § 112.",
                             "Kontrollerna rapporteras till nämnden vid delår och helår."]))
    exp_doc["risker"] = exp_risks
    exp = {"kalla": None, "dokument": [exp_doc]}
    return {"pre": pre, "legend": legend, "tables": tables, "keyed": keyed_table, "post": post}, exp


def fu_cell(r, fuv, pf, colour):
    if pf == "status":
        st = fuv["status"]
        if colour and st in ("Genomförd", "Pågående", "Ej genomförd"):
            return {"Genomförd": "Grön", "Pågående": "Gul", "Ej genomförd": "Röd"}[st]
        if st in STATUS_SYN and r.random() < 0.4:
            w = pick(r, STATUS_SYN[st])
            fuv.setdefault("written", w)
            return fuv["written"]
        fuv.setdefault("written", st)
        return fuv["written"]
    if pf == "bedomning":
        return fuv["bedomning"] if r.random() < 0.7 else fuv["bedomning"].lower()
    if pf == "resultat":
        return fuv["resultat"]
    if pf == "ny_atgard":
        return fuv["ny_atgard"] or ""
    raise ValueError(pf)


def exp_fu(fuv, p, ar, colour, fields, period_shown):
    e = {}
    if period_shown:
        e["period"] = p
    if ar:
        e["ar"] = ar
    if "status" in fields:
        st = fuv["status"]
        e["status"] = st
    if "bedomning" in fields:
        e["kontrollbedomning"] = fuv["bedomning"]
    if "resultat" in fields:
        e["resultat"] = fuv["resultat"]
    if "ny_atgard" in fields:
        e["ny_atgard"] = fuv["ny_atgard"]
    return e


def extra_val(r, h):
    if h.startswith("Q"):
        return pick(r, ["x", "", "", "X"])
    if "Ja/Nej" in h:
        return pick(r, ["Ja", "Nej"])
    if h == "Dnr":
        return f"KS {r.randint(2018, 2024)}/{r.randint(1, 300)}"
    if h == "Signatur":
        return pick(r, ["AB", "KL", "MS", ""])
    return pick(r, ["Se bilaga", "Ny för året", "", "Överförd från föregående år"])


# ---------------------------------------------------------------- grid form (shared by xlsx/csv/text)
def cell_text(v):
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else str(v)


def table_grid(t):
    """-> (lines of cells incl. header rows, list of body-row kinds, merges in grid coords)."""
    n = len(t["cols"])
    grid, kinds = [], []
    for h in t["head"]:
        grid.append([x or "" for x in h]); kinds.append("head")
    hoff = len(t["head"])
    for row in t["rows"]:
        if "section" in row:
            grid.append([row["section"]] + [""] * (n - 1)); kinds.append("section")
        elif "blank" in row:
            grid.append([""] * n); kinds.append("blank")
        else:
            grid.append([row.get(c, "") for c in t["cols"]]); kinds.append("data")
    merges = [(a + hoff, b, c + hoff, d) for (a, b, c, d) in t["merges"]]
    return grid, kinds, merges, hoff


# ---------------------------------------------------------------- writers
def write_xlsx(path, doc, f, r):
    import openpyxl
    from openpyxl.styles import Alignment, Font
    wb = openpyxl.Workbook()
    ws = wb.active
    if "instruction_sheet" in f:
        ws.title = "Instruktion"
        for i, line in enumerate(["Instruktion för internkontrollplanen",
                                  "Fyll i en rad per kontrollmoment.",
                                  "Sannolikhet och konsekvens bedöms på en skala 1–5.",
                                  "Riskvärdet är sannolikhet gånger konsekvens."]):
            ws.cell(i + 1, 1, line)
        ws = wb.create_sheet("Plan")
    else:
        ws.title = pick(r, ["Plan", "Internkontrollplan", "Blad1", "IK-plan"])
    row = 1
    for kind, line in doc["pre"]:
        c = ws.cell(row, 1, line)
        if kind == "title":
            c.font = Font(bold=True, size=14)
        row += 1
    for line in doc["legend"]:
        ws.cell(row, 1, line); row += 1
    if doc["pre"] or doc["legend"]:
        row += 1
    bold = Font(bold=True)
    if "cards" in f:
        for t in doc["tables"]:
            for card in cards_of(t):
                for k, v in card:
                    if k is None:
                        row += 1; continue
                    ws.cell(row, 1, k).font = bold
                    ws.cell(row, 2, v)
                    row += 1
    else:
        for t in doc["tables"]:
            if t.get("title"):
                ws.cell(row, 1, t["title"]).font = bold; row += 1
            grid, kinds, merges, hoff = table_grid(t)
            n = len(t["cols"])
            base = row
            for gi, (cells, kind) in enumerate(zip(grid, kinds)):
                for ci, v in enumerate(cells):
                    if v == "" or v is None:
                        continue
                    c = ws.cell(base + gi, ci + 1, v)
                    if isinstance(v, date):
                        c.number_format = "yyyy-mm-dd"
                    if kind in ("head", "section"):
                        c.font = bold
                    if isinstance(v, str) and "\n" in v:
                        c.alignment = Alignment(wrap_text=True, vertical="top")
                if kind == "section" and r.random() < 0.5:
                    ws.merge_cells(start_row=base + gi, start_column=1, end_row=base + gi, end_column=n)
            for hm in t["hmerges"]:
                if hm[0] == "v":
                    ws.merge_cells(start_row=base, start_column=hm[1] + 1, end_row=base + 1, end_column=hm[1] + 1)
                else:
                    ws.merge_cells(start_row=base, start_column=hm[1] + 1, end_row=base, end_column=hm[2] + 1)
            for (a, b, c2, d) in merges:
                ws.merge_cells(start_row=base + a, start_column=b + 1, end_row=base + c2, end_column=d + 1)
            row = base + len(grid) + 1
    for line in doc["post"]:
        ws.cell(row, 1, line); row += 1
    if doc["keyed"]:
        k = doc["keyed"]
        ws2 = wb.create_sheet(pick(r, ["Uppföljning", "Uppföljning delår", "Resultat"]))
        ws2.cell(1, 1, k["title"]).font = bold
        for ci, h in enumerate(k["head"]):
            ws2.cell(3, ci + 1, h).font = bold
        for ri, rr in enumerate(k["rows"]):
            for ci, v in enumerate(rr):
                ws2.cell(4 + ri, ci + 1, v)
    for col in "ABCDEFGHIJKLMNOP":
        ws.column_dimensions[col].width = 22
    wb.save(path)


def cards_of(t):
    """key/value blocks per risk from the table rows."""
    out = []
    heads = t["head"][-1] if len(t["head"]) == 1 else [b or a for a, b in zip(t["head"][0], t["head"][1])]
    cur = None
    for row in t["rows"]:
        if "section" in row or "blank" in row:
            continue
        block = []
        for (kind, c), h in zip(t["cols"], heads):
            v = row.get((kind, c), "")
            if v == "" or v is None:
                continue
            block.append((f"{h}:" if not h.endswith("?") else h, cell_text(v)))
        block.append((None, None))
        out.append(block)
    return out


def write_csv(path, doc, f, r, semi):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if semi else ",", lineterminator="\r\n" if semi else "\n")
    n = max(len(t["cols"]) for t in doc["tables"])
    for kind, line in doc["pre"]:
        w.writerow([line] + [""] * (n - 1) if semi else [line])
    for line in doc["legend"]:
        w.writerow([line])
    if doc["pre"]:
        w.writerow([])
    if "cards" in f:
        for t in doc["tables"]:
            for card in cards_of(t):
                for k, v in card:
                    w.writerow([] if k is None else [k, v])
    else:
        for t in doc["tables"]:
            if t.get("title"):
                w.writerow([t["title"]])
            grid, kinds, merges, hoff = table_grid(t)
            for cells in grid:
                w.writerow([cell_text(x) for x in cells])
            w.writerow([])
    if doc["keyed"]:
        w.writerow([doc["keyed"]["title"]])
        w.writerow(doc["keyed"]["head"])
        for rr in doc["keyed"]["rows"]:
            w.writerow(rr)
    for line in doc["post"]:
        w.writerow([line])
    data = buf.getvalue()
    with open(path, "wb") as fh:
        fh.write(data.encode("cp1252", errors="replace") if semi else data.encode("utf-8"))


def html_cell(r, v, on):
    v = cell_text(v)
    if not on or not v:
        return v.replace("\n", ", ")
    if "\n" in v:
        parts = v.split("\n")
        return pick(r, ["".join(f"<p>{p}</p> " for p in parts).strip(), "<br>".join(parts),
                        "<ul>" + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"])
    if len(v) > 60 and r.random() < 0.3:
        return f"<p>{v}</p>"
    return v


def write_text(path, doc, f, r):
    """The seeds' form: tab-separated rows, HTML fragments, blank lines, page breaks repeating the header."""
    out = ["", ""]
    for kind, line in doc["pre"]:
        out.append(("## " if kind == "title" and r.random() < 0.5 else "") + line)
        out.append("")
    for line in doc["legend"]:
        out.append(line); out.append("")
    hc = "html_cells" in f
    if "cards" in f:
        for t in doc["tables"]:
            for card in cards_of(t):
                for k, v in card:
                    out.append("" if k is None else f"{k} {html_cell(r, v, hc)}")
    else:
        for t in doc["tables"]:
            if t.get("title"):
                out.append(t["title"]); out.append("")
            grid, kinds, merges, hoff = table_grid(t)
            head = grid[:hoff]
            for h in head:
                out.append("\t".join(cell_text(x) for x in h))
            since = 0
            for cells, kind in zip(grid[hoff:], kinds[hoff:]):
                if kind == "blank":
                    out.append(""); continue
                if kind == "section":
                    out.append(cells[0] + ("\t" * (len(cells) - 1) if r.random() < 0.5 else ""))
                    continue
                texts = [html_cell(r, x, hc) for x in cells]
                since += 1
                if "page_breaks" in f and since >= r.randint(4, 7):
                    since = 0
                    if "split_cell" in f:
                        # split the longest cell across the page: its rest on a row of its own after the break
                        li = max(range(len(texts)), key=lambda i: len(texts[i]))
                        words = texts[li].split(" ")
                        if len(words) > 6 and "<" not in texts[li]:
                            cut = len(words) // 2
                            first = texts[:]
                            first[li] = " ".join(words[:cut])
                            out.append("\t".join(first))
                            out += ["", "", ""]
                            rest = [""] * len(texts)
                            rest[li] = " ".join(words[cut:])
                            out.append("\t".join(rest))
                            continue
                    out.append("\t".join(texts))
                    out += ["", "", ""]
                    for h in head:
                        out.append("\t".join(cell_text(x) for x in h))
                    continue
                out.append("\t".join(texts))
            out.append("")
    if doc["keyed"]:
        out.append(doc["keyed"]["title"]); out.append("")
        out.append("\t".join(doc["keyed"]["head"]))
        for rr in doc["keyed"]["rows"]:
            out.append("\t".join(html_cell(r, x, hc) for x in rr))
        out.append("")
    for line in doc["post"]:
        out.append(line); out.append("")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


def write_layout(path, doc, f, r):
    """pdftotext -layout style: fixed-width columns, wrapped cells, page heads/foots, header repeated."""
    pages, cur = [], []
    title = next((l for k, l in doc["pre"] if k == "title"), "")
    page_len = r.randint(45, 70) if "page_breaks" in f else 10 ** 6
    width_total = r.choice([150, 170, 190])

    def newpage():
        nonlocal cur
        pages.append(cur); cur = []

    for kind, line in doc["pre"]:
        cur.append(" " * r.randint(0, 20) + line); cur.append("")
    for line in doc["legend"]:
        cur.append(line)
    cur.append("")

    def emit(lines, head_lines):
        nonlocal cur
        if len(cur) + len(lines) > page_len:
            newpage()
            if head_lines:
                cur += head_lines
        cur += lines

    if "cards" in f:
        for t in doc["tables"]:
            for card in cards_of(t):
                blk = []
                for k, v in card:
                    if k is None:
                        blk.append("")
                    else:
                        wr = textwrap.wrap(v.replace("\n", ", "), 90) or [""]
                        blk.append(f"{k:<28}{wr[0]}")
                        blk += [" " * 28 + x for x in wr[1:]]
                emit(blk, None)
    else:
        tabs = list(doc["tables"])
        for t in tabs:
            if t.get("title"):
                emit([t["title"], ""], None)
            grid, kinds, merges, hoff = table_grid(t)
            n = len(grid[0])
            gap = 2
            w = max(6, (width_total - gap * n) // n)
            widths = []
            for ci in range(n):
                mx = max(len(cell_text(g[ci])) for g in grid)
                longest = max((len(wd) for g in grid for wd in cell_text(g[ci]).split()), default=4)
                widths.append(max(longest, min(max(4, mx), w)))
            # redistribute
            def render(cells, ws_):
                wrapped = [textwrap.wrap(cell_text(c).replace("\n", ", "), ws_[i], break_long_words=False, break_on_hyphens=False) or [""] for i, c in enumerate(cells)]
                h = max(len(x) for x in wrapped)
                lines = []
                for li in range(h):
                    s = ""
                    for i, x in enumerate(wrapped):
                        s += (x[li] if li < len(x) else "").ljust(ws_[i]) + " " * gap
                    lines.append(s.rstrip())
                return lines
            head_lines = []
            for h in grid[:hoff]:
                head_lines += render(h, widths)
            head_lines.append("")
            emit(head_lines, None)
            for cells, kind in zip(grid[hoff:], kinds[hoff:]):
                if kind == "blank":
                    emit([""], head_lines); continue
                if kind == "section":
                    emit([cells[0], ""], head_lines); continue
                emit(render(cells, widths) + ([""] if r.random() < 0.7 else []), head_lines)
            emit([""], None)
    if doc["keyed"]:
        k = doc["keyed"]
        emit([k["title"], ""], None)
        ws_ = [12] + [40] * (len(k["head"]) - 1)
        hl = ["".join(h.ljust(ws_[i] + 2) for i, h in enumerate(k["head"])).rstrip(), ""]
        emit(hl, None)
        for rr in k["rows"]:
            wrapped = [textwrap.wrap(str(c), ws_[i]) or [""] for i, c in enumerate(rr)]
            hgt = max(len(x) for x in wrapped)
            emit(["".join((x[li] if li < len(x) else "").ljust(ws_[i] + 2) for i, x in enumerate(wrapped)).rstrip()
                  for li in range(hgt)] + [""], hl)
    for line in doc["post"]:
        emit([line], None)
    pages.append(cur)
    out = []
    npg = len(pages)
    for pi, pg in enumerate(pages):
        if "page_breaks" in f and pi > 0 and title:
            pg = [" " * 60 + title, ""] + pg
        if "page_breaks" in f:
            pg = pg + ["", " " * 70 + pick(r, [f"Sida {pi + 1} av {npg}", f"{pi + 1} ({npg})", f"{pi + 1}"])]
        out.append("\n".join(pg))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\f".join(out) + "\n")


def write_docx(path, doc, f, r):
    import docx
    d = docx.Document()
    for kind, line in doc["pre"]:
        if kind == "title":
            d.add_heading(line, level=1)
        else:
            d.add_paragraph(line)
    for line in doc["legend"]:
        d.add_paragraph(line)
    if "cards" in f:
        for t in doc["tables"]:
            for card in cards_of(t):
                items = [(k, v) for k, v in card if k is not None]
                if r.random() < 0.5:
                    tb = d.add_table(rows=len(items), cols=2)
                    tb.style = "Table Grid"
                    for i, (k, v) in enumerate(items):
                        tb.cell(i, 0).text = k
                        tb.cell(i, 1).text = v
                    d.add_paragraph("")
                else:
                    for k, v in items:
                        p = d.add_paragraph()
                        p.add_run(k + " ").bold = True
                        p.add_run(v)
                    d.add_paragraph("")
    else:
        head_per_section = "section_rows" in f and r.random() < 0.5
        for t in doc["tables"]:
            if t.get("title"):
                d.add_heading(t["title"], level=2)
            grid, kinds, merges, hoff = table_grid(t)
            n = len(grid[0])
            chunks = []
            if head_per_section:
                cur = None
                for gi in range(hoff, len(grid)):
                    if kinds[gi] == "section":
                        cur = [grid[gi][0], []]; chunks.append(cur)
                    elif cur is None:
                        cur = [None, []]; chunks.append(cur)
                    if kinds[gi] != "section":
                        cur[1].append(gi)
            else:
                chunks = [[None, list(range(hoff, len(grid)))]]
            for heading, idxs in chunks:
                if heading:
                    d.add_heading(heading, level=2)
                tb = d.add_table(rows=hoff + len(idxs), cols=n)
                tb.style = "Table Grid"
                rowmap = {gi: hoff + k for k, gi in enumerate(idxs)}
                for hi in range(hoff):
                    for ci in range(n):
                        if grid[hi][ci]:
                            tb.cell(hi, ci).text = cell_text(grid[hi][ci])
                            for run in tb.cell(hi, ci).paragraphs[0].runs:
                                run.bold = True
                for gi, ti in rowmap.items():
                    if kinds[gi] == "section":
                        tb.cell(ti, 0).text = grid[gi][0]
                        if r.random() < 0.5 and n > 1:
                            tb.cell(ti, 0).merge(tb.cell(ti, n - 1))
                        continue
                    for ci in range(n):
                        v = grid[gi][ci]
                        if v != "" and v is not None:
                            tb.cell(ti, ci).text = cell_text(v)
                for hm in t["hmerges"]:
                    if hm[0] == "v":
                        a = tb.cell(0, hm[1]); a.merge(tb.cell(1, hm[1]))
                    else:
                        txt = tb.cell(0, hm[1]).text
                        m_ = tb.cell(0, hm[1]).merge(tb.cell(0, hm[2]))
                        m_.text = txt
                for (a, b, c2, dd) in merges:
                    if a in rowmap and c2 in rowmap:
                        top = tb.cell(rowmap[a], b)
                        txt = top.text
                        mm = top.merge(tb.cell(rowmap[c2], dd))
                        mm.text = txt
                d.add_paragraph("")
    if doc["keyed"]:
        k = doc["keyed"]
        d.add_heading(k["title"], level=2)
        tb = d.add_table(rows=1 + len(k["rows"]), cols=len(k["head"]))
        tb.style = "Table Grid"
        for ci, h in enumerate(k["head"]):
            tb.cell(0, ci).text = h
        for ri, rr in enumerate(k["rows"]):
            for ci, v in enumerate(rr):
                tb.cell(ri + 1, ci).text = str(v)
    for line in doc["post"]:
        d.add_paragraph(line)
    d.save(path)


EXT = {"xlsx": "xlsx", "ods": "ods", "xls": "xls", "csv_semi": "csv", "csv_comma": "csv", "docx": "docx",
       "text": "txt", "layout": "txt"}


def clean_exp(exp, name):
    exp["kalla"] = name
    return exp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--n-office", type=int, default=60)
    ap.add_argument("--out", default="gen_out")
    ap.add_argument("--formats", default="xlsx,ods,xls,csv_semi,csv_comma,docx,text,layout")
    ap.add_argument("--no-soffice", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    stage = os.path.join(a.out, "_stage")
    office = {"ods": [], "xls": []}
    for fmt in a.formats.split(","):
        n = a.n_office if fmt in ("ods", "xls") else a.n
        for i in range(n):
            r = random.Random(f"{a.seed}-{fmt}-{i}")
            m = make_model(r)
            f = choose_layout(r, m, fmt)
            if fmt not in ("xlsx", "ods", "xls"):
                f.discard("instruction_sheet")
            doc, exp = build(r, m, fmt, f)
            name = f"{fmt}_{i:03d}.{EXT[fmt]}"
            path = os.path.join(a.out, name)
            if fmt == "xlsx":
                write_xlsx(path, doc, f, r)
            elif fmt in ("ods", "xls"):
                os.makedirs(stage, exist_ok=True)
                sp = os.path.join(stage, f"{fmt}_{i:03d}.xlsx")
                write_xlsx(sp, doc, f, r)
                office[fmt].append(sp)
            elif fmt == "csv_semi":
                write_csv(path, doc, f, r, True)
            elif fmt == "csv_comma":
                write_csv(path, doc, f, r, False)
            elif fmt == "docx":
                write_docx(path, doc, f, r)
            elif fmt == "text":
                write_text(path, doc, f, r)
            elif fmt == "layout":
                write_layout(path, doc, f, r)
            base = os.path.join(a.out, name)
            with open(base + ".expected.json", "w", encoding="utf-8") as fh:
                json.dump(clean_exp(exp, name), fh, ensure_ascii=False, indent=1)
            with open(base + ".features.json", "w", encoding="utf-8") as fh:
                json.dump({"format": fmt, "features": sorted(f), "typ": m["typ"]}, fh, ensure_ascii=False)
    if not a.no_soffice:
        for fmt, files in office.items():
            if not files:
                continue
            prof = "file://" + os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(a.out)), ".lo"))
            cmd = ["nice", "-n", "10", "soffice", f"-env:UserInstallation={prof}", "--headless",
                   "--convert-to", fmt, "--outdir", a.out] + files
            subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
