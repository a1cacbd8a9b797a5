//! One force's figures: its lead count by period, total, latest period, change, breakdowns, ranks, and the
//! national figures its release prints beside them.

use foi_model::{PeriodBasis, ResponseStatus, SourceRef};
use foi_store::columns::PERIOD;
use polars::prelude::*;

use crate::breakdown::breakdown;
use crate::ctx::Ctx;
use crate::figures::*;
use crate::national::National;
use crate::query::{i64_col, parts_masked, str_col, Parts, YEAR_INDEX};
use crate::review::{mark_doubtful, review};
use crate::rules::{self, rate_comparable, POPULATION_NOT_COMPARABLE_BELOW};
use crate::words::{decapitalise, suppressed_note, thousands};
use crate::AnalysisError;

pub(crate) fn force(ctx: &Ctx, national: &National, slug: &str) -> Result<ForceFigures, AnalysisError> {
    let f = ctx.reference.force_by_slug(slug).ok_or_else(|| AnalysisError::UnknownForce(slug.to_string()))?;
    let response = ctx.responses.iter().find(|r| r.force == slug);
    let status = response.map_or(ResponseStatus::NoResponse, |r| r.status);
    let basis = response.map(|r| r.period_basis);
    let mut out = ForceFigures {
        campaign: ctx.slug().to_string(),
        force: slug.to_string(),
        force_name: f.name.clone(),
        official_name: f.official_name.clone(),
        status,
        exemption: response.and_then(|r| r.exemption.clone()),
        period_basis: basis.unwrap_or(PeriodBasis::Other),
        foi_reference: response.and_then(|r| r.reference.clone()),
        count_question: ctx.count.id.clone(),
        years: Vec::new(),
        first_period: ctx.first_label().to_string(),
        latest_period: ctx.last_label().to_string(),
        total: None,
        latest: None,
        change: None,
        breakdowns: Vec::new(),
        rank_by_count: None,
        rank_by_rate: None,
        national: national.figures.clone(),
        figures: Vec::new(),
        caveats: Vec::new(),
        review: review(ctx, slug),
    };
    let answered = matches!(status, ResponseStatus::Disclosed | ResponseStatus::Partial);
    if answered {
        answer(ctx, &mut out, basis)?;
    }
    out.figures.extend(national_printed(ctx, national));
    if answered {
        let ranks = rank_figures(ctx, &mut out, f.approx_population);
        out.figures.extend(ranks);
    }
    out.caveats.push(Caveat::KeywordSearch);
    mark_doubtful(ctx, &mut out);
    Ok(out)
}

/// The figures of a force that answered (in full or in part).
fn answer(ctx: &Ctx, out: &mut ForceFigures, basis: Option<PeriodBasis>) -> Result<(), AnalysisError> {
    let slug = out.force.clone();
    let (rows, unmatched) = ctx.aligned_of(&ctx.count.measure, &ctx.periods, &slug)?;
    let mut withheld = 0usize;

    if out.status == ResponseStatus::Partial {
        out.caveats.push(Caveat::PartialAnswer);
    }
    if !unmatched.is_empty() {
        out.caveats.push(Caveat::UnmatchedPeriods { periods: unmatched });
    }
    if rows.height() > 0 {
        withheld += counts(ctx, out, &rows, basis)?;
    }
    for b in &ctx.breakdowns {
        if let Some(found) = breakdown(ctx, out, b)? {
            withheld += found.withheld;
            if b.vocabulary.provisional {
                out.caveats.push(Caveat::Provisional { vocabulary: b.vocabulary.name.clone() });
            }
            out.breakdowns.push(found);
        }
    }
    if withheld > 0 {
        out.caveats.push(Caveat::Withheld { figures: withheld });
    }
    Ok(())
}

