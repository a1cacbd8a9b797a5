//! The figures of one force and of the country.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use foi_model::{
    Campaign, Period, PeriodBasis, Problem, ProblemKind, QuestionKind, Reference, Response, ResponseStatus, SourceRef,
};
use foi_store::Store;
use polars::prelude::*;

use crate::figures::*;
use crate::query::{self, aligned, f64_col, i64_col, is, parts, str_col, Parts, REQUEST_PERIOD, YEAR_INDEX};
use crate::AnalysisError;

/// A resident population under this makes a rate per 100,000 meaningless (the City of London has about
/// 10,000 residents and a large daytime population): the rate is given but flagged and not ranked.
pub const POPULATION_NOT_COMPARABLE_BELOW: u64 = 50_000;

const KEYWORD_CAVEAT: &str = "Figures come from keyword searches of crime records and are not official statistics.";
const PROVISIONAL_CAVEAT: &str =
    "Outcomes are provisional: offences recorded late in the year may not yet have an outcome.";

/// A measure's aligned rows and the `(force, period)` pairs that matched no requested period.
type Aligned = (DataFrame, Vec<(String, String)>);

/// Everything about the campaign the computations need, read once.
struct Ctx<'a> {
    store: &'a Store,
    campaign: &'a Campaign,
    reference: &'a Reference,
    yearly_measure: String,
    periods: Vec<Period>,
    offences: Option<(String, Vec<Period>)>,
    outcomes: Option<(String, Vec<Period>)>,
    responses: Vec<Response>,
    /// The campaign's problems, for each force's review state.
    problems: Vec<Problem>,
    /// Forces with an open blocking problem: left out of every national figure.
    blocked: BTreeSet<String>,
    /// Aligned rows per measure, collected once (they are small) and reused by every query.
    cache: RefCell<HashMap<String, Aligned>>,
}

impl<'a> Ctx<'a> {
    fn new(store: &'a Store, campaign: &'a Campaign, reference: &'a Reference) -> Result<Ctx<'a>, AnalysisError> {
        let question = |kind: QuestionKind| campaign.question_of_kind(kind);
        let yearly = question(QuestionKind::YearlyCount)
            .ok_or_else(|| AnalysisError::NoQuestion { campaign: campaign.slug.clone(), what: "yearly count" })?;
        let periods_of = |labels: &[String]| -> Result<Vec<Period>, AnalysisError> {
            labels
                .iter()
                .map(|l| {
                    campaign
                        .period(l)
                        .ok_or_else(|| AnalysisError::BadPeriod { campaign: campaign.slug.clone(), label: l.clone() })
                })
                .collect()
        };
        let problems = store.read_problems(Some(&campaign.slug))?;
        let periods = periods_of(&campaign.periods.labels)?;
        if periods.is_empty() {
            return Err(AnalysisError::BadPeriod { campaign: campaign.slug.clone(), label: String::new() });
        }
        let breakdown = |kind| -> Result<Option<(String, Vec<Period>)>, AnalysisError> {
            match question(kind) {
                Some(q) => {
                    let p = periods_of(&q.periods)?;
                    Ok((!p.is_empty()).then(|| (q.measure.clone(), p)))
                }
                None => Ok(None),
            }
        };
        Ok(Ctx {
            store,
            campaign,
            reference,
            yearly_measure: yearly.measure.clone(),
            offences: breakdown(QuestionKind::OffenceBreakdown)?,
            outcomes: breakdown(QuestionKind::OutcomeBreakdown)?,
            responses: store.read_responses(&campaign.slug)?,
            blocked: problems
                .iter()
                .filter(|p| p.is_open_blocking() && !p.force.is_empty())
                .map(|p| p.force.clone())
                .collect(),
            problems,
            cache: RefCell::default(),
            periods,
        })
    }

    fn slug(&self) -> &str {
        &self.campaign.slug
    }
    fn title(&self) -> &str {
        &self.campaign.title
    }
    fn labels(&self) -> Vec<String> {
        self.periods.iter().map(|p| p.label.clone()).collect()
    }
    fn first_label(&self) -> &str {
        &self.periods[0].label
    }
    fn last_label(&self) -> &str {
        &self.periods[self.periods.len() - 1].label
    }
    fn last_index(&self) -> i64 {
        self.periods.len() as i64 - 1
    }
    fn name(&self, force: &str) -> String {
        self.reference.force_by_slug(force).map(|f| f.name.clone()).unwrap_or_else(|| force.to_string())
    }
    fn yearly(&self) -> Result<(LazyFrame, Vec<(String, String)>), AnalysisError> {
        self.aligned(&self.yearly_measure, &self.periods)
    }
    /// Only the rows of forces with no open blocking problem: what national figures are made of.
    fn clean(&self, rows: LazyFrame) -> Result<LazyFrame, AnalysisError> {
        let clean: Vec<String> =
            self.reference.forces.iter().map(|f| f.slug.clone()).filter(|f| !self.blocked.contains(f)).collect();
        let df = DataFrame::new(clean.len(), vec![Column::new("force".into(), clean)])?;
        Ok(rows.inner_join(df.lazy(), col("force"), col("force")))
    }
    /// [`aligned`] rows of a measure, from the cache.
    fn aligned(&self, measure: &str, targets: &[Period]) -> Result<(LazyFrame, Vec<(String, String)>), AnalysisError> {
        if let Some((df, unmatched)) = self.cache.borrow().get(measure) {
            return Ok((df.clone().lazy(), unmatched.clone()));
        }
        let (lf, unmatched) = aligned(self.store, self.slug(), measure, targets)?;
        let df = lf.collect()?;
        self.cache.borrow_mut().insert(measure.to_string(), (df.clone(), unmatched.clone()));
        Ok((df.lazy(), unmatched))
    }
}

/// Per force and requested year: the sum and its parts (collected once, a few rows per force).
struct PerYear {
    df: DataFrame,
}

impl PerYear {
    fn new(yearly: LazyFrame) -> Result<PerYear, AnalysisError> {
        let mut aggs = query::sum_exprs().to_vec();
        aggs.push(col("period").first().alias("period"));
        let df = yearly
            .group_by([col("force"), col("period_basis"), col(REQUEST_PERIOD), col(YEAR_INDEX)])
            .agg(aggs)
            .sort_by_exprs([col("force"), col(YEAR_INDEX)], SortMultipleOptions::default())
            .collect()?;
        Ok(PerYear { df })
    }
    fn lazy(&self) -> LazyFrame {
        self.df.clone().lazy()
    }
}

// ---------------------------------------------------------------------------------------------------------
// National
// ---------------------------------------------------------------------------------------------------------

/// The country's figures for a campaign: totals over the forces that answered with yearly counts, the
/// like-for-like change, who did not answer, and the league table.
pub fn national_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
) -> Result<NationalFigures, AnalysisError> {
    let ctx = Ctx::new(store, campaign, reference)?;
    Ok(national(&ctx)?.figures)
}

