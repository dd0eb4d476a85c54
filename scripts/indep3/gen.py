#!/usr/bin/env python3
"""indep3 (g50): a third independent generator of internal-control plans and follow-ups.

Written from shared/MODEL.md, shared/acceptance/README.md, check_acceptance.py and the seeds only.
It favours layout kinds the other two generators (scripts/indep, scripts/indep2) do not make:
hierarchical / staircase / banner structures, a small table per risk, one sheet per area,
formula risk values, Excel date cells with number formats, list and matrix sheets, wide follow-ups
with one column per tertial/kvartal, symbol and colour statuses with legends, free-text assessments,
spacer/notes columns, footnotes, meta in the file name.

usage: gen.py --seed 1 --n 100 --out /work/gen/g50 [--formats xlsx,ods,xls,docx,csv,text,pdftext]
"""
import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december"]

# ---------------------------------------------------------------- content vocabularies
RISKS = [
    ("Felaktiga utbetalningar av försörjningsstöd", "Risk att bistånd betalas ut på felaktiga grunder eller till fel mottagare."),
    ("Bristande attestrutiner", "Fakturor attesteras utan att beställning och leverans har kontrollerats."),
    ("Otillåten direktupphandling", "Inköp görs utan upphandling och utan dokumentation av konkurrensutsättning."),
    ("Bristande informationssäkerhet", "Känsliga uppgifter kan nås av obehöriga när behörigheter inte ses över."),
    ("Felaktig löneutbetalning", "Tillägg och avdrag registreras fel och ger felaktig lön."),
    ("Hot och våld mot medarbetare", "Medarbetare utsätts för hot i myndighetsutövning och rutiner saknas."),
    ("Brister i dokumentation av insatser", "Genomförandeplaner saknas eller uppdateras inte."),
    ("Kompetensförsörjning", "Svårt att rekrytera legitimerad personal till nyckelbefattningar."),
    ("Ej verkställda beslut", "Beviljade insatser verkställs inte inom tre månader."),
    ("Bristande delegationsordning", "Beslut fattas av personer som saknar delegation."),
    ("Representation och gåvor", "Representation sker utan koppling till verksamheten eller över beloppsgränser."),
    ("Avtalstrohet vid inköp", "Varor köps utanför ramavtal till högre pris."),
    ("Brandskydd i verksamhetslokaler", "Systematiskt brandskyddsarbete genomförs inte i alla lokaler."),
    ("Felaktig hantering av allmänna handlingar", "Handlingar registreras inte och kan inte lämnas ut i tid."),
    ("Bristande budgetföljsamhet", "Verksamheten prognostiserar underskott utan att åtgärder vidtas."),
    ("Mutor och jäv", "Medarbetare deltar i handläggning där de är jäviga."),
    ("Kontanthantering", "Kontanter hanteras utan kvittens och kassaavstämning."),
    ("Sjukfrånvaro", "Hög korttidsfrånvaro följs inte upp enligt rehabiliteringsrutinen."),
    ("Lex Sarah-rapportering", "Missförhållanden rapporteras inte eller utreds för sent."),
    ("Tillsyn av livsmedelsverksamheter", "Planerad tillsyn genomförs inte enligt tillsynsplanen."),
    ("Handläggningstid för bygglov", "Lagstadgad handläggningstid om tio veckor överskrids."),
    ("Personuppgiftsincidenter", "Incidenter anmäls inte till dataskyddsombudet inom 72 timmar."),
    ("Skolplikt och frånvaro", "Elevers frånvaro uppmärksammas inte och anmäls inte till huvudman."),
    ("Kränkande behandling", "Anmälningar om kränkande behandling utreds inte skyndsamt."),
    ("Felaktiga debiteringar av avgifter", "Avgifter för hemtjänst debiteras med felaktigt underlag."),
    ("Inventarieförteckning saknas", "Stöldbegärlig utrustning finns inte registrerad."),
    ("Leverantörsbedrägerier", "Falska fakturor eller ändrade bankuppgifter leder till utbetalning till fel mottagare."),
    ("Arbetsmiljö i förskolan", "Buller och hög arbetsbelastning leder till ohälsa."),
    ("Synpunkter och klagomål", "Synpunkter från invånare besvaras inte och används inte i förbättringsarbetet."),
    ("Bisysslor", "Anställda har bisysslor som inte är anmälda och prövade."),
]
KATEGORI = ["Ekonomi", "Verksamhet", "Medarbetare", "Medborgare", "Invånare", "Juridik", "Information"]
PROCESS = ["Ekonomiadministration", "Inköp och upphandling", "Myndighetsutövning", "Personaladministration",
           "Informationshantering", "Systematiskt arbetsmiljöarbete", "Lönehantering", "Ärendehantering",
           "Verksamhetsuppföljning", "Fastighetsförvaltning"]
CONTROLS = [
    "Stickprov på utbetalningar", "Genomgång av attestlistor", "Granskning av inköp över 100 000 kr",
    "Kontroll av behörigheter i verksamhetssystem", "Avstämning av lönelistor", "Uppföljning av incidentrapporter",
    "Granskning av genomförandeplaner", "Sammanställning av vakanser", "Kontroll av ej verkställda beslut",
    "Genomgång av delegationsbeslut", "Granskning av representationsfakturor", "Analys av köptrohet",
    "Egenkontroll av brandskydd", "Kontroll av diarieföring", "Månadsvis budgetuppföljning",
    "Kontroll av jävsdeklarationer", "Kassaavstämning", "Uppföljning av korttidsfrånvaro",
    "Genomgång av avvikelserapporter", "Avstämning mot tillsynsplan", "Mätning av handläggningstid",
    "Kontroll av incidentlogg", "Frånvarostatistik per skola", "Granskning av utredningar om kränkningar",
    "Avstämning av avgiftsunderlag", "Inventering av utrustning", "Kontroll av ändrade bankuppgifter",
    "Skyddsrond", "Genomgång av synpunktsregistret", "Inventering av anmälda bisysslor",
    "Uppföljning av rutin för loggkontroll", "Kontroll av fakturor mot avtal",
]
METHODS = [
    "Stickprov om 20 ärenden per månad", "Jämförelse mot ekonomisystemet", "Systemrapport och genomgång",
    "Intervjuer med enhetschefer", "Enkät till samtliga chefer", "Granskning av 10 slumpvis valda akter",
    "Avstämning mot registret", "Genomgång i ledningsgruppen", "Analys av statistik ur verksamhetssystemet",
    "Dokumentgranskning", "Kontroll av samtliga poster över beloppsgränsen", "Rapport ur HR-systemet",
]
FREQ = ["Varje månad", "En gång per kvartal", "Två gånger per år", "Årligen", "Löpande", "Varje tertial",
        "En gång per termin", "Vid varje lönekörning", "Veckovis"]
ROLES = ["Ekonomichef", "Controller", "Enhetschef", "Förvaltningschef", "HR-specialist", "Systemförvaltare",
         "Nämndsekreterare", "Upphandlare", "Verksamhetschef", "Kvalitetsutvecklare", "Registrator",
         "Avdelningschef", "Löneadministratör", "Säkerhetssamordnare", "Rektor"]
WHEN = ["Delår och helår", "Vid delårsbokslut", "Vid årsbokslut", "Tertial 2", "Augusti och december",
        "Till nämnden i oktober", "Helår", "Varje tertial"]
