//! Answers the press-release questions with lazy polars queries over the store.

mod figures;

pub use figures::*;
