//! Signatures compared as typed values: a rename is a substitution on
//! whole type paths, a method's argument names are not part of its shape,
//! and `Option<T>` ↔ `Nullable<T>` is read on the type's structure.

use codegen::surface::{Item, Kind, Path, Signature, Type, Wire};

use crate::test_kit::{item, method, nullable, object, option, run, string, summary, ty};
use crate::{Bump, ChangeKind};

fn renamed(from: &str) -> ChangeKind {
    ChangeKind::Renamed { from: from.into() }
}

/// `types::Owner` with a field of each type it is given, by name.
fn owner(fields: &[(&str, Type)]) -> Vec<Item> {
    let o = "/components/schemas/Owner";
    let mut items = vec![item(
        "types::Owner",
        Kind::Struct,
        o,
        Signature::Struct,
        Wire::Object,
    )];
    for (name, field_type) in fields {
        items.push(item(
            &format!("types::Owner::{name}"),
            Kind::Field,
            &format!("{o}/properties/{name}"),
            ty(field_type.clone()),
            crate::test_kit::field(name, false),
        ));
    }
    items
}

/// `Foo` (an inline schema) and `FooBar`, each used by a field of `Owner`;
/// `foo` names what `Foo` is called, `foo_bar_field` the type the `bar`
/// field names.
fn foo_and_foo_bar(foo: &str, foo_bar_field: &str) -> Vec<Item> {
    let mut items = object(
        foo,
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    );
    items.extend(object("FooBar", "/components/schemas/FooBar"));
    items.extend(owner(&[
        ("foo", option(Type::path(&format!("types::{foo}")))),
        ("bar", option(Type::path(foo_bar_field))),
    ]));
    items
}

#[test]
fn a_type_renamed_is_not_substituted_into_a_name_it_prefixes() {
    // `Foo` → `Baz`: the field naming `types::Foo` follows the rename; the
    // one naming `types::FooBar` is another type and stays as it is.
    let r = run(
        foo_and_foo_bar("Foo", "types::FooBar"),
        foo_and_foo_bar("Baz", "types::FooBar"),
    );
    assert_eq!(
        summary(&r),
        [("types::Baz".into(), renamed("types::Foo"), true)]
    );
    // Had `types::Foo` been replaced as text inside `types::FooBar`, this
    // change of `bar`'s type would pass for the rename.
    let r = run(
        foo_and_foo_bar("Foo", "types::FooBar"),
        foo_and_foo_bar("Baz", "types::BazBar"),
    );
    assert_eq!(
        summary(&r),
        [
            ("types::Baz".into(), renamed("types::Foo"), true),
            ("types::Owner::bar".into(), ChangeKind::TypeChanged, true),
        ]
    );
    let bar = &r.changes[1];
    assert_eq!(bar.old.as_deref(), Some("Option<types::FooBar>"));
    assert_eq!(bar.new.as_deref(), Some("Option<types::BazBar>"));
}

/// Inline types `types::{a}` and `types::{b}` at two positions, and a field
/// `Owner::x` of type `types::{x}`.
fn two_inline(a: &str, b: &str, x: &str) -> Vec<Item> {
    let mut items = object(
        a,
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    );
    items.extend(object(
        b,
        "/paths/~1b/get/responses/200/content/application~1json/schema",
    ));
    items.extend(owner(&[("x", Type::path(&format!("types::{x}")))]));
    items
}

#[test]
fn renames_in_a_chain_are_substituted_once() {
    // `A` → `B` while `B` → `C`: the text rule replaced in turn, so the
    // field's `types::A` became `types::B` and then `types::C`, and was
    // reported as a signature change (Oxide's nexus.json history:
    // `RouteDestinationSubnetType` → `…VpcType` → `…IpNetType`).
    let r = run(two_inline("A", "B", "A"), two_inline("B", "C", "B"));
    assert_eq!(
        summary(&r),
        [
            ("types::B".into(), renamed("types::A"), true),
            ("types::C".into(), renamed("types::B"), true),
        ]
    );
}

fn get_key(arg: &str, arg_type: Type) -> Item {
    item(
        "Client::get_key",
        Kind::Method,
        "GET /keys/{}",
        method(&[(arg, arg_type)], Type::path("operations::GetKeyCall")),
        Wire::None,
    )
}

#[test]
fn an_argument_renamed_only_is_no_change() {
    let str_ref = || Type::Primitive("str".into()).by_ref();
    let r = run(
        vec![get_key("key_id", str_ref())],
        vec![get_key("id", str_ref())],
    );
    assert!(r.changes.is_empty(), "{:?}", r.changes);
    assert_eq!(r.bump, Bump::Patch);
    // Its type is another matter.
    let r = run(
        vec![get_key("key_id", str_ref())],
        vec![get_key("id", Type::Primitive("i64".into()))],
    );
    assert_eq!(
        summary(&r),
        [("Client::get_key".into(), ChangeKind::TypeChanged, true)]
    );
    assert_eq!(
        r.changes[0].new.as_deref(),
        Some("(&self, id: i64) -> operations::GetKeyCall")
    );
}

/// `types::Owner::pet` of type `field` beside the inline type `types::{pet}`.
fn pet_field(pet: &str, field: Type) -> Vec<Item> {
    let mut items = object(
        pet,
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    );
    items.extend(owner(&[("pet", field)]));
    items
}

