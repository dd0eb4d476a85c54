#!/usr/bin/env python3
"""Writes one plan with a header row N columns wide (and a few risk rows) as CSV, text,
docx and xlsx, for the "Wide sheets" measurements in BENCHMARKS.md.

    scripts/wide.py OUTDIR N [ROWS]
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

WORDS = ["Risk", "Kontrollmoment", "Ansvarig", "Frekvens", "Rapporteras till",
         "Sannolikhet", "Konsekvens", "Riskvärde", "Metod", "Kommentar"]


def table(n, rows):
    head = [WORDS[i] if i < len(WORDS) else f"Kolumn {i}" for i in range(n)]
    body = []
    for r in range(rows):
        row = [f"Risk {r} om fel utbetalning", f"Stickprov på tio fakturor {r}",
               "Ekonomichef", "Årligen", "Nämnden", "3", "4", "12",
               "Stickprov", "Ingen"]
        row += [f"v{r}.{i}" if i % 3 == 0 else "" for i in range(len(row), n)]
        body.append(row[:n])
    return head, body


def xlsx_col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(path, head, body):
    rows = []
    for ri, row in enumerate([head] + body, 1):
        cells = "".join(
            f'<c r="{xlsx_col(ci)}{ri}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for ci, v in enumerate(row) if v)
        rows.append(f'<row r="{ri}">{cells}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(rows)}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def write_docx(path, head, body):
    def tc(v):
        return f"<w:tc><w:p><w:r><w:t>{escape(v)}</w:t></w:r></w:p></w:tc>"
    rows = "".join("<w:tr>" + "".join(tc(v) for v in row) + "</w:tr>" for row in [head] + body)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>Internkontrollplan 2025</w:t></w:r></w:p>'
           f'<w:tbl>{rows}</w:tbl></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", doc)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    os.makedirs(out, exist_ok=True)
    head, body = table(n, rows)
    with open(os.path.join(out, f"w{n}.csv"), "w", encoding="utf-8") as f:
        for row in [head] + body:
            f.write(";".join(row) + "\n")
    with open(os.path.join(out, f"w{n}.txt"), "w", encoding="utf-8") as f:
        f.write("Internkontrollplan 2025\n\n")
        for row in [head] + body:
            f.write("\t".join(row) + "\n")
    write_docx(os.path.join(out, f"w{n}.docx"), head, body)
    write_xlsx(os.path.join(out, f"w{n}.xlsx"), head, body)


if __name__ == "__main__":
    main()
