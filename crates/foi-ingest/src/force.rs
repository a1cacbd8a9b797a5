//! One force's folder: read every file, apply the journalist's corrections, find and interpret its tables,
//! settle its year basis and status, check its figures against each other, and fold what was odd into problems.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use foi_model::{
    Campaign, CellRange, Corrections, Observation, Period, PeriodBasis, Problem, ProblemKind, QuestionKind, Reference,
    Response, ResponseStatus, Severity, SourceRef, ValueStatus,
};
use regex::Regex;
use std::sync::LazyLock;

use crate::checks::{self, Checked};
use crate::corrections::{ForceCorrections, Mapped, Section};
use crate::interpret::{interpret, Ctx, RawObs};
use crate::issue::{self, Issue};
use crate::sources::{read_bytes, Document, Limits, NoteKind, ReadError};
use crate::tables::find_tables;
use crate::values::parse_period;

pub struct ForceResult {
    pub observations: Vec<Observation>,
    pub response: Response,
    pub problems: Vec<Problem>,
    /// The corrections.toml entries this force's answer used.
    pub used: BTreeSet<(Section, usize)>,
}

/// Files in a force folder, sorted, relative to `raw`; hidden files and editor droppings skipped.
fn list_files(dir: &Path, raw: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
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

/// Everything one force's ingest needs from its campaign.
pub struct ForceInput<'a> {
    pub campaign: &'a Campaign,
    pub reference: &'a Reference,
    pub corrections: &'a Corrections,
    pub limits: &'a Limits,
    pub raw: &'a Path,
}

