"""Deterministic writers for the file formats police forces answer FOI requests in.

Used by the campaign generators beside this file (make_snapchat_2025.py, make_knife_crime_2025.py). Every
writer gives the same bytes on every run where the format allows: zip members (xlsx, docx, ods) get a fixed
timestamp and the document properties a fixed creation date, emails a fixed Date header and MIME boundary.

Needs: openpyxl xlwt odfpy python-docx
"""
import base64
import csv
import datetime
import html
import io
import os
import re
import zipfile

import docx
import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_ISO = "2025-01-01T00:00:00Z"


def _mkdir(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)


def normalise_zip(path):
    """Rewrite a zip package on disk with fixed member timestamps and fixed document dates."""
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(_normalised(data))


def xlsx_bytes(sheets, merges=None, widths=None):
    """sheets: {title: [row, ...]} with None for an empty cell. Returns the file's bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v is None:
                    continue
                cell = ws.cell(r, c, v)
                if hasattr(v, "year") and hasattr(v, "day"):
                    cell.number_format = "dd/mm/yyyy"
        for m in (merges or {}).get(title, []):
            ws.merge_cells(m)
        for col, w in (widths or {}).get(title, {}).items():
            ws.column_dimensions[col].width = w
    wb.properties.creator = "Freedom of Information Unit"
    wb.properties.created = datetime.datetime(2025, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalised(buf.getvalue())


def _normalised(data):
    """A zip package's bytes with fixed member timestamps and fixed document dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info, blob in members:
            if info.filename in ("docProps/core.xml", "meta.xml"):
                blob = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", FIXED_ISO.encode(), blob)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o600 << 16
            z.writestr(zi, blob)
    return out.getvalue()


def write_xlsx(path, sheets, merges=None, widths=None):
    _mkdir(path)
    with open(path, "wb") as f:
        f.write(xlsx_bytes(sheets, merges, widths))


def write_xls(path, sheets):
    """Legacy Excel 97-2003 (BIFF8). Numbers are written as floats, as old exports do."""
    _mkdir(path)
    wb = xlwt.Workbook()
    for title, rows in sheets.items():
        ws = wb.add_sheet(title)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                ws.write(r, c, float(v) if isinstance(v, int) else v)
    wb.save(path)


def write_ods(path, sheets):
    """OpenDocument spreadsheet; ints are float cells, strings string cells."""
    _mkdir(path)
    doc = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        t = Table(name=title)
        for row in rows:
            tr = TableRow()
            for v in row:
                if v is None:
                    tr.addElement(TableCell())
                elif isinstance(v, (int, float)):
                    tc = TableCell(valuetype="float", value=v)
                    tc.addElement(P(text=str(v)))
                    tr.addElement(tc)
                else:
                    tc = TableCell(valuetype="string")
                    tc.addElement(P(text=v))
                    tr.addElement(tc)
            if not row:
                tr.addElement(TableCell())
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(path)
    # ODF wants "mimetype" first and stored; keep odfpy's order and compression, fix the timestamps.
    normalise_zip(path)


def write_docx(path, blocks):
    """blocks: ("p", text) paragraphs and ("table", rows) tables, in order."""
    _mkdir(path)
    d = docx.Document()
    for kind, content in blocks:
        if kind == "p":
            d.add_paragraph(content)
        elif kind == "h":
            d.add_heading(content, level=2)
        elif kind == "table":
            width = max(len(r) for r in content)
            t = d.add_table(rows=len(content), cols=width)
            t.style = "Table Grid"
            for r, row in enumerate(content):
                for c, v in enumerate(row):
                    t.cell(r, c).text = "" if v is None else str(v)
        else:
            raise ValueError(kind)
    d.core_properties.author = "Freedom of Information Unit"
    d.save(path)
    normalise_zip(path)


def write_csv(path, rows, encoding="utf-8", bom=False, newline="\r\n"):
    _mkdir(path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def html_table(rows, header=True):
    out = ["<table>"]
    for i, row in enumerate(rows):
        tag = "th" if header and i == 0 else "td"
        cells = "".join(f"<{tag}>{html.escape(str(v)) if v is not None else ''}</{tag}>" for v in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def write_html(path, title, site, blocks):
    """A disclosure-log page: blocks are ("h1"/"h2"/"p", text) or ("table", rows)."""
    _mkdir(path)
    body = []
    for kind, content in blocks:
        if kind == "table":
            body.append(html_table(content))
        else:
            body.append(f"<{kind}>{html.escape(content)}</{kind}>")
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} - {html.escape(site)}</title></head><body>\n"
        f'<header><nav><a href="/">{html.escape(site)}</a> &gt; <a href="/foi-ai/disclosure-log/">Disclosure log</a></nav></header>\n'
        "<main>\n" + "\n".join(body) + "\n</main>\n"
        "<footer><p>Back to top</p><p>Cookies | Accessibility | Privacy notice</p></footer></body></html>\n"
    )
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(page)


def _wrap_b64(data):
    b = base64.b64encode(data).decode("ascii")
    return "\r\n".join(b[i : i + 76] for i in range(0, len(b), 76))


def write_eml(path, sender, to, subject, date, body, attachments=(), boundary="=_foi_boundary_0001"):
    """A plain-text email, with attachments as base64 parts: (filename, mime type, bytes)."""
    _mkdir(path)
    head = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {date}",
        "MIME-Version: 1.0",
    ]
    text = body.replace("\r\n", "\n").replace("\n", "\r\n")
    if not attachments:
        head += ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: 8bit"]
        msg = "\r\n".join(head) + "\r\n\r\n" + text + "\r\n"
    else:
        head.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
        parts = [
            f"--{boundary}\r\n"
            'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + text + "\r\n"
        ]
        for name, mime, data in attachments:
            parts.append(
                f"--{boundary}\r\n"
                f'Content-Type: {mime}; name="{name}"\r\n'
                f'Content-Disposition: attachment; filename="{name}"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\n" + _wrap_b64(data) + "\r\n"
            )
        msg = "\r\n".join(head) + "\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n" + "".join(parts) + f"--{boundary}--\r\n"
    with open(path, "wb") as f:
        f.write(msg.encode("utf-8"))


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def allocate(total, weights):
    """Split `total` over the keys of `weights` (a list of (key, weight)) by largest remainder; deterministic."""
    s = sum(w for _, w in weights)
    raw = [(k, total * w / s) for k, w in weights]
    base = {k: int(v) for k, v in raw}
    left = total - sum(base.values())
    order = sorted(raw, key=lambda kv: (-(kv[1] - int(kv[1])), [k for k, _ in weights].index(kv[0])))
    for k, _ in order[:left]:
        base[k] += 1
    return [(k, base[k]) for k, _ in weights]


def jitter(seed, key, lo=0.6, hi=1.4):
    """A fixed factor in [lo, hi] for (seed, key): per-force variety without a random generator."""
    import zlib

    h = zlib.crc32(f"{seed}|{key}".encode()) / 0xFFFFFFFF
    return lo + (hi - lo) * h
