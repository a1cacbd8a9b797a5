//! The methodology box, the caveats analysis found (worded here, once), and the notes of the league table.

use foi_analysis::rules::SMALL_BASE;
use foi_analysis::{Caveat, ForceFigures, LeagueFlag};
use foi_model::Campaign;

use crate::format::thousands;
use crate::sentences::partial_caveat;
use crate::story::{self, force_title};

/// How the figures were gathered: the campaign's own words, else what forces usually do.
pub(crate) fn how_gathered(campaign: &Campaign) -> Vec<String> {
    if !campaign.release.methodology.is_empty() {
        return campaign.release.methodology.clone();
    }
    let searched = match campaign.platform.as_deref() {
        Some(p) => format!(
            "Forces answered by searching their crime records for offences where {p} was recorded, usually by keyword."
        ),
        None => "Forces answered by searching their crime records.".to_string(),
    };
    vec![format!(
        "{searched} These searches are not official statistics: forces record and search differently, so comparisons between forces need care."
    )]
}

/// The rule for percentages, in words.
pub(crate) fn percentages_line() -> String {
    format!(
        "Percentage changes are always taken on the first year asked about as the base, and are not given when that base is under {}: the counts are given instead.",
        match crate::format::number_word(SMALL_BASE) {
            Some(w) => w.to_string(),
            None if SMALL_BASE == 10 => "ten".to_string(),
            None => thousands(SMALL_BASE),
        }
    )
}

pub(crate) const RATES_LINE: &str = "Rates per 100,000 residents use approximate resident populations; forces without a resident population are not ranked by rate.";

pub(crate) const WITHHELD_LINE: &str = "Where forces withheld small numbers to protect identities, totals that leave them out are given as “at least”; withheld numbers are never counted as zero.";

/// Every caveat of a force's figures in words (for `foi figures`): none left out.
pub fn caveats_in_words(f: &ForceFigures, campaign: &Campaign) -> Vec<String> {
    f.caveats
        .iter()
        .map(|c| match c {
            Caveat::KeywordSearch => {
                "Figures come from searches of the forces' records and are not official statistics.".to_string()
            }
            other => caveat(other, &f.force_name, campaign, &Said::default()).unwrap_or_default(),
        })
        .collect()
}

/// A caveat in words, about the force `name`; `None` for the ones the box already says in general words.
fn caveat(c: &Caveat, name: &str, campaign: &Campaign, said: &Said) -> Option<String> {
    Some(match c {
        Caveat::KeywordSearch => return None,
        Caveat::PartialAnswer if said.partial => return None,
        Caveat::PartialAnswer => format!("{name} answered only part of the request."),
        Caveat::Provisional { vocabulary } if said.provisional.contains(vocabulary) => return None,
        Caveat::Provisional { vocabulary } => {
            let plural = campaign.vocabulary(vocabulary).map_or("figures", |v| v.plural.as_str());
            format!("{} are provisional: they may change as investigations end.", crate::format::capitalise(plural))
        }
        Caveat::UnmatchedPeriods { periods } => {
            format!("{name} gave figures for {} that match none of the requested years; they are left out.", periods.join(", "))
        }
        Caveat::MissingPeriods { periods } => format!("{name} gave no figure for {}.", periods.join(", ")),
        Caveat::OtherBasis { basis, own, requested } => format!(
            "{name} gave figures for {}: {}, not the {} the request asked for; they are shown against the requested years {} in order, and left out of the national like-for-like change.",
            basis.describe(),
            own.join(", "),
            campaign.basis().describe(),
            requested.join(", ")
        ),
        Caveat::Withheld { figures } => format!(
            "{name} withheld {figures} {} (small numbers suppressed); sums that leave them out are given as \"at least\", and withheld numbers are never counted as zero.",
            if *figures == 1 { "figure" } else { "figures" }
        ),
        Caveat::SmallPopulation { population } => format!(
            "{name} has a resident population of about {}: its rate per 100,000 residents is not comparable with other forces' and is not ranked.",
            thousands(*population as i64)
        ),
        Caveat::NoPopulation => {
            format!("{name} has no resident population of its own, so no rate per 100,000 residents is given.")
        }
    })
}

/// What the box has already said in general words.
#[derive(Default)]
struct Said {
    partial: bool,
    provisional: Vec<String>,
}

/// The methodology box of a force's release.
pub(crate) fn methodology(f: &ForceFigures, campaign: &Campaign) -> Vec<String> {
    let force = force_title(f);
    let mut out = how_gathered(campaign);
    let requested = campaign.basis();
    let gave_figures = !story::classify(f).is_non_answer();
    if gave_figures {
        let b = f.period_basis;
        if b == requested {
            out.push(format!("{force} gave figures for {}, as requested.", b.describe()));
        } else {
            out.push(format!(
                "{force} gave figures for {}, not the {} the request asked for, so its years do not line up exactly with other forces'.",
                b.describe(),
                requested.describe()
            ));
        }
    }
    let mut said = Said::default();
    if let Some(p) = partial_caveat(campaign, f) {
        said.partial = true;
        out.push(p);
    }
    let withheld = f.years.iter().any(|y| y.suppressed)
        || f.breakdowns.iter().flat_map(|b| &b.rows).any(|r| r.suppressed)
        || f.figures.iter().any(|x| x.lower_bound && !x.kind.is_national());
    if withheld {
        out.push(format!(
            "{force} withheld some small numbers to protect identities. Totals that leave them out are given as “at least”; withheld numbers are never counted as zero."
        ));
    } else if gave_figures {
        out.push(WITHHELD_LINE.into());
    }
    for b in &f.breakdowns {
        let Some(v) = campaign.vocabulary(&b.vocabulary) else { continue };
        if let Some(line) = v.methodology.as_ref().filter(|_| v.provisional) {
            out.push(line.replace("{period}", &b.period));
            said.provisional.push(v.name.clone());
        }
    }
    out.push(percentages_line());
    out.push(RATES_LINE.into());
    out.extend(f.caveats.iter().filter_map(|c| caveat(c, &f.force_name, campaign, &said)));
    out
}

/// A league row's notes in words.
pub fn league_flags(flags: &[LeagueFlag]) -> Option<String> {
    let words: Vec<String> = flags
        .iter()
        .map(|f| match f {
            LeagueFlag::Basis { basis } => basis.describe().to_string(),
            LeagueFlag::SomeYears { given, asked } => format!("figures for {given} of the {asked} years only"),
            LeagueFlag::NoPopulation => "no resident population: rate not calculated".into(),
            LeagueFlag::SmallPopulation { population } => {
                format!("resident population of about {}: rate not comparable", thousands(*population as i64))
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}
