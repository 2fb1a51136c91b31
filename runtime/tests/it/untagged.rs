//! `deserialize_untagged!` on unions whose variants overlap, written as the
//! generator writes them: structs through `deserialize_struct!` (unknown keys
//! skipped), string enums that keep unknown values. The variant chosen is
//! the one the value is, and it serializes back to the same bytes.

use linkgen_runtime::UnknownValue;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A one-value string enum (`type: {enum: [ach]}`), with its catch-all.
#[derive(Debug, Clone, PartialEq)]
enum AchType {
    Ach,
    Unknown(UnknownValue),
}

impl Serialize for AchType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            AchType::Ach => "ach",
            AchType::Unknown(v) => v.__as_str(),
        })
    }
}

impl<'de> Deserialize<'de> for AchType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = String::deserialize(d)?;
        Ok(match value.as_str() {
            "ach" => AchType::Ach,
            _ => AchType::Unknown(UnknownValue::__new(value)),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Ach {
    r#type: AchType,
    #[serde(rename = "bankAccountNumber", skip_serializing_if = "Option::is_none")]
    bank_account_number: Option<String>,
}
linkgen_runtime::deserialize_struct!(Ach {
    0 r#type: AchType = "type" required,
    1 bank_account_number: Option<String> = "bankAccountNumber" or_default,
});

#[derive(Debug, Clone, PartialEq, Serialize)]
struct ApplePay {
    r#type: String,
    #[serde(rename = "applePayToken")]
    apple_pay_token: String,
}
linkgen_runtime::deserialize_struct!(ApplePay {
    0 r#type: String = "type" required,
    1 apple_pay_token: String = "applePayToken" required,
});

/// Adyen's `PaymentRequest.paymentMethod`, ACH first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum PaymentMethod {
    Ach(Ach),
    ApplePay(Box<ApplePay>),
}
linkgen_runtime::deserialize_untagged!(PaymentMethod {
    Ach(Ach) [],
    ApplePay(Box<ApplePay>) [],
});

/// The same union with the implicit tag the generator finds in `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum TaggedMethod {
    Ach(Ach),
    ApplePay(ApplePay),
}
linkgen_runtime::deserialize_untagged!(TaggedMethod by "type" {
    Ach(Ach) ["ach"],
    ApplePay(ApplePay) ["applepay"],
});

#[test]
fn the_apple_pay_body_is_not_swallowed_by_an_earlier_variant() {
    let body = r#"{"type":"applepay","applePayToken":"VNRWtuNlNEWkRCSm1xWndjMDFFbktkQU"}"#;
    let method: PaymentMethod = serde_json::from_str(body).expect("decodes");
    assert!(matches!(&method, PaymentMethod::ApplePay(p) if p.apple_pay_token.starts_with("VNR")));
    assert_eq!(serde_json::to_string(&method).expect("encodes"), body);

    let tagged: TaggedMethod = serde_json::from_str(body).expect("decodes");
    assert!(matches!(tagged, TaggedMethod::ApplePay(_)));
    assert_eq!(serde_json::to_string(&tagged).expect("encodes"), body);

    let ach = r#"{"type":"ach","bankAccountNumber":"123"}"#;
    let method: PaymentMethod = serde_json::from_str(ach).expect("decodes");
    assert!(matches!(method, PaymentMethod::Ach(_)));
    assert_eq!(serde_json::to_string(&method).expect("encodes"), ach);
}

/// An implicit tag narrows the strict choice, but a value no variant fits
/// strictly still decodes, tolerantly, as the first variant that accepts it.
#[test]
fn an_unknown_tag_falls_back_to_the_first_variant_that_decodes() {
    let body = r#"{"type":"sepa","iban":"NL13TEST0123456789"}"#;
    let tagged: TaggedMethod = serde_json::from_str(body).expect("decodes");
    assert!(matches!(tagged, TaggedMethod::Ach(_)));
    let untagged: PaymentMethod = serde_json::from_str(body).expect("decodes");
    assert!(matches!(untagged, PaymentMethod::Ach(_)));
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Short {
    id: String,
    name: String,
}
linkgen_runtime::deserialize_struct!(Short {
    0 id: String = "id" required,
    1 name: String = "name" required,
});

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Long {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<f64>,
}
linkgen_runtime::deserialize_struct!(Long {
    0 id: String = "id" required,
    1 name: String = "name" required,
    2 note: Option<String> = "note" or_default,
    3 size: Option<f64> = "size" or_default,
});

/// Two variants with the same required keys: the one that keeps every key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum Item {
    Short(Short),
    Long(Long),
}
linkgen_runtime::deserialize_untagged!(Item {
    Short(Short) [],
    Long(Long) [],
});

#[test]
fn variants_sharing_their_required_keys_are_told_apart_by_the_rest() {
    let short = r#"{"id":"1","name":"a"}"#;
    let item: Item = serde_json::from_str(short).expect("decodes");
    assert!(
        matches!(item, Item::Short(_)),
        "the first strict match wins"
    );
    assert_eq!(serde_json::to_string(&item).expect("encodes"), short);

    // A `null` is what an unset `Option` means: still strict.
    let item: Item = serde_json::from_str(r#"{"id":"1","name":"a","note":null}"#).expect("decodes");
    assert!(matches!(item, Item::Short(_)), "{item:?}");

    // `size: 3` is written back `3.0`: the same number, still strict.
    let long = r#"{"id":"1","name":"a","note":"n","size":3}"#;
    let item: Item = serde_json::from_str(long).expect("decodes");
    let Item::Long(l) = &item else {
        panic!("{item:?}")
    };
    assert_eq!((l.note.as_deref(), l.size), (Some("n"), Some(3.0)));

    // Keys neither variant declares: tolerant, the first that decodes.
    let item: Item = serde_json::from_str(r#"{"id":"1","name":"a","x":true}"#).expect("decodes");
    assert!(matches!(item, Item::Short(_)));

    let error = serde_json::from_str::<Item>(r#"{"id":"1"}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "data did not match any variant of untagged enum Item"
    );
}

/// A union inside a variant: the inner choice's unknown values are the
/// only ones that count for the outer one.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Payment {
    method: PaymentMethod,
}
linkgen_runtime::deserialize_struct!(Payment { 0 method: PaymentMethod = "method" required });

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
enum Envelope {
    Payment(Payment),
    Other(serde_json::Value),
}
linkgen_runtime::deserialize_untagged!(Envelope {
    Payment(Payment) [],
    Other(serde_json::Value) [],
});

#[test]
fn nested_unions_choose_strictly_at_every_level() {
    let body = r#"{"method":{"type":"applepay","applePayToken":"t"}}"#;
    let envelope: Envelope = serde_json::from_str(body).expect("decodes");
    let Envelope::Payment(payment) = &envelope else {
        panic!("{envelope:?}")
    };
    assert!(matches!(payment.method, PaymentMethod::ApplePay(_)));
    assert_eq!(serde_json::to_string(&envelope).expect("encodes"), body);
}
