//! The national overview: league table, national total, like-for-like change, and who did not answer.

use foi_analysis::NationalFigures;
use foi_model::{Campaign, Reference, Release};
use serde::Serialize;

use crate::data::{CampaignText, DraftBox, SourcesSection, Table, TableRow};
use crate::draft::draft_box;
use crate::format::{self, capitalise, join_and, plural, thousands};
use crate::methodology::{how_gathered, league_flags, percentages_line, RATES_LINE, WITHHELD_LINE};
use crate::sentences::under_review_sentence;
use crate::sources::{sources_section, Appendix};
use crate::story::section_cited;

/// File stem of the overview's files in the output folder.
pub const OVERVIEW_STEM: &str = "national-overview";

/// Everything `overview.typ` reads.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewData {
    /// `national_overview`.
    pub kind: &'static str,
    pub campaign: CampaignText,
    pub release: Release,
    pub masthead: crate::data::Masthead,
    /// Set while a problem of the campaign as a whole is open (a folder that matches no force).
    pub draft: Option<DraftBox>,
    pub headline: String,
    pub standfirst: String,
    pub paragraphs: Vec<String>,
    pub league: Table,
    pub responses: Vec<ResponseList>,
    /// Who answered, how, and how long it took: the campaign's own story.
    pub disposition: DispositionSection,
    pub methodology: Vec<String>,
    pub sources: SourcesSection,
    pub national: NationalFigures,
}

/// How every force dealt with the request: a summary in sentences and a table (also written as a CSV).
#[derive(Debug, Clone, Serialize)]
pub struct DispositionSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Table,
}

/// The words of one force's answer in the disposition table.
fn answer_words(d: &foi_analysis::Disposition) -> &'static str {
    use foi_model::ResponseStatus::*;
    match d.status {
        Disclosed => "Answered",
        Partial => "Answered in part",
        Refused => "Refused",
        NotHeld => "Information not held",
        NoResponse => "No answer",
    }
}

pub(crate) fn disposition_section(n: &NationalFigures) -> DispositionSection {
    use foi_model::ResponseStatus::*;
    let ds = &n.dispositions;
    let count = |s: foi_model::ResponseStatus| ds.iter().filter(|d| d.status == s).count();
    let mut parts = Vec::new();
    for (status, words) in [
        (Disclosed, "answered in full"),
        (Partial, "answered in part"),
        (Refused, "refused"),
        (NotHeld, "said they held no such information"),
        (NoResponse, "did not answer"),
    ] {
        let k = count(status);
        if k > 0 {
            parts.push(format!("{k} {words}"));
        }
    }
    let mut paragraphs = Vec::new();
    if !ds.is_empty() {
        paragraphs.push(format!("Of the {} asked, {}.", plural(ds.len(), "force", "forces"), join_and(&parts)));
    }
    let mut cited: Vec<String> =
        ds.iter().filter(|d| d.status == Refused).filter_map(|d| d.exemption.as_deref()).map(section_cited).collect();
    cited.sort();
    cited.dedup();
    if !cited.is_empty() {
        paragraphs.push(format!("Refusals cited {}.", join_and(&cited)));
    }
    let limit = foi_analysis::rules::FOI_WORKING_DAYS;
    match n.sent {
        None => paragraphs.push(
            "The campaign file gives no date the request was sent, so the time each force took is not counted.".into(),
        ),
        Some(sent) => {
            let timed: Vec<_> = ds.iter().filter(|d| d.working_days.is_some()).collect();
            let late = timed.iter().filter(|d| d.late == Some(true)).count();
            let answered = ds.iter().filter(|d| d.status != NoResponse).count();
            paragraphs.push(format!(
                "The request was sent on {}. {} of the {} answers whose date could be read took longer than the {limit} working days the Act allows.",
                sent.format("%-d %B %Y"),
                if late == 0 { "No force".to_string() } else { plural(late, "force", "forces") },
                timed.len(),
            ));
            if timed.len() < answered {
                paragraphs.push(format!(
                    "{} gave no date foi could read; {} not counted.",
                    plural(answered - timed.len(), "answer", "answers"),
                    if answered - timed.len() == 1 { "it is" } else { "they are" }
                ));
            }
        }
    }
    let table = Table {
        title: "How each force dealt with the request".into(),
        columns: vec![
            "Force".into(),
            "Answer".into(),
            "Date of answer".into(),
            "Working days".into(),
            "Exemption cited".into(),
        ],
        rows: ds
            .iter()
            .map(|d| TableRow {
                cells: vec![
                    d.name.clone(),
                    if d.under_review { format!("{} (under review)", answer_words(d)) } else { answer_words(d).into() },
                    d.received.map(|r| r.format("%-d %b %Y").to_string()).unwrap_or_else(|| "–".into()),
                    match (d.working_days, d.late) {
                        (Some(w), Some(true)) => format!("{w} (over {limit})"),
                        (Some(w), _) => w.to_string(),
                        (None, _) => "–".into(),
                    },
                    d.exemption.as_deref().map(section_cited).unwrap_or_else(|| "–".into()),
                ],
                level: 0,
            })
            .collect(),
        note: Some(format!(
            "Working days from the day after the request was sent to the date of the answer, weekends and bank holidays in England and Wales left out; the Act allows {limit}."
        )),
    };
    DispositionSection { heading: "Who answered, and how".into(), paragraphs, table }
}

