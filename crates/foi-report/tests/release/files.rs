//! The files a release writes beside each other, and the errors that stop it.

use super::*;

#[test]
fn inputs_are_written_beside_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let r = write_force_inputs(&out(dir.path()), &campaign(), &rising(), Publish::FinalOnly).unwrap();
    // Each force's pack in a folder of its own.
    assert_eq!(r.typ, dir.path().join("tiktok-2024/northamptonshire/northamptonshire.typ"));
    assert_eq!(fs_err::read_to_string(&r.typ).unwrap(), typst_source());
    let json: serde_json::Value = serde_json::from_slice(&fs_err::read(&r.json).unwrap()).unwrap();
    assert_eq!(json["local"]["headline"], r.headline);
    assert_eq!(json["figures"]["force"], "northamptonshire");
    let csv = fs_err::read_to_string(&r.figures_csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["id", "status", "label", "value", "lower_bound", "formula", "period", "base", "sources"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), printed_figures(&rising()).len());
    let total = rows.iter().find(|r| &r[0] == "total").unwrap();
    assert_eq!(&total[1], "final");
    assert_eq!(&total[3], "252");
    assert_eq!(&total[8], "northamptonshire/FOI-2549-24.xlsx [Q1]!B2; northamptonshire/FOI-2549-24.xlsx [Q1]!B3; northamptonshire/FOI-2549-24.xlsx [Q1]!B4");
    let leftovers: Vec<_> = fs_err::read_dir(dir.path().join("tiktok-2024/northamptonshire"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn unsafe_slugs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for slug in ["../etc", "a/b", "", "National", "national-overview", "-x"] {
        let mut f = rising();
        f.force = slug.into();
        assert!(
            matches!(
                write_force_inputs(&out(dir.path()), &campaign(), &f, Publish::FinalOnly),
                Err(ReportError::BadSlug(_))
            ),
            "{slug:?}"
        );
    }
}

#[test]
fn a_missing_typst_is_reported_with_the_install_command() {
    let dir = tempfile::tempdir().unwrap();
    for program in ["/nonexistent/bin/typst", "foi-no-such-typst-binary"] {
        let err = render_force_with(&Typst::new(program), &out(dir.path()), &campaign(), &rising(), Publish::FinalOnly)
            .unwrap_err();
        assert!(matches!(err, ReportError::TypstMissing { .. }), "{program}: {err:?}");
        assert_eq!(err.to_string(), "typst not found: install it with `cargo install --locked typst-cli`");
    }
}
