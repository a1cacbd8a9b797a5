//! Consistency checks over one force's figures once every table is read. They know nothing of layouts: a misread
//! table shows up as figures that contradict each other, and each contradiction is a blocking issue naming both
//! sides with their cells.
//!
//! - The same figure given twice (another file, another table, another wording) is stored once; two values for
//!   it are a conflict. Two rows of one table with the same key are inconsistent, unless their words differ:
//!   then the force split one code into parts ("1: Charged", "1: Summonsed") and both are stored.
//! - A group row beside its own subgroups (or a subgroup beside its codes) in one table is a subtotal: checked
//!   against them and stored as its parts, never twice.
//! - A breakdown adds up to the force's count for the same year (when nothing is withheld), never exceeds it,
//!   and no row of it is larger than the year.
//! - No figure is stored under a blank label.
//! - A table that names no period is taken to cover the whole request only when its figures add up to the
//!   force's own counts for every year asked; otherwise its period is unknown and it is not stored.

use std::collections::BTreeMap;

use foi_model::{normalise, Observation, ProblemKind, SourceRef};

use crate::issue::Issue;

/// An observation and the campaign question (its index) it answers.
pub struct Checked {
    pub obs: Observation,
    pub question: usize,
    /// The question asks for a count (no categories).
    pub count: bool,
}

fn uncategorised(o: &Observation) -> bool {
    o.category_group.is_none() && o.category_subgroup.is_none() && o.category_code.is_none()
}

/// What a row counts: its measure, period, categories and (when uncategorised) its words.
type Key<'a> = (&'a str, &'a str, [Option<&'a str>; 4], String);

fn key(c: &Checked) -> Key<'_> {
    let o = &c.obs;
    let keys = [&o.breakdown, &o.category_group, &o.category_subgroup, &o.category_code].map(|k| k.as_deref());
    // An uncategorised row is known by its words; so is a cell of a cross-tabulation (a span), whose label
    // names its other category ("Charge/summons (Carleton Clinic)").
    let label = if !c.count && (uncategorised(o) || is_span(o)) { normalise(&o.label) } else { String::new() };
    (&o.measure, &o.period, keys, label)
}

fn table_of(s: &SourceRef) -> (&str, &str) {
    (&s.file, &s.sheet)
}

fn value_text(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "withheld".into())
}

/// Run every check; returns the figures to store and the issues found. `lead` is the question (its index) whose
/// count each breakdown is checked against.
pub fn check(rows: Vec<Checked>, lead: usize) -> (Vec<Checked>, Vec<Issue>) {
    let mut issues = Vec::new();
    let rows = blank_labels(rows, &mut issues);
    let rows = subtotals(rows, &mut issues);
    let rows = given_twice(rows, &mut issues);
    let rows = whole_request(rows, lead, &mut issues);
    against_the_year(&rows, lead, &mut issues);
    (rows, issues)
}

fn blank_labels(rows: Vec<Checked>, issues: &mut Vec<Issue>) -> Vec<Checked> {
    rows.into_iter()
        .filter(|c| {
            let o = &c.obs;
            let blank = !c.count && uncategorised(o) && o.label.trim().is_empty();
            if blank {
                issues.push(
                    Issue::new(
                        ProblemKind::Inconsistent,
                        o.source.clone(),
                        format!("a count ({}) with a blank label; not stored", value_text(o.value)),
                    )
                    .about(c.question),
                );
            }
            !blank
        })
        .collect()
}

