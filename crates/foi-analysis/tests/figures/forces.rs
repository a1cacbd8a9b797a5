//! The figures of each kind of force, and the national figures, from the hand-made store.

use super::*;

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
    foi_store::write(
        dir.path(),
        &[CampaignData { campaign: C.into(), observations, responses, problems: vec![], source_key: None }],
    )
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
