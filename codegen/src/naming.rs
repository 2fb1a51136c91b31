//! Rust names for spec names. (stub)