/// Group rows beside their own finer rows in one table and period: checked against them, stored as the parts.
fn subtotals(rows: Vec<Checked>, issues: &mut Vec<Issue>) -> Vec<Checked> {
    // The coarser keys a row belongs to: its group for subgroup and code rows, its subgroup for code rows.
    // A group or subgroup: the breakdown, the group and the subgroup if any.
    type Parent<'a> = (&'a str, &'a str, Option<&'a str>);
    fn parents(o: &Observation) -> Vec<Parent<'_>> {
        if is_span(o) {
            return Vec::new();
        }
        let (Some(v), Some(g)) = (&o.breakdown, &o.category_group) else { return Vec::new() };
        let mut p = Vec::new();
        if o.category_subgroup.is_some() || o.category_code.is_some() {
            p.push((v.as_str(), g.as_str(), None));
        }
        if let (Some(s), Some(_)) = (&o.category_subgroup, &o.category_code) {
            p.push((v.as_str(), g.as_str(), Some(s.as_str())));
        }
        p
    }
    fn own(o: &Observation) -> Option<Parent<'_>> {
        // A cell of a cross-tabulation (a span) is one category against another, never a subtotal.
        if is_span(o) {
            return None;
        }
        let (Some(v), Some(g)) = (&o.breakdown, &o.category_group) else { return None };
        match (&o.category_subgroup, &o.category_code) {
            (None, None) => Some((v, g, None)),
            (Some(s), None) => Some((v, g, Some(s))),
            _ => None,
        }
    }
    // The table and period a row is summed within.
    fn scope(o: &Observation) -> (&str, &str, &str, &str) {
        (&o.source.file, &o.source.sheet, &o.measure, &o.period)
    }
    // scope → parent key → (sum of known children, withheld children, cells)
    let mut children: BTreeMap<(_, Parent<'_>), (i64, usize, Vec<String>)> = BTreeMap::new();
    for c in &rows {
        for p in parents(&c.obs) {
            let e = children.entry((scope(&c.obs), p)).or_default();
            match c.obs.value {
                Some(v) => e.0 = e.0.saturating_add(v),
                None => e.1 += 1,
            }
            e.2.push(c.obs.source.cell.clone());
        }
    }
    let keep: Vec<bool> = rows
        .iter()
        .map(|c| {
            let Some(k) = own(&c.obs) else { return true };
            let Some((sum, withheld, cells)) = children.get(&(scope(&c.obs), k)) else { return true };
            let o = &c.obs;
            let fits = match o.value {
                Some(v) => (*withheld == 0 && *sum == v) || (*withheld > 0 && *sum <= v),
                None => true,
            };
            if !fits {
                issues.push(
                    Issue::new(
                        ProblemKind::Inconsistent,
                        o.source.clone(),
                        format!(
                            "group row {:?} gives {}, but the rows of that group beside it ({}) add up to {sum}{}; the group row is not stored",
                            o.label,
                            value_text(o.value),
                            cells.join(", "),
                            if *withheld > 0 { format!(" with {withheld} withheld") } else { String::new() }
                        ),
                    )
                    .about(c.question)
                    .label(o.label.clone()),
                );
            }
            // A group row beside its parts is their subtotal: the parts are stored, never both.
            false
        })
        .collect();
    drop(children);
    rows.into_iter().zip(keep).filter_map(|(c, k)| k.then_some(c)).collect()
}

