//! A small hand-made store: a rising force, a tiny force (base under 10), a force with suppressed cells, a
//! calendar-year force, a force that answered outcomes by group only, a partial answer without population
//! (BTP), a force whose every count was suppressed, and forces that refused, did not hold the data or did not
//! respond.

use chrono::NaiveDate;
use foi_model::{Campaign, Observation, PeriodBasis, Reference, Response, ResponseStatus, SourceRef, ValueStatus};
use foi_store::{CampaignData, Store};

use crate::*;

const C: &str = "tiktok-2024";

fn campaign() -> Campaign {
    Campaign::parse(include_str!("../../../data-raw/tiktok-2024/campaign.toml")).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Builds one force's rows, numbering cells down column B of one file.
struct ForceRows {
    force: &'static str,
    basis: PeriodBasis,
    rows: Vec<Observation>,
}

impl ForceRows {
    fn new(force: &'static str, basis: PeriodBasis) -> Self {
        ForceRows { force, basis, rows: Vec::new() }
    }

    fn period(&self, start_year: i32) -> (String, NaiveDate, NaiveDate) {
        let p = foi_model::Period::year(self.basis, start_year);
        (p.label, p.start, p.end)
    }

    fn push(
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

    fn years(&mut self, first: i32, values: [Option<i64>; 3]) -> &mut Self {
        for (i, v) in values.into_iter().enumerate() {
            self.push("offences_by_year", first + i as i32, v, |o| o.label = "Number of offences".into());
        }
        self
    }

    fn outcome(&mut self, year: i32, code: Option<&str>, group: &str, value: Option<i64>) -> &mut Self {
        self.push("outcomes", year, value, |o| {
            o.breakdown = Some("outcome".into());
            o.category_code = code.map(String::from);
            o.category_group = Some(group.into());
            o.label = format!("{code:?} {group}");
        })
    }

    fn offence(
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

    fn response(&self, status: ResponseStatus) -> Response {
        response(self.force, status, self.basis)
    }
}

fn response(force: &str, status: ResponseStatus, basis: PeriodBasis) -> Response {
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
    }
}

const VAP: &str = "Violence against the person";
const NOT_SUPPORT: &str = "evidential_difficulties_victim_does_not_support";
const SUPPORTS: &str = "evidential_difficulties_victim_supports";

fn build_store() -> tempfile::TempDir {
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
        &[CampaignData { campaign: C.into(), observations: obs, responses, problems: vec![] }],
    )
    .unwrap();
    dir
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    campaign: Campaign,
    reference: Reference,
}

fn fixture() -> Fixture {
    let dir = build_store();
    let store = Store::open(dir.path()).unwrap();
    Fixture { _dir: dir, store, campaign: campaign(), reference: Reference::builtin() }
}

impl Fixture {
    fn force(&self, slug: &str) -> ForceFigures {
        force_figures(&self.store, &self.campaign, &self.reference, slug).unwrap()
    }
    fn national(&self) -> NationalFigures {
        national_figures(&self.store, &self.campaign, &self.reference).unwrap()
    }
}

fn fig<'a>(f: &'a ForceFigures, id: &str) -> &'a Figure {
    f.figures.iter().find(|x| x.id == id).unwrap_or_else(|| panic!("no figure {id} in {:?}", ids(f)))
}

fn ids(f: &ForceFigures) -> Vec<&str> {
    f.figures.iter().map(|x| x.id.as_str()).collect()
}

fn values(f: &ForceFigures) -> Vec<(String, Option<i64>, bool)> {
    f.years.iter().map(|y| (y.period.clone(), y.value, y.suppressed)).collect()
}

fn y(p: &str, v: Option<i64>, s: bool) -> (String, Option<i64>, bool) {
    (p.to_string(), v, s)
}

fn outcome(f: &ForceFigures, id: &str) -> Option<(Option<f64>, bool)> {
    let id = id.strip_prefix("outcome.").unwrap_or(id);
    f.highlight("outcome", id).map(|x| (x.value, x.lower_bound))
}

fn offences(f: &ForceFigures) -> Vec<BreakdownRow> {
    f.breakdown("offence").map(|b| b.rows.clone()).unwrap_or_default()
}

fn outcomes(f: &ForceFigures) -> Vec<BreakdownRow> {
    f.breakdown("outcome").map(|b| b.rows.clone()).unwrap_or_default()
}

fn has(f: &ForceFigures, c: impl Fn(&Caveat) -> bool) -> bool {
    f.caveats.iter().any(c)
}

