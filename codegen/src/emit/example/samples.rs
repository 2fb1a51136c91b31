//! The driver's values from the IR's samples (`ir::Sample`, decided by
//! `lower/sample.rs`): a parameter's, field's or body's sample as a Rust
//! expression of its type, and the items an array needs. Only in driver
//! mode (`Builder::examples`); the README's example keeps its plain hints.

use super::{Builder, MAX_ITEMS};
use crate::emit::calls::Pass;
use crate::emit::tyref;
use crate::ir::{IntWidth, Sample, TypeRef};
use crate::Result;

impl Builder<'_, '_> {
    /// In driver mode, the IR's sample (`ir::Field::sample`,
    /// `ir::Param::sample`) as a value of `ty`: a scalar's literal, or an
    /// array of `minItems` items; `None` when there is none or it does not
    /// fit the type (the value is built as before).
    pub(crate) fn sample(
        &mut self,
        ty: &TypeRef,
        sample: Option<&Sample>,
        hint: &str,
        depth: usize,
    ) -> Result<Option<String>> {
        let Some(sample) = sample.filter(|_| self.examples) else {
            return Ok(None);
        };
        match sample {
            Sample::Value(value) => self.scalar(ty, value),
            Sample::Items { min, items } => {
                let TypeRef::Array(inner) = tyref::resolve(self.ctx, ty, "")? else {
                    return Ok(None);
                };
                let inner = inner.as_ref().clone();
                let count = (*min).min(MAX_ITEMS);
                let mut elements = Vec::new();
                for item in items.iter().take(count) {
                    match self.scalar(&inner, item)? {
                        Some(e) => elements.push(e),
                        None => break,
                    }
                }
                // `uniqueItems`: as many distinct samples as items; else
                // the one sample (or a built value) repeated.
                if elements.len() < count {
                    let element = match elements.first() {
                        Some(e) => Some(e.clone()),
                        None => self.value(&inner, hint, depth + 1)?,
                    };
                    let Some(element) = element else {
                        return Ok(None);
                    };
                    elements = vec![element; count];
                }
                // A string literal stands for `impl Into<String>` elsewhere.
                if tyref::resolve(self.ctx, &inner, "")? == &TypeRef::String {
                    for e in &mut elements {
                        *e = format!("String::from({e})");
                    }
                }
                Ok(Some(format!("vec![{}]", elements.join(", "))))
            }
            // A whole JSON value is the driver's to decode (`driver.rs`).
            Sample::Json(_) => Ok(None),
        }
    }

    /// In driver mode, a slice of one built item: an empty array parameter
    /// is not sent at all, which a required one may not be.
    pub(super) fn one_item(&mut self, ty: &TypeRef, hint: &str) -> Result<Option<String>> {
        if !self.examples {
            return Ok(None);
        }
        let TypeRef::Array(inner) = tyref::resolve(self.ctx, ty, "")? else {
            return Ok(None);
        };
        let inner = inner.as_ref().clone();
        let saved = self.imports.clone();
        let Some(item) = self.value(&inner, hint, 1)? else {
            self.imports = saved;
            return Ok(None);
        };
        Ok(Some(
            if tyref::resolve(self.ctx, &inner, "")? == &TypeRef::String {
                format!("&[String::from({item})]")
            } else {
                format!("&[{item}]")
            },
        ))
    }

    /// An array body, passed as a slice: in driver mode, its `minItems`
    /// items (`ir::Sample::Items`); else, or without a sample, empty.
    pub(super) fn array_body(&mut self, ty: &TypeRef, sample: Option<&Sample>) -> Result<String> {
        Ok(match self.sample(ty, sample, "body", 0)? {
            Some(items) => format!("&{}", items.trim_start_matches("vec!")),
            None => "&[]".into(),
        })
    }

    /// A scalar sample (JSON) as a literal of `ty`, if it fits.
    fn scalar(&self, ty: &TypeRef, sample: &str) -> Result<Option<String>> {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(sample) else {
            return Ok(None);
        };
        use serde_json::Value;
        let ty = tyref::resolve(self.ctx, ty, "")?;
        Ok(match (ty, &value) {
            // `{:?}` of a `str` is a valid Rust string literal.
            (TypeRef::String, Value::String(s)) => Some(format!("{s:?}")),
            (TypeRef::String, Value::Number(_) | Value::Bool(_)) => {
                Some(format!("{:?}", value.to_string()))
            }
            (TypeRef::Bool, Value::Bool(b)) => Some(b.to_string()),
            (TypeRef::Integer(width), Value::Number(n)) => {
                let fits = match width {
                    IntWidth::I32 => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                    IntWidth::I64 => n.as_i64().is_some(),
                    IntWidth::U32 => n.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
                    IntWidth::U64 => n.as_u64().is_some(),
                };
                fits.then(|| n.to_string())
            }
            (TypeRef::Float(_), Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(|f| format!("{f:?}")),
            _ => None,
        })
    }

    /// An argument passed as `pass`, the IR's sample first (driver mode).
    pub(crate) fn sampled_argument(
        &mut self,
        ty: &TypeRef,
        hint: &str,
        pass: Pass,
        sample: Option<&Sample>,
    ) -> Result<Option<String>> {
        if let Some(value) = self.sample(ty, sample, hint, 0)? {
            return Ok(Some(match pass {
                Pass::Ref => format!("&{value}"),
                Pass::Slice => format!("&{}", value.trim_start_matches("vec!")),
                _ => value,
            }));
        }
        self.argument(ty, hint, pass)
    }
}