#[test]
fn option_to_nullable_is_matched_on_the_structure() {
    let pet = |name: &str| Type::path(&format!("types::{name}"));
    // `Option<T>` → `Nullable<T>`, with `T` renamed on the way: the
    // three-state rule, once the rename is substituted.
    let r = run(
        pet_field("Pet", option(pet("Pet"))),
        pet_field("Animal", nullable(pet("Animal"))),
    );
    assert_eq!(
        summary(&r),
        [
            ("types::Animal".into(), renamed("types::Pet"), true),
            ("types::Owner::pet".into(), ChangeKind::TypeChanged, true),
        ]
    );
    let hint = r.changes[1].hint.as_deref().unwrap_or_default();
    assert_eq!(
        hint,
        "`types::Owner::pet` is `linkgen_runtime::Nullable<types::Animal>` now, \
         not `Option<types::Pet>`: its `with_…` setter is unchanged and a \
         `with_…_null()` setter sends `null`; code that reads or assigns the field \
         matches `Nullable::Absent`, `Null` and `Value` (or calls `.into_option()`)"
    );
    // And back.
    let r = run(
        pet_field("Pet", nullable(pet("Pet"))),
        pet_field("Pet", option(pet("Pet"))),
    );
    let hint = r.changes[0].hint.as_deref().unwrap_or_default();
    assert_eq!(
        hint,
        "`types::Owner::pet` is `Option<types::Pet>` now, not \
         `linkgen_runtime::Nullable<types::Pet>`: drop the `with_…_null()` calls \
         and match `Some`/`None`"
    );
    // `Option` written in full (a schema named `Option` shadows the
    // prelude's) is the same `Option`.
    let full = Type::generic("std::option::Option", vec![string()]);
    let r = run(pet_field("Pet", full), pet_field("Pet", nullable(string())));
    let hint = r.changes[0].hint.as_deref().unwrap_or_default();
    assert_eq!(
        hint,
        "`types::Owner::pet` is `linkgen_runtime::Nullable<String>` now, \
         not `std::option::Option<String>`: its `with_…` setter is unchanged and a \
         `with_…_null()` setter sends `null`; code that reads or assigns the field \
         matches `Nullable::Absent`, `Null` and `Value` (or calls `.into_option()`)"
    );
    // Another inner type is a plain type change.
    let r = run(
        pet_field("Pet", option(string())),
        pet_field("Pet", nullable(Type::Primitive("i64".into()))),
    );
    let hint = r.changes[0].hint.as_deref().unwrap_or_default();
    assert_eq!(
        hint,
        "`types::Owner::pet` is `linkgen_runtime::Nullable<i64>` now, not \
         `Option<String>`: update the code that builds or reads it"
    );
}

/// An operation whose `operationId` is `name`: its method, call type, an
/// optional parameter (a setter of the call type) and its paginator.
fn list_op(method_name: &str, call: &str) -> Vec<Item> {
    let origin = "GET /pets";
    let call_path = format!("operations::{call}");
    vec![
        item(
            &format!("Client::{method_name}"),
            Kind::Method,
            origin,
            method(&[], Type::path(&call_path)),
            Wire::None,
        ),
        item(
            &call_path,
            Kind::CallType,
            &format!("{origin}/call"),
            Signature::Struct,
            Wire::None,
        ),
        item(
            &format!("Client::{method_name}::limit"),
            Kind::Param,
            &format!("{origin}/parameters/query/limit"),
            Signature::Setter {
                call: Path::new(&call_path),
                name: "limit".into(),
                ty: Type::Primitive("i64".into()),
            },
            Wire::None,
        ),
        item(
            &format!("{call_path}::pages"),
            Kind::Paginator,
            &format!("{origin}/paging"),
            Signature::Paginator {
                call: Path::new(&call_path),
                item: Type::path("types::Pet"),
            },
            Wire::None,
        ),
    ]
}

#[test]
fn an_operation_renamed_moves_its_setters_and_paginator_with_it() {
    // The text rule left `operations::ListPetsCall` unrenamed where `::`
    // followed it (`…Call::limit(i64)`), so each setter and the paginator
    // were reported as a signature change of their own.
    let r = run(
        list_op("list_pets", "ListPetsCall"),
        list_op("fetch_pets", "FetchPetsCall"),
    );
    assert_eq!(
        summary(&r),
        [
            (
                "Client::fetch_pets".into(),
                renamed("Client::list_pets"),
                true
            ),
            (
                "operations::FetchPetsCall".into(),
                renamed("operations::ListPetsCall"),
                true
            ),
        ]
    );
}

#[test]
fn a_type_that_takes_a_renamed_types_name_is_shown_by_its_new_names() {
    // `A` → `B`, and a new type at another position takes the name `A`:
    // `Owner::x` named the old `A` and now names the new one. The old side
    // is shown with the names of today, or both sides would read
    // `types::A` (Oxide's nexus.json history, `RouteDestination::Subnet`).
    let mut old = object(
        "A",
        "/paths/~1a/get/responses/200/content/application~1json/schema",
    );
    old.extend(owner(&[("x", Type::path("types::A"))]));
    let new = two_inline("B", "A", "A");
    let r = run(old, new);
    assert_eq!(
        summary(&r),
        [
            ("types::B".into(), renamed("types::A"), true),
            ("types::Owner::x".into(), ChangeKind::TypeChanged, true),
            ("types::A".into(), ChangeKind::Added, false),
        ]
    );
    let x = &r.changes[1];
    assert_eq!(x.old.as_deref(), Some("types::B"));
    assert_eq!(x.new.as_deref(), Some("types::A"));
}
