//! Spec → IR: resolves `$ref`s, gives every type, operation, parameter,
//! server and credential its Rust name, and settles recursion.
//!
//! The stage runs in a fixed order, which is what makes names and ids
//! deterministic:
//!
//! 1. component schemas get their type ids (spec order) and names
//!    ([`naming::short_type_names`], then `type_renames`); renamed ones claim
//!    their name first;
//! 2. security schemes and servers;
//! 3. every operation gets its method name and reserves its own type names
//!    (`{Stem}Params`, `{Stem}Error`, `{Stem}Response` when it has several
//!    success responses) — so these never depend on inline schemas, and an
//!    inline schema that wants one of them gets a numeric suffix instead;
//! 4. component schemas are lowered (spec order), then operations (spec
//!    order); inline types get ids and names in the order they are met,
//!    named after where they stand (`{Stem}Response`, `{Stem}Body`,
//!    `{Stem}{Param}Param`, `{Component}Response` for a component response,
//!    then `{Parent}{Property}`, `…Item` for array items, `…Value` for map
//!    values, `{Union}{Variant}` for union members);
//! 5. post passes: discriminated unions are checked, type alias cycles are
//!    broken, and fields/variants that would make a type infinitely sized are
//!    marked `boxed`;
//! 6. the optional nullable fields of the types a JSON request body carries
//!    become three-state (`nulls.rs`: the one place that decides) and get
//!    their `null` setters, named after every other setter of the struct;
//! 7. a struct with more required fields than [`MAX_POSITIONAL`] gets its
//!    `{Name}Required` struct, which `new` takes (`required_args.rs`: the
//!    one rule), named after every other type;
//! 8. big APIs get one cargo feature per first tag (`features.rs`: the one
//!    place that decides, by [`GATE_MIN_OPERATIONS`]), named in order of
//!    first use, and every type the features of the operations reaching it.
//!
//! Primitive, array and map component schemas become [`ir::TypeKind::Alias`]
//! (keeping their name for docs); inline ones are used directly.

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::naming::{self, NameSet};
use crate::{ir, Document, Result};

pub use features::{TagFeatures, GATE_MIN_OPERATIONS, TLS_FEATURES};
pub use required_args::MAX_POSITIONAL;

mod boxing;
mod deprecation;
mod distribute;
mod enums;
mod features;
mod forms;
mod headers;
mod media;
mod merge;
mod nulls;
mod operation;
mod paging;
mod paging_infer;
mod params;
mod refs;
mod required_args;
mod responses;
mod sample;
mod schema;
mod schema_compose;
mod security;
mod servers;
mod summaries;
mod untagged;
mod view;

pub use paging::{DeclShape, PagingDecl, PAGING_EXTENSION};

/// Naming overrides from `providers.toml`.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// Component schema name → Rust type name.
    pub type_renames: BTreeMap<String, String>,
    /// `operationId` (or `METHOD /path` when there is none) → method name.
    pub method_renames: BTreeMap<String, String>,
    /// Operations (`operationId` or `METHOD /path`) that are safe to repeat
    /// whatever their HTTP method (a `POST` that only reads): retried like a
    /// `GET`. The spec can also say so with `x-linkgen-retry-safe: true`.
    pub retry_safe: std::collections::BTreeSet<String>,
    /// Operations (`operationId` or `METHOD /path`) → how they page, where
    /// the spec does not say (`x-linkgen-pagination`) and the inference
    /// rule would get it wrong or not at all.
    pub pagination: BTreeMap<String, paging::PagingDecl>,
    /// Whether the crate gets one cargo feature per tag: by default only
    /// big APIs do (`lower/features.rs`).
    pub tag_features: TagFeatures,
    /// The headers the crate sends with every request whatever the spec
    /// says (`providers.toml`'s `headers`): an `apiKey` security scheme in
    /// a header of one of these names is satisfied by it, so it is no
    /// credential a consumer must set (`security.rs`). Names compare
    /// case-insensitively, as HTTP header names do.
    pub fixed_headers: std::collections::BTreeSet<String>,
}

