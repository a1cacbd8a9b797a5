//! One force's folder: read every file, find and interpret its tables, settle its year basis and status.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use foi_model::{
    Campaign, Observation, Period, PeriodBasis, Problem, ProblemKind, QuestionKind, Reference, Response,
    ResponseStatus, SourceRef, ValueStatus,
};
use regex::Regex;
use std::sync::LazyLock;

use crate::interpret::{interpret, Ctx, Issue, RawObs};
use crate::sources::{read_bytes, Document, ReadError};
use crate::tables::find_tables;

pub struct ForceResult {
    pub observations: Vec<Observation>,
    pub response: Response,
    pub problems: Vec<Problem>,
}

/// Files in a force folder, sorted, relative to `raw`; hidden files and editor droppings skipped.
fn list_files(dir: &Path, raw: &Path, out: &mut Vec<(String, std::path::PathBuf)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let path = e.path();
        if path.is_dir() {
            list_files(&path, raw, out)?;
        } else {
            let rel = path.strip_prefix(raw).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}

pub fn ingest_force(campaign: &Campaign, reference: &Reference, slug: &str, dir: &Path, raw: &Path) -> ForceResult {
    let _span = tracing::info_span!("force", force = slug).entered();
    let mut issues: Vec<Issue> = Vec::new();
    let mut files = Vec::new();
    if let Err(e) = list_files(dir, raw, &mut files) {
        issues.push(Issue {
            kind: ProblemKind::UnreadableFile,
            source: src(&dir.to_string_lossy()),
            message: format!("folder unreadable: {e}"),
        });
    }
    let mut docs: Vec<Document> = Vec::new();
    for (rel, path) in &files {
        let _span = tracing::info_span!("file", file = rel.as_str()).entered();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                issues.push(Issue {
                    kind: ProblemKind::UnreadableFile,
                    source: src(rel),
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        match read_bytes(rel, &bytes) {
            Ok(d) => docs.extend(d),
            Err(e @ ReadError::Unsupported(_)) => {
                issues.push(Issue { kind: ProblemKind::UnsupportedFile, source: src(rel), message: e.to_string() })
            }
            Err(e) => {
                issues.push(Issue { kind: ProblemKind::UnreadableFile, source: src(rel), message: e.to_string() })
            }
        }
    }

    // First pass: tables and free text of every sheet, so that a footnote anywhere can explain a dash.
    let mut prose: Vec<String> = Vec::new();
    let mut layouts = Vec::new();
    for d in &docs {
        prose.extend(d.prose.iter().cloned());
        for note in &d.notes {
            issues.push(Issue {
                kind: ProblemKind::UnrecognisedTable,
                source: SourceRef { file: d.file.clone(), sheet: note.sheet.clone(), cell: String::new() },
                message: note.message.clone(),
            });
        }
        for sheet in &d.sheets {
            let layout = find_tables(sheet);
            prose.extend(layout.lines.iter().cloned());
            layouts.push((d.file.as_str(), layout));
        }
    }
    let text = prose.join("\n");
    let suppression_noted = SUPPRESSION_NOTE.is_match(&text);

    let mut raw_obs: Vec<RawObs> = Vec::new();
    for (file, layout) in &layouts {
        let ctx = Ctx { campaign, reference, file, suppression_noted };
        for table in &layout.tables {
            let _span = tracing::debug_span!("sheet", sheet = table.sheet.name.as_str()).entered();
            let out = interpret(&ctx, table);
            raw_obs.extend(out.obs);
            issues.extend(out.issues);
        }
    }

    let mut basis = force_basis(campaign, &raw_obs, &text);
    if let Some(o) = campaign.override_for(slug, reference) {
        if let Some(b) = o.period_basis {
            if b.0 != basis {
                issues.push(Issue {
                    kind: ProblemKind::PeriodBasisDiffers,
                    source: src(""),
                    message: format!(
                        "year basis set to {} by campaign.toml ({}); the files say nothing of it",
                        b.0.as_str(),
                        o.reason
                    ),
                });
            }
            basis = b.0;
        }
    }
    let asked: Vec<i32> = campaign.periods.labels.iter().filter_map(|l| Period::start_year_of_label(l)).collect();
    let mut observations: Vec<Observation> = Vec::new();
    let mut seen: HashMap<String, (Option<i64>, SourceRef)> = HashMap::new();
    let mut unasked: BTreeSet<String> = BTreeSet::new();
    for o in raw_obs {
        let obs_basis = if o.counted_from_rows {
            campaign.basis()
        } else if o.period.calendar {
            PeriodBasis::Calendar
        } else {
            o.period.basis.unwrap_or(basis)
        };
        let period = Period::year(obs_basis, o.period.start_year);
        if !asked.contains(&o.period.start_year) {
            unasked.insert(format!("{} ({})", period.label, o.source));
            continue;
        }
        let Some(question) = campaign.question_of_kind(o.kind) else {
            issues.push(Issue {
                kind: ProblemKind::UnrecognisedTable,
                source: o.source,
                message: "figures of a kind the campaign did not ask for; not stored".into(),
            });
            continue;
        };
        let obs = Observation {
            campaign: campaign.slug.clone(),
            force: slug.to_string(),
            measure: question.measure.clone(),
            period: period.label.clone(),
            period_start: period.start,
            period_end: period.end,
            offence_group: o.offence.as_ref().map(|m| m.group.clone()),
            offence_subgroup: o.offence.as_ref().and_then(|m| m.subgroup.clone()),
            offence_code: o.offence.as_ref().and_then(|m| m.code.clone()),
            outcome_group: o.outcome.as_ref().map(|m| m.group.clone()),
            outcome_code: o.outcome.as_ref().and_then(|m| m.code.clone()),
            label: o.label.clone(),
            value: o.value,
            value_status: if o.value.is_some() { ValueStatus::Reported } else { ValueStatus::Suppressed },
            source: o.source.clone(),
        };
        // The same figure given twice (a letter and its spreadsheet) is stored once; two different values
        // for one figure are a conflict for a person to settle.
        let key = format!(
            "{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
            obs.measure,
            obs.period,
            obs.offence_group,
            obs.offence_subgroup,
            obs.offence_code,
            obs.outcome_group,
            obs.outcome_code,
            foi_model::normalise(&obs.label)
        );
        match seen.get(&key) {
            Some((v, first)) if !same_table(first, &obs.source) => {
                if *v != obs.value {
                    issues.push(Issue {
                        kind: ProblemKind::Conflict,
                        source: obs.source.clone(),
                        message: format!(
                            "{:?} {} given as {:?} here and {:?} at {first}; the first is kept",
                            obs.label, obs.period, obs.value, v
                        ),
                    });
                }
                continue;
            }
            _ => {
                seen.insert(key, (obs.value, obs.source.clone()));
            }
        }
        observations.push(obs);
    }
    for p in unasked {
        issues.push(Issue {
            kind: ProblemKind::UnknownPeriod,
            source: src(""),
            message: format!("figures for {p}, a period the request did not ask about, not stored"),
        });
    }

    let answered: BTreeSet<QuestionKind> = campaign
        .questions
        .iter()
        .filter(|q| observations.iter().any(|o| o.measure == q.measure))
        .map(|q| q.kind)
        .collect();
    let exemption = exemption(&text);
    let not_held = NOT_HELD.is_match(&text);
    let status = if answered.len() == campaign.questions.len() {
        ResponseStatus::Disclosed
    } else if !answered.is_empty() {
        ResponseStatus::Partial
    } else if exemption.is_some() {
        ResponseStatus::Refused
    } else if not_held {
        ResponseStatus::NotHeld
    } else if files.is_empty() {
        ResponseStatus::NoResponse
    } else {
        ResponseStatus::Partial
    };
    if matches!(status, ResponseStatus::Partial) {
        for q in campaign.questions.iter().filter(|q| !answered.contains(&q.kind)) {
            let why = match &exemption {
                Some(e) => format!("question {} not answered (the force cites {e})", q.id),
                None if answered.is_empty() => format!(
                    "question {}: no figures could be read from {} file(s); check them by hand",
                    q.id,
                    files.len()
                ),
                None => format!("question {} not answered and no reason found in the letter", q.id),
            };
            issues.push(Issue { kind: ProblemKind::MissingAnswer, source: src(""), message: why });
        }
    }
    if status == ResponseStatus::NoResponse {
        issues.push(Issue {
            kind: ProblemKind::MissingAnswer,
            source: src(&dir.to_string_lossy()),
            message: "folder holds no files".into(),
        });
    }
    let has_figures = !observations.is_empty();
    if has_figures && basis != campaign.basis() {
        issues.push(Issue {
            kind: ProblemKind::PeriodBasisDiffers,
            source: src(""),
            message: format!(
                "the force answered for {}, not the request's {}",
                basis.describe(),
                campaign.basis().describe()
            ),
        });
    }

    let problems: Vec<Problem> = issues
        .into_iter()
        .map(|i| Problem {
            campaign: campaign.slug.clone(),
            force: slug.to_string(),
            kind: i.kind,
            source: SourceRef {
                file: if i.source.file.is_empty() { rel_dir(dir, raw) } else { i.source.file },
                ..i.source
            },
            message: i.message,
        })
        .collect();
    let response = Response {
        campaign: campaign.slug.clone(),
        force: slug.to_string(),
        status,
        exemption: if matches!(status, ResponseStatus::Refused | ResponseStatus::Partial) { exemption } else { None },
        period_basis: if has_figures { basis } else { campaign.basis() },
        reference: foi_reference(&text, files.iter().map(|(rel, _)| rel.as_str())),
        received: docs.iter().find_map(|d| d.sent).or_else(|| response_date(&text)),
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        problems: problems.len() as u32,
    };
    ForceResult { observations, response, problems }
}

fn same_table(a: &SourceRef, b: &SourceRef) -> bool {
    a.file == b.file && a.sheet == b.sheet
}

fn src(file: &str) -> SourceRef {
    SourceRef { file: file.to_string(), ..Default::default() }
}

fn rel_dir(dir: &Path, raw: &Path) -> String {
    dir.strip_prefix(raw).unwrap_or(dir).to_string_lossy().replace('\\', "/")
}

static SUPPRESSION_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)suppress|redact|withheld|(less|fewer) than (5|five|3|three|10|ten)|small numbers|<\s*5")
        .expect("static regex")
});
static NOT_HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnot held\b|\bdoes not hold\b|\bdo not hold\b|\bno (recorded )?information (is )?held\b")
        .expect("static regex")
});
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:section|s\.?)\s?(\d{1,2})(?:\s?\(\d\))?").expect("static regex"));
static REFUSAL_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)refus|exempt|cost limit|exceed|appropriate limit|neither confirm nor deny|applies")
        .expect("static regex")
});
static FOI_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:foi|reference|ref)[^0-9\n]{0,25}(\d{2,6})\s*[/-]\s*(\d{2,4})\b").expect("static regex")
});
static RESPONSE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)date[^0-9\n]{0,30}(\d{1,2}/\d{1,2}/\d{4})").expect("static regex"));
static FY_APR1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b1(st)?\s+april\b|\b31(st)?\s+march\b|\bapril\s+1(st)?\b").expect("static regex")
});
static FY_APR6: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b[56](th)?\s+april\b|\bapril\s+[56](th)?\b").expect("static regex"));
static CALENDAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcalendar years?\b").expect("static regex"));