/// Figures for every force in the reference (national figures computed once), in reference order.
pub fn all_force_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
) -> Result<Vec<ForceFigures>, AnalysisError> {
    let ctx = Ctx::new(store, campaign, reference)?;
    let n = national(&ctx)?;
    reference.forces.iter().map(|f| force(&ctx, &n, &f.slug)).collect()
}

/// One force's figures, with the national figures and the force's ranks.
pub fn force_figures(
    store: &Store,
    campaign: &Campaign,
    reference: &Reference,
    force_slug: &str,
) -> Result<ForceFigures, AnalysisError> {
    if reference.force_by_slug(force_slug).is_none() {
        return Err(AnalysisError::UnknownForce(force_slug.to_string()));
    }
    let ctx = Ctx::new(store, campaign, reference)?;
    let n = national(&ctx)?;
    force(&ctx, &n, force_slug)
}

/// The national figures and what a force's release needs beside them.
struct National {
    figures: NationalFigures,
    /// The first- and last-year cells of the forces in the like-for-like change.
    change_sources: Vec<SourceRef>,
}

fn national(ctx: &Ctx) -> Result<National, AnalysisError> {
    let (yearly, _) = ctx.yearly()?;
    let yearly = ctx.clean(yearly)?;
    let per_year = PerYear::new(yearly.clone())?;
    let league = league(ctx, &per_year)?;
    let labels = ctx.labels();
    let n_league = league.len();

    let total_parts = parts(yearly.clone())?;
    let league_sum: i64 = league.iter().map(|r| r.total).sum();
    debug_assert_eq!(total_parts.sum, league_sum, "national total equals the sum of the league");
    let plural = |n: usize| if n == 1 { "force" } else { "forces" };
    let total = Figure {
        id: "national.total".into(),
        label: format!("{}, all forces that answered, {} to {}", ctx.title(), ctx.first_label(), ctx.last_label()),
        value: (n_league > 0).then_some(league_sum as f64),
        lower_bound: total_parts.suppressed > 0 && n_league > 0,
        formula: format!(
            "sum of the {} totals ({}) of the {n_league} {} in the league table{}",
            ctx.yearly_measure,
            labels.join(", "),
            plural(n_league),
            suppressed_note(&total_parts)
        ),
        period: labels.join(", "),
        base: format!("{n_league} {} that gave yearly figures", plural(n_league)),
        sources: total_parts.sources,
        doubtful: false,
    };

    let last = ctx.last_index();
    let latest_parts = parts(yearly.clone().filter(col(YEAR_INDEX).eq(lit(last))))?;
    let latest_forces = per_year
        .lazy()
        .filter(col(YEAR_INDEX).eq(lit(last)).and(col("reported").gt(lit(0))))
        .select([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let n_latest = i64_col(&latest_forces, "n")?[0].unwrap_or(0) as usize;
    let latest_year_total = Figure {
        id: "national.latest".into(),
        label: format!("{}, all forces that answered, {}", ctx.title(), ctx.last_label()),
        value: latest_parts.value().map(|v| v as f64),
        lower_bound: latest_parts.lower_bound(),
        formula: format!(
            "sum of {} for {} over the {n_latest} {} that gave it{}",
            ctx.yearly_measure,
            ctx.last_label(),
            plural(n_latest),
            suppressed_note(&latest_parts)
        ),
        period: ctx.last_label().to_string(),
        base: format!("{n_latest} {}", plural(n_latest)),
        sources: latest_parts.sources,
        doubtful: false,
    };

    // Like-for-like: the request's basis, both first and last year reported in full.
    let exact = per_year.lazy().filter(
        is("period_basis", ctx.campaign.basis().as_str())
            .and(col("suppressed").eq(lit(0i64)))
            .and(col("reported").gt(lit(0i64))),
    );
    let first = exact.clone().filter(col(YEAR_INDEX).eq(lit(0i64))).select([col("force"), col("sum").alias("from")]);
    let to = exact.filter(col(YEAR_INDEX).eq(lit(last))).select([col("force"), col("sum").alias("to")]);
    let both = first.inner_join(to, col("force"), col("force")).collect()?;
    let lfl = both
        .clone()
        .lazy()
        .select([col("from").sum(), col("to").sum(), len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let change_sources = query::sources(
        yearly.clone().filter(col(YEAR_INDEX).eq(lit(0i64)).or(col(YEAR_INDEX).eq(lit(last)))).inner_join(
            both.lazy().select([col("force")]),
            col("force"),
            col("force"),
        ),
    )?;
    let change_forces = i64_col(&lfl, "n")?[0].unwrap_or(0) as usize;
    let change = (change_forces > 0 && ctx.periods.len() > 1).then(|| {
        let from = i64_col(&lfl, "from").ok().and_then(|v| v[0]).unwrap_or(0);
        let to = i64_col(&lfl, "to").ok().and_then(|v| v[0]).unwrap_or(0);
        change_of(ctx.first_label(), ctx.last_label(), from, to)
    });

    let mut lists: [Vec<(String, String)>; 4] = Default::default();
    // A force under review is named as such, not by a status that may itself be a misreading.
    for r in ctx.responses.iter().filter(|r| !ctx.blocked.contains(&r.force)) {
        let i = match r.status {
            ResponseStatus::Refused => 0,
            ResponseStatus::NotHeld => 1,
            ResponseStatus::NoResponse => 2,
            ResponseStatus::Partial => 3,
            ResponseStatus::Disclosed => continue,
        };
        lists[i].push((ctx.name(&r.force), r.force.clone()));
    }
    let [refused, not_held, no_response, partial] = lists.map(|mut l| {
        l.sort();
        l.into_iter().map(|(name, _)| name).collect::<Vec<_>>()
    });

    let mut forces_counted: Vec<String> = league.iter().map(|r| r.force.clone()).collect();
    forces_counted.sort();

    let most_common_outcome_group = match &ctx.outcomes {
        Some((measure, targets)) => {
            let (rows, _) = ctx.aligned(measure, targets)?;
            most_common_group(ctx.clean(rows)?.filter(col(YEAR_INDEX).eq(lit(targets.len() as i64 - 1))))?
        }
        None => None,
    };
    let mut under_review: Vec<String> = ctx.blocked.iter().map(|f| ctx.name(f)).collect();
    under_review.sort();
    let campaign_problems =
        ctx.problems.iter().filter(|p| p.is_open_blocking() && p.force.is_empty()).map(open_problem).collect();

    let figures = NationalFigures {
        total,
        forces_counted,
        latest_year_total,
        change,
        change_forces,
        refused,
        not_held,
        no_response,
        partial,
        league,
        most_common_outcome_group,
        under_review,
        campaign_problems,
    };
    Ok(National { figures, change_sources })
}

/// The league table: forces with at least one reported yearly value, by three-year total (equal totals
/// share a rank; names break ties in the order), with rates per 100,000 residents.
fn league(ctx: &Ctx, per_year: &PerYear) -> Result<Vec<LeagueRow>, AnalysisError> {
    let pop = {
        let (mut force, mut name, mut population) = (vec![], vec![], vec![]);
        for f in &ctx.reference.forces {
            force.push(f.slug.clone());
            name.push(f.name.clone());
            population.push(f.approx_population.map(|p| p as i64));
        }
        DataFrame::new(
            force.len(),
            vec![
                Column::new("force".into(), force),
                Column::new("name".into(), name),
                Column::new("population".into(), population),
            ],
        )?
    };
    let df = per_year
        .lazy()
        .group_by([col("force"), col("period_basis")])
        .agg([
            col("sum").sum().alias("total"),
            col("reported").sum().alias("reported"),
            col("suppressed").sum().alias("suppressed"),
            len().cast(DataType::Int64).alias("years"),
        ])
        .filter(col("reported").gt(lit(0i64)))
        .join(pop.lazy(), [col("force")], [col("force")], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("name").fill_null(col("force")),
            (col("total").cast(DataType::Float64) * lit(100_000.0) / col("population").cast(DataType::Float64))
                .alias("rate"),
        ])
        .sort_by_exprs(
            [col("total"), col("name")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;

    let force = str_col(&df, "force")?;
    let name = str_col(&df, "name")?;
    let basis = str_col(&df, "period_basis")?;
    let total = i64_col(&df, "total")?;
    let suppressed = i64_col(&df, "suppressed")?;
    let years = i64_col(&df, "years")?;
    let population = i64_col(&df, "population")?;
    let rate = f64_col(&df, "rate")?;

    let n_years = ctx.periods.len() as i64;
    let mut rows: Vec<LeagueRow> = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let t = total[i].unwrap_or(0);
        let rank = match rows.last() {
            Some(prev) if prev.total == t => prev.rank,
            _ => i + 1,
        };
        let mut flags = Vec::new();
        let b = basis[i].as_deref().and_then(PeriodBasis::parse);
        if let Some(b) = b.filter(|b| *b != ctx.campaign.basis()) {
            flags.push(b.describe().to_string());
        }
        let y = years[i].unwrap_or(0);
        if y < n_years {
            flags.push(format!("figures for {y} of the {n_years} years only"));
        }
        match population[i] {
            None => flags.push("no resident population: rate not calculated".to_string()),
            Some(p) if (p as u64) < POPULATION_NOT_COMPARABLE_BELOW => {
                flags.push(format!("resident population of about {}: rate not comparable", thousands(p)))
            }
            Some(_) => {}
        }
        rows.push(LeagueRow {
            rank,
            force: force[i].clone().unwrap_or_default(),
            name: name[i].clone().unwrap_or_default(),
            total: t,
            lower_bound: suppressed[i].unwrap_or(0) > 0,
            rate_per_100k: rate[i].filter(|r| r.is_finite()).map(round1),
            rate_rank: None,
            flag: (!flags.is_empty()).then(|| flags.join("; ")),
        });
    }
    // Rate ranks: only forces with a comparable resident population.
    let mut by_rate: Vec<(f64, String, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.rate_per_100k.is_some() && population[*i].is_some_and(|p| p as u64 >= POPULATION_NOT_COMPARABLE_BELOW)
        })
        .map(|(i, r)| (r.rate_per_100k.unwrap_or(0.0), r.name.clone(), i))
        .collect();
    by_rate.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut prev: Option<(f64, usize)> = None;
    for (pos, (r, _, i)) in by_rate.into_iter().enumerate() {
        let rank = match prev {
            Some((pr, prank)) if pr == r => prank,
            _ => pos + 1,
        };
        rows[i].rate_rank = Some(rank);
        prev = Some((r, rank));
    }
    Ok(rows)
}

/// The outcome group with the largest reported sum in `rows` (ties: the first key in alphabetical order).
fn most_common_group(rows: LazyFrame) -> Result<Option<String>, AnalysisError> {
    let df = rows
        .filter(col("outcome_group").is_not_null())
        .group_by([col("outcome_group")])
        .agg(query::sum_exprs())
        .filter(col("reported").gt(lit(0i64)))
        .sort_by_exprs(
            [col("sum"), col("outcome_group")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .limit(1)
        .collect()?;
    Ok(str_col(&df, "outcome_group")?.into_iter().next().flatten())
}

// ---------------------------------------------------------------------------------------------------------
// One force
// ---------------------------------------------------------------------------------------------------------

fn force(ctx: &Ctx, national: &National, slug: &str) -> Result<ForceFigures, AnalysisError> {
    let f = ctx.reference.force_by_slug(slug).ok_or_else(|| AnalysisError::UnknownForce(slug.to_string()))?;
    let response = ctx.responses.iter().find(|r| r.force == slug);
    let status = response.map_or(ResponseStatus::NoResponse, |r| r.status);
    let basis = response.map(|r| r.period_basis);
    let mut out = ForceFigures {
        campaign: ctx.slug().to_string(),
        force: slug.to_string(),
        force_name: f.name.clone(),
        official_name: f.official_name.clone(),
        status: status.as_str().to_string(),
        exemption: response.and_then(|r| r.exemption.clone()),
        period_basis: basis.unwrap_or(PeriodBasis::Other).as_str().to_string(),
        foi_reference: response.and_then(|r| r.reference.clone()),
        years: Vec::new(),
        first_period: ctx.first_label().to_string(),
        latest_period: ctx.last_label().to_string(),
        total: None,
        latest: None,
        change: None,
        offences: Vec::new(),
        outcomes: Vec::new(),
        outcome_figures: Vec::new(),
        most_common_outcome_group: None,
        rank_by_count: None,
        rank_by_rate: None,
        national: national.figures.clone(),
        figures: Vec::new(),
        caveats: Vec::new(),
        review: review(ctx, slug),
    };
    let answered = matches!(status, ResponseStatus::Disclosed | ResponseStatus::Partial);
    if answered {
        force_answer(ctx, &mut out, basis)?;
    }
    out.figures.extend(national_printed(ctx, national));
    if answered {
        let ranks = rank_figures(ctx, &mut out, f.approx_population);
        out.figures.extend(ranks);
    }
    out.caveats.push(KEYWORD_CAVEAT.to_string());
    mark_doubtful(ctx, &mut out);
    Ok(out)
}

fn open_problem(p: &Problem) -> OpenProblem {
    OpenProblem {
        kind: p.kind.as_str().to_string(),
        message: p.message.clone(),
        source: p.source.clone(),
        cells: p.cells.clone(),
        count: p.count,
        measure: p.measure.clone(),
        label: p.label.clone(),
        hint: p.hint.clone(),
    }
}

/// The force's open blocking problems (and the campaign's), and every decision made by hand about its answer.
fn review(ctx: &Ctx, slug: &str) -> Review {
    let open: Vec<OpenProblem> = ctx
        .problems
        .iter()
        .filter(|p| p.is_open_blocking() && p.force == slug)
        .chain(ctx.problems.iter().filter(|p| p.is_open_blocking() && p.force.is_empty()))
        .map(open_problem)
        .collect();
    let decisions = ctx
        .problems
        .iter()
        .filter(|p| p.force == slug)
        .filter_map(|p| match (&p.settled, p.kind) {
            (Some(reason), _) => Some(Decision {
                what: format!("accepted: {}", p.message),
                reason: reason.clone(),
                source: p.source.clone(),
            }),
            (None, ProblemKind::Corrected) => {
                let text = p.message.trim_start_matches("corrected by hand: ");
                let (what, reason) = text.split_once(" — ").unwrap_or((text, ""));
                Some(Decision { what: what.to_string(), reason: reason.to_string(), source: p.source.clone() })
            }
            _ => None,
        })
        .collect();
    Review { state: if open.is_empty() { ReleaseState::Final } else { ReleaseState::Draft }, open, decisions }
}

/// The store measure a force figure is made from, by its id.
fn measure_of<'c>(ctx: &'c Ctx, id: &str) -> Option<&'c str> {
    if id.starts_with("national") {
        None
    } else if id.starts_with("offence.") {
        ctx.offences.as_ref().map(|(m, _)| m.as_str())
    } else if id.starts_with("outcome.") {
        ctx.outcomes.as_ref().map(|(m, _)| m.as_str())
    } else {
        Some(ctx.yearly_measure.as_str())
    }
}

/// A figure is doubtful when an open blocking problem of the force touches its question (or the whole answer).
fn mark_doubtful(ctx: &Ctx, out: &mut ForceFigures) {
    let open: Vec<Option<String>> = out.review.open.iter().map(|p| p.measure.clone()).collect();
    if open.is_empty() {
        return;
    }
    let touched = |m: Option<&str>| m.is_some_and(|m| open.iter().any(|o| o.as_deref().is_none_or(|o| o == m)));
    let mark = |f: &mut Figure| f.doubtful = touched(measure_of(ctx, &f.id));
    out.figures.iter_mut().for_each(mark);
    out.outcome_figures.iter_mut().for_each(mark);
    if let Some(f) = out.total.as_mut() {
        mark(f);
    }
    if let Some(f) = out.latest.as_mut() {
        mark(f);
    }
}

/// The figures of a force that answered (in full or in part).
fn force_answer(ctx: &Ctx, out: &mut ForceFigures, basis: Option<PeriodBasis>) -> Result<(), AnalysisError> {
    let slug = out.force.clone();
    let name = out.force_name.clone();
    let title = ctx.title().to_string();
    let (yearly, unmatched) = ctx.yearly()?;
    let rows = yearly.filter(is("force", &slug)).collect()?;
    let mut suppressed_rows = 0i64;

    if out.status == "partial" {
        out.caveats.push(format!("{name} answered only part of the request."));
    }
    let unmatched: Vec<&str> = unmatched.iter().filter(|(f, _)| *f == slug).map(|(_, p)| p.as_str()).collect();
    if !unmatched.is_empty() {
        out.caveats.push(format!(
            "{name} gave figures for {} that match none of the requested years; they are left out.",
            unmatched.join(", ")
        ));
    }

    if rows.height() > 0 {
        let rows_lf = || rows.clone().lazy();
        // Per requested year.
        let mut own_labels = Vec::new();
        let mut year_parts: Vec<Option<Parts>> = Vec::new();
        for (k, p) in ctx.periods.iter().enumerate() {
            let year = rows_lf().filter(col(YEAR_INDEX).eq(lit(k as i64)));
            let own = str_col(&year.clone().select([col("period").first()]).collect()?, "period")?
                .into_iter()
                .next()
                .flatten();
            let parts = parts(year)?;
            match own {
                Some(own) if parts.rows > 0 => {
                    out.years.push(YearCount {
                        period: own.clone(),
                        value: parts.value(),
                        suppressed: parts.suppressed > 0,
                    });
                    out.figures.push(count_figure(
                        &format!("year.{own}"),
                        &format!("{title}, {own}"),
                        &parts,
                        year_formula(&ctx.yearly_measure, &own, &p.label),
                        &own,
                    ));
                    suppressed_rows += parts.suppressed;
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
        let missing: Vec<&str> =
            ctx.periods.iter().zip(&year_parts).filter(|(_, p)| p.is_none()).map(|(p, _)| p.label.as_str()).collect();
        if !missing.is_empty() {
            out.caveats.push(format!("{name} gave no figure for {}.", missing.join(", ")));
        }

        // Total over the years given.
        let total = parts(rows_lf())?;
        let given: Vec<&str> =
            own_labels.iter().zip(&year_parts).filter(|(_, p)| p.is_some()).map(|(l, _)| l.as_str()).collect();
        let range =
            if given.len() > 1 { format!("{} to {}", given[0], given[given.len() - 1]) } else { given.join("") };
        let total_fig = count_figure(
            "total",
            &format!("{title}, {range}"),
            &total,
            format!("sum of {} over {}{}", ctx.yearly_measure, given.join(", "), suppressed_note(&total)),
            &given.join(", "),
        );
        out.total = Some(total_fig.clone());
        out.figures.push(total_fig);

        // Latest year.
        if let Some(Some(p)) = year_parts.last() {
            let latest = out.latest_period.clone();
            let fig = count_figure(
                "latest",
                &format!("{title}, {latest}"),
                p,
                year_formula(&ctx.yearly_measure, &latest, ctx.last_label()),
                &latest,
            );
            out.latest = Some(fig.clone());
            out.figures.push(fig);
        }

        // Change, first to last year: both reported in full.
        if let (Some(Some(first)), Some(Some(last))) = (year_parts.first(), year_parts.last()) {
            if year_parts.len() > 1 && !first.lower_bound() && !last.lower_bound() {
                if let (Some(from), Some(to)) = (first.value(), last.value()) {
                    let c = change_of(&out.first_period, &out.latest_period, from, to);
                    let mut sources = first.sources.clone();
                    sources.extend(last.sources.iter().cloned());
                    out.figures.extend(change_figures(&c, &title, &sources, "change"));
                    out.change = Some(c);
                }
            }
        }

        if let Some(b) = basis.filter(|b| *b != ctx.campaign.basis()) {
            out.caveats.push(format!(
                "{name} gave figures for {}: {}, not the {} the request asked for; they are shown against the \
                 requested years {} in order, and left out of the national like-for-like change.",
                b.describe(),
                own_labels.join(", "),
                ctx.campaign.basis().describe(),
                ctx.labels().join(", ")
            ));
        }
    }

    // Offence types, latest requested year.
    if let Some((measure, targets)) = &ctx.offences {
        let rows = breakdown_rows(ctx, &slug, measure, targets)?;
        suppressed_rows += count_suppressed(&rows)?;
        out.offences = offence_rows(ctx, &rows)?;
        out.figures.extend(breakdown_figures(&out.offences, &rows, measure, &targets[targets.len() - 1].label)?);
    }

    // Outcomes, latest requested year.
    if let Some((measure, targets)) = &ctx.outcomes {
        let rows = breakdown_rows(ctx, &slug, measure, targets)?;
        if rows.height() > 0 {
            suppressed_rows += count_suppressed(&rows)?;
            out.outcomes = outcome_rows(ctx, &rows)?;
            let target = &targets[targets.len() - 1];
            // The force's own count for the year the outcomes describe: a table adding up to it is complete.
            let year_count = ctx
                .campaign
                .periods
                .labels
                .iter()
                .position(|l| *l == target.label)
                .and_then(|i| out.years.get(i))
                .filter(|y| !y.suppressed)
                .and_then(|y| y.value);
            out.outcome_figures = outcome_figures(ctx, &rows, measure, target, year_count)?;
            out.figures.extend(out.outcome_figures.iter().cloned());
            out.most_common_outcome_group = most_common_group(rows.lazy())?;
            out.caveats.push(PROVISIONAL_CAVEAT.to_string());
        }
    }

    if suppressed_rows > 0 {
        out.caveats.push(format!(
            "{name} withheld {suppressed_rows} {} (small numbers suppressed); sums that leave them out are given as \
             \"at least\", and withheld numbers are never counted as zero.",
            if suppressed_rows == 1 { "figure" } else { "figures" }
        ));
    }
    Ok(())
}

fn year_formula(measure: &str, own: &str, requested: &str) -> String {
    if own == requested {
        format!("{measure} for {own}")
    } else {
        format!("{measure} for the force's {own}, shown against the requested {requested}")
    }
}

fn suppressed_note(p: &Parts) -> String {
    match p.suppressed {
        0 => String::new(),
        1 => "; 1 suppressed value left out, so at least this".to_string(),
        n => format!("; {n} suppressed values left out, so at least this"),
    }
}

fn count_figure(id: &str, label: &str, p: &Parts, formula: String, period: &str) -> Figure {
    Figure {
        id: id.to_string(),
        label: label.to_string(),
        value: p.value().map(|v| v as f64),
        lower_bound: p.lower_bound(),
        formula: if p.reported == 0 && p.suppressed > 0 {
            format!("{formula} (every part suppressed by the force: no figure)")
        } else {
            formula
        },
        period: period.to_string(),
        base: String::new(),
        sources: p.sources.clone(),
        doubtful: false,
    }
}

/// `pct = round((to - from) / from * 100)` on the first year as base; no percentage on a base under 10.
pub(crate) fn change_of(from_period: &str, to_period: &str, from: i64, to: i64) -> Change {
    let difference = to - from;
    Change {
        from_period: from_period.to_string(),
        to_period: to_period.to_string(),
        from,
        to,
        difference,
        pct: (from >= 10).then(|| (difference as f64 / from as f64 * 100.0).round() as i64),
        direction: match difference.signum() {
            1 => Direction::Rise,
            -1 => Direction::Fall,
            _ => Direction::Flat,
        },
    }
}

fn change_base(c: &Change) -> String {
    format!("from {} in {} to {} in {}", thousands(c.from), c.from_period, thousands(c.to), c.to_period)
}

fn change_figures(c: &Change, title: &str, sources: &[SourceRef], prefix: &str) -> Vec<Figure> {
    let period = format!("{}, {}", c.from_period, c.to_period);
    let mut out = vec![Figure {
        id: format!("{prefix}.difference"),
        label: format!("Change in {}, {} to {}", decapitalise(title), c.from_period, c.to_period),
        value: Some(c.difference as f64),
        lower_bound: false,
        formula: format!("{} - {}", c.to, c.from),
        period: period.clone(),
        base: change_base(c),
        sources: sources.to_vec(),
        doubtful: false,
    }];
    if let Some(pct) = c.pct {
        out.push(Figure {
            id: format!("{prefix}.pct"),
            label: format!("Change in {}, {} to {}, per cent", decapitalise(title), c.from_period, c.to_period),
            value: Some(pct as f64),
            lower_bound: false,
            formula: format!("round(({} - {}) / {} * 100)", c.to, c.from, c.from),
            period,
            base: change_base(c),
            sources: sources.to_vec(),
            doubtful: false,
        });
    }
    out
}

/// The national figures a force's release prints.
fn national_printed(ctx: &Ctx, national: &National) -> Vec<Figure> {
    let n = &national.figures;
    let mut out = vec![n.total.clone(), n.latest_year_total.clone()];
    if let Some(c) = &n.change {
        let mut figs = change_figures(c, ctx.title(), &national.change_sources, "national.change");
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
    let period = ctx.labels().join(", ");
    out.rank_by_count = Some(row.rank);
    out.rank_by_rate = row.rate_rank;
    let mut figs = vec![Figure {
        id: "rank.count".into(),
        label: format!(
            "Rank among {n} forces by number of {}, {} to {} (1 = most)",
            decapitalise(ctx.title()),
            ctx.first_label(),
            ctx.last_label()
        ),
        value: Some(row.rank as f64),
        lower_bound: false,
        formula: format!(
            "position of the force's total ({}) in the league table of {n} forces' totals; equal totals share a rank",
            thousands(row.total)
        ),
        period: period.clone(),
        base: format!("{n} forces that gave yearly figures"),
        sources: sources.clone(),
        doubtful: false,
    }];
    if let (Some(rate), Some(p)) = (row.rate_per_100k, population) {
        figs.push(Figure {
            id: "rate".into(),
            label: format!("{} per 100,000 residents, {} to {}", ctx.title(), ctx.first_label(), ctx.last_label()),
            value: Some(rate),
            lower_bound: row.lower_bound,
            formula: format!("{} / {} * 100,000, rounded to one decimal place", row.total, p),
            period: period.clone(),
            base: format!("resident population of about {} (reference table)", thousands(p as i64)),
            sources: sources.clone(),
            doubtful: false,
        });
        if (p) < POPULATION_NOT_COMPARABLE_BELOW {
            out.caveats.push(format!(
                "{} has a resident population of about {}: its rate per 100,000 residents is not comparable with other forces' and is not ranked.",
                out.force_name,
                thousands(p as i64)
            ));
        }
    }
    if let Some(rr) = row.rate_rank {
        figs.push(Figure {
            id: "rank.rate".into(),
            label: format!("Rank among {ranked} forces by {} per 100,000 residents (1 = highest)", decapitalise(ctx.title())),
            value: Some(rr as f64),
            lower_bound: false,
            formula: format!(
                "position of the force's rate ({:.1}) among the rates of {ranked} forces with a comparable resident population; equal rates share a rank",
                row.rate_per_100k.unwrap_or(0.0)
            ),
            period,
            base: format!("{ranked} forces with a resident population of {} or more", thousands(POPULATION_NOT_COMPARABLE_BELOW as i64)),
            sources,
            doubtful: false,
        });
    }
    if population.is_none() {
        out.caveats.push(format!(
            "{} has no resident population of its own, so no rate per 100,000 residents is given.",
            out.force_name
        ));
    }
    figs
}

// ---------------------------------------------------------------------------------------------------------
// Breakdowns
// ---------------------------------------------------------------------------------------------------------

/// The force's rows of a breakdown measure for the last requested period of its question, largest first.
fn breakdown_rows(ctx: &Ctx, force: &str, measure: &str, targets: &[Period]) -> Result<DataFrame, AnalysisError> {
    let (rows, _) = ctx.aligned(measure, targets)?;
    Ok(rows
        .filter(is("force", force).and(col(YEAR_INDEX).eq(lit(targets.len() as i64 - 1))))
        .sort_by_exprs(
            [
                col("value"),
                col("offence_group"),
                col("offence_subgroup"),
                col("offence_code"),
                col("outcome_group"),
                col("outcome_code"),
                col("label"),
                col("source_cell"),
            ],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, false, false, false, false, false, false, false])
                .with_nulls_last(true)
                .with_maintain_order(true),
        )
        .collect()?)
}

fn count_suppressed(rows: &DataFrame) -> Result<i64, AnalysisError> {
    let df = rows.clone().lazy().select([query::sum_exprs()[2].clone()]).collect()?;
    Ok(i64_col(&df, "suppressed")?[0].unwrap_or(0))
}

/// One figure per printed breakdown row, so that every number of the offence table has its cell.
fn breakdown_figures(
    printed: &[BreakdownRow],
    rows: &DataFrame,
    measure: &str,
    period: &str,
) -> Result<Vec<Figure>, AnalysisError> {
    let file = str_col(rows, "source_file")?;
    let sheet = str_col(rows, "source_sheet")?;
    let cell = str_col(rows, "source_cell")?;
    Ok(printed
        .iter()
        .enumerate()
        .map(|(i, row)| Figure {
            id: format!("offence.{}", i + 1),
            label: format!("{} ({period})", row.label),
            value: row.value.map(|v| v as f64),
            lower_bound: false,
            formula: if row.suppressed {
                format!("{measure} row as given by the force: withheld (suppressed), not zero")
            } else {
                format!("{measure} row as given by the force")
            },
            period: period.to_string(),
            base: String::new(),
            sources: vec![SourceRef {
                file: file[i].clone().unwrap_or_default(),
                sheet: sheet[i].clone().unwrap_or_default(),
                cell: cell[i].clone().unwrap_or_default(),
            }],
            doubtful: false,
        })
        .collect())
}

fn offence_rows(ctx: &Ctx, rows: &DataFrame) -> Result<Vec<BreakdownRow>, AnalysisError> {
    let subgroup = str_col(rows, "offence_subgroup")?;
    breakdown_table(rows, "offence", |i, code, group| {
        code.and_then(|c| ctx.reference.offence_by_code(c))
            .map(|o| o.description.clone())
            .or_else(|| subgroup[i].clone())
            .or_else(|| group.map(String::from))
    })
}

fn outcome_rows(ctx: &Ctx, rows: &DataFrame) -> Result<Vec<BreakdownRow>, AnalysisError> {
    breakdown_table(rows, "outcome", |_, code, group| {
        code.and_then(|c| ctx.reference.outcome_by_code(c))
            .map(|o| o.description.clone())
            .or_else(|| group.and_then(|g| ctx.reference.outcome_group_label(g)).map(String::from))
    })
}

/// A breakdown's rows labelled in the reference's words at the level the force answered (`reference_label`
/// of row index, code and group), or in the force's own words when nothing matched.
fn breakdown_table(
    rows: &DataFrame,
    prefix: &str,
    reference_label: impl Fn(usize, Option<&str>, Option<&str>) -> Option<String>,
) -> Result<Vec<BreakdownRow>, AnalysisError> {
    let group = str_col(rows, &format!("{prefix}_group"))?;
    let code = str_col(rows, &format!("{prefix}_code"))?;
    let label = str_col(rows, "label")?;
    let value = i64_col(rows, "value")?;
    let status = str_col(rows, "value_status")?;
    Ok((0..rows.height())
        .map(|i| BreakdownRow {
            label: reference_label(i, code[i].as_deref(), group[i].as_deref())
                .or_else(|| label[i].clone())
                .unwrap_or_default(),
            group: group[i].clone().unwrap_or_default(),
            code: code[i].clone(),
            value: value[i],
            suppressed: status[i].as_deref() == Some(query::SUPPRESSED),
        })
        .collect())
}

const EVIDENTIAL_GROUPS: [&str; 2] =
    ["evidential_difficulties_victim_supports", "evidential_difficulties_victim_does_not_support"];

fn code_is(code: &str) -> Expr {
    is("outcome_code", code)
}

fn group_only(group: &str) -> Expr {
    col("outcome_code").is_null().and(is("outcome_group", group))
}

/// outcome.charged, outcome.evidential (+ _14/_15/_16 when answered by code), outcome.no_suspect,
/// outcome.not_yet_assigned. An outcome the force's table has no row for counts as 0 only when the table is
/// complete: every row matched to the framework, none withheld, and its rows add up to the force's own count
/// for the year (`year_count`). Otherwise an absent row says nothing and the figure is left out.
fn outcome_figures(
    ctx: &Ctx,
    rows: &DataFrame,
    measure: &str,
    target: &Period,
    year_count: Option<i64>,
) -> Result<Vec<Figure>, AnalysisError> {
    let lf = || rows.clone().lazy();
    let period = str_col(rows, "period")?.into_iter().flatten().next().unwrap_or_else(|| target.label.clone());
    let unmapped = parts(lf().filter(col("outcome_group").is_null()))?.rows;
    let whole = parts(lf())?;
    let complete = unmapped == 0 && whole.suppressed == 0 && Some(whole.sum) == year_count;
    let group_level_evidential =
        parts(lf().filter(group_only(EVIDENTIAL_GROUPS[0]).or(group_only(EVIDENTIAL_GROUPS[1]))))?.rows > 0;
    let describe = |code: &str| ctx.reference.outcome_by_code(code).map(|o| o.description.clone()).unwrap_or_default();

    // (id, label, rows summed, the rows in words, what an absent row means in words)
    let mut defs: Vec<(String, String, Expr, String, String)> = vec![
        (
            "outcome.charged".into(),
            format!("{} (outcome 1)", describe("1")),
            code_is("1").or(group_only("charged_summonsed")),
            "outcome 1, or group charged_summonsed where no code was given".into(),
            "outcome 1 (charged/summonsed)".into(),
        ),
        (
            "outcome.evidential".into(),
            "Evidential difficulties (outcomes 14, 15, 16)".into(),
            code_is("14")
                .or(code_is("15"))
                .or(code_is("16"))
                .or(group_only(EVIDENTIAL_GROUPS[0]))
                .or(group_only(EVIDENTIAL_GROUPS[1])),
            format!(
                "outcomes 14 + 15 + 16, or groups {} + {} where no code was given",
                EVIDENTIAL_GROUPS[0], EVIDENTIAL_GROUPS[1]
            ),
            "outcomes 14, 15 or 16 (evidential difficulties)".into(),
        ),
    ];
    if !group_level_evidential {
        for c in ["14", "15", "16"] {
            defs.push((
                format!("outcome.evidential_{c}"),
                format!("{} (outcome {c})", describe(c)),
                code_is(c),
                format!("outcome {c}"),
                format!("outcome {c}"),
            ));
        }
    }
    defs.push((
        "outcome.no_suspect".into(),
        format!("{} (outcome 18)", describe("18")),
        code_is("18").or(group_only("no_suspect_identified")),
        "outcome 18, or group no_suspect_identified where no code was given".into(),
        "outcome 18 (no suspect identified)".into(),
    ));
    defs.push((
        "outcome.not_yet_assigned".into(),
        describe("0"),
        is("outcome_group", "not_yet_assigned"),
        "group not_yet_assigned (outcome 0, or no outcome yet)".into(),
        "outcomes not yet assigned".into(),
    ));

    let mut out = Vec::new();
    for (id, label, pred, what, absent) in defs {
        let p = parts(lf().filter(pred))?;
        let (value, formula, sources) = if p.rows > 0 {
            let mut formula = format!("sum of {measure} for {period}: {what}{}", suppressed_note(&p));
            if p.reported == 0 {
                formula.push_str(" (suppressed by the force: no figure)");
            }
            (p.value(), formula, p.sources.clone())
        } else if complete {
            // The evidence for a zero is the whole table, which accounts for every offence of the year.
            let formula = format!(
                "0: the force's {measure} table for {period} has no row for {absent}; its rows, all matched to the \
                 outcomes framework and none withheld, add up to the {} offences the force recorded in {period}",
                whole.sum
            );
            (Some(0), formula, query::sources(lf())?)
        } else {
            continue;
        };
        out.push(Figure {
            id,
            label,
            value: value.map(|v| v as f64),
            lower_bound: p.lower_bound(),
            formula,
            period: period.clone(),
            base: String::new(),
            sources,
            doubtful: false,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------------------

pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn decapitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
