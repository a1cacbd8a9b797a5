//! The country's figures: totals over the forces that answered with counts (and have no open blocking problem),
//! the like-for-like change, who did not answer, the league table, and each breakdown's most common group.

use foi_model::{MostOften, PeriodBasis, ResponseStatus, SourceRef};
use foi_store::columns::{CATEGORY_GROUP, FORCE, PERIOD_BASIS};
use polars::prelude::*;

use crate::ctx::{Ctx, PerYear};
use crate::figures::*;
use crate::query::{self, f64_col, i64_col, is, parts, str_col, YEAR_INDEX};
use crate::review::open_problem;
use crate::rules::{self, rate_comparable};
use crate::words::{plural, round1, suppressed_note};
use crate::AnalysisError;

/// The national figures and what a force's release needs beside them.
pub(crate) struct National {
    pub figures: NationalFigures,
    /// The first- and last-period cells of the forces in the like-for-like change.
    pub change_sources: Vec<SourceRef>,
}

pub(crate) fn national(ctx: &Ctx) -> Result<National, AnalysisError> {
    let (yearly, _) = ctx.yearly()?;
    let yearly = ctx.clean(yearly)?;
    let per_year = PerYear::new(yearly.clone())?;
    let league = league(ctx, &per_year)?;
    let labels = ctx.labels();
    let n_league = league.len();
    let measure = &ctx.count.measure;

    let total_parts = parts(yearly.clone())?;
    let league_sum: i64 = league.iter().map(|r| r.total).fold(0, i64::saturating_add);
    debug_assert_eq!(total_parts.sum, league_sum, "national total equals the sum of the league");
    let mut total = Figure::new(
        FigureKind::NationalTotal,
        format!("{}, all forces that answered, {} to {}", ctx.title(), ctx.first_label(), ctx.last_label()),
    );
    total.value = (n_league > 0).then_some(league_sum as f64);
    total.lower_bound = total_parts.suppressed > 0 && n_league > 0;
    total.formula = format!(
        "sum of the {measure} totals ({}) of the {n_league} {} in the league table{}",
        labels.join(", "),
        plural(n_league, "force", "forces"),
        suppressed_note(&total_parts)
    );
    total.periods = labels.clone();
    total.base = format!("{n_league} {} that gave yearly figures", plural(n_league, "force", "forces"));
    total.sources = total_parts.sources;

    let last = ctx.last_index();
    let latest_parts = parts(yearly.clone().filter(col(YEAR_INDEX).eq(lit(last))))?;
    let latest_forces = per_year
        .lazy()
        .filter(col(YEAR_INDEX).eq(lit(last)).and(col("reported").gt(lit(0))))
        .select([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let n_latest = i64_col(&latest_forces, "n")?[0].unwrap_or(0) as usize;
    let mut latest_year_total = Figure::new(
        FigureKind::NationalLatest,
        format!("{}, all forces that answered, {}", ctx.title(), ctx.last_label()),
    );
    latest_year_total.value = latest_parts.value().map(|v| v as f64);
    latest_year_total.lower_bound = latest_parts.lower_bound();
    latest_year_total.formula = format!(
        "sum of {measure} for {} over the {n_latest} {} that gave it{}",
        ctx.last_label(),
        plural(n_latest, "force", "forces"),
        suppressed_note(&latest_parts)
    );
    latest_year_total.periods = vec![ctx.last_label().to_string()];
    latest_year_total.base = format!("{n_latest} {}", plural(n_latest, "force", "forces"));
    latest_year_total.sources = latest_parts.sources;

    // Like-for-like: the request's basis, both first and last period reported in full.
    let exact = per_year.lazy().filter(
        is(PERIOD_BASIS, ctx.campaign.basis().as_str())
            .and(col("suppressed").eq(lit(0i64)))
            .and(col("reported").gt(lit(0i64))),
    );
    let first = exact.clone().filter(col(YEAR_INDEX).eq(lit(0i64))).select([col(FORCE), col("sum").alias("from")]);
    let to = exact.filter(col(YEAR_INDEX).eq(lit(last))).select([col(FORCE), col("sum").alias("to")]);
    let both = first.inner_join(to, col(FORCE), col(FORCE)).collect()?;
    let lfl = both
        .clone()
        .lazy()
        .select([col("from").sum(), col("to").sum(), len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let change_sources = query::sources(
        yearly.clone().filter(col(YEAR_INDEX).eq(lit(0i64)).or(col(YEAR_INDEX).eq(lit(last)))).inner_join(
            both.lazy().select([col(FORCE)]),
            col(FORCE),
            col(FORCE),
        ),
    )?;
    let change_forces = i64_col(&lfl, "n")?[0].unwrap_or(0) as usize;
    let change = (change_forces > 0 && ctx.periods.len() > 1).then(|| {
        let from = i64_col(&lfl, "from").ok().and_then(|v| v[0]).unwrap_or(0);
        let to = i64_col(&lfl, "to").ok().and_then(|v| v[0]).unwrap_or(0);
        rules::change(ctx.first_label(), ctx.last_label(), from, to)
    });

    let mut lists: [Vec<String>; 4] = Default::default();
    // A force under review is named as such, not by a status that may itself be a misreading.
    for r in ctx.responses.iter().filter(|r| !ctx.blocked.contains(&r.force)) {
        let i = match r.status {
            ResponseStatus::Refused => 0,
            ResponseStatus::NotHeld => 1,
            ResponseStatus::NoResponse => 2,
            ResponseStatus::Partial => 3,
            ResponseStatus::Disclosed => continue,
        };
        lists[i].push(ctx.name(&r.force));
    }
    let [refused, not_held, no_response, partial] = lists.map(|mut l| {
        l.sort();
        l
    });

    let mut forces_counted: Vec<String> = league.iter().map(|r| r.force.clone()).collect();
    forces_counted.sort();

    let mut most_common = Vec::new();
    for b in ctx.breakdowns.iter().filter(|b| b.vocabulary.most_often == MostOften::Group) {
        let (rows, _) = ctx.aligned(&b.question.measure, &b.periods)?;
        let last = b.periods.len() as i64 - 1;
        if let Some(group) = most_common_group(ctx.clean(rows)?.filter(col(YEAR_INDEX).eq(lit(last))))? {
            most_common.push(MostCommon {
                question: b.question.id.clone(),
                vocabulary: b.vocabulary.name.clone(),
                group,
            });
        }
    }
    let mut under_review: Vec<String> = ctx.blocked.iter().map(|f| ctx.name(f)).collect();
    under_review.sort();
    let campaign_problems =
        ctx.problems.iter().filter(|p| p.is_open_blocking() && p.force.is_empty()).map(open_problem).collect();

    let sent = ctx.campaign.sent;
    let mut dispositions: Vec<Disposition> = ctx
        .responses
        .iter()
        .map(|r| {
            let working_days = sent.zip(r.received).and_then(|(s, a)| rules::working_days(s, a));
            Disposition {
                force: r.force.clone(),
                name: ctx.name(&r.force),
                status: r.status,
                exemption: r.exemption.clone(),
                received: r.received,
                working_days,
                late: working_days.map(|d| d > rules::FOI_WORKING_DAYS),
                under_review: ctx.blocked.contains(&r.force),
            }
        })
        .collect();
    dispositions.sort_by(|a, b| a.name.cmp(&b.name));

    let figures = NationalFigures {
        sent,
        dispositions,
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
        most_common,
        under_review,
        campaign_problems,
    };
    Ok(National { figures, change_sources })
}

/// The league table: forces with at least one reported count, by total over the periods (equal totals share a
/// rank; names break ties in the order), with rates per 100,000 residents.
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
                Column::new(FORCE.into(), force),
                Column::new("name".into(), name),
                Column::new("population".into(), population),
            ],
        )?
    };
    let df = per_year
        .lazy()
        .group_by([col(FORCE), col(PERIOD_BASIS)])
        .agg([
            col("sum").sum().alias("total"),
            col("reported").sum().alias("reported"),
            col("suppressed").sum().alias("suppressed"),
            len().cast(DataType::Int64).alias("years"),
        ])
        .filter(col("reported").gt(lit(0i64)))
        .join(pop.lazy(), [col(FORCE)], [col(FORCE)], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("name").fill_null(col(FORCE)),
            (col("total").cast(DataType::Float64) * lit(100_000.0) / col("population").cast(DataType::Float64))
                .alias("rate"),
        ])
        .sort_by_exprs(
            [col("total"), col("name")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;

    let force = str_col(&df, FORCE)?;
    let name = str_col(&df, "name")?;
    let basis = str_col(&df, PERIOD_BASIS)?;
    let total = i64_col(&df, "total")?;
    let suppressed = i64_col(&df, "suppressed")?;
    let years = i64_col(&df, "years")?;
    let population = i64_col(&df, "population")?;
    let rate = f64_col(&df, "rate")?;

    let n_years = ctx.periods.len();
    let mut rows: Vec<LeagueRow> = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let t = total[i].unwrap_or(0);
        let rank = match rows.last() {
            Some(prev) if prev.total == t => prev.rank,
            _ => i + 1,
        };
        let mut flags = Vec::new();
        if let Some(b) = basis[i].as_deref().and_then(PeriodBasis::parse).filter(|b| *b != ctx.campaign.basis()) {
            flags.push(LeagueFlag::Basis { basis: b });
        }
        let y = years[i].unwrap_or(0) as usize;
        if y < n_years {
            flags.push(LeagueFlag::SomeYears { given: y, asked: n_years });
        }
        let pop = population[i].map(|p| p as u64);
        match pop {
            None => flags.push(LeagueFlag::NoPopulation),
            Some(p) if !rate_comparable(Some(p)) => flags.push(LeagueFlag::SmallPopulation { population: p }),
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
            flags,
        });
    }
    // Rate ranks: only forces with a comparable resident population.
    let mut by_rate: Vec<(f64, String, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(i, r)| r.rate_per_100k.is_some() && rate_comparable(population[*i].map(|p| p as u64)))
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

/// The group with the largest reported sum in `rows` (ties: the first key in alphabetical order).
pub(crate) fn most_common_group(rows: LazyFrame) -> Result<Option<String>, AnalysisError> {
    let df = rows
        .filter(col(CATEGORY_GROUP).is_not_null())
        .group_by([col(CATEGORY_GROUP)])
        .agg(query::sum_exprs())
        .filter(col("reported").gt(lit(0i64)))
        .sort_by_exprs(
            [col("sum"), col(CATEGORY_GROUP)],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .limit(1)
        .collect()?;
    Ok(str_col(&df, CATEGORY_GROUP)?.into_iter().next().flatten())
}
