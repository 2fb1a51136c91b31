//! The one test binary of `codegen` (one binary per crate, as
//! `tests/Cargo.toml` says: each binary links the whole library again).
//! One module per area, named for the stage it tests; `emit_common` and
//! `lower_support` are the helpers they share, and every test that needs IR
//! from a spec gets it from `lower_support::Lowering` (the public stages
//! `codegen::generate` runs).

// First, so that its `snapshot!` macro is in scope in every module below.
#[macro_use]
mod lower_support;

mod emit_common;

mod constructs;
mod emit_driver;
mod emit_env;
mod emit_errors;
mod emit_operations;
mod emit_reserved;
mod emit_sample;
mod emit_types;
mod fuzz;
mod hostile;
mod ir_validate;
mod load_corpus;
mod load_errors;
mod load_normalize;
mod load_optional_fields;
mod load_parse;
mod load_positions;
mod load_split;
mod lower_corpus;
mod lower_errors;
mod lower_headers;
mod lower_json_loss;
mod lower_nulls;
mod lower_operations;
mod lower_paging;
mod lower_providers;
mod lower_required_args;
mod lower_robustness;
mod lower_routing;
mod lower_types;
mod name_stability;
mod naming_props;
mod tidy;
