#!/usr/bin/env python3
"""Writes data-raw/snapchat-2025/: the TikTok questions asked about Snapchat, for the tax years 2022/23 to
2024/25, and the answers of 15 forces in 15 layouts, with expected.json (every value the answers hold, by force,
measure, period and category, written from the numbers below: this script is the source of truth).

Run from anywhere: python3 scripts/campaigns/make_snapchat_2025.py [--out DIR]
The output is deterministic: rerunning gives the same bytes.
"""
import argparse
import datetime
import json
import os
import shutil
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import foi_writers as W  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SLUG = "snapchat-2025"
YEARS = ["2022/23", "2023/24", "2024/25"]
LAST = "2024/25"
M_YEAR, M_TYPE, M_OUTCOME = "crimes_by_year", "crimes_by_type", "crime_outcomes"

# --- reference: the Home Office codes used below (crates/foi-model/vocabularies/*.csv) ----------------------
OFFENCE = {
    # code: (group, subgroup, short name, coded label, formal wording)
    "8R": ("Violence against the person", "Stalking and harassment", "Malicious Communications",
           "8R - Malicious Communications", "Sending letters etc with intent to cause distress or anxiety"),
    "8L": ("Violence against the person", "Stalking and harassment", "Harassment", "8L - Harassment",
           "Harassment without violence"),
    "88A": ("Sexual offences", "Other sexual offences", "Sexual grooming", "88A - Sexual Grooming",
            "Sexual Communication with a Child"),
    "86": ("Miscellaneous crimes against society", "Miscellaneous crimes against society", "Obscene publications",
           "86 - Obscene Publications", "Taking, making or distributing indecent photographs of children"),
    "8Q": ("Violence against the person", "Stalking and harassment", "Stalking", "8Q - Stalking",
           "Stalking involving fear of violence"),
    "35": ("Theft offences", "Other theft offences", "Blackmail", "35 - Blackmail", "Blackmail"),
    "3B": ("Violence against the person", "Violence without injury", "Threats to kill", "3B - Threats to Kill",
           "Threats to kill"),
    "9A": ("Public order offences", "Public order offences", "Public Fear Alarm or Distress",
           "9A - Public Fear, Alarm or Distress", "Public fear, alarm or distress"),
    "22B": ("Sexual offences", "Other sexual offences", "Sexual activity involving a child under 16",
            "22B - Sexual Activity Involving a Child Under 16", "Sexual activity involving a child under 16"),
    "8U": ("Violence against the person", "Stalking and harassment", "Controlling or coercive behaviour",
           "8U - Controlling or Coercive Behaviour", "Controlling or coercive behaviour"),
    "105A": ("Violence against the person", "Violence without injury", "Common assault",
             "105A - Common Assault", "Assault without injury - common assault"),
    "88E": ("Sexual offences", "Other sexual offences", "Exposure and voyeurism", "88E - Exposure and Voyeurism",
            "Exposure and voyeurism"),
}
OFFENCE_WEIGHTS = [("8R", 22), ("8L", 16), ("88A", 14), ("86", 12), ("8Q", 7), ("35", 6), ("3B", 5), ("9A", 5),
                   ("22B", 4), ("8U", 3), ("105A", 3), ("88E", 3)]

