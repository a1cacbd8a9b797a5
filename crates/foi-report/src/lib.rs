//! Press releases: typst source from a template, data as JSON, the external `typst` CLI to make the PDF.