#[test]
fn a_rising_force() {
    let fx = fixture();
    let f = fx.force("northamptonshire");
    assert_eq!(f.status, ResponseStatus::Disclosed);
    assert_eq!(f.force_name, "Northamptonshire");
    assert_eq!(
        values(&f),
        [y("2021/22", Some(65), false), y("2022/23", Some(81), false), y("2023/24", Some(106), false)]
    );
    assert_eq!((f.first_period.as_str(), f.latest_period.as_str()), ("2021/22", "2023/24"));

    let total = f.total.as_ref().unwrap();
    assert_eq!((total.value, total.lower_bound), (Some(252.0), false));
    assert_eq!(total.periods, ["2021/22", "2022/23", "2023/24"]);
    assert_eq!(total.sources.iter().map(|s| s.cell.as_str()).collect::<Vec<_>>(), ["B2", "B3", "B4"]);
    assert_eq!(total.sources[0].file, "northamptonshire/answer.xlsx");
    assert_eq!(f.latest.as_ref().unwrap().value, Some(106.0));

    let c = f.change.as_ref().unwrap();
    assert_eq!((c.from, c.to, c.difference, c.pct, c.direction), (65, 106, 41, Some(63), Direction::Rise));
    let pct = fig(&f, "change.pct");
    assert_eq!(pct.value, Some(63.0));
    assert_eq!(pct.base, "from 65 in 2021/22 to 106 in 2023/24");
    assert_eq!(pct.formula, "round((106 - 65) / 65 * 100)");
    assert_eq!(fig(&f, "change.difference").value, Some(41.0));
    assert_eq!(fig(&f, "year.2022/23").value, Some(81.0));

    // Outcomes answered by code. This table adds up to 84, not the 106 offences of the year, so the absence of
    // an outcome-0 row proves nothing: no figure, rather than a zero.
    assert_eq!(outcome(&f, "outcome.charged"), Some((Some(1.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential"), Some((Some(59.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential_14"), Some((Some(7.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential_15"), Some((Some(19.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential_16"), Some((Some(33.0), false)));
    assert_eq!(outcome(&f, "outcome.no_suspect"), Some((Some(24.0), false)));
    assert_eq!(outcome(&f, "outcome.not_yet_assigned"), None);
    assert_eq!(fig(&f, "outcome.charged").sources.len(), 1);
    assert_eq!(fig(&f, "outcome.evidential").sources.len(), 3);
    assert_eq!(f.breakdown("outcome").unwrap().most_common_group.as_deref(), Some(NOT_SUPPORT));

    // Offences: reference wording at the level answered, largest first.
    let rows = offences(&f);
    let offences: Vec<_> = rows.iter().map(|r| (r.label.as_str(), r.code.as_deref(), r.value)).collect();
    assert_eq!(
        offences,
        [
            ("Harassment", Some("8L"), Some(40)),
            ("Sexual offences", None, Some(30)),
            ("Stalking and harassment", None, Some(20)),
            ("Dragon theft", None, Some(16)),
        ]
    );
    assert_eq!(outcomes(&f).len(), 5);
    assert_eq!(
        outcomes(&f)[0].label,
        "Evidential difficulties: suspect identified; victim does not support further action"
    );

    // Ranks: first by count (252) and by rate (31.9 per 100,000).
    assert_eq!((f.rank_by_count, f.rank_by_rate), (Some(1), Some(1)));
    assert_eq!(fig(&f, "rank.count").value, Some(1.0));
    assert_eq!(fig(&f, "rank.rate").value, Some(1.0));
    assert_eq!(fig(&f, "rate").value, Some(31.9));
    // Every row of the offence table is a figure with its own cell.
    let first = fig(&f, "offence.1");
    assert_eq!((first.value, first.sources.len()), (rows[0].value.map(|v| v as f64), 1));

    assert_eq!(
        ids(&f),
        [
            "year.2021/22",
            "year.2022/23",
            "year.2023/24",
            "total",
            "latest",
            "change.difference",
            "change.pct",
            "offence.1",
            "offence.2",
            "offence.3",
            "offence.4",
            "outcome.charged",
            "outcome.no_suspect",
            "outcome.evidential",
            "outcome.evidential_14",
            "outcome.evidential_15",
            "outcome.evidential_16",
            "national.total",
            "national.latest",
            "national.change.difference",
            "national.change.pct",
            "rank.count",
            "rate",
            "rank.rate",
        ]
    );
    assert!(has(&f, |c| matches!(c, Caveat::Provisional { vocabulary } if vocabulary == "outcome")), "{:?}", f.caveats);
    assert!(has(&f, |c| *c == Caveat::KeywordSearch), "{:?}", f.caveats);
    assert!(!has(&f, |c| matches!(c, Caveat::Withheld { .. })), "{:?}", f.caveats);
    assert!(!has(&f, |c| matches!(c, Caveat::OtherBasis { .. })), "{:?}", f.caveats);
}

#[test]
fn a_small_base_gives_counts_not_a_percentage() {
    let fx = fixture();
    let f = fx.force("city-of-london");
    let c = f.change.as_ref().unwrap();
    assert_eq!((c.from, c.to, c.difference, c.pct), (4, 9, 5, None));
    assert!(f.figures.iter().all(|x| x.id != "change.pct"));
    assert_eq!(fig(&f, "change.difference").base, "from 4 in 2021/22 to 9 in 2023/24");
    assert_eq!(f.total.as_ref().unwrap().value, Some(19.0));
    // Tiny resident population: the rate is given, flagged, and not ranked.
    let row = f.national.league.iter().find(|r| r.force == "city-of-london").unwrap();
    assert_eq!((row.rank, row.total, row.rate_per_100k, row.rate_rank), (6, 19, Some(190.0), None));
    assert_eq!(row.flags, [LeagueFlag::SmallPopulation { population: 10_000 }]);
    assert_eq!((f.rank_by_count, f.rank_by_rate), (Some(6), None));
    assert!(has(&f, |c| *c == Caveat::SmallPopulation { population: 10_000 }), "{:?}", f.caveats);
}

#[test]
fn suppressed_values_are_never_summed_as_zero() {
    let fx = fixture();
    let f = fx.force("lancashire");
    assert_eq!(values(&f), [y("2021/22", Some(71), false), y("2022/23", None, true), y("2023/24", Some(98), false)]);
    let total = f.total.as_ref().unwrap();
    assert_eq!((total.value, total.lower_bound), (Some(169.0), true));
    assert_eq!(total.sources.len(), 3, "the suppressed cell is a source too");
    assert!(total.formula.contains("1 suppressed value left out"), "{}", total.formula);
    assert!(fig(&f, "year.2022/23").value.is_none());
    // First and last year reported: the change stands.
    let c = f.change.as_ref().unwrap();
    assert_eq!((c.from, c.to, c.pct), (71, 98, Some(38)));

    assert_eq!(outcome(&f, "outcome.charged"), Some((Some(3.0), false)));
    // Only part is outcome 16, withheld: no figure, never 0.
    assert_eq!(outcome(&f, "outcome.evidential"), Some((None, false)));
    assert_eq!(outcome(&f, "outcome.evidential_16"), Some((None, false)));
    // A table with a withheld row cannot show that an absent outcome is zero.
    assert_eq!(outcome(&f, "outcome.evidential_15"), None);
    let rows = offences(&f);
    let grooming = rows.iter().find(|r| r.code.as_deref() == Some("88A")).unwrap();
    assert_eq!((grooming.label.as_str(), grooming.value, grooming.suppressed), ("Sexual grooming", None, true));
    assert_eq!(rows.last().unwrap().code.as_deref(), Some("88A"), "suppressed rows last");
    assert!(has(&f, |c| *c == Caveat::Withheld { figures: 3 }), "{:?}", f.caveats);
    let row = f.national.league.iter().find(|r| r.force == "lancashire").unwrap();
    assert_eq!(
        (row.rank, row.total, row.lower_bound, row.rate_per_100k, row.rate_rank),
        (3, 169, true, Some(11.0), Some(4))
    );
}

#[test]
fn a_force_with_every_count_suppressed_has_no_total_and_is_left_out_of_the_league() {
    let fx = fixture();
    let f = fx.force("gwent");
    assert_eq!(values(&f), [y("2021/22", None, true), y("2022/23", None, true), y("2023/24", None, true)]);
    let total = f.total.as_ref().unwrap();
    assert_eq!((total.value, total.lower_bound), (None, false));
    assert!(f.change.is_none());
    assert_eq!((f.rank_by_count, f.rank_by_rate), (None, None));
    assert!(f.national.league.iter().all(|r| r.force != "gwent"));
    assert!(!f.national.forces_counted.contains(&"gwent".to_string()));
}

#[test]
fn a_calendar_year_force_keeps_its_labels_and_is_flagged() {
    let fx = fixture();
    let f = fx.force("dyfed-powys");
    assert_eq!(f.period_basis, PeriodBasis::Calendar);
    assert_eq!(values(&f), [y("2021", Some(22), false), y("2022", Some(42), false), y("2023", Some(42), false)]);
    assert_eq!((f.first_period.as_str(), f.latest_period.as_str()), ("2021", "2023"));
    assert_eq!(f.total.as_ref().unwrap().value, Some(106.0));
    assert_eq!(f.change.as_ref().unwrap().pct, Some(91));
    assert_eq!(fig(&f, "change.pct").base, "from 22 in 2021 to 42 in 2023");
    assert!(fig(&f, "year.2021").formula.contains("shown against the requested 2021/22"));
    assert!(has(&f, |c| matches!(c, Caveat::OtherBasis { basis: PeriodBasis::Calendar, .. })), "{:?}", f.caveats);
    // Its outcome table for 2023 answers the 2023/24 question; no row for outcome 1 means no charges.
    assert_eq!(outcome(&f, "outcome.charged"), Some((Some(0.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential"), Some((Some(25.0), false)));
    assert_eq!(outcome(&f, "outcome.not_yet_assigned"), Some((Some(5.0), false)));
    assert_eq!(fig(&f, "outcome.charged").periods, ["2023"]);
    assert_eq!(fig(&f, "outcome.charged").sources.len(), 6, "a zero rests on the whole outcome table");
    let lfl = fig(&f, "national.change.pct");
    assert_eq!((lfl.value, lfl.sources.len()), (Some(69.0), 10));
    let row = f.national.league.iter().find(|r| r.force == "dyfed-powys").unwrap();
    assert_eq!((row.rank, row.rate_per_100k, row.rate_rank), (4, Some(20.4), Some(2)));
    assert_eq!(row.flags, [LeagueFlag::Basis { basis: PeriodBasis::Calendar }]);
}

#[test]
fn outcomes_answered_by_group_give_no_per_code_figures() {
    let fx = fixture();
    let f = fx.force("hertfordshire");
    assert_eq!(f.change.as_ref().unwrap().pct, Some(138));
    assert_eq!(outcome(&f, "outcome.evidential"), Some((Some(46.0), false)));
    assert_eq!(outcome(&f, "outcome.evidential_14"), None);
    assert_eq!(outcome(&f, "outcome.evidential_16"), None);
    assert_eq!(outcome(&f, "outcome.no_suspect"), Some((Some(22.0), false)));
    assert_eq!(outcome(&f, "outcome.not_yet_assigned"), Some((Some(14.0), false)));
    assert_eq!(outcome(&f, "outcome.charged"), Some((None, false)), "withheld, not 0");
    let rows = outcomes(&f);
    let labels: Vec<_> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Evidential difficulties - victim does not support action",
            "Investigation complete - no suspect identified",
            "Evidential difficulties - victim supports action",
            "Under investigation - no outcome yet",
            "Charge/Summons",
        ]
    );
}

#[test]
fn refused_forces_get_status_and_national_figures_only() {
    let fx = fixture();
    let f = fx.force("essex");
    assert_eq!((f.status, f.exemption.as_deref()), (ResponseStatus::Refused, Some("s12")));
    assert!(f.years.is_empty() && f.total.is_none() && f.change.is_none() && f.breakdowns.is_empty());
    assert_eq!(f.national.total.value, Some(771.0));
    assert_eq!(ids(&f), ["national.total", "national.latest", "national.change.difference", "national.change.pct"]);
    for slug in ["cumbria", "dorset", "kent"] {
        let f = fx.force(slug);
        assert!(f.years.is_empty() && f.total.is_none(), "{slug}");
    }
    assert_eq!(fx.force("kent").status, ResponseStatus::NoResponse, "no responses row");
    assert!(matches!(
        force_figures(&fx.store, &fx.campaign, &fx.reference, "gotham"),
        Err(AnalysisError::UnknownForce(_))
    ));
}

#[test]
fn national_totals_league_and_like_for_like_change() {
    let fx = fixture();
    let n = fx.national();
    let league: Vec<_> =
        n.league.iter().map(|r| (r.rank, r.force.as_str(), r.total, r.lower_bound, r.rate_rank)).collect();
    assert_eq!(
        league,
        [
            (1, "northamptonshire", 252, false, Some(1)),
            (2, "hertfordshire", 188, false, Some(3)),
            (3, "lancashire", 169, true, Some(4)),
            (4, "dyfed-powys", 106, false, Some(2)),
            (5, "british-transport-police", 37, false, None),
            (6, "city-of-london", 19, false, None),
        ]
    );
    let btp = &n.league[4];
    assert_eq!((btp.rate_per_100k, btp.flags.clone()), (None, vec![LeagueFlag::NoPopulation]));

    let league_sum: i64 = n.league.iter().map(|r| r.total).sum();
    assert_eq!(n.total.value, Some(league_sum as f64));
    assert_eq!(n.total.value, Some(771.0));
    assert!(n.total.lower_bound, "Lancashire and Gwent withheld values");
    assert_eq!(n.total.sources.len(), 21, "every yearly cell of the 7 forces that answered");
    assert_eq!((n.latest_year_total.value, n.latest_year_total.lower_bound), (Some(358.0), true));

    // Like for like: tax-year forces with both years reported in full (not Dyfed-Powys, not Gwent).
    let c = n.change.as_ref().unwrap();
    assert_eq!(n.change_forces, 5);
    assert_eq!((c.from, c.to, c.difference, c.pct), (187, 316, 129, Some(69)));

    assert_eq!(n.refused, ["Essex"]);
    assert_eq!(n.not_held, ["Cumbria"]);
    assert_eq!(n.no_response, ["Dorset"]);
    assert_eq!(n.partial, ["British Transport Police"]);
    assert_eq!(
        n.forces_counted,
        [
            "british-transport-police",
            "city-of-london",
            "dyfed-powys",
            "hertfordshire",
            "lancashire",
            "northamptonshire"
        ]
    );
    assert_eq!(
        n.most_common.iter().map(|m| (m.vocabulary.as_str(), m.group.as_str())).collect::<Vec<_>>(),
        [("outcome", NOT_SUPPORT)]
    );
    assert!(n.league[2].flags.is_empty(), "Lancashire gave all three years (one withheld)");

    let all = all_force_figures(&fx.store, &fx.campaign, &fx.reference).unwrap();
    assert_eq!(all.len(), fx.reference.forces.len());
    assert!(all.iter().all(|f| f.national == n));
}

#[test]
fn partial_answer_without_population() {
    let fx = fixture();
    let f = fx.force("british-transport-police");
    assert_eq!(f.status, ResponseStatus::Partial);
    assert_eq!(f.total.as_ref().unwrap().value, Some(37.0));
    assert!(f.breakdowns.is_empty());
    assert_eq!((f.rank_by_count, f.rank_by_rate), (Some(5), None));
    assert!(f.figures.iter().all(|x| x.id != "rate" && x.id != "rank.rate"));
    assert!(has(&f, |c| *c == Caveat::PartialAnswer), "{:?}", f.caveats);
    assert!(has(&f, |c| *c == Caveat::NoPopulation), "{:?}", f.caveats);
    assert!(!has(&f, |c| matches!(c, Caveat::Provisional { .. })), "{:?}", f.caveats);
}

#[test]
fn figures_are_deterministic() {
    let fx = fixture();
    assert_eq!(fx.force("lancashire"), fx.force("lancashire"));
}

#[test]
fn a_force_that_gave_two_of_three_years() {
    let mut n = ForceRows::new("northamptonshire", PeriodBasis::FyApr6);
    n.years(2021, [Some(65), Some(81), Some(106)]);
    let mut nf = ForceRows::new("norfolk", PeriodBasis::FyApr6);
    nf.push("offences_by_year", 2022, Some(12), |_| {}).push("offences_by_year", 2023, Some(20), |_| {});
    // A year outside the request matches nothing and is left out.
    nf.push("offences_by_year", 2019, Some(99), |_| {});
    let responses = vec![n.response(ResponseStatus::Disclosed), nf.response(ResponseStatus::Disclosed)];
    let mut observations = n.rows.clone();
    observations.extend(nf.rows.clone());
    let dir = tempfile::tempdir().unwrap();
    foi_store::write(dir.path(), &[CampaignData { campaign: C.into(), observations, responses, problems: vec![] }])
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    let f = force_figures(&store, &campaign(), &Reference::builtin(), "norfolk").unwrap();
    assert_eq!(values(&f), [y("2021/22", None, false), y("2022/23", Some(12), false), y("2023/24", Some(20), false)]);
    let total = f.total.as_ref().unwrap();
    assert_eq!(
        (total.value, total.period_text().as_str(), total.label.as_str()),
        (Some(32.0), "2022/23, 2023/24", "Offences linked to TikTok, 2022/23 to 2023/24")
    );
    assert!(f.change.is_none(), "no first year, no change");
    assert!(has(&f, |c| *c == Caveat::MissingPeriods { periods: vec!["2021/22".into()] }), "{:?}", f.caveats);
    assert!(has(&f, |c| *c == Caveat::UnmatchedPeriods { periods: vec!["2019/20".into()] }), "{:?}", f.caveats);
    let row = f.national.league.iter().find(|r| r.force == "norfolk").unwrap();
    assert_eq!(row.flags, [LeagueFlag::SomeYears { given: 2, asked: 3 }]);
    assert_eq!(f.national.total.value, Some(284.0));
    assert_eq!(f.national.change_forces, 1);
}
