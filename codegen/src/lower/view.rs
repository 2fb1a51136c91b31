//! A flat view of a schema, whatever shape `openapiv3` parsed it into, and
//! the small questions asked of schemas before lowering them.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::schema::Properties;

/// One flat view of a schema, whichever `SchemaKind` the model chose (it
/// picks `Any` for many real-world combinations, e.g. `type: string` with
/// `minimum`).
pub(crate) struct View<'s> {
    pub typ: Option<&'s str>,
    pub format: Option<&'s str>,
    pub enumeration: Vec<Value>,
    pub properties: Option<&'s Properties>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
    pub items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub one_of: &'s [ReferenceOr<Schema>],
    pub all_of: &'s [ReferenceOr<Schema>],
    pub any_of: &'s [ReferenceOr<Schema>],
    pub not: bool,
}

fn format_str<T>(
    format: &VariantOrUnknownOrEmpty<T>,
    name: fn(&T) -> &'static str,
) -> Option<&str> {
    match format {
        VariantOrUnknownOrEmpty::Item(f) => Some(name(f)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'s> View<'s> {
    pub fn of(schema: &'s Schema) -> View<'s> {
        let mut view = View {
            typ: None,
            format: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            all_of: &[],
            any_of: &[],
            not: false,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                view.typ = Some("string");
                view.format = format_str(&s.format, |f| match f {
                    StringFormat::Date => "date",
                    StringFormat::DateTime => "date-time",
                    StringFormat::Password => "password",
                    StringFormat::Byte => "byte",
                    StringFormat::Binary => "binary",
                });
                view.enumeration = s
                    .enumeration
                    .iter()
                    .map(|v| v.as_ref().map_or(Value::Null, |s| Value::String(s.clone())))
                    .collect();
            }
            SchemaKind::Type(Type::Number(n)) => {
                view.typ = Some("number");
                view.format = format_str(&n.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                view.enumeration = n
                    .enumeration
                    .iter()
                    .map(|v| {
                        v.and_then(serde_json::Number::from_f64)
                            .map_or(Value::Null, Value::Number)
                    })
                    .collect();
            }
            SchemaKind::Type(Type::Integer(n)) => {
                view.typ = Some("integer");
                view.format = format_str(&n.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                view.enumeration = n
                    .enumeration
                    .iter()
                    .map(|v| v.map_or(Value::Null, Value::from))
                    .collect();
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                view.typ = Some("boolean");
                view.enumeration = b
                    .enumeration
                    .iter()
                    .map(|v| v.map_or(Value::Null, Value::Bool))
                    .collect();
            }
            SchemaKind::Type(Type::Object(o)) => {
                view.typ = Some("object");
                view.properties = Some(&o.properties);
                view.required = &o.required;
                view.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                view.typ = Some("array");
                view.items = a.items.as_ref();
            }
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::Not { .. } => view.not = true,
            SchemaKind::Any(a) => {
                view.typ = a.typ.as_deref();
                view.format = a.format.as_deref();
                view.enumeration = a.enumeration.clone();
                view.properties = (!a.properties.is_empty()).then_some(&a.properties);
                view.required = &a.required;
                view.additional = a.additional_properties.as_ref();
                view.items = a.items.as_ref();
                view.one_of = &a.one_of;
                view.all_of = &a.all_of;
                view.any_of = &a.any_of;
                view.not = a.not.is_some();
            }
        }
        view
    }

    /// Non-empty `properties`, if any.
    pub fn props(&self) -> Option<&'s Properties> {
        self.properties.filter(|p| !p.is_empty())
    }
}

/// A schema that only carries metadata (`description`, `nullable`,
/// `example`…): an `allOf` member like that constrains nothing.
pub(crate) fn is_trivial(schema: &Schema) -> bool {
    let v = View::of(schema);
    v.typ.is_none()
        && v.format.is_none()
        && v.enumeration.is_empty()
        && v.properties.is_none_or(|p| p.is_empty())
        && v.required.is_empty()
        && v.additional.is_none()
        && v.items.is_none()
        && v.one_of.is_empty()
        && v.all_of.is_empty()
        && v.any_of.is_empty()
        && !v.not
        && schema.schema_data.discriminator.is_none()
}

/// `{type: null}`, `{enum: [null]}` or `{nullable: true}` alone: a union
/// member that only says "or null".
pub(crate) fn is_null_schema(schema: &Schema) -> bool {
    let v = View::of(schema);
    v.typ == Some("null")
        || (!v.enumeration.is_empty() && v.enumeration.iter().all(Value::is_null))
        || (schema.schema_data.nullable && is_trivial(schema))
}

/// Whether a schema admits `null`, judged from the schema itself (its
/// `$ref`s are not followed).
pub(crate) fn shallow_nullable(schema: &Schema) -> bool {
    let v = View::of(schema);
    let null_member = |members: &[ReferenceOr<Schema>]| {
        members
            .iter()
            .any(|m| matches!(m, ReferenceOr::Item(s) if is_null_schema(s)))
    };
    schema.schema_data.nullable
        || v.typ == Some("null")
        || v.enumeration.iter().any(Value::is_null)
        || null_member(v.one_of)
        || null_member(v.any_of)
        || v.all_of
            .iter()
            .any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && is_trivial(s)))
}