RESULTS = [
    "Kontrollen är genomförd utan anmärkning.", "Två avvikelser upptäcktes och har rättats.",
    "Stickproven visade att rutinen följs i samtliga fall.", "Arbetet har påbörjats men är inte klart.",
    "Rutinen har reviderats och kommunicerats på APT.", "Kontrollen kunde inte genomföras på grund av personalbrist.",
    "Tre av tjugo ärenden saknade fullständig dokumentation.", "Samtliga behörigheter har setts över.",
    "Uppföljningen visar att handläggningstiden hålls i 92 procent av ärendena.",
    "Inga felaktiga utbetalningar har upptäckts.", "Ett fåtal brister noterades i attestering av fakturor.",
    "Kontrollen skjuts till nästa år efter beslut i ledningsgruppen.",
]
NEWACT = ["Utbildning för attestanter", "Rutinen revideras under hösten", "Ingen ytterligare åtgärd",
          "Kontrollen upprepas nästa år", "Ny checklista tas fram", "Återrapport till nämnden i februari"]
NAMND = ["Socialnämnden", "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Miljö- och byggnämnden",
         "Kultur- och fritidsnämnden", "Tekniska nämnden", "Vård- och omsorgsnämnden", "Överförmyndarnämnden"]
KOMMUN = ["Ale", "Tranemo", "Lysekil", "Orsa", "Vännäs", "Hjo", "Sala", "Boxholm", "Ödeshög", "Älmhult"]

STATUS = ["Ej påbörjad", "Pågående", "Genomförd", "Ej genomförd", "Inställd"]
STATUS_SYN = {"Genomförd": ["Genomförd", "Klar", "Utförd", "genomförd"], "Pågående": ["Pågående", "Pågår", "Påbörjad"],
              "Ej påbörjad": ["Ej påbörjad", "Ej startad"], "Ej genomförd": ["Ej genomförd"], "Inställd": ["Inställd"]}
BEDOM = ["Inga brister", "Mindre brister", "Väsentliga brister", "Allvarliga brister"]
BEDOM_FREE = {"Inga brister": ["Inga brister har upptäckts.", "Kontrollen visade inga brister.",
                               "Inga brister noterades vid kontrollen."],
              "Mindre brister": ["Mindre brister har upptäckts.", "Kontrollen visade mindre brister.",
                                 "Mindre brister noterades i enstaka ärenden."],
              "Väsentliga brister": ["Väsentliga brister har upptäckts.", "Kontrollen visade väsentliga brister."],
              "Allvarliga brister": ["Allvarliga brister har upptäckts.", "Kontrollen visade allvarliga brister."]}

# ---------------------------------------------------------------- header wordings (≥5 per field, new ones)
H = {
    "riskomrade": ["Riskens namn", "Granskningsområde", "Huvudrisk", "Risk (rubrik)", "Riskrubrik", "Kontrollområde",
                   "Risker", "Identifierade risker"],
    "riskbeskrivning": ["Beskrivning av risken", "Riskens innebörd", "Vad består risken av?", "Riskbeskrivning/orsak",
                        "Orsak och konsekvens", "Närmare beskrivning"],
    "kategori": ["Typ av risk", "Riskslag", "Riskkategori", "Kategori", "Område (ekonomi/verksamhet/medarbetare)",
                 "Perspektiv"],
    "process": ["Berörd process", "Processnamn", "Delprocess", "Huvudprocess", "Process/rutin som berörs"],
    "sannolikhet": ["Sannolikhet (1-5)", "Sannolikhetsvärde", "Trolighet", "Sannolikhet S", "Sannolikhetsbedömning",
                    "S (1-5)"],
    "konsekvens": ["Konsekvens (1-5)", "Konsekvensvärde", "Allvarlighetsgrad", "Konsekvens K", "Konsekvensbedömning",
                   "K (1-5)"],
    "riskvarde": ["Riskvärde (S×K)", "Risktal", "Riskpoäng", "Riskvärde S x K", "Samlat riskvärde", "RV (S*K)"],
    "kontroll": ["Kontrollaktivitet i planen", "Granskningsmoment", "Vad kontrolleras", "Kontrollens innehåll", "Kontrollinsats",
                 "Internkontrollmoment", "Kontrollmoment"],
    "metod": ["Så här kontrolleras", "Tillvägagångssätt/metod", "Metodbeskrivning", "Hur kontrolleras?",
              "Urval och metod", "Metod/omfattning"],
    "frekvens": ["Periodicitet", "Intervall", "Hur ofta?", "Kontrollfrekvens", "Frekvens (hur ofta)", "Tidsintervall"],
    "ansvarig": ["Ansvarig funktion", "Utförs av", "Kontrollant", "Ansvarig befattning", "Genomförs av",
                 "Kontrollansvar"],
    "rapporteringsansvarig": ["Rapporteras av", "Rapportör", "Återrapporteras av", "Ansvarig för redovisning",
                              "Rapportansvarig"],
    "slutdatum": ["Klart", "Deadline", "Slutförd senast", "Ska vara genomförd", "Sista datum", "Datum klart"],
    "uppfoljning_nar": ["Rapporteras när", "Tidpunkt för rapportering", "Uppföljningstillfälle", "När rapporteras?",
                        "Redovisas för nämnd"],
    "status": ["Status", "Aktuell status", "Statusbedömning", "Lägesstatus", "Status just nu"],
    "kontrollbedomning": ["Samlad bedömning", "Bedömning av brister", "Utvärdering", "Bedömning", "Bristbedömning"],
    "resultat": ["Redovisning", "Iakttagelser", "Analys och kommentar", "Beskrivning av resultat", "Resultat/kommentar",
                 "Utfall av kontrollen"],
    "ny_atgard": ["Förslag till åtgärd", "Åtgärdsförslag", "Fortsatt hantering", "Behov av åtgärd",
                  "Planerade åtgärder"],
    "nummer": ["Nr", "Nummer", "Id", "Ref", "Risknr"],
}
PLAIN = {"riskomrade": "Risk", "riskbeskrivning": "Riskbeskrivning", "kategori": "Kategori", "process": "Process",
         "sannolikhet": "Sannolikhet", "konsekvens": "Konsekvens", "riskvarde": "Riskvärde",
         "kontroll": "Kontrollmoment", "metod": "Metod", "frekvens": "Frekvens", "ansvarig": "Ansvarig",
         "rapporteringsansvarig": "Rapporteringsansvarig", "slutdatum": "Slutdatum", "uppfoljning_nar": "Uppföljning när",
         "status": "Status", "kontrollbedomning": "Kontrollbedömning", "resultat": "Resultat", "ny_atgard": "Ny åtgärd",
         "nummer": "Nr"}
NOTES_HEAD = ["Anteckningar", "Noteringar", "Övrigt", "Intern notering", "Fritext"]


def fmt_date(d, style):
    if style == "iso":
        return d.isoformat()
    if style == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "dots":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    return d.isoformat()


# ---------------------------------------------------------------- the plan
def make_plan(rng, fmt):
    year = rng.randint(2019, 2026)
    typ = "plan" if rng.random() < 0.5 else "uppfoljning"
    n_risks = rng.randint(3, 25) if rng.random() < 0.35 else rng.randint(3, 10)
    scale = 5 if rng.random() < 0.8 else 4
    risks = []
    titles = rng.sample(RISKS, min(n_risks, len(RISKS)))
    for i, (t, d) in enumerate(titles):
        s, k = rng.randint(1, scale), rng.randint(1, scale)
        ctrls = []
        for j in range(rng.choice([1, 1, 2, 2, 3, 4])):
            end = dt.date(year, rng.choice([3, 4, 6, 8, 9, 10, 11, 12]), rng.choice([1, 15, 28, 30]))
            ctrls.append({
                "nummer": f"{i + 1}.{j + 1}",
                "kontroll": rng.choice(CONTROLS),
                "metod": rng.choice(METHODS),
                "frekvens": rng.choice(FREQ),
                "ansvarig": rng.sample(ROLES, rng.choice([1, 1, 1, 2])),
                "rapporteringsansvarig": rng.sample(ROLES, 1),
                "slutdatum": end,
                "uppfoljning_nar": rng.choice(WHEN),
                "fu": [],
            })
        risks.append({"nummer": str(i + 1), "riskomrade": t, "riskbeskrivning": d,
                      "kategori": rng.choice(KATEGORI), "process": rng.choice(PROCESS),
                      "sannolikhet": s, "konsekvens": k, "riskvarde": s * k, "kontroller": ctrls})
    # make control texts unique within a risk
    for r in risks:
        seen = set()
        for c in r["kontroller"]:
            while c["kontroll"] in seen:
                c["kontroll"] = rng.choice(CONTROLS)
            seen.add(c["kontroll"])
    plan = {"year": year, "typ": typ, "scale": scale, "risks": risks,
            "namnd": rng.choice(NAMND), "kommun": rng.choice(KOMMUN)}
    if typ == "uppfoljning":
        plan["period"] = rng.choice(["delar", "helar"])
    return plan


