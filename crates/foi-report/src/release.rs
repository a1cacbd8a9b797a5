//! The data a force's release template prints: the figures, the campaign's text, and every sentence and table
//! cell pre-formatted here (so it can be tested without typst, and so typst never sees text as markup).

use std::collections::HashSet;

use foi_analysis::{BreakdownRow, Figure, ForceFigures, NationalFigures, OpenProblem, ReleaseState};
use foi_model::{Campaign, PeriodBasis, Question, QuestionKind, Reference, Release, ResponseStatus, SourceRef};
use serde::Serialize;

use crate::format::{
    self, capitalise, count_in, decapitalise, figure_in, join_and, join_or, noun, ordinal_in, plural_in, thousands,
    whole, Numerals,
};
use crate::story::{self, force_title, Story};

/// How many source cells a row of the sources appendix lists before pointing to the figures file.
pub const SOURCE_CELLS_SHOWN: usize = 12;

/// Everything `release.typ` reads (`json(sys.inputs.data)`).
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseData {
    /// `force_release`.
    pub kind: &'static str,
    pub campaign: CampaignText,
    /// The campaign's release text as written in campaign.toml (organisation, subject, contact, quotes, notes).
    pub release: Release,
    pub force: ForceText,
    pub story: Story,
    pub no_charges: bool,
    /// Set when a blocking problem is open: the banner on every page and the box on page 1.
    pub draft: Option<DraftBox>,
    /// Headline to outcomes: the only section about this force, and it names no other force.
    pub local: LocalSection,
    pub national: NationalSection,
    pub methodology: Vec<String>,
    pub sources: SourcesSection,
    /// The figures as analysis made them (not printed directly; kept for whoever opens the JSON).
    pub figures: ForceFigures,
}

/// What a draft shows: a banner on every page, and on page 1 what is still open and how to settle it.
#[derive(Debug, Clone, Serialize)]
pub struct DraftBox {
    pub banner: String,
    pub title: String,
    pub intro: String,
    /// One line per open problem: where, what, and what would settle it.
    pub items: Vec<String>,
}

/// The banner a draft carries on every page.
pub const DRAFT_BANNER: &str = "DRAFT — NOT FOR PUBLICATION";

/// How many open problems a draft's box lists before pointing to `foi review`.
pub const DRAFT_ITEMS_SHOWN: usize = 8;