pub fn ingest_force(input: &ForceInput<'_>, slug: &str, dir: &Path) -> ForceResult {
    let ForceInput { campaign, reference, corrections, limits, raw } = *input;
    let _span = tracing::info_span!("force", force = slug).entered();
    let fc = ForceCorrections::for_force(corrections, reference, slug, &rel_dir(dir, raw));
    let mut issues: Vec<Issue> = Vec::new();

    let (files, mut docs) = read_files(dir, raw, &fc, limits, &mut issues);
    let declared = apply_sheet_corrections(&mut docs, &fc, campaign, &mut issues);

    // First pass: tables and free text of every sheet, so that a footnote anywhere can explain a dash.
    let mut prose: Vec<String> = Vec::new();
    let mut layouts = Vec::new();
    for d in &docs {
        prose.extend(d.prose.iter().cloned());
        for note in &d.notes {
            let source = SourceRef { file: d.file.clone(), sheet: note.sheet.clone(), cell: String::new() };
            issues.push(match note.kind {
                NoteKind::Hidden => Issue::new(ProblemKind::UnrecognisedTable, source, note.message.clone()).note(),
                NoteKind::Unreadable => Issue::new(ProblemKind::UnreadableFile, source, note.message.clone()),
                NoteKind::Truncated => Issue::new(ProblemKind::Truncated, source, note.message.clone()),
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
        let ctx = Ctx { campaign, reference, file, suppression_noted, labels: &fc.labels };
        for table in &layout.tables {
            let _span = tracing::debug_span!("sheet", sheet = table.sheet.name.as_str()).entered();
            let out = interpret(&ctx, table);
            raw_obs.extend(out.obs);
            issues.extend(out.issues);
        }
    }
    for d in &declared {
        let ctx = Ctx { campaign, reference, file: &d.file, suppression_noted, labels: &fc.labels };
        let out = crate::declared::read(&ctx, &d.sheet, d.range, d.question, d.orientation, d.period.as_deref());
        raw_obs.extend(out.obs);
        issues.extend(out.issues);
    }
    raw_obs.extend(entered_figures(campaign, &fc, &mut issues));
    for (_, l) in fc.label_entries.iter().filter(|(i, _)| fc.labels.was_used(*i)) {
        let target = [&l.offence, &l.offence_subgroup, &l.offence_group, &l.outcome, &l.outcome_group]
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_default();
        let words = l.label.all().iter().map(|w| format!("{w:?}")).collect::<Vec<_>>().join(", ");
        issues.push(corrected(format!("label {words} mapped to {target}"), &l.reason));
    }

    let (basis, basis_issue) = force_basis(campaign, &raw_obs, &text);
    issues.extend(basis_issue);
    let mut basis = basis;
    let mut status_set: Option<ResponseStatus> = None;
    let mut exemption_set: Option<String> = None;
    for (i, f) in &fc.force {
        fc.mark(Section::Force, *i);
        if let Some(b) = f.period_basis {
            issues.push(corrected(format!("year basis set to {} ({})", b.0.as_str(), b.0.describe()), &f.reason));
            // The decision settles any doubt the files left about the basis.
            for i in issues.iter_mut().filter(|i| i.kind == ProblemKind::BasisUnclear) {
                i.settled = Some(f.reason.clone());
            }
            basis = b.0;
        }
        if let Some(s) = f.status {
            issues.push(corrected(format!("status set to {}", s.as_str()), &f.reason));
            status_set = Some(s);
        }
        if let Some(e) = &f.exemption {
            issues.push(corrected(format!("exemption set to {e}"), &f.reason));
            exemption_set = Some(e.clone());
        }
    }

    let rows = observations(campaign, slug, basis, raw_obs, &mut issues);
    let (rows, check_issues) = checks::check(rows);
    issues.extend(check_issues);
    let observations: Vec<Observation> = rows.into_iter().map(|c| c.obs).collect();

    // Status: from the questions answered, the letter's words, or a correction.
    let answered: BTreeSet<QuestionKind> = campaign
        .questions
        .iter()
        .filter(|q| observations.iter().any(|o| o.measure == q.measure))
        .map(|q| q.kind)
        .collect();
    let exemption = exemption_set.or_else(|| exemption(&text));
    let not_held = NOT_HELD.is_match(&text);
    let status = status_set.unwrap_or(if answered.len() == campaign.questions.len() {
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
    });
    if matches!(status, ResponseStatus::Partial | ResponseStatus::Disclosed) {
        for q in campaign.questions.iter().filter(|q| !answered.contains(&q.kind)) {
            let (why, severity) = match &exemption {
                Some(e) => (format!("question {} not answered (the force cites {e})", q.id), Severity::Note),
                None if answered.is_empty() => (
                    format!(
                        "question {}: no figures could be read from {} file(s); check them by hand",
                        q.id,
                        files.len()
                    ),
                    Severity::Blocking,
                ),
                None => {
                    (format!("question {} not answered and no reason found in the letter", q.id), Severity::Blocking)
                }
            };
            let mut i = Issue::new(ProblemKind::MissingAnswer, src(""), why).about(q.kind);
            i.severity = severity;
            issues.push(i);
        }
    }
    if status == ResponseStatus::NoResponse {
        issues.push(Issue::new(ProblemKind::MissingAnswer, src(&rel_dir(dir, raw)), "folder holds no files").note());
    }
    let has_figures = !observations.is_empty();
    if has_figures && basis != campaign.basis() {
        issues.push(
            Issue::new(
                ProblemKind::PeriodBasisDiffers,
                src(""),
                format!(
                    "the force answered for {}, not the request's {}",
                    basis.describe(),
                    campaign.basis().describe()
                ),
            )
            .note(),
        );
    }

    let measure_of = |k: QuestionKind| campaign.question_of_kind(k).map(|q| q.measure.clone()).unwrap_or_default();
    let mut problems = issue::fold(
        &campaign.slug,
        slug,
        issues
            .into_iter()
            .map(|mut i| {
                if i.source.file.is_empty() {
                    i.source.file = rel_dir(dir, raw);
                }
                i
            })
            .collect(),
        measure_of,
    );
    fc.settle(&mut problems);
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
    ForceResult { observations, response, problems, used: fc.used() }
}

/// A `corrected` note: what a decision from corrections.toml changed, and why.
fn corrected(what: String, reason: &str) -> Issue {
    Issue::new(ProblemKind::Corrected, src(""), format!("corrected by hand: {what} — {reason}")).note()
}

/// Read every file of the folder that no `[[skip]]` entry leaves out.
fn read_files(
    dir: &Path,
    raw: &Path,
    fc: &ForceCorrections<'_>,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> (Vec<(String, PathBuf)>, Vec<Document>) {
    let mut files = Vec::new();
    if let Err(e) = list_files(dir, raw, &mut files) {
        issues.push(Issue::new(
            ProblemKind::UnreadableFile,
            src(&rel_dir(dir, raw)),
            format!("folder unreadable: {e}"),
        ));
    }
    files.retain(|(rel, _)| {
        let skip = fc.skips.iter().find(|(_, s)| s.sheet.is_none() && s.range.is_none() && fc.file_is(rel, &s.file));
        if let Some((i, s)) = skip {
            fc.mark(Section::Skip, *i);
            let mut note = corrected("file not read".into(), &s.reason);
            note.source = src(rel);
            issues.push(note);
        }
        skip.is_none()
    });
    let mut docs: Vec<Document> = Vec::new();
    for (rel, path) in &files {
        let _span = tracing::info_span!("file", file = rel.as_str()).entered();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                issues.push(Issue::new(ProblemKind::UnreadableFile, src(rel), format!("cannot read: {e}")));
                continue;
            }
        };
        match read_bytes(rel, &bytes, limits) {
            Ok(d) => docs.extend(d),
            Err(e @ ReadError::Unsupported(_)) => {
                issues.push(Issue::new(ProblemKind::UnsupportedFile, src(rel), e.to_string()))
            }
            Err(e) => issues.push(Issue::new(ProblemKind::UnreadableFile, src(rel), e.to_string())),
        }
    }
    (files, docs)
}

/// A `[[table]]` entry located in a document: read by the declared reader, hidden from the automatic one.
struct DeclaredTable<'c> {
    file: String,
    /// The sheet as it was before its declared and skipped ranges were blanked.
    sheet: crate::grid::Sheet,
    range: crate::declared::Range,
    question: &'c foi_model::Question,
    orientation: foi_model::Orientation,
    period: Option<String>,
}

