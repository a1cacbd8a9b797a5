//! Link `foi` and `foi-read` as position-dependent executables on Linux.
//!
//! A position-independent `foi` (rustc's default) carries ~146,000 relative relocations, mostly polars'
//! tables of function pointers, which the loader applies at every start by writing to ~700 pages of the
//! binary: ~2 ms of a 40 ms ingest of one campaign, and of every `foi-read` child an ingest starts for an xls
//! or ods file. At a fixed address those pointers are final in the file and only the pages used are read.
//! The trade: the two binaries' own code is not moved by address-space randomisation (the heap, the stack and
//! the shared libraries still are). `FOI_PIE=1` at build time keeps the default.

fn main() {
    println!("cargo:rerun-if-env-changed=FOI_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let keep_pie = std::env::var_os("FOI_PIE").is_some_and(|v| v == "1");
    // GNU toolchains only: `-no-pie` is a flag of the gcc/clang driver rustc links through there.
    if os == "linux" && env == "gnu" && !keep_pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
