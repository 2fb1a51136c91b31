//! Workspace tests, one binary.

mod freshness;
mod fixtures;
