//! Secret names and the environment variable names derived from them.
//!
//! A name is a path of `[A-Za-z0-9._-]` segments joined by `/`
//! (`stripe/prod/secret_key`). Its variable is the last two segments,
//! upper-cased, with `-`, `.` and `/` as `_` (`PROD_SECRET_KEY`).

use crate::error::{Error, Result, shown};

/// Longest name accepted.
pub(crate) const MAX_NAME_LEN: usize = 256;

/// Check a secret name, with an error that says what is wrong.
pub(crate) fn validate(name: &str) -> Result<()> {
    let bad = |why: &str| {
        Error::usage(
            format!("'{}' is not a valid secret name: {why}", shown(name)),
            "use segments of letters, digits, '.', '_' and '-' joined by '/', like stripe/prod/secret_key",
        )
    };
    if name.is_empty() {
        return Err(bad("it is empty"));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(bad("it is longer than 256 bytes"));
    }
    if name.starts_with('/') {
        return Err(bad("it starts with '/'"));
    }
    if name.ends_with('/') {
        return Err(bad("it ends with '/'"));
    }
    for segment in name.split('/') {
        if segment.is_empty() {
            return Err(bad("it has an empty segment ('//')"));
        }
        if segment == "." || segment == ".." {
            return Err(bad("'.' and '..' are not segments"));
        }
        if let Some(c) = segment
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            let what = match c {
                ' ' => "it contains a space".to_string(),
                c if c.is_control() => "it contains a control character".to_string(),
                c => format!("it contains '{}'", shown(&c.to_string())),
            };
            return Err(bad(&what));
        }
    }
    Ok(())
}

/// The default environment variable for a secret name.
pub(crate) fn default_env_var(name: &str) -> String {
    let segments: Vec<&str> = name.split('/').collect();
    let tail = &segments[segments.len().saturating_sub(2)..];
    let mut var: String = tail
        .join("_")
        .chars()
        .map(|c| match c {
            '-' | '.' | '/' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    if var.starts_with(|c: char| c.is_ascii_digit()) {
        var.insert(0, '_');
    }
    var
}

/// Check an environment variable name (POSIX portable: `[A-Za-z_][A-Za-z0-9_]*`).
pub(crate) fn validate_env_var(var: &str) -> Result<()> {
    let ok = var.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::usage(
            format!("'{}' is not a valid environment variable name", shown(var)),
            "use letters, digits and '_', not starting with a digit",
        ))
    }
}

/// Whether `name` matches a `list` pattern, ignoring case: a glob when the
/// pattern holds `*` (any run of characters, `/` included) or `?` (one
/// character), otherwise a substring.
pub(crate) fn matches_pattern(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let name: Vec<char> = name.to_lowercase().chars().collect();
    if !pattern.iter().any(|c| matches!(c, '*' | '?')) {
        return name
            .windows(pattern.len().max(1))
            .any(|w| w == pattern.as_slice())
            || pattern.is_empty();
    }
    // Iterative glob match: on a mismatch, let the last `*` take one more character.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(c) if *c == '?' || *c == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// The stored name closest to a mistyped `wanted`, for "did you mean": the
/// fewest single-character edits (case ignored), at most a fifth of the name
/// and at least 2; `None` when nothing is that close.
pub(crate) fn closest<'a>(
    wanted: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 5).max(2);
    let wanted = wanted.to_lowercase();
    names
        .into_iter()
        .map(|n| (edits(&wanted, &n.to_lowercase()), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != *cb));
            diag = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for good in ["a", "stripe/prod/secret_key", "x.y-z/_1", "a/b/c/d"] {
            validate(good).unwrap();
        }
        for bad in [
            "", "a b", "../x", "/abs", "a//b", "a/", "a/./b", "é", "a\nb", "a$b",
        ] {
            assert!(validate(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn env_vars() {
        assert_eq!(default_env_var("stripe/prod/secret_key"), "PROD_SECRET_KEY");
        assert_eq!(default_env_var("token"), "TOKEN");
        assert_eq!(default_env_var("a/b.c-d"), "A_B_C_D");
        assert_eq!(default_env_var("x/1key"), "X_1KEY");
        assert_eq!(default_env_var("1key"), "_1KEY");
        validate_env_var("PROD_SECRET_KEY").unwrap();
        assert!(validate_env_var("1A").is_err());
        assert!(validate_env_var("A-B").is_err());
        assert!(validate_env_var("").is_err());
    }

    #[test]
    fn closest_names_for_did_you_mean() {
        let names = ["app/dev/token", "app/prod/token", "stripe/prod/secret_key"];
        assert_eq!(closest("app/dev/tokn", names), Some("app/dev/token"));
        assert_eq!(closest("App/Dev/Token", names), Some("app/dev/token"));
        assert_eq!(
            closest("stripe/prod/secretkey", names),
            Some("stripe/prod/secret_key")
        );
        assert_eq!(closest("github/ci/token", names), None);
        assert_eq!(closest("x", names), None);
        assert_eq!(edits("kitten", "sitting"), 3);
    }

    #[test]
    fn list_patterns_are_globs_or_substrings_ignoring_case() {
        assert!(matches_pattern("prod", "stripe/prod/key"));
        assert!(matches_pattern("PROD", "stripe/prod/key"));
        assert!(!matches_pattern("dev", "stripe/prod/key"));
        assert!(matches_pattern("stripe/*", "stripe/prod/key"));
        assert!(matches_pattern("*/key", "stripe/prod/key"));
        assert!(matches_pattern("*prod*", "stripe/prod/key"));
        assert!(!matches_pattern("stripe/*/token", "stripe/prod/key"));
        assert!(matches_pattern("a?c", "ABC"));
        assert!(!matches_pattern("a?c", "abbc"));
        assert!(matches_pattern("*a*b*", "xaxxbx"));
        assert!(matches_pattern("", "anything"));
    }

    #[test]
    fn errors_show_control_characters_escaped() {
        // Found by fuzzing (issue 19): a name from a file split the one-line
        // error, and an escape sequence in it would have reached the terminal.
        for bad in ["PP\n\0\0\0Pa", "a\u{1b}[31mb", "x\u{202e}y"] {
            for e in [
                validate(bad).unwrap_err(),
                validate_env_var(bad).unwrap_err(),
            ] {
                let text = e.to_string();
                assert!(!text.chars().any(char::is_control), "{text:?}");
                assert!(!text.contains('\u{202e}'), "{text:?}");
            }
        }
        let e = validate("PP\nx").unwrap_err().to_string();
        assert!(e.starts_with("'PP\\nx' is not a valid secret name"), "{e}");
    }
}
