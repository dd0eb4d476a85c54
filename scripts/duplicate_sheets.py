"""Writes a workbook whose two sheets carry the very same name (Excel never writes that, but
a workbook can hold it): python duplicate_sheets.py OUT.xlsx"""

import io
import sys
import zipfile

import openpyxl

wb = openpyxl.Workbook()
for i, (name, risk) in enumerate([("Plan", "Hot och våld"), ("Blad2", "Felaktiga utbetalningar")]):
    ws = wb.active if i == 0 else wb.create_sheet()
    ws.title = name
    ws.append(["Riskområde", "Kontroll", "Ansvarig"])
    ws.append([risk, "Stickprov varje kvartal", "Enhetschef"])
buf = io.BytesIO()
wb.save(buf)
with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/workbook.xml":
            data = data.replace(b'name="Blad2"', b'name="Plan"')
        zout.writestr(item, data)
