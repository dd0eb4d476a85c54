"""Hand-made xlsx variants for checking the fast xlsx reader against calamine's.

Every part is written as XML text by this script, then zipped (standard library only).
Each file isolates one quirk; CASES below documents what each file holds, and the script
writes that list as OUT_DIR/hand_cases.tsv. Compare the two readers on them with:

    python3 scripts/xlsx_variants.py target/xlsx_variants
    cargo run --release --example xlsx_paths -- target/xlsx_variants/hand_*

Made on 2026-11-30 with a differential run over these and workbooks from LibreOffice,
openpyxl, XlsxWriter, SheetJS, ExcelJS and Gnumeric; the files that once differed are kept
in fixtures/xlsx_fast (see its README).
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

OUT = sys.argv[1] if len(sys.argv) > 1 else "target/xlsx_variants"
os.makedirs(OUT, exist_ok=True)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CASES = {}

# cellXfs index -> numFmtId ; custom numFmts 164.. defined below
CUSTOM = {164: "yyyy-mm-dd", 165: "[h]:mm:ss", 166: "0.00", 167: "d/m/yyyy", 168: "mm:ss",
          169: '"d"" days"" "', 170: "0.00;[Red]-0.00", 171: '[Red]yyyy-mm-dd', 172: '"Day "d', 173: "yyyy-mm-dd;@"}
XF = [0, 14, 164, 165, 166, 22, 46, 167, 168, 169, 170, 171, 172, 173, 47, 45, 21, 20, 2, 49]


def styles_xml(custom=CUSTOM, xf=XF, prefix="", dxfs_first=None, extra_before_xfs=""):
    p = prefix + ":" if prefix else ""
    nsdecl = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    nf = "".join(f'<{p}numFmt numFmtId="{k}" formatCode="{escape(v, {chr(34): "&quot;"})}"/>' for k, v in custom.items())
    xfs = "".join(f'<{p}xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"' + (' applyNumberFormat="1"' if i else '') + '/>' for i in xf)
    dx = dxfs_first or ""
    return (DECL + f'<{p}styleSheet {nsdecl}><{p}numFmts count="{len(custom)}">{nf}</{p}numFmts>'
            f'<{p}fonts count="1"><{p}font><{p}sz val="11"/><{p}name val="Calibri"/></{p}font></{p}fonts>'
            f'<{p}fills count="1"><{p}fill><{p}patternFill patternType="none"/></{p}fill></{p}fills>'
            f'<{p}borders count="1"><{p}border/></{p}borders>'
            f'<{p}cellStyleXfs count="1"><{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></{p}cellStyleXfs>'
            f'{dx}{extra_before_xfs}<{p}cellXfs count="{len(xf)}">{xfs}</{p}cellXfs>'
            f'<{p}cellStyles count="1"><{p}cellStyle name="Normal" xfId="0" builtinId="0"/></{p}cellStyles></{p}styleSheet>')


def sst_xml(items, prefix=""):
    p = prefix + ":" if prefix else ""
    nsdecl = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    body = "".join(i if i.startswith("<") else f"<{p}si><{p}t>{escape(i)}</{p}t></{p}si>" for i in items)
    return DECL + f'<{p}sst {nsdecl} count="{len(items)}" uniqueCount="{len(items)}">{body}</{p}sst>'


def sheet_xml(rows, tail="", head='<dimension ref="A1"/>', prefix="", root_extra=""):
    p = prefix + ":" if prefix else ""
    nsdecl = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    return DECL + f'<{p}worksheet {nsdecl} xmlns:r="{RNS}"{root_extra}>{head}<{p}sheetData>{rows}</{p}sheetData>{tail}</{p}worksheet>'


def rows_of(grid):
    """grid: list of rows; each row list of (ref, inner_attrs, inner_xml)"""
    out = []
    for i, row in enumerate(grid, start=1):
        cells = "".join(f'<c r="{r}"{a}>{x}</c>' for r, a, x in row)
        out.append(f'<row r="{i}">{cells}</row>')
    return "".join(out)


DEFAULT_SST = ["alpha", "beta", "gamma & delta", "  spaced  ", "line\nbreak"]
DEFAULT_ROWS = rows_of([
    [("A1", ' t="s"', "<v>0</v>"), ("B1", ' t="s"', "<v>1</v>"), ("C1", "", "<v>3.5</v>")],
    [("A2", "", "<v>42</v>"), ("B2", ' s="1"', "<v>45000</v>"), ("C2", ' t="b"', "<v>1</v>")],
    [("A3", ' t="s"', "<v>2</v>"), ("B3", ' s="2"', "<v>45001.25</v>"), ("C3", ' s="3"', "<v>1.5</v>")],
])


def book(sheets=None, sst=DEFAULT_SST, styles=None, wbpr="<workbookPr/>", names=None, states=None,
         sheet_dir="worksheets", sheet_target=None, wb_prefix="", rel_types=None, extra_wb=""):
    """sheets: list of sheet XML strings. Returns dict path->str."""
    if sheets is None:
        sheets = [sheet_xml(DEFAULT_ROWS)]
    names = names or [f"Sheet{i + 1}" for i in range(len(sheets))]
    states = states or [None] * len(sheets)
    rel_types = rel_types or ["worksheet"] * len(sheets)
    p = wb_prefix + ":" if wb_prefix else ""
    nsdecl = f'xmlns:{wb_prefix}="{NS}"' if wb_prefix else f'xmlns="{NS}"'
    sh = "".join(
        f'<{p}sheet name="{n}" sheetId="{i + 1}"' + (f' state="{s}"' if s else "") + f' r:id="rId{i + 1}"/>'
        for i, (n, s) in enumerate(zip(names, states)))
    parts = {}
    ct = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
          '<Default Extension="xml" ContentType="application/xml"/>',
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels = []
    for i, (x, t) in enumerate(zip(sheets, rel_types)):
        folder = "chartsheets" if t == "chartsheet" else sheet_dir
        path = f"xl/{folder}/sheet{i + 1}.xml"
        parts[path] = x
        tgt = sheet_target(i) if sheet_target else f"{folder}/sheet{i + 1}.xml"
        rels.append(f'<Relationship Id="rId{i + 1}" Type="{RNS}/{t}" Target="{tgt}"/>')
        ct.append(f'<Override PartName="/{path}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{t}+xml"/>')
    n = len(sheets)
    if styles is not False:
        parts["xl/styles.xml"] = styles or styles_xml()
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{RNS}/styles" Target="styles.xml"/>')
        ct.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    if sst is not None:
        parts["xl/sharedStrings.xml"] = sst if isinstance(sst, str) else sst_xml(sst)
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{RNS}/sharedStrings" Target="sharedStrings.xml"/>')
        ct.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    parts["xl/workbook.xml"] = DECL + f'<{p}workbook {nsdecl} xmlns:r="{RNS}">{wbpr.replace("<", "<" + p) if p else wbpr}<{p}sheets>{sh}</{p}sheets>{extra_wb}</{p}workbook>'
    parts["xl/_rels/workbook.xml.rels"] = DECL + f'<Relationships xmlns="{PNS}">{"".join(rels)}</Relationships>'
    parts["_rels/.rels"] = DECL + f'<Relationships xmlns="{PNS}"><Relationship Id="rId1" Type="{RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    parts["[Content_Types].xml"] = DECL + f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{"".join(ct)}</Types>'
    return parts


def save(name, parts, desc, compression=zipfile.ZIP_DEFLATED, ext="xlsx", zip64=False, order=None):
    path = f"{OUT}/hand_{name}.{ext}"
    with zipfile.ZipFile(path, "w", compression) as z:
        keys = order or (["[Content_Types].xml"] + [k for k in parts if k != "[Content_Types].xml"])
        for k in keys:
            v = parts[k]
            data = v if isinstance(v, bytes) else v.encode("utf-8")
            if zip64:
                with z.open(k, "w", force_zip64=True) as f:
                    f.write(data)
            else:
                z.writestr(k, data)
    CASES[os.path.basename(path)] = desc


def one(name, rows, desc, **kw):
    """A single-sheet book whose sheetData is `rows`."""
    tail = kw.pop("tail", "")
    head = kw.pop("head", '<dimension ref="A1"/>')
    save(name, book(sheets=[sheet_xml(rows, tail=tail, head=head)], **kw), desc)


def row(r, cells, attrs=""):
    return f'<row r="{r}"{attrs}>{cells}</row>'


# ---------------------------------------------------------------- baseline
save("baseline", book(), "plain hand-made book: shared strings, numbers, dates (14, yyyy-mm-dd), [h]:mm:ss, bool")
save("baseline_stored", book(), "baseline, zip entries stored (no compression)", compression=zipfile.ZIP_STORED)
save("baseline_zip64", book(), "baseline, zip64 local headers", zip64=True)
save("baseline_xlsm", book(), "baseline with .xlsm extension", ext="xlsm")
p = book()
save("zip_order_rev", p, "zip entries in reverse order", order=list(reversed(list(p.keys()))))

# ---------------------------------------------------------------- cell references
one("no_r_cells", '<row r="1"><c t="s"><v>0</v></c><c><v>2</v></c><c t="s"><v>1</v></c></row><row r="2"><c><v>5</v></c></row>',
    "cells without r attribute (rows have r)")
one("no_r_anywhere", '<row><c t="s"><v>0</v></c><c><v>2</v></c></row><row><c><v>5</v></c><c t="s"><v>1</v></c></row>',
    "rows and cells without r")
one("mixed_r", '<row r="1"><c r="B1" t="s"><v>0</v></c><c><v>2</v></c><c r="E1"><v>3</v></c><c><v>4</v></c></row>',
    "some cells with r, some without (position continues from previous)")
one("lowercase_refs", '<row r="1"><c r="a1" t="s"><v>0</v></c><c r="b1"><v>2</v></c></row><row r="2"><c r="aa2"><v>7</v></c></row>',
    "lowercase cell references a1, b1, aa2")
one("lowercase_merge", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "merge ref in lowercase a1:c2",
    tail='<mergeCells count="1"><mergeCell ref="a1:c2"/></mergeCells>')
one("cells_out_of_order", '<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c><c r="B1" t="s"><v>1</v></c></row>',
    "cells in a row out of column order: C1, A1, B1")
one("rows_out_of_order", '<row r="3"><c r="A3"><v>3</v></c></row><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row>',
    "rows out of order: 3, 1, 2")
one("cell_row_mismatch", '<row r="1"><c r="A5"><v>5</v></c></row><row r="2"><c r="B1"><v>1</v></c></row>',
    "cell r disagrees with row r (A5 in row 1, B1 in row 2)")
one("duplicate_cells", '<row r="1"><c r="A1"><v>1</v></c><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>',
    "duplicate cell A1 (number then shared string)")
one("duplicate_cell_empty_second", '<row r="1"><c r="A1"><v>1</v></c><c r="A1"/></row>',
    "duplicate cell A1, second is empty self-closing")
one("duplicate_rows", '<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row>',
    "row 1 appears twice")
one("huge_refs", '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row><row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row>',
    "cells at XFD1 and XFD1048576")
one("beyond_limits", '<row r="1"><c r="XFE1"><v>2</v></c></row><row r="1048577"><c r="A1048577"><v>3</v></c></row>',
    "cells beyond Excel limits XFE1, A1048577")
one("four_letter_col", '<row r="1"><c r="AAAA1"><v>2</v></c></row>', "column with 4 letters AAAA1")
one("row_zero", '<row r="1"><c r="A0"><v>2</v></c></row>', "cell ref A0")
one("dollar_ref", '<row r="1"><c r="$A$1"><v>2</v></c></row>', "cell ref $A$1")
one("leading_zero_row", '<row r="1"><c r="A01"><v>2</v></c><c r="B0001"><v>3</v></c></row>', "cell refs A01, B0001")
one("spans_and_attrs", '<row r="1" spans="1:3" s="2" customFormat="1" ht="30" customHeight="1" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>45000</v></c></row>'
    '<row r="2" spans="2:2" hidden="1" outlineLevel="1"><c r="B2"><v>1</v></c></row>',
    "rows with spans, s, customFormat (row style is a date format), ht, hidden, x14ac attrs",
    )

# ---------------------------------------------------------------- attribute syntax
one("attr_order", '<row r="1"><c t="s" s="0" r="A1"><v>0</v></c><c s="1" r="B1"><v>45000</v></c><c t="b" r="C1"><v>0</v></c></row>',
    "c attributes in odd order t,s,r")
one("single_quotes", "<row r='1'><c r='A1' t='s'><v>0</v></c><c r='B1' s='1'><v>45000</v></c></row>",
    "single-quoted attributes")
one("ws_in_open_tags", '<row\n   r="1"\n  ><c\n  r = "A1"\n\tt="s"   ><v>0</v></c><c   r="B1"\r\n s = \'2\' ><v>45000</v></c></row>',
    "newlines/tabs/spaces around = inside <row> and <c> open tags")
one("ws_close_c", '<row r="1"><c r="A1"><v>1</v></c ><c r="B1"><v>2</v></c><c r="C1" t="s"><v>0</v></c\n></row>',
    "closing tag with whitespace: </c > and </c\\n>")
one("ws_close_v", '<row r="1"><c r="A1"><v>1</v ><v>9</v></c><c r="B1"><v>2</v></c></row>',
    "</v > with whitespace (and a second v)")
one("ws_close_v_only", '<row r="1"><c r="A1"><v>1</v ></c><c r="B1"><v>2</v></c></row>',
    "</v > with whitespace")
one("ws_open_v", '<row r="1"><c r="A1"><v >1</v></c><c r="B1"><v\n>2</v></c></row>', "<v > and <v\\n> open tags")
one("ws_close_row", '<row r="1"><c r="A1"><v>1</v></c></row ><row r="2"><c r="A2"><v>2</v></c></row\n>', "</row > with whitespace")
one("ws_selfclose", '<row r="1"><c r="A1" s="1" /><c r="B1"><v>2</v></c><c r="C1" s="2"\n/></row><row r="2"/><row r="3" />',
    "self-closing <c .../> with space before />, self-closing rows")
one("pretty_printed", '\n  <row r="1">\n    <c r="A1" t="s">\n      <v>0</v>\n    </c>\n    <c r="B1">\n      <v>2</v>\n    </c>\n  </row>\n',
    "indented sheetData with newlines between elements")
one("pretty_printed_v_ws", '<row r="1"><c r="A1" t="s"><v> 0 </v></c><c r="B1"><v>\n2\n</v></c><c r="C1" t="b"><v> 1 </v></c></row>',
    "whitespace inside <v> for t=s, number, bool")
one("gt_in_attr", '<row r="1"><c r="A1" foo="x>y" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>',
    "unknown attribute value containing '>' before t=\"s\"")
one("slashgt_in_attr", '<row r="1"><c r="A1" foo="a/" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>',
    "attribute value ending in '/' just before >")
one("dup_attr", '<row r="1"><c r="A1" s="0" t="n" t="s"><v>0</v></c></row>', "duplicate t attribute (t=n then t=s)")
one("entity_in_attr", '<row r="1"><c r="A&#49;" t="s"><v>0</v></c><c r="B1" t="&#115;"><v>1</v></c></row>', "char refs in r and t attributes")
one("prefixed_attr", '<row r="1"><c x:r="A1" xmlns:x="urn:x" r="B1"><v>1</v></c></row>', "extra prefixed attribute x:r alongside r")
one("gt_in_row_attr", '<row r="1" foo="a>b"><c r="A1"><v>1</v></c></row>', "row attribute containing '>'")
one("cm_vm_ph_attrs", '<row r="1"><c r="A1" cm="1" vm="1" ph="1" s="0" t="s"><v>0</v></c></row>', "cell with cm/vm/ph attributes")

# ---------------------------------------------------------------- t="str" and entities
one("str_entities", '<row r="1"><c r="A1" t="str"><f>X</f><v>a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;</v></c>'
    '<c r="B1" t="str"><f>X</f><v>line&#10;two</v></c><c r="C1" t="str"><f>X</f><v>cr&#13;lf&#13;&#10;end</v></c>'
    '<c r="D1" t="str"><f>X</f><v>tab&#x9;hex&#x41;</v></c></row>',
    "formula string t=str with &amp; &lt; &gt; &quot; &apos; &#10; &#13; &#x9; &#x41;")
one("str_x000d", '<row r="1"><c r="A1" t="str"><v>a_x000D_b</v></c><c r="B1" t="str"><v>a_x005F_x000D_b</v></c>'
    '<c r="C1" t="str"><v>a_x000d_b</v></c><c r="D1" t="str"><v>_xD83D__xDE00_</v></c><c r="E1" t="str"><v>_xD83D_</v></c><c r="F1" t="str"><v>_x0000_</v></c></row>',
    "t=str with _x000D_, _x005F_ escape, lowercase _x000d_, surrogate pair, lone surrogate, _x0000_")
one("str_raw_cr", '<row r="1"><c r="A1" t="str"><v>a\r\nb</v></c><c r="B1" t="str"><v>c\rd</v></c></row>', "t=str with raw CR LF in text")
one("str_cdata", '<row r="1"><c r="A1" t="str"><f>X</f><v><![CDATA[cdata & text]]></v></c><c r="B1"><v>2</v></c></row>',
    "t=str whose <v> is a CDATA section")
one("str_cdata_mixed", '<row r="1"><c r="A1" t="str"><v>pre<![CDATA[mid]]>post</v></c></row>', "t=str <v> text+CDATA+text")
one("str_comment", '<row r="1"><c r="A1" t="str"><v>ab<!-- c -->cd</v></c></row>', "t=str <v> with an XML comment inside")
one("str_pi", '<row r="1"><c r="A1" t="str"><v>ab<?pi x?>cd</v></c></row>', "t=str <v> with a processing instruction")
one("str_spaces", '<row r="1"><c r="A1" t="str"><v>  padded  </v></c><c r="B1" t="str"><v>\n</v></c><c r="C1" t="str"><v></v></c><c r="D1" t="str"><v/></c></row>',
    "t=str with leading/trailing spaces, only newline, empty <v></v>, <v/>")
one("str_numeric_text", '<row r="1"><c r="A1" t="str"><v>123</v></c><c r="B1" t="str"><v>1e5</v></c><c r="C1" t="str"><v>TRUE</v></c></row>',
    "t=str holding numeric-looking text")
one("str_bad_entity", '<row r="1"><c r="A1" t="str"><v>a &nbsp; b</v></c></row>', "t=str with undefined entity &nbsp;")
one("str_nonascii", '<row r="1"><c r="A1" t="str"><v>åäö 日本 😀 &#128512; &#xE5;</v></c></row>', "t=str with non-ASCII and astral char refs")

# ---------------------------------------------------------------- inline strings
one("inline_basic", '<row r="1"><c r="A1" t="inlineStr"><is><t>inline text</t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve">  keep  </t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>  trim  </t></is></c></row>',
    "t=inlineStr <is><t>, preserve vs trimmed spaces")
one("inline_rich", '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> rest</t></r></is></c>'
    '<c r="B1" t="inlineStr"><is><r><t>only run</t></r></is></c><c r="C1" t="inlineStr"><is><t>first</t><r><t>run</t></r></is></c></row>',
    "rich inline strings <is><r><rPr><b/></rPr><t>, bold runs, mixed t + r")
one("inline_phonetic", '<row r="1"><c r="A1" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></is></c></row>',
    "inline string with phonetic rPh run")
one("inline_empty", '<row r="1"><c r="A1" t="inlineStr"><is></is></c><c r="B1" t="inlineStr"><is><t/></is></c><c r="C1" t="inlineStr"/><c r="D1"><v>4</v></c></row>',
    "inline string empty <is></is>, <is><t/></is>, inlineStr without is")
one("inline_selfclosing_is", '<row r="1"><c r="A1" t="inlineStr"><is/></c><c r="B1"><v>4</v></c></row>', "inline <is/>")
one("inline_no_t_attr", '<row r="1"><c r="A1"><is><t>no t attr</t></is></c><c r="B1" t="s"><is><t>t=s with is</t></is></c></row>',
    "<is> in cells without t / with t=s")
one("inline_with_v", '<row r="1"><c r="A1" t="inlineStr"><v>vtext</v></c><c r="B1" t="inlineStr"><is><t>is</t></is><v>v</v></c></row>',
    "inlineStr with <v> instead of / after <is>")
one("inline_entities", '<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b&#10;c&#13;d _x000D_ e</t></is></c><c r="B1" t="inlineStr"><is><t><![CDATA[cdata <b> & ]]></t></is></c></row>',
    "inline string with entities, _x000D_, CDATA")
one("inline_cdata_close_c", '<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[x</c><c r="B1"><v>9</v></c>]]></t></is></c><c r="C1"><v>3</v></c></row>',
    "inline CDATA containing literal </c><c r=B1>...")
one("inline_comment", '<row r="1"><c r="A1" t="inlineStr"><is><t>ab<!--x-->cd</t></is></c></row>', "inline <t> with comment inside")
one("inline_raw_crlf", '<row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb\rc</t></is></c></row>', "inline <t> with raw CRLF and CR")
one("inline_prefixed_t", f'<row r="1"><c r="A1" t="inlineStr"><is><x:t xmlns:x="{NS}">pref</x:t></is></c></row>', "inline with namespace-prefixed <x:t>")

# ---------------------------------------------------------------- shared strings
SST2 = ["<si><t xml:space=\"preserve\">  keep  </t></si>", "<si><t>  trim  </t></si>", "<si/>", "<si></si>", "<si><t/></si>",
        "<si><t>a_x000D_b</t></si>", "<si><t>a_x005F_x000D_b</t></si>", "<si><t>_xD83D__xDE00_</t></si>", "<si><t>a_x000d_b</t></si>",
        "<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\"> tail</t></r></si>",
        "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>カンジ</t></rPh><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>",
        "<si><t><![CDATA[cd & <ata>]]></t></si>", "<si><t>a &amp; b &lt; c &#10; d &#13; e</t></si>",
        "<si><t>\ttabs\t</t></si>", "<si><t>\u00a0nbsp\u00a0</t></si>", "<si><t>raw\r\ncrlf</t></si>",
        "<si><t>c<!-- x -->d</t></si>", "<si><t xml:space=\"default\">  dflt  </t></si>",
        "<si><r><t>r1</t></r><r><rPr><b/><sz val=\"11\"/></rPr><t>r2</t></r></si>", "<si><t>_x0009_tab esc</t></si>",
        "<si><r><rPr><b val=\"0\"/></rPr><t>notbold</t></r></si>", "<si><r><rPr><b/></rPr><t>allbold</t></r></si>",
        "<si><t>dup</t></si>", "<si><t>dup</t></si>", "<si><t>x</t><t>y</t></si>", "<si><t>😀 &#128512;</t></si>",
        ]
one("sst_variety", "".join(row(i + 1, f'<c r="A{i + 1}" t="s"><v>{i}</v></c><c r="B{i + 1}"><v>{i}</v></c>') for i in range(len(SST2))),
    "shared strings: preserve/trim, empty <si/>, _x000D_, surrogates, rich bold runs, rPh, CDATA, entities, tabs, nbsp, raw CRLF, comment, xml:space=default, multiple <t>",
    sst=sst_xml(SST2))
one("sst_rich_same_text", row(1, '<c r="A1" t="s"><v>0</v></c><c r="A2" t="s"><v>1</v></c>'),
    "two shared strings with equal text, one bold rich, one plain", sst=sst_xml(["<si><r><rPr><b/></rPr><t>same</t></r></si>", "<si><t>same</t></si>"]))
one("sst_rich_same_text_rev", row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'),
    "two shared strings with equal text, plain first then bold rich", sst=sst_xml(["<si><t>same</t></si>", "<si><r><rPr><b/></rPr><t>same</t></r></si>"]))
one("sst_index_bad", row(1, '<c r="A1" t="s"><v>99</v></c>'), "t=s index beyond sst")
one("sst_index_empty", row(1, '<c r="A1" t="s"><v></v></c><c r="B1" t="s"><v/></c><c r="C1" t="s"/><c r="D1"><v>1</v></c>'), "t=s with empty v")
one("sst_index_ws", row(1, '<c r="A1" t="s"><v>1 </v></c><c r="B1" t="s"><v>+1</v></c><c r="C1" t="s"><v>01</v></c>'), "t=s with index '1 ', '+1', '01'")
one("sst_count_wrong", row(1, '<c r="A1" t="s"><v>2</v></c>'), "sst count/uniqueCount attributes wrong",
    sst=DECL + f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>')
one("sst_prefixed", row(1, '<c r="A1" t="s"><v>0</v></c>'), "sharedStrings with x: prefix", sst=sst_xml(["pref"], prefix="x").replace("<x:si><x:t>pref</x:t></x:si>", "<x:si><x:t>pref</x:t></x:si>"))
one("sst_extlst", row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'), "sst with extLst after items",
    sst=DECL + f'<sst xmlns="{NS}" count="2"><si><t>a</t></si><si><t>b</t></si><extLst><ext uri="x"><si><t>fake</t></si></ext></extLst></sst>')
one("sst_bom", row(1, '<c r="A1" t="s"><v>0</v></c>'), "sharedStrings.xml starting with UTF-8 BOM", sst="\ufeff" + sst_xml(["bom"]))
one("sst_no_decl", row(1, '<c r="A1" t="s"><v>0</v></c>'), "sharedStrings.xml without XML declaration", sst=sst_xml(["nodecl"])[len(DECL):])
one("sst_preserve_on_si", row(1, '<c r="A1" t="s"><v>0</v></c>'), "xml:space=preserve on <si> not <t>",
    sst=sst_xml(['<si xml:space="preserve"><t>  x  </t></si>']))

# ---------------------------------------------------------------- booleans, errors, dates, numbers
one("bools", row(1, '<c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="b"><v>true</v></c><c r="D1" t="b"><v>false</v></c>'
                   '<c r="E1" t="b"><v>TRUE</v></c><c r="F1" t="b"><v> 1 </v></c><c r="G1" t="b"><v></v></c><c r="H1" t="b"/>'),
    "booleans 1, 0, true, false, TRUE, ' 1 ', empty v, no v")
one("bool_two", row(1, '<c r="A1" t="b"><v>2</v></c>'), "boolean with value 2")
one("bool_formula", row(1, '<c r="A1" t="b"><f>TRUE()</f><v>1</v></c><c r="B1" t="b"><f>1=2</f><v>0</v></c>'), "formula booleans")
one("errors", row(1, '<c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C1"><v>1</v></c>'), "error cells t=e")
one("iso_dates", row(1, '<c r="A1" t="d"><v>2023-01-02T03:04:05</v></c><c r="B1" t="d" s="2"><v>2023-01-02</v></c><c r="C1"><v>1</v></c>'), "t=d ISO dates")
NUMS = ["1e5", "1E+05", "-2.5e-3", "-0", "0.0", "00012", ".5", "5.", "-.5", "1.e5", "1e400", "-1e400", "1e-400",
        "123456789012345678901234567890", "9007199254740993", "2.2250738585072011e-308", "0.1", "-42", "+1", " 1 ", "1 ",
        "1,5", "0x10", "inf", "NaN", "-", ".", "1e", "1e+", "--1", "1-2", "1.2.3", "1_000", "١٢"]
for i, v in enumerate(NUMS):
    one(f"num_{i:02d}", row(1, f'<c r="A1"><v>{v}</v></c><c r="B1" t="n"><v>{v}</v></c><c r="C1" s="2"><v>{v}</v></c><c r="D1" t="s"><v>0</v></c>'),
        f"number text {v!r} in <v> with no t, with t=n, and with a date style")
one("neg_and_exp", row(1, "".join(f'<c r="{chr(65 + i)}1"><v>{v}</v></c>' for i, v in enumerate(["-1", "-1.5", "1e3", "1.5E-2", "-3e+2", "0", "-0.0"]))),
    "negative and exponent numbers")
one("numbers_no_t_fallback_string", row(1, '<c r="A1"><v>abc</v></c><c r="B1"><v>12abc</v></c>'), "no t, <v> not a number (calamine makes it a string)")
one("t_n_empty", row(1, '<c r="A1" t="n"><v></v></c><c r="B1" t="n"/><c r="C1"><v/></c><c r="D1"><v>1</v></c>'), "t=n with empty v, no v, <v/>")
one("unknown_t", row(1, '<c r="A1" t="x"><v>1</v></c>'), "unknown t=x")
one("t_empty_string", row(1, '<c r="A1" t=""><v>1</v></c>'), "t=\"\"")

# dates with every custom/builtin format via the default styles (xf index -> fmt)
vals = ["45000", "45000.75", "0.5", "1.25", "-1", "60", "61", "0", "2958465.999988", "2958466", "100000000", "1e-10", "0.99999999"]
grid = "".join(row(i + 1, "".join(f'<c r="{chr(65 + j)}{i + 1}" s="{j}"><v>{v}</v></c>' for j in range(len(XF)))) for i, v in enumerate(vals))
one("date_formats", grid, f"values {vals} in every xf; xf numFmtIds {XF}; customs {CUSTOM}")
one("date_formats_1904", grid, "date_formats with date1904=1", wbpr='<workbookPr date1904="1"/>')
one("date_formats_1904_true", grid, "date_formats with date1904=true", wbpr='<workbookPr date1904="true"/>')
one("date_formats_1904_false", grid, "date_formats with date1904=false", wbpr='<workbookPr date1904="false"/>')
one("date_formats_1904_TRUE", grid, "date_formats with date1904=TRUE (uppercase)", wbpr='<workbookPr date1904="TRUE"/>')
one("date_1904_x15", grid, "date1904 plus an x15:workbookPr in extLst",
    wbpr='<workbookPr date1904="1"/>', extra_wb='<extLst><ext uri="{x}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>')
BUILTIN = list(range(0, 60)) + [164]
grid2 = "".join(row(i + 1, f'<c r="A{i + 1}"><v>{fid}</v></c><c r="B{i + 1}" s="{i}"><v>44927.625</v></c><c r="C{i + 1}" s="{i}"><v>1.5</v></c>') for i, fid in enumerate(BUILTIN))
one("builtin_fmts_all", grid2, "builtin numFmtIds 0..59 used without numFmts definitions", styles=styles_xml(custom={164: "yyyy"}, xf=BUILTIN))
one("builtin_fmts_all_1904", grid2, "builtin numFmtIds 0..59, 1904", styles=styles_xml(custom={164: "yyyy"}, xf=BUILTIN), wbpr='<workbookPr date1904="1"/>')
FMTS2 = ["yyyy-mm-dd", "d/m/yyyy", "[h]:mm:ss", "mm:ss", '"d"" days"" "', "0;[Red]-0", "[Red]0.00", '"text"0', "@", "General",
         "[$-409]mmmm d, yyyy;@", "[$-F800]dddd, mmmm dd, yyyy", "hh:mm AM/PM", "[mm]:ss", "[ss]", "[hh]", "0.00E+00", "# ?/?",
         "\\d\\a\\y 0", "d\\-m", "_-* #,##0_-", "*-0", "[Blue][<=100]0;[Red]0", "[<1]0.00;0", "yyyy年m月d日", "[DBNum1]General",
         "a", "AM/PM", "A/P", "0 \"m\"", "0 \"h\"", "[s]", "[h]", "h", "s", "E", "B2yyyy/mm/dd", "[$-ja-JP]ggge\"年\"", "m", "0.0 \"days\"", "\"\"", ";;;", "[Green]General", "[Color10]0", "[h]:mm;@", "mm:ss.0", "[=1]\"one\";0"]
custom2 = {164 + i: f for i, f in enumerate(FMTS2)}
grid3 = "".join(row(i + 1, f'<c r="A{i + 1}" t="s"><v>{i}</v></c><c r="B{i + 1}" s="{i}"><v>45000.5</v></c><c r="C{i + 1}" s="{i}"><v>1.75</v></c><c r="D{i + 1}" s="{i}"><v>-2</v></c>') for i in range(len(FMTS2)))
one("custom_fmts_many", grid3, "many custom format codes incl. sections, colors, locales, quoted text, [h]/[mm]/[ss], AM/PM",
    styles=styles_xml(custom=custom2, xf=list(custom2)), sst=FMTS2)
one("fmt_redefined", row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000</v></c>'), "numFmt 164 defined twice (date, then 0.00); builtin 14 overridden by custom",
    styles=styles_xml(custom={164: "yyyy-mm-dd", 14: "0.00"}, xf=[0, 14, 164]).replace('<numFmt numFmtId="14"', '<numFmt numFmtId="164" formatCode="0.00"/><numFmt numFmtId="14"'))
one("dxfs_before_xfs", row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000</v></c>'),
    "styles.xml with <dxfs> (numFmt 164=yyyy-mm-dd, 165=0.00) placed before <cellXfs>; numFmts has 164=0.00, 165=yyyy-mm-dd",
    styles=styles_xml(custom={164: "0.00", 165: "yyyy-mm-dd"}, xf=[0, 164, 165],
                      dxfs_first='<dxfs count="2"><dxf><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></dxf><dxf><numFmt numFmtId="165" formatCode="0.00"/></dxf></dxfs>'))
one("numfmt_outside_numfmts", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "a <numFmt> for id 170 (yyyy-mm-dd) directly under styleSheet, outside <numFmts>",
    styles=styles_xml(custom={164: "0"}, xf=[0, 170], extra_before_xfs='<numFmt numFmtId="170" formatCode="yyyy-mm-dd"/>'))
one("numfmt_in_extlst_before", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "numFmt 164=yyyy-mm-dd inside an extLst before cellXfs, numFmts says 164=0",
    styles=styles_xml(custom={164: "0"}, xf=[0, 164], extra_before_xfs='<extLst><ext uri="x"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></ext></extLst>'))
one("styles_prefixed", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "styles.xml with x: prefix", styles=styles_xml(prefix="x"))
one("style_idx_bad", row(1, '<c r="A1" s="99"><v>45000</v></c><c r="B1" s=""><v>45000</v></c><c r="C1" s="abc"><v>45000</v></c><c r="D1" s=" 1"><v>45000</v></c><c r="E1" s="01"><v>45000</v></c>'),
    "s out of range, empty, non-numeric, ' 1', '01'")
one("no_styles", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "no styles.xml part", styles=False)
one("xf_no_numfmtid", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "cellXfs xf without numFmtId",
    styles=styles_xml(xf=[0, 14]).replace('<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>', '<xf fontId="0"/>'))
one("applynumfmt0", row(1, '<c r="A1" s="1"><v>45000</v></c>'), "xf numFmtId=14 with applyNumberFormat=0",
    styles=styles_xml(xf=[0, 14]).replace('applyNumberFormat="1"', 'applyNumberFormat="0"'))
one("fmt_entity_code", row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000</v></c>'), "formatCode with &quot; and &amp; entities",
    styles=styles_xml(custom={164: '"a&b" 0', 165: 'yyyy"&"mm'}, xf=[0, 164, 165]))

# ---------------------------------------------------------------- sheets
three = [sheet_xml(row(1, f'<c r="A1"><v>{i}</v></c><c r="B1" t="s"><v>{i}</v></c>')) for i in range(3)]
save("sheet_states", book(sheets=three, states=["visible", "hidden", "veryHidden"]), "sheets visible/hidden/veryHidden")
save("sheet_state_bad", book(sheets=three[:1], states=["weird"]), "sheet state='weird'")
save("sheet_names_special", book(sheets=three, names=["A &amp; B", "&lt;lt&gt; &quot;q&quot;", "it&apos;s &#10;nl"]), "sheet names with & < > quotes apos and &#10;")
save("sheet_names_dup", book(sheets=three[:2], names=["Same", "Same"]), "two sheets with the same name, different content")
save("sheet_names_case", book(sheets=three[:2], names=["Data", "DATA"]), "sheet names differing only in case")
save("sheet_name_empty", book(sheets=three[:1], names=[""]), "empty sheet name")
save("sheets_dir", book(sheet_dir="sheets"), "worksheets in xl/sheets/ (non-default folder)")
save("sheets_dir_merges", book(sheets=[sheet_xml(row(1, '<c r="A1" t="s"><v>0</v></c>'), tail='<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>')], sheet_dir="sheets"),
     "worksheet in xl/sheets/ with a merged range A1:B3")
save("sheets_dir_nested_merges", book(sheets=[sheet_xml(row(1, '<c r="A1" t="s"><v>0</v></c>'), tail='<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>')], sheet_dir="worksheets/sub"),
     "worksheet in xl/worksheets/sub/ with merge A1:B3")
save("sheets_dir_upper_merges", book(sheets=[sheet_xml(row(1, '<c r="A1" t="s"><v>0</v></c>'), tail='<mergeCells count="1"><mergeCell ref="A1:B3"/></mergeCells>')], sheet_dir="Worksheets"),
     "worksheet in xl/Worksheets/ (capital W, target matches) with merge A1:B3")
save("sheet_abs_target", book(sheet_target=lambda i: f"/xl/worksheets/sheet{i + 1}.xml"), "absolute rel target /xl/worksheets/sheet1.xml")
save("sheet_dotdot_target", book(sheet_target=lambda i: f"../xl/worksheets/sheet{i + 1}.xml"), "rel target ../xl/worksheets/sheet1.xml")
save("sheet_dot_target", book(sheet_target=lambda i: f"./worksheets/sheet{i + 1}.xml"), "rel target ./worksheets/sheet1.xml")
p = book()
p["xl/worksheets/sheet1.xml"] = sheet_xml(row(1, '<c r="A1"><v>1</v></c>'), head="")
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><dimension ref="A1"/></worksheet>'
save("no_sheetdata", p, "worksheet without any <sheetData> element")
p = book(sheets=three[:2])
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><dimension ref="A1"/></worksheet>'
save("no_sheetdata_2sheets", p, "first of two worksheets has no <sheetData>")
one("empty_sheetdata", "", "empty <sheetData></sheetData>")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><sheetData/></worksheet>'
save("selfclosing_sheetdata", p, "<sheetData/>")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><!-- <sheetData><row r="1"><c r="A1"><v>99</v></c></row></sheetData> --><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
save("comment_sheetdata", p, "a comment containing <sheetData>...</sheetData> before the real sheetData")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><sheetData><row r="1"><!-- c --><c r="A1"><v>1</v></c></row></sheetData></worksheet>'
save("comment_in_row", p, "comment inside a row")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<!-- <worksheet > --><x:worksheet xmlns:x="{NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
save("comment_worksheet_prefixed", p, "prefixed x:worksheet preceded by a comment '<!-- <worksheet > -->'")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><sheetPr><tabColor rgb="FFFF0000"/></sheetPr><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><sheetData><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>'
save("two_sheetdata", p, "two <sheetData> elements")
p = book()
p["xl/worksheets/sheet1.xml"] = "\ufeff" + sheet_xml(DEFAULT_ROWS)
save("sheet_bom", p, "worksheet XML with UTF-8 BOM")
p = book()
p["xl/worksheets/sheet1.xml"] = sheet_xml(DEFAULT_ROWS)[len(DECL):]
save("sheet_no_decl", p, "worksheet XML without declaration")
p = book()
p["xl/worksheets/sheet1.xml"] = sheet_xml(DEFAULT_ROWS).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
save("sheet_utf16", p, "worksheet XML encoded UTF-16")
p = book(sheets=[sheet_xml(row(1, '<c r="A1"><v>1</v></c>')), sheet_xml(row(1, '<c r="A1"><v>2</v></c>'))], rel_types=["worksheet", "chartsheet"])
p["xl/chartsheets/sheet2.xml"] = DECL + f'<chartsheet xmlns="{NS}" xmlns:r="{RNS}"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>'
save("chartsheet", p, "a worksheet and a chartsheet (no drawing part)")
p = book(sheets=[sheet_xml(row(1, '<c r="A1"><v>1</v></c>')), sheet_xml(row(1, '<c r="A1"><v>2</v></c>'))], rel_types=["worksheet", "dialogsheet"])
save("dialogsheet", p, "a worksheet and a dialogsheet")
p = book(sheets=[sheet_xml(row(1, '<c r="A1"><v>1</v></c>')), sheet_xml(row(1, '<c r="A1"><v>2</v></c>'))])
p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace(f'{RNS}/worksheet" Target="worksheets/sheet2.xml', "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet\" Target=\"worksheets/sheet2.xml")
save("macrosheet", p, "second sheet related as xlMacrosheet", ext="xlsm")
p = book()
p["xl/workbook.xml"] = p["xl/workbook.xml"].replace('r:id="rId1"', 'r:id="rId1" xr:uid="{00000000-0001-0000-0000-000000000000}" xmlns:xr="urn:xr"')
save("sheet_xr_uid", p, "sheet element with an xr:uid attribute after r:id")
p = book()
p["xl/workbook.xml"] = p["xl/workbook.xml"].replace('r:id="rId1"', 'relationships:id="rId1" xmlns:relationships="' + RNS + '"')
save("sheet_rel_prefix", p, "sheet id attribute with a different prefix (relationships:id)")

# ---------------------------------------------------------------- merges
M = row(1, '<c r="A1" t="s"><v>0</v></c><c r="C1"><v>5</v></c>') + row(3, '<c r="B3"><v>7</v></c>')
one("merge_basic", M, "merges A1:B2 and C1:C3 (C3 empty)", tail='<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C1:C3"/></mergeCells>')
one("merge_single", M, "merge of one cell 'A1' (no colon)", tail='<mergeCells count="1"><mergeCell ref="A1"/></mergeCells>')
one("merge_reversed", M, "merge ref reversed B2:A1", tail='<mergeCells count="1"><mergeCell ref="B2:A1"/></mergeCells>')
one("merge_overlap", M, "overlapping merges A1:C3 and B2:D4 and over non-empty B3", tail='<mergeCells count="2"><mergeCell ref="A1:C3"/><mergeCell ref="B2:D4"/></mergeCells>')
one("merge_two_blocks", M, "two <mergeCells> blocks (A1:B2) and (C1:D3)", tail='<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><mergeCells count="1"><mergeCell ref="C1:D3"/></mergeCells>')
one("merge_before_sheetdata", M, "<mergeCells> placed before <sheetData>", head='<dimension ref="A1"/><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>')
one("merge_before_and_after", M, "mergeCells before (A1:B2) and after (C1:D3) sheetData", head='<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>',
    tail='<mergeCells count="1"><mergeCell ref="C1:D3"/></mergeCells>')
one("merge_dollar", M, "merge ref with $ ($A$1:$B$2)", tail='<mergeCells count="1"><mergeCell ref="$A$1:$B$2"/></mergeCells>')
one("merge_attr_order", M, "mergeCell with other attrs and spaces: <mergeCell xr:uid='x' ref = 'A1:B2' />", tail="<mergeCells count=\"1\"><mergeCell xr:uid='x' ref = 'A1:B2' /></mergeCells>")
one("merge_huge", row(1, '<c r="A1"><v>1</v></c>'), "merge A1:XFD1", tail='<mergeCells count="1"><mergeCell ref="A1:XFD1"/></mergeCells>')
one("merge_prefixed", M, "prefixed x:mergeCell", tail=f'<x:mergeCells xmlns:x="{NS}" count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells>')
one("merge_no_cells_wrapper", M, "bare <mergeCell> without <mergeCells> wrapper", tail='<mergeCell ref="A1:B2"/>')
one("merge_in_extlst", M, "mergeCell text inside extLst after real mergeCells", tail='<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><extLst><ext uri="x"><mergeCell ref="C1:D4"/></ext></extLst>')
one("merge_three_parts", M, "merge ref A1:B2:C3", tail='<mergeCells count="1"><mergeCell ref="A1:B2:C3"/></mergeCells>')
one("merge_bool_date", row(1, '<c r="A1" t="b"><v>1</v></c><c r="C1" s="1"><v>45000</v></c>'), "merges whose top-left is bool / date",
    tail='<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C1:C4"/></mergeCells>')

# ---------------------------------------------------------------- formulas
one("formulas", row(1, '<c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>1+1</f></c><c r="C1"><f>1+1</f><v/></c><c r="D1" t="str"><f>"a"</f><v>a</v></c><c r="E1" t="str"><f>"a"</f></c>')
    + row(2, '<c r="A2"><f t="shared" ref="A2:C2" si="0">ROW()</f><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>2</v></c><c r="C2"><f t="shared" si="0"/></c>')
    + row(3, '<c r="A3"><f t="array" ref="A3:A3">SUM(1)</f><v>1</v></c><c r="B3" t="str"><f>A1&amp;"&lt;"</f><v>2&lt;</v></c>'),
    "formulas with/without cached v, <v/>, t=str, shared formulas, array formula, entity in f")
one("f_after_v", row(1, '<c r="A1"><v>5</v><f>2+3</f></c><c r="B1" t="s"><v>0</v><f>X</f></c><c r="C1"><v>1</v></c>'), "<f> after <v> inside a cell")
one("v_twice", row(1, '<c r="A1"><v>5</v><v>6</v></c>'), "two <v> in a cell")
one("c_extlst", row(1, '<c r="A1"><v>5</v><extLst><ext uri="x"/></extLst></c>'), "cell with extLst after v")
one("f_with_lt_text", row(1, '<c r="A1"><f>"&lt;v&gt;1&lt;/v&gt;"</f><v>3</v></c>'), "formula whose text has escaped <v>")

# ---------------------------------------------------------------- namespaces / .NET style
xrows = '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" s="1"><x:v>45000</x:v></x:c></x:row>'
save("ns_all_prefixed", book(sheets=[sheet_xml(xrows, prefix="x", head="")], sst=sst_xml(["pfx"], prefix="x"), styles=styles_xml(prefix="x"), wb_prefix="x"),
     "all parts use x: prefix (as OpenXML SDK writes)")
save("ns_sheet_prefixed", book(sheets=[sheet_xml(xrows, prefix="x", head="")]), "only worksheet uses x: prefix")
save("ns_wb_prefixed", book(wb_prefix="x"), "only workbook uses x: prefix")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}" xmlns:x="{NS}"><sheetData><row r="1"><x:c r="A1"><v>1</v></x:c><c r="B1"><x:v>2</x:v></c></row></sheetData></worksheet>'
save("ns_mixed_cells", p, "default-ns worksheet with an x:c cell and an x:v value")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac"><dimension ref="A1:B2"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><extLst><ext uri="{{x}}"><mergeCell ref="A1:B2"/></ext></extLst></worksheet>'
save("excel_like_mc", p, "Excel-like sheet with mc:Ignorable, x14ac attrs, extLst")
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
p = book()
for k in list(p):
    if isinstance(p[k], str):
        p[k] = p[k].replace(NS, STRICT).replace(RNS, "http://purl.oclc.org/ooxml/officeDocument/relationships")
save("strict_ns", p, "Strict OOXML namespaces everywhere")
p = book(sheets=[sheet_xml(xrows.replace("x:", "").replace('r="1"', 'r="1"'), head="")])
p["xl/worksheets/sheet1.xml"] = p["xl/worksheets/sheet1.xml"].replace(f'<worksheet xmlns="{NS}"', f'<worksheet xmlns="{NS}" xmlns:x="{NS}"')
save("ns_extra_decl", p, "worksheet with both default and x: declared, unprefixed elements")

# ---------------------------------------------------------------- part names / paths
p = book()
p["xl/SharedStrings.xml"] = p.pop("xl/sharedStrings.xml")
save("sst_case", p, "shared strings stored as xl/SharedStrings.xml (different case)")
p = book(sheets=[sheet_xml(row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45001</v></c><c r="C1"><v>3</v></c>'))])
p["xl/Styles.xml"] = p.pop("xl/styles.xml")
save("styles_case", p, "styles stored as xl/Styles.xml (different case); cells use date styles")
p = book(sheets=[sheet_xml(row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45001</v></c>'))])
p["xl/STYLES.XML"] = p.pop("xl/styles.xml")
save("styles_upper", p, "styles stored as xl/STYLES.XML; cells use date styles")
p = book(sheets=[sheet_xml(row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" t="s"><v>0</v></c>'))])
p["xl\\styles.xml"] = p.pop("xl/styles.xml")
save("styles_backslash", p, "styles stored as xl\\styles.xml (backslash in zip name); date cell")
p = book()
p["xl\\sharedStrings.xml"] = p.pop("xl/sharedStrings.xml")
save("sst_backslash", p, "shared strings as xl\\sharedStrings.xml")
p = book()
p["xl\\worksheets\\sheet1.xml"] = p.pop("xl/worksheets/sheet1.xml")
save("sheet_backslash", p, "sheet as xl\\worksheets\\sheet1.xml")
p = book()
p["xl/worksheets/Sheet1.xml"] = p.pop("xl/worksheets/sheet1.xml")
save("sheet_case", p, "sheet stored as xl/worksheets/Sheet1.xml, rel target worksheets/sheet1.xml")
p = book()
p["xl/_rels/Workbook.xml.rels"] = p.pop("xl/_rels/workbook.xml.rels")
save("wbrels_case", p, "workbook rels stored as xl/_rels/Workbook.xml.rels")
p = book()
p["xl/Workbook.xml"] = p.pop("xl/workbook.xml")
save("workbook_case", p, "workbook stored as xl/Workbook.xml (rels say xl/workbook.xml)")
p = book(sheets=[sheet_xml(row(1, '<c r="A1" s="1"><v>45000</v></c><c r="B1" t="s"><v>0</v></c>'))])
p["xl/sharedStrings.xml"] = sst_xml(["lower-case part"])
p["xl/SharedStrings.xml"] = sst_xml(["UPPER-case part"])
save("sst_two_cases", p, "both xl/sharedStrings.xml and xl/SharedStrings.xml present, different text")
p = book(sheets=[sheet_xml(row(1, '<c r="A1" s="1"><v>45000</v></c>'))])
p["xl/Styles.xml"] = styles_xml(xf=[0, 0])
save("styles_two_cases", p, "xl/styles.xml (xf1=date) and xl/Styles.xml (xf1=general) both present")
p = book()
p["_rels/.rels"] = p["_rels/.rels"].replace('Target="xl/workbook.xml"', 'Target="/xl/workbook.xml"')
save("root_rel_abs", p, "officeDocument target /xl/workbook.xml")
p = book()
wbx = p.pop("xl/workbook.xml")
p["xl/book.xml"] = wbx
p["xl/_rels/book.xml.rels"] = p.pop("xl/_rels/workbook.xml.rels")
p["_rels/.rels"] = p["_rels/.rels"].replace('Target="xl/workbook.xml"', 'Target="xl/book.xml"')
save("workbook_renamed", p, "workbook part named xl/book.xml")
p = book()
p = {k.replace("xl/", "data/") if k.startswith("xl/") else k: v for k, v in p.items()}
p["_rels/.rels"] = p["_rels/.rels"].replace('Target="xl/workbook.xml"', 'Target="data/workbook.xml"')
save("workbook_dir", p, "whole workbook under data/ instead of xl/")
p = book()
p["_rels/.rels"] = p["_rels/.rels"].replace("</Relationships>", f'<Relationship Id="rId9" Type="{RNS}/officeDocument" Target="xl/other.xml"/></Relationships>')
save("two_office_rels", p, "two officeDocument relationships (second points at a missing part)")
p = book()
p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace('Target="worksheets/sheet1.xml"', 'Target="worksheets/sheet1.xml" TargetMode="Internal"')
save("rel_targetmode", p, "worksheet rel with TargetMode=Internal")
p = book()
p["xl/worksheets/sheet 1.xml"] = p.pop("xl/worksheets/sheet1.xml")
p["xl/_rels/workbook.xml.rels"] = p["xl/_rels/workbook.xml.rels"].replace('Target="worksheets/sheet1.xml"', 'Target="worksheets/sheet%201.xml"')
save("rel_percent", p, "sheet part 'sheet 1.xml' referenced as sheet%201.xml")
p = book()
del p["xl/sharedStrings.xml"]
save("sst_missing", p, "sharedStrings.xml missing while cells use t=s")
p = book(sheets=[sheet_xml(row(1, '<c r="A1"><v>1</v></c>'))])
del p["xl/sharedStrings.xml"]
save("sst_missing_unused", p, "no sharedStrings.xml, no t=s cells")

# ---------------------------------------------------------------- big sheet (chunking)
def big_rows(n, with_cdata=False):
    out = []
    for r in range(1, n + 1):
        cells = (f'<c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>{r % 5}</v></c><c r="C{r}" s="2"><v>{40000 + r}</v></c>'
                 f'<c r="D{r}" t="inlineStr"><is><t>inline {r} &amp; more text to pad the row out</t></is></c>'
                 f'<c r="E{r}" t="str"><f>X</f><v>s{r}&#10;x</v></c><c r="F{r}" t="b"><v>{r % 2}</v></c>')
        if with_cdata and r % 997 == 0:
            cells += f'<c r="G{r}" t="inlineStr"><is><t><![CDATA[</row><row r="{r}"><c r="Z{r}"><v>1</v></c>]]></t></is></c>'
        out.append(f'<row r="{r}" spans="1:6">{cells}</row>')
    return "".join(out)


one("big_chunked", big_rows(12000), "~3.5 MB sheet (parallel chunks), mixed types", tail='<mergeCells count="1"><mergeCell ref="H1:I3"/></mergeCells>')
one("big_chunked_cdata", big_rows(12000, True), "big sheet with CDATA inline strings containing literal </row><row ...> markup")
big_nl = "\n".join(f'<row r="{r}">\n<c r="A{r}">\n<v>{r}</v>\n</c>\n<c r="B{r}" t="s"><v>{r % 5}</v></c>\n</row>' for r in range(1, 40000))
one("big_pretty", big_nl, "big pretty-printed sheet with newlines between elements")


# ---------------------------------------------------------------- isolated variants (one quirk per file)
for i, item in enumerate(SST2):
    one(f"sst_item_{i:02d}", row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c>'), f"single shared string {item!r}", sst=sst_xml([item]))
XS = ["a_x000D_b", "a_x005F_x000D_b", "a_x000d_b", "_xD83D__xDE00_", "_xD83D_", "_xDE00_", "_x0000_", "x_xD83D_y_xDE00_z", "_xD801__xDC37_ deseret", "_x00E5_ _x00e5_", "_x0009_tab", "_x000D__x000A_crlf"]
for i, s in enumerate(XS):
    one(f"xesc_str_{i:02d}", row(1, f'<c r="A1" t="str"><f>X</f><v>{s}</v></c>'), f"t=str formula string {s!r}")
    one(f"xesc_inline_{i:02d}", row(1, f'<c r="A1" t="inlineStr"><is><t>{s}</t></is></c>'), f"inline string {s!r}")
    one(f"xesc_sst_{i:02d}", row(1, '<c r="A1" t="s"><v>0</v></c>'), f"shared string {s!r}", sst=sst_xml([s]))
one("ws_close_c_only", row(1, '<c r="A1"><v>1</v></c ><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c>'), "one closing tag written '</c >' (space) followed by more cells")
one("ws_close_c_nl_rows", row(1, '<c r="A1"><v>1</v></c\n>') + row(2, '<c r="A2"><v>2</v></c>') + row(3, '<c r="A3" t="s"><v>0</v></c>'),
    "closing tag '</c\\n>' ending row 1; rows 2 and 3 normal")
one("inline_v_only", row(1, '<c r="A1" t="inlineStr"><v>vtext</v></c><c r="B1"><v>1</v></c>'), "t=inlineStr with only a <v>")
one("inline_is_then_v", row(1, '<c r="A1" t="inlineStr"><is><t>is</t></is><v>v</v></c><c r="B1"><v>1</v></c>'), "t=inlineStr with <is> then a redundant <v>")
one("inline_v_then_is", row(1, '<c r="A1" t="inlineStr"><v>v</v><is><t>is</t></is></c><c r="B1"><v>1</v></c>'), "t=inlineStr with <v> then <is>")
one("shared_f_v_then_f", row(1, '<c r="A1"><v>5</v><f t="shared" si="0" ref="A1:A2">1</f></c><c r="B1"><v>1</v></c>'), "<v> then shared <f>")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac"><dimension ref="A1:B2"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><extLst><ext uri="{{x}}"><x14:conditionalFormattings xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></ext></extLst></worksheet>'
save("excel_like_clean", p, "Excel-like sheet: mc:Ignorable, x14ac attrs, mergeCells, pageMargins, extLst")
p = book(sheets=three[:2], names=["Same", "Same"])
save("sheet_names_dup_same_content", book(sheets=[three[0], three[0]], names=["Same", "Same"]), "two sheets with the same name and same content")
p = book()
p["xl/worksheets/sheet1.xml"] = DECL + f'<worksheet xmlns="{NS}"><dimension ref="A1"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells><mergeCells count="1"><mergeCell ref="C1:D2"/></mergeCells></worksheet>'
save("merge_two_blocks_min", p, "two <mergeCells> blocks after sheetData (A1:B2), (C1:D2); only A1 has a value")

with open(os.path.join(OUT, "hand_cases.tsv"), "w") as f:
    for k, v in CASES.items():
        f.write(f"{k}\t{v}\n")
print(len(CASES), "hand files")
