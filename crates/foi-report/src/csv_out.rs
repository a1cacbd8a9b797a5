//! The figures files beside each PDF (Datawrapper-ready CSV), safe to open in a spreadsheet.

use std::borrow::Cow;

use foi_analysis::{Figure, LeagueRow, ReleaseState};

/// Text that a spreadsheet would run as a formula gets a leading `'` (OWASP CSV injection).
pub fn protect(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A number as a plain CSV number: `252`, `31.9`; empty when there is none.
fn plain_number(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() && (v - v.round()).abs() < 1e-9 && v.abs() < 9.0e15 => format!("{}", v.round() as i64),
        Some(v) if v.is_finite() => format!("{v}"),
        _ => String::new(),
    }
}

/// A figure's status in the figures file: `final` in a final release; in a draft, `doubtful` when an open
/// blocking problem touches its question, else `draft`.
pub fn figure_status(f: &Figure, state: ReleaseState) -> &'static str {
    match (state, f.doubtful) {
        (ReleaseState::Final, _) => "final",
        (ReleaseState::Draft, true) => "doubtful",
        (ReleaseState::Draft, false) => "draft",
    }
}

/// One row per figure: `id,status,label,value,lower_bound,formula,period,base,sources`.
pub fn figures_csv<'a>(
    figures: impl IntoIterator<Item = &'a Figure>,
    state: ReleaseState,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "status", "label", "value", "lower_bound", "formula", "period", "base", "sources"])?;
    for f in figures {
        let sources = f.sources.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("; ");
        w.write_record([
            protect(&f.id).as_ref(),
            figure_status(f, state),
            protect(&f.label).as_ref(),
            &plain_number(f.value),
            if f.lower_bound { "true" } else { "false" },
            protect(&f.formula).as_ref(),
            protect(&f.period_text()).as_ref(),
            protect(&f.base).as_ref(),
            protect(&sources).as_ref(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// The league table: `rank,force,name,total,lower_bound,rate_per_100k,rate_rank,flag`.
pub fn league_csv(rows: &[LeagueRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["rank", "force", "name", "total", "lower_bound", "rate_per_100k", "rate_rank", "flag"])?;
    for r in rows {
        w.write_record([
            r.rank.to_string().as_str(),
            protect(&r.force).as_ref(),
            protect(&r.name).as_ref(),
            &r.total.to_string(),
            if r.lower_bound { "true" } else { "false" },
            &plain_number(r.rate_per_100k),
            &r.rate_rank.map(|x| x.to_string()).unwrap_or_default(),
            protect(&crate::methodology::league_flags(&r.flags).unwrap_or_default()).as_ref(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A chart's data for a charting tool (Datawrapper reads it as it is): the period, the count as a plain number
/// (empty when withheld or not given), whether part of it was withheld, and the label the chart prints.
pub fn chart_csv(chart: &crate::data::Chart) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["period", "count", "lower_bound", "label"])?;
    for b in &chart.bars {
        w.write_record([
            protect(&b.period).as_ref(),
            &b.value.map(|v| v.to_string()).unwrap_or_default(),
            if b.lower_bound { "true" } else { "false" },
            protect(&b.value_text).as_ref(),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use foi_model::SourceRef;

    #[test]
    fn formula_like_text_is_defused_and_numbers_stay_numbers() {
        for s in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"] {
            assert!(protect(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(protect("Harassment"), "Harassment");
        let mut f = Figure::new(
            foi_analysis::FigureKind::Highlight { vocabulary: "offence".into(), id: "x".into() },
            "=HYPERLINK(\"http://evil\")",
        );
        f.value = Some(-3.0);
        f.lower_bound = true;
        f.formula = "-sum".into();
        f.periods = vec!["2023/24".into()];
        f.sources = vec![SourceRef { file: "@a.xlsx".into(), sheet: "S".into(), cell: "B2".into() }];
        let text = String::from_utf8(figures_csv([&f], ReleaseState::Final).unwrap()).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[1], "final");
        assert_eq!(&row[2], "'=HYPERLINK(\"http://evil\")");
        assert_eq!(&row[3], "-3", "numbers are not prefixed");
        assert_eq!(&row[4], "true");
        assert_eq!(&row[5], "'-sum");
        assert_eq!(&row[8], "'@a.xlsx [S]!B2");
        let draft =
            String::from_utf8(figures_csv([&Figure { doubtful: true, ..f }], ReleaseState::Draft).unwrap()).unwrap();
        assert!(draft.lines().nth(1).unwrap().starts_with("offence.x,doubtful,"), "{draft}");
    }
}
