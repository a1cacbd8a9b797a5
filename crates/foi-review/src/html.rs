//! The review as one self-contained HTML page: no scripts, no external files, every text escaped.

use foi_model::Region;

use crate::{CampaignReview, Item};

/// Text for HTML: `& < > " '` escaped, so nothing from an answer can become markup, and control characters and
/// bidi overrides written as character references, so they are shown, not obeyed. Every HTML page foi writes
/// (this review, the releases and the newsroom index) escapes with this.
pub fn escape(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push('\n'),
            c if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --red: #b3261e; --amber: #8a5a00; --ink: #1b1b1b; --muted: #5f5f5f; --rule: #d9d9d9; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: #f6f6f4; }
header { background: var(--accent); color: white; padding: 14px 18px; }
header h1 { font-size: 1.25em; margin: 0 0 4px; }
header p { margin: 0; opacity: .9; }
main { max-width: 1000px; margin: 0 auto; padding: 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 16px; }
.pill { background: white; border: 1px solid var(--rule); border-radius: 999px; padding: 4px 12px; }
.pill b { color: var(--red); }
section.force { background: white; border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 16px; padding: 10px 14px; }
section.force h2 { font-size: 1.1em; margin: 4px 0 8px; }
.badge { display: inline-block; font-size: .78em; font-weight: 600; border-radius: 3px; padding: 1px 6px; margin-right: 6px; vertical-align: 1px; }
.blocking { background: var(--red); color: white; }
.settled { background: #2e7d32; color: white; }
.note { background: #e7e7e7; color: var(--muted); }
article { border-top: 1px solid var(--rule); padding: 10px 0; }
article.is-blocking { border-left: 4px solid var(--red); padding-left: 10px; }
article h3 { font-size: 1em; margin: 0 0 4px; }
.where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; color: var(--muted); word-break: break-all; }
.hint { color: var(--amber); }
.cols { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
.cols > div { flex: 1 1 320px; min-width: 0; }
.grid { overflow-x: auto; }
table.cells { border-collapse: collapse; font-size: .82em; }
table.cells th { background: #f0f0f0; color: var(--muted); font-weight: 500; padding: 2px 6px; border: 1px solid var(--rule); }
table.cells td { border: 1px solid var(--rule); padding: 2px 6px; max-width: 16em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
table.cells td.hl { background: #ffe08a; outline: 2px solid var(--red); outline-offset: -2px; font-weight: 600; }
table.cand { border-collapse: collapse; font-size: .88em; margin: 4px 0; }
table.cand td { padding: 2px 8px 2px 0; }
pre { background: #1e1e1e; color: #f2f2f2; padding: 8px 10px; border-radius: 4px; overflow-x: auto; font-size: .8em; white-space: pre; }
details { margin-top: 8px; }
summary { cursor: pointer; color: var(--muted); }
"#;

/// Column letters of a zero-based column.
fn letters(mut c: usize) -> String {
    let mut s = String::new();
    c += 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        s.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    s
}

/// The region drawn as a grid with its column letters and row numbers, the problem's cells highlighted.
fn grid(r: &Region) -> String {
    let (row0, col0) = foi_model::corrections::parse_a1(&r.top_left).unwrap_or((0, 0));
    let width = r.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = format!(
        "<div class=\"grid\"><table class=\"cells\" aria-label=\"cells of {}\"><tr><th></th>",
        escape(&r.sheet)
    );
    for c in 0..width {
        out.push_str(&format!("<th>{}</th>", letters(col0 + c)));
    }
    out.push_str("</tr>");
    for (i, row) in r.rows.iter().enumerate() {
        out.push_str(&format!("<tr><th>{}</th>", row0 + i + 1));
        for c in 0..width {
            let hl = r.highlight.contains(&(i as u32, c as u32));
            let text = row.get(c).map(String::as_str).unwrap_or("");
            out.push_str(&format!(
                "<td{} title=\"{}\">{}</td>",
                if hl { " class=\"hl\"" } else { "" },
                escape(text),
                escape(text)
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></div>");
    out
}

fn item(i: &Item) -> String {
    let p = &i.problem;
    let (badge, class) = match (p.is_open_blocking(), p.settled.is_some()) {
        (true, _) => ("blocking", "blocking"),
        (false, true) => ("settled", "settled"),
        _ => ("note", "note"),
    };
    let mut where_ = p.source.to_string();
    let more: Vec<&str> = p.cells.iter().map(String::as_str).filter(|c| *c != p.source.cell).collect();
    if !more.is_empty() {
        where_.push_str(&format!(", {}", more.join(", ")));
    }
    let mut out = format!(
        "<article class=\"problem is-{class}\"><h3><span class=\"badge {class}\">{badge}</span>{}</h3><div class=\"where\">{}</div><p>{}</p>",
        escape(p.kind.describe()),
        escape(&where_),
        escape(&p.message)
    );
    if let Some(reason) = &p.settled {
        out.push_str(&format!("<p>Settled by corrections.toml: {}</p>", escape(reason)));
    } else if !p.hint.is_empty() && p.is_open_blocking() {
        out.push_str(&format!("<p class=\"hint\">To settle: {}</p>", escape(&p.hint)));
    }
    let mut right = String::new();
    if !i.candidates.is_empty() {
        right.push_str("<b>Closest reference entries</b><table class=\"cand\">");
        for c in &i.candidates {
            right.push_str(&format!("<tr><td>{:.2}</td><td>{}</td></tr>", c.score, escape(&c.name)));
        }
        right.push_str("</table>");
    }
    if i.spellings.len() > 1 {
        right.push_str(&format!(
            "<p><b>Spelt {} ways</b> in this campaign: {}</p>",
            i.spellings.len(),
            escape(&i.spellings.join(" · "))
        ));
    }
    if !i.toml.is_empty() {
        right.push_str(&format!("<b>Paste into corrections.toml</b><pre>{}</pre>", escape(&i.toml)));
    }
    match (&p.region, right.is_empty()) {
        (Some(r), _) => out.push_str(&format!("<div class=\"cols\"><div>{}</div><div>{right}</div></div>", grid(r))),
        (None, false) => out.push_str(&right),
        (None, true) => {}
    }
    out.push_str("</article>");
    out
}

/// The whole review as one page.
pub fn html(r: &CampaignReview) -> String {
    let open = r.open_blocking();
    let forces_open = r.forces.iter().filter(|f| f.blocking > 0).count();
    let settled: usize = r.forces.iter().map(|f| f.settled).sum();
    let notes: usize = r.forces.iter().map(|f| f.notes).sum();
    let mut out = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Review: {}</title><style>{STYLE}</style></head><body>",
        escape(&r.title)
    );
    out.push_str(&format!(
        "<header><h1>Review: {}</h1><p>What ingest could not read cleanly in <code>{}</code>, and what would settle it.</p></header><main>",
        escape(&r.title),
        escape(&r.campaign)
    ));
    out.push_str(&format!(
        "<div class=\"summary\"><span class=\"pill\" id=\"open-count\"><b>{open}</b> open blocking problem{} in {forces_open} force{}</span><span class=\"pill\">{settled} settled by corrections.toml</span><span class=\"pill\">{notes} notes</span></div>",
        if open == 1 { "" } else { "s" },
        if forces_open == 1 { "" } else { "s" }
    ));
    if open == 0 {
        out.push_str("<p>No blocking problem is open: every force's release can be final.</p>");
    }
    for f in &r.forces {
        let head = format!(
            "<h2>{}</h2><p>{} open blocking · {} settled · {} notes</p>",
            escape(&f.name),
            f.blocking,
            f.settled,
            f.notes
        );
        let (open_items, rest): (Vec<&Item>, Vec<&Item>) = f.items.iter().partition(|i| i.problem.is_open_blocking());
        out.push_str(&format!("<section class=\"force\" id=\"force-{}\">{head}", escape(&f.force)));
        for i in open_items {
            out.push_str(&item(i));
        }
        if !rest.is_empty() {
            out.push_str(&format!("<details><summary>{} settled problems and notes</summary>", rest.len()));
            for i in rest {
                out.push_str(&item(i));
            }
            out.push_str("</details>");
        }
        out.push_str("</section>");
    }
    out.push_str("</main></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_answers_cannot_become_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        let r = Region {
            sheet: "S".into(),
            top_left: "B3".into(),
            rows: vec![vec!["<b>".into(), "4".into()]],
            highlight: vec![(0, 1)],
            table_range: None,
        };
        let g = grid(&r);
        assert!(g.contains("<th>B</th><th>C</th>") && g.contains("<th>3</th>") && g.contains("&lt;b&gt;"), "{g}");
        assert!(g.contains("<td class=\"hl\" title=\"4\">4</td>"), "{g}");
    }
}
