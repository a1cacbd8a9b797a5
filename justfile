# foi: police forces' FOI answers in, traceable figures and press releases out.
# `just` lists the recipes; the README's quick start uses `report` and `test`.

set shell := ["bash", "-euo", "pipefail", "-c"]

raw := "data-raw"
store := "data/store"
reports := "reports"
foi := "target/release/foi"
# The campaign the pipeline recipes are about (a folder of data-raw/). Another: `just campaign=snapchat-2025 report kent`,
# or add `--campaign snapchat-2025` after the recipe's arguments.
campaign := env("FOI_CAMPAIGN", "tiktok-2024")

# List the recipes
default:
    @just --list --unsorted

# Read every answer in data-raw/ into the Parquet store (data/store), then list the problems found
[group('pipeline')]
ingest: build
    {{foi}} ingest --raw {{raw}} --store {{store}}
    @touch {{store}}/.ingested

# Write one force's press release PDF, e.g. `just report northamptonshire` (refused while a blocking problem is open)
[group('pipeline')]
report force *args: build typst fresh-store
    {{foi}} report "{{force}}" --campaign {{campaign}} --store {{store}} --raw {{raw}} --out {{reports}} {{args}}

# Write one force's release as it stands, marked DRAFT on every page with its open problems on page 1
[group('pipeline')]
draft force *args: build typst fresh-store
    {{foi}} report "{{force}}" --draft --campaign {{campaign}} --store {{store}} --raw {{raw}} --out {{reports}} {{args}}

# Write every force's release and the national overview
[group('pipeline')]
report-all *args: build typst fresh-store
    {{foi}} report --all --campaign {{campaign}} --store {{store}} --raw {{raw}} --out {{reports}} {{args}}

# Print every figure of one force's release with its formula and source cells
[group('pipeline')]
figures force *args: build fresh-store
    {{foi}} figures "{{force}}" --campaign {{campaign}} --store {{store}} --raw {{raw}} {{args}}

# List the open blocking problems, with their cells and the corrections.toml lines that settle them
[group('pipeline')]
review *args: build fresh-store
    {{foi}} review --campaign {{campaign}} --store {{store}} --raw {{raw}} {{args}}

# The four forces' PDF letters are copied in from ../shared (third-party files, never committed).
# The real hospital campaign: copy its letters in, ingest, write every release and the overview
[group('pipeline')]
hospital: build typst
    #!/usr/bin/env bash
    set -euo pipefail
    src=../shared/real-world/hospital-crime-2025
    [ -d "$src" ] || { echo "no $src: the hospital campaign's letters are not on this machine" >&2; exit 1; }
    command -v pdftotext >/dev/null || { echo "pdftotext not found: install poppler-utils" >&2; exit 1; }
    for dir in "$src"/*/; do
        force=$(basename "$dir")
        mkdir -p {{raw}}/hospital-crime-2025/"$force"
        # Copies, not links: ingest reads no symlink that leads out of the raw folder.
        cp "$dir"/*.pdf {{raw}}/hospital-crime-2025/"$force"/
    done
    just ingest
    {{foi}} report --all --campaign hospital-crime-2025 --store {{store}} --raw {{raw}} --out {{reports}}

# Write the review as one page (reports/review.html): each problem beside its cells
[group('pipeline')]
review-page: build fresh-store
    @mkdir -p {{reports}}
    {{foi}} review --campaign {{campaign}} --store {{store}} --raw {{raw}} --html {{reports}}/review.html

# Run the test suite (debug build; needs typst, pdftotext and chromium: .ci/run installs them)
[group('dev')]
test: typst
    cargo test --workspace

# Exactly what CI runs (.ci/run calls this after installing just): formatting, lints as errors, the tests
[group('dev')]
ci: check test

# Check formatting and lints as CI does, changing no file (`just lint` fixes the formatting)
[group('dev')]
check:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -q -- -D warnings

# Inputs are made in a temp folder: the sample campaign x1, x10, x100, a re-ingest with one file changed, a
# crime list of ROWS rows as xlsx and csv; each foi run is timed beside its floor (calamine reading every cell of
# the same spreadsheets; the csv crate splitting the csv; bare typst on the same sources, 2 at a time).
# The benchmark: foi against the floor at 1, 10 and 100 campaigns, a million-row list, the releases (~3 min)
[group('dev')]
bench rows="1000000": build typst
    cargo build --release -q -p foi-bench
    target/release/foi-bench bench {{foi}} "$(command -v typst)" {{raw}}/tiktok-2024 {{rows}}

# Time ingest and report of the sample corpus against another build (BASELINE=<git rev>; hyperfine if present)
[group('dev')]
bench-baseline: build typst
    scripts/bench.sh

# Ingested whole by the release binary and checked count by count against the generator; prints time and peak
# memory.
# A generated crime list of ROWS rows (default 1,000,000) as xlsx and csv, read and checked
[group('dev')]
big-list rows="1000000": build
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release -q -p foi-bench
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    for format in xlsx csv; do
        rm -rf "$tmp/raw" "$tmp/store"
        target/release/foi-bench list {{rows}} "$tmp/raw" $format >/dev/null
        size=$(du -h "$tmp"/raw/generated-list/*/crimes.$format | cut -f1)
        /usr/bin/time -f "$format ($size): %e s, peak %M KB" {{foi}} ingest --raw "$tmp/raw" --store "$tmp/store" >/dev/null
        target/release/foi-bench check {{rows}} "$tmp/store"
    done