/// The FOI Act section a letter relies on to refuse (s12 cost limit, s14 vexatious, s40 personal data …).
fn exemption(text: &str) -> Option<String> {
    for para in text.split('\n') {
        if !REFUSAL_WORDS.is_match(para) {
            continue;
        }
        // Section 17 is the refusal notice itself, not a reason.
        if let Some(n) = SECTION.captures_iter(para).map(|c| c[1].to_string()).find(|n| n != "17") {
            return Some(format!("s{n}"));
        }
    }
    None
}

/// The year basis a force used: what its period labels state, else what its letter says, else the request's.
fn force_basis(campaign: &Campaign, obs: &[RawObs], text: &str) -> PeriodBasis {
    let labelled: BTreeSet<PeriodBasis> = obs
        .iter()
        .filter(|o| !o.counted_from_rows)
        .filter_map(|o| if o.period.calendar { Some(PeriodBasis::Calendar) } else { o.period.basis })
        .collect();
    match labelled.len() {
        1 => return *labelled.iter().next().expect("one element"),
        n if n > 1 => return PeriodBasis::Other,
        _ => {}
    }
    if obs.iter().all(|o| o.counted_from_rows) && !obs.is_empty() {
        return campaign.basis();
    }
    let evidence: BTreeSet<PeriodBasis> = [
        (FY_APR1.is_match(text), PeriodBasis::FyApr1),
        (FY_APR6.is_match(text), PeriodBasis::FyApr6),
        (CALENDAR.is_match(text), PeriodBasis::Calendar),
    ]
    .into_iter()
    .filter_map(|(hit, b)| hit.then_some(b))
    .collect();
    match evidence.len() {
        1 => *evidence.iter().next().expect("one element"),
        _ => campaign.basis(),
    }
}