def fu_record(rng, period):
    st = rng.choice(STATUS[:4]) if period == "delar" else rng.choice(["Genomförd", "Genomförd", "Ej genomförd", "Pågående"])
    return {"period": period, "status": st, "kontrollbedomning": rng.choice(BEDOM),
            "resultat": rng.choice(RESULTS), "ny_atgard": rng.choice(NEWACT)}


# ---------------------------------------------------------------- layout choice
STRUCTS = ["flat", "staircase", "hier", "banner", "per_risk_table", "ctrl_first", "sheet_per_area", "typed"]
HIERS = ("hier", "typed")


def choose_layout(rng, fmt, plan):
    L = {"flags": []}
    structs = [s for s in STRUCTS if not (s == "sheet_per_area" and fmt not in ("xlsx", "ods", "xls"))]
    L["struct"] = rng.choice(structs)
    L["flags"].append("s_" + L["struct"])
    opt = ["riskbeskrivning", "kategori", "process", "sannolikhet", "konsekvens", "riskvarde", "metod", "frekvens",
           "ansvarig", "rapporteringsansvarig", "slutdatum", "uppfoljning_nar"]
    prob = {"riskbeskrivning": .5, "kategori": .4, "process": .3, "sannolikhet": .6, "konsekvens": .6,
            "riskvarde": .6, "metod": .7, "frekvens": .6, "ansvarig": .85, "rapporteringsansvarig": .3,
            "slutdatum": .4, "uppfoljning_nar": .4}
    L["fields"] = [f for f in opt if rng.random() < prob[f]]
    if L["struct"] == "sheet_per_area" and "kategori" in L["fields"]:
        L["fields"].remove("kategori")
    if "sannolikhet" in L["fields"] and "konsekvens" not in L["fields"]:
        L["fields"].append("konsekvens")
    L["heads"] = {f: rng.choice(H[f]) for f in H}
    if rng.random() < 0.5:
        L["heads"] = dict(PLAIN)
        L["flags"].append("heads_plain")
    else:
        L["flags"].append("heads_new")
    L["risk_nr"] = rng.random() < 0.5 or L["struct"] in HIERS
    L["ctrl_nr"] = L["struct"] in HIERS or rng.random() < 0.25
    if L["struct"] == "typed":
        # an export from a planning system: a type column tells risk rows from control/action rows
        L["typed_head"] = rng.choice(["Typ", "Objekttyp", "Nivå", "Typ av post"])
        L["typed_name"] = rng.choice(["Namn", "Rubrik", "Titel", "Benämning"])
        L["typed_words"] = rng.choice([("Risk", "Kontroll", "Åtgärd"), ("Risk", "Kontrollmoment", "Åtgärd"),
                                       ("Risk", "Kontrollaktivitet", "Åtgärd")])
        L["typed_unit"] = rng.random() < 0.5
        for r in plan["risks"]:
            for c in r["kontroller"]:
                c["typ"] = "atgard" if rng.random() < 0.3 else "kontroll"
        if L["typed_unit"]:
            L["flags"].append("typed_unit_col")
    # formula risk value (sheets only)
    L["rv_formula"] = (fmt in ("xlsx", "ods", "xls") and "riskvarde" in L["fields"] and "sannolikhet" in L["fields"]
                       and L["struct"] in ("flat", "staircase", "ctrl_first", "sheet_per_area", "banner")
                       and rng.random() < 0.6)
    if L["rv_formula"]:
        L["flags"].append("rv_formula")
    L["lo_roundtrip"] = fmt == "xlsx" and rng.random() < 0.35
    if L["lo_roundtrip"]:
        L["flags"].append("lo_roundtrip")
    L["date_cells"] = fmt in ("xlsx", "ods", "xls") and "slutdatum" in L["fields"] and rng.random() < 0.7
    if L["date_cells"]:
        L["date_numfmt"] = rng.choice(["yyyy-mm-dd", "d mmmm yyyy", "dd/mm/yyyy", "d/m/yyyy", "yyyy-mm-dd;@", "d mmm yyyy"])
        L["flags"].append("date_cell")
    L["date_style"] = rng.choice(["iso", "long", "iso", "dots"])
    if "slutdatum" in L["fields"] and not L["date_cells"]:
        L["flags"].append("date_" + L["date_style"])
    L["validation"] = fmt in ("xlsx", "ods", "xls") and rng.random() < 0.4
    L["lists_sheet"] = L["validation"] and rng.random() < 0.6
    if L["validation"]:
        L["flags"].append("validation")
    if L["lists_sheet"]:
        L["flags"].append("lists_sheet")
    L["instr_matrix"] = fmt in ("xlsx", "ods", "xls") and rng.random() < 0.3
    if L["instr_matrix"]:
        L["flags"].append("instr_matrix_sheets")
    L["notes_col"] = rng.random() < 0.35
    if L["notes_col"]:
        L["flags"].append("notes_col")
    L["spacer"] = fmt != "text" and rng.random() < 0.25 and L["struct"] not in HIERS
    if L["spacer"]:
        L["flags"].append("spacer_cols")
    L["footnotes"] = rng.random() < 0.4
    if L["footnotes"]:
        L["flags"].append("footnotes")
    L["bilaga"] = rng.random() < 0.35
    if L["bilaga"]:
        L["flags"].append("bilaga_title")
    metas = ["title", "title", "title_namnd", "filename", "title_kommun"]
    if fmt in ("xlsx", "ods", "xls") and L["struct"] != "sheet_per_area":
        metas.append("sheetname")
    L["meta"] = rng.choice(metas)
    L["flags"].append("meta_" + L["meta"])
    L["sk_form"] = rng.choice(["num", "num", "num_text"]) if fmt in ("xlsx", "ods", "xls") else "num"
    if L["rv_formula"]:
        L["sk_form"] = "num"
    if L["sk_form"] == "num_text":
        L["flags"].append("sk_as_text")
    L["banner_rv"] = L["struct"] in ("banner", "per_risk_table") and rng.random() < 0.6
    if L["banner_rv"]:
        L["flags"].append("rv_in_banner")
    L["header_per_banner"] = L["struct"] == "banner" and rng.random() < 0.4
    if L["header_per_banner"]:
        L["flags"].append("header_per_banner")
    # follow-up form
    if plan["typ"] == "uppfoljning":
        L["fu_form"] = rng.choice(["single", "single", "wide_tertial", "wide_kvartal", "two_periods"])
        L["flags"].append("fu_" + L["fu_form"])
        sforms = ["words", "syn", "colour_legend", "symbol_legend", "colour_nolegend"]
        if fmt in ("xlsx", "ods", "xls") and L["fu_form"] in ("single", "two_periods"):
            sforms.append("fill_legend")
        L["status_form"] = rng.choice(sforms)
        L["flags"].append("status_" + L["status_form"])
        L["assess"] = rng.random() < 0.6
        L["assess_free"] = L["assess"] and rng.random() < 0.5
        if L["assess_free"]:
            L["flags"].append("assess_freetext")
        L["fu_newact"] = rng.random() < 0.4 and L["fu_form"] == "single"
    L["people_nl"] = fmt not in ("text",) and rng.random() < 0.3
    if L["people_nl"]:
        L["flags"].append("people_linebreak")
    L["nr_prefix"] = L["struct"] in ("flat", "ctrl_first", "staircase", "sheet_per_area") and rng.random() < 0.25
    if L["nr_prefix"]:
        L["flags"].append("nr_prefixed")
        for r in plan["risks"]:
            for c in r["kontroller"]:
                c["nummer"] = "K" + c["nummer"]
            r["nummer"] = "R" + r["nummer"]
    L["excel_table"] = (fmt in ("xlsx", "ods", "xls") and L["struct"] in ("flat", "ctrl_first", "staircase", "sheet_per_area")
                        and rng.random() < 0.35)
    L["col_order"] = "shuffle" if rng.random() < 0.3 else "normal"
    if L["col_order"] == "shuffle":
        L["flags"].append("unusual_order")
    L["flags"].append("typ_" + plan["typ"])
    return L


