//! One force's folder, step by step: read its files (less what corrections.toml skips), locate declared
//! tables, find and interpret every other table, add figures typed in by hand, settle the year basis, pin
//! periods, check the figures against each other, settle the status, and fold what was odd into problems.

mod dashes;
mod figures;
pub(crate) mod files;
pub(crate) mod letter;
mod status;

use std::collections::BTreeSet;
use std::path::Path;

use foi_model::{
    Campaign, Corrections, Observation, Problem, ProblemKind, Reference, Response, ResponseStatus, SourceRef,
};

use crate::checks;
use crate::corrections::{ForceCorrections, Section};
use crate::interpret::{interpret, Ctx, RawObs};
use crate::issue::{self, Issue};
use crate::sources::{Limits, NoteKind};
use crate::tables::find_tables;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ForceResult {
    pub observations: Vec<Observation>,
    pub response: Response,
    pub problems: Vec<Problem>,
    /// The corrections.toml entries this force's answer used.
    pub used: BTreeSet<(Section, usize)>,
}

/// Everything one force's ingest needs from its campaign.
pub struct ForceInput<'a> {
    pub campaign: &'a Campaign,
    pub reference: &'a Reference,
    pub corrections: &'a Corrections,
    pub limits: &'a Limits,
    pub raw: &'a Path,
    /// Wordings matched to vocabularies so far, shared by the campaign's forces.
    pub matches: &'a crate::interpret::Matches,
}

/// A `corrected` note: what a decision from corrections.toml changed, and why.
fn corrected(what: String, reason: &str) -> Issue {
    Issue::new(ProblemKind::Corrected, src(""), format!("corrected by hand: {what} — {reason}")).note()
}

fn src(file: &str) -> SourceRef {
    SourceRef { file: file.to_string(), ..Default::default() }
}

pub(crate) fn rel_dir(dir: &Path, raw: &Path) -> String {
    dir.strip_prefix(raw).unwrap_or(dir).to_string_lossy().replace('\\', "/")
}

pub fn ingest_force(input: &ForceInput<'_>, slug: &str, dir: &Path) -> ForceResult {
    let ForceInput { campaign, reference, corrections, limits, raw, matches } = *input;
    let _span = tracing::info_span!("force", force = slug).entered();
    let fc = ForceCorrections::for_force(corrections, campaign, reference, slug, &rel_dir(dir, raw));
    let mut issues: Vec<Issue> = Vec::new();

    let (files, mut docs) = files::read(dir, raw, &fc, limits, &mut issues);
    let declared = files::apply_sheet_corrections(&mut docs, &fc, campaign, &mut issues);
    for d in &mut docs {
        d.sheets = std::mem::take(&mut d.sheets).into_iter().flat_map(crate::tables::side_by_side).collect();
    }

    // First pass: tables and free text of every sheet, so that a footnote anywhere can explain a dash.
    // The letter's words, each with where it is (file, page or sheet): its status, basis, reference and date
    // are read from them, and the sentence that says so is kept as evidence.
    let mut prose: Vec<letter::Passage> = Vec::new();
    let mut layouts = Vec::new();
    let headings = heading_words(campaign);
    for d in &docs {
        for note in &d.notes {
            let source = SourceRef { file: d.file.clone(), sheet: note.sheet.clone(), cell: String::new() };
            issues.push(match note.kind {
                NoteKind::Hidden => Issue::new(ProblemKind::UnrecognisedTable, source, note.message.clone()).note(),
                NoteKind::Unreadable => Issue::new(ProblemKind::UnreadableFile, source, note.message.clone()),
                NoteKind::Truncated => Issue::new(ProblemKind::Truncated, source, note.message.clone()),
            });
        }
        for sheet in &d.sheets {
            let layout = find_tables(sheet, &headings);
            prose.extend(layout.lines.iter().map(|(r, l)| letter::Passage {
                source: SourceRef { file: d.file.clone(), sheet: sheet.locate(*r, 0).0, cell: String::new() },
                text: l.clone(),
            }));
            layouts.push((d.file.as_str(), layout));
        }
        // The document's prose that no sheet holds as a line (a document's paragraphs are both, and the sheet
        // knows their page).
        let placed: BTreeSet<&str> = prose.iter().map(|p| p.text.as_str()).collect();
        let unplaced: Vec<letter::Passage> = d
            .prose
            .iter()
            .filter(|p| !placed.contains(p.as_str()))
            .map(|p| letter::Passage { source: src(&d.file), text: p.clone() })
            .collect();
        prose.extend(unplaced);
    }
    let text = prose.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let suppression_noted = letter::suppression_noted(&text);
    let dash_zero = !suppression_noted && {
        let proof =
            dashes::zero_by_totals(layouts.iter().flat_map(|(file, l)| l.tables.iter().map(move |t| (*file, t))));
        if let Some(p) = &proof {
            issues.push(Issue::new(ProblemKind::BadValue, p.source.clone(), p.message.clone()).note());
        }
        proof.is_some()
    };

    let mut raw_obs: Vec<RawObs> = Vec::new();
    for (file, layout) in &layouts {
        let ctx = Ctx { campaign, file, suppression_noted, dash_zero, labels: &fc.labels, memo: matches };
        for table in &layout.tables {
            let _span = tracing::debug_span!("sheet", sheet = table.sheet.name.as_str()).entered();
            let out = interpret(&ctx, table);
            raw_obs.extend(out.obs);
            issues.extend(out.issues);
        }
    }
    for d in &declared {
        let ctx = Ctx { campaign, file: &d.file, suppression_noted, dash_zero, labels: &fc.labels, memo: matches };
        let out = crate::declared::read(&ctx, &d.sheet, d.range, d.question, d.orientation, d.period.as_deref());
        raw_obs.extend(out.obs);
        issues.extend(out.issues);
    }
    raw_obs.extend(figures::entered(campaign, &fc, &mut issues));
    totals_as_counts(&mut raw_obs);
    for (_, l) in fc.label_entries.iter().filter(|(i, _)| fc.labels.was_used(*i)) {
        let target = l.target.resolve().map(|(v, _, value)| format!("{value} ({v})")).unwrap_or_default();
        let words = l.label.all().iter().map(|w| format!("{w:?}")).collect::<Vec<_>>().join(", ");
        issues.push(corrected(format!("label {words} mapped to {target}"), &l.reason));
    }

    let (mut basis, basis_issue) = letter::force_basis(campaign, &raw_obs, &text);
    issues.extend(basis_issue);
    let mut set = status::Decided::default();
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
            set.status = Some(s);
        }
        if let Some(e) = &f.exemption {
            issues.push(corrected(format!("exemption set to {e}"), &f.reason));
            set.exemption = Some(e.clone());
        }
    }

    let rows = figures::pin_periods(campaign, slug, basis, raw_obs, &mut issues);
    let lead = campaign.questions.iter().position(|q| q.is_count()).expect("a campaign asks a count question");
    let (rows, check_issues) = checks::check(rows, lead);
    issues.extend(check_issues);
    let observations: Vec<Observation> = rows.into_iter().map(|c| c.obs).collect();

    let (status, exemption) =
        status::settle(campaign, &observations, &text, set, !files.is_empty(), basis, &rel_dir(dir, raw), &mut issues);
    let has_figures = !observations.is_empty();
    let measure_of = |q: usize| campaign.questions.get(q).map(|q| q.measure.clone()).unwrap_or_default();
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
        reference: letter::foi_reference(&text, files.iter().map(|(rel, _)| rel.as_str())),
        received: docs.iter().find_map(|d| d.sent).or_else(|| letter::response_date(&text)),
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        problems: problems.len() as u32,
        evidence: Vec::new(),
        answered_levels: answered_levels(&observations),
    };
    let evidence = letter::evidence(&prose, &response, &observations);
    let response = Response { evidence, ..response };
    ForceResult { observations, response, problems, used: fc.used() }
}