OUTCOME = {
    # code: (description, group)
    "0": ("Not yet assigned an outcome", "not_yet_assigned"),
    "1": ("Charged/Summonsed", "charged_summonsed"),
    "8": ("Community Resolution", "out_of_court_informal"),
    "14": ("Evidential difficulties: suspect not identified; victim does not support further action",
           "evidential_difficulties_victim_does_not_support"),
    "15": ("Evidential difficulties: suspect identified; victim supports action",
           "evidential_difficulties_victim_supports"),
    "16": ("Evidential difficulties: suspect identified; victim does not support further action",
           "evidential_difficulties_victim_does_not_support"),
    "18": ("Investigation complete - no suspect identified", "no_suspect_identified"),
    "20": ("Action undertaken by another body/agency", "transferred_to_another_body"),
    "21": ("Further investigation to support formal action not in the public interest - police decision",
           "not_in_public_interest_police"),
    "22": ("Diversionary, educational or intervention activity", "diversionary_activity"),
}
OUTCOME_GROUP_LABEL = {
    "not_yet_assigned": "Under investigation - no outcome yet",
    "charged_summonsed": "Charge/Summons",
    "out_of_court_informal": "Community resolution",
    "evidential_difficulties_victim_does_not_support": "Evidential difficulties - victim does not support action",
    "evidential_difficulties_victim_supports": "Evidential difficulties - victim supports action",
    "no_suspect_identified": "Investigation complete - no suspect identified",
    "transferred_to_another_body": "Transferred to another agency",
    "not_in_public_interest_police": "Not in public interest (police decision)",
    "diversionary_activity": "Diversionary/educational activity",
}
OUTCOME_WEIGHTS = [("16", 24), ("18", 20), ("0", 15), ("15", 14), ("1", 8), ("14", 6), ("8", 4), ("21", 3),
                   ("20", 3), ("22", 3)]


def outcome_label(code, style):
    desc = OUTCOME[code][0]
    if style == "long":
        return f"Outcome {code} - {desc}"
    if style == "oc":
        return "Under investigation" if code == "0" else f"OC{code}"
    if style == "num":
        return f"{code}: {desc}"
    if style == "desc":
        return desc
    raise ValueError(style)


def offence_label(code, style):
    g, s, name, coded, formal = OFFENCE[code]
    return {"name": name, "coded": coded, "formal": formal}[style]


# --- the forces ------------------------------------------------------------------------------------------
class Force:
    def __init__(self, slug, name, ref, layout, years, status="disclosed", exemption=None, breakdowns=True,
                 suppressed=()):
        self.slug, self.name, self.ref, self.layout = slug, name, ref, layout
        self.years = dict(zip(YEARS, years)) if years else {}
        self.status, self.exemption = status, exemption
        self.suppressed = set(suppressed)  # ("year", period) / ("offence", code) / ("outcome", code)
        self.offences, self.outcomes = [], []
        if years and breakdowns:
            n = self.years[LAST]
            self.offences = [(c, v) for c, v in W.allocate(
                n, [(c, w * W.jitter(slug, c)) for c, w in OFFENCE_WEIGHTS]) if v > 0]
            self.outcomes = [(c, v) for c, v in W.allocate(
                n, [(c, w * W.jitter(slug + "/o", c)) for c, w in OUTCOME_WEIGHTS]) if v > 0]

    @property
    def ref_dash(self):
        return self.ref.replace("/", "-")

    def shown(self, kind, key, value, marker="*"):
        return marker if (kind, key) in self.suppressed else value


def year_label(p, style):
    a = int(p[:4])
    if style == "slash":
        return p
    if style == "long":
        return f"{a}/{a + 1}"
    if style == "dash":
        return f"{a}-{str(a + 1)[2:]}"
    if style == "endash":
        return f"{a}\u2013{str(a + 1)[2:]}"
    if style == "range":
        return f"6th Apr {a} to 5th Apr {a + 1}"
    raise ValueError(style)


Q1 = ("1. In the last 3 years, how many offences/alleged offences has the force logged where Snapchat was recorded "
      "as being an element in the offence? [Between April 6 - April 5 2022/23, 2023/24, 2024/25]")
Q2 = "2. What were the nature of offences for 2024/25 only?"
Q3 = "3. What police action was taken for offences in 2024/25?"
KEYWORD_NOTE = ("Please note: figures are based on a keyword search of crime records for 'Snapchat' and may include "
                "offences where Snapchat is mentioned but was not an element of the offence.")


def year_rows(f, style, total=True, marker="<5"):
    rows = [[year_label(p, style), f.shown("year", p, f.years[p], marker)] for p in YEARS]
    if total:
        rows.append(["Total", sum(f.years.values())])
    return rows