/// The disposition table as CSV, one row per force, for a data desk.
pub(crate) fn disposition_csv(n: &NationalFigures) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "force",
        "name",
        "answer",
        "date_of_answer",
        "working_days",
        "over_limit",
        "exemption",
        "under_review",
    ])?;
    for d in &n.dispositions {
        w.write_record([
            crate::csv_out::protect(&d.force).as_ref(),
            crate::csv_out::protect(&d.name).as_ref(),
            d.status.as_str(),
            &d.received.map(|r| r.to_string()).unwrap_or_default(),
            &d.working_days.map(|x| x.to_string()).unwrap_or_default(),
            d.late.map(|l| if l { "yes" } else { "no" }).unwrap_or(""),
            crate::csv_out::protect(d.exemption.as_deref().unwrap_or("")).as_ref(),
            if d.under_review { "yes" } else { "no" },
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Forces that answered in one way ("Refused", "Did not respond" …), by name.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseList {
    pub title: String,
    pub forces: Vec<String>,
}

/// "Derbyshire" for `derbyshire`, or the text itself when it is not a known slug.
fn force_display_name(reference: &Reference, slug_or_name: &str, national: &NationalFigures) -> String {
    if let Some(row) = national.league.iter().find(|r| r.force == slug_or_name) {
        return row.name.clone();
    }
    reference.force_by_slug(slug_or_name).map(|f| f.name.clone()).unwrap_or_else(|| slug_or_name.to_string())
}

/// First and last period of the national total ("2021/22", "2023/24"), from the figure, else the campaign.
fn span(campaign: &Campaign, n: &NationalFigures) -> (String, String) {
    let from_figure: Vec<&str> = n.total.periods.iter().map(String::as_str).filter(|p| !p.is_empty()).collect();
    let labels: Vec<&str> =
        if from_figure.is_empty() { campaign.periods.labels.iter().map(String::as_str).collect() } else { from_figure };
    (
        labels.first().map(|s| s.to_string()).unwrap_or_default(),
        labels.last().map(|s| s.to_string()).unwrap_or_default(),
    )
}

/// The data for the national overview. Pure.
pub fn overview_data(campaign: &Campaign, n: &NationalFigures) -> OverviewData {
    let reference = Reference::builtin();
    let subject = campaign.release.subject.trim();
    let org = campaign.release.organisation.trim();
    let (first, latest) = span(campaign, n);
    let range = if first == latest { format!("in {latest}") } else { format!("from {first} to {latest}") };
    let forces = plural(n.forces_counted.len(), "police force", "police forces");
    let total = format::figure(&n.total);

    let headline = match &total {
        Some(t) => format!("{forces} recorded {t} {subject} {range}"),
        None => format!("No national total of {subject} {range}"),
    };
    let mut standfirst = match &total {
        Some(t) => format!(
            "{} gave {org} figures under the Freedom of Information Act: together they recorded {t} {subject} {range}.",
            capitalise(&forces)
        ),
        None => format!("No force gave {org} figures that add up to a national total of {subject} {range}."),
    };
    if let Some(v) = format::figure(&n.latest_year_total) {
        let p = n.latest_year_total.periods.last().cloned().unwrap_or_else(|| latest.clone());
        standfirst.push_str(&format!(" In {p} alone they recorded {v}."));
    }

    let mut paragraphs = Vec::new();
    if let Some(c) = &n.change {
        let how = match c.pct {
            Some(p) if p > 0 => format!(
                "rose by {p}%, from {} in {} to {} in {}",
                thousands(c.from),
                c.from_period,
                thousands(c.to),
                c.to_period
            ),
            Some(p) if p < 0 => format!(
                "fell by {}%, from {} in {} to {} in {}",
                p.abs(),
                thousands(c.from),
                c.from_period,
                thousands(c.to),
                c.to_period
            ),
            _ if c.to > c.from => format!(
                "rose from {} in {} to {} in {}",
                thousands(c.from),
                c.from_period,
                thousands(c.to),
                c.to_period
            ),
            _ if c.to < c.from => format!(
                "fell from {} in {} to {} in {}",
                thousands(c.from),
                c.from_period,
                thousands(c.to),
                c.to_period
            ),
            _ => format!("was unchanged at {} in {} and {}", thousands(c.to), c.from_period, c.to_period),
        };
        paragraphs.push(format!(
            "Comparing like with like — only the {} that gave figures on the requested basis for both years — the number {how}.",
            plural(n.change_forces, "force", "forces")
        ));
    }
    for m in &n.most_common {
        if let Some(v) = campaign.vocabulary(&m.vocabulary) {
            paragraphs.push(format!(
                "The {} recorded most often in {latest} was “{}”.",
                v.noun,
                v.group_label(&m.group)
            ));
        }
    }
    let names = |list: &[String]| list.iter().map(|s| force_display_name(&reference, s, n)).collect::<Vec<_>>();
    let responses: Vec<ResponseList> = [
        ("Refused", &n.refused),
        ("Said the information is not held", &n.not_held),
        ("Did not respond", &n.no_response),
        ("Answered in part", &n.partial),
    ]
    .into_iter()
    .map(|(title, list)| ResponseList { title: title.to_string(), forces: names(list) })
    .collect();
    let missing: Vec<String> = responses
        .iter()
        .filter(|r| !r.forces.is_empty())
        .map(|r| format!("{} {}", plural(r.forces.len(), "force", "forces"), r.title.to_lowercase()))
        .collect();
    if !missing.is_empty() {
        paragraphs.push(format!("Not every force gave figures: {}.", join_and(&missing)));
    }
    paragraphs.extend(under_review_sentence(n));

    let league = Table {
        title: format!("Forces ranked by {subject} recorded {range}"),
        columns: vec![
            "Rank".into(),
            "Force".into(),
            "Total".into(),
            "Per 100,000 residents".into(),
            "Rank by rate".into(),
            "Note".into(),
        ],
        rows: n
            .league
            .iter()
            .map(|r| TableRow {
                cells: vec![
                    r.rank.to_string(),
                    r.name.clone(),
                    format::count(r.total, r.lower_bound),
                    r.rate_per_100k.map(format::one_decimal).unwrap_or_else(|| "–".into()),
                    r.rate_rank.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
                    league_flags(&r.flags).unwrap_or_default(),
                ],
                level: 0,
            })
            .collect(),
        note: Some("“At least”: the force withheld part of its count. Rates are over the whole period.".into()),
    };

    let csv_name = format!("{OVERVIEW_STEM}.figures.csv");
    OverviewData {
        kind: "national_overview",
        campaign: CampaignText::new(campaign),
        release: campaign.release.clone(),
        masthead: crate::data::Masthead::new(&campaign.release),
        draft: (!n.campaign_problems.is_empty()).then(|| draft_box(&n.campaign_problems, "foi review")),
        headline,
        standfirst,
        paragraphs,
        league,
        responses,
        disposition: disposition_section(n),
        methodology: {
            let mut m = how_gathered(campaign);
            m.push(format!(
                "The request asked for {}; forces that used other years are flagged in the table and left out of the like-for-like change.",
                campaign.basis().describe()
            ));
            m.push(WITHHELD_LINE.into());
            m.push(percentages_line());
            m.push(RATES_LINE.into());
            m
        },
        sources: sources_section(
            &Appendix {
                heading: "Sources",
                intro: format!(
                    "Each national figure with how it was calculated; every source cell is listed in {csv_name}."
                ),
                groups: &[],
                csv_name: &csv_name,
                elsewhere: (&|_| true, &csv_name),
                own: &|_| false,
                no_value: &|_| "no value",
            },
            [&n.total, &n.latest_year_total],
        ),
        national: n.clone(),
    }
}