/// Builds the IR of a normalized document.
pub fn lower(doc: &Document, options: &LowerOptions) -> Result<ir::Api> {
    let mut warnings = Vec::new();
    let cleaned = security::without_unsupported_schemes(doc, &mut warnings);
    let doc = cleaned.as_ref().unwrap_or(doc);
    let api = crate::normalize::to_openapi(doc)?;
    let mut ctx = Ctx::new(doc, &api, options, warnings);
    ctx.register_components()?;
    let security_schemes = ctx.security_schemes()?;
    let servers = ctx.servers();
    let plans = ctx.plan_operations()?;
    ctx.lower_components()?;
    let mut operations = Vec::with_capacity(plans.len());
    for plan in &plans {
        operations.push(ctx.lower_operation(plan)?);
    }
    ctx.check_discriminators();
    ctx.implicit_tags();
    boxing::break_alias_cycles(&mut ctx.types, &mut ctx.warnings);
    boxing::mark_boxes(&mut ctx.types);
    mark_secrets(&mut ctx.types, &mut operations);
    nulls::mark(&operations, &mut ctx.types);
    required_args::assign(&mut ctx.types, &mut ctx.type_names);
    summaries::describe(&ctx.types, &mut operations);
    for (pointer, message) in
        paging::assign(&ctx.types, &plans, &options.pagination, &mut operations)
    {
        ctx.warn(&pointer, message);
    }
    ctx.warn_unused_renames(&plans);
    let features = features::assign(
        options.tag_features,
        &plans,
        &mut operations,
        &mut ctx.types,
    );
    let api = ir::Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        servers,
        security_schemes,
        types: ctx
            .types
            .into_iter()
            .enumerate()
            .map(|(i, def)| (ir::TypeId(i), def))
            .collect(),
        operations,
        features,
        warnings: ctx.warnings,
    };
    api.validate(doc)?;
    Ok(api)
}

/// A lowered schema use: the type, and whether `null` is allowed (carried by
/// the field or parameter, or as [`ir::TypeRef::Nullable`] in items and map
/// values).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lowered {
    pub ty: ir::TypeRef,
    pub nullable: bool,
}

impl Lowered {
    fn plain(ty: ir::TypeRef) -> Self {
        Lowered {
            ty,
            nullable: false,
        }
    }
}

/// Where a component schema's lowering stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// A component schema, registered before anything is lowered.
#[derive(Debug, Clone)]
struct Component {
    id: ir::TypeId,
    nullable: bool,
    state: State,
}

/// Everything the lowering passes share.
pub(crate) struct Ctx<'a> {
    doc: &'a Document,
    api: &'a OpenAPI,
    options: &'a LowerOptions,
    /// Types by id (index).
    types: Vec<ir::TypeDef>,
    /// Every type name of the crate, operation types included.
    type_names: NameSet,
    /// Component schemas by spec name, in spec order.
    components: IndexMap<String, Component>,
    /// Inline named types and deep `$ref` targets, by schema pointer, so a
    /// schema shared by several uses (a component response, a path-level
    /// parameter) becomes one type.
    cache: HashMap<String, Lowered>,
    /// Deep `$ref` targets being lowered (recursion guard).
    in_progress: HashSet<String>,
    /// How deeply `lower_schema` calls are nested (stack guard).
    depth: usize,
    /// The struct two `allOf` definitions of one property merged into, by
    /// the pair (`merge.rs`): made once, so recursive types stay finite.
    merged: HashMap<(ir::TypeId, ir::TypeId), ir::TypeId>,
    /// Supported security scheme keys.
    scheme_keys: HashSet<String>,
    /// Scheme keys a fixed header satisfies ([`LowerOptions::fixed_headers`]):
    /// dropped from every requirement, never a credential.
    satisfied_keys: HashSet<String>,
    warnings: Vec<ir::Warning>,
    /// (pointer, message) of the warnings already given.
    warned: HashSet<(String, String)>,
}

impl<'a> Ctx<'a> {
    fn new(
        doc: &'a Document,
        api: &'a OpenAPI,
        options: &'a LowerOptions,
        warnings: Vec<ir::Warning>,
    ) -> Self {
        let mut type_names = NameSet::new("");
        for reserved in naming::RESERVED_TYPE_NAMES {
            type_names.reserve(reserved);
        }
        Ctx {
            doc,
            api,
            options,
            types: Vec::new(),
            type_names,
            components: IndexMap::new(),
            cache: HashMap::new(),
            in_progress: HashSet::new(),
            depth: 0,
            merged: HashMap::new(),
            scheme_keys: HashSet::new(),
            satisfied_keys: HashSet::new(),
            warned: warnings
                .iter()
                .map(|w| (w.pointer.clone(), w.message.clone()))
                .collect(),
            warnings,
        }
    }

