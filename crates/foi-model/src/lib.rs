//! The shared vocabulary of foi.
//!
//! Every stage speaks these types: ingest produces [`Observation`]s, [`Response`]s and [`Problem`]s, the store
//! persists them, analysis reads them back. Nothing here does I/O beyond reading a campaign file, and nothing
//! here knows a file format.

pub mod campaign;
pub mod corrections;
mod observation;
mod period;
mod problem;
mod reference;
pub mod vocabulary;

pub use campaign::{Asked, Campaign, CampaignError, Periods, Question, Quote, Release, Shape};
pub use corrections::{CellRange, Corrections, CorrectionsError, Orientation};
pub use observation::{Evidence, Observation, Response, ResponseStatus, SourceRef, ValueStatus, MAX_COUNT};
pub use period::{Period, PeriodBasis};
pub use problem::{Problem, ProblemKind, Region, Severity};
pub use reference::{normalise, Force, Reference};
pub use vocabulary::{
    builtin_vocabularies, CategoryMatch, Entry, Highlight, Level, MostOften, Subgroup, TableStyle, Vocabulary,
};
