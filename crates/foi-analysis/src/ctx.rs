//! Everything about a campaign the computations need, read from the store once.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use foi_model::{Campaign, Period, Problem, Question, Reference, Response};
use foi_store::columns::{FORCE, PERIOD, PERIOD_BASIS};
use foi_store::Store;
use polars::prelude::*;

use crate::query::{self, aligned, REQUEST_PERIOD, YEAR_INDEX};
use crate::AnalysisError;

/// A measure's aligned rows and the `(force, period)` pairs that matched no requested period.
type Aligned = (DataFrame, Vec<(String, String)>);

/// A breakdown question with what the computations need of it.
pub(crate) struct BreakdownQuestion<'a> {
    pub question: &'a Question,
    pub vocabulary: &'a foi_model::Vocabulary,
    pub periods: Vec<Period>,
}

pub(crate) struct Ctx<'a> {
    pub store: &'a Store,
    pub campaign: &'a Campaign,
    pub reference: &'a Reference,
    /// The count the release leads with.
    pub count: &'a Question,
    pub periods: Vec<Period>,
    pub breakdowns: Vec<BreakdownQuestion<'a>>,
    pub responses: Vec<Response>,
    /// The campaign's problems, for each force's review state.
    pub problems: Vec<Problem>,
    /// Forces with an open blocking problem: left out of every national figure.
    pub blocked: BTreeSet<String>,
    /// Aligned rows per measure, collected once (they are small) and reused by every query.
    /// A mutex, not a cell: forces' figures are computed on several threads from one context.
    cache: Mutex<HashMap<String, Aligned>>,
}

impl<'a> Ctx<'a> {
    pub fn new(store: &'a Store, campaign: &'a Campaign, reference: &'a Reference) -> Result<Ctx<'a>, AnalysisError> {
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
        let count = campaign.count_question();
        let periods = periods_of(&count.periods)?;
        if periods.is_empty() {
            return Err(AnalysisError::BadPeriod { campaign: campaign.slug.clone(), label: String::new() });
        }
        let mut breakdowns = Vec::new();
        for q in campaign.breakdowns() {
            let vocabulary = campaign.vocabulary_of(q).ok_or_else(|| AnalysisError::NoVocabulary {
                campaign: campaign.slug.clone(),
                question: q.id.clone(),
            })?;
            let p = periods_of(&q.periods)?;
            if !p.is_empty() {
                breakdowns.push(BreakdownQuestion { question: q, vocabulary, periods: p });
            }
        }
        let problems = store.read_problems(Some(&campaign.slug))?;
        Ok(Ctx {
            store,
            campaign,
            reference,
            count,
            periods,
            breakdowns,
            responses: store.read_responses(&campaign.slug)?,
            blocked: problems
                .iter()
                .filter(|p| p.is_open_blocking() && !p.force.is_empty())
                .map(|p| p.force.clone())
                .collect(),
            problems,
            cache: Mutex::default(),
        })
    }

    pub fn slug(&self) -> &str {
        &self.campaign.slug
    }
    pub fn title(&self) -> &str {
        &self.campaign.title
    }
    pub fn labels(&self) -> Vec<String> {
        self.periods.iter().map(|p| p.label.clone()).collect()
    }
    pub fn first_label(&self) -> &str {
        &self.periods[0].label
    }
    pub fn last_label(&self) -> &str {
        &self.periods[self.periods.len() - 1].label
    }
    pub fn last_index(&self) -> i64 {
        self.periods.len() as i64 - 1
    }
    pub fn name(&self, force: &str) -> String {
        self.reference.force_by_slug(force).map(|f| f.name.clone()).unwrap_or_else(|| force.to_string())
    }
    pub fn yearly(&self) -> Result<(LazyFrame, Vec<(String, String)>), AnalysisError> {
        self.aligned(&self.count.measure, &self.periods)
    }
    /// Only the rows of forces with no open blocking problem: what national figures are made of.
    pub fn clean(&self, rows: LazyFrame) -> Result<LazyFrame, AnalysisError> {
        let clean: Vec<String> =
            self.reference.forces.iter().map(|f| f.slug.clone()).filter(|f| !self.blocked.contains(f)).collect();
        let df = DataFrame::new(clean.len(), vec![Column::new(FORCE.into(), clean)])?;
        Ok(rows.inner_join(df.lazy(), col(FORCE), col(FORCE)))
    }
    /// One force's [`aligned`] rows of a measure and its periods that matched no requested one, picked from the
    /// cache without a query: every release asks for its own rows of each measure, and planning a query each
    /// time cost more than the picking.
    pub fn aligned_of(
        &self,
        measure: &str,
        targets: &[Period],
        force: &str,
    ) -> Result<(DataFrame, Vec<String>), AnalysisError> {
        let (rows, unmatched) = self.aligned_frame(measure, targets)?;
        let rows = rows.filter(&rows.column(FORCE)?.str()?.equal(force))?;
        Ok((rows, unmatched.into_iter().filter(|(f, _)| f == force).map(|(_, p)| p).collect()))
    }
    /// [`aligned`] rows of a measure, from the cache.
    pub fn aligned(
        &self,
        measure: &str,
        targets: &[Period],
    ) -> Result<(LazyFrame, Vec<(String, String)>), AnalysisError> {
        let (df, unmatched) = self.aligned_frame(measure, targets)?;
        Ok((df.lazy(), unmatched))
    }
    fn aligned_frame(&self, measure: &str, targets: &[Period]) -> Result<Aligned, AnalysisError> {
        // Held while computing, so two threads asking for one measure compute it once.
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = cache.get(measure) {
            return Ok(found.clone());
        }
        let (lf, unmatched) = aligned(self.store, self.slug(), measure, targets)?;
        let df = lf.collect()?;
        cache.insert(measure.to_string(), (df.clone(), unmatched.clone()));
        Ok((df, unmatched))
    }
}

/// Per force and requested period: the sum and its parts (collected once, a few rows per force).
pub(crate) struct PerYear {
    pub df: DataFrame,
}

impl PerYear {
    pub fn new(yearly: LazyFrame) -> Result<PerYear, AnalysisError> {
        let mut aggs = query::sum_exprs().to_vec();
        aggs.push(col(PERIOD).first().alias(PERIOD));
        let df = yearly
            .group_by([col(FORCE), col(PERIOD_BASIS), col(REQUEST_PERIOD), col(YEAR_INDEX)])
            .agg(aggs)
            .sort_by_exprs([col(FORCE), col(YEAR_INDEX)], SortMultipleOptions::default())
            .collect()?;
        Ok(PerYear { df })
    }
    pub fn lazy(&self) -> LazyFrame {
        self.df.clone().lazy()
    }
}
