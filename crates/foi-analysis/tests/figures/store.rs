//! The hand-made store the figures are computed from.
//!
//! A small hand-made store: a rising force, a tiny force (base under 10), a force with suppressed cells, a
//! calendar-year force, a force that answered outcomes by group only, a partial answer without population
//! (BTP), a force whose every count was suppressed, and forces that refused, did not hold the data or did not
//! respond.

use super::*;

pub(crate) const C: &str = "tiktok-2024";

pub(crate) fn campaign() -> Campaign {
    Campaign::parse(include_str!("../../../../data-raw/tiktok-2024/campaign.toml")).unwrap()
}

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Builds one force's rows, numbering cells down column B of one file.
pub(crate) struct ForceRows {
    pub(crate) force: &'static str,
    pub(crate) basis: PeriodBasis,
    pub(crate) rows: Vec<Observation>,
}

impl ForceRows {
    pub(crate) fn new(force: &'static str, basis: PeriodBasis) -> Self {
        ForceRows { force, basis, rows: Vec::new() }
    }

    pub(crate) fn period(&self, start_year: i32) -> (String, NaiveDate, NaiveDate) {
        let p = foi_model::Period::year(self.basis, start_year);
        (p.label, p.start, p.end)
    }

    pub(crate) fn push(
        &mut self,
        measure: &str,
        start_year: i32,
        value: Option<i64>,
        f: impl FnOnce(&mut Observation),
    ) -> &mut Self {
        let (period, start, end) = self.period(start_year);
        let mut o = Observation {
            campaign: C.into(),
            force: self.force.into(),
            measure: measure.into(),
            period,
            period_start: start,
            period_end: end,
            breakdown: None,
            category_group: None,
            category_subgroup: None,
            category_code: None,
            label: String::new(),
            value,
            value_status: if value.is_some() { ValueStatus::Reported } else { ValueStatus::Suppressed },
            source: SourceRef {
                file: format!("{}/answer.xlsx", self.force),
                sheet: measure.into(),
                cell: format!("B{}", self.rows.len() + 2),
            },
        };
        f(&mut o);
        self.rows.push(o);
        self
    }

    pub(crate) fn years(&mut self, first: i32, values: [Option<i64>; 3]) -> &mut Self {
        for (i, v) in values.into_iter().enumerate() {
            self.push("offences_by_year", first + i as i32, v, |o| o.label = "Number of offences".into());
        }
        self
    }

    pub(crate) fn outcome(&mut self, year: i32, code: Option<&str>, group: &str, value: Option<i64>) -> &mut Self {
        self.push("outcomes", year, value, |o| {
            o.breakdown = Some("outcome".into());
            o.category_code = code.map(String::from);
            o.category_group = Some(group.into());
            o.label = format!("{code:?} {group}");
        })
    }

    pub(crate) fn offence(
        &mut self,
        year: i32,
        group: Option<&str>,
        sub: Option<&str>,
        code: Option<&str>,
        label: &str,
        value: Option<i64>,
    ) -> &mut Self {
        self.push("offences_by_type", year, value, |o| {
            o.breakdown = Some("offence".into());
            o.category_group = group.map(String::from);
            o.category_subgroup = sub.map(String::from);
            o.category_code = code.map(String::from);
            o.label = label.into();
        })
    }

    pub(crate) fn response(&self, status: ResponseStatus) -> Response {
        response(self.force, status, self.basis)
    }
}

pub(crate) fn response(force: &str, status: ResponseStatus, basis: PeriodBasis) -> Response {
    Response {
        campaign: C.into(),
        force: force.into(),
        status,
        exemption: (status == ResponseStatus::Refused).then(|| "s12".to_string()),
        period_basis: basis,
        reference: Some(format!("{force}/24")),
        received: Some(d(2024, 6, 1)),
        files: vec![format!("{force}/answer.xlsx")],
        problems: 0,
        evidence: Vec::new(),
        answered_levels: String::new(),
    }
}

pub(crate) const VAP: &str = "Violence against the person";
pub(crate) const NOT_SUPPORT: &str = "evidential_difficulties_victim_does_not_support";
pub(crate) const SUPPORTS: &str = "evidential_difficulties_victim_supports";

