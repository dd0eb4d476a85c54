// ikplan serve: the page's script. Files are sent one request each to this computer's own
// server (127.0.0.1); every text from a file is put in the page as text, never as HTML.
"use strict";

const SAMTIDIGA = 3; // uploads at once
const falt = { falt: [], status: [], kontrollbedomning: [] };
let val = { kolumn: {}, status: {}, kontrollbedomning: {} };
const oppna = new Set(); // ids of the file cards the user opened

function h(tag, attrs, ...barn) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k in el && k !== "list") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const b of barn.flat()) {
    if (b === null || b === undefined || b === false) continue;
    el.append(b instanceof Node ? b : document.createTextNode(String(b)));
  }
  return el;
}

async function api(method, url, body, headers) {
  const opts = { method, headers: Object.assign({ "X-Ikplan": "1" }, headers || {}) };
  if (body !== undefined) opts.body = body;
  const r = await fetch(url, opts);
  let data = null;
  try { data = await r.json(); } catch (_) { data = null; }
  if (!r.ok) throw new Error((data && data.fel) || `${r.status} ${r.statusText}`);
  return data;
}

const $ = (id) => document.getElementById(id);

// ---- Progress -------------------------------------------------------------------------

const forlopp = { totalt: 0, klara: 0, fel: 0 };
function visaForlopp() {
  $("forlopp").hidden = forlopp.totalt === 0;
  $("forlopp-matare").max = Math.max(forlopp.totalt, 1);
  $("forlopp-matare").value = forlopp.klara;
  const felText = forlopp.fel ? `, ${forlopp.fel} kunde inte läsas` : "";
  $("forlopp-text").textContent = forlopp.klara < forlopp.totalt
    ? `Läser ${forlopp.klara + 1} av ${forlopp.totalt} filer…${felText}`
    : `${forlopp.totalt} ${forlopp.totalt === 1 ? "fil lästes" : "filer lästes"}${felText}.`;
}

// ---- Files in -------------------------------------------------------------------------

async function skicka(lista) {
  // lista: [{ fil: File, namn: "mapp/fil.xlsx" }]
  lista = lista.filter((x) => !x.namn.split("/").some((d) => d.startsWith(".")));
  if (!lista.length) return;
  document.body.dataset.klar = "0";
  if (forlopp.klara >= forlopp.totalt) { forlopp.totalt = 0; forlopp.klara = 0; forlopp.fel = 0; }
  forlopp.totalt += lista.length;
  visaForlopp();
  let nasta = 0;
  async function arbetare() {
    while (nasta < lista.length) {
      const { fil, namn } = lista[nasta++];
      let vy;
      try {
        vy = await api("POST", "/api/filer", fil, { "X-Ikplan-Namn": encodeURIComponent(namn) });
      } catch (e) {
        vy = { id: "x" + Math.random().toString(36).slice(2), namn, fel: e.message, tabeller: [], anmarkningar: [] };
      }
      if (vy.fel) forlopp.fel++;
      forlopp.klara++;
      visaForlopp();
      visaFil(vy, false);
      visaSummering();
    }
  }
  await Promise.all(Array.from({ length: Math.min(SAMTIDIGA, lista.length) }, arbetare));
  await hamtaAllt();
  if (forlopp.klara >= forlopp.totalt) document.body.dataset.klar = "1";
}

function filerFranInput(input) {
  return Array.from(input.files).map((f) => ({ fil: f, namn: f.webkitRelativePath || f.name }));
}

// A dropped folder: every file below it, with its path.
async function filerFranPost(post, vag) {
  if (post.isFile) {
    const fil = await new Promise((ok, nej) => post.file(ok, nej));
    return [{ fil, namn: vag + post.name }];
  }
  if (!post.isDirectory) return [];
  const lasare = post.createReader();
  const poster = [];
  for (;;) {
    const del = await new Promise((ok, nej) => lasare.readEntries(ok, nej));
    if (!del.length) break;
    poster.push(...del);
  }
  const ut = [];
  for (const p of poster) ut.push(...await filerFranPost(p, vag + post.name + "/"));
  return ut;
}

