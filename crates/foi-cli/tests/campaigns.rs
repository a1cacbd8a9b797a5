//! Choosing the campaign: `--campaign`, else the only one in the store, else the most recently sent, said aloud.

mod common;

use common::*;

/// A desk holding the TikTok campaign and a later copy of it under another slug, both ingested.
fn two_campaigns() -> Desk {
    let desk = Desk::new(&[("kent", &["misreads/group_subtotals.xlsx"])]);
    let later = desk.raw.join("later-2025");
    fs_err::create_dir_all(later.join("kent")).unwrap();
    let toml = fs_err::read_to_string(desk.raw.join("tiktok-2024/campaign.toml")).unwrap();
    let toml = toml.replace("slug = \"tiktok-2024\"", "slug = \"later-2025\"").replace("2024-05-01", "2025-06-01");
    assert!(toml.contains("later-2025") && toml.contains("2025-06-01"));
    fs_err::write(later.join("campaign.toml"), toml).unwrap();
    fs_err::copy(desk.raw.join("tiktok-2024/request.txt"), later.join("request.txt")).unwrap();
    fs_err::copy(root().join("tests/fixtures/misreads/group_subtotals.xlsx"), later.join("kent/group_subtotals.xlsx"))
        .unwrap();
    desk.ingest(&[]);
    desk
}

fn figures(desk: &Desk, extra: &[&str]) -> (bool, String, String) {
    let mut args: Vec<String> = vec!["figures".into(), "kent".into()];
    args.extend(desk.paths());
    args.extend(extra.iter().map(|s| s.to_string()));
    let out = desk.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn the_most_recent_campaign_is_the_default_and_is_named() {
    let desk = two_campaigns();
    let (ok, _, err) = figures(&desk, &[]);
    assert!(ok, "{err}");
    assert!(
        err.contains("campaign: later-2025 (the most recent of 2 in the store, sent 2025-06-01); choose another with --campaign tiktok-2024"),
        "{err}"
    );

    let (ok, _, err) = figures(&desk, &["--campaign", "tiktok-2024"]);
    assert!(ok && !err.contains("campaign:"), "a chosen campaign needs no note: {err}");

    // The last --campaign wins (the justfile passes a default before the user's own).
    let (ok, out, _) = figures(&desk, &["--campaign", "later-2025", "--campaign", "tiktok-2024"]);
    assert!(ok && out.contains("tiktok-2024"), "{out}");
}

#[test]
fn an_unknown_campaign_lists_the_ones_there_are() {
    let desk = two_campaigns();
    let (ok, _, err) = figures(&desk, &["--campaign", "tiktok-2025"]);
    assert!(!ok);
    assert!(err.contains("no campaign \"tiktok-2025\"") && err.contains("later-2025, tiktok-2024"), "{err}");
}