/// `file [sheet]!B5, B6: message. To settle: hint`
pub fn open_problem_line(p: &OpenProblem) -> String {
    let mut at = p.source.to_string();
    let more: Vec<&String> = p.cells.iter().filter(|c| **c != p.source.cell).collect();
    if !more.is_empty() {
        at.push_str(&format!(", {}", more.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")));
    }
    let hint = if p.hint.is_empty() { String::new() } else { format!(" To settle: {}.", p.hint.trim_end_matches('.')) };
    format!("{at}: {}.{hint}", p.message.trim_end_matches('.'))
}

/// The draft box for `open` problems; `review` is the command that lists them all.
pub(crate) fn draft_box(open: &[OpenProblem], review: &str) -> DraftBox {
    let mut items: Vec<String> = open.iter().take(DRAFT_ITEMS_SHOWN).map(open_problem_line).collect();
    if open.len() > DRAFT_ITEMS_SHOWN {
        items.push(format!("… and {} more: run `{review}`.", open.len() - DRAFT_ITEMS_SHOWN));
    }
    DraftBox {
        banner: DRAFT_BANNER.to_string(),
        title: "Open problems: figures in this draft may be wrong".to_string(),
        intro: format!(
            "Ingest found {} that {} a figure here doubtful. Settle each in the force's files or in corrections.toml, re-run `foi ingest`, and write the release again; until then it is a draft.",
            noun_count(open.len(), "problem", "problems"),
            if open.len() == 1 { "makes" } else { "make" }
        ),
        items,
    }
}

fn noun_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignText {
    pub slug: String,
    pub title: String,
    pub platform: String,
    pub requester: Option<String>,
    pub request_text: String,
    /// The request text for display: hard-wrapped lines joined, one entry per paragraph or list item.
    pub request_paragraphs: Vec<String>,
    pub questions: Vec<QuestionText>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionText {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForceText {
    pub slug: String,
    pub name: String,
    pub official_name: String,
    /// How the release names the force (the official name from the figures).
    pub title: String,
    pub status: String,
    /// "answered", "refused" … in words.
    pub status_text: String,
    pub foi_reference: Option<String>,
    pub period_basis_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocalSection {
    pub headline: String,
    pub standfirst: String,
    pub paragraphs: Vec<String>,
    pub chart: Option<Chart>,
    pub offences: Option<Table>,
    pub outcomes: Option<Table>,
}

/// A bar chart of the yearly counts. `fraction` is the bar's height relative to the tallest bar (0 to 1).
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<Bar>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub period: String,
    /// The printed label: "106", "at least 13", "withheld".
    pub value_text: String,
    pub fraction: f64,
    /// No bar is drawn: the value was withheld or not given.
    pub missing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// 0 for a top-level row, 1 for a part of the row above.
    pub level: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct NationalSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourcesSection {
    pub heading: String,
    pub intro: String,
    /// The files the rows' cells are in, each under a short key (`[1]`) that the rows use.
    pub files: Vec<SourceFile>,
    pub rows: Vec<SourceRow>,
    /// Decisions made by hand (corrections.toml) that touched these figures: "corrected by hand: … — reason".
    pub decisions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    pub key: String,
    /// Relative to the campaign's raw folder.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub label: String,
    pub value: String,
    pub formula: String,
    pub period: String,
    pub base: String,
    /// `[1] Q1!B2, B3, B4`: the file's key, then consecutive cells of one sheet together; at most
    /// [`SOURCE_CELLS_SHOWN`] cells.
    pub cells: Vec<String>,
    /// Set when more cells went into the figure than are listed.
    pub more: Option<String>,
    /// A row for several figures (the offence table's rows, see [`RowGroup`]): `value` is empty, `formula` ends
    /// with the values in order and `cells` lists every member's cell in the same order; the template gives its
    /// formula and cells the full width.
    pub group: bool,
}

impl CampaignText {
    pub fn new(c: &Campaign) -> CampaignText {
        CampaignText {
            slug: c.slug.clone(),
            title: c.title.clone(),
            platform: c.platform.clone(),
            requester: c.requester.clone(),
            request_text: c.request_text.trim().to_string(),
            request_paragraphs: reflow(&c.request_text),
            questions: c.questions.iter().map(|q| QuestionText { id: q.id.clone(), text: q.text.clone() }).collect(),
        }
    }
}

/// Join hard-wrapped lines: a blank line ends a paragraph, and a line that starts a list item ("1.", "1a)",
/// "-", "*") starts a new entry; any other line continues the one before.
pub(crate) fn reflow(text: &str) -> Vec<String> {
    fn starts_item(line: &str) -> bool {
        let t = line.trim_start();
        if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ") {
            return true;
        }
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        let rest = &t[digits..];
        let rest = rest.strip_prefix(|c: char| c.is_ascii_lowercase()).unwrap_or(rest);
        rest.starts_with(". ") || rest.starts_with(") ")
    }
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            open = false;
        } else if open && !starts_item(line) {
            let last = out.last_mut().expect("an open entry exists");
            last.push(' ');
            last.push_str(t);
        } else {
            out.push(t.to_string());
            open = true;
        }
    }
    out
}

/// The outcome group's label from the reference ("Evidential difficulties - victim does not support action").
pub(crate) fn outcome_group_label(group: &str) -> String {
    let reference = Reference::builtin();
    reference.outcome_group_label(group).map(str::to_string).unwrap_or_else(|| capitalise(&group.replace('_', " ")))
}

/// "Derbyshire" for `derbyshire`, or the text itself when it is not a known slug.
pub(crate) fn force_display_name(reference: &Reference, slug_or_name: &str, national: &NationalFigures) -> String {
    if let Some(row) = national.league.iter().find(|r| r.force == slug_or_name) {
        return row.name.clone();
    }
    reference.force_by_slug(slug_or_name).map(|f| f.name.clone()).unwrap_or_else(|| slug_or_name.to_string())
}

fn value_cell(value: Option<i64>, suppressed: bool) -> String {
    match (value, suppressed) {
        (Some(v), true) => format!("at least {}", thousands(v)),
        (Some(v), false) => thousands(v),
        (None, true) => "withheld".to_string(),
        (None, false) => "not given".to_string(),
    }
}

/// All figures a release or its appendix prints, each once (by id), in the figures' own order.
pub fn printed_figures(f: &ForceFigures) -> Vec<&Figure> {
    let mut seen = HashSet::new();
    f.figures
        .iter()
        .chain(f.total.iter())
        .chain(f.latest.iter())
        .chain(f.outcome_figures.iter())
        .chain([&f.national.total, &f.national.latest_year_total])
        .filter(|x| seen.insert(x.id.clone()))
        .collect()
}

/// A sheet name as a spreadsheet writes it in a reference: `Q1`, or `'Q1a 2023-24'` when it needs quotes.
fn sheet_ref(sheet: &str) -> String {
    if !sheet.is_empty() && sheet.chars().all(|c| c.is_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// `"B16"` → `("B", 16)`.
fn split_cell(cell: &str) -> Option<(&str, u64)> {
    let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
    let row: u64 = cell[letters..].parse().ok()?;
    (letters > 0).then_some((&cell[..letters], row))
}

/// Runs of three or more cells down one column as a range: `B2, B3, B4, B6` → `B2–B4, B6`.
fn with_ranges(cells: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while let (Some((col, row)), Some((next_col, next_row))) =
            (split_cell(cells[j]), cells.get(j + 1).and_then(|c| split_cell(c)))
        {
            if next_col == col && next_row == row + 1 {
                j += 1;
            } else {
                break;
            }
        }
        if j - i >= 2 {
            out.push(format!("{}–{}", cells[i], cells[j]));
        } else {
            out.extend(cells[i..=j].iter().map(|c| c.to_string()));
        }
        i = j + 1;
    }
    out
}

/// Cells as a reader wants them, one entry per run of cells in one sheet of one file:
/// `[1] Q1!B2, B3, B4`, where `[1]` is the file's key in `files` (added there on first sight). At most `limit`
/// cells; with `ranges`, runs down a column are written as ranges (`B2–B17`).
pub(crate) fn cell_groups(sources: &[SourceRef], files: &mut Vec<String>, limit: usize, ranges: bool) -> Vec<String> {
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for s in sources.iter().take(limit) {
        match groups.last_mut() {
            Some((file, sheet, cells)) if *file == s.file && *sheet == s.sheet => cells.push(&s.cell),
            _ => groups.push((&s.file, &s.sheet, vec![&s.cell])),
        }
    }
    groups
        .into_iter()
        .map(|(file, sheet, cells)| {
            let key = match files.iter().position(|f| f == file) {
                Some(i) => i + 1,
                None => {
                    files.push(file.to_string());
                    files.len()
                }
            };
            let cells: Vec<&str> = cells.into_iter().filter(|c| !c.is_empty()).collect();
            let cells: Vec<String> =
                if ranges { with_ranges(&cells) } else { cells.iter().map(|c| c.to_string()).collect() };
            match (sheet.is_empty(), cells.is_empty()) {
                (true, true) => format!("[{key}]"),
                (true, false) => format!("[{key}] {}", cells.join(", ")),
                (false, true) => format!("[{key}] {}", sheet_ref(sheet)),
                (false, false) => format!("[{key}] {}!{}", sheet_ref(sheet), cells.join(", ")),
            }
        })
        .collect()
}

/// Figures the sources appendix lists as one row, such as the rows of the offence table: one figure per printed
/// row, each with its single cell. The row gives the values and the cells in the same order, all of them.
#[derive(Debug, Clone)]
pub(crate) struct RowGroup {
    /// The members' ids, in the order they are listed.
    pub ids: Vec<String>,
    /// Printed in the Figure column: `offence.1–16`.
    pub id_text: String,
    /// What the members are: "the offence table's rows".
    pub what: String,
    /// The members' values as printed, in order ("58", "withheld").
    pub values: Vec<String>,
}

/// `[1, 2, 3, 5, 4]` → `"1–3, 5, 4"`.
fn number_runs(ns: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ns.len() {
        let mut j = i;
        while j + 1 < ns.len() && ns[j + 1] == ns[j] + 1 {
            j += 1;
        }
        out.push(if i == j { ns[i].to_string() } else { format!("{}–{}", ns[i], ns[j]) });
        i = j + 1;
    }
    out.join(", ")
}

/// The sources appendix. A figure for which `elsewhere` is true lists no cells here but names `elsewhere_file`
/// (national figures in a force release: every force's cells are in the overview's figures file); of the other
/// figures, only cells for which `own` is true are listed (a force release lists its own force's files only).
/// The members of each of `groups` are listed together as one row, where the first of them would be. A figure
/// without a value shows `no_value(figure)`, the word the release printed for it ("withheld", "no value").
#[allow(clippy::too_many_arguments)]
pub(crate) fn sources_section<'a>(
    heading: &str,
    intro: String,
    figures: impl IntoIterator<Item = &'a Figure>,
    groups: &[RowGroup],
    no_value: impl Fn(&Figure) -> &'static str,
    csv_name: &str,
    elsewhere: impl Fn(&Figure) -> bool,
    elsewhere_file: &str,
    own: impl Fn(&SourceRef) -> bool,
) -> SourcesSection {
    let figures: Vec<&Figure> = figures.into_iter().collect();
    let by_id = |id: &str| figures.iter().copied().find(|x| x.id == id);
    let group_of = |id: &str| groups.iter().position(|g| g.ids.iter().any(|m| m == id));
    let mut files = Vec::new();
    let mut rows = Vec::new();
    let mut done = HashSet::new();
    for x in &figures {
        if let Some(gi) = group_of(&x.id) {
            if !done.insert(gi) {
                continue;
            }
            let g = &groups[gi];
            let members: Vec<&Figure> = g.ids.iter().filter_map(|id| by_id(id)).collect();
            let all: Vec<&SourceRef> = members.iter().flat_map(|m| &m.sources).collect();
            let listed: Vec<SourceRef> = all.iter().filter(|s| own(s)).map(|s| (*s).clone()).collect();
            // The members' formulas, each once; one that only adds to another ("…: withheld") is left to the values.
            let mut formulas: Vec<&str> = Vec::new();
            for m in &members {
                if !formulas.contains(&m.formula.as_str()) {
                    formulas.push(&m.formula);
                }
            }
            let formulas: Vec<&str> = formulas
                .iter()
                .copied()
                .filter(|f| !formulas.iter().any(|o| o != f && !o.is_empty() && f.starts_with(o)))
                .collect();
            let periods: Vec<&str> = members.iter().map(|m| m.period.as_str()).collect();
            rows.push(SourceRow {
                id: g.id_text.clone(),
                label: g.what.clone(),
                value: String::new(),
                formula: format!("{}; {}, in order: {}", formulas.join("; "), g.what, g.values.join(", ")),
                period: if periods.iter().all(|p| *p == periods[0]) { periods[0].to_string() } else { String::new() },
                base: String::new(),
                cells: cell_groups(&listed, &mut files, usize::MAX, true),
                more: (listed.len() < all.len()).then(|| format!("other forces' cells: see {csv_name}")),
                group: true,
            });
            continue;
        }
        let here = !elsewhere(x);
        let listed: Vec<SourceRef> =
            if here { x.sources.iter().filter(|s| own(s)).cloned().collect() } else { Vec::new() };
        let more = if !here {
            Some(format!("see {elsewhere_file}"))
        } else if listed.len() < x.sources.len() {
            Some(format!("other forces' cells: see {csv_name}"))
        } else {
            (listed.len() > SOURCE_CELLS_SHOWN).then(|| format!("… more in {csv_name}"))
        };
        rows.push(SourceRow {
            id: x.id.clone(),
            label: x.label.clone(),
            value: format::figure(x).unwrap_or_else(|| no_value(x).to_string()),
            formula: x.formula.clone(),
            period: x.period.clone(),
            base: x.base.clone(),
            cells: cell_groups(&listed, &mut files, SOURCE_CELLS_SHOWN, false),
            more,
            group: false,
        });
    }
    SourcesSection {
        heading: heading.to_string(),
        intro,
        files: files
            .into_iter()
            .enumerate()
            .map(|(i, path)| SourceFile { key: format!("[{}]", i + 1), path })
            .collect(),
        rows,
        decisions: Vec::new(),
    }
}

/// True for a source file in the force's own folder (`<campaign>/<force>/…` or `<force>/…`).
fn in_force_folder(slug: &str, s: &SourceRef) -> bool {
    s.file.split(['/', '\\']).rev().skip(1).any(|c| c == slug)
}

/// National figures in a force release: by id (`national…`), or the national figures themselves.
fn is_national(f: &ForceFigures, x: &Figure) -> bool {
    x.id.starts_with("national") || x.id == f.national.total.id || x.id == f.national.latest_year_total.id
}

fn find<'a>(f: &'a ForceFigures, id: &str) -> Option<&'a Figure> {
    f.outcome_figures.iter().chain(&f.figures).find(|x| x.id == id)
}