async function filerFranSlapp(dt) {
  const poster = Array.from(dt.items || [])
    .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null))
    .filter(Boolean);
  if (poster.length) {
    const ut = [];
    for (const p of poster) ut.push(...await filerFranPost(p, ""));
    return ut;
  }
  return Array.from(dt.files).map((f) => ({ fil: f, namn: f.name }));
}

// ---- Showing a file -------------------------------------------------------------------

function procent(x) { return `${Math.round(x * 100)} %`; }

function faltLista(vald, rubrik) {
  const s = h("select", { "aria-label": `Fält för kolumnen ${rubrik}`, "data-rubrik": rubrik });
  if (!vald) s.append(h("option", { value: "", selected: true, disabled: true }, "delas av ikplan (flera fält)"));
  const anvandarens = Object.prototype.hasOwnProperty.call(val.kolumn, rubrik);
  if (anvandarens) s.append(h("option", { value: "" }, "— låt ikplan välja —"));
  for (const f of falt.falt) {
    s.append(h("option", { value: f.nyckel, selected: f.nyckel === vald }, `${f.nyckel} (${f.visas})`));
  }
  s.addEventListener("change", () => valj("kolumn", rubrik, s.value, s));
  return s;
}

function ordLista(typ, ord, vald) {
  const s = h("select", { "aria-label": `Betydelse för ordet ${ord}`, "data-ord": ord, "data-typ": typ });
  const anvandarens = Object.prototype.hasOwnProperty.call(val[typ], ord);
  s.append(h("option", { value: "", selected: !vald }, anvandarens ? "— låt ikplan välja —" : "(inte igenkänt)"));
  for (const v of falt[typ]) s.append(h("option", { value: v, selected: v === vald }, v));
  s.addEventListener("change", () => valj(typ, ord, s.value, s));
  return s;
}

function kandidat(c) {
  if (!c) return "";
  const f = c.falt || c.visas;
  return `${f} ${c.poang.toFixed(2)} (${c.grund}${c.varfor ? ": " + c.varfor : ""})`;
}

function tabellVy(t) {
  const blad = t.blad ? `Blad ${t.blad} – ` : "";
  const rubrik = h("h3", {}, `${blad}Tabell ${t.nr} (${t.typ}), rubrikrad ${t.rubrikrad}, ${t.datarader} datarader`);
  const kropp = h("tbody");
  for (const c of t.kolumner) {
    const lag = c.sakerhet < 0.5;
    kropp.append(h("tr", { class: c.anvandarval ? "vald" : "" },
      h("td", { class: "kol" }, c.kol),
      h("td", { class: "rubrik" }, c.rubrik || h("em", {}, "(utan rubrik)"), " ", h("span", { class: "plats" }, c.plats)),
      h("td", { class: "falt" }, faltLista(c.falt, c.rubrik), c.period ? ` period ${c.period}` : ""),
      h("td", { class: "sakerhet" },
        h("meter", { min: 0, max: 1, low: 0.5, high: 0.8, optimum: 1, value: c.sakerhet }), " ",
        h("span", { class: lag ? "lag" : "" }, c.anvandarval ? "ditt val" : procent(c.sakerhet))),
      h("td", { class: "tvaa" }, c.tvaa ? `${c.tvaa.falt || c.tvaa.visas} (${c.tvaa.poang.toFixed(2)})` : "–"),
      h("td", { class: "varfor" }, c.not ? c.not + ". " : "", c.skal.map(kandidat).join("; "))));
  }
  const kolumner = h("table", { class: "kolumner" },
    h("thead", {}, h("tr", {}, ["Kol", "Rubrik", "Fält", "Säkerhet", "Tvåa", "Varför"].map((x) => h("th", {}, x)))),
    kropp);
  const roller = h("details", { class: "grupp" },
    h("summary", {}, `Radernas roller (${t.rader.length})`),
    h("ul", { class: "roller" }, t.rader.map((r) =>
      h("li", {}, r.fran === r.till ? `rad ${r.fran}: ${r.roll}` : `rad ${r.fran}–${r.till}: ${r.roll}`))));
  const avsnitt = t.avsnitt.length ? h("ul", { class: "roller" }, t.avsnitt.map((a) =>
    h("li", {}, `Avsnitt rad ${a.rad}: ”${a.text}” → ${a.visas} för raderna under`))) : null;
  return [rubrik, kolumner, avsnitt, roller];
}