/// Apply `[[skip]]` entries for sheets and ranges, and locate `[[table]]` entries (blanking their ranges so the
/// automatic reader does not read them twice).
fn apply_sheet_corrections<'c>(
    docs: &mut [Document],
    fc: &ForceCorrections<'c>,
    campaign: &'c Campaign,
    issues: &mut Vec<Issue>,
) -> Vec<DeclaredTable<'c>> {
    let mut declared = Vec::new();
    for d in docs.iter_mut() {
        // Whole sheets.
        let file = d.file.clone();
        d.sheets.retain(|sheet| {
            let hit = fc.skips.iter().find(|(_, s)| {
                s.range.is_none() && s.sheet.as_deref() == Some(sheet.name.as_str()) && fc.file_is(&file, &s.file)
            });
            if let Some((i, s)) = hit {
                fc.mark(Section::Skip, *i);
                let mut note = corrected(format!("sheet {:?} not read", sheet.name), &s.reason);
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                issues.push(note);
            }
            hit.is_none()
        });
        let only_sheet = d.sheets.len() == 1;
        for sheet in d.sheets.iter_mut() {
            let mut original: Option<crate::grid::Sheet> = None;
            for (i, t) in &fc.tables {
                if !fc.file_is(&file, &t.file) {
                    continue;
                }
                let Ok(range) = CellRange::parse(&t.range) else { continue };
                let Some((first, last)) = locate(sheet, only_sheet, &range, None) else { continue };
                let Some(question) = campaign.question(&t.question) else { continue };
                fc.mark(Section::Table, *i);
                let mut note = corrected(
                    format!("{} read as the answer to question {} ({:?})", t.range, t.question, t.orientation),
                    &t.reason,
                );
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                note.question = Some(question.kind);
                issues.push(note);
                let orig = original.get_or_insert_with(|| sheet.clone());
                declared.push(DeclaredTable {
                    file: file.clone(),
                    sheet: orig.clone(),
                    range: crate::declared::Range { first, last },
                    question,
                    orientation: t.orientation,
                    period: t.period.clone(),
                });
                sheet.blank(first, last);
            }
            for (i, s) in &fc.skips {
                let Some(r) = s.range.as_deref().and_then(|r| CellRange::parse(r).ok()) else { continue };
                if !fc.file_is(&file, &s.file) {
                    continue;
                }
                let Some((first, last)) = locate(sheet, only_sheet, &r, s.sheet.as_deref()) else { continue };
                fc.mark(Section::Skip, *i);
                let mut note =
                    corrected(format!("range {} not read", s.range.as_deref().unwrap_or_default()), &s.reason);
                note.source = SourceRef { file: file.clone(), sheet: sheet.name.clone(), cell: String::new() };
                issues.push(note);
                sheet.blank(first, last);
            }
        }
    }
    declared
}