fn outcome_period(f: &ForceFigures) -> String {
    f.outcome_figures.iter().map(|x| x.period.as_str()).find(|p| !p.is_empty()).unwrap_or(&f.latest_period).to_string()
}

fn years_sentence(f: &ForceFigures) -> Option<String> {
    if f.years.is_empty() {
        return None;
    }
    let parts: Vec<String> = f
        .years
        .iter()
        .map(|y| match (y.value, y.suppressed) {
            (Some(v), suppressed) => format!("{} in {}", count_in(v, suppressed, WORDS), y.period),
            (None, true) => format!("a number it withheld in {}", y.period),
            (None, false) => format!("no figure for {}", y.period),
        })
        .collect();
    Some(format!("Year by year, the force gave {}.", join_and(&parts)))
}

fn offences_sentence(f: &ForceFigures) -> Option<String> {
    let mut rows: Vec<&BreakdownRow> = f.offences.iter().filter(|r| r.value.is_some_and(|v| v > 0)).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.value));
    let top: Vec<String> = rows
        .iter()
        .take(3)
        .map(|r| {
            // A count in brackets is a list's datum, not prose: digits, like the table below it.
            let v = r.value.unwrap_or_default();
            let v = count_in(v, r.suppressed, Numerals::Digits);
            format!("{} ({v})", decapitalise(&r.label))
        })
        .collect();
    match top.len() {
        0 => None,
        1 => Some(format!("The offence type it recorded most often in {} was {}.", f.latest_period, top[0])),
        _ => Some(format!("The offence types it recorded most often in {} were {}.", f.latest_period, join_and(&top))),
    }
}