function ordVy(fil) {
  const delar = [];
  for (const [typ, namn] of [["status", "Statusord"], ["kontrollbedomning", "Bedömningsord"]]) {
    const ord = (fil.ord && fil.ord[typ]) || [];
    if (!ord.length) continue;
    delar.push(h("h3", {}, namn),
      h("table", { class: "ord" },
        h("thead", {}, h("tr", {}, ["Ord i filen", "Antal", "Betyder"].map((x) => h("th", {}, x)))),
        h("tbody", {}, ord.map((o) => h("tr", { class: Object.prototype.hasOwnProperty.call(val[typ], o.ord) ? "vald" : "" },
          h("td", {}, o.ord), h("td", {}, o.antal), h("td", {}, ordLista(typ, o.ord, o.varde)))))));
  }
  return delar;
}

function anmVy(fil) {
  if (!fil.anmarkningar.length) return [h("p", {}, "Inga anmärkningar.")];
  const grupper = new Map();
  for (const a of fil.anmarkningar) {
    if (!grupper.has(a.kod)) grupper.set(a.kod, []);
    grupper.get(a.kod).push(a);
  }
  const ordning = { fel: 0, varning: 1, info: 2 };
  const nycklar = [...grupper.keys()].sort((a, b) =>
    (ordning[grupper.get(a)[0].allvarlighet] - ordning[grupper.get(b)[0].allvarlighet]) || a.localeCompare(b));
  return [h("h3", {}, "Anmärkningar"), ...nycklar.map((kod) => {
    const lista = grupper.get(kod);
    const a0 = lista[0];
    return h("details", { class: "grupp", open: a0.allvarlighet !== "info" },
      h("summary", {}, h("span", { class: "allv-" + a0.allvarlighet }, `${kod} ${a0.allvarlighet}`),
        ` ${a0.regel || ""} (${lista.length})`),
      h("ul", { class: "anm" }, lista.map((a) =>
        h("li", {}, a.plats ? h("span", { class: "plats" }, a.plats) : "", a.plats ? " " : "", a.meddelande))));
  })];
}

function brickor(fil) {
  if (fil.fel) return [h("span", { class: "bricka fel" }, "kunde inte läsas")];
  const n = { fel: 0, varning: 0, info: 0 };
  for (const a of fil.anmarkningar) n[a.allvarlighet]++;
  const a = fil.antal || {};
  const ut = [h("span", { class: "bricka" }, `${a.risker} risker · ${a.kontroller} kontroller · ${a.uppfoljningar} uppföljningar`)];
  for (const k of ["fel", "varning", "info"]) if (n[k]) ut.push(h("span", { class: "bricka " + k }, `${n[k]} ${k}`));
  if (!n.fel && !n.varning) ut.push(h("span", { class: "bricka ok" }, "inga fel"));
  return ut;
}

function innehall(fil) {
  return h("div", { class: "inneha" },
    ...fil.tabeller.flatMap(tabellVy),
    ...(fil.utan_tabell || []).map((u) => h("p", {},
      `${u.blad ? "Blad " + u.blad + ": " : ""}ingen tabell hittades.`,
      u.narmast_rad ? ` Närmast en rubrikrad: rad ${u.narmast_rad} (${u.narmast.map(([r, f]) => `${r} → ${f || "inget fält"}`).join(", ")}).` : "")),
    ...ordVy(fil),
    ...anmVy(fil));
}

function visaFil(fil, lastIgen) {
  const id = `fil-${fil.id}`;
  const kort = h("details", { class: "fil" + (fil.fel ? " fel" : "") + (lastIgen ? " last-igen" : ""), id, "data-namn": fil.namn },
    h("summary", {},
      h("span", { class: "namn" }, fil.namn),
      h("span", { class: "format" }, fil.format ? `(${fil.format})` : ""),
      ...brickor(fil),
      lastIgen ? h("span", { class: "bricka varning last-igen-text" }, `läst igen på ${Math.round(fil.ms)} ms`) : "",
      fil.fel ? h("span", { class: "felrad" }, fil.fel) : ""));
  // The contents are made when the card is opened: a folder of a thousand files stays light.
  let byggd = false;
  const bygg = () => {
    if (byggd || fil.fel) return;
    byggd = true;
    kort.append(innehall(fil));
  };
  kort.addEventListener("toggle", () => {
    if (kort.open) { bygg(); oppna.add(id); } else oppna.delete(id);
  });
  if (oppna.has(id)) { bygg(); kort.open = true; }
  const gammal = $(id) || [...document.querySelectorAll(".fil")].find((e) => e.dataset.namn === fil.namn);
  if (gammal) gammal.replaceWith(kort);
  else $("filer").append(kort);
}

