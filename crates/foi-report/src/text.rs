//! The release as plain text (the body of an email a reporter copies from) and as clean HTML (for a CMS).
//!
//! Both print the same [`ReleaseData`] the PDF prints, in the PDF's order, and add no sentence or figure of
//! their own: every word comes from `data`, so the three forms cannot disagree.

use std::fmt::Write;

use foi_review::html_escape as escape;

use crate::data::{Chart, ReleaseData, Table};

/// Paragraphs are left unwrapped: a CMS or mail client wraps them, and a hard-wrapped line pasted into a CMS
/// breaks mid-sentence.
pub fn release_text(d: &ReleaseData) -> String {
    let mut o = String::new();
    let m = &d.masthead;
    if let Some(draft) = &d.draft {
        let _ = writeln!(o, "*** {} ***\n{}\n{}", draft.banner, draft.title, draft.intro);
        for item in &draft.items {
            let _ = writeln!(o, "- {item}");
        }
        o.push('\n');
    }
    if let Some(e) = &m.embargo {
        let _ = writeln!(o, "{e}");
    }
    let _ = writeln!(o, "PRESS RELEASE — {} — {}", d.release.organisation, d.campaign.title);
    if let Some(date) = &m.date {
        let _ = writeln!(o, "{date}");
    }
    let _ = writeln!(o, "\n{}\n{}\n", d.local.headline, "=".repeat(d.local.headline.chars().count().min(78)));
    match &m.dateline {
        Some(dl) => {
            let _ = writeln!(o, "{dl} — {}\n", d.local.standfirst);
        }
        None => {
            let _ = writeln!(o, "{}\n", d.local.standfirst);
        }
    }
    for p in &d.local.paragraphs {
        let _ = writeln!(o, "{p}\n");
    }
    if let Some(q) = d.release.quotes.first() {
        let _ = writeln!(o, "“{}”\n— {}, {}\n", q.text, q.speaker, q.role);
    }
    if let Some(c) = &d.local.chart {
        chart_text(&mut o, c);
    }
    for t in d.local.side_table.iter().chain(&d.local.tables) {
        table_text(&mut o, t);
    }
    let _ = writeln!(o, "{}\n{}\n", d.national.heading, "-".repeat(d.national.heading.chars().count().min(78)));
    for p in &d.national.paragraphs {
        let _ = writeln!(o, "{p}\n");
    }
    for q in d.release.quotes.iter().skip(1) {
        let _ = writeln!(o, "“{}”\n— {}, {}\n", q.text, q.speaker, q.role);
    }
    let _ = writeln!(o, "ENDS\n\nNotes to editors");
    for (i, n) in d.release.notes_to_editors.items.iter().enumerate() {
        let _ = writeln!(o, "{}. {n}", i + 1);
    }
    if let Some(r) = &m.right_of_reply {
        let _ = writeln!(o, "{r}");
    }
    for c in &m.contacts {
        let _ = writeln!(o, "Contact: {c}");
    }
    let _ = writeln!(o, "\nMethodology and caveats");
    for line in &d.methodology {
        let _ = writeln!(o, "- {line}");
    }
    let s = &d.sources;
    let _ = writeln!(o, "\n{}\n{}", s.heading, s.intro);
    for f in &s.files {
        let _ = writeln!(o, "{} {}", f.key, f.path);
    }
    for dec in &s.decisions {
        let _ = writeln!(o, "- {dec}");
    }
    for r in &s.rows {
        let value = if r.value.is_empty() { String::new() } else { format!(": {}", r.value) };
        let base = if r.base.is_empty() { String::new() } else { format!(" (base: {})", r.base) };
        let _ = writeln!(o, "{} {}{value} — {}{base}", r.id, r.label, r.formula);
        if !r.cells.is_empty() || r.more.is_some() {
            let more = r.more.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
            let _ = writeln!(o, "    cells: {}{more}", r.cells.join("; "));
        }
    }
    o
}

fn chart_text(o: &mut String, c: &Chart) {
    let _ = writeln!(o, "{}", c.title);
    let width = c.bars.iter().map(|b| b.period.chars().count()).max().unwrap_or(0);
    for b in &c.bars {
        let _ = writeln!(o, "  {:<width$}  {}", b.period, b.value_text);
    }
    if let Some(n) = &c.note {
        let _ = writeln!(o, "  {n}");
    }
    o.push('\n');
}

