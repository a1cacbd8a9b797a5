//! The binaries are linked at a fixed address on Linux (see `build.rs`): a position-independent `foi` spends
//! ~2 ms of every start applying relocations.

/// ELF `e_type` of a binary: 2 is a fixed-address executable, 3 a position-independent one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn elf_type(path: &str) -> u16 {
    let bytes = fs_err::read(path).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF", "{path} is an ELF file");
    u16::from_le_bytes([bytes[16], bytes[17]])
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn foi_and_its_reader_are_linked_at_a_fixed_address() {
    if option_env!("FOI_PIE") == Some("1") {
        eprintln!("skipped: built with FOI_PIE=1");
        return;
    }
    for bin in [env!("CARGO_BIN_EXE_foi"), env!("CARGO_BIN_EXE_foi-read")] {
        assert_eq!(elf_type(bin), 2, "{bin} should be ET_EXEC, not a position-independent executable");
    }
}