FILL = {"Genomförd": "00B050", "Pågående": "FFFF00", "Ej genomförd": "FF0000", "Ej påbörjad": "FF0000", "Inställd": "BFBFBF"}
COLOUR = {"Genomförd": "Grön", "Pågående": "Gul", "Ej genomförd": "Röd", "Ej påbörjad": "Röd", "Inställd": "Grå"}
SYMBOL = {"Genomförd": "✓", "Pågående": "◐", "Ej genomförd": "✗", "Ej påbörjad": "○", "Inställd": "–"}


def status_text(rng, L, st):
    f = L["status_form"]
    if f == "words":
        return st
    if f == "syn":
        return rng.choice(STATUS_SYN[st])
    if f in ("colour_legend", "colour_nolegend"):
        return COLOUR[st]
    if f == "fill_legend":
        return ""
    return SYMBOL[st]


def status_expect(L, st):
    f = L["status_form"]
    if f == "colour_nolegend":
        return None  # not checked: Grön/Gul/Röd without a legend is a judgement
    if f in ("colour_legend", "fill_legend") and st == "Ej påbörjad":
        return "Ej genomförd"  # Röd = ej genomförd per the legend
    if f == "colour_legend" and st == "Inställd":
        return "Inställd"
    if f == "symbol_legend" and st == "Inställd":
        return "Inställd"
    return st


def legend_lines(L):
    f = L.get("status_form")
    if f == "colour_legend":
        return ["Status: Grön = genomförd, Gul = pågående, Röd = ej genomförd, Grå = inställd"]
    if f == "fill_legend":
        return ["Statusfärg: grön = genomförd, gul = pågående, röd = ej genomförd, grå = inställd"]
    if f == "symbol_legend":
        return ["Teckenförklaring status: ✓ = Genomförd, ◐ = Pågående, ✗ = Ej genomförd, ○ = Ej påbörjad, – = Inställd"]
    return []


# ---------------------------------------------------------------- build the table model
class Cell:
    def __init__(self, v, formula=None, date=None, bold=False, fill=None):
        self.fill = fill
        self.v = v
        self.formula = formula
        self.date = date
        self.bold = bold


def fu_columns(rng, plan, L):
    """list of (header, key, period) where key in status/kontrollbedomning/resultat/ny_atgard"""
    y = plan["year"]
    cols = []
    form = L["fu_form"]
    if form == "single":
        p = plan["period"]
        sfx = rng.choice(["", "", f" {'delår' if p == 'delar' else 'helår'}"])
        cols.append((L["heads"]["status"] + sfx, "status", p))
        if L["assess"]:
            cols.append((L["heads"]["kontrollbedomning"], "kontrollbedomning", p))
        cols.append((L["heads"]["resultat"] + sfx, "resultat", p))
        if L["fu_newact"]:
            cols.append((L["heads"]["ny_atgard"], "ny_atgard", p))
        L["periods"] = [p]
    elif form == "two_periods":
        for p, w in (("delar", rng.choice(["Delår", "Delårsrapport", "Per augusti"])),
                     ("helar", rng.choice(["Helår", "Årsbokslut", "Per december"]))):
            cols.append((f"{L['heads']['status']} {w}", "status", p))
            if L["assess"]:
                cols.append((f"{L['heads']['kontrollbedomning']} {w}", "kontrollbedomning", p))
            cols.append((f"{rng.choice(['Kommentar', 'Resultat', 'Redovisning'])} {w}", "resultat", p))
        L["periods"] = ["delar", "helar"]
        plan["period"] = "helar"
    elif form == "wide_tertial":
        n = rng.choice([2, 3])
        per = []
        for t in range(1, n + 1):
            p = "helar" if t == 3 else "delar"
            lab = rng.choice([f"T{t}", f"Tertial {t}"])
            cols.append((f"Status {lab}", "status", p))
            per.append(p)
        cols.append((rng.choice(["Kommentar", "Resultat", "Redovisning"]), "resultat", per[-1]))
        L["periods"] = per
        plan["period"] = per[-1]
    else:  # kvartal
        n = rng.choice([2, 3, 4])
        per = []
        for t in range(1, n + 1):
            p = "helar" if t == 4 else "delar"
            lab = rng.choice([f"Kv{t}", f"Q{t}", f"Kvartal {t}"])
            cols.append((f"{lab}", "status", p))
            per.append(p)
        cols.append((rng.choice(["Kommentar", "Resultat", "Analys"]), "resultat", per[-1]))
        L["periods"] = per
        plan["period"] = per[-1]
    return cols


def fill_followups(rng, plan, L):
    for r in plan["risks"]:
        for c in r["kontroller"]:
            c["fu"] = [fu_record(rng, p) for p in L["periods"]]
            if L["fu_form"] in ("wide_tertial", "wide_kvartal"):
                # a follow-up's status per column; result only for the last column
                for k, f in enumerate(c["fu"]):
                    if k < len(c["fu"]) - 1:
                        f["resultat"] = None
                    f["kontrollbedomning"] = None
                    f["ny_atgard"] = None
            if L["assess_free"]:
                for f in c["fu"]:
                    if f.get("kontrollbedomning"):
                        f["bed_text"] = rng.choice(BEDOM_FREE[f["kontrollbedomning"]])


RISK_FIELDS = ["riskbeskrivning", "kategori", "process", "sannolikhet", "konsekvens", "riskvarde"]
CTRL_FIELDS = ["metod", "frekvens", "ansvarig", "rapporteringsansvarig", "slutdatum", "uppfoljning_nar"]


