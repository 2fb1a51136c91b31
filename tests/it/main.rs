//! Workspace tests, one binary.

mod compat;
mod fixtures;
mod freshness;
mod support;
mod tag_features;
mod test_kit;

mod adapter;
mod deck;
mod error_summary;
mod faults;
mod from_env;
mod markifact;
mod partoo;
mod plaid;
mod prism;
mod raw;
mod spec_workflow;
mod wire;
