//! Clients generated from the fixture specs of `tests/wire/` against a local
//! server: what each construct puts on the wire, byte for byte, and what
//! comes back typed.

mod bodies;
mod callshape;
mod json_loss;
mod patch;
mod routing;