def offence_rows(f, style, total=True):
    rows = [[offence_label(c, style), f.shown("offence", c, v)] for c, v in f.offences]
    if total:
        rows.append(["Total", sum(v for _, v in f.offences)])
    return rows


def outcome_rows(f, style, total=True):
    rows = [[outcome_label(c, style), f.shown("outcome", c, v)] for c, v in f.outcomes]
    if total:
        rows.append(["Total", sum(v for _, v in f.outcomes)])
    return rows


def letterhead(f, date="14/07/2025"):
    return [[f.name], [f"Freedom of Information Request Reference No: {f.ref}"], [f"Date of response: {date}"], []]


# --- one writer per layout --------------------------------------------------------------------------------
def kent_sheets(f, d):
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {
        "Q1": [["Financial Year", "Number of Crimes"]] + year_rows(f, "slash"),
        "Q2": [["Offence", "2024/25"]] + offence_rows(f, "name"),
        "Q3": [["Outcome", "Count"]] + outcome_rows(f, "long", total=False),
    })


def staffordshire_stacked(f, d):
    ind = lambda rows: [[None] + r if r else [] for r in rows]  # noqa: E731  header indented by one column
    grand = lambda rs: [r if r[0] != "Total" else ["Grand Total", r[1]] for r in rs]  # noqa: E731
    rows = (ind(letterhead(f)) + ind([[Q1], ["Period", "Offences"]] + grand(year_rows(f, "long")))
            + [[None, KEYWORD_NOTE], [], []]
            + ind([[Q2], ["Offence Description", "Count"]] + grand(offence_rows(f, "coded"))) + [[]]
            + ind([[Q3], ["Outcome", "Number"]] + grand(outcome_rows(f, "oc"))))
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {f"FOI {f.ref_dash}": rows},
                 merges={f"FOI {f.ref_dash}": ["B1:E1"]})


def hertfordshire_csvs(f, d):
    base = os.path.join(d, f"FOI-{f.ref_dash}")
    W.write_csv(base + "-Q1.csv", [["Financial Year", "Number of Offences"]] + year_rows(f, "endash"), encoding="cp1252")
    W.write_csv(base + "-Q2.csv", [["Offence", "2024/25"]] + offence_rows(f, "formal"), encoding="cp1252")
    W.write_csv(base + "-Q3.csv", [["Outcome", "Count"]] + outcome_rows(f, "long", total=False), encoding="cp1252")


def west_midlands_ods(f, d):
    total = sum(f.years.values())
    W.write_ods(os.path.join(d, f"FOI-{f.ref_dash}.ods"), {
        "Snapchat": [["Snapchat related crimes recorded by West Midlands Police"], [], [None, "Financial Year"],
                     ["Measure"] + YEARS + ["Total"],
                     ["Crimes recorded"] + [f.years[p] for p in YEARS] + [total]],
        "2024-25": [["Offence type", "Crimes"]] + offence_rows(f, "name")
                   + [[], ["Outcome", "Crimes"]] + outcome_rows(f, "num"),
    })


def cumbria_xls(f, d):
    upper = lambda rs: [r if r[0] != "Total" else ["TOTAL", r[1]] for r in rs]  # noqa: E731
    rows = (letterhead(f) + [[Q1], ["Period", "Offences"]] + upper(year_rows(f, "dash")) + [[KEYWORD_NOTE], []]
            + [[Q2], ["Offence Description", "Count"]] + upper(offence_rows(f, "coded")) + [[]]
            + [[Q3], ["Outcome", "Number"]] + upper(outcome_rows(f, "long")))
    W.write_xls(os.path.join(d, f"FOI-{f.ref_dash}.xls"), {"Response": rows})


def subgroup_rows(f):
    agg = {}
    for c, v in f.offences:
        g, s = OFFENCE[c][:2]
        agg[(g, s)] = agg.get((g, s), 0) + v
    rows = []
    for (g, s), v in agg.items():
        rows.append([s if g == s else f"{g} - {s}", v])
    return rows, agg


