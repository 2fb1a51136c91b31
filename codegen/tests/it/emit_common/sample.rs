//! One API exercising every construct, for the checks of emitted code:
//! `fixtures/emit/sample.yaml`, lowered.
use codegen::ir::Api;
use codegen::Document;

use crate::lower_support::Lowering;

/// `fixtures/emit/sample.yaml`, loaded.
pub fn document() -> Document {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emit/sample.yaml");
    codegen::load::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Its IR.
pub fn sample() -> Api {
    Lowering::loaded(document()).api()
}
