//! A force's release data: the headline by the story's rules, the sentences, chart and tables the campaign's
//! questions give, the national picture, the methodology box and the sources appendix. Formatting only: every
//! number comes from the figures.

use foi_analysis::{Figure, ForceFigures, ReleaseState};
use foi_model::Campaign;

use crate::data::{CampaignText, ForceText, LocalSection, ReleaseData};
use crate::draft::draft_box;
use crate::methodology::methodology;
use crate::sentences::{breakdown_paragraphs, national_section, partial_sentence, years_sentence};
use crate::sources::{in_force_folder, sources_section, Appendix};
use crate::story::{self, force_title};
use crate::tables::{chart, row_groups, tables};

/// All figures a release or its appendix prints, each once (by id), in the figures' own order.
pub fn printed_figures(f: &ForceFigures) -> Vec<&Figure> {
    let mut seen = std::collections::HashSet::new();
    f.figures
        .iter()
        .chain(f.total.iter())
        .chain(f.latest.iter())
        .chain(f.breakdowns.iter().flat_map(|b| &b.highlights))
        .chain([&f.national.total, &f.national.latest_year_total])
        .filter(|x| seen.insert(x.id.clone()))
        .collect()
}

/// The data for one force's release. Pure: the same figures and campaign always give the same data.
pub fn release_data(campaign: &Campaign, f: &ForceFigures) -> ReleaseData {
    let h = story::headline(f, campaign);
    let subject = campaign.release.subject.trim();
    let mut paragraphs = Vec::new();
    if !h.story.is_non_answer() {
        paragraphs.extend(years_sentence(f));
    }
    paragraphs.extend(partial_sentence(campaign, f));
    if !h.story.is_non_answer() {
        paragraphs.extend(breakdown_paragraphs(campaign, f));
    }
    let csv_name = format!("{}.figures.csv", f.force);
    let intro = format!(
        "{} Each figure is listed with how it was calculated and the cells of the force's reply it comes from (all of them are also in {csv_name}).",
        match (f.status, f.foi_reference.as_deref().map(str::trim)) {
            (foi_model::ResponseStatus::NoResponse, _) => format!("{} did not respond to the request.", force_title(f)),
            (_, Some(r)) if !r.is_empty() => format!("{} replied under its FOI reference {r}.", force_title(f)),
            _ => format!("{} replied without giving an FOI reference.", force_title(f)),
        }
    );
    let groups = row_groups(f);
    let overview_csv = format!("{}.figures.csv", crate::overview::OVERVIEW_STEM);
    // A highlight printed without a value was withheld (its parts were all suppressed).
    let no_value =
        |x: &Figure| if matches!(x.kind, foi_analysis::FigureKind::Highlight { .. }) { "withheld" } else { "no value" };
    let national = |x: &Figure| x.kind.is_national();
    let own = |s: &foi_model::SourceRef| in_force_folder(&f.force, s);
    let appendix = Appendix {
        heading: "Sources for every figure",
        intro,
        groups: &groups,
        csv_name: &csv_name,
        elsewhere: (&national, &overview_csv),
        own: &own,
        no_value: &no_value,
    };
    let mut sources = sources_section(&appendix, printed_figures(f));
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
    let (side_table, tables) = tables(campaign, f);
    ReleaseData {
        kind: "force_release",
        campaign: CampaignText::new(campaign),
        release: campaign.release.clone(),
        masthead: crate::data::Masthead::new(&campaign.release),
        force: ForceText {
            slug: f.force.clone(),
            name: f.force_name.clone(),
            official_name: f.official_name.clone(),
            title: force_title(f).to_string(),
            status: f.status.as_str().to_string(),
            status_text: f.status.describe().to_string(),
            foi_reference: f.foi_reference.clone(),
            period_basis_text: f.period_basis.describe().to_string(),
        },
        story: h.story,
        headline_zero: h.headline_zero,
        draft,
        local: LocalSection {
            headline: h.headline,
            standfirst: h.standfirst,
            paragraphs,
            chart: if h.story.is_non_answer() { None } else { chart(f, subject) },
            side_table,
            tables,
        },
        national: national_section(f, campaign, h.story),
        methodology: methodology(f, campaign),
        sources,
        figures: f.clone(),
    }
}