def group_outcomes(f):
    agg = {}
    for c, v in f.outcomes:
        g = OUTCOME[c][1]
        agg[g] = agg.get(g, 0) + v
    return agg


def dorset_html(f, d):
    off, _ = subgroup_rows(f)
    out = [[OUTCOME_GROUP_LABEL[g], v] for g, v in group_outcomes(f).items()]
    n = f.years[LAST]
    W.write_html(os.path.join(d, f"FOI-{f.ref_dash}.html"), "Snapchat related crimes", f.name, [
        ("h1", "Snapchat related crimes"),
        ("p", f"Freedom of Information Request Reference No: {f.ref}"),
        ("p", "Date of response: 11/07/2025"),
        ("p", "The Performance & Analysis Department have provided the following information."),
        ("p", Q1),
        ("table", [["Period", "Offences"]] + year_rows(f, "range")),
        ("p", KEYWORD_NOTE),
        ("p", Q2),
        ("table", [["Offence group", "Count"]] + off + [["Total", n]]),
        ("p", Q3),
        ("table", [["Outcome", "Number"]] + out + [["Total", n]]),
    ])


def suffolk_docx(f, d):
    W.write_docx(os.path.join(d, f"FOI-{f.ref_dash}.docx"), [
        ("p", f.name),
        ("p", "Freedom of Information Act 2000 - response to your request"),
        ("p", f"Freedom of Information Request Reference No: {f.ref}"),
        ("p", "Date of response: 15/07/2025"),
        ("p", "Thank you for your request. I can confirm that the information is held and is provided below."),
        ("p", Q1),
        ("table", [["Period", "Offences"]] + year_rows(f, "slash")),
        ("p", KEYWORD_NOTE),
        ("p", Q2),
        ("table", [["Offence Description", "Count"]] + offence_rows(f, "formal")),
        ("p", Q3),
        ("table", [["Outcome", "Number"]] + outcome_rows(f, "desc")),
        ("p", "Yours sincerely, Freedom of Information Unit"),
    ])


def gwent_eml(f, d):
    sheet = ([["Gwent Police - Freedom of Information response"], [f"Reference: {f.ref}"], [],
              [Q1], ["Financial Year", "Offences"]] + year_rows(f, "slash") + [[]]
             + [[Q2], ["Offence", "Number"]] + offence_rows(f, "name") + [[]]
             + [[Q3], ["Outcome", "Number"]] + outcome_rows(f, "long"))
    data = W.xlsx_bytes({"Response": sheet})
    W.write_eml(os.path.join(d, f"FOI-{f.ref_dash}.eml"),
                "Freedom of Information Unit <foi@gwent.police.example>", "press@digitalsafetylaw.example",
                f"FOI {f.ref} - Snapchat related offences - response",
                "Wed, 16 Jul 2025 09:42:00 +0100",
                "Dear requester,\n\nThank you for your request for information regarding offences linked to Snapchat, "
                "which has now been considered.\n\nPlease find our response to each of your questions in the attached "
                "spreadsheet.\n\nYours sincerely,\nFreedom of Information Unit\nGwent Police\n",
                [(f"FOI-{f.ref_dash}.xlsx", W.XLSX_MIME, data)])


def spread(seed, items):
    """A fixed shuffle of a list (the order crimes of different types were recorded in)."""
    return [x for _, x in sorted(((zlib.crc32(f"{seed}|{i}".encode()), x) for i, x in enumerate(items)))]


