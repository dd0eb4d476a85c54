//! IK1xx, structure: how the table was read. The layout stage reports these (it sees the
//! rows it skips and joins); this file holds their documentation.

use super::RuleDoc;

pub const DOCS: &[RuleDoc] = &[
    RuleDoc {
        code: "IK101",
        vad: "En kolumn vars rubrik inte motsvarar något fält i modellen. Cellerna går inte förlorade: de sparas i extra (extra.csv, bladet Extra) med rubriken som nyckel.",
        varfor: "Uppgifter som inte hamnar i ett fält syns inte i filter, pivottabeller och jämförelser mellan år. Den som läser sammanställningen kan missa något som nämnden har beslutat om.",
        exempel: "En plan har kolumnen \u{201d}Kommentar förvaltningschef\u{201d}, som ingen av modellens rubriker känner igen.",
        atgard: "Om kolumnen motsvarar ett fält: ge den en vedertagen rubrik (till exempel \u{201d}Resultat\u{201d} eller \u{201d}Metod\u{201d}). Om uppgiften är lokal kan den ligga kvar i extra.",
    },
    RuleDoc {
        code: "IK102",
        vad: "En rad som upprepar tabellens rubrikrad mitt i tabellen, oftast där tabellen fortsätter på en ny sida i Word eller PDF. Raden hoppades över.",
        varfor: "Annars skulle rubrikraden läsas som en risk med kontroller. Anmärkningen visar var sidbrytningarna fanns, så att man kan se efter att inga rader föll bort där.",
        exempel: "Rad 25 lyder \u{201d}Riskanalys | Risk 2021 | Beslut om åtgärd | Status …\u{201d}, samma rubriker som rad 20.",
        atgard: "Ingen åtgärd behövs. Se vid behov efter att raderna närmast före och efter sidbrytningen kom med.",
    },
    RuleDoc {
        code: "IK103",
        vad: "En rad som bara fortsätter texten i cellerna ovanför (en cell som delats av en sidbrytning) fogades till raden ovanför.",
        varfor: "Annars skulle den delade cellen bli en egen, halv risk eller kontroll, och resultattexten skulle klippas av mitt i en mening.",
        exempel: "Rad 15 har bara text i kolumnerna Kontrollpunkt och Resultat och fortsätter meningen från rad 11.",
        atgard: "Läs posten och se efter att texten hänger ihop. Om raden i själva verket är en egen risk eller kontroll: ge den ett eget riskområde eller en egen kontroll i källan.",
    },
    RuleDoc {
        code: "IK104",
        vad: "En kolumn som rymmer flera fält (\u{201d}Ansvarig + Rapporteringsansvarig\u{201d}, \u{201d}Startdatum + Avstämningsdatum + Slutdatum\u{201d}) delades upp, men var gränsen går fick gissas.",
        varfor: "Fel person kan bli ansvarig eller fel datum slutdatum, och det styr vem som följs upp och när.",
        exempel: "Cellen \u{201d}Agneta Söqvist Evelina Wigstrand, Agneta Söqvist\u{201d} under rubriken \u{201d}Ansvarig + Rapporteringsansvarig\u{201d}.",
        atgard: "Kontrollera fälten ansvarig och rapporteringsansvarig (eller datumen) för posten. Dela helst kolumnen i två i källan, eller skilj värdena åt med en radbrytning.",
    },
    RuleDoc {
        code: "IK105",
        vad: "En tabell med rubrikrad där ingen kolumn håller risken eller kontrollen. Ingen risk eller kontroll kunde läsas ur den; raderna sparas som anteckningar till dokumentet.",
        varfor: "En plan vars risker inte kan läsas blir tom i sammanställningen, och nämndens beslut syns inte.",
        exempel: "En tabell med rubrikerna \u{201d}Ansvarig | Datum | Status\u{201d} men utan kolumn för risk, riskområde eller kontroll.",
        atgard: "Ge kolumnen med risken eller kontrollen en vedertagen rubrik (\u{201d}Riskområde\u{201d}, \u{201d}Risk\u{201d}, \u{201d}Kontroll\u{201d}, \u{201d}Kontrollmoment\u{201d}).",
    },
    RuleDoc {
        code: "IK106",
        vad: "En kolumn som tabellen har rubrik för men som är tom på alla rader.",
        varfor: "En tom kolumn för till exempel riskvärde eller rapporteringsansvarig betyder att planen saknar en uppgift som mallen begär.",
        exempel: "Kolumnen \u{201d}Risk 2021\u{201d} har rubrik men ingen rad har ett riskvärde.",
        atgard: "Fyll i kolumnen i källan, eller ta bort den om mallen inte längre använder den.",
    },
    RuleDoc {
        code: "IK107",
        vad: "Varje körning räknar de ifyllda cellerna i källan och de celler som hamnade i ett fält, i extra, i anteckningarna eller blev kolumnrubriker. Skiljer sig antalen har något fallit bort (eller lästs två gånger) på bladet.",
        varfor: "Sammanställningen ska kunna ersätta källan. En cell som försvinner utan att någon märker det kan vara ett beslut, ett resultat eller en ansvarig som sedan saknas i uppföljningen.",
        exempel: "Bladet ”Plan 2023” har 412 ifyllda celler men bara 409 återfinns i utdata.",
        atgard: "Jämför posterna från bladet med källan och rapportera felet till den som förvaltar ikplan, med filen bifogad. Tills vidare: för över de saknade uppgifterna för hand.",
    },
    RuleDoc {
        code: "IK108",
        vad: "En fil där ingen tabell med rubrikrad hittades, på något blad. Dokumentet får inga risker; filens text sparas som anteckningar till dokumentet.",
        varfor: "När en hel mapp konverteras kan en fil som inte är en plan (ett följebrev, ett protokoll) eller en plan skriven som löptext annars försvinna obemärkt i sammanställningen som ett tomt dokument.",
        exempel: "Ett Word-dokument med bara rubriken \u{201d}Internkontrollplan 2023\u{201d} och en text om arbetet, utan tabell.",
        atgard: "Ta bort filen ur mappen om den inte är en plan. Är den en plan: för in riskerna och kontrollerna i en tabell med rubrikrad (\u{201d}Riskområde\u{201d}, \u{201d}Kontroll\u{201d} …), eller använd mallen (`ikplan mall`).",
    },
    RuleDoc {
        code: "IK109",
        vad: "En rubrikrad hittades, men ingen rad under den lästes som data: tabellen gav inga risker eller kontroller.",
        varfor: "En plan vars rader tolkats som något annat (rubriker, anteckningar) skulle annars bli ett tomt dokument utan att någon märker det.",
        exempel: "Rubrikraden \u{201d}Riskområde | Kontroll | Ansvarig\u{201d} följd direkt av en ny rubrikrad, eller sist i filen.",
        atgard: "Kör `ikplan inspect FIL` och se hur raderna under rubrikraden lästes. Ange rätt rubrikrad med rubrikrad i ikplan.toml ([[fil]]) om ikplan valde fel rad.",
    },
    RuleDoc {
        code: "IK110",
        vad: "Rader med flera ifyllda celler efter en tabell hamnade utanför alla tabeller och sparades som anteckningar till dokumentet, inte som risker eller kontroller.",
        varfor: "Tabellen kan ha avslutats för tidigt (en tom rad, en fotnot, en rad som såg ut som en rubrik), och då saknas risker i sammanställningen fast de finns i filen.",
        exempel: "En tabell som bryts av en fotnotsrad efter en tom rad, följd av fler riskrader.",
        atgard: "Kör `ikplan inspect FIL` och se var tabellen slutar. Ta bort raden som bryter tabellen, eller upprepa rubrikraden ovanför de sista raderna.",
    },
    RuleDoc {
        code: "IK111",
        vad: "Ett fält valdes för en kolumn med låg säkerhet: rubriken nämner fältet bara i förbigående, eller bara innehållet pekar ut det. Meddelandet nämner det näst bästa fältet.",
        varfor: "Ett fel val flyttar en hel kolumn till fel fält i alla rader; låg säkerhet är där det oftast händer.",
        exempel: "Kolumnen \u{201d}Nämndens processer och rutiner som omfattas\u{201d} läses som process för att ordet processer står i rubriken.",
        atgard: "Kontrollera kolumnen med `ikplan inspect FIL`. Är valet fel: ange fältet under [kolumner] i ikplan.toml (`ikplan inspect --toml FIL` skriver blocket att redigera) eller med --kolumn \u{201d}Rubrik=fält\u{201d}.",
    },
    RuleDoc {
        code: "IK112",
        vad: "Bladet hade ingen rubrikrad utan rader av etikett och värde (\u{201d}Kontrollmoment: …\u{201d}, \u{201d}Riskvärde: 6 (Sannolikhet: 3, Konsekvens: 2)\u{201d}), som en export från Stratsys eller Hypergene eller ett kort per risk. Varje kontroll blev en rad med etiketterna som kolumner. Eller: dokumentet var löptext där en punktlista räknade upp kontrollområdena och varje område sedan kom tillbaka som rubrik över sina stycken (vad som kontrollerades, sedan vad som hittades); varje område blev en kontroll med sitt resultat.",
        varfor: "En sådan fil läses på ett annat sätt än en tabell; den som granskar resultatet ska veta att etiketterna avgjorde fälten, så att en okänd etikett (som hamnar i extra) kan upptäckas.",
        exempel: "En PDF-export där varje risk har rubrik, beskrivning och raderna \u{201d}Kontrollmoment: Stickprov\u{201d}, \u{201d}Ansvarig: Ekonomichef\u{201d}, \u{201d}Status: Pågående\u{201d}.",
        atgard: "Ingen åtgärd behövs om utdata stämmer. Kontrollera med `ikplan inspect FIL`; en etikett som inte känns igen kan ges ett fält under [kolumner] i ikplan.toml.",
    },
    RuleDoc {
        code: "IK113",
        vad: "Ett blad utan plan (instruktioner, en riskmatris, en sammanställning) i en arbetsbok där andra blad har en plan blir inget eget dokument. Bladets text sparas i anteckningarna till filens första dokument med risker, under bladets namn.",
        varfor: "Ett instruktionsblad skulle annars bli ett tomt dokument i sammanställningen och räknas som en plan utan risker.",
        exempel: "En arbetsbok med bladen \u{201d}Instruktioner\u{201d} och \u{201d}Internkontrollplan 2023\u{201d}.",
        atgard: "Ingen åtgärd behövs. Är bladet ändå en plan: kontrollera dess rubrikrad med `ikplan inspect FIL`, eller ange den med rubrikrad i ikplan.toml.",
    },
    RuleDoc {
        code: "IK114",
        vad: "Filen gav inga risker eller kontroller, och ingen annan anmärkning med allvarlighet fel eller varning förklarar varför.",
        varfor: "En fil som läses som ingenting får aldrig passera tyst i en körning över en hel mapp: då saknas en plan i sammanställningen utan att någon märker det.",
        exempel: "En arbetsbok vars enda tabell bara har avsnittsrader och rubriker.",
        atgard: "Kör `ikplan inspect FIL` och se hur filen lästes; ange rubrikrad och kolumnernas fält i ikplan.toml om ikplan valde fel, eller ta bort filen om den inte är en plan.",
    },
    RuleDoc {
        code: "IK115",
        vad: "Ett citattecken som inleder en cell i en CSV-fil avslutas aldrig, så alla rader efter det lästes som en enda cell. Meddelandet anger raden där citattecknet står.",
        varfor: "Raderna efter citattecknet blir inga risker eller kontroller; utan anmärkningen skulle de saknas i sammanställningen utan att någon märker det.",
        exempel: "Raden Mutor;\u{201d}Stickprov av avtal;Ekonomichef där citattecknet framför Stickprov aldrig stängs.",
        atgard: "Ta bort citattecknet eller stäng det i källfilen och kör ikplan igen.",
    },
    RuleDoc {
        code: "IK116",
        vad: "Rader med bara en kort text i första kolumnen, direkt under en tabells rader, lästes som rubriker eller löptext och sparades som anteckningar. Meddelandet anger antalet och den första raden.",
        varfor: "Sådana rader kan vara risker som ännu saknar kontroller; läses de som anteckningar saknas riskerna i sammanställningen.",
        exempel: "En CSV-fil där raderna \u{201d}Jäv\u{201d} och \u{201d}Bisysslor\u{201d} står ensamma under tabellens sista rad.",
        atgard: "Är raderna risker: ange rubrikraden i ikplan.toml (rubrikrad) så läses de som tabellrader, eller skriv in en kontroll på raden. Är de rubriker eller noter behövs ingen åtgärd.",
    },
];
