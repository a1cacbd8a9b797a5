//! Snapshots of the data the template prints.

use super::*;

#[test]
fn snapshot_rising_force() {
    insta::assert_json_snapshot!("rising_force", release_data(&campaign(), &rising()));
}

#[test]
fn snapshot_small_force() {
    insta::assert_json_snapshot!("small_force", release_data(&campaign(), &small()));
}

#[test]
fn snapshot_refused_force() {
    insta::assert_json_snapshot!("refused_force", release_data(&campaign(), &refused()));
}

#[test]
fn snapshot_overview() {
    insta::assert_json_snapshot!("national_overview", overview_data(&campaign(), &fixtures::national()));
}

/// The email-body form of a release: the same data as the PDF, laid out as text.
#[test]
fn snapshot_rising_force_as_text() {
    insta::assert_snapshot!("rising_force_text", foi_report::release_text(&release_data(&campaign(), &rising())));
}

/// A dateline, contacts and a right-of-reply line from the campaign file appear where a press office puts them.
#[test]
fn release_metadata_is_printed_by_every_form() {
    let mut c = campaign();
    c.release.dateline = Some("London".into());
    c.release.right_of_reply = Some("Each force was sent its figures and invited to comment.".into());
    c.release.contacts = vec![foi_model::campaign::Contact {
        name: "Press office".into(),
        role: Some("Legal Expert".into()),
        email: Some("press@example.org".into()),
        phone: None,
    }];
    let data = release_data(&c, &rising());
    let text = foi_report::release_text(&data);
    let html = foi_report::release_html(&data);
    assert!(text.contains(&format!("LONDON, Monday 5 August 2024 — {}", data.local.standfirst)), "{text}");
    assert!(text.contains("Contact: Press office, Legal Expert — press@example.org"), "{text}");
    assert!(text.contains("Each force was sent its figures and invited to comment."), "{text}");
    assert!(html.contains("<span class=\"dateline\">LONDON, Monday 5 August 2024</span>"), "{html}");
    assert!(html.contains("Contact: Press office, Legal Expert — press@example.org"), "{html}");
    // Answer text is data in HTML too: markup from a cell is shown, never parsed.
    c.release.organisation = "<script>alert(1)</script>".into();
    let html = foi_report::release_html(&release_data(&c, &rising()));
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
}