/// Numbers in running text: one to nine in words.
const WORDS: Numerals = Numerals::Words;

/// "case" for a figure of exactly one, else "cases".
fn cases(x: &Figure) -> &'static str {
    noun(format::figure_count(x).unwrap_or(0), "case", "cases")
}

/// Two paragraphs' worth of sentences: what happened (charges, no suspect, evidential difficulties), then what
/// is still open and the most common outcome.
fn outcomes_sentences(f: &ForceFigures) -> (Vec<String>, Vec<String>) {
    let p = outcome_period(f);
    let mut out = Vec::new();
    let mut rest = Vec::new();
    if let Some(c) = find(f, "outcome.charged") {
        match (figure_in(c, WORDS), format::figure_count(c)) {
            (_, Some(0)) if !c.lower_bound => out.push(format!(
                "None of the offences recorded in {p} had led to a charge or summons when the force answered."
            )),
            (Some(v), _) => out.push(format!(
                "Of the offences recorded in {p}, {v} had led to a charge or summons when the force answered."
            )),
            (None, _) => {}
        }
    }
    if let Some(x) = find(f, "outcome.no_suspect") {
        if let Some(v) = figure_in(x, WORDS) {
            out.push(format!(
                "In {v} {} the investigation was completed without a suspect being identified.",
                cases(x)
            ));
        }
    }
    if let Some((e, v)) = find(f, "outcome.evidential").and_then(|e| Some((e, figure_in(e, WORDS)?))) {
        let mut parts = Vec::new();
        if let Some(x) = find(f, "outcome.evidential_14").and_then(|x| figure_in(x, WORDS)) {
            parts.push(format!("{x} where no suspect was identified and the victim did not support action"));
        }
        if let Some(x) = find(f, "outcome.evidential_15").and_then(|x| figure_in(x, WORDS)) {
            parts.push(format!("{x} where a suspect was identified and the victim supported action"));
        }
        if let Some(x) = find(f, "outcome.evidential_16").and_then(|x| figure_in(x, WORDS)) {
            parts.push(format!("{x} where a suspect was identified but the victim did not support further action"));
        }
        let detail = if parts.is_empty() { String::new() } else { format!(", including {}", join_and(&parts)) };
        out.push(format!("Evidential difficulties stopped further action in {v} {}{detail}.", cases(e)));
    }
    if let Some(v) = find(f, "outcome.not_yet_assigned").and_then(|x| figure_in(x, WORDS)) {
        rest.push(format!("The force had not yet assigned an outcome to {v} of them."));
    }
    if let Some(g) = &f.most_common_outcome_group {
        let same = f.national.most_common_outcome_group.as_deref() == Some(g.as_str());
        rest.push(format!(
            "The outcome the force recorded most often in {p} was “{}”{}.",
            outcome_group_label(g),
            if same { ", as it was nationally" } else { "" }
        ));
    }
    (out, rest)
}

