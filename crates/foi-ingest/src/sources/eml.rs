//! Emails (.eml): the body is a letter (and may hold tables); attachments are read as files of their own.

use mail_parser::{MessageParser, MimeHeaders};

use super::archive::MAX_DEPTH;
use super::{html::check_shape, html::flow_html, read_nested, Document, Limits, NoteKind, ReadError, ReadNote};

pub fn read(file: &str, bytes: &[u8], depth: usize, limits: &Limits) -> Result<Vec<Document>, ReadError> {
    let msg = MessageParser::default().parse(bytes).ok_or_else(|| ReadError::Corrupt("not a readable email".into()))?;
    let mut doc = Document { file: file.to_string(), kind: "eml", ..Default::default() };
    doc.sent = msg.date().and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32));
    if let Some(subject) = msg.subject() {
        doc.prose.push(subject.to_string());
    }
    if let Some(html) = msg.body_html(0).filter(|_| msg.html_body_count() > 0 && msg.text_body_count() == 0) {
        match check_shape(&html) {
            Ok(()) => {
                let (sheet, prose) = flow_html(&html);
                doc.sheets.push(sheet);
                doc.prose.extend(prose);
            }
            Err(e) => doc.notes.push(ReadNote::new("body", NoteKind::Unreadable, format!("HTML body {e}"))),
        }
    } else if let Some(text) = msg.body_text(0) {
        doc.prose.extend(
            text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()),
        );
    }
    let mut out = Vec::new();
    for (i, part) in msg.attachments().enumerate() {
        let name = part.attachment_name().map(str::to_string).unwrap_or_else(|| format!("attachment-{}", i + 1));
        let inner = format!("{file}/{name}");
        if depth >= MAX_DEPTH {
            doc.notes.push(ReadNote::new(name, NoteKind::Unreadable, "attachment nested too deeply; not read"));
            continue;
        }
        let bytes: Vec<u8> = match part.message() {
            Some(m) => m.raw_message().to_vec(),
            None => part.contents().to_vec(),
        };
        match read_nested(&inner, &bytes, depth + 1, limits) {
            Ok(docs) => out.extend(docs),
            Err(e) => doc.notes.push(ReadNote::new(name, NoteKind::Unreadable, format!("attachment not read: {e}"))),
        }
    }
    out.insert(0, doc);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_body_date_and_csv_attachment() {
        let eml = b"From: foi@force.example\r\nTo: desk@example.org\r\nSubject: FOI 1/24\r\nDate: Fri, 19 Jul 2024 10:14:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease find attached.\r\n--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"q1.csv\"\r\n\r\nYear,Count\r\n2021/22,4\r\n--b--\r\n";
        let docs = read("a.eml", eml, 0, &Limits::default()).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sent, chrono::NaiveDate::from_ymd_opt(2024, 7, 19));
        assert!(docs[0].prose.iter().any(|p| p.contains("Please find attached")));
        assert_eq!(docs[1].file, "a.eml/q1.csv");
        assert_eq!(docs[1].sheets[0].rows[1][1], crate::grid::Cell::Text("4".into()));
    }
}
