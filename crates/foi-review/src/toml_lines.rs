//! The corrections.toml lines that would settle a problem, ready to paste (with the reason left to write).

use foi_model::{Campaign, CellRange, Problem, ProblemKind};

use crate::Candidate;

/// A TOML basic string: quoted, with `"`, `\` and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A file named as corrections.toml names it: relative to the force's folder (`answer.xlsx`), dropping the
/// campaign and force folders of the store's path (`tiktok-2024/kent/answer.xlsx`).
fn force_file(file: &str) -> String {
    let mut parts = file.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(_), Some(rest)) => rest.to_string(),
        _ => file.to_string(),
    }
}

/// `'Sheet 1'!B5:E12`: a sheet and range as corrections.toml writes them.
fn sheet_range(sheet: &str, range: &str) -> String {
    if sheet.is_empty() {
        range.to_string()
    } else {
        format!("'{}'!{range}", sheet.replace('\'', "''"))
    }
}

const REASON: &str = "reason = \"…\"   # say why: it is printed in the release's sources";

/// The lines that settle `p`: a `[[label]]` mapping to the best candidate (covering every spelling of the label),
/// a `[[table]]` declaring the table's range, an `[[accept]]` for a check that fails for a known reason, a
/// `[[force]]` for the year basis, a `[[skip]]` for a file that holds no figures. With `every_force`, a label
/// mapping names no force (its spellings come from several).
pub fn toml_lines(
    campaign: &Campaign,
    p: &Problem,
    best: Option<&Candidate>,
    spellings: &[String],
    every_force: bool,
) -> String {
    let force = toml_string(&p.force);
    let file = toml_string(&force_file(&p.source.file));
    let question = campaign
        .questions
        .iter()
        .find(|q| Some(&q.measure) == p.measure.as_ref())
        .map(|q| toml_string(&q.id))
        .unwrap_or_else(|| "\"?\"   # the question's id in campaign.toml".to_string());
    let accept = || {
        let cell = if p.source.cell.is_empty() {
            String::new()
        } else {
            format!(
                "cell = {}\n",
                toml_string(&sheet_range(&p.source.sheet, p.source.cell.split(':').next().unwrap_or("")))
            )
        };
        format!(
            "[[accept]]\nforce = {force}\nkind = {}\nfile = {file}\n{cell}{}{REASON}\n",
            toml_string(p.kind.as_str()),
            p.label.as_deref().map(|l| format!("label = {}\n", toml_string(l))).unwrap_or_default()
        )
    };
    let table = || {
        let range = p
            .region
            .as_ref()
            .and_then(|r| r.table_range.clone())
            .and_then(|r| CellRange::parse(&r).ok().map(|c| (r, c)));
        let Some((range, cells)) = range else {
            return format!(
                "# declare the table that answers it (see the tables not understood above):\n[[table]]\nforce = {force}\nfile = \"…\"\nrange = \"'Sheet'!A1:D20\"   # the table's range, header rows first\nquestion = {question}\norientation = \"down\"\n{REASON}\n"
            );
        };
        // A table wider than it is tall usually runs its categories (or years) along the header.
        let wide = cells.last.1 - cells.first.1 > cells.last.0 - cells.first.0;
        format!(
            "[[table]]\nforce = {force}\nfile = {file}\nrange = {}\nquestion = {question}\norientation = {}   # \"down\": categories (or years) run down the rows; \"across\": along the header\n{REASON}\n",
            toml_string(&sheet_range(&p.source.sheet, &range)),
            if wide { "\"across\"" } else { "\"down\"" }
        )
    };
    match p.kind {
        ProblemKind::UnmappedLabel => {
            let label = match spellings {
                [] | [_] => toml_string(p.label.as_deref().unwrap_or("")),
                many => format!("[{}]", many.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", ")),
            };
            let target = match best {
                Some(c) => format!(
                    "vocabulary = {}\n{} = {}   # {} (score {:.2})",
                    toml_string(&c.vocabulary),
                    c.key,
                    toml_string(&c.value),
                    c.name,
                    c.score
                ),
                None => {
                    let v = campaign
                        .questions
                        .iter()
                        .find(|q| Some(&q.measure) == p.measure.as_ref())
                        .and_then(|q| q.vocabulary.clone())
                        .unwrap_or_else(|| "…".into());
                    format!("vocabulary = {}\ncode = \"…\"   # or subgroup = \"…\", group = \"…\"", toml_string(&v))
                }
            };
            let who = if every_force {
                "# no force: these spellings come from several forces, and one mapping covers them all\n".to_string()
            } else {
                format!("force = {force}   # leave out to map the label for every force\n")
            };
            format!("[[label]]\n{who}label = {label}\n{target}\n{REASON}\n")
        }
        ProblemKind::UnrecognisedTable | ProblemKind::PartlyRead | ProblemKind::UnknownPeriod => table(),
        ProblemKind::MissingAnswer => format!(
            "{}\n# or, if the force did not answer this question:\n[[force]]\nforce = {force}\nstatus = \"partial\"\nexemption = \"s12\"   # the section the letter cites\n{REASON}\n",
            table()
        ),
        ProblemKind::Inconsistent => format!(
            "# Settle first any table of this force read only in part or not understood: the contradiction often\n# follows from it. If the figures are right as read:\n{}",
            accept()
        ),
        ProblemKind::TotalMismatch | ProblemKind::BadValue | ProblemKind::Truncated => accept(),
        ProblemKind::Conflict => format!(
            "[[skip]]\nforce = {force}\nfile = {file}   # the copy that is wrong (add sheet = … for one table)\n{REASON}\n\n# or keep the first figure:\n{}",
            accept()
        ),
        ProblemKind::BasisUnclear => format!(
            "[[force]]\nforce = {force}\nperiod_basis = \"fy_apr1\"   # fy_apr6, fy_apr1 or calendar, as the force's letter says\n{REASON}\n"
        ),
        ProblemKind::UnreadableFile | ProblemKind::UnsupportedFile => format!(
            "[[skip]]\nforce = {force}\nfile = {file}\n{REASON}\n\n# and type in any figures it holds:\n[[figure]]\nforce = {force}\nquestion = {question}\nperiod = {}\nvalue = 0   # the count as the file gives it, or \"suppressed\"\nfile = {file}\npage = 1\n{REASON}\n",
            toml_string(campaign.periods.labels.last().map(String::as_str).unwrap_or("?"))
        ),
        ProblemKind::UnknownForce => "# rename the folder to the force's slug, name or alias\n".to_string(),
        ProblemKind::PeriodBasisDiffers | ProblemKind::Duplicate | ProblemKind::Corrected => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use foi_model::{Severity, SourceRef};

    #[test]
    fn strings_are_escaped_and_paths_are_the_force_folders() {
        assert_eq!(toml_string("a \"b\" \\ c\u{1b}"), "\"a \\\"b\\\" \\\\ c\\u001B\"");
        assert_eq!(force_file("tiktok-2024/kent/answer.xlsx"), "answer.xlsx");
        assert_eq!(force_file("tiktok-2024/kent/letter.eml/q1.csv"), "letter.eml/q1.csv");
        let campaign = Campaign::parse(include_str!("../../../data-raw/tiktok-2024/campaign.toml")).unwrap();
        let mut p = Problem::new(
            "tiktok-2024",
            "kent",
            ProblemKind::TotalMismatch,
            Severity::Blocking,
            SourceRef { file: "tiktok-2024/kent/a.xlsx".into(), sheet: "Q 1".into(), cell: "B9".into() },
            "stated total 40, parts sum to 33",
        );
        p.measure = Some("offences_by_year".into());
        let t = toml_lines(&campaign, &p, None, &[], false);
        assert!(
            t.contains("[[accept]]") && t.contains("cell = \"'Q 1'!B9\"") && t.contains("file = \"a.xlsx\""),
            "{t}"
        );
        let parsed = foi_model::Corrections::parse(&t.replace('…', "checked with the force"));
        assert!(parsed.is_ok(), "{t}\n{parsed:?}");
    }
}