    /// Records a warning (once per pointer and message).
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        let warning = ir::Warning {
            pointer: pointer.to_string(),
            message: message.into(),
        };
        if self
            .warned
            .insert((warning.pointer.clone(), warning.message.clone()))
        {
            self.warnings.push(warning);
        }
    }

    /// The type with this id.
    fn def(&self, id: ir::TypeId) -> Option<&ir::TypeDef> {
        self.types.get(id.0)
    }

    /// Sets the kind of a type allocated earlier.
    fn set_kind(&mut self, id: ir::TypeId, kind: ir::TypeKind) {
        if let Some(def) = self.types.get_mut(id.0) {
            def.kind = kind;
        }
    }

    /// Makes `id` a struct of `fields` (named already); whether `new` takes
    /// a required-fields struct is decided once all types are lowered
    /// (`required_args.rs`).
    fn set_struct(
        &mut self,
        id: ir::TypeId,
        fields: Vec<ir::Field>,
        additional: Option<ir::TypeRef>,
    ) {
        let kind = ir::TypeKind::Struct(ir::Struct {
            fields,
            additional,
            required_args: None,
        });
        self.set_kind(id, kind);
    }

    /// Allocates a new type named after `hint` (made valid and unique).
    fn alloc_type(
        &mut self,
        hint: &str,
        origin: &str,
        data: Option<&openapiv3::SchemaData>,
    ) -> ir::TypeId {
        let name = self
            .type_names
            .claim(&naming::type_ident(hint, self.types.len() + 1));
        self.push_type(name, origin, data)
    }

    fn push_type(
        &mut self,
        name: String,
        origin: &str,
        data: Option<&openapiv3::SchemaData>,
    ) -> ir::TypeId {
        let id = ir::TypeId(self.types.len());
        self.types.push(ir::TypeDef {
            name,
            origin: origin.to_string(),
            doc: data.and_then(schema::type_doc),
            example: data.and_then(|d| d.example.as_ref()).map(render_json),
            deprecated: deprecation::deprecation(
                data.is_some_and(|d| d.deprecated),
                data.and_then(|d| d.description.as_deref()),
            ),
            kind: ir::TypeKind::Alias(ir::TypeRef::Json),
            features: Vec::new(),
        });
        id
    }

    /// Registers every component schema: id (spec order), name, nullability.
    fn register_components(&mut self) -> Result<()> {
        let Some(components) = self.api.components.as_ref() else {
            return Ok(());
        };
        let keys: Vec<&str> = components.schemas.keys().map(String::as_str).collect();
        let short = naming::short_type_names(&keys);
        // Renamed components claim their names first: an explicit choice
        // wins over a derived one.
        let mut names: Vec<Option<String>> = vec![None; keys.len()];
        for (i, key) in keys.iter().enumerate() {
            if let Some(rename) = self.options.type_renames.get(*key) {
                let ident = naming::type_ident(rename, i + 1);
                names[i] = Some(self.type_names.claim(&ident));
            }
        }
        for (i, base) in short.iter().enumerate() {
            if names[i].is_none() {
                names[i] = Some(self.type_names.claim(base));
            }
        }
        for (i, (key, schema)) in components.schemas.iter().enumerate() {
            let pointer = refs::pointer(&["components", "schemas", key]);
            let data = match schema {
                openapiv3::ReferenceOr::Item(s) => Some(&s.schema_data),
                openapiv3::ReferenceOr::Reference { .. } => None,
            };
            let name = names.get_mut(i).and_then(Option::take).unwrap_or_default();
            let id = self.push_type(name, &pointer, data);
            self.components.insert(
                key.clone(),
                Component {
                    id,
                    nullable: false,
                    state: State::Pending,
                },
            );
        }
        // Nullability, through ref chains (which also reports broken refs
        // and pure ref cycles early, at the component that holds them).
        for (key, schema) in &components.schemas {
            let pointer = refs::pointer(&["components", "schemas", key]);
            let (resolved, _) = self.resolve_schema(schema.into(), &pointer)?;
            let nullable = view::shallow_nullable(&resolved);
            if let Some(component) = self.components.get_mut(key) {
                component.nullable = nullable;
            }
        }
        Ok(())
    }

    /// Lowers every component schema, in spec order. A component's
    /// nullability is the one its lowering found: a reference met before
    /// that (a forward or recursive one) got the registered first look,
    /// which misses e.g. `allOf: [$ref: NullableBar]`; those references are
    /// made nullable here.
    fn lower_components(&mut self) -> Result<()> {
        let first_look: Vec<bool> = self.components.values().map(|c| c.nullable).collect();
        for index in 0..self.components.len() {
            self.ensure_component(index)?;
        }
        let late: HashSet<ir::TypeId> = self
            .components
            .values()
            .zip(first_look)
            .filter(|(c, first)| c.nullable && !first)
            .map(|(c, _)| c.id)
            .collect();
        if late.is_empty() {
            return Ok(());
        }
        let is_late = |ty: &ir::TypeRef| matches!(ty, ir::TypeRef::Named(id) if late.contains(id));
        for def in &mut self.types {
            match &mut def.kind {
                ir::TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        if is_late(&field.ty) {
                            field.nullable = true;
                        } else {
                            nullable_inside(&mut field.ty, &is_late);
                        }
                    }
                    if let Some(additional) = s.additional.take() {
                        // A map value: wrapped like one.
                        let mut map = ir::TypeRef::Map(Box::new(additional));
                        nullable_inside(&mut map, &is_late);
                        if let ir::TypeRef::Map(value) = map {
                            s.additional = Some(*value);
                        }
                    }
                }
                ir::TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        nullable_inside(&mut variant.ty, &is_late);
                    }
                }
                ir::TypeKind::Alias(ty) => nullable_inside(ty, &is_late),
                ir::TypeKind::StringEnum(_) | ir::TypeKind::IntEnum(_) => {}
            }
        }
        Ok(())
    }

    fn warn_unused_renames(&mut self, plans: &[operation::Plan]) {
        let unused: Vec<String> = self
            .options
            .type_renames
            .keys()
            .filter(|k| !self.components.contains_key(*k))
            .cloned()
            .collect();
        for key in unused {
            self.warn("", format!("type_renames: no component schema `{key}`"));
        }
        let options = self.options;
        let unused = unused_keys(options.method_renames.keys(), plans, |p| &p.rename_key);
        for key in unused {
            self.warn("", format!("method_renames: no operation `{key}`"));
        }
        let unused = unused_keys(options.retry_safe.iter(), plans, |p| &p.retry_safe_key);
        for key in unused {
            self.warn("", format!("retry_safe: no operation `{key}`"));
        }
        let unused = unused_keys(options.pagination.keys(), plans, |p| &p.paging_key);
        for key in unused {
            self.warn("", format!("pagination: no operation `{key}`"));
        }
    }
}

