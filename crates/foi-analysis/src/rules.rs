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