/// Where a correction's range lies on `sheet`: its own sheet name, or `sheet_name`, or (for a file of one grid
/// sheet) that sheet.
fn locate(
    sheet: &crate::grid::Sheet,
    only_sheet: bool,
    range: &CellRange,
    sheet_name: Option<&str>,
) -> Option<((usize, usize), (usize, usize))> {
    let name = match range.sheet.as_deref().or(sheet_name) {
        Some(n) => n.to_string(),
        None if only_sheet && matches!(sheet.origin, crate::grid::Origin::Grid { .. }) => sheet.name.clone(),
        None => return None,
    };
    Some((sheet.position(&name, range.first)?, sheet.position(&name, range.last)?))
}

/// `[[figure]]` entries: counts typed in from a letter or PDF, sourced to its file and page.
fn entered_figures(campaign: &Campaign, fc: &ForceCorrections<'_>, issues: &mut Vec<Issue>) -> Vec<RawObs> {
    let mut out = Vec::new();
    for (i, f) in &fc.figures {
        let (Some(q), Some(period)) = (campaign.question(&f.question), parse_period(&f.period)) else { continue };
        let label_target = foi_model::corrections::LabelCorrection {
            force: None,
            label: foi_model::corrections::Labels::One(f.label.clone().unwrap_or_default()),
            offence: f.offence.clone(),
            offence_subgroup: f.offence_subgroup.clone(),
            offence_group: f.offence_group.clone(),
            outcome: f.outcome.clone(),
            outcome_group: f.outcome_group.clone(),
            reason: f.reason.clone(),
        };
        let (offence, outcome) = match crate::corrections::label_target(&label_target, &Reference::builtin()) {
            Ok(Mapped::Offence(m)) => (Some(m), None),
            Ok(Mapped::Outcome(m)) => (None, Some(m)),
            Err(_) => match (q.kind, f.label.as_deref()) {
                (QuestionKind::OffenceBreakdown, Some(l)) => (
                    fc.labels
                        .get(l)
                        .and_then(|m| match m {
                            Mapped::Offence(m) => Some(m),
                            _ => None,
                        })
                        .or_else(|| Reference::builtin().match_offence(l)),
                    None,
                ),
                (QuestionKind::OutcomeBreakdown, Some(l)) => (
                    None,
                    fc.labels
                        .get(l)
                        .and_then(|m| match m {
                            Mapped::Outcome(m) => Some(m),
                            _ => None,
                        })
                        .or_else(|| Reference::builtin().match_outcome(l)),
                ),
                _ => (None, None),
            },
        };
        fc.mark(Section::Figure, *i);
        let file = format!("{}/{}", fc.dir, f.file.trim_start_matches("./"));
        let source = SourceRef {
            file: file.clone(),
            sheet: f.page.map(|p| format!("page {p}")).unwrap_or_default(),
            cell: String::new(),
        };
        let mut note = corrected(
            format!(
                "question {} {} entered as {} from {}",
                f.question,
                f.period,
                f.value.count().map(|v| v.to_string()).unwrap_or_else(|| "withheld".into()),
                source
            ),
            &f.reason,
        );
        note.source = source.clone();
        note.question = Some(q.kind);
        issues.push(note);
        out.push(RawObs {
            kind: q.kind,
            period,
            offence,
            outcome,
            label: f.label.clone().unwrap_or_else(|| format!("entered by hand: {}", f.period)),
            value: f.value.count(),
            source,
            counted_from_rows: false,
        });
    }
    out
}

