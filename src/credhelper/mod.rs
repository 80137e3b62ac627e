//! The credential-helper protocols of git and docker (README, "git credential
//! helper", "docker credential helper"): their input parsed, and where in the
//! store each credential lives. Nothing here reads the store or prints; the
//! commands (`commands/credential.rs`) do.
//!
//! Names are built from outside text (a host, a user, a registry URL) one
//! segment at a time by [`segment`], so whatever git or docker sends, the name
//! is a valid secret name or none at all.

pub(crate) mod docker;
pub(crate) mod git;

/// Longest input read from a helper's stdin: git and docker send a few lines.
pub(crate) const MAX_INPUT: usize = 64 * 1024;

/// Outside text as one name segment: every character other than ASCII letters,
/// digits, `.`, `_` and `-` becomes `_`; `.` and `..` get a leading `_`. Empty
/// text is no segment.
pub(crate) fn segment(text: &str) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Some(if s == "." || s == ".." {
        format!("_{s}")
    } else {
        s
    })
}

/// `prefix` and the segments of a `/`-separated path (empty parts dropped), or
/// `None` when the result is not a valid secret name (too long).
pub(crate) fn join(prefix: &str, path: &str) -> Option<String> {
    let mut name = prefix.to_owned();
    for part in path.split('/').filter_map(segment) {
        name.push('/');
        name.push_str(&part);
    }
    crate::name::validate(&name).ok().map(|()| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_valid_names() {
        assert_eq!(segment("github.com").as_deref(), Some("github.com"));
        assert_eq!(segment("host:8443").as_deref(), Some("host_8443"));
        assert_eq!(segment("a@b.c").as_deref(), Some("a_b.c"));
        assert_eq!(segment("..").as_deref(), Some("_.."));
        assert_eq!(segment(""), None);
        assert_eq!(
            join("git/https", "h/../x/").as_deref(),
            Some("git/https/h/_../x")
        );
        assert_eq!(join("git", &"x".repeat(300)), None);
        assert_eq!(segment("é").as_deref(), Some("_"));
    }
}