/// Whether the figures hold an answer to a question of this kind (a withheld year is an answer; an empty
/// breakdown is not).
fn answers(f: &ForceFigures, kind: QuestionKind) -> bool {
    match kind {
        QuestionKind::YearlyCount => f.years.iter().any(|y| y.value.is_some() || y.suppressed),
        QuestionKind::OffenceBreakdown => !f.offences.is_empty(),
        QuestionKind::OutcomeBreakdown => !f.outcomes.is_empty() || !f.outcome_figures.is_empty(),
    }
}

/// For a force that answered in part: the campaign's questions its figures answer, and those they do not.
/// `None` for any other status, or when nothing is missing.
fn partial_answer<'a>(campaign: &'a Campaign, f: &ForceFigures) -> Option<(Vec<&'a Question>, Vec<&'a Question>)> {
    if ResponseStatus::parse(&f.status) != Some(ResponseStatus::Partial) {
        return None;
    }
    let (answered, missing): (Vec<&Question>, Vec<&Question>) =
        campaign.questions.iter().partition(|q| answers(f, q.kind));
    (!missing.is_empty()).then_some((answered, missing))
}

/// What a question of this kind asked for, as a noun phrase: "the yearly numbers", "the offences", "the action
/// taken".
fn asked_for(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YearlyCount => "the yearly numbers",
        QuestionKind::OffenceBreakdown => "the offences",
        QuestionKind::OutcomeBreakdown => "the action taken",
    }
}

/// Each kind's phrase once, in the questions' order.
fn phrases(questions: &[&Question], phrase: impl Fn(QuestionKind) -> String) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in questions {
        let p = phrase(q.kind);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// ", citing section 12 of the Freedom of Information Act (cost of compliance)", or nothing.
fn citing(f: &ForceFigures) -> String {
    f.exemption
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| format!(", {}", story::exemption_phrase(e)))
        .unwrap_or_default()
}

/// The local section's sentence about a partial answer: "Gwent Police gave yearly figures but did not say what
/// the offences were or what action was taken, citing section 12 of the Freedom of Information Act (cost of
/// compliance)."
fn partial_sentence(campaign: &Campaign, f: &ForceFigures) -> Option<String> {
    let (answered, missing) = partial_answer(campaign, f)?;
    let subject = campaign.release.subject.trim();
    let gave = phrases(&answered, |k| {
        match k {
            QuestionKind::YearlyCount => "gave yearly figures",
            QuestionKind::OffenceBreakdown => "said what the offences were",
            QuestionKind::OutcomeBreakdown => "said what action was taken",
        }
        .to_string()
    });
    let not_said = phrases(&missing, |k| match k {
        QuestionKind::YearlyCount => format!("how many {subject} it recorded each year"),
        QuestionKind::OffenceBreakdown => "what the offences were".to_string(),
        QuestionKind::OutcomeBreakdown => "what action was taken".to_string(),
    });
    let force = force_title(f);
    let did = if gave.is_empty() {
        format!("{force} answered only part of the request and")
    } else {
        format!("{force} {} but", join_and(&gave))
    };
    Some(format!("{did} did not say {}{}.", join_or(&not_said), citing(f)))
}

/// "question 1" / "questions 1a and 1b", each followed by what it asked for in brackets.
fn questions_list(questions: &[&Question], and_or: &str) -> String {
    let items: Vec<String> = questions.iter().map(|q| format!("{} ({})", q.id, asked_for(q.kind))).collect();
    let list = match items.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} {and_or} {last}", init.join(", ")),
        _ => items.join(""),
    };
    format!("{} {list}", if questions.len() == 1 { "question" } else { "questions" })
}

/// The methodology box's line about a partial answer: which of the campaign's questions it answered.
fn partial_caveat(campaign: &Campaign, f: &ForceFigures) -> Option<String> {
    let (answered, missing) = partial_answer(campaign, f)?;
    let force = force_title(f);
    let none_on = join_or(&phrases(&missing, |k| asked_for(k).to_string()));
    let what = if answered.is_empty() {
        format!("it gave no answer to {}", questions_list(&missing, "and"))
    } else {
        format!("{} but not {}", questions_list(&answered, "and"), questions_list(&missing, "or"))
    };
    Some(format!(
        "{force} answered only part of the request: {what}{}, so this release has no figures on {none_on}.",
        citing(f),
    ))
}

