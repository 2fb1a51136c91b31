//! Hand-built surfaces for the rule engine's unit tests: items, their wire
//! facts, and a comparison of two surfaces.

use codegen::ir::{HttpMethod, PathTemplate};
use codegen::surface::wire::{self, Status};
use codegen::surface::{
    Arg, Direction, Item, Kind, Method, Receiver, Signature, Surface, Type, Wire,
};
use codegen::GeneratedFile;

use crate::{compare, ChangeKind, Side};

pub(crate) fn item(path: &str, kind: Kind, origin: &str, signature: Signature, wire: Wire) -> Item {
    Item {
        path: path.into(),
        kind,
        origin: origin.into(),
        signature,
        wire,
        required: false,
        direction: Direction::Request,
        deprecated: None,
        doc: None,
        features: Vec::new(),
    }
}

/// The item of `items` whose Rust path is `path`, to change it.
pub(crate) fn item_mut<'a>(items: &'a mut [Item], path: &str) -> &'a mut Item {
    (items.iter_mut())
        .find(|i| i.path == path)
        .unwrap_or_else(|| panic!("no item `{path}`"))
}

/// `String`.
pub(crate) fn string() -> Type {
    Type::path("String")
}

/// `Option<T>`.
pub(crate) fn option(ty: Type) -> Type {
    Type::generic("Option", vec![ty])
}

/// `linkgen_runtime::Nullable<T>`.
pub(crate) fn nullable(ty: Type) -> Type {
    Type::generic("linkgen_runtime::Nullable", vec![ty])
}

/// A field's or parameter's signature: its type.
pub(crate) fn ty(ty: Type) -> Signature {
    Signature::Type(ty)
}

/// A `Client` method's signature: `(&self, name: T…) -> output`.
pub(crate) fn method(args: &[(&str, Type)], output: Type) -> Signature {
    Signature::Method(Method {
        receiver: Receiver::Ref,
        args: (args.iter())
            .map(|(name, ty)| Arg {
                name: (*name).to_owned(),
                ty: ty.clone(),
            })
            .collect(),
        output,
    })
}

/// A field's wire facts: a string, neither nullable nor defaulted.
pub(crate) fn field(name: &str, required: bool) -> Wire {
    Wire::Field(wire::Field {
        name: name.into(),
        shape: wire::Shape::Scalar("string"),
        required,
        nullable: false,
        read_only: false,
        write_only: false,
        default: None,
    })
}

/// An operation's wire facts: `method path`, a required JSON body or none,
/// the security alternatives, the success statuses.
pub(crate) fn operation(
    method: HttpMethod,
    path: &str,
    json_body: bool,
    security: &[&[&str]],
    successes: &[u16],
) -> Wire {
    Wire::Operation(wire::Operation {
        method,
        path: PathTemplate::parse(path).expect("a path template"),
        body: json_body.then(|| wire::Body {
            media_types: vec!["application/json".into()],
            required: true,
        }),
        security: security
            .iter()
            .map(|alt| alt.iter().map(|s| s.to_string()).collect())
            .collect(),
        successes: successes.iter().map(|s| Status::Code(*s)).collect(),
        server: None,
        retry_safe: false,
    })
}

pub(crate) fn surface(mut items: Vec<Item>) -> Surface {
    items.sort_by(|a, b| a.path.cmp(&b.path));
    Surface { items }
}

pub(crate) fn files(tag: &str) -> Vec<GeneratedFile> {
    vec![GeneratedFile {
        path: "src/lib.rs".into(),
        contents: tag.into(),
    }]
}

pub(crate) fn run(old: Vec<Item>, new: Vec<Item>) -> crate::Report {
    let (a, b) = (surface(old), surface(new));
    let (fa, fb) = (files("a"), files("b"));
    compare(
        Side {
            surface: &a,
            files: &fa,
        },
        Side {
            surface: &b,
            files: &fb,
        },
    )
}

pub(crate) fn summary(r: &crate::Report) -> Vec<(String, ChangeKind, bool)> {
    r.changes
        .iter()
        .map(|c| (c.item.clone(), c.change.clone(), c.breaking))
        .collect()
}

/// A struct `types::{name}` with one field `id`, whose schema is at
/// `origin` (an inline schema's position: its Rust name can shift).
pub(crate) fn object(name: &str, origin: &str) -> Vec<Item> {
    let mut id = item(
        &format!("types::{name}::id"),
        Kind::Field,
        &format!("{origin}/properties/id"),
        ty(string()),
        field("id", true),
    );
    id.required = true;
    vec![
        item(
            &format!("types::{name}"),
            Kind::Struct,
            origin,
            Signature::Struct,
            Wire::Object,
        ),
        id,
    ]
}
