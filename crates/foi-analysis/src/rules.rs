//! The rules a release's numbers follow, in one place.

use crate::figures::{Change, Direction};

/// A first-year base under this is too small for a percentage: the release gives the two counts.
pub const SMALL_BASE: i64 = 10;

/// A change of at least this many per cent (either way) is a rise or a fall; less is "little changed".
pub const CHANGE_THRESHOLD_PCT: i64 = 5;

/// A resident population under this makes a rate per 100,000 meaningless (the City of London has about
/// 10,000 residents and a large daytime population): the rate is given but flagged and not ranked.
pub const POPULATION_NOT_COMPARABLE_BELOW: u64 = 50_000;

/// The one definition of change: first period to last, `pct = round((to - from) / from * 100)` on the first
/// period as base; no percentage on a base under [`SMALL_BASE`].
pub fn change(from_period: &str, to_period: &str, from: i64, to: i64) -> Change {
    let difference = to.saturating_sub(from);
    Change {
        from_period: from_period.to_string(),
        to_period: to_period.to_string(),
        from,
        to,
        difference,
        pct: (from >= SMALL_BASE).then(|| (difference as f64 / from as f64 * 100.0).round() as i64),
        direction: match difference.signum() {
            1 => Direction::Rise,
            -1 => Direction::Fall,
            _ => Direction::Flat,
        },
    }
}

/// How a change reads in a headline: a rise or fall of at least [`CHANGE_THRESHOLD_PCT`] %, else flat; counts
/// only (`None`) on a base under [`SMALL_BASE`], whatever percentage came with it.
pub fn direction_of(c: &Change) -> Option<Direction> {
    let pct = c.pct.filter(|_| c.from >= SMALL_BASE)?;
    Some(if pct >= CHANGE_THRESHOLD_PCT {
        Direction::Rise
    } else if pct <= -CHANGE_THRESHOLD_PCT {
        Direction::Fall
    } else {
        Direction::Flat
    })
}

/// Is a rate per 100,000 comparable for a force of this resident population?
pub fn rate_comparable(population: Option<u64>) -> bool {
    population.is_some_and(|p| p >= POPULATION_NOT_COMPARABLE_BELOW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_definition_of_change() {
        let c = change("2021/22", "2023/24", 65, 106);
        assert_eq!((c.difference, c.pct, direction_of(&c)), (41, Some(63), Some(Direction::Rise)));
        assert_eq!(change("2021/22", "2023/24", 9, 30).pct, None, "a base under 10 has no percentage");
        assert_eq!(direction_of(&change("a", "b", 100, 104)), Some(Direction::Flat));
        assert_eq!(direction_of(&change("a", "b", 100, 95)), Some(Direction::Fall));
        assert!(!rate_comparable(Some(10_000)) && rate_comparable(Some(700_000)) && !rate_comparable(None));
    }
}

/// Working days the Freedom of Information Act 2000 (s.10) allows a public authority to answer in.
pub const FOI_WORKING_DAYS: i64 = 20;

/// Bank holidays in England and Wales, 2019–2027 (gov.uk), which are not working days. Each year's dates are
/// listed whole, so a year missing from here is known to be missing.
const BANK_HOLIDAYS: &[(i32, &[(u32, u32)])] = &[
    (2019, &[(1, 1), (4, 19), (4, 22), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
    (2020, &[(1, 1), (4, 10), (4, 13), (5, 8), (5, 25), (8, 31), (12, 25), (12, 28)]),
    (2021, &[(1, 1), (4, 2), (4, 5), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
    (2022, &[(1, 3), (4, 15), (4, 18), (5, 2), (6, 2), (6, 3), (8, 29), (9, 19), (12, 26), (12, 27)]),
    (2023, &[(1, 2), (4, 7), (4, 10), (5, 1), (5, 8), (5, 29), (8, 28), (12, 25), (12, 26)]),
    (2024, &[(1, 1), (3, 29), (4, 1), (5, 6), (5, 27), (8, 26), (12, 25), (12, 26)]),
    (2025, &[(1, 1), (4, 18), (4, 21), (5, 5), (5, 26), (8, 25), (12, 25), (12, 26)]),
    (2026, &[(1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)]),
    (2027, &[(1, 1), (3, 26), (3, 29), (5, 3), (5, 31), (8, 30), (12, 27), (12, 28)]),
];

/// Working days from a request sent on `sent` to an answer dated `answered`: the day after the request is day 1,
/// weekends and bank holidays in England and Wales do not count (s.10 of the Act, as the ICO counts them).
/// `None` when a year in between has no bank-holiday calendar here, or the answer is dated before the request:
/// a count that might be wrong is not given.
pub fn working_days(sent: chrono::NaiveDate, answered: chrono::NaiveDate) -> Option<i64> {
    use chrono::Datelike;
    if answered < sent {
        return None;
    }
    let holidays = |y: i32| BANK_HOLIDAYS.iter().find(|(year, _)| *year == y).map(|(_, d)| *d);
    let mut days = 0;
    let mut d = sent;
    while d < answered {
        d = d.succ_opt()?;
        let listed = holidays(d.year())?;
        let weekend = matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        if !weekend && !listed.contains(&(d.month(), d.day())) {
            days += 1;
        }
    }
    Some(days)
}

#[cfg(test)]
mod working_day_tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_twentieth_working_day_skips_weekends_and_bank_holidays() {
        // Sent Wednesday 1 May 2024; 6 and 27 May are bank holidays.
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 5, 1)), Some(0));
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 5, 2)), Some(1));
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 5, 7)), Some(3));
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 5, 29)), Some(18));
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 5, 31)), Some(FOI_WORKING_DAYS));
        // An answer on a Saturday counts no day more than Friday's.
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 6, 1)), Some(20));
        assert_eq!(working_days(d(2024, 5, 1), d(2024, 6, 3)), Some(21));
        // Over Christmas and the new year.
        assert_eq!(working_days(d(2023, 12, 22), d(2024, 1, 2)), Some(4));
        // No calendar, or an answer before the request: no count at all.
        assert_eq!(working_days(d(2028, 1, 1), d(2028, 2, 1)), None);
        assert_eq!(working_days(d(2024, 5, 2), d(2024, 5, 1)), None);
    }
}