fn chart(f: &ForceFigures, subject: &str) -> Option<Chart> {
    if f.years.iter().all(|y| y.value.is_none()) {
        return None;
    }
    let max = f.years.iter().filter_map(|y| y.value).max().unwrap_or(0).max(0);
    let bars = f
        .years
        .iter()
        .map(|y| Bar {
            period: y.period.clone(),
            value_text: value_cell(y.value, y.suppressed),
            fraction: match y.value {
                Some(v) if max > 0 => (v.max(0) as f64) / (max as f64),
                _ => 0.0,
            },
            missing: y.value.is_none(),
        })
        .collect::<Vec<_>>();
    let note =
        f.years.iter().any(|y| y.suppressed).then(|| {
            "“At least”: the force withheld part of the count; “withheld”: it withheld all of it.".to_string()
        });
    Some(Chart { title: format!("{} recorded by {}, by year", capitalise(subject), force_title(f)), bars, note })
}

/// The offence rows in the order the table prints them (largest first; withheld and missing values last, in the
/// figures' order), as indexes into `f.offences`: row `i` is the figure `offence.{i + 1}`.
fn offence_order(f: &ForceFigures) -> Vec<usize> {
    let mut order: Vec<usize> = (0..f.offences.len()).collect();
    order.sort_by_key(|&i| (f.offences[i].value.is_none(), std::cmp::Reverse(f.offences[i].value.unwrap_or(0))));
    order
}

/// The offence table's figures (`offence.1`, `offence.2` … one per row, in `f.offences` order) as one row of the
/// sources appendix, listed in the table's order.
fn offence_group(f: &ForceFigures) -> Option<RowGroup> {
    let members: Vec<(usize, &Figure)> = offence_order(f)
        .into_iter()
        .filter_map(|i| f.figures.iter().find(|x| x.id == format!("offence.{}", i + 1)).map(|x| (i, x)))
        .collect();
    if members.is_empty() {
        return None;
    }
    let numbers: Vec<usize> = members.iter().map(|(i, _)| i + 1).collect();
    Some(RowGroup {
        ids: members.iter().map(|(_, x)| x.id.clone()).collect(),
        id_text: format!("offence.{}", number_runs(&numbers)),
        what: "the offence table's rows".into(),
        values: members
            .iter()
            .map(|(i, x)| {
                let r = &f.offences[*i];
                format::figure(x).unwrap_or_else(|| value_cell(r.value, r.suppressed))
            })
            .collect(),
    })
}

fn offences_table(f: &ForceFigures) -> Option<Table> {
    if f.offences.is_empty() {
        return None;
    }
    let rows: Vec<&BreakdownRow> = offence_order(f).into_iter().map(|i| &f.offences[i]).collect();
    let any_withheld = rows.iter().any(|r| r.suppressed);
    Some(Table {
        title: format!("Offences recorded in {}, by type", f.latest_period),
        columns: vec!["Offence".into(), "Group".into(), f.latest_period.clone()],
        rows: rows
            .into_iter()
            .map(|r| TableRow {
                cells: vec![r.label.clone(), r.group.clone(), value_cell(r.value, r.suppressed)],
                level: 0,
            })
            .collect(),
        note: any_withheld.then(|| "“Withheld”: the force withheld a small number to protect identities.".to_string()),
    })
}

/// Outcome rows in a fixed order; any further `outcome.*` figures follow with their own labels.
const OUTCOME_ROWS: &[(&str, &str, u8)] = &[
    ("outcome.charged", "Charged or summonsed", 0),
    ("outcome.evidential", "Evidential difficulties (outcomes 14 to 16)", 0),
    ("outcome.evidential_14", "No suspect identified; victim does not support (14)", 1),
    ("outcome.evidential_15", "Suspect identified; victim supports (15)", 1),
    ("outcome.evidential_16", "Suspect identified; victim does not support (16)", 1),
    ("outcome.no_suspect", "Investigation complete, no suspect identified (18)", 0),
    ("outcome.not_yet_assigned", "Not yet assigned an outcome", 0),
];

fn outcomes_table(f: &ForceFigures) -> Option<Table> {
    let mut rows = Vec::new();
    let mut used = HashSet::new();
    for (id, label, level) in OUTCOME_ROWS {
        if let Some(x) = find(f, id) {
            used.insert(*id);
            rows.push(TableRow {
                cells: vec![label.to_string(), format::figure(x).unwrap_or_else(|| "withheld".into())],
                level: *level,
            });
        }
    }
    for x in f.outcome_figures.iter().filter(|x| x.id.starts_with("outcome.") && !used.contains(x.id.as_str())) {
        rows.push(TableRow {
            cells: vec![x.label.clone(), format::figure(x).unwrap_or_else(|| "withheld".into())],
            level: 0,
        });
    }
    if rows.is_empty() {
        return None;
    }
    let p = outcome_period(f);
    Some(Table {
        title: format!("What happened to the offences recorded in {p}"),
        columns: vec!["Outcome".into(), p],
        rows,
        note: Some("Home Office outcome codes in brackets. Outcomes are provisional.".into()),
    })
}

fn league_row(f: &ForceFigures) -> Option<&foi_analysis::LeagueRow> {
    f.national.league.iter().find(|r| r.force == f.force)
}