/// The same figure given twice: once in one table is inconsistent; in two tables it is stored once, and two
/// different values are a conflict.
fn given_twice(rows: Vec<Checked>, issues: &mut Vec<Issue>) -> Vec<Checked> {
    let mut first_of: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    let mut keep = vec![true; rows.len()];
    for (i, c) in rows.iter().enumerate() {
        let k = key(c);
        let Some(&j) = first_of.get(&k) else {
            first_of.insert(k, i);
            continue;
        };
        let (a, b) = (&rows[j].obs, &c.obs);
        let one_table = table_of(&a.source) == table_of(&b.source);
        if one_table && !c.count && a.category_code.is_some() && normalise(&a.label) != normalise(&b.label) {
            // One code split over rows in its own words ("15: CPS - …", "15: Police - …"): each is a part of it.
            continue;
        }
        if one_table {
            issues.push(
                Issue::new(
                    ProblemKind::Inconsistent,
                    b.source.clone(),
                    format!(
                        "two rows of one table count the same thing ({} {}): {} at {} and {} at {}; is one a subtotal or a second year?",
                        describe(b),
                        b.period,
                        value_text(a.value),
                        a.source.cell,
                        value_text(b.value),
                        b.source.cell
                    ),
                )
                .about(c.question),
            );
        } else if a.value == b.value {
            keep[i] = false;
            issues.push(
                Issue::new(
                    ProblemKind::Duplicate,
                    b.source.clone(),
                    format!(
                        "{} {} given again ({}), as at {}; stored once",
                        describe(b),
                        b.period,
                        value_text(b.value),
                        a.source
                    ),
                )
                .about(c.question),
            );
        } else {
            keep[i] = false;
            issues.push(
                Issue::new(
                    ProblemKind::Conflict,
                    b.source.clone(),
                    format!(
                        "{} {} is {} here but {} at {}; the first is stored until one is chosen",
                        describe(b),
                        b.period,
                        value_text(b.value),
                        value_text(a.value),
                        a.source
                    ),
                )
                .about(c.question)
                .hint("[[skip]] the table or file that is wrong, or [[accept]] the conflict to keep the first figure"),
            );
        }
    }
    drop(first_of);
    rows.into_iter().zip(keep).filter_map(|(c, k)| k.then_some(c)).collect()
}

fn describe(o: &Observation) -> String {
    // A yearly count's label is only its period's wording.
    if o.label.trim().is_empty() || parse_period_label(&o.label) {
        o.measure.clone()
    } else {
        format!("{} {:?}", o.measure, o.label)
    }
}

fn parse_period_label(label: &str) -> bool {
    crate::values::parse_period(label).is_some()
}

/// Each breakdown against the force's count (of the `lead` question) for the same year.
fn against_the_year(rows: &[Checked], lead: usize, issues: &mut Vec<Issue>) {
    let year: BTreeMap<&str, &Observation> = rows
        .iter()
        .filter(|c| c.question == lead && c.obs.value.is_some())
        .map(|c| (c.obs.period.as_str(), &c.obs))
        .collect();
    // (measure, period) → rows
    let mut breakdowns: BTreeMap<(&str, &str), Vec<&Checked>> = BTreeMap::new();
    for c in rows.iter().filter(|c| !c.count) {
        breakdowns.entry((c.obs.measure.as_str(), c.obs.period.as_str())).or_default().push(c);
    }
    for ((measure, period), parts) in breakdowns {
        let Some(count) = year.get(period) else { continue };
        let n = count.value.expect("filtered to reported counts");
        let known = parts.iter().filter_map(|c| c.obs.value).fold(0i64, i64::saturating_add);
        let withheld = parts.iter().filter(|c| c.obs.value.is_none()).count();
        let kind = parts[0].question;
        let cells = cells_of(parts.iter().map(|c| &c.obs.source));
        let big: Vec<&&Checked> = parts.iter().filter(|c| c.obs.value.is_some_and(|v| v > n)).collect();
        if let Some(first) = big.first() {
            let rows: Vec<String> = big
                .iter()
                .map(|c| format!("{:?} {} ({})", c.obs.label, value_text(c.obs.value), c.obs.source.cell))
                .collect();
            issues.push(
                Issue::new(
                    ProblemKind::Inconsistent,
                    first.obs.source.clone(),
                    format!(
                        "{} {measure} row(s) for {period} are larger than the {n} the force recorded in all of {period} ({}): {}",
                        big.len(),
                        count.source,
                        rows.join(", ")
                    ),
                )
                .about(kind),
            );
        }
        let wrong = (withheld == 0 && known != n) || (withheld > 0 && known > n);
        if wrong {
            issues.push(
                Issue::new(
                    ProblemKind::Inconsistent,
                    parts[0].obs.source.clone(),
                    format!(
                        "{measure} for {period} add up to {known}{} ({cells}), but the force's count for {period} is {n} ({})",
                        if withheld > 0 { format!(" with {withheld} withheld") } else { String::new() },
                        count.source
                    ),
                )
                .about(kind)
                .hint("check both tables in the force's files: a misread table, a subtotal stored as a category, or figures the force counts differently; declare the table or [[accept]] with the reason"),
            );
        }
    }
}