def column_plan(rng, plan, L):
    """Ordered list of columns: (header, scope, key, extra) scope in risk/ctrl/fu/notes/spacer"""
    rf = [f for f in RISK_FIELDS if f in L["fields"]]
    cf = [f for f in CTRL_FIELDS if f in L["fields"]]
    risk_cols = []
    if L["risk_nr"] and L["struct"] not in ("hier", "typed", "banner", "per_risk_table"):
        risk_cols.append((L["heads"]["nummer"], "risk", "nummer"))
    if L["struct"] not in ("hier", "typed", "banner", "per_risk_table"):
        risk_cols.append((L["heads"]["riskomrade"], "risk", "riskomrade"))
    if L["struct"] in ("banner", "per_risk_table"):
        rf = []
    for f in rf:
        risk_cols.append((L["heads"][f], "risk", f))
    ctrl_cols = []
    if L["struct"] == "typed":
        ctrl_cols.append((L["typed_head"], "both", "typ"))
        ctrl_cols.append((rng.choice(["Id", "Nr", "Nummer"]), "both", "nummer"))
        ctrl_cols.append((L["typed_name"], "both", "text"))
    elif L["struct"] == "hier":
        ctrl_cols.append((L["heads"]["nummer"], "both", "nummer"))
        ctrl_cols.append((rng.choice(["Risk / kontrollmoment", "Risk och kontroll", "Riskområde/kontroll",
                                      "Risk resp. kontrollpunkt"]), "both", "text"))
    else:
        if L["ctrl_nr"]:
            ctrl_cols.append((rng.choice(["Kontroll nr", "Nr", "Kontrollnr", "Löpnr kontroll"]), "ctrl", "nummer"))
        ctrl_cols.append((L["heads"]["kontroll"], "ctrl", "kontroll"))
    for f in cf:
        ctrl_cols.append((L["heads"][f], "ctrl", f))
    fu_cols = []
    if plan["typ"] == "uppfoljning":
        for h, k, p in fu_columns(rng, plan, L):
            fu_cols.append((h, "fu", k, p))
    if L["col_order"] == "shuffle":
        if rng.random() < 0.5:
            groups = [ctrl_cols, risk_cols]  # controls before risks
        else:
            groups = [risk_cols[::-1], ctrl_cols]
            rest = ctrl_cols[1:]
            rng.shuffle(rest)
            groups = [risk_cols[:1] + risk_cols[1:][::-1], ctrl_cols[:1] + rest]
        cols = groups[0] + groups[1]
    elif L["struct"] == "ctrl_first":
        cols = ctrl_cols + risk_cols
    else:
        cols = risk_cols + ctrl_cols
    if L["struct"] in HIERS:
        # number + risk/control text first, then the control's and the risk's value columns
        cols = [c for c in cols if c[1] == "both"] + [c for c in cols if c[1] != "both"]
    if L["struct"] == "typed" and L["typed_unit"]:
        cols = [(rng.choice(["Enhet", "Organisation", "Sökväg"]), "unit", "unit")] + cols
    cols = cols + fu_cols
    if L["notes_col"]:
        cols.append((rng.choice(NOTES_HEAD), "notes", "notes"))
    if L["spacer"]:
        pos = rng.randint(1, len(cols) - 1)
        cols.insert(pos, ("", "spacer", "spacer"))
    return cols


def cell_for(rng, plan, L, risk, ctrl, col, row_index_ref):
    head, scope, key = col[0], col[1], col[2]
    if scope == "spacer":
        return Cell("")
    if scope == "unit":
        return Cell(L["unit_text"])
    if scope == "notes":
        return Cell(rng.choice(["", "", "Se bilaga", "Ny för året", "Kvarstår från föregående år", ""]))
    if scope == "risk":
        if risk is None:
            return Cell("")
        v = risk[key]
        if key in ("sannolikhet", "konsekvens"):
            return Cell(v if L["sk_form"] == "num" else str(v))
        if key == "riskvarde":
            if L["rv_formula"]:
                return Cell(v, formula="RV")
            return Cell(v)
        return Cell(v)
    if scope == "ctrl":
        if ctrl is None:
            return Cell("")
        v = ctrl[key]
        if key in ("ansvarig", "rapporteringsansvarig"):
            return Cell(("\n" if L["people_nl"] else ", ").join(v))
        if key == "slutdatum":
            if L["date_cells"]:
                return Cell(v, date=True)
            return Cell(fmt_date(v, L["date_style"]))
        return Cell(v)
    if scope == "fu":
        if ctrl is None:
            return Cell("")
        p = col[3]
        idx = [i for i, pp in enumerate(L["periods"]) if pp == p]
        # for wide forms, several columns share a period: find which column this is among same-key
        fus = ctrl["fu"]
        k = col[4] if len(col) > 4 else None
        f = fus[k] if k is not None else fus[idx[-1] if key != "status" else idx[0]]
        if key == "status":
            if L["status_form"] == "fill_legend":
                return Cell("", fill=FILL[f["status"]])
            return Cell(status_text(rng, L, f["status"]))
        if key == "kontrollbedomning":
            return Cell(f.get("bed_text") or f["kontrollbedomning"] or "")
        return Cell(f.get(key) or "")
    return Cell("")


def index_fu_cols(cols, L):
    """attach the follow-up index each fu column refers to"""
    out = []
    if L.get("fu_form") in ("wide_tertial", "wide_kvartal"):
        n = 0
        for c in cols:
            if c[1] == "fu" and c[2] == "status":
                out.append(c + (n,))
                n += 1
            elif c[1] == "fu":
                out.append(c + (len(L["periods"]) - 1,))
            else:
                out.append(c)
        return out
    if L.get("fu_form") == "two_periods":
        for c in cols:
            if c[1] == "fu":
                out.append(c + (0 if c[3] == "delar" else 1,))
            else:
                out.append(c)
        return out
    return [c + (0,) if c[1] == "fu" else c for c in cols]


def titles(rng, plan, L, fname_holder):
    y, n = plan["year"], plan["namnd"]
    typ = plan["typ"]
    lines = []
    exp = {}
    if L["bilaga"]:
        lines.append(rng.choice(["Bilaga 1", "Bilaga 2", "Bilaga A", "Bilaga 1 till tjänsteskrivelse"]))
    if typ == "plan":
        t = rng.choice([f"Internkontrollplan {y}", f"Plan för intern kontroll {y}", f"Intern kontrollplan {y}",
                        f"Internkontrollplan för {n.lower()} {y}"])
    else:
        pw = {"delar": rng.choice(["delår", "delårsrapport", "tertial 2"]), "helar": rng.choice(["helår", "årsbokslut"])}[plan["period"]]
        t = rng.choice([f"Uppföljning av internkontrollplan {y}, {pw}", f"Uppföljning intern kontroll {pw} {y}",
                        f"Uppföljning av intern kontroll {y} – {pw}"])
        if L["fu_form"] in ("wide_tertial", "wide_kvartal", "two_periods"):
            t = rng.choice([f"Uppföljning av internkontrollplan {y}", f"Uppföljning intern kontroll {y}"])
    if L["meta"] == "filename":
        # year and nämnd only in the file name; the sheet/doc has a title without them
        fname_holder["name"] = rng.choice([f"IK-plan {n} {y}", f"{y} {n} internkontroll",
                                           f"Internkontroll_{n.replace(' ', '_')}_{y}"])
        if typ == "uppfoljning":
            fname_holder["name"] = rng.choice([f"Uppföljning IK {n} {y}", f"{y} {n} uppföljning internkontroll"])
            fname_holder["name"] += " " + ("delår" if plan["period"] == "delar" else "helår")
            t = "Uppföljning av intern kontroll"
        else:
            t = rng.choice(["Internkontrollplan", "Plan för intern kontroll"])
        lines.append(t)
        exp["titel^"] = t
        exp["ar"] = y
    elif L["meta"] == "sheetname":
        t = rng.choice(["Internkontrollplan", "Plan för intern kontroll"]) if typ == "plan" else "Uppföljning av intern kontroll"
        L["sheet_name"] = (rng.choice([f"IK-plan {y}", f"Internkontroll {y}", f"Plan {y}"]) if typ == "plan"
                           else rng.choice([f"Uppföljning {y}", f"Uppf {y}"]))
        lines.append(t)
        exp["titel^"] = t
        exp["ar"] = y
        if typ == "uppfoljning" and L["fu_form"] == "single":
            lines.append("Delår" if plan["period"] == "delar" else "Helår")
    else:
        lines.append(t)
        exp["titel^"] = t
        exp["ar"] = y
    if L["meta"] == "title_namnd":
        lines.append(n)
        exp["namnd"] = n
    elif L["meta"] == "title_kommun":
        lines.append(f"{plan['kommun']} kommun, {n}")
    if L["meta"] == "filename":
        exp["namnd"] = n
    exp["typ"] = typ
    if typ == "uppfoljning" and L["fu_form"] == "single":
        exp["period"] = plan["period"]
    return lines, exp


