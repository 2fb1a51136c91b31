//! Clients generated from the fixture specs of `tests/wire/` against a local
//! server: what each construct puts on the wire, byte for byte, and what
//! comes back typed.

mod bodies;
mod body_choice;
mod callshape;
mod constructs;
mod events;
mod headers;
mod json_loss;
mod paging;
mod patch;
mod routing;