/// Raw observations pinned to the force's periods; figures for periods the request did not ask about are
/// left out (a note), and figures of a kind no question asks for likewise.
fn observations(
    campaign: &Campaign,
    slug: &str,
    basis: PeriodBasis,
    raw_obs: Vec<RawObs>,
    issues: &mut Vec<Issue>,
) -> Vec<Checked> {
    let asked: Vec<i32> = campaign.periods.labels.iter().filter_map(|l| Period::start_year_of_label(l)).collect();
    let mut out = Vec::new();
    let mut unasked: BTreeSet<String> = BTreeSet::new();
    let mut kinds_unasked: HashMap<QuestionKind, SourceRef> = HashMap::new();
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
            kinds_unasked.entry(o.kind).or_insert(o.source);
            continue;
        };
        out.push(Checked {
            kind: o.kind,
            obs: Observation {
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
            },
        });
    }
    for (_, source) in kinds_unasked {
        issues.push(
            Issue::new(
                ProblemKind::UnrecognisedTable,
                source,
                "figures of a kind the campaign did not ask for; not stored",
            )
            .note(),
        );
    }
    for p in unasked {
        issues.push(
            Issue::new(
                ProblemKind::UnknownPeriod,
                src(""),
                format!("figures for {p}, a period the request did not ask about, not stored"),
            )
            .note(),
        );
    }
    out
}

fn src(file: &str) -> SourceRef {
    SourceRef { file: file.to_string(), ..Default::default() }
}

pub(crate) fn rel_dir(dir: &Path, raw: &Path) -> String {
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
/// Labels or statements that disagree leave it unsettled: the request's basis is used and a blocking issue says
/// so (a [[force]] correction settles it).
fn force_basis(campaign: &Campaign, obs: &[RawObs], text: &str) -> (PeriodBasis, Option<Issue>) {
    let labelled: BTreeSet<PeriodBasis> = obs
        .iter()
        .filter(|o| !o.counted_from_rows)
        .filter_map(|o| if o.period.calendar { Some(PeriodBasis::Calendar) } else { o.period.basis })
        .collect();
    match labelled.len() {
        1 => return (*labelled.iter().next().expect("one element"), None),
        n if n > 1 => {
            let names: Vec<&str> = labelled.iter().map(|b| b.as_str()).collect();
            return (
                PeriodBasis::Other,
                Some(Issue::new(
                    ProblemKind::BasisUnclear,
                    src(""),
                    format!("the force's period labels state different year definitions ({})", names.join(", ")),
                )),
            );
        }
        _ => {}
    }
    if obs.iter().all(|o| o.counted_from_rows) && !obs.is_empty() {
        return (campaign.basis(), None);
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
        1 => (*evidence.iter().next().expect("one element"), None),
        0 => (campaign.basis(), None),
        _ if obs.is_empty() => (campaign.basis(), None),
        _ => {
            let names: Vec<&str> = evidence.iter().map(|b| b.describe()).collect();
            (
                campaign.basis(),
                Some(Issue::new(
                    ProblemKind::BasisUnclear,
                    src(""),
                    format!(
                        "the letter speaks of {}; the request's {} is assumed until a [[force]] entry settles it",
                        names.join(" and "),
                        campaign.basis().describe()
                    ),
                )),
            )
        }
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
