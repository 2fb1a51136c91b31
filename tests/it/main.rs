//! Workspace tests, one binary.

mod freshness;