/// `file [sheet]!B2, B3 …` for a list of sources (at most six cells named).
fn cells_of<'a>(sources: impl Iterator<Item = &'a SourceRef>) -> String {
    let all: Vec<&SourceRef> = sources.collect();
    let Some(first) = all.first() else { return String::new() };
    let cells: Vec<&str> = all.iter().take(6).map(|s| s.cell.as_str()).collect();
    let more = if all.len() > 6 { format!(" and {} more", all.len() - 6) } else { String::new() };
    format!("{} [{}]!{}{more}", first.file, first.sheet, cells.join(", "))
}

/// A span longer than a year: the whole period of the request, given by a table that names none.
fn is_span(o: &Observation) -> bool {
    (o.period_end - o.period_start).num_days() > 370
}

/// Figures read as covering the whole request (their table named no period): kept only where each question's
/// figures add up to the sum of the force's yearly counts; else the period is unknown and they are not stored.
fn whole_request(rows: Vec<Checked>, lead: usize, issues: &mut Vec<Issue>) -> Vec<Checked> {
    if !rows.iter().any(|c| is_span(&c.obs)) {
        return rows;
    }
    let years: Vec<&Observation> =
        rows.iter().filter(|c| c.question == lead && !is_span(&c.obs)).map(|c| &c.obs).collect();
    let span = rows.iter().find(|c| is_span(&c.obs)).map(|c| (c.obs.period_start, c.obs.period_end));
    // The force's yearly counts inside the span, when every one of them was given.
    let whole: Option<(i64, usize)> = span.and_then(|(start, end)| {
        let inside: Vec<&&Observation> =
            years.iter().filter(|o| o.period_start >= start && o.period_end <= end).collect();
        let n_years = ((end - start).num_days() as f64 / 365.25).round() as usize;
        let values: Option<Vec<i64>> = inside.iter().map(|o| o.value).collect();
        values.filter(|v| v.len() == n_years).map(|v| (v.iter().fold(0i64, |a, b| a.saturating_add(*b)), n_years))
    });
    // measure → (sum, withheld, first source, question, period)
    let mut sums: BTreeMap<&str, (i64, usize, &SourceRef, usize, &str)> = BTreeMap::new();
    for c in rows.iter().filter(|c| is_span(&c.obs)) {
        let e = sums.entry(&c.obs.measure).or_insert((0, 0, &c.obs.source, c.question, &c.obs.period));
        match c.obs.value {
            Some(v) => e.0 = e.0.saturating_add(v),
            None => e.1 += 1,
        }
    }
    let mut unconfirmed: Vec<String> = Vec::new();
    for (measure, (sum, withheld, source, question, period)) in &sums {
        let confirmed = matches!(whole, Some((n, _)) if *withheld == 0 && n == *sum);
        let message = match whole {
            Some((n, years)) if confirmed => format!(
                "the table of {measure} names no period; its figures add up to {sum}, the force's count over all {years} years asked ({n}), so they are stored for {period}"
            ),
            Some((n, years)) => format!(
                "the table of {measure} names no period, and its figures ({sum}{}) do not add up to the force's count over all {years} years asked ({n}); not stored",
                if *withheld > 0 { format!(" with {withheld} withheld") } else { String::new() }
            ),
            None => format!(
                "the table of {measure} names no period, and the force gave no count for every year to show it covers {period} ({sum} in all); not stored"
            ),
        };
        let mut issue = Issue::new(ProblemKind::Inconsistent, (*source).clone(), message).about(*question);
        if confirmed {
            issue = issue.note();
        } else {
            unconfirmed.push(measure.to_string());
            issue = issue.hint(
                "ask the force which period the table covers, then declare it with a [[table]] entry naming its period",
            );
        }
        issues.push(issue);
    }
    rows.into_iter().filter(|c| !(is_span(&c.obs) && unconfirmed.contains(&c.obs.measure))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use foi_model::ValueStatus;

    fn obs(
        measure: &str,
        sheet: &str,
        cell: &str,
        label: &str,
        group: Option<&str>,
        code: Option<&str>,
        v: i64,
    ) -> Observation {
        Observation {
            campaign: "c".into(),
            force: "f".into(),
            measure: measure.into(),
            period: "2023/24".into(),
            period_start: NaiveDate::from_ymd_opt(2023, 4, 6).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2024, 4, 5).unwrap(),
            breakdown: group.map(|_| "offence".into()),
            category_group: group.map(String::from),
            category_subgroup: code.map(|_| "Stalking and harassment".into()),
            category_code: code.map(String::from),
            label: label.into(),
            value: Some(v),
            value_status: ValueStatus::Reported,
            source: SourceRef { file: "a.xlsx".into(), sheet: sheet.into(), cell: cell.into() },
        }
    }

    fn check_all(rows: Vec<Checked>) -> (Vec<Checked>, Vec<Issue>) {
        check(rows, 0)
    }

    fn year(sheet: &str, cell: &str, label: &str, v: i64) -> Checked {
        Checked { obs: obs("offences_by_year", sheet, cell, label, None, None, v), question: 0, count: true }
    }

    #[test]
    fn the_same_count_in_a_letter_and_a_sheet_is_stored_once() {
        let (rows, issues) = check_all(vec![year("Q1", "B4", "2023/24", 70), year("table 1", "B4", "2023/2024", 70)]);
        assert_eq!(rows.len(), 1);
        assert_eq!(issues[0].kind, ProblemKind::Duplicate);
        let (rows, issues) = check_all(vec![year("Q1", "B4", "2023/24", 70), year("table 1", "B4", "2023/2024", 71)]);
        assert_eq!(rows.len(), 1);
        assert_eq!(issues[0].kind, ProblemKind::Conflict);
        assert!(issues[0].message.contains("71 here but 70"), "{}", issues[0].message);
        let (rows, issues) = check_all(vec![year("Q1", "B4", "2023/24", 70), year("Q1", "B5", "2023/24", 10)]);
        assert_eq!(rows.len(), 2);
        assert_eq!(issues[0].kind, ProblemKind::Inconsistent);
    }

    #[test]
    fn a_group_row_beside_its_parts_is_a_subtotal() {
        let vap = "Violence against the person";
        let parts = |group_value| {
            vec![
                Checked {
                    obs: obs("offences_by_type", "S", "B2", vap, Some(vap), None, group_value),
                    question: 1,
                    count: false,
                },
                Checked {
                    obs: obs("offences_by_type", "S", "B3", "Harassment", Some(vap), Some("8L"), 40),
                    question: 1,
                    count: false,
                },
                Checked {
                    obs: obs("offences_by_type", "S", "B4", "Stalking", Some(vap), Some("8Q"), 17),
                    question: 1,
                    count: false,
                },
            ]
        };
        let (rows, issues) = check_all(parts(57));
        assert_eq!((rows.len(), issues.len()), (2, 0));
        let (rows, issues) = check_all(parts(40));
        assert_eq!(rows.len(), 2);
        assert_eq!(issues[0].kind, ProblemKind::Inconsistent);
    }

    #[test]
    fn a_breakdown_must_add_up_to_the_year() {
        let b = |cell, v| Checked {
            obs: obs("offences_by_type", "S", cell, "x", Some("Sexual offences"), None, v),
            question: 1,
            count: false,
        };
        let (_, issues) = check_all(vec![year("Y", "B2", "2023/24", 70), b("B2", 40), b("B3", 40)]);
        assert!(
            issues.iter().any(|i| i.kind == ProblemKind::Inconsistent && i.message.contains("add up to 80")),
            "{issues:?}"
        );
        let (_, issues) = check_all(vec![year("Y", "B2", "2023/24", 30), b("B2", 40)]);
        assert!(issues.iter().any(|i| i.message.contains("larger than the 30")), "{issues:?}");
    }
}
