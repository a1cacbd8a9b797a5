#!/usr/bin/env python3
"""Writes data-raw/knife-crime-2025/: offences involving a knife or sharp instrument by calendar year 2022-2024,
by the age group of the suspect (a vocabulary the campaign brings: vocabularies/suspect_age.toml + .csv) and, for
2024, by outcome. Ten forces in ten layouts, and expected.json (every value the answers hold, written from the
numbers below: this script is the source of truth).

Run from anywhere: python3 scripts/campaigns/make_knife_crime_2025.py [--out DIR]
The output is deterministic: rerunning gives the same bytes.
"""
import argparse
import csv
import datetime
import io
import json
import os
import shutil
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import foi_writers as W  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SLUG = "knife-crime-2025"
YEARS = ["2022", "2023", "2024"]
LAST = "2024"
M_YEAR, M_AGE, M_OUTCOME = "knife_offences_by_year", "knife_offences_by_suspect_age", "knife_offences_by_outcome"

# --- the campaign's vocabulary of suspects' ages ----------------------------------------------------------
AGE = {
    # code: (description, group key, group label, aliases)
    "U18": ("Under 18", "under_18", "Under 18", ["U18", "Under 18s", "Under 18 years", "0-17", "10-17", "Juvenile",
                                                 "Juveniles", "Aged under 18", "17 and under"]),
    "18-24": ("18 to 24", "18_to_24", "18 to 24", ["18-24", "18 - 24", "18-24 years", "18 to 24 years", "Aged 18-24"]),
    "25+": ("25 and over", "25_and_over", "25 and over", ["25+", "25 plus", "Over 25", "25 and older", "Adult 25+",
                                                          "Aged 25 and over", "25 years and over"]),
    "NR": ("Not recorded", "not_recorded", "Not recorded", ["NR", "Unknown", "Age unknown", "Age not known",
                                                            "Not known", "No suspect", "No suspect identified",
                                                            "Age not recorded"]),
}
AGE_ORDER = ["U18", "18-24", "25+", "NR"]
AGE_STYLES = {
    "plain": {"U18": "Under 18", "18-24": "18-24", "25+": "25 and over", "NR": "Not recorded"},
    "alt1": {"U18": "0-17", "18-24": "18 to 24", "25+": "25+", "NR": "Unknown"},
    "alt2": {"U18": "10-17", "18-24": "18-24 years", "25+": "Over 25", "NR": "Age not known"},
    "alt3": {"U18": "Under 18s", "18-24": "18 - 24", "25+": "Adult 25+", "NR": "No suspect"},
    "alt4": {"U18": "Juvenile", "18-24": "18-24", "25+": "25+", "NR": "No suspect identified"},
}

SUSPECT_AGE_TOML = '''# The age group of the suspect of an offence: the knife-crime campaign's own vocabulary (entries in
# suspect_age.csv). Written by scripts/campaigns/make_knife_crime_2025.py (edit the script, not this file).
name = "suspect_age"
title = "Age group of the suspect"
noun = "age group"
plural = "age groups"
entries = "suspect_age.csv"
# Headings that name the suspect's age in a force's table.
headings = ["age", "age group", "age band", "age of suspect", "suspect age"]
# Codes are never written alone in a force's answer as a prefix ("18-24" is the band's own words, not a code 18
# followed by more words): the bands are matched by their descriptions and aliases.
bare_codes = false
# The release names the single age group recorded most often.
most_often = "group"
most_often_count = 1
provisional = false
# In a list of crimes, a blank age is a suspect whose age was not recorded (or no suspect).
blank = "not_recorded"
methodology = "The age group is that of the suspect recorded against each offence; where no suspect was identified, or the age was not recorded, the offence is counted as not recorded."

# How the release words a breakdown by the suspect's age.
[release]
asked_for = "the age of the suspects"
gave = "said how old the suspects were"
missing = "how old the suspects were"
table_title = "Offences recorded in {period}, by age of the suspect"
column = "Age of suspect"
table_note = "Age of the suspect when the offence was recorded. Offences with no suspect identified are counted as not recorded."
# Four bands are short enough to print whole; the highlights still give their sentences.
table = "ranked"

[[highlight]]
id = "under_18"
label = "Suspect aged under 18"
row = "Suspect aged under 18"
codes = ["U18"]
groups = ["under_18"]
sentence = "{n} of the offences recorded in {period} had a suspect aged under 18."
zero = "None of the offences recorded in {period} had a suspect aged under 18."

[[highlight]]
id = "not_recorded"
label = "No suspect or age not recorded"
row = "No suspect, or age not recorded"
codes = ["NR"]
groups = ["not_recorded"]
sentence = "In {n} {cases} no suspect had been identified or the suspect's age was not recorded."
paragraph = 2
'''

