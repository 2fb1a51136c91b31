//! The next version of a crate, by Cargo's semver rules.

use crate::Bump;

/// A version string that is not `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// Not three dot-separated numbers.
    #[error("invalid version `{0}`: expected MAJOR.MINOR.PATCH (three numbers, no leading zeros)")]
    Invalid(String),
    /// A pre-release or build suffix, which this tool does not bump.
    #[error(
        "unsupported version `{0}`: pre-release and build metadata are not bumped automatically"
    )]
    Unsupported(String),
}

/// `current` bumped by `bump`, with Cargo's rules for `0.x`: the left-most
/// non-zero component is the "major" one. At `0.4.2` a major bump gives
/// `0.5.0`, a minor or patch one `0.4.3`; at `0.0.3` any bump gives `0.0.4`;
/// at `1.2.3`: `2.0.0`, `1.3.0`, `1.2.4`. [`Bump::None`] returns `current`.
pub fn next_version(current: &str, bump: Bump) -> Result<String, VersionError> {
    let (major, minor, patch) = parse(current)?;
    let (major, minor, patch) = match bump {
        Bump::None => (major, minor, patch),
        _ if major == 0 && minor == 0 => (0, 0, patch + 1),
        Bump::Major if major == 0 => (0, minor + 1, 0),
        Bump::Minor | Bump::Patch if major == 0 => (0, minor, patch + 1),
        Bump::Major => (major + 1, 0, 0),
        Bump::Minor => (major, minor + 1, 0),
        Bump::Patch => (major, minor, patch + 1),
    };
    Ok(format!("{major}.{minor}.{patch}"))
}

fn parse(version: &str) -> Result<(u64, u64, u64), VersionError> {
    let invalid = || VersionError::Invalid(version.to_string());
    if version.contains(['-', '+']) {
        let core = version.split(['-', '+']).next().unwrap_or("");
        return match numbers(core) {
            Some(_) => Err(VersionError::Unsupported(version.to_string())),
            None => Err(invalid()),
        };
    }
    numbers(version).ok_or_else(invalid)
}

fn numbers(core: &str) -> Option<(u64, u64, u64)> {
    let parts: Vec<&str> = core.split('.').collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| {
        let ok = !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'));
        ok.then(|| s.parse::<u64>().ok()).flatten()
    };
    Some((num(a)?, num(b)?, num(c)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_rules() {
        let cases = [
            ("0.4.2", Bump::Major, "0.5.0"),
            ("0.4.2", Bump::Minor, "0.4.3"),
            ("0.4.2", Bump::Patch, "0.4.3"),
            ("0.4.2", Bump::None, "0.4.2"),
            ("0.0.3", Bump::Major, "0.0.4"),
            ("0.0.3", Bump::Minor, "0.0.4"),
            ("0.0.3", Bump::Patch, "0.0.4"),
            ("0.0.3", Bump::None, "0.0.3"),
            ("1.2.3", Bump::Major, "2.0.0"),
            ("1.2.3", Bump::Minor, "1.3.0"),
            ("1.2.3", Bump::Patch, "1.2.4"),
            ("1.2.3", Bump::None, "1.2.3"),
            ("0.1.0", Bump::Major, "0.2.0"),
            ("0.1.0", Bump::Minor, "0.1.1"),
        ];
        for (v, b, want) in cases {
            assert_eq!(next_version(v, b).unwrap(), want, "{v} {b}");
        }
    }

    #[test]
    fn invalid_versions_name_the_string() {
        for bad in [
            "", "1", "1.2", "1.2.3.4", "01.2.3", "a.b.c", "1.2.x", " 1.2.3",
        ] {
            let err = next_version(bad, Bump::Minor).unwrap_err();
            assert_eq!(err, VersionError::Invalid(bad.to_string()));
            assert!(err.to_string().contains(&format!("`{bad}`")));
        }
        let err = next_version("1.2.3-rc.1", Bump::Patch).unwrap_err();
        assert!(matches!(err, VersionError::Unsupported(_)));
        assert!(err.to_string().contains("`1.2.3-rc.1`"));
        assert_eq!(
            next_version("nope", Bump::None),
            Err(VersionError::Invalid("nope".to_string()))
        );
    }
}
