//! A force's row-level answer: one row per crime with its reference, date recorded, Home Office code, offence
//! and outcome, as forces export them from their crime systems. Rows are drawn from a fixed seed, so a list of a
//! given length is always the same list, and [`Expected`] holds its counts by year, offence and outcome.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};

/// Offences as a crime system names them, with their Home Office codes.
pub const OFFENCES: &[(&str, &str)] = &[
    ("8L", "Harassment"),
    ("8R", "Malicious communications"),
    ("8Q", "Stalking"),
    ("105A", "Assault without injury"),
    ("8N", "Assault with injury"),
    ("9A", "Public fear, alarm or distress"),
    ("88A", "Sexual grooming"),
    ("35", "Blackmail"),
    ("86", "Obscene publications etc and protected sexual material"),
    ("49", "Other theft"),
];

/// Outcomes as a crime system names them, with their framework codes.
pub const OUTCOMES: &[(&str, &str)] = &[
    ("1", "Outcome 1 - Charged/Summonsed"),
    ("8", "Outcome 8 - Community Resolution"),
    ("14", "Outcome 14 - Evidential difficulties: suspect not identified; victim does not support further action"),
    ("15", "Outcome 15 - Evidential difficulties: suspect identified; victim supports action"),
    ("16", "Outcome 16 - Evidential difficulties: suspect identified; victim does not support further action"),
    ("18", "Outcome 18 - Investigation complete - no suspect identified"),
    ("0", "Outcome 0 - Not yet assigned an outcome"),
];

/// The request's years: 6 April to 5 April, 2021/22 to 2023/24 (the campaign written by [`write_campaign`]).
pub const YEARS: [i32; 3] = [2021, 2022, 2023];

pub struct Crime {
    pub reference: String,
    pub recorded: NaiveDate,
    pub offence: usize,
    pub outcome: usize,
}

/// What a correct ingest stores for the list: crimes per year asked, and per year by offence and by outcome code.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expected {
    pub by_year: BTreeMap<i32, i64>,
    pub by_offence: BTreeMap<(i32, String), i64>,
    pub by_outcome: BTreeMap<(i32, String), i64>,
    /// Rows dated outside the years asked (a month either side), which must not be counted.
    pub outside: i64,
}

/// The counts a store holds for the generated campaign, keyed as [`generate`] keys them (an unmapped label keeps
/// its words, so it can never pass for a code).
pub fn stored(obs: &[foi_model::Observation]) -> Result<Expected, String> {
    let mut got = Expected::default();
    for o in obs.iter().filter(|o| o.campaign == "generated-list") {
        let year = tax_year(o.period_start);
        let v = o.value.ok_or_else(|| format!("{} {} {:?} has no value", o.measure, o.period, o.label))?;
        let code = || o.category_code.clone().unwrap_or_else(|| format!("unmapped {:?}", o.label));
        match o.measure.as_str() {
            "crimes_by_year" => *got.by_year.entry(year).or_default() += v,
            "crimes_by_offence" => *got.by_offence.entry((year, code())).or_default() += v,
            "crimes_by_outcome" => *got.by_outcome.entry((year, code())).or_default() += v,
            m => return Err(format!("unexpected measure {m}")),
        }
    }
    Ok(got)
}

/// The 6 April to 5 April year a date falls in, by the year it starts.
pub fn tax_year(d: NaiveDate) -> i32 {
    if (d.month(), d.day()) >= (4, 6) {
        d.year()
    } else {
        d.year() - 1
    }
}

/// A small deterministic generator (xorshift64*): no dependency, the same list on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `rows` crimes recorded between 6 March 2021 and 5 May 2024: the three years asked and a month either side.
pub fn generate(rows: usize) -> (Vec<Crime>, Expected) {
    let first = NaiveDate::from_ymd_opt(2021, 3, 6).expect("valid date");
    let days = (NaiveDate::from_ymd_opt(2024, 5, 5).expect("valid date") - first).num_days() as u64 + 1;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut expected = Expected::default();
    let mut crimes = Vec::with_capacity(rows);
    for i in 0..rows {
        let recorded = first + Duration::days(rng.below(days) as i64);
        // Skewed, as real lists are: the first offences and outcomes are far commoner than the last.
        let offence = (rng.below(OFFENCES.len() as u64) * rng.below(OFFENCES.len() as u64)) as usize / OFFENCES.len();
        let outcome = rng.below(OUTCOMES.len() as u64) as usize;
        let year = tax_year(recorded);
        if YEARS.contains(&year) {
            *expected.by_year.entry(year).or_default() += 1;
            *expected.by_offence.entry((year, OFFENCES[offence].0.to_string())).or_default() += 1;
            *expected.by_outcome.entry((year, OUTCOMES[outcome].0.to_string())).or_default() += 1;
        } else {
            expected.outside += 1;
        }
        crimes.push(Crime {
            reference: format!("CR/{:07}/{}", i + 1, recorded.year() % 100),
            recorded,
            offence,
            outcome,
        });
    }
    (crimes, expected)
}

const HEADER: [&str; 5] = ["Crime Reference", "Date Recorded", "HO Code", "Offence", "Outcome"];

