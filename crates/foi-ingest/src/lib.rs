//! Reads FOI responses.
