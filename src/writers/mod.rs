//! The writers: each turns the rendered document into one output format's bytes.

pub mod pdf;