/// Columns padded to their widest cell; the last (the counts) right-aligned.
fn table_text(o: &mut String, t: &Table) {
    let _ = writeln!(o, "{}", t.title);
    let n = t.columns.len();
    let cell_width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = t.columns.iter().map(|c| cell_width(c)).collect();
    for r in &t.rows {
        for (i, c) in r.cells.iter().enumerate().take(n) {
            let indent = if i == 0 { 2 * r.level as usize } else { 0 };
            widths[i] = widths[i].max(cell_width(c) + indent);
        }
    }
    let row = |o: &mut String, cells: &[String], level: u8| {
        let mut line = String::from("  ");
        for (i, c) in cells.iter().enumerate().take(n) {
            let c = if i == 0 { format!("{}{c}", "  ".repeat(level as usize)) } else { c.clone() };
            if i + 1 == n && n > 1 {
                let _ = write!(line, "{:>w$}", c, w = widths[i]);
            } else {
                let _ = write!(line, "{:<w$}  ", c, w = widths[i]);
            }
        }
        let _ = writeln!(o, "{}", line.trim_end());
    };
    row(o, &t.columns, 0);
    for r in &t.rows {
        row(o, &r.cells, r.level);
    }
    if let Some(note) = &t.note {
        let _ = writeln!(o, "  {note}");
    }
    o.push('\n');
}

/// The release as one self-contained HTML document: semantic elements a CMS keeps, a few lines of style a
/// reader on a phone needs, no script and nothing fetched.
pub fn release_html(d: &ReleaseData) -> String {
    let e = escape;
    let m = &d.masthead;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<article>\n",
        e(&d.local.headline),
        STYLE
    );
    if let Some(draft) = &d.draft {
        let _ = write!(
            o,
            "<aside class=\"draft\"><strong>{}</strong><p>{}</p><p>{}</p><ul>",
            e(&draft.banner),
            e(&draft.title),
            e(&draft.intro)
        );
        for item in &draft.items {
            let _ = write!(o, "<li>{}</li>", e(item));
        }
        o.push_str("</ul></aside>\n");
    }
    o.push_str("<header>\n");
    if let Some(em) = &m.embargo {
        let _ = writeln!(o, "<p class=\"embargo\">{}</p>", e(em));
    }
    let _ = writeln!(
        o,
        "<p class=\"kicker\">Press release · {} · {}</p>",
        e(&d.release.organisation),
        e(&d.campaign.title)
    );
    if let Some(date) = &m.date {
        let _ = writeln!(o, "<p class=\"date\">{}</p>", e(date));
    }
    let dateline = m.dateline.as_deref().map(|dl| format!("<span class=\"dateline\">{}</span> — ", e(dl)));
    let _ = writeln!(
        o,
        "<h1>{}</h1>\n<p class=\"standfirst\">{}{}</p>\n</header>",
        e(&d.local.headline),
        dateline.unwrap_or_default(),
        e(&d.local.standfirst)
    );
    o.push_str("<section class=\"local\">\n");
    for p in &d.local.paragraphs {
        let _ = writeln!(o, "<p>{}</p>", e(p));
    }
    if let Some(q) = d.release.quotes.first() {
        quote_html(&mut o, q);
    }
    if let Some(c) = &d.local.chart {
        let _ = write!(o, "<table class=\"chart\"><caption>{}</caption><tbody>", e(&c.title));
        for b in &c.bars {
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}</th><td><span class=\"bar\" style=\"width:{:.0}%\"></span> {}</td></tr>",
                e(&b.period),
                // Four fifths of the cell at most: the count is printed after the bar, on its line.
                if b.missing { 0.0 } else { (b.fraction * 80.0).clamp(0.0, 80.0) },
                e(&b.value_text)
            );
        }
        o.push_str("</tbody></table>\n");
        if let Some(n) = &c.note {
            let _ = writeln!(o, "<p class=\"note\">{}</p>", e(n));
        }
    }
    for t in d.local.side_table.iter().chain(&d.local.tables) {
        table_html(&mut o, t);
    }
    o.push_str("</section>\n<section class=\"national\">\n");
    let _ = writeln!(o, "<h2>{}</h2>", e(&d.national.heading));
    for p in &d.national.paragraphs {
        let _ = writeln!(o, "<p>{}</p>", e(p));
    }
    for q in d.release.quotes.iter().skip(1) {
        quote_html(&mut o, q);
    }
    o.push_str("</section>\n<p class=\"ends\">ENDS</p>\n<section class=\"notes\">\n<h2>Notes to editors</h2>\n<ol>\n");
    for n in &d.release.notes_to_editors.items {
        let _ = writeln!(o, "<li>{}</li>", e(n));
    }
    o.push_str("</ol>\n");
    if let Some(r) = &m.right_of_reply {
        let _ = writeln!(o, "<p>{}</p>", e(r));
    }
    for c in &m.contacts {
        let _ = writeln!(o, "<p class=\"contact\">Contact: {}</p>", e(c));
    }
    o.push_str("</section>\n<section class=\"methodology\">\n<h2>Methodology and caveats</h2>\n<ul>\n");
    for line in &d.methodology {
        let _ = writeln!(o, "<li>{}</li>", e(line));
    }
    let s = &d.sources;
    let _ = write!(
        o,
        "</ul>\n</section>\n<section class=\"sources\">\n<h2>{}</h2>\n<p>{}</p>\n<dl>",
        e(&s.heading),
        e(&s.intro)
    );
    for f in &s.files {
        let _ = write!(o, "<dt>{}</dt><dd><code>{}</code></dd>", e(&f.key), e(&f.path));
    }
    o.push_str("</dl>\n");
    if !s.decisions.is_empty() {
        o.push_str("<ul class=\"decisions\">");
        for dec in &s.decisions {
            let _ = write!(o, "<li>{}</li>", e(dec));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("<table><thead><tr><th>Figure</th><th>Value</th><th>How it was calculated</th><th>Source cells</th></tr></thead><tbody>\n");
    for r in &s.rows {
        let base = if r.base.is_empty() { String::new() } else { format!(" (base: {})", e(&r.base)) };
        let more = r.more.as_deref().map(|m| format!("<br>{}", e(m))).unwrap_or_default();
        let cells: Vec<String> = r.cells.iter().map(|c| e(c)).collect();
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code> {}</td><td>{}</td><td>{}{base}</td><td><code>{}</code>{more}</td></tr>",
            e(&r.id),
            e(&r.label),
            e(&r.value),
            e(&r.formula),
            cells.join("<br>")
        );
    }
    o.push_str("</tbody></table>\n</section>\n</article>\n</body>\n</html>\n");
    o
}

