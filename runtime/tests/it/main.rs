//! The runtime's integration tests, one binary: each module a behaviour of the engine
//! against a real local HTTP server (wiremock) or a transport of its own.

mod auth;
mod common;
mod decode_and_redaction;
mod logs;
mod retries;
mod routing;
mod send_review;
mod shared;
mod transport;
mod untagged;
mod wire;