def footnotes(rng, plan, L):
    out = []
    if L["footnotes"]:
        out.append(rng.choice(["* Riskvärde = sannolikhet × konsekvens (skala 1–5).",
                               "¹ Enligt kommunens reglemente för intern kontroll.",
                               "Not: Kontrollerna rapporteras till nämnden i samband med delårsrapport och årsbokslut."]))
        if rng.random() < 0.5:
            out.append(rng.choice(["Beslutad av nämnden " + f"{plan['year'] - 1}-12-{rng.randint(10, 20)}",
                                   "Källa: förvaltningens riskanalys", "Sida 1 av 1"]))
    out += legend_lines(L)
    return out


# ---------------------------------------------------------------- expectation
def expect_doc(plan, L, doc_meta, risks):
    d = dict(doc_meta)
    d["risker"] = []
    for r in risks:
        er = {"riskomrade": r["riskomrade"]}
        if L["risk_nr"] or L["struct"] in HIERS:
            er["nummer"] = r["nummer"]
        if L["struct"] in ("banner", "per_risk_table"):
            er["riskbeskrivning"] = r["riskbeskrivning"] if L.get("banner_desc") else None
            if L["banner_rv"]:
                er["riskvarde"] = r["riskvarde"]
                if L["banner_sk"]:
                    er["sannolikhet"] = r["sannolikhet"]
                    er["konsekvens"] = r["konsekvens"]
        else:
            er["riskbeskrivning"] = r["riskbeskrivning"] if "riskbeskrivning" in L["fields"] else None
            for f in ("kategori", "process", "sannolikhet", "konsekvens", "riskvarde"):
                if f in L["fields"]:
                    er[f] = [r[f]] if f == "kategori" else r[f]
            if "riskvarde" not in L["fields"] and "sannolikhet" in L["fields"]:
                pass
        er["kontroller"] = []
        for c in r["kontroller"]:
            ec = {"kontroll": c["kontroll"]}
            if L["ctrl_nr"] or L["struct"] in HIERS:
                ec["nummer"] = c["nummer"]
            if L["struct"] == "typed":
                ec["typ"] = c.get("typ", "kontroll")
            for f in CTRL_FIELDS:
                if f in L["fields"]:
                    if f == "slutdatum":
                        ec[f] = c[f].isoformat()
                    elif f == "metod":
                        ec["metod^"] = c[f]
                    else:
                        ec[f] = c[f]
            fus = []
            if plan["typ"] == "uppfoljning":
                for f in c["fu"]:
                    ef = {"period": f["period"], "ar": plan["year"]}
                    st = status_expect(L, f["status"])
                    if st is not None:
                        ef["status"] = st
                    if L["fu_form"] in ("single", "two_periods"):
                        ef["resultat^"] = f["resultat"]
                        if L["assess"]:
                            ef["kontrollbedomning"] = f["kontrollbedomning"]
                        if L.get("fu_newact"):
                            ef["ny_atgard"] = f["ny_atgard"]
                    else:
                        ef["resultat"] = f["resultat"]
                    fus.append(ef)
            ec["uppfoljningar"] = fus
            er["kontroller"].append(ec)
        d["risker"].append(er)
    return d


# ---------------------------------------------------------------- blocks (format-neutral)
# a sheet = list of items: ("line", text) or ("table", rows(list of list of Cell), merges[(r0,c0,r1,c1)], header_rows)
def build_sheets(rng, plan, L, title_lines, cols):
    head = [Cell(c[0], bold=True) for c in cols]
    ncol = len(cols)
    L["banner_desc"] = L["struct"] in ("banner", "per_risk_table") and rng.random() < 0.5
    L["banner_sk"] = L["banner_rv"] and rng.random() < 0.5
    if L["banner_desc"]:
        L["flags"].append("desc_in_banner")

    def ctrl_row(risk, ctrl, with_risk):
        return [cell_for(rng, plan, L, risk if with_risk else None, ctrl, c, None) for c in cols]

    def banner_text(r):
        t = f"{r['nummer']}. {r['riskomrade']}" if L["risk_nr"] else r["riskomrade"]
        if L["banner_rv"]:
            if L["banner_sk"]:
                t += f" (S {r['sannolikhet']} × K {r['konsekvens']} = riskvärde {r['riskvarde']})"
            else:
                t += f" – riskvärde {r['riskvarde']}"
        return t

    sheets = []
    if L["struct"] == "sheet_per_area":
        groups = {}
        for r in plan["risks"]:
            groups.setdefault(r["kategori"], []).append(r)
        L["groups"] = list(groups.items())
        for name, rs in L["groups"]:
            rows = [head]
            for r in rs:
                for j, c in enumerate(r["kontroller"]):
                    rows.append(ctrl_row(r, c, j == 0))
            items = [("line", t) for t in title_lines] + [("line", f"Område: {name}")] + [("table", rows, [], 1)]
            sheets.append((name, items))
        foot = footnotes(rng, plan, L)
        for name, items in sheets:
            items += [("line", f) for f in foot]
        return sheets, cols

    items = [("line", t) for t in title_lines] + [("line", "")]
    st = L["struct"]
    if st in ("flat", "ctrl_first"):
        rows = [head]
        merges = []
        for r in plan["risks"]:
            first = len(rows)
            for j, c in enumerate(r["kontroller"]):
                rows.append(ctrl_row(r, c, j == 0 or st == "ctrl_first"))
        items.append(("table", rows, merges, 1))
    elif st == "staircase":
        rows = [head]
        for r in plan["risks"]:
            rows.append([cell_for(rng, plan, L, r, None, c, None) if c[1] == "risk" else Cell("") for c in cols])
            for c in r["kontroller"]:
                rows.append(ctrl_row(None, c, False))
        items.append(("table", rows, [], 1))
        L["flags"].append("risk_row_then_controls")
    elif st in HIERS:
        L["unit_text"] = f"{plan['kommun']} kommun > {plan['namnd']}"
        rows = [head]
        tw = L.get("typed_words")
        for r in plan["risks"]:
            row = []
            for c in cols:
                if c[1] == "unit":
                    row.append(Cell(L["unit_text"]))
                elif c[1] == "both" and c[2] == "typ":
                    row.append(Cell(tw[0]))
                elif c[1] == "both":
                    row.append(Cell(r["nummer"] if c[2] == "nummer" else r["riskomrade"], bold=st == "hier"))
                elif c[1] == "risk":
                    row.append(cell_for(rng, plan, L, r, None, c, None))
                else:
                    row.append(Cell(""))
            rows.append(row)
            for k in r["kontroller"]:
                row = []
                for c in cols:
                    if c[1] == "unit":
                        row.append(Cell(L["unit_text"]))
                    elif c[1] == "both" and c[2] == "typ":
                        row.append(Cell(tw[2] if k.get("typ") == "atgard" else tw[1]))
                    elif c[1] == "both":
                        row.append(Cell(k["nummer"] if c[2] == "nummer" else
                                        ("    " if st == "hier" else "") + k["kontroll"]))
                    elif c[1] == "risk":
                        row.append(Cell(""))
                    else:
                        row.append(cell_for(rng, plan, L, None, k, c, None))
                rows.append(row)
        items.append(("table", rows, [], 1))
    elif st == "banner":
        rows = [head]
        merges = []
        for i, r in enumerate(plan["risks"]):
            if L["header_per_banner"] and i > 0:
                rows.append([Cell(c[0], bold=True) for c in cols])
            rows.append([Cell(banner_text(r), bold=True)] + [Cell("") for _ in cols[1:]])
            merges.append((len(rows) - 1, 0, len(rows) - 1, ncol - 1))
            if L["banner_desc"]:
                rows.append([Cell(r["riskbeskrivning"])] + [Cell("") for _ in cols[1:]])
                merges.append((len(rows) - 1, 0, len(rows) - 1, ncol - 1))
            for c in r["kontroller"]:
                rows.append(ctrl_row(None, c, False))
        if L["header_per_banner"]:
            # header under each banner instead of on top
            rows = rows[1:]
            merges = [(a - 1, b, c, d) for a, b, c, d in merges]
            fixed, fm = [], []
            for row in rows:
                fixed.append(row)
            # place a header after every banner (and description)
            rows2, m2 = [], []
            i = 0
            ri = 0
            for r in plan["risks"]:
                rows2.append([Cell(banner_text(r), bold=True)] + [Cell("") for _ in cols[1:]])
                m2.append((len(rows2) - 1, 0, len(rows2) - 1, ncol - 1))
                if L["banner_desc"]:
                    rows2.append([Cell(r["riskbeskrivning"])] + [Cell("") for _ in cols[1:]])
                    m2.append((len(rows2) - 1, 0, len(rows2) - 1, ncol - 1))
                rows2.append([Cell(c[0], bold=True) for c in cols])
                for c in r["kontroller"]:
                    rows2.append(ctrl_row(None, c, False))
            rows, merges = rows2, m2
        items.append(("table", rows, merges, 0 if L["header_per_banner"] else 1))
    elif st == "per_risk_table":
        for r in plan["risks"]:
            items.append(("heading", banner_text(r)))
            if L["banner_desc"]:
                items.append(("line", r["riskbeskrivning"]))
            rows = [head] + [ctrl_row(None, c, False) for c in r["kontroller"]]
            items.append(("table", rows, [], 1))
            items.append(("line", ""))
    for f in footnotes(rng, plan, L):
        items.append(("line", f))
    sheets.append((L.get("sheet_name") or rng.choice(["Plan", "Internkontrollplan", "Blad1", f"IK {plan['year']}", "Uppföljning" if plan["typ"] == "uppfoljning" else "Kontrollplan"]), items))
    return sheets, cols