fn national_section(f: &ForceFigures, campaign: &Campaign, story: Story) -> NationalSection {
    let n = &f.national;
    let subject = campaign.release.subject.trim();
    let mut paragraphs = Vec::new();
    let mut first = Vec::new();
    if !story.is_non_answer() {
        if let Some(s) = story::national_sentence(f, subject, false, WORDS) {
            first.push(s);
        }
    }
    if let Some(v) = figure_in(&n.latest_year_total, WORDS) {
        let (_, _, p) = story::national_periods(f);
        first.push(format!("In {p} alone, those forces recorded {v}."));
    }
    if let Some(c) = &n.change {
        let forces = plural_in(n.change_forces, "force", "forces", WORDS);
        let w = |v: i64| whole(v, WORDS);
        let how = match c.pct {
            Some(p) if p > 0 => format!("rose by {p}%, from {} to {}", w(c.from), w(c.to)),
            Some(p) if p < 0 => format!("fell by {}%, from {} to {}", p.abs(), w(c.from), w(c.to)),
            Some(_) => format!("was unchanged at {}", w(c.to)),
            None if c.to > c.from => format!("rose from {} to {}", w(c.from), w(c.to)),
            None if c.to < c.from => format!("fell from {} to {}", w(c.from), w(c.to)),
            None => format!("was unchanged at {}", w(c.to)),
        };
        first.push(format!(
            "Comparing like with like, among the {forces} that gave figures for both {} and {} the number {how}.",
            c.from_period, c.to_period
        ));
    }
    if !first.is_empty() {
        paragraphs.push(first.join(" "));
    }

    let force = force_title(f);
    if let Some(rank) = f.rank_by_count {
        let ranked = n.league.len();
        let mut s = format!(
            "{force} ranked {} of the {} in the table by the number of {subject} recorded",
            ordinal_in(rank, WORDS),
            plural_in(ranked, "force", "forces", WORDS)
        );
        let row = league_row(f);
        match (f.rank_by_rate, row.and_then(|r| r.rate_per_100k)) {
            (Some(rr), Some(rate)) => {
                let rated = n.league.iter().filter(|r| r.rate_rank.is_some()).count();
                s.push_str(&format!(
                    ", and {} of {} by the rate per 100,000 residents ({}).",
                    ordinal_in(rr, WORDS),
                    whole(rated as i64, WORDS),
                    format::one_decimal(rate),
                ));
            }
            _ => s.push('.'),
        }
        if let Some(flag) = row.and_then(|r| r.flag.as_deref()) {
            s.push_str(&format!(" Note: {flag}."));
        }
        paragraphs.push(s);
    }

    let lists = [
        (n.refused.len(), "refused the request"),
        (n.not_held.len(), "said the information was not held"),
        (n.no_response.len(), "did not respond"),
        (n.partial.len(), "answered only in part"),
    ];
    let parts: Vec<String> = lists
        .iter()
        .filter(|(k, _)| *k > 0)
        .map(|(k, what)| format!("{} {what}", plural_in(*k, "force", "forces", WORDS)))
        .collect();
    if !parts.is_empty() {
        paragraphs.push(format!("Of all the forces asked, {}.", join_and(&parts)));
    }
    if let Some(g) = &n.most_common_outcome_group {
        let (_, _, latest) = story::national_periods(f);
        paragraphs
            .push(format!("Nationally, the outcome recorded most often in {latest} was “{}”.", outcome_group_label(g)));
    }
    if let Some(s) = under_review_sentence(n) {
        paragraphs.push(s);
    }
    NationalSection { heading: "The national picture".into(), paragraphs }
}

/// "Figures from Kent and Essex are under review and are left out of the national figures."
pub(crate) fn under_review_sentence(n: &NationalFigures) -> Option<String> {
    match n.under_review.as_slice() {
        [] => None,
        [one] => Some(format!(
            "Figures from {one} are under review and are left out of the national figures until they are checked."
        )),
        many => Some(format!(
            "Figures from {} forces ({}) are under review and are left out of the national figures until they are checked.",
            many.len(),
            join_and(many)
        )),
    }
}

