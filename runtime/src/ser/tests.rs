//! The macro's output against `#[derive(Serialize)]` with the attributes the generator
//! wrote before it, on twin structs holding the same values: every skip rule, base64,
//! `Nullable`, a renamed and a raw field name, and the flattened map.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Nullable;

/// The same text through `to_string`, `to_string_pretty` and `to_value` (the last writes
/// through `serde_json::value::Serializer`, a second `Serializer`).
fn assert_same<A: Serialize, B: Serialize>(derived: &A, ours: &B) {
    assert_eq!(
        serde_json::to_string(ours).unwrap(),
        serde_json::to_string(derived).unwrap()
    );
    assert_eq!(
        serde_json::to_string_pretty(ours).unwrap(),
        serde_json::to_string_pretty(derived).unwrap()
    );
    assert_eq!(
        serde_json::to_value(ours).unwrap(),
        serde_json::to_value(derived).unwrap()
    );
}

#[derive(Serialize)]
struct Inner {
    id: i64,
}

#[derive(Serialize)]
#[allow(clippy::struct_field_names)]
struct Derived {
    id: String,
    #[serde(rename = "@type")]
    r#type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(default)]
    nullable: Option<bool>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    note: Nullable<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nested: Option<Box<Inner>>,
    #[serde(with = "crate::base64")]
    data: Vec<u8>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::base64_option"
    )]
    thumb: Option<Vec<u8>>,
    #[serde(default, with = "crate::base64_option")]
    blob: Option<Vec<u8>>,
    list: Vec<String>,
}

struct Ours {
    id: String,
    r#type: Option<String>,
    count: Option<i64>,
    nullable: Option<bool>,
    note: Nullable<String>,
    nested: Option<Box<Inner>>,
    data: Vec<u8>,
    thumb: Option<Vec<u8>>,
    blob: Option<Vec<u8>>,
    list: Vec<String>,
}

crate::serialize_struct!(Ours {
    id: "id" always,
    r#type: "@type" always,
    count: "count" skip_none,
    nullable: "nullable" always,
    note: "note" skip_absent,
    nested: "nested" skip_none,
    data: "data" always base64,
    thumb: "thumb" skip_none base64,
    blob: "blob" always base64,
    list: "list" always,
});

/// The twins of one value: `Ours`, then `Derived` field by field.
macro_rules! twins {
    ($($field:ident: $value:expr),* $(,)?) => {
        (
            Derived { $($field: $value,)* },
            Ours { $($field: $value,)* },
        )
    };
}

#[test]
fn every_field_kind_writes_what_the_derive_writes() {
    let (derived, ours) = twins! {
        id: "a".to_owned(),
        r#type: None,
        count: None,
        nullable: None,
        note: Nullable::Absent,
        nested: None,
        data: Vec::new(),
        thumb: None,
        blob: None,
        list: Vec::new(),
    };
    assert_same(&derived, &ours);
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        r#"{"id":"a","@type":null,"nullable":null,"data":"","blob":null,"list":[]}"#
    );

    let (derived, ours) = twins! {
        id: "b\"\u{e9}".to_owned(),
        r#type: Some("t".to_owned()),
        count: Some(-3),
        nullable: Some(false),
        note: Nullable::Null,
        nested: Some(Box::new(Inner { id: 7 })),
        data: vec![0, 255, 1],
        thumb: Some(b"png".to_vec()),
        blob: Some(b"x".to_vec()),
        list: vec!["x".to_owned(), "y".to_owned()],
    };
    assert_same(&derived, &ours);
    assert!(serde_json::to_string(&ours)
        .unwrap()
        .contains(r#""note":null"#));

    let (derived, ours) = twins! {
        id: String::new(),
        r#type: None,
        count: Some(0),
        nullable: Some(true),
        note: Nullable::Value("n".to_owned()),
        nested: None,
        data: b"hi".to_vec(),
        thumb: Some(Vec::new()),
        blob: None,
        list: Vec::new(),
    };
    assert_same(&derived, &ours);
    assert!(serde_json::to_string(&ours)
        .unwrap()
        .contains(r#""note":"n","#));
}

#[derive(Serialize)]
struct DerivedOpen {
    #[serde(rename = "kind")]
    r#kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    size: Option<u32>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    label: Nullable<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::base64_option"
    )]
    data: Option<Vec<u8>>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, serde_json::Value>,
}

struct OursOpen {
    r#kind: String,
    size: Option<u32>,
    label: Nullable<String>,
    data: Option<Vec<u8>>,
    additional_properties: BTreeMap<String, serde_json::Value>,
}

crate::serialize_struct!(OursOpen {
    r#kind: "kind" always,
    size: "size" skip_none,
    label: "label" skip_absent,
    data: "data" skip_none base64,
    ..additional_properties
});

#[test]
fn undeclared_properties_follow_the_declared_fields() {
    let extra = BTreeMap::from([
        ("z".to_owned(), serde_json::json!([1, {"deep": null}])),
        ("a".to_owned(), serde_json::json!("first")),
        // The same key as a declared field: written twice, by both.
        ("size".to_owned(), serde_json::json!(9)),
    ]);
    for additional_properties in [BTreeMap::new(), extra] {
        for (size, label, data) in [
            (None, Nullable::Absent, None),
            (Some(4), Nullable::Null, Some(b"ab".to_vec())),
            (Some(0), Nullable::Value("l".to_owned()), Some(Vec::new())),
        ] {
            let derived = DerivedOpen {
                r#kind: "k".to_owned(),
                size,
                label: label.clone(),
                data: data.clone(),
                additional_properties: additional_properties.clone(),
            };
            let ours = OursOpen {
                r#kind: "k".to_owned(),
                size,
                label,
                data,
                additional_properties: additional_properties.clone(),
            };
            // `to_value` keeps one `size`, whichever both wrote last.
            assert_same(&derived, &ours);
        }
    }
    let ours = OursOpen {
        r#kind: "k".to_owned(),
        size: Some(1),
        label: Nullable::Absent,
        data: None,
        additional_properties: BTreeMap::from([("a".to_owned(), serde_json::json!(true))]),
    };
    assert_eq!(
        serde_json::to_string(&ours).unwrap(),
        r#"{"kind":"k","size":1,"a":true}"#
    );
}

#[derive(Serialize)]
struct DerivedEmpty {}

struct OursEmpty {}

crate::serialize_struct!(OursEmpty {});

#[derive(Serialize)]
struct DerivedOnlyOpen {
    #[serde(flatten)]
    rest: BTreeMap<String, i64>,
}

struct OursOnlyOpen {
    rest: BTreeMap<String, i64>,
}

crate::serialize_struct!(OursOnlyOpen { ..rest });

#[test]
fn a_struct_without_fields_is_an_empty_object() {
    assert_same(&DerivedEmpty {}, &OursEmpty {});
    assert_eq!(serde_json::to_string(&OursEmpty {}).unwrap(), "{}");
    let rest = BTreeMap::from([("b".to_owned(), 2), ("a".to_owned(), 1)]);
    assert_same(
        &DerivedOnlyOpen { rest: rest.clone() },
        &OursOnlyOpen { rest },
    );
    let empty = OursOnlyOpen {
        rest: BTreeMap::new(),
    };
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
}
