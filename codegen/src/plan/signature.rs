//! [`Signature`]: a method's receiver, arguments and result, as the code
//! writes them and as `API.md` lists them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::RustType;

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Receiver {
    /// `&self`: a `Client` method.
    Ref,
    /// `mut self`: a chainable setter of a builder.
    MutValue,
}

/// One argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    pub(crate) name: Ident,
    pub(crate) ty: RustType,
}

/// A method's signature without its name, visibility or attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) receiver: Receiver,
    pub(crate) args: Vec<Arg>,
    pub(crate) output: RustType,
}

impl Signature {
    /// `(&self, a: &str) -> T`, ready to follow `pub fn name`.
    pub(crate) fn tokens(&self) -> TokenStream {
        let receiver = match self.receiver {
            Receiver::Ref => quote!(&self),
            Receiver::MutValue => quote!(mut self),
        };
        let args = self.args.iter().map(|Arg { name, ty }| quote!(#name: #ty));
        let output = &self.output;
        quote!((#receiver #(, #args)*) -> #output)
    }

    /// `(&self, a: &str) -> operations::GetPetCall`: what `API.md` lists.
    pub(crate) fn surface(&self) -> String {
        let mut out = String::from(match self.receiver {
            Receiver::Ref => "(&self",
            Receiver::MutValue => "(mut self",
        });
        for Arg { name, ty } in &self.args {
            out.push_str(&format!(", {name}: {}", ty.surface()));
        }
        out.push_str(") -> ");
        out.push_str(&self.output.surface());
        out
    }
}

#[cfg(test)]
mod tests {
    use quote::format_ident;

    use super::*;
    use crate::plan::Root;

    #[test]
    fn a_signature_reads_the_same_in_code_and_surface() {
        let signature = Signature {
            receiver: Receiver::Ref,
            args: vec![Arg {
                name: format_ident!("pet_id"),
                ty: RustType::Primitive("str").by_ref(),
            }],
            output: RustType::path(Root::Crate, "operations::GetPetCall"),
        };
        assert_eq!(
            signature.surface(),
            "(&self, pet_id: &str) -> operations::GetPetCall"
        );
        assert_eq!(
            signature.tokens().to_string(),
            quote!((&self, pet_id: &str) -> crate::operations::GetPetCall).to_string()
        );
    }
}