def met_rowlevel(f, d):
    rows = [["Crime Reference", "Date Recorded", "HO Code", "Offence", "Outcome"]]
    crimes = []
    # a few crimes either side of the request's three years, as the force's extract ran 1 April 2022 - 30 April 2025
    crimes += [(datetime.datetime(2022, 4, 2), "8R", "16"), (datetime.datetime(2022, 4, 5), "8L", "18"),
               (datetime.datetime(2025, 4, 9), "88A", "0"), (datetime.datetime(2025, 4, 22), "8R", "0")]
    f.rowlevel = {}
    for i, p in enumerate(YEARS):
        n = f.years[p]
        start = datetime.datetime(2022 + i, 4, 6)
        offs = W.allocate(n, [(c, w * W.jitter(f.slug + p, c)) for c, w in OFFENCE_WEIGHTS])
        if p == LAST:
            offs = [(c, dict(f.offences).get(c, 0)) for c, _ in OFFENCE_WEIGHTS]
            outs = [(c, dict(f.outcomes).get(c, 0)) for c, _ in OUTCOME_WEIGHTS]
        else:
            # older crimes: fewer left open
            w = [(c, (2 if c == "0" else wt) * W.jitter(f.slug + p, c)) for c, wt in OUTCOME_WEIGHTS]
            outs = W.allocate(n, w)
        off_list = spread(f.slug + p + "o", [c for c, v in offs for _ in range(v)])
        out_list = spread(f.slug + p + "u", [c for c, v in outs for _ in range(v)])
        days = 366 if p == "2023/24" else 365
        for j in range(n):
            crimes.append((start + datetime.timedelta(days=(j * days) // n), off_list[j], out_list[j]))
        f.rowlevel[p] = (offs, outs)
    crimes.sort(key=lambda c: c[0])
    for k, (date, off, out) in enumerate(crimes):
        ref = f"{4100000 + k * 7 + (k % 5)}/{str(date.year)[2:]}"
        outcome = "" if out == "0" else outcome_label(out, "long")
        rows.append([ref, date, off, OFFENCE[off][4] if off != "88A" else "Sexual grooming", outcome or None])
    notes = [["Notes"],
             ["Data extracted from the Crime Record Information System for crimes whose crime notes mention Snapchat."],
             ["Extract covers crimes recorded 01/04/2022 to 30/04/2025."],
             ["Outcome is the outcome recorded at the date of extraction; a blank outcome means the investigation is ongoing."],
             [f"FOI reference {f.ref}"]]
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {"Data": rows, "Notes": notes},
                 widths={"Data": {"A": 14, "B": 14, "C": 9, "D": 48, "E": 90}})


def city_suppressed(f, d):
    rows = (letterhead(f) + [[Q1], ["Period", "Offences"]] + year_rows(f, "slash") + [[KEYWORD_NOTE], [], []]
            + [[Q2], ["Offence Description", "Count"]] + offence_rows(f, "coded") + [[]]
            + [[Q3], ["Outcome", "Number"]] + outcome_rows(f, "long")
            + [["* and <5: figures of less than 5 have been suppressed to prevent identification of individuals."]])
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {f"FOI {f.ref_dash}": rows})


def gmp_long(f, d):
    rows = [["Financial Year", "Measure", "Category", "Count"]]
    for p in YEARS:
        rows.append([year_label(p, "dash"), "All Snapchat-linked crimes", "All", f.years[p]])
    for c, v in f.offences:
        rows.append([year_label(LAST, "dash"), "Offence type", offence_label(c, "name"), v])
    for c, v in f.outcomes:
        rows.append([year_label(LAST, "dash"), "Outcome", outcome_label(c, "long"), v])
    W.write_csv(os.path.join(d, f"FOI-{f.ref_dash}.csv"), rows, bom=True)


PLATFORMS = ["Facebook", "Instagram", "Snapchat", "TikTok", "WhatsApp"]


def cheshire_platforms(f, d):
    # the other platforms' figures, set aside by the reader: a steady trend, and 2024/25 split by offence so
    # that each platform's column adds up to its own count
    others = {pl: [round(f.years[LAST] * W.jitter(f.slug, pl, 0.3, 1.6) * k) for k in (0.72, 0.86, 1.0)]
              for pl in PLATFORMS if pl != "Snapchat"}
    q1 = [["Offences where the social media platform was recorded"], ["Financial Year"] + PLATFORMS]
    for i, p in enumerate(YEARS):
        q1.append([p] + [f.years[p] if pl == "Snapchat" else others[pl][i] for pl in PLATFORMS])
    codes = [c for c, _ in f.offences]
    split = {pl: dict(W.allocate(others[pl][2], [(c, w * W.jitter(pl, c)) for c, w in OFFENCE_WEIGHTS if c in codes]))
             for pl in ("Instagram", "WhatsApp")}
    off = [["Offences recorded in 2024/25, by platform"], ["Offence", "Instagram", "Snapchat", "WhatsApp"]]
    for c, v in f.offences:
        off.append([offence_label(c, "name"), split["Instagram"][c], v, split["WhatsApp"][c]])
    off.append(["Total", others["Instagram"][2], f.years[LAST], others["WhatsApp"][2]])
    out = [[], ["Police action taken, Snapchat offences 2024/25"], ["Outcome", "Snapchat"]] + outcome_rows(f, "long")
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {"Social media": q1, "Snapchat 2024-25": off + out})