function visaSummering() {
  const kort = [...document.querySelectorAll(".fil")];
  const fel = kort.filter((k) => k.classList.contains("fel")).length;
  $("resultat").hidden = kort.length === 0;
  $("val").hidden = kort.length === 0;
  $("summering").textContent = kort.length
    ? `${kort.length} ${kort.length === 1 ? "fil" : "filer"}: ${kort.length - fel} lästa${fel ? `, ${fel} kunde inte läsas` : ""}. Nedladdningarna gäller de lästa filerna.`
    : "";
}

function visaVal(data) {
  val = data.val;
  $("toml").textContent = data.toml || "# Inga val ännu. Ändra en kolumns fält eller ett ords betydelse nedan.";
  if (data.projektfil !== undefined) {
    $("projektfil").textContent = data.projektfil_finns
      ? `Arbetsmappens ${data.projektfil} lästes när ikplan startade; valen läggs in i den när du sparar (den gamla sparas som ${data.projektfil}.bak, kommentarer följer inte med).`
      : `Sparas som ${data.projektfil} i mappen där ikplan startades.`;
  }
}

async function hamtaAllt() {
  const data = await api("GET", "/api/filer");
  visaVal(data);
  const ids = new Set(data.filer.map((f) => `fil-${f.id}`));
  for (const k of [...document.querySelectorAll(".fil")]) if (!ids.has(k.id) && !k.classList.contains("fel")) k.remove();
  for (const f of data.filer) visaFil(f, false);
  // Keep the order of the names.
  const kort = [...document.querySelectorAll(".fil")].sort((a, b) => a.dataset.namn.localeCompare(b.dataset.namn));
  for (const k of kort) $("filer").append(k);
  visaSummering();
}

async function valj(typ, ord, varde, lista) {
  lista.disabled = true;
  try {
    const svar = await api("POST", "/api/val", JSON.stringify({ typ, ord, varde }), { "Content-Type": "application/json" });
    visaVal(svar);
    for (const f of svar.filer) visaFil(f, true);
    $("spara-svar").textContent = `Läste om ${svar.filer.length} ${svar.filer.length === 1 ? "fil" : "filer"} på ${Math.round(svar.ms)} ms.`;
  } catch (e) {
    $("spara-svar").textContent = "Valet gick inte att använda: " + e.message;
    lista.disabled = false;
  }
  visaSummering();
}

// ---- Wiring -----------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", async () => {
  Object.assign(falt, await api("GET", "/api/falt"));
  const zon = $("slapp");
  for (const t of ["dragenter", "dragover"]) zon.addEventListener(t, (e) => { e.preventDefault(); zon.classList.add("over"); });
  for (const t of ["dragleave", "drop"]) zon.addEventListener(t, () => zon.classList.remove("over"));
  zon.addEventListener("drop", async (e) => {
    e.preventDefault();
    skicka(await filerFranSlapp(e.dataTransfer));
  });
  // A file dropped beside the zone is not opened by the browser instead of the page.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
  for (const id of ["valj-filer", "valj-mapp"]) {
    $(id).addEventListener("change", (e) => { skicka(filerFranInput(e.target)); e.target.value = ""; });
  }
  $("tom").addEventListener("click", async () => {
    await api("DELETE", "/api/filer");
    $("filer").replaceChildren();
    forlopp.totalt = forlopp.klara = forlopp.fel = 0;
    visaForlopp();
    await hamtaAllt();
  });
  $("spara-toml").addEventListener("click", async () => {
    try {
      const svar = await api("POST", "/api/toml");
      $("spara-svar").textContent = `Sparade ${svar.sparad}` + (svar.tidigare ? ` (den tidigare finns i ${svar.tidigare})` : "") + ".";
    } catch (e) {
      $("spara-svar").textContent = "Kunde inte spara: " + e.message;
    }
  });
  await hamtaAllt();
  document.body.dataset.klar = "1";
});