pub(crate) fn build_store() -> tempfile::TempDir {
    use PeriodBasis::*;
    use ResponseStatus::*;
    let mut obs = Vec::new();
    let mut responses = Vec::new();

    let mut n = ForceRows::new("northamptonshire", FyApr6);
    n.years(2021, [Some(65), Some(81), Some(106)])
        .offence(2023, Some(VAP), Some("Stalking and harassment"), Some("8L"), "Harassment without violence", Some(40))
        .offence(2023, Some(VAP), Some("Stalking and harassment"), None, "Stalking and harassment", Some(20))
        .offence(2023, Some("Sexual offences"), None, None, "Sexual offences", Some(30))
        .offence(2023, None, None, None, "Dragon theft", Some(16))
        .outcome(2023, Some("1"), "charged_summonsed", Some(1))
        .outcome(2023, Some("18"), "no_suspect_identified", Some(24))
        .outcome(2023, Some("15"), SUPPORTS, Some(19))
        .outcome(2023, Some("16"), NOT_SUPPORT, Some(33))
        .outcome(2023, Some("14"), NOT_SUPPORT, Some(7));
    responses.push(n.response(Disclosed));
    obs.append(&mut n.rows);

    let mut l = ForceRows::new("lancashire", FyApr6);
    l.years(2021, [Some(71), None, Some(98)])
        .offence(2023, Some(VAP), Some("Stalking and harassment"), Some("8R"), "Malicious communications", Some(50))
        .offence(2023, Some("Sexual offences"), Some("Other sexual offences"), Some("88A"), "Grooming", None)
        .outcome(2023, Some("1"), "charged_summonsed", Some(3))
        .outcome(2023, Some("16"), NOT_SUPPORT, None)
        .outcome(2023, Some("18"), "no_suspect_identified", Some(10));
    responses.push(l.response(Disclosed));
    obs.append(&mut l.rows);

    let mut city = ForceRows::new("city-of-london", FyApr6);
    city.years(2021, [Some(4), Some(6), Some(9)]);
    responses.push(city.response(Disclosed));
    obs.append(&mut city.rows);

    let mut dp = ForceRows::new("dyfed-powys", Calendar);
    dp.years(2021, [Some(22), Some(42), Some(42)])
        .outcome(2023, Some("16"), NOT_SUPPORT, Some(14))
        .outcome(2023, Some("18"), "no_suspect_identified", Some(10))
        .outcome(2023, Some("15"), SUPPORTS, Some(8))
        .outcome(2023, Some("14"), NOT_SUPPORT, Some(3))
        .outcome(2023, Some("21"), "not_in_public_interest_police", Some(2))
        .outcome(2023, Some("0"), "not_yet_assigned", Some(5));
    responses.push(dp.response(Disclosed));
    obs.append(&mut dp.rows);

    let mut h = ForceRows::new("hertfordshire", FyApr6);
    h.years(2021, [Some(37), Some(63), Some(88)])
        .outcome(2023, None, NOT_SUPPORT, Some(32))
        .outcome(2023, None, SUPPORTS, Some(14))
        .outcome(2023, None, "no_suspect_identified", Some(22))
        .outcome(2023, None, "not_yet_assigned", Some(14))
        .outcome(2023, None, "charged_summonsed", None);
    responses.push(h.response(Disclosed));
    obs.append(&mut h.rows);

    let mut btp = ForceRows::new("british-transport-police", FyApr6);
    btp.years(2021, [Some(10), Some(12), Some(15)]);
    responses.push(btp.response(Partial));
    obs.append(&mut btp.rows);

    let mut g = ForceRows::new("gwent", FyApr6);
    g.years(2021, [None, None, None]);
    responses.push(g.response(Disclosed));
    obs.append(&mut g.rows);

    responses.push(response("essex", Refused, Other));
    responses.push(response("cumbria", NotHeld, Other));
    responses.push(response("dorset", NoResponse, Other));

    let dir = tempfile::tempdir().unwrap();
    foi_store::write(
        dir.path(),
        &[CampaignData { campaign: C.into(), observations: obs, responses, problems: vec![], source_key: None }],
    )
    .unwrap();
    dir
}

pub(crate) struct Fixture {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) store: Store,
    pub(crate) campaign: Campaign,
    pub(crate) reference: Reference,
}

pub(crate) fn fixture() -> Fixture {
    let dir = build_store();
    let store = Store::open(dir.path()).unwrap();
    Fixture { _dir: dir, store, campaign: campaign(), reference: Reference::builtin() }
}

impl Fixture {
    pub(crate) fn force(&self, slug: &str) -> ForceFigures {
        force_figures(&self.store, &self.campaign, &self.reference, slug).unwrap()
    }
    pub(crate) fn national(&self) -> NationalFigures {
        national_figures(&self.store, &self.campaign, &self.reference).unwrap()
    }
}

pub(crate) fn fig<'a>(f: &'a ForceFigures, id: &str) -> &'a Figure {
    f.figures.iter().find(|x| x.id == id).unwrap_or_else(|| panic!("no figure {id} in {:?}", ids(f)))
}

pub(crate) fn ids(f: &ForceFigures) -> Vec<&str> {
    f.figures.iter().map(|x| x.id.as_str()).collect()
}

pub(crate) fn values(f: &ForceFigures) -> Vec<(String, Option<i64>, bool)> {
    f.years.iter().map(|y| (y.period.clone(), y.value, y.suppressed)).collect()
}

pub(crate) fn y(p: &str, v: Option<i64>, s: bool) -> (String, Option<i64>, bool) {
    (p.to_string(), v, s)
}

pub(crate) fn outcome(f: &ForceFigures, id: &str) -> Option<(Option<f64>, bool)> {
    let id = id.strip_prefix("outcome.").unwrap_or(id);
    f.highlight("outcome", id).map(|x| (x.value, x.lower_bound))
}

pub(crate) fn offences(f: &ForceFigures) -> Vec<BreakdownRow> {
    f.breakdown("offence").map(|b| b.rows.clone()).unwrap_or_default()
}

pub(crate) fn outcomes(f: &ForceFigures) -> Vec<BreakdownRow> {
    f.breakdown("outcome").map(|b| b.rows.clone()).unwrap_or_default()
}

pub(crate) fn has(f: &ForceFigures, c: impl Fn(&Caveat) -> bool) -> bool {
    f.caveats.iter().any(c)
}