/// Words that may head a column of the campaign's breakdowns: each vocabulary's noun and column title
/// ("age group", "outcome").
fn heading_words(campaign: &Campaign) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for v in campaign.breakdowns().filter_map(|q| campaign.vocabulary_of(q)) {
        for phrase in [Some(&v.noun), Some(&v.plural), v.words.column.as_ref()].into_iter().flatten() {
            for w in foi_model::normalise(phrase).split(' ').filter(|w| w.len() > 2) {
                if !words.iter().any(|x| x == w) {
                    words.push(w.to_string());
                }
            }
        }
    }
    words
}

/// A breakdown's Total row stands for the count question only where no table answers it directly, and only the
/// first table's total for a period is kept (another table's total for it is checked through its own parts).
fn totals_as_counts(raw_obs: &mut Vec<RawObs>) {
    let direct: BTreeSet<(usize, i32, bool)> = raw_obs
        .iter()
        .filter(|o| !o.from_total && o.category.is_none())
        .map(|o| (o.question, o.period.start_year, o.period.calendar))
        .collect();
    let mut kept: BTreeSet<(usize, i32, bool)> = BTreeSet::new();
    raw_obs.retain(|o| {
        if !o.from_total {
            return true;
        }
        let key = (o.question, o.period.start_year, o.period.calendar);
        !direct.contains(&key) && kept.insert(key)
    });
}

/// How deep each breakdown was answered, by rows: a code, a subgroup, a group, or words no entry matched.
fn answered_levels(observations: &[foi_model::Observation]) -> String {
    let mut by: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, usize>> = Default::default();
    for o in observations {
        let Some(v) = o.breakdown.as_deref() else { continue };
        let level = if o.category_code.is_some() {
            "code"
        } else if o.category_subgroup.is_some() {
            "subgroup"
        } else if o.category_group.is_some() {
            "group"
        } else {
            "unmapped"
        };
        *by.entry(v).or_default().entry(level).or_default() += 1;
    }
    by.iter()
        .map(|(v, levels)| {
            let levels: Vec<String> = ["code", "subgroup", "group", "unmapped"]
                .iter()
                .filter_map(|l| levels.get(l).map(|n| format!("{l} {n}")))
                .collect();
            format!("{v}: {}", levels.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
