//! JSON pointers (RFC 6901): the one escaping every stage uses.

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends `/` and the escaped `segment` to `pointer`.
pub fn push_token(pointer: &mut String, segment: &str) {
    pointer.push('/');
    pointer.push_str(&escape(segment));
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_tilde_before_slash() {
        assert_eq!(super::escape("a/b~c"), "a~1b~0c");
        let mut p = String::from("/paths");
        super::push_token(&mut p, "/pets/{id}");
        assert_eq!(p, "/paths/~1pets~1{id}");
    }
}