# --- outcomes (crates/foi-model/vocabularies/outcome.csv) --------------------------------------------------
OUTCOME = {
    "0": ("Not yet assigned an outcome", "not_yet_assigned"),
    "1": ("Charged/Summonsed", "charged_summonsed"),
    "2": ("Caution - youths", "out_of_court_formal"),
    "3": ("Caution - adults", "out_of_court_formal"),
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
    "out_of_court_formal": "Caution",
    "out_of_court_informal": "Community resolution",
    "evidential_difficulties_victim_does_not_support": "Evidential difficulties - victim does not support action",
    "evidential_difficulties_victim_supports": "Evidential difficulties - victim supports action",
    "no_suspect_identified": "Investigation complete - no suspect identified",
    "transferred_to_another_body": "Transferred to another agency",
    "not_in_public_interest_police": "Not in public interest (police decision)",
    "diversionary_activity": "Diversionary/educational activity",
}
OUTCOME_WEIGHTS = [("1", 27), ("0", 18), ("18", 16), ("16", 11), ("15", 9), ("14", 4), ("8", 4), ("3", 3),
                   ("21", 3), ("20", 2), ("22", 2), ("2", 1)]


def outcome_label(code, style):
    desc = OUTCOME[code][0]
    return {"long": f"Outcome {code} - {desc}", "num": f"{code}: {desc}", "desc": desc}[style]


def age_weights(year):
    # a slowly rising share of under-18 suspects
    return [("U18", {"2022": 17, "2023": 18.5, "2024": 20}[year]), ("18-24", 25), ("25+", 41), ("NR", 17)]


class Force:
    def __init__(self, slug, name, ref, layout, years, age_style="plain", outcome_style="long", status="disclosed",
                 exemption=None, ages=True, outcomes=True):
        self.slug, self.name, self.ref, self.layout = slug, name, ref, layout
        self.years = dict(zip(YEARS, years)) if years else {}
        self.age_style, self.outcome_style = age_style, outcome_style
        self.status, self.exemption = status, exemption
        self.ages, self.outcomes = {}, []
        if years and ages:
            for p in YEARS:
                self.ages[p] = W.allocate(self.years[p], [(c, w * W.jitter(slug + p, c, 0.8, 1.2))
                                                          for c, w in age_weights(p)])
        if years and outcomes:
            self.outcomes = [(c, v) for c, v in W.allocate(
                self.years[LAST], [(c, w * W.jitter(slug + "/o", c)) for c, w in OUTCOME_WEIGHTS]) if v > 0]

    @property
    def ref_dash(self):
        return self.ref.replace("/", "-")

    def age_label(self, code):
        return AGE_STYLES[self.age_style][code]


Q1 = ("1. Please provide the number of offences involving a knife or sharp instrument recorded by the force in each "
      "of the calendar years 2022, 2023 and 2024.")
Q2 = ("2. For each of those years, please break the number down by the age group of the suspect (under 18, 18 to "
      "24, 25 and over, and where the age was not recorded).")
Q3 = "3. For the offences recorded in 2024, please provide the outcome recorded for each offence."
NOTE = ("Please note: offences involving a knife or sharp instrument are identified by the knife/sharp instrument "
        "flag on the crime record. Where an offence has more than one suspect, the age of the first recorded suspect "
        "is used.")


def letterhead(f, date):
    return [[f.name], [f"Freedom of Information Request Reference No: {f.ref}"], [f"Date of response: {date}"], []]


def year_rows(f, label=lambda p: p, total="Total"):
    rows = [[label(p), f.years[p]] for p in YEARS]
    if total:
        rows.append([total, sum(f.years.values())])
    return rows


def ages_across(f, corner, year_head=int, total=True):
    """Age bands down, years across: corner | 2022 | 2023 | 2024 (| Total)."""
    head = [corner] + [year_head(p) for p in YEARS] + (["Total"] if total else [])
    rows = [head]
    for c in AGE_ORDER:
        vals = [dict(f.ages[p])[c] for p in YEARS]
        rows.append([f.age_label(c)] + vals + ([sum(vals)] if total else []))
    if total:
        rows.append(["Total"] + [f.years[p] for p in YEARS] + [sum(f.years.values())])
    return rows