def durham_partial(f, d):
    W.write_docx(os.path.join(d, f"FOI-{f.ref_dash}.docx"), [
        ("p", f.name),
        ("p", f"Freedom of Information Request Reference No: {f.ref}"),
        ("p", "Date of response: 18/07/2025"),
        ("p", Q1),
        ("table", [["Financial Year", "Offences"]] + year_rows(f, "slash")),
        ("p", KEYWORD_NOTE),
        ("p", "Questions 2 and 3: Section 12(1) of the Freedom of Information Act 2000 applies. To establish the "
              "nature of each offence and the police action taken, every crime record would have to be read, which "
              "would exceed the appropriate cost limit of 18 hours. This part of the letter is a refusal notice under "
              "Section 17."),
        ("p", "Yours sincerely, Freedom of Information Unit"),
    ])


def lancashire_refusal(f, d):
    W.write_docx(os.path.join(d, f"FOI-{f.ref_dash}.docx"), [
        ("p", f.name),
        ("p", "Freedom of Information Act 2000 - response to your request about Snapchat related offences"),
        ("p", f"Freedom of Information Request Reference No: {f.ref}"),
        ("p", "Section 12(1) of the Freedom of Information Act 2000 applies: our crime recording system has no field "
              "for the social media platform used, so every record would have to be read to locate the information. "
              "This would exceed the appropriate cost limit of 18 hours. This letter is a refusal notice under "
              "Section 17."),
        ("p", "You may wish to narrow your request, for example to a shorter period."),
        ("p", "Yours sincerely, Freedom of Information Unit"),
    ])


def north_wales_not_held(f, d):
    W.write_eml(os.path.join(d, f"FOI-{f.ref_dash}.eml"),
                "Freedom of Information Unit <foi@north-wales.police.example>", "press@digitalsafetylaw.example",
                f"FOI {f.ref} - Snapchat related offences", "Mon, 21 Jul 2025 11:05:00 +0100",
                "Dear requester,\n\nFollowing searches of our systems, I can confirm that the information you "
                "requested is not held. North Wales Police does not record the social media platform involved in an "
                "offence in a searchable field.\n\nYours sincerely,\nFreedom of Information Unit\nNorth Wales Police\n")