# ---------------------------------------------------------------- renderers
def render_xlsx(path, rng, plan, L, sheets, cols):
    import openpyxl
    from openpyxl.styles import Font, Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if L["instr_matrix"]:
        ws = wb.create_sheet("Instruktion")
        ws["A1"] = "Instruktion"
        ws["A1"].font = Font(bold=True, size=14)
        for i, t in enumerate(["Fyll i en rad per kontrollmoment.", "Sannolikhet och konsekvens bedöms på skalan 1–5.",
                               "Riskvärdet räknas ut automatiskt (S × K).", "Status väljs i listan."]):
            ws.cell(3 + i, 1, t)
        ms = wb.create_sheet("Riskmatris")
        ms["A1"] = "Riskmatris"
        ms["A1"].font = Font(bold=True)
        ms.cell(3, 1, "Konsekvens →")
        for k in range(1, 6):
            ms.cell(3, 1 + k, k)
        for s in range(5, 0, -1):
            ms.cell(9 - s, 1, f"Sannolikhet {s}")
            for k in range(1, 6):
                c = ms.cell(9 - s, 1 + k, s * k)
                col = "63BE7B" if s * k <= 4 else ("FFEB84" if s * k <= 9 else ("F8A060" if s * k <= 15 else "F8696B"))
                c.fill = PatternFill("solid", fgColor=col)
    main_ws = []
    for name, items in sheets:
        ws = wb.create_sheet(name[:31])
        main_ws.append(ws)
        r = 1
        for it in items:
            if it[0] in ("line", "heading"):
                if it[1]:
                    ws.cell(r, 1, it[1])
                    if it[0] == "heading" or r <= 2:
                        ws.cell(r, 1).font = Font(bold=True, size=12 if it[0] == "heading" else 14)
                r += 1
                continue
            _, rows, merges, nh = it
            top = r
            hdr_rows = [top] if nh else []
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    ref = ws.cell(r, j + 1)
                    if cell.formula == "RV":
                        si = [k for k, c in enumerate(cols) if c[2] == "sannolikhet"][0]
                        ki = [k for k, c in enumerate(cols) if c[2] == "konsekvens"][0]
                        ref.value = f"={get_column_letter(si + 1)}{r}*{get_column_letter(ki + 1)}{r}"
                    elif cell.date:
                        ref.value = cell.v
                        ref.number_format = L["date_numfmt"]
                    elif cell.v != "" and cell.v is not None:
                        ref.value = cell.v
                    if cell.bold:
                        ref.font = Font(bold=True)
                    if cell.fill:
                        ref.fill = PatternFill("solid", fgColor=cell.fill)
                    ref.alignment = Alignment(wrap_text=True, vertical="top")
                r += 1
            for (a, b, c, d) in merges:
                ws.merge_cells(start_row=top + a, start_column=b + 1, end_row=top + c, end_column=d + 1)
            heads = [str(c.v) for c in rows[0]]
            if (L["excel_table"] and not merges and nh and all(heads) and len(set(heads)) == len(heads)):
                from openpyxl.worksheet.table import Table, TableStyleInfo
                ref_ = f"A{top}:{get_column_letter(len(rows[0]))}{r - 1}"
                tab = Table(displayName=f"Tabell{len(main_ws)}_{len(ws.tables) + 1}", ref=ref_)
                tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
                ws.add_table(tab)
                if "excel_table" not in L["flags"]:
                    L["flags"].append("excel_table")
            if L["validation"]:
                last = r - 1
                for j, c in enumerate(cols):
                    if c[2] == "status" and c[1] == "fu" and L["status_form"] in ("words",):
                        dv = DataValidation(type="list", formula1='"' + ",".join(STATUS) + '"', allow_blank=True)
                        ws.add_data_validation(dv)
                        dv.add(f"{get_column_letter(j + 1)}{top + 1}:{get_column_letter(j + 1)}{last}")
                    if c[2] in ("sannolikhet", "konsekvens"):
                        if L["lists_sheet"]:
                            dv = DataValidation(type="list", formula1="=Listor!$A$2:$A$6", allow_blank=True)
                        else:
                            dv = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True)
                        ws.add_data_validation(dv)
                        dv.add(f"{get_column_letter(j + 1)}{top + 1}:{get_column_letter(j + 1)}{last}")
        for j in range(len(cols)):
            ws.column_dimensions[get_column_letter(j + 1)].width = 22
    if L["lists_sheet"]:
        ls = wb.create_sheet("Listor")
        ls["A1"], ls["B1"], ls["C1"] = "Skala", "Status", "Bedömning"
        for i in range(5):
            ls.cell(i + 2, 1, i + 1)
        for i, s in enumerate(STATUS):
            ls.cell(i + 2, 2, s)
        for i, s in enumerate(BEDOM):
            ls.cell(i + 2, 3, s)
    wb.save(path)


def sheet_to_lines(items):
    """flatten items to list of rows (lists of strings) for csv/text"""
    out = []
    for it in items:
        if it[0] in ("line", "heading"):
            out.append([it[1]] if it[1] else [])
        else:
            for row in it[1]:
                out.append([cell_str(c) for c in row])
    return out


def cell_str(c):
    if c.date:
        return fmt_date(c.v, "iso")
    if c.v is None:
        return ""
    return str(c.v)


