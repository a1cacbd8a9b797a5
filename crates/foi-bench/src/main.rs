//! `foi-bench list ROWS DIR [xlsx|csv]`: write a generated campaign with one force's crime list of ROWS rows
//! under DIR (a raw folder). `foi-bench check ROWS STORE`: compare what a store holds for that campaign with the
//! counts the generator made, and fail on any difference. `foi-bench hostile CAMPAIGN_DIR [small|full]`: add the
//! hostile corpus to a copy of a campaign folder and list its attacks.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use foi_bench::crime_list;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["hostile", dir, rest @ ..] => {
            let scale = match rest.first().copied().unwrap_or("small") {
                "full" => foi_bench::hostile::Scale::Full,
                "small" => foi_bench::hostile::Scale::Small,
                other => {
                    eprintln!("scale is small or full, not {other:?}");
                    return ExitCode::from(2);
                }
            };
            match foi_bench::hostile::generate(std::path::Path::new(dir), scale) {
                Ok(attacks) => {
                    for a in attacks {
                        println!("{}\t{}", a.path.escape_debug(), a.what);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("cannot write the hostile corpus into {dir}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["list", rows, dir, rest @ ..] => {
            let Some(rows) = whole_number(rows) else { return ExitCode::from(2) };
            let format = rest.first().copied().unwrap_or("xlsx");
            let campaign = PathBuf::from(dir).join("generated-list");
            let force = campaign.join("northamptonshire");
            let (crimes, expected) = crime_list::generate(rows);
            let written =
                crime_list::write_campaign(&campaign).and_then(|_| fs_err::create_dir_all(&force)).and_then(|_| {
                    match format {
                        "csv" => crime_list::write_csv(&force.join("crimes.csv"), &crimes),
                        _ => crime_list::write_xlsx(&force.join("crimes.xlsx"), &crimes),
                    }
                });
            if let Err(e) = written {
                eprintln!("cannot write the list: {e}");
                return ExitCode::FAILURE;
            }
            println!(
                "{} crimes in the years asked, {} outside",
                expected.by_year.values().sum::<i64>(),
                expected.outside
            );
            ExitCode::SUCCESS
        }
        ["check", rows, store] => {
            let Some(rows) = whole_number(rows) else { return ExitCode::from(2) };
            let (_, mut expected) = crime_list::generate(rows);
            expected.outside = 0;
            let got = foi_store::Store::open(std::path::Path::new(store))
                .and_then(|s| s.read_observations("generated-list"))
                .map_err(|e| e.to_string())
                .and_then(|obs| crime_list::stored(&obs));
            match got {
                Ok(got) if got == expected => {
                    let total: i64 = got.by_year.values().sum();
                    println!(
                        "exact: {total} crimes in the years asked, {} offence and {} outcome counts equal the generator's",
                        got.by_offence.len(),
                        got.by_outcome.len()
                    );
                    ExitCode::SUCCESS
                }
                Ok(got) => {
                    eprintln!("the store differs from the list:\n expected {expected:?}\n stored   {got:?}");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("cannot read the store: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: foi-bench list ROWS DIR [xlsx|csv] | foi-bench check ROWS STORE | foi-bench hostile CAMPAIGN_DIR [small|full]"
            );
            ExitCode::from(2)
        }
    }
}

/// ROWS as written on the command line ("1_000_000" too); `None` after saying why.
fn whole_number(rows: &str) -> Option<usize> {
    let n = rows.replace('_', "").parse().ok();
    if n.is_none() {
        eprintln!("ROWS must be a whole number, not {rows:?}");
    }
    n
}