FORCES = [
    (Force("kent", "Kent Police", "1342/25", "sheets", [142, 188, 231]), kent_sheets),
    (Force("staffordshire", "Staffordshire Police", "0871/25", "stacked_letterhead", [64, 81, 97]), staffordshire_stacked),
    (Force("hertfordshire", "Hertfordshire Constabulary", "2210/25", "csv_set_1252", [58, 73, 88]), hertfordshire_csvs),
    (Force("west-midlands", "West Midlands Police", "0614/25", "ods_years_across", [176, 214, 262]), west_midlands_ods),
    (Force("cumbria", "Cumbria Constabulary", "0455/25", "xls", [21, 34, 39]), cumbria_xls),
    (Force("dorset", "Dorset Police", "1620/25", "html_groups", [33, 41, 52]), dorset_html),
    (Force("suffolk", "Suffolk Constabulary", "0391/25", "docx", [37, 45, 61]), suffolk_docx),
    (Force("gwent", "Gwent Police", "0207/25", "eml_xlsx_attachment", [29, 38, 47]), gwent_eml),
    (Force("metropolitan", "Metropolitan Police Service", "3127/25", "rowlevel", [318, 377, 419]), met_rowlevel),
    (Force("city-of-london", "City of London Police", "0093/25", "suppressed", [3, 6, 9],
           suppressed=[("year", "2022/23"), ("offence", "8L"), ("offence", "88A"), ("offence", "86"),
                       ("outcome", "16"), ("outcome", "0")]), city_suppressed),
    (Force("greater-manchester", "Greater Manchester Police", "2954/25", "csv_long", [204, 251, 297]), gmp_long),
    (Force("cheshire", "Cheshire Constabulary", "0188/25", "platforms", [71, 85, 104]), cheshire_platforms),
    (Force("durham", "Durham Constabulary", "1177/25", "partial_docx", [44, 52, 68], status="partial",
           exemption="s12", breakdowns=False), durham_partial),
    (Force("lancashire", "Lancashire Constabulary", "2766/25", "refusal_docx", None, status="refused",
           exemption="s12"), lancashire_refusal),
    (Force("north-wales", "North Wales Police", "0522/25", "not_held_eml", None, status="not_held"),
     north_wales_not_held),
]


def city_values(f):
    """City of London's small numbers: a fixed split of 9 offences and 9 outcomes, some withheld."""
    f.offences = [("8R", 5), ("8L", 2), ("88A", 1), ("86", 1)]
    f.outcomes = [("18", 5), ("16", 2), ("0", 2)]


# --- expected.json ----------------------------------------------------------------------------------------
def expected_for(f):
    obs = []

    def v(kind, key, value):
        return "suppressed" if (kind, key) in f.suppressed else value

    for p in YEARS if f.years else []:
        obs.append({"measure": M_YEAR, "period": p, "value": v("year", p, f.years[p])})
    if f.layout == "html_groups":
        _, agg = subgroup_rows(f)
        for (g, s), n in agg.items():
            obs.append({"measure": M_TYPE, "period": LAST, "value": n, "breakdown": "offence",
                        "category_group": g, "category_subgroup": s})
        for g, n in group_outcomes(f).items():
            obs.append({"measure": M_OUTCOME, "period": LAST, "value": n, "breakdown": "outcome", "category_group": g})
        return obs
    for c, n in f.offences:
        g, s = OFFENCE[c][:2]
        obs.append({"measure": M_TYPE, "period": LAST, "value": v("offence", c, n), "breakdown": "offence",
                    "category_code": c, "category_group": g, "category_subgroup": s})
    for c, n in f.outcomes:
        row = {"measure": M_OUTCOME, "period": LAST, "value": v("outcome", c, n), "breakdown": "outcome"}
        if c == "0" and f.layout in ("rowlevel", "stacked_letterhead"):
            # a blank outcome in a crime list, or "Under investigation": the group, not a code
            row["category_group"] = OUTCOME[c][1]
        else:
            row.update({"category_code": c, "category_group": OUTCOME[c][1]})
        obs.append(row)
    return obs