def ages_down(f, corner="Year", total=True):
    """Years down, age bands across: Year | Under 18 | 18-24 | … (| Total)."""
    rows = [[corner] + [f.age_label(c) for c in AGE_ORDER] + (["Total"] if total else [])]
    for p in YEARS:
        vals = [dict(f.ages[p])[c] for c in AGE_ORDER]
        rows.append([int(p)] + vals + ([sum(vals)] if total else []))
    return rows


def outcome_rows(f, style, total="Total"):
    rows = [[outcome_label(c, style), v] for c, v in f.outcomes]
    if total:
        rows.append([total, sum(v for _, v in f.outcomes)])
    return rows


def group_outcomes(f):
    agg = {}
    for c, v in f.outcomes:
        g = OUTCOME[c][1]
        agg[g] = agg.get(g, 0) + v
    return agg


# --- one writer per layout --------------------------------------------------------------------------------
def west_yorkshire_sheets(f, d):
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {
        "Q1": [["Year", "Knife crime offences"]] + year_rows(f, int),
        "Q2": ages_across(f, "Age group"),
        "Q3": [["Outcome", int(LAST)]] + outcome_rows(f, "long"),
    })


def lancashire_stacked(f, d):
    rows = (letterhead(f, "24/04/2025") + [[Q1], ["Year", "Offences"]] + year_rows(f, int) + [[NOTE], []]
            + [[Q2]] + ages_down(f) + [[]]
            + [[Q3], ["Outcome", "Offences"]] + outcome_rows(f, "num"))
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {f"FOI {f.ref_dash}": rows})


def merseyside_long(f, d):
    rows = [["Year", "Measure", "Category", "Count"]]
    for p in YEARS:
        rows.append([p, "Knife or sharp instrument offences", "All", f.years[p]])
    for p in YEARS:
        for c, v in f.ages[p]:
            rows.append([p, "Suspect age group", f.age_label(c), v])
    for c, v in f.outcomes:
        rows.append([LAST, "Outcome", outcome_label(c, "long"), v])
    W.write_csv(os.path.join(d, f"FOI-{f.ref_dash}.csv"), rows, bom=True)


def hampshire_html(f, d):
    out = [["Outcome", "Offences"]] + [[OUTCOME_GROUP_LABEL[g], v] for g, v in group_outcomes(f).items()]
    out.append(["Total", f.years[LAST]])
    W.write_html(os.path.join(d, f"FOI-{f.ref_dash}.html"), "Knife crime and age of suspects",
                 "Hampshire and Isle of Wight Constabulary", [
                     ("h1", "Knife crime and age of suspects"),
                     ("p", f"Freedom of Information Request Reference No: {f.ref}"),
                     ("p", "Date of response: 28/03/2025"),
                     ("p", Q1),
                     ("table", [["Year", "Offences"]] + year_rows(f)),
                     ("p", NOTE),
                     ("p", Q2),
                     ("table", ages_across(f, "Age of suspect", year_head=str)),
                     ("p", Q3),
                     ("table", out),
                 ])


def south_wales_docx(f, d):
    W.write_docx(os.path.join(d, f"FOI-{f.ref_dash}.docx"), [
        ("p", f.name),
        ("p", "Freedom of Information Act 2000 - response to your request"),
        ("p", f"Freedom of Information Request Reference No: {f.ref}"),
        ("p", "Date of response: 02/04/2025"),
        ("p", "Thank you for your request. I can confirm that the information is held and is provided below."),
        ("p", Q1),
        ("table", [["Calendar year", "Offences"]] + year_rows(f)),
        ("p", NOTE),
        ("p", Q2),
        ("table", ages_across(f, "Suspect age group", year_head=lambda p: f"Calendar year {p}", total=False)),
        ("p", Q3),
        ("table", [["Outcome", "Offences"]] + outcome_rows(f, "desc")),
        ("p", "Yours sincerely, Freedom of Information Unit"),
    ])


def thames_valley_ods(f, d):
    total = sum(f.years.values())
    W.write_ods(os.path.join(d, f"FOI-{f.ref_dash}.ods"), {
        "Knife crime": [["Offences involving a knife or sharp instrument, Thames Valley Police"], [],
                        ["Measure"] + [int(p) for p in YEARS] + ["Total"],
                        ["Offences recorded"] + [f.years[p] for p in YEARS] + [total], [],
                        ["Suspect age group"],
                        ] + ages_across(f, "Offences by age of suspect"),
        "Outcomes 2024": [["Outcome", "Offences"]] + outcome_rows(f, "long"),
    })