/// The lead count by period, its total, its latest period and its change; returns how many parts were withheld.
fn counts(
    ctx: &Ctx,
    out: &mut ForceFigures,
    rows: &DataFrame,
    basis: Option<PeriodBasis>,
) -> Result<usize, AnalysisError> {
    let title = ctx.title().to_string();
    let measure = ctx.count.measure.clone();
    let mut withheld = 0usize;
    let mut own_labels = Vec::new();
    let mut year_parts: Vec<Option<Parts>> = Vec::new();
    // Every requested period's sum, then the total over all of them.
    let (index, period) = (i64_col(rows, YEAR_INDEX)?, str_col(rows, PERIOD)?);
    let mut masks: Vec<Vec<bool>> =
        (0..ctx.periods.len()).map(|k| index.iter().map(|i| *i == Some(k as i64)).collect()).collect();
    masks.push(vec![true; rows.height()]);
    let mut sums = parts_masked(rows, &masks)?;
    let total = sums.pop().expect("the total's mask");
    // The force's own label for each requested period: that of the period's first row.
    let first_label = |k: usize| -> Option<String> {
        let at = index.iter().position(|i| *i == Some(k as i64))?;
        period[at].clone()
    };
    for ((k, p), parts) in ctx.periods.iter().enumerate().zip(sums) {
        let own = first_label(k);
        match own {
            Some(own) if parts.rows > 0 => {
                out.years.push(YearCount {
                    period: own.clone(),
                    value: parts.value(),
                    suppressed: parts.suppressed > 0,
                });
                out.figures.push(count_figure(
                    FigureKind::Year { period: own.clone() },
                    format!("{title}, {own}"),
                    &parts,
                    year_formula(&measure, &own, &p.label),
                    vec![own.clone()],
                ));
                withheld += parts.suppressed as usize;
                own_labels.push(own);
                year_parts.push(Some(parts));
            }
            _ => {
                out.years.push(YearCount { period: p.label.clone(), value: None, suppressed: false });
                own_labels.push(p.label.clone());
                year_parts.push(None);
            }
        }
    }
    out.first_period = own_labels[0].clone();
    out.latest_period = own_labels[own_labels.len() - 1].clone();
    let missing: Vec<String> =
        ctx.periods.iter().zip(&year_parts).filter(|(_, p)| p.is_none()).map(|(p, _)| p.label.clone()).collect();
    if !missing.is_empty() {
        out.caveats.push(Caveat::MissingPeriods { periods: missing });
    }

    // Total over the periods given.
    let given: Vec<String> =
        own_labels.iter().zip(&year_parts).filter(|(_, p)| p.is_some()).map(|(l, _)| l.clone()).collect();
    let range = if given.len() > 1 { format!("{} to {}", given[0], given[given.len() - 1]) } else { given.join("") };
    let total_fig = count_figure(
        FigureKind::Total,
        format!("{title}, {range}"),
        &total,
        format!("sum of {measure} over {}{}", given.join(", "), suppressed_note(&total)),
        given.clone(),
    );
    out.total = Some(total_fig.clone());
    out.figures.push(total_fig);

    // Latest period.
    if let Some(Some(p)) = year_parts.last() {
        let latest = out.latest_period.clone();
        let fig = count_figure(
            FigureKind::Latest,
            format!("{title}, {latest}"),
            p,
            year_formula(&measure, &latest, ctx.last_label()),
            vec![latest.clone()],
        );
        out.latest = Some(fig.clone());
        out.figures.push(fig);
    }

    // Change, first to last period: both reported in full.
    if let (Some(Some(first)), Some(Some(last))) = (year_parts.first(), year_parts.last()) {
        if year_parts.len() > 1 && !first.lower_bound() && !last.lower_bound() {
            if let (Some(from), Some(to)) = (first.value(), last.value()) {
                let c = rules::change(&out.first_period, &out.latest_period, from, to);
                let mut sources = first.sources.clone();
                sources.extend(last.sources.iter().cloned());
                out.figures.extend(change_figures(&c, &title, &sources, false));
                out.change = Some(c);
            }
        }
    }

    if let Some(b) = basis.filter(|b| *b != ctx.campaign.basis()) {
        out.caveats.push(Caveat::OtherBasis { basis: b, own: own_labels, requested: ctx.labels() });
    }
    Ok(withheld)
}

fn year_formula(measure: &str, own: &str, requested: &str) -> String {
    if own == requested {
        format!("{measure} for {own}")
    } else {
        format!("{measure} for the force's {own}, shown against the requested {requested}")
    }
}

fn count_figure(kind: FigureKind, label: String, p: &Parts, formula: String, periods: Vec<String>) -> Figure {
    let mut f = Figure::new(kind, label);
    f.value = p.value().map(|v| v as f64);
    f.lower_bound = p.lower_bound();
    f.formula = if p.reported == 0 && p.suppressed > 0 {
        format!("{formula} (every part suppressed by the force: no figure)")
    } else {
        formula
    };
    f.periods = periods;
    f.sources = p.sources.clone();
    f
}

fn change_base(c: &Change) -> String {
    format!("from {} in {} to {} in {}", thousands(c.from), c.from_period, thousands(c.to), c.to_period)
}