/// The per-operation option keys that named no operation.
fn unused_keys<'k, 'p>(
    keys: impl Iterator<Item = &'k String>,
    plans: &'p [operation::Plan<'p>],
    used_key: impl Fn(&'p operation::Plan<'p>) -> &'p Option<String>,
) -> Vec<&'k String> {
    let used: HashSet<&str> = plans
        .iter()
        .filter_map(|p| used_key(p).as_deref())
        .collect();
    keys.filter(|k| !used.contains(k.as_str())).collect()
}

/// Marks the fields and parameters that hold credentials (once every type
/// is known, so a `$ref` to a string alias such as `AccessToken` counts).
fn mark_secrets(types: &mut [ir::TypeDef], operations: &mut [ir::Operation]) {
    let mut secret_fields = Vec::new();
    for (t, def) in types.iter().enumerate() {
        if let ir::TypeKind::Struct(s) = &def.kind {
            for (f, field) in s.fields.iter().enumerate() {
                if is_secret(types, &field.wire_name, &field.ty) {
                    secret_fields.push((t, f));
                }
            }
        }
    }
    for (t, f) in secret_fields {
        if let Some(ir::TypeKind::Struct(s)) = types.get_mut(t).map(|d| &mut d.kind) {
            if let Some(field) = s.fields.get_mut(f) {
                field.secret = true;
            }
        }
    }
    for op in operations {
        for param in &mut op.params {
            param.secret = is_secret(types, &param.wire_name, &param.ty);
        }
    }
}

/// Whether a field or parameter holds a credential: a credential-like name
/// ([`naming::is_secret_name`]) on a string, type aliases resolved.
fn is_secret(types: &[ir::TypeDef], wire: &str, ty: &ir::TypeRef) -> bool {
    matches!(through_aliases(types, ty), ir::TypeRef::String) && naming::is_secret_name(wire)
}

/// What `ty` stands for once type aliases and `Nullable` wrappers are seen
/// through: a primitive, a container, or a named non-alias type.
pub(crate) fn through_aliases<'t>(
    types: &'t [ir::TypeDef],
    ty: &'t ir::TypeRef,
) -> &'t ir::TypeRef {
    // Alias cycles are broken before anything asks.
    crate::ir_walk::unalias(types, ty, crate::ir_walk::Through::AliasesAndNull).unwrap_or(ty)
}

/// Wraps in `Option` the array items and map values inside `ty` that
/// `late` says may be null.
fn nullable_inside(ty: &mut ir::TypeRef, late: &dyn Fn(&ir::TypeRef) -> bool) {
    match ty {
        ir::TypeRef::Array(inner) | ir::TypeRef::Map(inner) => {
            if late(inner) {
                let named = std::mem::replace(&mut **inner, ir::TypeRef::Unit);
                **inner = ir::TypeRef::Nullable(Box::new(named));
            } else {
                nullable_inside(inner, late);
            }
        }
        ir::TypeRef::Nullable(inner) => nullable_inside(inner, late),
        _ => {}
    }
}

/// A JSON value as compact JSON text.
fn render_json(value: &serde_json::Value) -> String {
    value.to_string()
}
