//! The data the typst templates print: every sentence and table cell already formatted, so that the release can
//! be tested without typst and typst never sees text as markup. Serialised as JSON beside each PDF.

use foi_analysis::ForceFigures;
use foi_model::{Campaign, Release};
use serde::Serialize;

use crate::story::Story;

/// Everything `release.typ` reads (`json(sys.inputs.data)`).
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseData {
    /// `force_release`.
    pub kind: &'static str,
    pub campaign: CampaignText,
    /// The campaign's release text as written in campaign.toml (organisation, subject, contact, quotes, notes).
    pub release: Release,
    /// The lines every output prints around the story: embargo, date, dateline, contacts, right of reply.
    pub masthead: Masthead,
    pub force: ForceText,
    pub story: Story,
    /// The headline ends on a zero the force reported ("with no charges in 2023/24").
    pub headline_zero: bool,
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

/// The release's lines that are not the story, worded once for every output (PDF, text, HTML).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Masthead {
    /// "EMBARGOED UNTIL 00:01 Monday 5 August 2024".
    pub embargo: Option<String>,
    /// "Monday 5 August 2024".
    pub date: Option<String>,
    /// "LONDON, Monday 5 August 2024": what the story's first line (the standfirst) starts with, when the
    /// campaign names a place.
    pub dateline: Option<String>,
    /// One line per contact: "Jane Davies, Solicitor, Legal Expert — press@example.org — 020 7946 0000"; the
    /// campaign's single `contact` when it lists none.
    pub contacts: Vec<String>,
    pub right_of_reply: Option<String>,
}

impl Masthead {
    pub fn new(r: &Release) -> Masthead {
        let date = r.date.map(|d| d.format("%A %-d %B %Y").to_string());
        let dateline = match (r.dateline.as_deref().map(str::trim).filter(|s| !s.is_empty()), &date) {
            (Some(place), Some(d)) => Some(format!("{}, {d}", place.to_uppercase())),
            (Some(place), None) => Some(place.to_uppercase()),
            // The date alone is already printed above the headline.
            (None, _) => None,
        };
        let mut contacts: Vec<String> = r
            .contacts
            .iter()
            .map(|c| {
                let who = std::iter::once(c.name.trim())
                    .chain(c.role.as_deref().map(str::trim))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                std::iter::once(who.as_str())
                    .chain(c.email.as_deref().map(str::trim))
                    .chain(c.phone.as_deref().map(str::trim))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" — ")
            })
            .collect();
        if contacts.is_empty() {
            contacts.extend(r.contact.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from));
        }
        Masthead {
            embargo: r
                .embargo
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|e| format!("EMBARGOED UNTIL {e}")),
            date,
            dateline,
            contacts,
            right_of_reply: r.right_of_reply.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from),
        }
    }
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

#[derive(Debug, Clone, Serialize)]
pub struct CampaignText {
    pub slug: String,
    pub title: String,
    pub platform: Option<String>,
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
    /// The lead count by period.
    pub chart: Option<Chart>,
    /// The table printed beside the chart: a breakdown's highlights ("what happened to the offences").
    pub side_table: Option<Table>,
    /// Ranked breakdown tables, printed under the chart.
    pub tables: Vec<Table>,
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
    /// The count itself, for the chart's CSV; `None` when withheld or not given.
    pub value: Option<i64>,
    /// Part of the count was withheld: `value` is a lower bound.
    pub lower_bound: bool,
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