fn methodology(f: &ForceFigures, campaign: &Campaign) -> Vec<String> {
    let force = force_title(f);
    let mut out = vec![format!(
        "Forces answered by searching their crime records for offences where {} was recorded, usually by keyword. \
         These searches are not official statistics: forces record and search differently, so comparisons between \
         forces need care, and the figures cannot be compared with Home Office recorded crime.",
        campaign.platform
    )];
    let requested = campaign.basis();
    let gave_figures = !story::classify(f).is_non_answer();
    match PeriodBasis::parse(&f.period_basis).filter(|_| gave_figures) {
        Some(b) if b == requested => out.push(format!("{force} gave figures for {}, as requested.", b.describe())),
        Some(b) => out.push(format!(
            "{force} gave figures for {}, not the {} the request asked for, so its years do not line up exactly with other forces'.",
            b.describe(),
            requested.describe()
        )),
        None => {}
    }
    let partial = partial_caveat(campaign, f);
    let has_partial = partial.is_some();
    out.extend(partial);
    let withheld = f.years.iter().any(|y| y.suppressed)
        || f.offences.iter().chain(&f.outcomes).any(|r| r.suppressed)
        || printed_figures(f).iter().any(|x| x.lower_bound && !x.id.starts_with("national"));
    if withheld {
        out.push(format!(
            "{force} withheld some small numbers to protect identities. Totals that leave them out are given as “at least”; withheld numbers are never counted as zero."
        ));
    } else if gave_figures {
        out.push(
            "Where forces withheld small numbers to protect identities, totals that leave them out are given as “at least”; withheld numbers are never counted as zero."
                .into(),
        );
    }
    if !f.outcome_figures.is_empty() || !f.outcomes.is_empty() {
        out.push(format!(
            "Outcomes are provisional: they are those recorded when the force answered, and offences from {} still under investigation may later be charged or closed.",
            outcome_period(f)
        ));
    }
    out.push(
        "Percentage changes are always taken on the first year asked about as the base, and are not given when that base is under ten: the counts are given instead."
            .into(),
    );
    out.push("Rates per 100,000 residents use approximate resident populations; forces without a resident population are not ranked by rate.".into());
    let has_provisional = !f.outcome_figures.is_empty() || !f.outcomes.is_empty();
    out.extend(f.caveats.iter().filter(|c| !repeats_generic_point(c, has_provisional, has_partial)).cloned());
    out
}

/// A caveat from the figures that only repeats, in general words, a point the box already makes (keyword
/// searches are not official statistics; outcomes are provisional; the force answered only part of the request,
/// which the box's own line spells out question by question). Anything specific (a digit) is kept.
fn repeats_generic_point(caveat: &str, has_provisional: bool, has_partial: bool) -> bool {
    let l = caveat.to_lowercase();
    !l.chars().any(|c| c.is_ascii_digit())
        && (l.contains("official statistic")
            || (has_provisional && l.contains("provisional") && l.contains("outcome"))
            || (has_partial && (l.contains("part of the request") || l.contains("answered in part"))))
}

/// The data for one force's release. Pure: the same figures and campaign always give the same data.
pub fn release_data(campaign: &Campaign, f: &ForceFigures) -> ReleaseData {
    let h = story::headline(f, &campaign.release);
    let subject = campaign.release.subject.trim();
    let mut paragraphs = Vec::new();
    if !h.story.is_non_answer() {
        paragraphs.extend(years_sentence(f));
    }
    paragraphs.extend(partial_sentence(campaign, f));
    if !h.story.is_non_answer() {
        paragraphs.extend(offences_sentence(f));
        let (outcomes, rest) = outcomes_sentences(f);
        for p in [outcomes, rest] {
            if !p.is_empty() {
                paragraphs.push(p.join(" "));
            }
        }
    }
    let csv_name = format!("{}.figures.csv", f.force);
    let mut sources = sources_section(
        "Sources for every figure",
        format!(
            "{} Each figure is listed with how it was calculated and the cells of the force's reply it comes from (all of them are also in {csv_name}).",
            match (f.status.as_str(), f.foi_reference.as_deref().map(str::trim)) {
                ("no_response", _) => format!("{} did not respond to the request.", force_title(f)),
                (_, Some(r)) if !r.is_empty() => format!("{} replied under its FOI reference {r}.", force_title(f)),
                _ => format!("{} replied without giving an FOI reference.", force_title(f)),
            }
        ),
        printed_figures(f),
        &Vec::from_iter(offence_group(f)),
        // The outcome table prints a figure without a value as withheld (its parts were all suppressed).
        |x| if x.id.starts_with("outcome.") { "withheld" } else { "no value" },
        &csv_name,
        |x| is_national(f, x),
        &format!("{}.figures.csv", crate::overview::OVERVIEW_STEM),
        |s| in_force_folder(&f.force, s),
    );
    sources.decisions = f
        .review
        .decisions
        .iter()
        .map(|d| {
            let at = if d.source.file.is_empty() { String::new() } else { format!(" ({})", d.source) };
            format!("Corrected by hand: {}{at} — {}", d.what, d.reason)
        })
        .collect();
    let draft = (f.review.state == ReleaseState::Draft)
        .then(|| draft_box(&f.review.open, &format!("foi review --force {}", f.force)));
    ReleaseData {
        kind: "force_release",
        campaign: CampaignText::new(campaign),
        release: campaign.release.clone(),
        force: ForceText {
            slug: f.force.clone(),
            name: f.force_name.clone(),
            official_name: f.official_name.clone(),
            title: force_title(f).to_string(),
            status: f.status.clone(),
            status_text: foi_model::ResponseStatus::parse(&f.status)
                .map(|s| s.describe().to_string())
                .unwrap_or_else(|| f.status.replace('_', " ")),
            foi_reference: f.foi_reference.clone(),
            period_basis_text: PeriodBasis::parse(&f.period_basis)
                .map(|b| b.describe().to_string())
                .unwrap_or_else(|| f.period_basis.clone()),
        },
        story: h.story,
        no_charges: h.no_charges,
        draft,
        local: LocalSection {
            headline: h.headline,
            standfirst: h.standfirst,
            paragraphs,
            chart: if h.story.is_non_answer() { None } else { chart(f, subject) },
            offences: offences_table(f),
            outcomes: outcomes_table(f),
        },
        national: national_section(f, campaign, h.story),
        methodology: methodology(f, campaign),
        sources,
        figures: f.clone(),
    }
}