/// "Reference No: 2549/24", "FOI 1920/24", or a file named FOI-2549-24.
fn foi_reference<'a>(text: &str, files: impl Iterator<Item = &'a str>) -> Option<String> {
    let from = |s: &str| FOI_REF.captures(s).map(|c| format!("{}/{}", &c[1], &c[2]));
    from(text).or_else(|| files.filter_map(|f| from(f.rsplit('/').next().unwrap_or(f))).next())
}

fn response_date(text: &str) -> Option<NaiveDate> {
    RESPONSE_DATE.captures(text).and_then(|c| NaiveDate::parse_from_str(&c[1], "%d/%m/%Y").ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exemptions_from_letter_text() {
        assert_eq!(
            exemption("Section 12(1) of the Freedom of Information Act 2000 applies: it would exceed the cost limit."),
            Some("s12".into())
        );
        assert_eq!(exemption("This letter is a refusal notice under Section 17."), None);
        assert_eq!(exemption("Thank you for your request."), None);
    }

    #[test]
    fn references_and_dates() {
        assert_eq!(
            foi_reference("Freedom of Information Request Reference No: 2549/24", std::iter::empty()),
            Some("2549/24".into())
        );
        assert_eq!(foi_reference("", ["x/FOI-0134-24.xlsx"].into_iter()), Some("0134/24".into()));
        assert_eq!(response_date("Date of response: 17/07/2024"), NaiveDate::from_ymd_opt(2024, 7, 17));
    }
}