/// The list as a CSV file, dates written dd/mm/yyyy as UK systems export them.
pub fn write_csv(path: &Path, crimes: &[Crime]) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(fs_err::File::create(path)?);
    writeln!(w, "{}", HEADER.join(","))?;
    for c in crimes {
        let (code, offence) = OFFENCES[c.offence];
        writeln!(
            w,
            "{},{},{},\"{}\",\"{}\"",
            c.reference,
            c.recorded.format("%d/%m/%Y"),
            code,
            offence,
            OUTCOMES[c.outcome].1
        )?;
    }
    w.flush()
}

/// The list as an xlsx workbook written the way Excel writes one: every string in the shared-strings table,
/// dates as serial numbers under a date format.
pub fn write_xlsx(path: &Path, crimes: &[Crime]) -> std::io::Result<()> {
    let file = fs_err::File::create(path)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, body: &str| -> std::io::Result<()> {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(body.as_bytes())
    };
    part(&mut zip, "[Content_Types].xml", CONTENT_TYPES)?;
    part(&mut zip, "_rels/.rels", ROOT_RELS)?;
    part(&mut zip, "xl/workbook.xml", WORKBOOK)?;
    part(&mut zip, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS)?;
    part(&mut zip, "xl/styles.xml", STYLES)?;

    // Shared strings: the fixed labels first, then one per crime reference.
    let fixed: Vec<&str> = HEADER
        .iter()
        .copied()
        .chain(OFFENCES.iter().flat_map(|(c, o)| [*c, *o]))
        .chain(OUTCOMES.iter().map(|(_, o)| *o))
        .collect();
    let offence_at = HEADER.len();
    let outcome_at = offence_at + 2 * OFFENCES.len();
    let refs_at = fixed.len();

    zip.start_file("xl/worksheets/sheet1.xml", opts).map_err(std::io::Error::other)?;
    let rows = crimes.len() + 1;
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E{rows}"/><sheetData><row r="1">"#
    )?;
    for (i, col) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        write!(zip, r#"<c r="{col}1" t="s"><v>{i}</v></c>"#)?;
    }
    zip.write_all(b"</row>")?;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    for (i, c) in crimes.iter().enumerate() {
        let r = i + 2;
        let serial = (c.recorded - epoch).num_days();
        write!(
            zip,
            r#"<row r="{r}"><c r="A{r}" t="s"><v>{}</v></c><c r="B{r}" s="1"><v>{serial}</v></c><c r="C{r}" t="s"><v>{}</v></c><c r="D{r}" t="s"><v>{}</v></c><c r="E{r}" t="s"><v>{}</v></c></row>"#,
            refs_at + i,
            offence_at + 2 * c.offence,
            offence_at + 2 * c.offence + 1,
            outcome_at + c.outcome,
        )?;
    }
    zip.write_all(b"</sheetData></worksheet>")?;

    zip.start_file("xl/sharedStrings.xml", opts).map_err(std::io::Error::other)?;
    let count = fixed.len() + crimes.len();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">"#
    )?;
    for s in &fixed {
        write!(zip, "<si><t>{}</t></si>", s.replace('&', "&amp;"))?;
    }
    for c in crimes {
        write!(zip, "<si><t>{}</t></si>", c.reference)?;
    }
    zip.write_all(b"</sst>")?;
    zip.finish().map_err(std::io::Error::other)?.flush()
}

/// A campaign asking for crimes per year 2021/22 to 2023/24 (6 April years), by offence and by outcome in each,
/// whose answers are the force folders put beside it.
pub fn write_campaign(dir: &Path) -> std::io::Result<()> {
    fs_err::create_dir_all(dir)?;
    fs_err::write(dir.join("request.txt"), "Please give, for each year 2021/22 to 2023/24 (6 April to 5 April), the number of crimes recorded, by offence and by outcome.\n")?;
    fs_err::write(dir.join("campaign.toml"), CAMPAIGN)
}

const CAMPAIGN: &str = r#"slug = "generated-list"
title = "Crimes recorded"
request_file = "request.txt"
requester = "foi-bench"
sent = "2024-05-01"
asked = "folders"

[periods]
basis = "fy_apr6"
labels = ["2021/22", "2022/23", "2023/24"]

[[questions]]
id = "1"
text = "How many crimes were recorded in each year?"
measure = "crimes_by_year"
kind = "count"
periods = ["2021/22", "2022/23", "2023/24"]

[[questions]]
id = "2"
text = "What offences were they?"
measure = "crimes_by_offence"
kind = "breakdown"
vocabulary = "offence"
periods = ["2021/22", "2022/23", "2023/24"]

[[questions]]
id = "3"
text = "What was the outcome of each?"
measure = "crimes_by_outcome"
kind = "breakdown"
vocabulary = "outcome"
periods = ["2021/22", "2022/23", "2023/24"]

[release]
organisation = "foi-bench"
subject = "crimes recorded"
"#;

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
pub(crate) const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
pub(crate) const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Crimes" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
pub(crate) const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
pub(crate) const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_cover_every_row_once() {
        let (crimes, e) = generate(5_000);
        let inside: i64 = e.by_year.values().sum();
        assert_eq!(inside + e.outside, crimes.len() as i64);
        assert_eq!(e.by_offence.values().sum::<i64>(), inside);
        assert_eq!(e.by_outcome.values().sum::<i64>(), inside);
        assert!(e.outside > 0, "some rows fall outside the years asked");
        assert_eq!(tax_year(NaiveDate::from_ymd_opt(2022, 4, 5).unwrap()), 2021);
        assert_eq!(tax_year(NaiveDate::from_ymd_opt(2022, 4, 6).unwrap()), 2022);
    }
}
