//! Inputs made to measure: a crime list of any length written as xlsx or csv, with the counts a correct ingest
//! must store, computed here as the rows are made (never by the code under test).

pub mod bench;
pub mod crime_list;
pub mod hostile;
