//! [`Signature`]: a method's receiver, arguments and result, as the code
//! writes them and as `API.md` lists them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::RustType;
use crate::surface;

/// How a method takes `self`: the surface's own enum, one definition.
pub(crate) use crate::surface::Receiver;

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

    /// `(&self, a: &str) -> operations::GetPetCall`: what the surface holds
    /// and `API.md` lists.
    pub(crate) fn surface(&self) -> surface::Method {
        surface::Method {
            receiver: self.receiver,
            args: (self.args.iter())
                .map(|Arg { name, ty }| surface::Arg {
                    name: name.to_string(),
                    ty: ty.surface(),
                })
                .collect(),
            output: self.output.surface(),
        }
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
            signature.surface().to_string(),
            "(&self, pet_id: &str) -> operations::GetPetCall"
        );
        assert_eq!(
            signature.tokens().to_string(),
            quote!((&self, pet_id: &str) -> crate::operations::GetPetCall).to_string()
        );
    }
}
