//! The release as an editable Word document, for a press officer to edit before it goes out: the same
//! [`ReleaseData`] as the PDF, text and HTML, in their order, with the same headings, tables and notes.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, Style, StyleType, Table as WordTable, TableCell, TableRow as WordRow,
};

use crate::data::{Chart, ReleaseData, Table};
use crate::ReportError;

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

fn heading(text: &str, level: u8) -> Paragraph {
    para(text).style(if level == 1 { "Heading1" } else { "Heading2" })
}

fn small(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).size(16))
}

fn table(title: &str, columns: &[String], rows: &[(Vec<String>, u8)], note: Option<&str>, docx: Docx) -> Docx {
    let header = WordRow::new(
        columns
            .iter()
            .map(|c| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(c).bold())))
            .collect(),
    );
    let body = rows.iter().map(|(cells, level)| {
        WordRow::new(
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = if i == 0 && *level > 0 { format!("    {c}") } else { c.clone() };
                    let p = para(&text);
                    let p = if i + 1 == cells.len() && cells.len() > 1 { p.align(AlignmentType::Right) } else { p };
                    TableCell::new().add_paragraph(p)
                })
                .collect(),
        )
    });
    let docx = docx
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(title).bold()))
        .add_table(WordTable::new(std::iter::once(header).chain(body).collect()).set_grid(grid(columns.len())));
    match note {
        Some(n) => docx.add_paragraph(small(n)),
        None => docx,
    }
}

/// Column widths in twentieths of a point across an A4 page's text width: the first column (the labels) takes
/// two fifths, the rest share what is left. Word and pandoc place cells by this grid.
fn grid(n: usize) -> Vec<usize> {
    const WIDTH: usize = 9_000;
    match n {
        0 => Vec::new(),
        1 => vec![WIDTH],
        n => {
            let rest = WIDTH * 3 / 5 / (n - 1);
            std::iter::once(WIDTH - rest * (n - 1)).chain(std::iter::repeat_n(rest, n - 1)).collect()
        }
    }
}

fn data_table(t: &Table, docx: Docx) -> Docx {
    let rows: Vec<(Vec<String>, u8)> = t.rows.iter().map(|r| (r.cells.clone(), r.level)).collect();
    table(&t.title, &t.columns, &rows, t.note.as_deref(), docx)
}

fn chart_table(c: &Chart, docx: Docx) -> Docx {
    let rows: Vec<(Vec<String>, u8)> =
        c.bars.iter().map(|b| (vec![b.period.clone(), b.value_text.clone()], 0)).collect();
    table(&c.title, &["Year".to_string(), "Count".to_string()], &rows, c.note.as_deref(), docx)
}

fn quote(q: &foi_model::Quote, docx: Docx) -> Docx {
    docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("“{}”", q.text)).italic())).add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text(&q.speaker).bold())
            .add_run(Run::new().add_text(format!(", {}", q.role))),
    )
}

/// The `.docx` bytes of a release.
pub fn release_docx(d: &ReleaseData) -> Result<Vec<u8>, ReportError> {
    let m = &d.masthead;
    let mut docx = Docx::new()
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("Heading 1").bold().size(36))
        .add_style(Style::new("Heading2", StyleType::Paragraph).name("Heading 2").bold().size(26));
    if let Some(draft) = &d.draft {
        docx = docx
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&draft.banner).bold().color("B3261E")))
            .add_paragraph(para(&draft.title))
            .add_paragraph(para(&draft.intro));
        for item in &draft.items {
            docx = docx.add_paragraph(para(&format!("• {item}")));
        }
    }
    if let Some(e) = &m.embargo {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(e).bold().color("B3261E")));
    }
    docx = docx.add_paragraph(small(&format!("Press release · {} · {}", d.release.organisation, d.campaign.title)));
    if let Some(date) = &m.date {
        docx = docx.add_paragraph(small(date));
    }
    docx = docx.add_paragraph(heading(&d.local.headline, 1));
    let mut standfirst = Paragraph::new();
    if let Some(dl) = &m.dateline {
        standfirst = standfirst.add_run(Run::new().add_text(format!("{dl} — ")).bold());
    }
    docx = docx.add_paragraph(standfirst.add_run(Run::new().add_text(&d.local.standfirst).bold()));
    for p in &d.local.paragraphs {
        docx = docx.add_paragraph(para(p));
    }
    if let Some(q) = d.release.quotes.first() {
        docx = quote(q, docx);
    }
    if let Some(c) = &d.local.chart {
        docx = chart_table(c, docx);
    }
    for t in d.local.side_table.iter().chain(&d.local.tables) {
        docx = data_table(t, docx);
    }
    docx = docx.add_paragraph(heading(&d.national.heading, 2));
    for p in &d.national.paragraphs {
        docx = docx.add_paragraph(para(p));
    }
    for q in d.release.quotes.iter().skip(1) {
        docx = quote(q, docx);
    }
    docx = docx
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("ENDS").bold()).align(AlignmentType::Center))
        .add_paragraph(heading("Notes to editors", 2));
    for (i, n) in d.release.notes_to_editors.items.iter().enumerate() {
        docx = docx.add_paragraph(para(&format!("{}. {n}", i + 1)));
    }
    if let Some(r) = &m.right_of_reply {
        docx = docx.add_paragraph(para(r));
    }
    for c in &m.contacts {
        docx = docx.add_paragraph(para(&format!("Contact: {c}")));
    }
    docx = docx.add_paragraph(heading("Methodology and caveats", 2));
    for line in &d.methodology {
        docx = docx.add_paragraph(small(&format!("• {line}")));
    }
    let s = &d.sources;
    docx = docx.add_paragraph(heading(&s.heading, 2)).add_paragraph(small(&s.intro));
    for f in &s.files {
        docx = docx.add_paragraph(small(&format!("{} {}", f.key, f.path)));
    }
    for dec in &s.decisions {
        docx = docx.add_paragraph(small(&format!("• {dec}")));
    }
    let rows: Vec<(Vec<String>, u8)> = s
        .rows
        .iter()
        .map(|r| {
            let base = if r.base.is_empty() { String::new() } else { format!(" (base: {})", r.base) };
            let more = r.more.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
            (
                vec![
                    format!("{} {}", r.id, r.label),
                    format!("{}{base}", r.formula),
                    format!("{}{more}", r.cells.join("; ")),
                    r.value.clone(),
                ],
                0,
            )
        })
        .collect();
    let columns = ["Figure", "How it was calculated", "Source cells", "Value"].map(String::from);
    docx = table("Every figure and its cells", &columns, &rows, None, docx);
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(|e| ReportError::Format(format!("cannot write the Word document: {e}")))?;
    Ok(buf.into_inner())
}