/// The change's difference and (on a base of at least 10) percentage figures, the force's or the national.
fn change_figures(c: &Change, title: &str, sources: &[SourceRef], national: bool) -> Vec<Figure> {
    let periods = vec![c.from_period.clone(), c.to_period.clone()];
    let (diff_kind, pct_kind) = if national {
        (FigureKind::NationalChangeDifference, FigureKind::NationalChangePct)
    } else {
        (FigureKind::ChangeDifference, FigureKind::ChangePct)
    };
    let mut diff =
        Figure::new(diff_kind, format!("Change in {}, {} to {}", decapitalise(title), c.from_period, c.to_period));
    diff.value = Some(c.difference as f64);
    diff.formula = format!("{} - {}", c.to, c.from);
    diff.periods = periods.clone();
    diff.base = change_base(c);
    diff.sources = sources.to_vec();
    let mut out = vec![diff];
    if let Some(pct) = c.pct {
        let mut f = Figure::new(
            pct_kind,
            format!("Change in {}, {} to {}, per cent", decapitalise(title), c.from_period, c.to_period),
        );
        f.value = Some(pct as f64);
        f.formula = format!("round(({} - {}) / {} * 100)", c.to, c.from, c.from);
        f.periods = periods;
        f.base = change_base(c);
        f.sources = sources.to_vec();
        out.push(f);
    }
    out
}

/// The national figures a force's release prints.
fn national_printed(ctx: &Ctx, national: &National) -> Vec<Figure> {
    let n = &national.figures;
    let mut out = vec![n.total.clone(), n.latest_year_total.clone()];
    if let Some(c) = &n.change {
        let mut figs = change_figures(c, ctx.title(), &national.change_sources, true);
        for f in &mut figs {
            f.label = format!("{} (like for like: {} forces)", f.label, n.change_forces);
            f.base =
                format!("{}, over the {} forces that gave both years on the requested basis", f.base, n.change_forces);
            f.formula = format!("{} (sums over the {} forces)", f.formula, n.change_forces);
        }
        out.extend(figs);
    }
    out
}

fn rank_figures(ctx: &Ctx, out: &mut ForceFigures, population: Option<u64>) -> Vec<Figure> {
    let league = &out.national.league;
    let Some(row) = league.iter().find(|r| r.force == out.force).cloned() else {
        return Vec::new();
    };
    let n = league.len();
    let ranked = league.iter().filter(|r| r.rate_rank.is_some()).count();
    let sources = out.total.as_ref().map(|t| t.sources.clone()).unwrap_or_default();
    let periods = ctx.labels();
    out.rank_by_count = Some(row.rank);
    out.rank_by_rate = row.rate_rank;
    let mut rank = Figure::new(
        FigureKind::RankCount,
        format!(
            "Rank among {n} forces by number of {}, {} to {} (1 = most)",
            decapitalise(ctx.title()),
            ctx.first_label(),
            ctx.last_label()
        ),
    );
    rank.value = Some(row.rank as f64);
    rank.formula = format!(
        "position of the force's total ({}) in the league table of {n} forces' totals; equal totals share a rank",
        thousands(row.total)
    );
    rank.periods = periods.clone();
    rank.base = format!("{n} forces that gave yearly figures");
    rank.sources = sources.clone();
    let mut figs = vec![rank];
    if let (Some(rate), Some(p)) = (row.rate_per_100k, population) {
        let mut f = Figure::new(
            FigureKind::Rate,
            format!("{} per 100,000 residents, {} to {}", ctx.title(), ctx.first_label(), ctx.last_label()),
        );
        f.value = Some(rate);
        f.lower_bound = row.lower_bound;
        f.formula = format!("{} / {} * 100,000, rounded to one decimal place", row.total, p);
        f.periods = periods.clone();
        f.base = format!("resident population of about {} (reference table)", thousands(p as i64));
        f.sources = sources.clone();
        figs.push(f);
        if !rate_comparable(Some(p)) {
            out.caveats.push(Caveat::SmallPopulation { population: p });
        }
    }
    if let Some(rr) = row.rate_rank {
        let mut f = Figure::new(
            FigureKind::RankRate,
            format!("Rank among {ranked} forces by {} per 100,000 residents (1 = highest)", decapitalise(ctx.title())),
        );
        f.value = Some(rr as f64);
        f.formula = format!(
            "position of the force's rate ({:.1}) among the rates of {ranked} forces with a comparable resident population; equal rates share a rank",
            row.rate_per_100k.unwrap_or(0.0)
        );
        f.periods = periods;
        f.base = format!(
            "{ranked} forces with a resident population of {} or more",
            thousands(POPULATION_NOT_COMPARABLE_BELOW as i64)
        );
        f.sources = sources;
        figs.push(f);
    }
    if population.is_none() {
        out.caveats.push(Caveat::NoPopulation);
    }
    figs
}