# Zip bombs of gigabytes, a 200 MB CSV, a sparse 8 GB file …, mixed into a copy of the sample campaign and
# ingested by the release binary: prints each attack, time and peak memory, and the score.
# The hostile corpus at full size through ingest, review and report --all
[group('dev')]
stress: build
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release -q -p foi-bench
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/raw" && cp -r {{raw}}/tiktok-2024 "$tmp/raw/"
    /usr/bin/time -f "made the corpus in %e s" target/release/foi-bench hostile "$tmp/raw/tiktok-2024" full
    echo "on disk: $(du -sh --apparent-size "$tmp/raw" | cut -f1) (apparent), $(du -sh "$tmp/raw" | cut -f1) (allocated)"
    # Elapsed (wall clock) and maximum resident set size, as /usr/bin/time -v names them; a failure is reported,
    # never the end of the recipe, so every step is measured.
    status=0
    /usr/bin/time -f "ingest: elapsed %e s, maximum resident set size %M KB" \
        {{foi}} ingest --raw "$tmp/raw" --store "$tmp/store" > "$tmp/ingest.txt" || status=$?
    echo "ingest exit $status (its stderr above); its problems table: $(grep -c . "$tmp/ingest.txt") lines"
    [ -d "$tmp/store" ] || { echo "no store was written" >&2; exit 1; }
    /usr/bin/time -f "review: elapsed %e s, maximum resident set size %M KB" \
        {{foi}} review --campaign tiktok-2024 --raw "$tmp/raw" --store "$tmp/store" > "$tmp/review.txt" \
        && echo "review: ok, $(grep -c . "$tmp/review.txt") lines" || echo "review: failed (exit $?)"
    /usr/bin/time -f "report --all: elapsed %e s, maximum resident set size %M KB" \
        {{foi}} report --all --campaign tiktok-2024 --raw "$tmp/raw" --store "$tmp/store" --out "$tmp/reports" > /dev/null \
        && echo "report --all: ok" || echo "report --all: failed (exit $?)"
    score=../shared/tools/score_store.py
    if [ -f "$score" ] && python3 -c "import duckdb" 2>/dev/null; then
        python3 "$score" "$tmp/store/current" ../shared/samples/EXPECTED.json --statuses
    else
        echo "score skipped: needs $score and python3 -m pip install duckdb (just test scores the small corpus)"
    fi

# Targets in fuzz/fuzz_targets: every reader's entry point, the cell parsers, the table finder and detectors, the
# PDF layout, a force's answer end to end; seeds in fuzz/seeds, tests/fixtures and data-raw/tiktok-2024. A crash stops with its input in fuzz/artifacts:
# make it a regression fixture. `legacy` (calamine's xls and ods in this process, which run out of memory by
# design: ingest reads them in a child) runs only by name: `just fuzz 300 legacy`.
# Fuzz each target (or the ones named) for SECONDS (cargo fuzz, libFuzzer)
[group('dev')]
fuzz seconds="60" *targets:
    #!/usr/bin/env bash
    set -euo pipefail
    command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
    # libFuzzer's flags are nightly-only; the one stable toolchain here accepts them with RUSTC_BOOTSTRAP.
    export RUSTC_BOOTSTRAP=1
    targets="{{targets}}"
    [ -n "$targets" ] || targets=$(cargo fuzz list | grep -vx legacy)
    mkdir -p fuzz/artifacts
    for target in $targets; do
        mkdir -p fuzz/corpus/$target
        echo "== $target for {{seconds}} s (log: fuzz/artifacts/$target.log)"
        # Without -O: optimised, but overflow checks and debug assertions stay on.
        # Seeds: the target's own in fuzz/seeds, and for the file readers the fixtures and the sample answers.
        seeds=""
        [ -d fuzz/seeds/$target ] && seeds="fuzz/seeds/$target"
        case $target in read_bytes|answer|legacy) seeds="$seeds tests/fixtures data-raw/tiktok-2024" ;; esac
        if ! cargo fuzz run $target fuzz/corpus/$target $seeds -- \
            -max_total_time={{seconds}} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 > fuzz/artifacts/$target.log 2>&1; then
            tail -40 fuzz/artifacts/$target.log
            exit 1
        fi
        grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss)" fuzz/artifacts/$target.log || true
    done

# Build the release binary
[group('dev')]
build:
    cargo build --release -q -p foi-cli

# Format and lint
[group('dev')]
lint:
    cargo fmt --all
    cargo clippy --workspace --all-targets -q -- -D warnings

# Install the typst CLI when it is missing (a ~13 minute build, once)
[group('setup')]
typst:
    @command -v typst >/dev/null || { echo "typst not found: installing typst-cli (about 13 minutes, once)"; cargo install --locked typst-cli; }

# Ingest when the store is missing or older than anything in data-raw/
[group('setup')]
fresh-store: build
    @if [ ! -f {{store}}/.ingested ] || [ -n "$(find {{raw}} -newer {{store}}/.ingested -print -quit)" ]; then just ingest; fi
