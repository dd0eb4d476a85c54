#!/usr/bin/env python3
"""Second independent layout generator for ikplan (branch g40).

Each case = a random model (plan or follow-up) rendered in a random layout, plus
<case>.expected.json (what a careful human reads from that rendering) and
<case>.flags.json (the layout features used).

usage: gen.py --seed 1 --n 150 --out gen_out [--n-lo 60] [--formats xlsx,ods,...]
Formats: xlsx (some round-tripped through LibreOffice), ods, xls (soffice), csv, docx,
text (seed form), pdftext (docx -> soffice pdf -> pdftotext -layout).
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys

# ---------------------------------------------------------------- vocab
NAMNDER = ["Socialnämnden", "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Tekniska nämnden",
           "Kultur- och fritidsnämnden", "Miljö- och byggnadsnämnden", "Vård- och omsorgsnämnden",
           "Samhällsbyggnadsnämnden", "Gymnasienämnden", "Överförmyndarnämnden"]
KOMMUNER = ["Ale", "Bjuv", "Dals-Ed", "Eslöv", "Falköping", "Gnosjö", "Hylte", "Kramfors", "Lekeberg",
            "Mönsterås", "Nordanstig", "Orsa", "Robertsfors", "Sotenäs", "Tranemo", "Vimmerby", "Åmål", "Öckerö"]
KATEGORIER = ["Ekonomi", "Verksamhet", "Medarbetare", "Medborgare", "Invånare", "Juridik", "IT och informationssäkerhet"]

RISKS = [
    ("Felaktiga utbetalningar", "Ekonomi", "Risk att ersättning betalas ut till fel mottagare eller med fel belopp."),
    ("Bristande attestrutiner", "Ekonomi", "Risk att fakturor attesteras av person utan behörighet."),
    ("Inköp utanför avtal", "Ekonomi", "Risk att inköp görs hos leverantörer som kommunen saknar avtal med."),
    ("Felaktig debitering av avgifter", "Ekonomi", "Risk att avgifter för vård och omsorg beräknas fel."),
    ("Representation och gåvor", "Ekonomi", "Risk att representation inte följer riktlinjerna."),
    ("Hantering av kontanter", "Ekonomi", "Risk för förlust eller stöld av kontanta medel i verksamheten."),
    ("Budgetuppföljning", "Ekonomi", "Risk att prognoser inte lämnas i tid och att underskott upptäcks sent."),
    ("Hot och våld", "Medarbetare", "Risk att medarbetare utsätts för hot eller våld i arbetet."),
    ("Kompetensförsörjning", "Medarbetare", "Risk att vakanta tjänster inte kan tillsättas med behörig personal."),
    ("Sjukfrånvaro", "Medarbetare", "Risk att hög sjukfrånvaro påverkar kvaliteten i verksamheten."),
    ("Arbetsmiljö", "Medarbetare", "Risk att det systematiska arbetsmiljöarbetet inte genomförs."),
    ("Bisysslor", "Medarbetare", "Risk att anställda har bisysslor som är förtroendeskadliga."),
    ("Otillbörlig åtkomst till journaler", "IT och informationssäkerhet", "Risk att obehöriga tar del av sekretessbelagda uppgifter."),
    ("Bristande informationssäkerhet", "IT och informationssäkerhet", "Risk att behörigheter inte tas bort när anställning upphör."),
    ("Personuppgiftsbehandling enligt dataskyddsförordningen", "Juridik", "Risk att personuppgifter behandlas utan rättslig grund."),
    ("Diarieföring och dokumenthantering", "Juridik", "Risk att allmänna handlingar inte diarieförs."),
    ("Delegationsbeslut", "Juridik", "Risk att delegationsbeslut inte anmäls till nämnden."),
    ("Upphandling", "Juridik", "Risk att direktupphandlingar görs över gränsvärdet."),
    ("Handläggningstider", "Medborgare", "Risk att ärenden inte handläggs inom lagstadgad tid."),
    ("Synpunkter och klagomål", "Medborgare", "Risk att synpunkter inte registreras och besvaras."),
    ("Orosanmälningar", "Invånare", "Risk att förhandsbedömning inte görs inom 14 dagar."),
    ("Avvikelsehantering", "Verksamhet", "Risk att avvikelser inte rapporteras och följs upp."),
    ("Kontinuitet i hemtjänsten", "Verksamhet", "Risk att brukare möter många olika personal."),
    ("Läkemedelshantering", "Verksamhet", "Risk för fel i läkemedelshanteringen på särskilda boenden."),
    ("Skolplikt och frånvaro", "Verksamhet", "Risk att elevers långvariga frånvaro inte uppmärksammas."),
    ("Krisberedskap", "Verksamhet", "Risk att kontinuitetsplaner saknas eller är inaktuella."),
    ("Fastighetsunderhåll", "Verksamhet", "Risk att planerat underhåll skjuts upp och att värdet på fastigheterna minskar."),
    ("Livsmedelskontroll", "Verksamhet", "Risk att kontrollplanen för livsmedelstillsyn inte följs."),
    ("Bygglov", "Medborgare", "Risk att bygglov beviljas i strid med detaljplan."),
    ("Färdtjänst", "Invånare", "Risk att resor debiteras felaktigt av utföraren."),
    ("Lönehantering", "Ekonomi", "Risk att felaktig lön betalas ut på grund av sen inrapportering."),
    ("Statsbidrag", "Ekonomi", "Risk att sökta statsbidrag inte redovisas och måste betalas tillbaka."),
    ("Lex Sarah", "Verksamhet", "Risk att missförhållanden inte rapporteras enligt lex Sarah."),
    ("Introduktion av nyanställda", "Medarbetare", "Risk att nyanställda inte får introduktion i rutiner och system."),
    ("Inventarier och stöldbegärlig utrustning", "Ekonomi", "Risk att datorer och surfplattor försvinner utan att det upptäcks."),
    ("Systematiskt kvalitetsarbete", "Verksamhet", "Risk att kvalitetsarbetet inte dokumenteras."),
    ("Mutor och jäv", "Juridik", "Risk att anställda tar emot förmåner som kan påverka myndighetsutövningen."),
    ("Fordon och körjournaler", "Ekonomi", "Risk att kommunens fordon används privat."),
]
PROCESSES = ["Ekonomiadministration", "Inköp och upphandling", "Myndighetsutövning", "Personaladministration",
             "Informationshantering", "Ärendehantering", "Lönehantering", "Kvalitetsledning", "Systemförvaltning"]
CONTROLS = [
    ("Stickprov av utbetalningar", "Stickprov på tio utbetalningar per kvartal jämförs mot beslut."),
    ("Kontroll av attestlistor", "Attestförteckningen jämförs med aktuell organisation."),
    ("Granskning av leverantörsfakturor", "Urval av fakturor över 50 000 kr granskas mot avtal."),
    ("Uppföljning av avtalstrohet", "Rapport ur inköpssystemet analyseras."),
    ("Kontroll av representationsfakturor", "Samtliga representationsfakturor granskas mot riktlinjen."),
    ("Genomgång av handlingsplan", "Handlingsplanen gås igenom på APT."),
    ("Uppföljning av tillbud", "Tillbudsrapporter sammanställs och analyseras."),
    ("Loggkontroll i verksamhetssystem", "Slumpvis utvalda loggar granskas av systemförvaltare."),
    ("Kontroll av behörigheter", "Behörighetslistor stäms av mot personalregistret."),
    ("Kontroll av registerförteckning", "Registerförteckningen jämförs med de system som används."),
    ("Kontroll av diarieföring", "Stickprov på inkomna handlingar."),
    ("Anmälan av delegationsbeslut", "Delegationslistor jämförs med protokoll."),
    ("Granskning av direktupphandlingar", "Dokumentation av direktupphandlingar över 100 000 kr granskas."),
    ("Mätning av handläggningstid", "Statistik ur verksamhetssystemet tas fram."),
    ("Uppföljning av synpunkter", "Registrerade synpunkter gås igenom."),
    ("Kontroll av förhandsbedömningar", "Samtliga orosanmälningar under en månad granskas."),
    ("Genomgång av avvikelser", "Avvikelserapporter sammanställs per enhet."),
    ("Mätning av kontinuitet", "Antal personal per brukare under 14 dagar räknas."),
    ("Granskning av signeringslistor", "Signeringslistor gås igenom av sjuksköterska."),
    ("Uppföljning av elevfrånvaro", "Frånvarostatistik granskas varje månad."),
    ("Översyn av kontinuitetsplaner", "Planerna gås igenom tillsammans med säkerhetssamordnare."),
    ("Kontroll av underhållsplan", "Utfört underhåll jämförs med plan."),
    ("Uppföljning av kontrollplan", "Antal genomförda kontroller jämförs med planerat."),
    ("Granskning av beviljade bygglov", "Fem slumpvis valda ärenden granskas."),
    ("Kontroll av fakturerade resor", "Resor i faktura jämförs med beställningar."),
    ("Kontroll av löneutbetalningar", "Lönelistor stäms av mot anställningsbeslut."),
    ("Redovisning av statsbidrag", "Ansökningar och redovisningar stäms av mot ekonomisystemet."),
    ("Kontroll av lex Sarah-rapporter", "Rapporterna gås igenom av medicinskt ansvarig."),
    ("Uppföljning av introduktion", "Enkät till nyanställda efter tre månader."),
    ("Inventering av utrustning", "Inventarieförteckningen stäms av på plats."),
    ("Kontroll av körjournaler", "Körjournaler jämförs med tankkort."),
    ("Genomgång av bisysslor", "Samtliga medarbetare tillfrågas vid medarbetarsamtal."),
]
EXTRA_METHODS = ["Stickprov", "Intervjuer med enhetschefer", "Genomgång av rutin", "Registerkontroll",
                 "Enkät till medarbetare", "Analys av statistik", "Dokumentgranskning", "Avstämning mot huvudbok"]
ROLES = ["Ekonomichef", "Controller", "Förvaltningschef", "Enhetschef", "HR-chef", "Systemförvaltare",
         "Nämndsekreterare", "Verksamhetschef", "Vård- och omsorgschef", "Kvalitetsstrateg", "Registrator",
         "Medicinskt ansvarig sjuksköterska", "Upphandlare", "Rektor", "Avdelningschef", "Lönechef",
         "Dataskyddsombud", "Säkerhetssamordnare", "Administrativ chef", "Socialchef"]
FREQ = ["En gång per år", "Två gånger per år", "Varje kvartal", "Varje månad", "Löpande", "Årligen",
        "En gång/kvartal", "Vid delår och helår", "Halvårsvis", "Varje tertial", "Fyra gånger per år"]
UPPF_NAR = ["Delår och helår", "Vid delår", "Helår", "Q1", "T2", "Tertial 2", "Augusti", "Vid bokslut",
            "Delårsrapport", "Oktober", "Q3 och Q4"]
RESULTS = [
    "Kontrollen är genomförd utan anmärkning.",
    "Stickprovet visade två avvikelser som har rättats.",
    "Rutinen har uppdaterats och kommunicerats på APT.",
    "Inga fel har upptäckts vid granskningen.",
    "Granskningen visar att rutinen följs i huvudsak.",
    "Arbetet har påbörjats men är inte slutfört.",
    "Kontrollen har inte kunnat genomföras på grund av personalbrist.",
    "Tre av tio ärenden saknade dokumenterat beslut.",
    "Samtliga behörigheter är uppdaterade.",
    "Uppföljningen visar att handläggningstiden har kortats.",
]
ATGARDER = ["Rutinen ses över under hösten.", "Utbildning för berörda chefer.", "Ny kontroll vid helår.",
            "Ingen åtgärd behövs.", "Checklista tas fram.", "Kontrollen flyttas till nästa års plan.",
            "Information på ledningsgruppsmöte."]
LONG_TAIL = (" Granskningen omfattar samtliga enheter inom förvaltningen och resultatet redovisas för "
             "ledningsgruppen innan det rapporteras vidare till nämnden. Eventuella avvikelser dokumenteras "
             "i avvikelsesystemet och åtgärdas av ansvarig chef.")

STATUS_CANON = ["Ej påbörjad", "Pågående", "Genomförd", "Ej genomförd", "Inställd"]
STATUS_SYN = {"Genomförd": ["Klar", "Utförd", "genomförd", "GENOMFÖRD"], "Pågående": ["Pågår", "Påbörjad", "pågående"],
              "Ej påbörjad": ["Ej startad", "ej påbörjad"], "Ej genomförd": ["ej genomförd"], "Inställd": ["inställd"]}
STATUS_ICON = {"Genomförd": "✔ ", "Pågående": "▶ ", "Ej påbörjad": "", "Ej genomförd": "", "Inställd": ""}
BED_CANON = ["Inga brister", "Mindre brister", "Väsentliga brister", "Allvarliga brister", "Ingen bedömning gjord"]

# headers: field -> list of wordings
H = {
    "riskomrade": ["Risk", "Riskområde", "Identifierad risk", "Kontrollområde", "Risker", "Vad kan gå fel?",
                   "Riskidentifiering", "Risk/händelse"],
    "riskbeskrivning": ["Riskbeskrivning", "Beskrivning av risken", "Beskrivning", "Vad innebär risken?",
                        "Närmare beskrivning", "Riskens innebörd"],
    "kategori": ["Kategori", "Område", "Perspektiv", "Riskkategori", "Typ av risk",
                 "Område ekonomi/verksamhet/medborgare/medarbetare"],
    "process": ["Process", "Rutin/process", "Process/rutin", "Verksamhetsprocess", "Rutin/System", "Berörd process"],
    "sannolikhet": ["Sannolikhet", "S", "Sannolikhet (1-{n})", "Sannol.", "Trolighet", "Sannolikhet 1–{n}"],
    "konsekvens": ["Konsekvens", "K", "Konsekvens (1-{n})", "Kons.", "Allvarlighetsgrad", "Konsekvens 1–{n}"],
    "riskvarde": ["Riskvärde", "RV", "Riskvärde (S x K)", "Risknivå", "Bedömt riskvärde", "Riskvärde S×K"],
    "sk": ["Riskbedömning", "Riskbedömning (S/K)", "Bedömning S och K", "Sannolikhet/Konsekvens"],
    "kontroll": ["Kontrollmoment", "Kontroll", "Vad ska kontrolleras?", "Kontrollaktivitet", "Kontrollåtgärd",
                 "Internkontrollpunkt", "Kontrollmoment/aktivitet"],
    "metod": ["Metod", "Hur ska kontrollen genomföras?", "Kontrollmetod", "Metod Hur ska kontrollen genomföras?",
              "Tillvägagångssätt", "Metod för kontroll"],
    "ansvarig": ["Ansvarig", "Kontrollansvarig", "Ansvarig för kontrollen", "Vem genomför kontrollen?",
                 "Utförare", "Ansvarig för genomförande"],
    "frekvens": ["Frekvens", "Hur ofta?", "Kontrollfrekvens", "Omfattning/frekvens", "Periodicitet", "Intervall"],
    "rapporteringsansvarig": ["Rapporteringsansvarig", "Rapportör", "Ansvarig för rapportering", "Rapporteras av",
                              "Rapporteringsansvar", "Ansvarig rapportering"],
    "uppfoljning_nar": ["Uppföljning", "När följs kontrollen upp?", "Tidpunkt för uppföljning", "Uppföljning när",
                        "Rapporteringstillfälle", "Tidplan"],
    "slutdatum": ["Slutdatum", "Klart senast", "Klart datum", "Datum för genomförande", "Färdigt senast", "Senast"],
    "nummer": ["Nr", "Nr.", "#", "Löpnr", "Id"],
    "status": ["Status", "Status för kontrollen", "Genomförd?", "Läge", "Utfört", "Status kontroll"],
    "kontrollbedomning": ["Bedömning", "Kontrollbedömning", "Bedömning av kontroll", "Brister",
                          "Samlad bedömning", "Resultat av bedömning"],
    "resultat": ["Resultat", "Resultat av kontroll", "Kommentar", "Utfall", "Iakttagelser", "Resultat av uppföljning",
                 "Redovisning"],
    "ny_atgard": ["Åtgärd", "Ny åtgärd", "Föreslagen åtgärd", "Åtgärder vid brister", "Ny uppföljning eller åtgärd",
                  "Vidtagna/planerade åtgärder"],
}
EXTRA_COLS = ["Kommentar", "Signatur", "Dnr", "Q1", "Q2", "Q3", "Q4", "Ja/Nej", "Rapporteras till och när",
              "Bilaga", "Notering"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
S_WORDS4 = {1: "Osannolik", 2: "Mindre sannolik", 3: "Möjlig", 4: "Sannolik"}
K_WORDS4 = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig"}
S_WORDS5 = {1: "Mycket liten", 2: "Liten", 3: "Möjlig", 4: "Sannolik", 5: "Mycket sannolik"}
K_WORDS5 = {1: "Försumbar", 2: "Liten", 3: "Måttlig", 4: "Stor", 5: "Mycket stor"}

FORMATS = ["xlsx", "ods", "xls", "csv", "docx", "text", "pdftext"]


def level_word(rv, scale):
    hi = scale * scale
    if rv <= hi * 0.2:
        return "Låg"
    if rv <= hi * 0.4:
        return "Medel"
    if rv <= hi * 0.65:
        return "Hög"
    return "Mycket hög"


def colour(rv, scale):
    return {"Låg": "Grön", "Medel": "Gul", "Hög": "Orange", "Mycket hög": "Röd"}[level_word(rv, scale)]


# ---------------------------------------------------------------- model
def make_model(R, fmt, force_two=False):
    typ = "uppfoljning" if R.random() < 0.45 else "plan"
    two = False
    if force_two:
        typ, two = "uppfoljning", True
    periods = ["delar", "helar"] if two else ([R.choice(["delar", "helar"])] if typ == "uppfoljning" else [])
    ar = R.randint(2014, 2025)
    namnd = R.choice(NAMNDER)
    scale = R.choice([4, 5])
    nr = R.choice([3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 18, 25]) if R.random() < 0.9 else R.randint(3, 25)
    picks = R.sample(RISKS, min(nr, len(RISKS)))
    risks = []
    ctrl_pool = CONTROLS[:]
    R.shuffle(ctrl_pool)
    ci = 0
    for i, (name, kat, desc) in enumerate(picks):
        s, k = R.randint(1, scale), R.randint(1, scale)
        r = {"riskomrade": name, "riskbeskrivning": desc, "kategori": kat,
             "process": R.choice(PROCESSES), "sannolikhet": s, "konsekvens": k, "riskvarde": s * k,
             "kontroller": []}
        for j in range(R.choice([1, 1, 1, 2, 2, 3, 4])):
            c, m = ctrl_pool[ci % len(ctrl_pool)]
            if ci >= len(ctrl_pool):
                c = c + f" ({name.lower()})"
            ci += 1
            if R.random() < 0.3:
                m = R.choice(EXTRA_METHODS)
            ans = R.sample(ROLES, R.choice([1, 1, 1, 2, 2, 3]))
            ctl = {"kontroll": c, "metod": m, "ansvarig": ans, "frekvens": R.choice(FREQ),
                   "rapporteringsansvarig": R.sample(ROLES, R.choice([1, 1, 2])),
                   "uppfoljning_nar": R.choice(UPPF_NAR),
                   "slutdatum": dt.date(ar, R.randint(2, 12), R.randint(1, 28)),
                   "uppfoljningar": []}
            for p in periods:
                st = R.choice(STATUS_CANON[:4] + ["Genomförd", "Genomförd", "Pågående"])
                ctl["uppfoljningar"].append({
                    "period": p, "ar": ar, "status": st,
                    "kontrollbedomning": R.choice(BED_CANON),
                    "resultat": R.choice(RESULTS), "ny_atgard": R.choice(ATGARDER)})
            r["kontroller"].append(ctl)
        risks.append(r)
    return {"typ": typ, "periods": periods, "two": two, "ar": ar, "namnd": namnd, "scale": scale,
            "kommun": R.choice(KOMMUNER), "dnr": f"{namnd[:2].upper()} {ar - 1}/{R.randint(10, 999)}",
            "datum": dt.date(ar - 1 if typ == "plan" else ar, R.randint(1, 12), R.randint(1, 28)),
            "risker": risks}


# ---------------------------------------------------------------- layout choice
def fmt_date(d, style):
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return f"{d.day}/{d.month} {d.year}"
    if style == "long":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return d.isoformat()


def choose_layout(R, M, fmt):
    L = {"flags": set()}
    f = L["flags"]
    fu = M["typ"] == "uppfoljning"
    scale = M["scale"]
    # which fields are shown
    show = {"riskomrade"}
    if R.random() < 0.55:
        show.add("riskbeskrivning")
    if R.random() < 0.35:
        show.add("kategori")
    if R.random() < 0.3:
        show.add("process")
    rsk = R.random()
    if rsk < 0.55:
        show |= {"sannolikhet", "konsekvens"}
        if R.random() < 0.6:
            show.add("riskvarde")
    elif rsk < 0.8:
        show.add("riskvarde")
    show |= {"kontroll"}
    for fld, p in [("metod", 0.75), ("ansvarig", 0.85), ("frekvens", 0.6), ("rapporteringsansvarig", 0.15),
                   ("uppfoljning_nar", 0.3), ("slutdatum", 0.15)]:
        if R.random() < p:
            show.add(fld)
    if fu:
        show |= {"status", "resultat"}
        if R.random() < 0.45:
            show.add("kontrollbedomning")
        if R.random() < 0.35:
            show.add("ny_atgard")
        if R.random() < 0.15 and not M["two"]:
            show.discard("status")
    L["show"] = show
    # features
    cards_ok = fmt in ("docx", "text")
    L["cards"] = cards_ok and R.random() < 0.12
    if L["cards"]:
        f.add("cards")
    L["shuffle"] = R.random() < 0.35 and not L["cards"]
    if L["shuffle"]:
        f.add("shuffle_cols")
    L["extra"] = R.sample(EXTRA_COLS, R.choice([1, 1, 2, 3])) if R.random() < 0.35 else []
    if fu:
        L["extra"] = [e for e in L["extra"] if e != "Kommentar"]
    if fmt == "pdftext":
        L["extra"] = L["extra"][:1]
    if L["extra"] and not L["cards"]:
        f.add("extra_cols")
    else:
        L["extra"] = []
    L["meta"] = R.random() < 0.7
    if L["meta"]:
        f.add("meta_lines")
    L["title"] = L["meta"] or R.random() < 0.5
    if fu and not M["two"]:
        L["period_in_headers"] = (not L["title"]) or R.random() < 0.5
    else:
        L["period_in_headers"] = M["two"]
    if M["two"]:
        f.add("two_periods")
    L["sections"] = None
    if R.random() < 0.3 and not L["cards"] and "kategori" not in show:
        L["sections"] = R.choice(["plain", "numbered", "upper", "prefixed"])
        L["sec_merge"] = R.choice(["across", "first"])
        f.add("section_rows")
        if L["sections"] == "upper":
            f.add("section_upper")
    L["riskmerge"] = R.choice(["merged", "repeat", "blank"])
    if fmt in ("csv", "text") and L["riskmerge"] == "merged":
        L["riskmerge"] = "blank"
    if any(len(r["kontroller"]) > 1 for r in M["risker"]) and not L["cards"]:
        f.add("risk_" + L["riskmerge"])
    # S/K forms
    L["skform"] = "num"
    if {"sannolikhet", "konsekvens"} <= show:
        L["skform"] = R.choice(["num", "num", "numword", "combined", "combined_eq"])
        if L["skform"] != "num":
            f.add("sk_" + L["skform"])
    L["rvform"] = "num"
    if "riskvarde" in show:
        opts = ["num", "num", "level", "prod_eq", "paren_prod", "float"]
        if {"sannolikhet", "konsekvens"} <= show:
            opts.append("colour")
        L["rvform"] = R.choice(opts)
        if L["rvform"] != "num":
            f.add("rv_" + L["rvform"])
    L["two_row"] = (not L["cards"]) and R.random() < 0.3 and (
        {"sannolikhet", "konsekvens"} <= show or fu)
    if L["two_row"]:
        f.add("two_row_header")
    L["fu_sep"] = fu and not M["two"] and fmt in ("xlsx", "docx", "ods") and not L["cards"] and R.random() < 0.2
    if L["fu_sep"]:
        f.add("followup_separate_table")
    L["two_tables"] = (not L["cards"]) and (not L["fu_sep"]) and len(M["risker"]) >= 6 and R.random() < 0.15
    if L["two_tables"]:
        f.add("two_tables")
    L["date_style"] = R.choice(["iso", "slash", "long", "cell"]) if fmt in ("xlsx", "ods", "xls") else R.choice(["iso", "slash", "long"])
    if "slutdatum" in show:
        f.add("date_" + L["date_style"])
    L["list_sep"] = R.choice([", ", "\n", "; ", ", "]) if fmt != "pdftext" else R.choice([", ", "; "])
    if any(len(c["ansvarig"]) > 1 for r in M["risker"] for c in r["kontroller"]) and "ansvarig" in show:
        f.add("people_lists")
    L["empty_rows"] = R.random() < 0.2 and not L["cards"]
    if L["empty_rows"]:
        f.add("empty_rows")
    L["notes"] = R.random() < 0.35
    if L["notes"]:
        f.add("notes_below")
    L["long"] = R.random() < 0.25
    if L["long"]:
        f.add("long_cells")
    L["title_desc_cell"] = "riskbeskrivning" in show and R.random() < 0.3 and not L["cards"]
    if L["title_desc_cell"]:
        f.add("risk_title_desc_one_cell")
    L["num_risk"] = R.choice([None, "col", "col", "incell"])
    if L["num_risk"] == "incell":
        f.add("risk_number_in_cell")
    L["num_ctrl"] = L["num_risk"] == "col" and R.random() < 0.5
    if L["num_ctrl"]:
        f.add("control_numbers")
    if L["fu_sep"]:
        L["num_risk"], L["num_ctrl"] = "col", True
        f.add("fu_join_by_number")
    if L["cards"]:
        L["num_ctrl"] = False
    L["status_style"] = "canon"
    if fu and "status" in show:
        L["status_style"] = R.choice(["canon", "canon", "syn", "icon", "colour"])
        if fmt == "csv" and L["status_style"] == "icon":
            L["status_style"] = "syn"
        if L["status_style"] != "canon":
            f.add("status_" + L["status_style"])
    L["instr_sheet"] = fmt in ("xlsx", "ods", "xls") and R.random() < 0.2
    if L["instr_sheet"]:
        f.add("instructions_sheet")
    L["page_break"] = fmt == "text" and len(M["risker"]) > 5 and R.random() < 0.4 and not L["cards"]
    if L["page_break"]:
        f.add("page_break_header")
    L["html"] = fmt == "text" and R.random() < 0.6
    if L["html"]:
        f.add("html_cells")
    if fmt == "text" and not L["html"]:
        # bug fix after the first run: without HTML a line break in a cell became a space, so a
        # list or a title+description cell could not be split by any reader
        if L["list_sep"] == "\n":
            L["list_sep"] = ", "
        if L["title_desc_cell"]:
            L["title_desc_cell"] = False
            f.discard("risk_title_desc_one_cell")
    L["hdr_upper"] = R.random() < 0.1
    if L["hdr_upper"]:
        f.add("header_upper")
    # headers
    hd = {}
    for fld in list(show) + ["nummer", "sk"]:
        w = R.choice(H[fld]).replace("{n}", str(scale))
        hd[fld] = w
    if L["period_in_headers"] and not M["two"]:
        pw = "delår" if M["periods"][0] == "delar" else R.choice(["helår", "årsbokslut"])
        for fld in ("status", "resultat", "kontrollbedomning"):
            if fld in hd:
                hd[fld] = hd[fld].rstrip("?") + " " + pw
    if "riskbeskrivning" in show and hd.get("riskbeskrivning") == "Beskrivning" and "kontroll" in show:
        hd["riskbeskrivning"] = "Beskrivning av risken"
    L["hd"] = hd
    return L


# ---------------------------------------------------------------- rendering helpers
def sk_text(L, M, r, which):
    v = r[which]
    scale = M["scale"]
    if L["skform"] == "numword":
        words = (S_WORDS4 if scale == 4 else S_WORDS5) if which == "sannolikhet" else (K_WORDS4 if scale == 4 else K_WORDS5)
        return random_choice_det(r, which, [f"{v} – {words[v]}", f"{v} ({words[v]})", f"{v} - {words[v]}"])
    return str(v)


def random_choice_det(r, key, opts):
    return opts[hash((r["riskomrade"], key)) % len(opts)] if False else opts[len(r["riskomrade"]) % len(opts)]


def rv_text(L, M, r):
    rv, s, k = r["riskvarde"], r["sannolikhet"], r["konsekvens"]
    f = L["rvform"]
    if f == "level":
        return f"{level_word(rv, M['scale'])} ({rv})"
    if f == "prod_eq":
        return f"{s}x{k}={rv}"
    if f == "paren_prod":
        return f"{rv} ({s}x{k})"
    if f == "colour":
        return colour(rv, M["scale"])
    if f == "float":
        return f"{rv},0"
    return str(rv)


def status_text(L, st, idx):
    s = L["status_style"]
    if s == "syn":
        opts = STATUS_SYN.get(st, [st])
        return opts[idx % len(opts)]
    if s == "icon":
        return STATUS_ICON.get(st, "") + st
    if s == "colour":
        return {"Genomförd": "Grön", "Pågående": "Gul", "Ej genomförd": "Röd", "Ej påbörjad": "Röd",
                "Inställd": "Röd"}[st]
    return st


def status_expect(L, st):
    if L["status_style"] == "colour":
        return {"Genomförd": "Genomförd", "Pågående": "Pågående", "Ej genomförd": "Ej genomförd",
                "Ej påbörjad": "Ej genomförd", "Inställd": "Ej genomförd"}[st]
    return st


COLOUR_LEGEND = "Status: Grön = kontrollen genomförd, Gul = kontrollen pågår, Röd = kontrollen ej genomförd"
RV_LEGEND = "Riskvärde: Grön = låg risk, Gul = medelhög risk, Orange = hög risk, Röd = mycket hög risk"


def cell_value(L, M, r, c, fld, ri, ci, u=None, uidx=0):
    """Text (or date/int object) shown for field fld."""
    if fld == "riskomrade":
        t = r["riskomrade"]
        if L["num_risk"] == "incell":
            t = f"{ri + 1}. {t}"
        if L["title_desc_cell"]:
            t = t + "\n" + r["riskbeskrivning"] + (LONG_TAIL if L["long"] else "")
        return t
    if fld == "riskbeskrivning":
        return r["riskbeskrivning"] + (LONG_TAIL if L["long"] else "")
    if fld == "kategori":
        return r["kategori"]
    if fld == "process":
        return r["process"]
    if fld in ("sannolikhet", "konsekvens"):
        return sk_text(L, M, r, fld)
    if fld == "sk":
        if L["skform"] == "combined_eq":
            return f"S={r['sannolikhet']}, K={r['konsekvens']}"
        return f"S{r['sannolikhet']} K{r['konsekvens']}"
    if fld == "riskvarde":
        return rv_text(L, M, r)
    if fld == "nummer":
        return f"{ri + 1}.{ci + 1}" if L["num_ctrl"] else str(ri + 1)
    if fld == "kontroll":
        return c["kontroll"]
    if fld == "metod":
        return c["metod"] + (LONG_TAIL if L["long"] and ci == 0 else "")
    if fld == "ansvarig":
        return L["list_sep"].join(c["ansvarig"])
    if fld == "rapporteringsansvarig":
        return L["list_sep"].join(c["rapporteringsansvarig"])
    if fld == "frekvens":
        return c["frekvens"]
    if fld == "uppfoljning_nar":
        return c["uppfoljning_nar"]
    if fld == "slutdatum":
        d = c["slutdatum"]
        return d if L["date_style"] == "cell" else fmt_date(d, L["date_style"])
    if fld == "status":
        return status_text(L, u["status"], ri + ci + uidx)
    if fld == "kontrollbedomning":
        return u["kontrollbedomning"]
    if fld == "resultat":
        return u["resultat"] + (LONG_TAIL if L["long"] and ci == 0 else "")
    if fld == "ny_atgard":
        return u["ny_atgard"]
    return ""


RISK_FIELDS = ["nummer", "riskomrade", "riskbeskrivning", "kategori", "process", "sannolikhet", "konsekvens", "sk",
               "riskvarde"]
CTRL_FIELDS = ["kontroll", "metod", "ansvarig", "rapporteringsansvarig", "frekvens", "uppfoljning_nar", "slutdatum"]
FU_FIELDS = ["status", "kontrollbedomning", "resultat", "ny_atgard"]


def build_columns(R, L, M):
    """Return list of column descriptors: (kind, field, header, group, period_index)."""
    show = L["show"]
    hd = L["hd"]
    cols = []
    if L["num_risk"] == "col":
        cols.append(("risk", "nummer", hd["nummer"], None, None))
    for fld in RISK_FIELDS[1:]:
        if fld == "riskbeskrivning" and L["title_desc_cell"]:
            continue
        if fld in ("sannolikhet", "konsekvens") and L["skform"] in ("combined", "combined_eq"):
            continue
        if fld == "sk":
            if L["skform"] in ("combined", "combined_eq") and "sannolikhet" in show:
                cols.append(("risk", "sk", hd["sk"], "Riskbedömning" if L["two_row"] else None, None))
            continue
        if fld in show:
            grp = "Riskbedömning" if L["two_row"] and fld in ("sannolikhet", "konsekvens", "riskvarde") else None
            cols.append(("risk", fld, hd[fld], grp, None))
    for fld in CTRL_FIELDS:
        if fld in show:
            cols.append(("ctrl", fld, hd[fld], None, None))
    fucols = []
    if M["typ"] == "uppfoljning" and not L["fu_sep"]:
        for pi, p in enumerate(M["periods"]):
            pw = "Delår" if p == "delar" else "Helår"
            for fld in FU_FIELDS:
                if fld in show:
                    h = hd[fld]
                    grp = None
                    if M["two"]:
                        if L["two_row"]:
                            grp = pw
                        else:
                            h = f"{h.rstrip('?')} {pw.lower()}"
                    elif L["two_row"]:
                        grp = "Uppföljning"
                    fucols.append(("fu", fld, h, grp, pi))
    extras = [("extra", e, e, None, None) for e in L["extra"]]
    body = cols + fucols
    if M["two"]:
        body = cols  # keep delår before helår: their columns are not shuffled
    if L["shuffle"]:
        # shuffle within blocks keeps groups contiguous: shuffle group-blocks
        blocks = []
        for c in body:
            if c[3] and blocks and blocks[-1][0][3] == c[3]:
                blocks[-1].append(c)
            else:
                blocks.append([c])
        R.shuffle(blocks)
        body = [c for b in blocks for c in b]
    if M["two"]:
        body = body + fucols
    for e in extras:
        body.insert(R.randint(1, len(body)), e)
    return body


def extra_value(R, name, M):
    if name in ("Q1", "Q2", "Q3", "Q4", "Ja/Nej"):
        return R.choice(["X", "", "Ja", "Nej", "x"])
    if name == "Dnr":
        return f"{M['ar']}/{R.randint(10, 300)}"
    if name == "Signatur":
        return R.choice(["AB", "KL", "", "MS"])
    if name == "Rapporteras till och när":
        return R.choice(["Nämnden vid delår", "Ledningsgruppen, december", "Nämnden i februari", "Förvaltningschef löpande"])
    return R.choice(["", "Se bilaga", "Ny kontroll", "Överförd från föregående år", ""])


class Table:
    def __init__(self):
        self.rows = []       # list of list (cells: str/int/date/None)
        self.merges = []     # (r0, c0, r1, c1) inclusive, table coords
        self.nhead = 1
        self.sections = set()
        self.title = None    # heading above table (for docx)


def build_table(R, L, M, cols, risks, risk_offset=0):
    T = Table()
    ncol = len(cols)
    hdrs = [c[2].upper() if L["hdr_upper"] else c[2] for c in cols]
    if L["two_row"] and any(c[3] for c in cols):
        top = []
        for i, c in enumerate(cols):
            if c[3] and i > 0 and cols[i - 1][3] == c[3]:
                top.append(None)  # covered by the group cell to the left
            else:
                top.append(c[3] if c[3] else hdrs[i])
        T.rows.append(top)
        T.rows.append([hdrs[i] if cols[i][3] else None for i in range(ncol)])
        T.nhead = 2
        i = 0
        while i < ncol:
            if cols[i][3]:
                j = i
                while j + 1 < ncol and cols[j + 1][3] == cols[i][3]:
                    j += 1
                if j > i:
                    T.merges.append((0, i, 0, j))
                i = j + 1
            else:
                T.merges.append((0, i, 1, i))
                i += 1
    else:
        T.rows.append(hdrs)
    cur_sec = None
    secn = 0
    for k, r in enumerate(risks):
        ri = risk_offset + k
        if L["sections"] and r["kategori"] != cur_sec:
            cur_sec = r["kategori"]
            secn += 1
            st = L["sections"]
            txt = {"plain": cur_sec, "numbered": f"{secn}. {cur_sec}", "upper": cur_sec.upper(),
                   "prefixed": f"Område: {cur_sec}"}[st]
            row = [txt] + [None] * (ncol - 1)
            T.sections.add(len(T.rows))
            if L["sec_merge"] == "across" and ncol > 1:
                T.merges.append((len(T.rows), 0, len(T.rows), ncol - 1))
            T.rows.append(row)
        start = len(T.rows)
        for ci, c in enumerate(r["kontroller"]):
            row = []
            for (kind, fld, h, g, pi) in cols:
                if kind == "risk":
                    if ci > 0 and L["riskmerge"] != "repeat" and not (fld == "nummer" and L["num_ctrl"]):
                        row.append(None)
                    else:
                        row.append(cell_value(L, M, r, c, fld, ri, ci))
                elif kind == "ctrl":
                    row.append(cell_value(L, M, r, c, fld, ri, ci))
                elif kind == "fu":
                    row.append(cell_value(L, M, r, c, fld, ri, ci, c["uppfoljningar"][pi], pi))
                else:
                    row.append(extra_value(R, fld, M))
            T.rows.append(row)
        end = len(T.rows) - 1
        if L["riskmerge"] == "merged" and end > start:
            for i, (kind, fld, h, g, pi) in enumerate(cols):
                if kind == "risk" and not (fld == "nummer" and L["num_ctrl"]):
                    T.merges.append((start, i, end, i))
        if L["empty_rows"] and k % 3 == 2:
            T.rows.append([None] * ncol)
    return T


def build_fu_table(L, M, risks):
    T = Table()
    hd = L["hd"]
    cols = [("Nr", "nr"), (hd["kontroll"], "kontroll")] + [(hd[f], f) for f in FU_FIELDS if f in L["show"]]
    T.rows.append([c[0] for c in cols])
    for ri, r in enumerate(risks):
        for ci, c in enumerate(r["kontroller"]):
            u = c["uppfoljningar"][0]
            row = []
            for h, f in cols:
                if f == "nr":
                    row.append(f"{ri + 1}.{ci + 1}")
                elif f == "kontroll":
                    row.append(c["kontroll"])
                else:
                    row.append(cell_value(L, M, r, c, f, ri, ci, u, 0))
            T.rows.append(row)
    return T


def doc_lines(R, L, M):
    """Lines above the table, and the expected dokument facts they carry."""
    pre, exp = [], {}
    fu = M["typ"] == "uppfoljning"
    ar, namnd = M["ar"], M["namnd"]
    if L["title"]:
        if fu:
            if M["two"]:
                t = R.choice([f"Uppföljning av internkontrollplan {ar}", f"Uppföljning intern kontroll {ar} – delår och helår",
                              f"Internkontroll {ar}, uppföljning"])
            elif M["periods"][0] == "delar":
                t = R.choice([f"Uppföljning av internkontrollplan {ar}, delår", f"Uppföljning intern kontroll per delårsrapport {ar}",
                              f"Internkontroll {ar} – uppföljning tertial 2", f"Uppföljning av plan för intern kontroll {ar} (delår)"])
            else:
                t = R.choice([f"Uppföljning av internkontrollplan {ar}, helår", f"Uppföljning intern kontroll inför årsbokslut {ar}",
                              f"Internkontroll {ar} – uppföljning helår", f"Årsuppföljning av plan för intern kontroll {ar}"])
        else:
            t = R.choice([f"Internkontrollplan {ar}", f"Plan för intern kontroll {ar}", f"Intern kontrollplan {ar}",
                          f"Internkontrollplan för {namnd.lower()} {ar}", f"Plan för intern kontroll år {ar}"])
        pre.append(("title", t))
        exp["titel^"] = t
        exp["ar"] = ar
        if fu and not M["two"]:
            exp["period"] = M["periods"][0]
    if L["meta"]:
        opts = [("namnd", f"Nämnd: {namnd}"), ("namnd", namnd), ("dnr", f"Dnr: {M['dnr']}"),
                ("dnr", f"Diarienummer: {M['dnr']}"), ("datum", f"Datum: {M['datum'].isoformat()}"),
                ("other", f"Beslutad {M['datum'].isoformat()}"), ("other", f"Kommun: {M['kommun']} kommun"),
                ("other", f"{M['kommun'].upper()} KOMMUN")]
        chosen = R.sample(opts, R.randint(1, 4))
        seen = set()
        for kind, line in chosen:
            if kind in seen and kind != "other":
                continue
            seen.add(kind)
            pre.append(("meta", line))
            if kind == "namnd":
                exp["namnd"] = namnd
            elif kind == "dnr":
                exp["diarienummer"] = M["dnr"]
            elif kind == "datum":
                exp["datum"] = M["datum"].isoformat()
        if R.random() < 0.5:
            R.shuffle(pre)
            # keep the title first most of the time
            pre.sort(key=lambda x: 0 if x[0] == "title" and R.random() < 0.8 else 1)
    if L.get("status_style") == "colour":
        pre.append(("legend", COLOUR_LEGEND))
    if L.get("rvform") == "colour":
        pre.append(("legend", RV_LEGEND))
    exp["typ"] = M["typ"]
    return pre, exp


NOTES = ["Planen är beslutad av nämnden och följs upp vid delår och helår.",
         "Avvikelser rapporteras till förvaltningschef.",
         "Underskrift: ____________________",
         "Bilaga 1: Riskanalys"]


def expected(L, M, dexp):
    show = L["show"]
    d = dict(dexp)
    risks = []
    for ri, r in enumerate(M["risker"]):
        e = {}
        e["riskomrade"] = r["riskomrade"]
        if L["num_risk"] == "incell" or (L["num_risk"] == "col" and not L["num_ctrl"]):
            # (bug fix after the first run: a column of control numbers "1.1" shows no risk number)
            e["nummer"] = str(ri + 1)
        if "riskbeskrivning" in show:
            e["riskbeskrivning^"] = r["riskbeskrivning"]
        else:
            e["riskbeskrivning"] = None
        if "kategori" in show:
            e["kategori"] = [r["kategori"]]
        elif L["sections"] and L["sections"] != "upper":
            e["kategori"] = [r["kategori"]]
        if "process" in show:
            e["process"] = r["process"]
        hassk = {"sannolikhet", "konsekvens"} <= show
        if hassk:
            e["sannolikhet"] = r["sannolikhet"]
            e["konsekvens"] = r["konsekvens"]
        elif not ("riskvarde" in show and L["rvform"] in ("prod_eq", "paren_prod")):
            # "3x4=12" / "12 (3x4)" let a reader take S and K too: then they are not checked
            e["sannolikhet"] = None
            e["konsekvens"] = None
        if "riskvarde" in show and L["rvform"] != "colour":
            e["riskvarde"] = r["riskvarde"]
        elif not hassk and "riskvarde" not in show:
            e["riskvarde"] = None
        # S and K shown without a value column (or a colour for it): whether to multiply is a
        # judgement call, so riskvarde is not checked
        ks = []
        for ci, c in enumerate(r["kontroller"]):
            k = {"kontroll": c["kontroll"]}
            if L["num_ctrl"]:
                k["nummer"] = f"{ri + 1}.{ci + 1}"
            if "metod" in show:
                k["metod^"] = c["metod"]
            for fld in ("ansvarig", "rapporteringsansvarig"):
                if fld in show:
                    k[fld] = c[fld]
            if "frekvens" in show:
                k["frekvens"] = c["frekvens"]
            if "uppfoljning_nar" in show:
                k["uppfoljning_nar"] = c["uppfoljning_nar"]
            if "slutdatum" in show:
                k["slutdatum"] = c["slutdatum"].isoformat()
            us = []
            if M["typ"] == "uppfoljning":
                for u in c["uppfoljningar"]:
                    ue = {"period": u["period"]}
                    if L["title"]:
                        ue["ar"] = u["ar"]
                    if "status" in show:
                        ue["status"] = status_expect(L, u["status"])
                    if "kontrollbedomning" in show:
                        ue["kontrollbedomning"] = u["kontrollbedomning"]
                    ue["resultat^"] = u["resultat"]
                    if "ny_atgard" in show:
                        ue["ny_atgard"] = u["ny_atgard"]
                    us.append(ue)
            k["uppfoljningar"] = us
            ks.append(k)
        e["kontroller"] = ks
        risks.append(e)
    d["risker"] = risks
    return {"dokument": [d]}


# ---------------------------------------------------------------- cards (docx/text)
def card_items(L, M, r, ri):
    hd = L["hd"]
    show = L["show"]
    items = [("Risk", f"{ri + 1}. {r['riskomrade']}" if L["num_risk"] else r["riskomrade"])]
    if "riskbeskrivning" in show:
        items.append(("Riskbeskrivning", r["riskbeskrivning"] + (LONG_TAIL if L["long"] else "")))
    if "kategori" in show:
        items.append(("Kategori", r["kategori"]))
    if "process" in show:
        items.append(("Process", r["process"]))
    if {"sannolikhet", "konsekvens"} <= show:
        items.append(("Sannolikhet", sk_text(L, M, r, "sannolikhet")))
        items.append(("Konsekvens", sk_text(L, M, r, "konsekvens")))
    if "riskvarde" in show:
        items.append(("Riskvärde", rv_text(L, M, r)))
    blocks = []
    for ci, c in enumerate(r["kontroller"]):
        ci_items = [("Kontroll", c["kontroll"])]
        for fld, lab in [("metod", "Metod"), ("ansvarig", "Ansvarig"), ("rapporteringsansvarig", "Rapporteringsansvarig"),
                         ("frekvens", "Frekvens"), ("uppfoljning_nar", "Uppföljning"), ("slutdatum", "Slutdatum")]:
            if fld in show:
                v = cell_value(L, M, r, c, fld, ri, ci)
                if fld in ("ansvarig", "rapporteringsansvarig"):
                    v = ", ".join(c[fld])
                ci_items.append((lab, v))
        for pi, u in enumerate(c["uppfoljningar"]):
            pw = ("delår" if u["period"] == "delar" else "helår")
            suf = f" {pw}" if (M["two"] or L["period_in_headers"]) else ""
            for fld, lab in [("status", "Status"), ("kontrollbedomning", "Bedömning"), ("resultat", "Resultat"),
                             ("ny_atgard", "Åtgärd")]:
                if fld in show:
                    ci_items.append((lab + suf, cell_value(L, M, r, c, fld, ri, ci, u, pi)))
        blocks.append(ci_items)
    return items, blocks


# ---------------------------------------------------------------- writers
def s(v):
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def write_xlsx(path, L, M, pre, tables, post, R):
    import openpyxl
    from openpyxl.styles import Alignment, Font
    wb = openpyxl.Workbook()
    ws = wb.active
    if L["instr_sheet"]:
        ws.title = "Instruktion"
        for i, line in enumerate(["Instruktion för ifyllnad av internkontrollplanen",
                                  "Fyll i en rad per kontrollmoment.",
                                  "Riskvärdet beräknas som sannolikhet gånger konsekvens.",
                                  "Skicka planen till ekonomiavdelningen senast 15 december."]):
            ws.cell(row=i + 1, column=1, value=line)
        ws = wb.create_sheet(R.choice(["Plan", "Internkontrollplan", f"IK {M['ar']}", "Blad1"]))
    else:
        ws.title = R.choice(["Plan", "Internkontrollplan", f"IK {M['ar']}", "Blad1", "Uppföljning" if M["typ"] == "uppfoljning" else "Plan"])
    row = 1
    for kind, line in pre:
        c = ws.cell(row=row, column=1, value=line)
        if kind == "title":
            c.font = Font(bold=True, size=14)
        row += 1
    if pre:
        row += R.choice([0, 1])
    sheet = ws
    for ti, T in enumerate(tables):
        if getattr(T, "new_sheet", False):
            sheet = wb.create_sheet(T.new_sheet)
            row = 1
        if T.title and ti > 0 or (T.title and getattr(T, "new_sheet", False)):
            sheet.cell(row=row, column=1, value=T.title).font = Font(bold=True)
            row += 1
        base = row
        for r_i, rr in enumerate(T.rows):
            for c_i, v in enumerate(rr):
                if v is None or v == "":
                    continue
                cell = sheet.cell(row=base + r_i, column=1 + c_i, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if r_i < T.nhead or (base + r_i - base) in T.sections:
                    cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for (r0, c0, r1, c1) in T.merges:
            sheet.merge_cells(start_row=base + r0, start_column=1 + c0, end_row=base + r1, end_column=1 + c1)
        row = base + len(T.rows) + 1
        for i in range(len(T.rows[0])):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = 24
    row += 1
    for line in post:
        sheet.cell(row=row, column=1, value=line)
        row += 1
    wb.save(path)


def write_csv(path, L, M, pre, tables, post, R, variant):
    sep = ";" if variant == "semi" else ","
    enc = "cp1252" if variant == "semi" else "utf-8"
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n" if variant == "semi" else "\n")
    ncol = max(len(T.rows[0]) for T in tables)
    for kind, line in pre:
        w.writerow([line] + [""] * (ncol - 1 if variant == "semi" else 0))
    if pre:
        w.writerow([])
    for ti, T in enumerate(tables):
        if ti > 0:
            w.writerow([])
            if T.title:
                w.writerow([T.title])
        for rr in T.rows:
            w.writerow([s(v) for v in rr])
    for line in post:
        w.writerow([line])
    data = buf.getvalue()
    with open(path, "w", encoding=enc, errors="replace", newline="") as fh:
        fh.write(data)


def html_cell(v, L):
    t = s(v)
    if not L["html"] or "\n" not in t:
        return t.replace("\n", " ")
    parts = t.split("\n")
    if len(parts) > 1 and all(len(p) < 40 for p in parts):
        return "<ul>" + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"
    return " ".join(f"<p>{p}</p>" for p in parts)


def write_text(path, L, M, pre, tables, post, R):
    out = ["", "", ""]
    for kind, line in pre:
        if kind == "title":
            out.append(R.choice(["## " + line, line]))
        else:
            out.append(line)
        out.append("")
    if L["cards"]:
        for ri, r in enumerate(M["risker"]):
            items, blocks = card_items(L, M, r, ri)
            for k, v in items:
                out.append(f"{k}: {s(v)}")
            for b in blocks:
                out.append("")
                for k, v in b:
                    out.append(f"{k}: {s(v)}")
            out.append("")
            out.append("")
    else:
        for ti, T in enumerate(tables):
            if ti > 0:
                out.append("")
                if T.title:
                    out.append(T.title)
                    out.append("")
            hdr = ["\t".join(s(v).replace("\n", " ") for v in rr) for rr in T.rows[:T.nhead]]
            out.extend(hdr)
            body = T.rows[T.nhead:]
            brk = len(body) // 2 if L["page_break"] else -1
            for i, rr in enumerate(body):
                if i == brk:
                    out.extend(["", "", "\f" + str(R.randint(2, 4)), ""])
                    out.extend(hdr)
                if (i + T.nhead) in T.sections:
                    out.append(s(rr[0]))
                    continue
                if all(v is None or v == "" for v in rr):
                    out.append("")
                    continue
                out.append("\t".join(html_cell(v, L) for v in rr))
    out.append("")
    out.extend(post)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")


def write_docx(path, L, M, pre, tables, post, R, landscape=False):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt, Cm
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.size = Pt(7 if landscape else 10)
    if landscape:
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(1.5)
        hdrp = sec.header.paragraphs[0]
        hdrp.text = f"{M['kommun']} kommun\t\t{M['namnd']}"
        # page number field in the footer
        from docx.oxml.ns import qn
        from docx.oxml import OxmlElement
        fp = sec.footer.paragraphs[0]
        fp.text = "Sida "
        run = fp.add_run()
        for kind, txt in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                e = OxmlElement("w:fldChar")
                e.set(qn("w:fldCharType"), kind)
            else:
                e = OxmlElement("w:instrText")
                e.text = txt
            run._r.append(e)
    for kind, line in pre:
        if kind == "title":
            d.add_heading(line, level=1)
        else:
            d.add_paragraph(line)
    if L["cards"]:
        for ri, r in enumerate(M["risker"]):
            items, blocks = card_items(L, M, r, ri)
            if R.random() < 0.5:
                d.add_heading(items[0][1], level=2)
                items = items[1:]
            rows = items + [kv for b in blocks for kv in b]
            t = d.add_table(rows=len(rows), cols=2)
            t.style = "Table Grid"
            for i, (k, v) in enumerate(rows):
                t.cell(i, 0).text = k
                t.cell(i, 1).text = s(v)
            d.add_paragraph("")
    else:
        for ti, T in enumerate(tables):
            if T.title and (ti > 0 or L.get("head_per_table")):
                d.add_heading(T.title, level=2)
            nrow, ncol = len(T.rows), len(T.rows[0])
            t = d.add_table(rows=nrow, cols=ncol)
            t.style = "Table Grid"
            for r_i, rr in enumerate(T.rows):
                for c_i, v in enumerate(rr):
                    if v is None:
                        continue
                    cell = t.cell(r_i, c_i)
                    lines = s(v).split("\n")
                    cell.text = lines[0]
                    for extra in lines[1:]:
                        cell.add_paragraph(extra)
                    if r_i < T.nhead or r_i in T.sections:
                        for p in cell.paragraphs:
                            for run in p.runs:
                                run.bold = True
            if landscape:
                set_widths(t, T, 26.7)
            if T.nhead:
                from docx.oxml.ns import qn
                from docx.oxml import OxmlElement
                for r_i in range(T.nhead):
                    trPr = t.rows[r_i]._tr.get_or_add_trPr()
                    e = OxmlElement("w:tblHeader")
                    e.set(qn("w:val"), "true")
                    trPr.append(e)
            for (r0, c0, r1, c1) in T.merges:
                a = t.cell(r0, c0)
                b = t.cell(r1, c1)
                txt = a.text
                m = a.merge(b)
                # merge() concatenates paragraphs of covered cells; covered cells were empty
            if ti < len(tables) - 1:
                d.add_paragraph("")
    for line in post:
        d.add_paragraph(line)
    d.save(path)


def set_widths(t, T, page_cm):
    """Column widths from the text: wide enough for the longest word where the page allows."""
    from docx.shared import Cm
    ncol = len(T.rows[0])
    need, mass = [], []
    for c in range(ncol):
        words = [w for rr in T.rows for w in s(rr[c]).split()] or [""]
        need.append(max(len(w) for w in words) * 0.14 + 0.45)
        mass.append(sum(len(s(rr[c])) for rr in T.rows[T.nhead:]) / max(1, len(T.rows) - T.nhead) + 4)
    tot = sum(need)
    if tot >= page_cm:
        widths = [n * page_cm / tot for n in need]
    else:
        rest = page_cm - tot
        widths = [n + rest * m / sum(mass) for n, m in zip(need, mass)]
    t.autofit = False
    for c in range(ncol):
        t.columns[c].width = Cm(widths[c])
        for cell in t.columns[c].cells:
            cell.width = Cm(widths[c])


# ---------------------------------------------------------------- main
def make_case(R, fmt, idx, outdir, srcdir, force_two):
    M = make_model(R, fmt, force_two)
    L = choose_layout(R, M, fmt)
    pre, dexp = doc_lines(R, L, M)
    cols = build_columns(R, L, M)
    risks = M["risker"]
    if L["sections"]:
        order = []
        for r in risks:
            if r["kategori"] not in order:
                order.append(r["kategori"])
        risks.sort(key=lambda r: order.index(r["kategori"]))
    tables = []
    if L["two_tables"]:
        cut = len(risks) // 2
        t1 = build_table(R, L, M, cols, risks[:cut])
        t2 = build_table(R, L, M, cols, risks[cut:], cut)
        t2.title = R.choice(["Forts.", "Internkontrollplan, forts.", "Övriga kontroller", "Del 2"])
        tables = [t1, t2]
    else:
        tables = [build_table(R, L, M, cols, risks)]
    if L["fu_sep"]:
        ft = build_fu_table(L, M, risks)
        ft.title = R.choice(["Uppföljning", f"Uppföljning {M['ar']}", "Resultat av uppföljningen"])
        if fmt in ("xlsx", "ods"):
            ft.new_sheet = R.choice(["Uppföljning", "Resultat"])
        tables.append(ft)
        # the plan part must carry the control numbers for the keyed join
        if not L["num_ctrl"]:
            pass
    post = R.sample(NOTES, R.randint(1, 2)) if L["notes"] else []
    exp = expected(L, M, dexp)
    name = f"g40_{fmt}_{idx:04d}"
    flags = sorted(L["flags"])
    variant = None
    if fmt in ("xlsx", "ods", "xls"):
        src = os.path.join(srcdir if fmt != "xlsx" else outdir, name + ".xlsx")
        write_xlsx(src, L, M, pre, tables, post, R)
    elif fmt == "csv":
        variant = R.choice(["semi", "comma"])
        flags.append("csv_" + variant)
        write_csv(os.path.join(outdir, name + ".csv"), L, M, pre, tables, post, R, variant)
    elif fmt == "docx":
        write_docx(os.path.join(outdir, name + ".docx"), L, M, pre, tables, post, R)
    elif fmt == "text":
        write_text(os.path.join(outdir, name + ".txt"), L, M, pre, tables, post, R)
    elif fmt == "pdftext":
        write_docx(os.path.join(srcdir, name + ".docx"), L, M, pre, tables, post, R, landscape=True)
    if L["cards"]:
        # expectations for card layouts: risk number in the Risk line
        pass
    info = {"case": name, "format": fmt, "flags": flags, "typ": M["typ"], "periods": M["periods"]}
    return name, exp, info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--n-lo", type=int, default=60, help="cases for ods and xls")
    ap.add_argument("--lo-xlsx", type=float, default=0.3, help="share of xlsx round-tripped through LibreOffice")
    ap.add_argument("--out", default="gen_out")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-soffice", action="store_true")
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    src = os.path.join(out, "_src")
    os.makedirs(src, exist_ok=True)
    index = []
    lo_jobs = {"ods": [], "xls": [], "xlsx": [], "pdf": []}
    for fmt in a.formats.split(","):
        n = a.n_lo if fmt in ("ods", "xls") else a.n
        for i in range(n):
            R = random.Random(f"{a.seed}:{fmt}:{i}")
            force_two = R.random() < 0.10
            name, exp, info = make_case(R, fmt, i, out, src, force_two)
            if fmt == "xlsx" and R.random() < a.lo_xlsx:
                shutil.move(os.path.join(out, name + ".xlsx"), os.path.join(src, name + ".xlsx"))
                lo_jobs["xlsx"].append(name)
                info["flags"].append("lo_roundtrip")
            elif fmt in ("ods", "xls"):
                lo_jobs[fmt].append(name)
            elif fmt == "pdftext":
                lo_jobs["pdf"].append(name)
            ext = {"xlsx": "xlsx", "ods": "ods", "xls": "xls", "csv": "csv", "docx": "docx", "text": "txt",
                   "pdftext": "txt"}[fmt]
            info["file"] = name + "." + ext
            with open(os.path.join(out, name + ".expected.json"), "w", encoding="utf-8") as fh:
                json.dump(exp, fh, ensure_ascii=False, indent=1)
            with open(os.path.join(out, name + ".flags.json"), "w", encoding="utf-8") as fh:
                json.dump(info, fh, ensure_ascii=False)
            index.append(info)
    if not a.no_soffice:
        run_soffice(out, src, lo_jobs)
    with open(os.path.join(out, "index.json"), "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, indent=0)
    print(f"{len(index)} cases in {out}")


def run_soffice(out, src, jobs):
    prof = "file://" + os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".lo"))
    base = ["nice", "-n", "10", "soffice", f"-env:UserInstallation={prof}", "--headless", "--convert-to"]
    conv = [("ods", "ods", "xlsx"), ("xls", "xls:MS Excel 97", "xlsx"), ("xlsx", "xlsx:Calc MS Excel 2007 XML", "xlsx"),
            ("pdf", "pdf", "docx")]
    for key, target, srcext in conv:
        names = jobs[key]
        if not names:
            continue
        tmp = os.path.join(src, "conv_" + key)
        os.makedirs(tmp, exist_ok=True)
        files = [os.path.join(src, n + "." + srcext) for n in names]
        subprocess.run(base + [target, "--outdir", tmp] + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=1800)
        for n in names:
            if key == "pdf":
                pdf = os.path.join(tmp, n + ".pdf")
                if os.path.exists(pdf):
                    subprocess.run(["pdftotext", "-layout", pdf, os.path.join(out, n + ".txt")])
            else:
                f = os.path.join(tmp, n + "." + key)
                if os.path.exists(f):
                    shutil.move(f, os.path.join(out, n + "." + key))


if __name__ == "__main__":
    main()