fn quote_html(o: &mut String, q: &foi_model::Quote) {
    let _ = writeln!(
        o,
        "<blockquote><p>“{}”</p><footer>{}, {}</footer></blockquote>",
        escape(&q.text),
        escape(&q.speaker),
        escape(&q.role)
    );
}

pub(crate) fn table_html(o: &mut String, t: &Table) {
    let _ = write!(o, "<table><caption>{}</caption><thead><tr>", escape(&t.title));
    for c in &t.columns {
        let _ = write!(o, "<th scope=\"col\">{}</th>", escape(c));
    }
    o.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        o.push_str(if r.level > 0 { "<tr class=\"part\">" } else { "<tr>" });
        for c in &r.cells {
            let _ = write!(o, "<td>{}</td>", escape(c));
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>\n");
    if let Some(n) = &t.note {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", escape(n));
    }
}

/// Shared by every HTML page foi writes: readable on a phone, tables scroll rather than overflow.
pub(crate) const STYLE: &str = "body{font-family:Georgia,serif;line-height:1.5;margin:0;padding:1rem;color:#1a1a1a}\
article,main{max-width:44rem;margin:auto}h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.2rem;color:#1f4e79}\
.embargo{font-weight:bold;color:#b3261e;letter-spacing:.03em}.kicker,.date,.note{color:#555;font-size:.9rem}\
.standfirst{font-weight:600}.dateline{font-weight:bold}.draft{border:2px solid #b3261e;padding:.5rem 1rem}\
blockquote{border-left:3px solid #1f4e79;margin:1rem 0;padding:0 1rem;font-style:italic}\
blockquote footer{font-style:normal;font-weight:bold;font-size:.9rem}\
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem;display:block;overflow-x:auto}\
caption{text-align:left;font-weight:bold;padding:.3rem 0}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}\
td:last-child{text-align:right}tr.part td:first-child{padding-left:1.5rem;color:#555}\
.bar{display:inline-block;height:.8rem;background:#2f6ea5;margin-right:.3rem}\
table.chart{display:table;width:100%}.chart th{width:4.5rem;white-space:nowrap}.chart td:last-child{text-align:left;white-space:nowrap}\
.ends{text-align:center;font-weight:bold}code{font-size:.8rem;word-break:break-all}\
.sources td:last-child{text-align:left}a{color:#1f4e79}";