def spread(seed, items):
    return [x for _, x in sorted(((zlib.crc32(f"{seed}|{i}".encode()), x) for i, x in enumerate(items)))]


def sussex_rowlevel(f, d):
    offences = [("Possession of article with blade or point", 34), ("Assault with injury", 22),
                ("Robbery of personal property", 14), ("Threats to kill", 8), ("Wounding with intent to do GBH", 9),
                ("Assault occasioning actual bodily harm", 7), ("Threatening with a blade or sharp pointed article", 6)]
    crimes = [(datetime.datetime(2021, 12, 29), "Possession of article with blade or point", "25+", "1"),
              (datetime.datetime(2021, 12, 31), "Robbery of personal property", "NR", "18"),
              (datetime.datetime(2025, 1, 2), "Assault with injury", "18-24", "0")]
    for i, p in enumerate(YEARS):
        n = f.years[p]
        y = int(p)
        offs = W.allocate(n, [(o, w * W.jitter(f.slug + p, o)) for o, w in offences])
        ages = f.ages[p]
        if p == LAST:
            outs = f.outcomes
        else:
            outs = W.allocate(n, [(c, (3 if c == "0" else w) * W.jitter(f.slug + p, c)) for c, w in OUTCOME_WEIGHTS])
        off_list = spread(f.slug + p + "o", [c for c, v in offs for _ in range(v)])
        age_list = spread(f.slug + p + "a", [c for c, v in ages for _ in range(v)])
        out_list = spread(f.slug + p + "u", [c for c, v in outs for _ in range(v)])
        days = 366 if y % 4 == 0 else 365
        for j in range(n):
            crimes.append((datetime.datetime(y, 1, 1) + datetime.timedelta(days=(j * days) // n),
                           off_list[j], age_list[j], out_list[j]))
    crimes.sort(key=lambda c: c[0])
    rows = [["Occurrence Number", "Date Recorded", "Offence", "Suspect Age Band", "Outcome"]]
    band = {"U18": "Under 18", "18-24": "18-24", "25+": "25+", "NR": None}
    for k, (date, off, age, out) in enumerate(crimes):
        rows.append([f"47{date.year % 100:02d}{k:06d}", date, off, band[age],
                     None if out == "0" else outcome_label(out, "long")])
    notes = [["Notes"],
             ["Offences flagged as involving a knife or sharp instrument, recorded 29/12/2021 to 02/01/2025."],
             ["Suspect Age Band is blank where no suspect has been identified or the age was not recorded."],
             ["Outcome is blank where the investigation is ongoing."],
             [f"FOI reference {f.ref}"]]
    W.write_xlsx(os.path.join(d, f"FOI-{f.ref_dash}.xlsx"), {"Crimes": rows, "Notes": notes},
                 widths={"Crimes": {"A": 18, "B": 14, "C": 48, "D": 18, "E": 90}})


def cleveland_xls(f, d):
    label = lambda p: f"1 Jan {p} - 31 Dec {p}"  # noqa: E731
    rows = (letterhead(f, "09/04/2025") + [[Q1], ["Period", "Offences"]] + year_rows(f, label, total="TOTAL")
            + [[NOTE], []] + [[Q2]] + ages_across(f, "Age Band") + [[]]
            + [[Q3], ["Outcome", "Number"]] + outcome_rows(f, "long", total="TOTAL"))
    W.write_xls(os.path.join(d, f"FOI-{f.ref_dash}.xls"), {"Response": rows})


def kent_partial(f, d):
    rows = ([["Knife or sharp instrument offences recorded by Kent Police"], ["Year", "Offences"]] + year_rows(f)
            + [[], ["Outcomes of offences recorded in 2024"], ["Outcome", "Offences"]] + outcome_rows(f, "desc"))
    s = io.StringIO()
    w = csv.writer(s, lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    buf = s.getvalue().encode("utf-8")
    W.write_eml(os.path.join(d, f"FOI-{f.ref_dash}.eml"),
                "Information Rights Unit <foi@kent.police.example>", "research@saferstreetstrust.example",
                f"FOI {f.ref} - Knife crime offences - response", "Thu, 27 Mar 2025 14:20:00 +0000",
                "Dear requester,\n\nThank you for your request about knife crime offences.\n\nQuestions 1 and 3 are "
                "answered in the attached file.\n\nQuestion 2: Section 12(1) of the Freedom of Information Act 2000 "
                "applies. The age of the suspect is not held in a field that can be searched for these offences, and "
                "each of the 3,500 crime records would have to be read to extract it, which would exceed the "
                "appropriate cost limit of 18 hours. This part of our response is a refusal notice under Section "
                "17.\n\nYours sincerely,\nInformation Rights Unit\nKent Police\n",
                [(f"FOI-{f.ref_dash}.csv", W.CSV_MIME, buf)])


def northumbria_refusal(f, d):
    W.write_eml(os.path.join(d, f"FOI-{f.ref_dash}.eml"),
                "Freedom of Information <foi@northumbria.police.example>", "research@saferstreetstrust.example",
                f"FOI {f.ref} - knife crime - refusal", "Mon, 31 Mar 2025 10:02:00 +0100",
                "Dear requester,\n\nSection 12(1) of the Freedom of Information Act 2000 applies: to establish the "
                "age of each suspect and the outcome of each offence, every record would have to be reviewed by "
                "hand, which would exceed the appropriate cost limit of 18 hours. This letter is a refusal notice "
                "under Section 17.\n\nYou may wish to submit a narrower request, for example for the number of "
                "offences only.\n\nYours sincerely,\nFreedom of Information\nNorthumbria Police\n")


FORCES = [
    (Force("west-yorkshire", "West Yorkshire Police", "0412/25", "sheets_ages_across", [2310, 2187, 2054]),
     west_yorkshire_sheets),
    (Force("lancashire", "Lancashire Constabulary", "1189/25", "stacked_ages_years_down", [1012, 964, 1031],
           age_style="alt3", outcome_style="num"), lancashire_stacked),
    (Force("merseyside", "Merseyside Police", "0733/25", "csv_long", [1268, 1195, 1122], age_style="alt1"),
     merseyside_long),
    (Force("hampshire", "Hampshire and Isle of Wight Constabulary", "0920/25", "html_ages_across_outcome_groups",
           [1103, 1147, 1089], age_style="alt2"), hampshire_html),
    (Force("south-wales", "South Wales Police", "0348/25", "docx_ages_across", [842, 871, 803], age_style="alt4",
           outcome_style="desc"), south_wales_docx),
    (Force("thames-valley", "Thames Valley Police", "1502/25", "ods_years_across", [996, 1043, 978]),
     thames_valley_ods),
    (Force("sussex", "Sussex Police", "0687/25", "rowlevel", [688, 702, 741]), sussex_rowlevel),
    (Force("cleveland", "Cleveland Police", "0261/25", "xls_date_ranges", [547, 589, 562], age_style="alt1"),
     cleveland_xls),
    (Force("kent", "Kent Police", "0577/25", "partial_eml_csv", [1187, 1224, 1150], status="partial",
           exemption="s12", ages=False, outcome_style="desc"), kent_partial),
    (Force("northumbria", "Northumbria Police", "0190/25", "refusal_eml", None, status="refused", exemption="s12"),
     northumbria_refusal),
]


def expected_for(f):
    obs = [{"measure": M_YEAR, "period": p, "value": f.years[p]} for p in YEARS] if f.years else []
    for p in YEARS if f.ages else []:
        for c, v in f.ages[p]:
            row = {"measure": M_AGE, "period": p, "value": v, "breakdown": "suspect_age"}
            if c == "NR" and f.layout == "rowlevel":
                row["category_group"] = AGE[c][1]  # a blank age in a crime list: the vocabulary's blank group
            else:
                row.update({"category_code": c, "category_group": AGE[c][1]})
            obs.append(row)
    if f.layout.startswith("html"):
        for g, v in group_outcomes(f).items():
            obs.append({"measure": M_OUTCOME, "period": LAST, "value": v, "breakdown": "outcome", "category_group": g})
    else:
        for c, v in f.outcomes:
            row = {"measure": M_OUTCOME, "period": LAST, "value": v, "breakdown": "outcome"}
            if c == "0" and f.layout == "rowlevel":
                row["category_group"] = OUTCOME[c][1]
            else:
                row.update({"category_code": c, "category_group": OUTCOME[c][1]})
            obs.append(row)
    return obs


CAMPAIGN_TOML = '''# The campaign file: what was asked, of whom, and how the answers are to be read.
# Written by scripts/campaigns/make_knife_crime_2025.py (edit the script, not this file).

slug = "knife-crime-2025"
title = "Knife crime and the age of suspects"
# The request as sent to every force (a file beside this one).
request_file = "request.txt"
requester = "Safer Streets Trust"
sent = "2025-03-01"

# How the request defines a year: calendar years, 1 January to 31 December.
[periods]
basis = "calendar"
labels = ["2022", "2023", "2024"]

[[questions]]
id = "1"
text = "Please provide the number of offences involving a knife or sharp instrument recorded by the force in each of the calendar years 2022, 2023 and 2024."
measure = "knife_offences_by_year"
kind = "count"
periods = ["2022", "2023", "2024"]

[[questions]]
id = "2"
text = "For each of those years, please break the number down by the age group of the suspect (under 18, 18 to 24, 25 and over, and where the age was not recorded)."
measure = "knife_offences_by_suspect_age"
kind = "breakdown"
vocabulary = "suspect_age"
periods = ["2022", "2023", "2024"]

[[questions]]
id = "3"
text = "For the offences recorded in 2024, please provide the outcome recorded for each offence."
measure = "knife_offences_by_outcome"
kind = "breakdown"
vocabulary = "outcome"
periods = ["2024"]

# Text for the press releases. Every figure is written by the report from the store.
[release]
organisation = "Safer Streets Trust"
subject = "knife crime offences"
contact = "Safer Streets Trust media team, media@saferstreetstrust.example"
methodology = [
  "Forces counted the offences their crime records flag as involving a knife or sharp instrument, and gave the age group of the suspect recorded against each. Forces flag and record suspects' ages differently, so comparisons between forces need care; these are not the Office for National Statistics' published knife crime figures.",
]

[[release.quotes]]
speaker = "Marcus Ellery"
role = "Chief Executive, Safer Streets Trust"
text = "Behind every one of these offences is a victim, a family and often a young person whose life has been changed for ever. The number of suspects under 18 shows why prevention has to start in schools and youth clubs, long before a knife is carried."

[[release.quotes]]
speaker = "Marcus Ellery"
role = "Chief Executive, Safer Streets Trust"
text = "Too many of these offences end without anyone being identified. Communities need the confidence that reporting knife crime leads to action."

[release.notes_to_editors]
items = [
  "Figures were obtained by the Safer Streets Trust through Freedom of Information requests sent on 1 March 2025 to all 43 territorial police forces in England and Wales and British Transport Police.",
  "Forces were asked for offences involving a knife or sharp instrument in the calendar years 2022, 2023 and 2024, the age group of the suspect in each year, and the outcome recorded for the offences of 2024.",
  "Outcomes follow the Home Office crime outcomes framework. Outcomes for recent offences are provisional and change as investigations conclude.",
  "The Safer Streets Trust is a charity working with young people, schools and families to prevent knife crime.",
]
'''

REQUEST = """Freedom of Information request sent on 1 March 2025 to every police force in England and Wales (43 territorial
forces and British Transport Police).

1. Please provide the number of offences involving a knife or sharp instrument recorded by the force in each of
   the calendar years 2022, 2023 and 2024.
2. For each of those years, please break the number down by the age group of the suspect (under 18, 18 to 24,
   25 and over, and where the age was not recorded).
3. For the offences recorded in 2024, please provide the outcome recorded for each offence.
"""


def write_vocabulary(out):
    vd = os.path.join(out, "vocabularies")
    os.makedirs(vd)
    with open(os.path.join(vd, "suspect_age.toml"), "w", newline="\n") as fh:
        fh.write(SUSPECT_AGE_TOML)
    rows = [["code", "description", "group", "group_label", "subgroup", "aliases"]]
    for c in AGE_ORDER:
        desc, g, gl, aliases = AGE[c]
        rows.append([c, desc, g, gl, "", ";".join(aliases)])
    W.write_csv(os.path.join(vd, "suspect_age.csv"), rows, newline="\n")


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
    write_vocabulary(out)
    expected = {"campaign": SLUG, "forces": {}}
    for f, write in FORCES:
        d = os.path.join(out, f.slug)
        os.makedirs(d)
        write(f, d)
        e = {"status": f.status, "period_basis": "calendar", "layout": f.layout}
        if f.exemption:
            e["exemption"] = f.exemption
        e["observations"] = expected_for(f)
        expected["forces"][f.slug] = e
        # the generator's own check: each year's ages, and 2024's outcomes, add up to the year's count
        for p, rows in f.ages.items():
            assert sum(v for _, v in rows) == f.years[p], (f.slug, p)
        if f.outcomes:
            assert sum(v for _, v in f.outcomes) == f.years[LAST], f.slug
    with open(os.path.join(out, "expected.json"), "w", newline="\n") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    print(f"wrote {out}: {len(FORCES)} forces")


if __name__ == "__main__":
    main()
