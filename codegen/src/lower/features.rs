//! Cargo features per tag: whether an API is gated at all (the one place
//! that decides, [`gated`]), each operation's feature (its first tag), and
//! each type's features (the gated operations that reach it), so a consumer
//! of a huge API compiles only the tags it uses.

use std::collections::{BTreeMap, BTreeSet};

use super::operation::Plan;
use crate::ir::{self, TypeId, TypeRef};
use crate::ir_walk;
use crate::naming::{self, NameSet};

/// Fewest operations for which an API is gated by default. Below it a clean
/// build of the whole client takes a few seconds, so features would only
/// add `cfg` noise and a manifest table; the specs that need them (GitHub's
/// ~730 operations, ~75 s to build) are far above it.
pub const GATE_MIN_OPERATIONS: usize = 100;

/// Whether the generated crate gets one cargo feature per tag
/// ([`super::LowerOptions::tag_features`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagFeatures {
    /// When the API has at least [`GATE_MIN_OPERATIONS`] operations and
    /// at least two distinct first tags.
    #[default]
    Auto,
    /// Whenever some operation has a tag (tests force it on small specs).
    Always,
    /// Never.
    Never,
}

/// Feature names no tag may take: cargo's `default`, `full`, which enables
/// every tag, and `test-util`, which enables the runtime's fake server (and
/// the TLS backends of [`TLS_FEATURES`]).
const RESERVED: &[&str] = &["default", "full", "test-util"];

/// The TLS backends every generated crate forwards to the runtime's
/// features of the same names, the default first (rustls with aws-lc-rs,
/// then with ring, then the platform's TLS through `native-tls`).
pub const TLS_FEATURES: [&str; 3] = ["rustls-aws-lc-rs", "rustls-ring", "native-tls"];

/// Whether an API with `operations` operations and `tags` distinct first
/// tags is gated.
fn gated(choice: TagFeatures, operations: usize, tags: usize) -> bool {
    match choice {
        TagFeatures::Auto => operations >= GATE_MIN_OPERATIONS && tags >= 2,
        TagFeatures::Always => tags >= 1,
        TagFeatures::Never => false,
    }
}

/// Sets [`ir::Operation::feature`] and [`ir::TypeDef::features`], and
/// returns the crate's features in order of first use (empty when the API
/// is not gated). `plans` and `operations` are in the same order.
pub(super) fn assign(
    choice: TagFeatures,
    plans: &[Plan<'_>],
    operations: &mut [ir::Operation],
    types: &mut [ir::TypeDef],
) -> Vec<ir::Feature> {
    let first_tags: Vec<Option<&String>> = plans.iter().map(|p| p.operation.tags.first()).collect();
    let mut features: Vec<ir::Feature> = Vec::new();
    let mut by_tag: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names = NameSet::new("-");
    for reserved in RESERVED.iter().chain(&TLS_FEATURES) {
        names.reserve(reserved);
    }
    for tag in first_tags.iter().flatten() {
        if by_tag.contains_key(tag.as_str()) {
            continue;
        }
        by_tag.insert(tag, features.len());
        features.push(ir::Feature {
            name: names.claim(&naming::feature_name(tag, features.len() + 1)),
            tag: (*tag).clone(),
            operations: 0,
        });
    }
    if !gated(choice, operations.len(), features.len()) {
        return Vec::new();
    }
    // Types each feature's operations reach, and those ungated ones reach.
    let mut reached: Vec<BTreeSet<TypeId>> = vec![BTreeSet::new(); features.len()];
    let mut always = BTreeSet::new();
    for (op, tag) in operations.iter_mut().zip(&first_tags) {
        let index = tag.and_then(|t| by_tag.get(t.as_str()).copied());
        let seen = match index {
            Some(i) => {
                features[i].operations += 1;
                op.feature = Some(features[i].name.clone());
                &mut reached[i]
            }
            None => &mut always,
        };
        for (ty, _) in ir_walk::operation_types(op) {
            ir_walk::reach(&*types, ty, seen);
        }
    }
    // A type no operation uses is always compiled, and so is everything it
    // holds (it would not compile without them).
    let unused: Vec<TypeId> = (0..types.len())
        .map(TypeId)
        .filter(|id| !reached.iter().any(|r| r.contains(id)))
        .collect();
    for id in unused {
        ir_walk::reach(&*types, &TypeRef::Named(id), &mut always);
    }
    for (i, def) in types.iter_mut().enumerate() {
        let id = TypeId(i);
        if always.contains(&id) {
            continue;
        }
        let mut names: Vec<String> = features
            .iter()
            .zip(&reached)
            .filter(|(_, r)| r.contains(&id))
            .map(|(f, _)| f.name.clone())
            .collect();
        names.sort();
        def.features = names;
    }
    features
}
