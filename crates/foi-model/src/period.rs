use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a force (or the request) defines a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PeriodBasis {
    /// 6 April to 5 April: the UK tax year, which this campaign's request asked for.
    FyApr6,
    /// 1 April to 31 March: the police and government financial year.
    FyApr1,
    /// 1 January to 31 December.
    Calendar,
    /// Anything else (a force that gave months, or mixed bases).
    Other,
}

impl PeriodBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodBasis::FyApr6 => "fy_apr6",
            PeriodBasis::FyApr1 => "fy_apr1",
            PeriodBasis::Calendar => "calendar",
            PeriodBasis::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "fy_apr6" => Some(Self::FyApr6),
            "fy_apr1" => Some(Self::FyApr1),
            "calendar" => Some(Self::Calendar),
            "other" => Some(Self::Other),
            _ => None,
        }
    }

    /// Words for a reader: "6 April to 5 April years".
    pub fn describe(self) -> &'static str {
        match self {
            PeriodBasis::FyApr6 => "years running 6 April to 5 April",
            PeriodBasis::FyApr1 => "financial years running 1 April to 31 March",
            PeriodBasis::Calendar => "calendar years (January to December)",
            PeriodBasis::Other => "periods of its own definition",
        }
    }

    /// The year (by its starting calendar year) that contains `date`.
    pub fn start_year_of(self, date: NaiveDate) -> i32 {
        let y = date.year();
        match self {
            PeriodBasis::Calendar | PeriodBasis::Other => y,
            PeriodBasis::FyApr6 => {
                if (date.month(), date.day()) >= (4, 6) {
                    y
                } else {
                    y - 1
                }
            }
            PeriodBasis::FyApr1 => {
                if date.month() >= 4 {
                    y
                } else {
                    y - 1
                }
            }
        }
    }

    /// The period that contains `date` under this basis.
    pub fn period_of(self, date: NaiveDate) -> Period {
        Period::year(self, self.start_year_of(date))
    }
}

/// A canonical period: a label (`2021/22` for split years, `2021` for calendar years) and its dates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub label: String,
    pub basis: PeriodBasis,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
}

impl Period {
    /// The year that starts in calendar year `start_year` under `basis`.
    pub fn year(basis: PeriodBasis, start_year: i32) -> Period {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid fixed date");
        let (start, end, label) = match basis {
            PeriodBasis::Calendar | PeriodBasis::Other => {
                (d(start_year, 1, 1), d(start_year, 12, 31), start_year.to_string())
            }
            PeriodBasis::FyApr6 => (d(start_year, 4, 6), d(start_year + 1, 4, 5), split_label(start_year)),
            PeriodBasis::FyApr1 => (d(start_year, 4, 1), d(start_year + 1, 3, 31), split_label(start_year)),
        };
        Period { label, basis, start, end }
    }

    /// The starting calendar year of a canonical label (`2021/22` → 2021, `2021` → 2021).
    pub fn start_year_of_label(label: &str) -> Option<i32> {
        label.get(..4)?.parse().ok()
    }
}

/// `2021/22`.
pub fn split_label(start_year: i32) -> String {
    format!("{}/{:02}", start_year, (start_year + 1).rem_euclid(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fifth_of_april_closes_the_tax_year() {
        assert_eq!(PeriodBasis::FyApr6.period_of(date(2022, 4, 5)).label, "2021/22");
        assert_eq!(PeriodBasis::FyApr6.period_of(date(2022, 4, 6)).label, "2022/23");
    }

    #[test]
    fn first_of_april_opens_the_financial_year() {
        assert_eq!(PeriodBasis::FyApr1.period_of(date(2022, 3, 31)).label, "2021/22");
        assert_eq!(PeriodBasis::FyApr1.period_of(date(2022, 4, 1)).label, "2022/23");
    }

    #[test]
    fn calendar_years_are_labelled_by_year() {
        let p = PeriodBasis::Calendar.period_of(date(2023, 12, 31));
        assert_eq!((p.label.as_str(), p.start, p.end), ("2023", date(2023, 1, 1), date(2023, 12, 31)));
    }

    #[test]
    fn century_wraps_in_labels() {
        assert_eq!(split_label(1999), "1999/00");
        assert_eq!(Period::start_year_of_label("2023/24"), Some(2023));
    }
}