def render_csv(path, rng, plan, L, sheets):
    rows = sheet_to_lines(sheets[0][1])
    enc = rng.choice(["cp1252", "utf-8-sig"])
    sep = ";"
    width = max(len(r) for r in rows)
    pad = rng.random() < 0.5
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    for r in rows:
        w.writerow(r + [""] * (width - len(r)) if pad else r)
    data = buf.getvalue()
    if enc == "cp1252":
        data = data.replace("✓", "OK").replace("◐", "(P)").replace("✗", "X").replace("○", "O")
        if L.get("status_form") == "symbol_legend":
            pass
    open(path, "wb").write(data.encode(enc, errors="replace"))
    L["flags"].append("csv_" + ("cp1252" if enc == "cp1252" else "utf8bom"))
    return enc


def render_text(path, rng, plan, L, sheets):
    rows = sheet_to_lines(sheets[0][1])
    out = ["", ""]
    for r in rows:
        out.append("\t".join(x.replace("\n", " ") for x in r))
    open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")


def render_docx(path, rng, plan, L, sheets):
    import docx
    from docx.shared import Pt, Cm
    from docx.enum.section import WD_ORIENT
    d = docx.Document()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Cm(1.5)
    items = sheets[0][1]
    first_line = True
    for it in items:
        if it[0] == "line":
            if it[1]:
                if first_line and it[1].startswith("Bilaga"):
                    d.add_paragraph(it[1])
                elif first_line or (it[1] and it[1] == items[1][1] and False):
                    d.add_heading(it[1], level=1)
                    first_line = False
                else:
                    d.add_paragraph(it[1])
            continue
        if it[0] == "heading":
            d.add_heading(it[1], level=2)
            continue
        _, rows, merges, nh = it
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, c in enumerate(row):
                s = cell_str(c) if not c.date else fmt_date(c.v, L["date_style"])
                cell = t.cell(i, j)
                cell.text = s
                if c.bold and s:
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.bold = True
                            run.font.size = Pt(9)
                else:
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(9)
        for (a, b, c2, e) in merges:
            m = t.cell(a, b).merge(t.cell(c2, e))
            # merge keeps text of all cells joined with paragraphs; others are empty -> strip empty paragraphs
            ps = m.paragraphs
            for p in ps[1:]:
                if not p.text.strip():
                    p._element.getparent().remove(p._element)
        d.add_paragraph("")
    d.save(path)


def soffice_convert(files, target, outdir):
    if not files:
        return
    os.makedirs(outdir, exist_ok=True)
    for i in range(0, len(files), 40):
        chunk = files[i:i + 40]
        subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", outdir] + chunk,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1200)


# ---------------------------------------------------------------- main
def make_case(seed, fmt, idx, out, src):
    rng = random.Random(f"{seed}:{fmt}:{idx}")
    plan = make_plan(rng, fmt)
    L = choose_layout(rng, fmt, plan)
    if plan["typ"] == "uppfoljning":
        # columns decide the periods; fu_columns is called in column_plan, fill afterwards
        pass
    fname = {"name": None}
    title_lines, meta = titles(rng, plan, L, fname)
    # the columns first (fu_columns sets L["periods"]), then the follow-ups, then the rows
    cols = index_fu_cols(column_plan(rng, plan, L), L)
    if "heads_new" in L["flags"]:
        for c in cols:
            if c[1] in ("risk", "ctrl") and c[2] in H and c[0] == L["heads"].get(c[2]):
                L["flags"].append(f"h:{c[2]}={c[0]}")
            if c[1] == "fu" and c[0].startswith(L["heads"].get(c[2], "\0")):
                L["flags"].append(f"h:{c[2]}={L['heads'][c[2]]}")
    if plan["typ"] == "uppfoljning":
        fill_followups(rng, plan, L)
    sheets, cols = build_sheets(rng, plan, L, title_lines, cols)
    # de-duplicate flags
    L["flags"] = list(dict.fromkeys(L["flags"]))
    base = fname["name"] or f"g50_{fmt}_{idx:04d}"
    if fname["name"]:
        base = f"{fname['name']} ({fmt} {idx:04d})"
    ext = {"xlsx": "xlsx", "ods": "ods", "xls": "xls", "docx": "docx", "csv": "csv", "text": "txt", "pdftext": "txt"}[fmt]
    if fmt in ("xlsx", "ods", "xls"):
        spath = os.path.join(src, base + ".xlsx")
        render_xlsx(spath, rng, plan, L, sheets, cols)
    elif fmt in ("docx", "pdftext"):
        spath = os.path.join(src if fmt == "pdftext" else out, base + ".docx")
        render_docx(spath, rng, plan, L, sheets)
    elif fmt == "csv":
        spath = os.path.join(out, base + ".csv")
        render_csv(spath, rng, plan, L, sheets)
    else:
        spath = os.path.join(out, base + ".txt")
        render_text(spath, rng, plan, L, sheets)
    # expectation
    if L["struct"] == "sheet_per_area" and fmt in ("xlsx", "ods", "xls"):
        docs = []
        for name, rs in L["groups"]:
            docs.append(expect_doc(plan, L, meta, rs))
        exp = {"kalla": base + "." + ext, "dokument": docs}
        L["flags"].append("multi_doc")
    else:
        exp = {"kalla": base + "." + ext, "dokument": [expect_doc(plan, L, meta, plan["risks"])]}
    final = os.path.join(out, base + "." + ext)
    return {"fmt": fmt, "idx": idx, "src": spath, "final": final, "base": base, "exp": exp, "flags": L["flags"],
            "lo": L.get("lo_roundtrip", False)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", default="1")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--out", default="/work/gen/g50")
    ap.add_argument("--formats", default="xlsx,ods,xls,docx,csv,text,pdftext")
    a = ap.parse_args()
    out = a.out
    src = os.path.join(out, "_src")
    os.makedirs(src, exist_ok=True)
    cases = []
    for fmt in a.formats.split(","):
        for i in range(a.n):
            cases.append(make_case(a.seed, fmt, i, out, src))
    # LibreOffice conversions
    ods = [c["src"] for c in cases if c["fmt"] == "ods"]
    xls = [c["src"] for c in cases if c["fmt"] == "xls"]
    lo = [c["src"] for c in cases if c["fmt"] == "xlsx" and c["lo"]]
    pdf = [c["src"] for c in cases if c["fmt"] == "pdftext"]
    soffice_convert(ods, "ods", out)
    soffice_convert(xls, "xls", out)
    lo_dir = os.path.join(src, "lo")
    soffice_convert(lo, "xlsx:Calc MS Excel 2007 XML", lo_dir)
    soffice_convert(pdf, "pdf", os.path.join(src, "pdf"))
    for c in cases:
        if c["fmt"] == "xlsx":
            if c["lo"]:
                shutil.copy(os.path.join(lo_dir, c["base"] + ".xlsx"), c["final"])
            else:
                shutil.copy(c["src"], c["final"])
        if c["fmt"] == "pdftext":
            p = os.path.join(src, "pdf", c["base"] + ".pdf")
            subprocess.run(["pdftotext", "-layout", p, c["final"]], check=False)
    index = []
    for c in cases:
        if not os.path.exists(c["final"]):
            print("missing", c["final"], file=sys.stderr)
            continue
        stem = os.path.splitext(c["final"])[0]
        json.dump(c["exp"], open(stem + ".expected.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
        json.dump(c["flags"], open(stem + ".flags.json", "w", encoding="utf-8"), ensure_ascii=False)
        index.append({"file": os.path.basename(c["final"]), "fmt": c["fmt"], "flags": c["flags"]})
    json.dump(index, open(os.path.join(out, "index.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=0)
    print(f"{len(index)} cases in {out}")


if __name__ == "__main__":
    main()