CAMPAIGN_TOML = '''# The campaign file: what was asked, of whom, and how the answers are to be read.
# Written by scripts/campaigns/make_snapchat_2025.py (edit the script, not this file).

slug = "snapchat-2025"
title = "Offences linked to Snapchat"
# Only this platform's figures are kept when a force answers for several platforms in one table.
platform = "Snapchat"
# The request as sent to every force (a file beside this one).
request_file = "request.txt"
requester = "Digital Safety Law"
sent = "2025-05-01"

# How the request defines a year: 6 April to 5 April (the UK tax year).
[periods]
basis = "fy_apr6"
labels = ["2022/23", "2023/24", "2024/25"]

[[questions]]
id = "1"
text = "In the last 3 years, how many offences/alleged offences has the force logged where Snapchat was recorded as being an element in the offence? [Between April 6 - April 5 2022/23, 2023/24, 2024/25]"
measure = "crimes_by_year"
kind = "count"
periods = ["2022/23", "2023/24", "2024/25"]

[[questions]]
id = "2"
text = "What were the nature of offences for 2024/25 only?"
measure = "crimes_by_type"
kind = "breakdown"
vocabulary = "offence"
periods = ["2024/25"]

[[questions]]
id = "3"
text = "What police action was taken for offences in 2024/25?"
measure = "crime_outcomes"
kind = "breakdown"
vocabulary = "outcome"
periods = ["2024/25"]

# Text for the press releases. Every figure is written by the report from the store.
[release]
organisation = "Digital Safety Law"
subject = "crimes linked to Snapchat"
contact = "Digital Safety Law press office, press@digitalsafetylaw.example"
methodology = [
  "Forces answered by searching their crime records for offences where Snapchat was recorded, in most cases by a keyword search of the crime notes. These searches are not official statistics: forces record and search differently, so comparisons between forces need care, and the figures cannot be compared with Home Office recorded crime.",
]

[[release.quotes]]
speaker = "Priya Raman"
role = "Partner, Digital Safety Law"
text = "Snapchat's disappearing messages are no barrier to the police, but these figures show how often offences linked to the app end without anyone being charged. Victims need to know that screenshots and reports made at the time can make the difference."

[[release.quotes]]
speaker = "Priya Raman"
role = "Partner, Digital Safety Law"
text = "Many of the offences are committed against children. Parents should talk to their children about who they add on Snapchat, and anyone targeted should report it to the police and to the platform as soon as they can."

[release.notes_to_editors]
items = [
  "Figures were obtained by Digital Safety Law through Freedom of Information requests sent on 1 May 2025 to all 43 territorial police forces in England and Wales and British Transport Police.",
  "Forces were asked for offences where Snapchat was recorded as an element, for the years 6 April to 5 April 2022/23, 2023/24 and 2024/25, the nature of the offences in 2024/25 and the police action taken.",
  "Outcomes follow the Home Office crime outcomes framework. Outcomes for recent offences are provisional and change as investigations conclude.",
  "Digital Safety Law is a firm of solicitors specialising in online harms, image-based abuse and harassment.",
]
'''

REQUEST = """Freedom of Information request sent on 1 May 2025 to every police force in England and Wales (43 territorial
forces and British Transport Police).

1. In the last 3 years, how many offences/alleged offences has the force logged where Snapchat was recorded as
   being an element in the offence? [Between April 6 - April 5 2022/23, 2023/24, 2024/25]
2. What were the nature of offences for 2024/25 only?
3. What police action was taken for offences in 2024/25?
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(ROOT, "data-raw", SLUG))
    out = os.path.abspath(ap.parse_args().out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    with open(os.path.join(out, "campaign.toml"), "w", newline="\n") as fh:
        fh.write(CAMPAIGN_TOML)
    with open(os.path.join(out, "request.txt"), "w", newline="\n") as fh:
        fh.write(REQUEST)
    expected = {"campaign": SLUG, "forces": {}}
    for f, write in FORCES:
        if f.slug == "city-of-london":
            city_values(f)
        d = os.path.join(out, f.slug)
        os.makedirs(d)
        write(f, d)
        e = {"status": f.status, "period_basis": "fy_apr6", "layout": f.layout}
        if f.exemption:
            e["exemption"] = f.exemption
        e["observations"] = expected_for(f)
        expected["forces"][f.slug] = e
    for f, _ in FORCES:  # the breakdowns add up to the year's count (the generator's own check)
        n = f.years.get(LAST)
        for kind, rows in (("offences", f.offences), ("outcomes", f.outcomes)):
            if rows:
                assert sum(v for _, v in rows) == n, (f.slug, kind)
    with open(os.path.join(out, "expected.json"), "w", newline="\n") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    print(f"wrote {out}: {len(FORCES)} forces")


if __name__ == "__main__":
    main()
