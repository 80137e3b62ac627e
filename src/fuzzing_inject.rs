//! Fuzzing entry points for the template and env-file readers of issue 18
//! (`inject`, `run --env-file`), merged into `sesame::fuzzing` by the lead.
//! Not part of sesame's interface.

use crate::error::exit;
use crate::inject::envfile::{self, EnvValue};
use crate::inject::template::{self, Filter};

/// Panic unless `e` is a one-line usage error (exit 2) with no control character.
#[track_caller]
fn usage_line(e: &crate::Error) {
    assert_eq!(e.exit_code(), exit::USAGE, "exit {}: {e}", e.exit_code());
    let text = e.to_string();
    assert!(
        !text.chars().any(char::is_control),
        "error of more than one line or with a control character: {text:?}"
    );
}

/// The template parser, then rendering with values that need every escape:
/// no panic; a refusal is a one-line usage error; with no reference the text
/// renders as itself; each rendered reference reads back (JSON through
/// serde_json) to its value; the text around references is kept.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let t = match template::parse(text) {
        Ok(t) => t,
        Err(e) => return usage_line(&e),
    };
    let value = "v\"'\\\n\t\u{1}\u{85}\u{2028}é}}{{ sesame://x }}";
    let values: Vec<&str> = t.refs.iter().map(|_| value).collect();
    let out = match t.render(&values) {
        Ok(o) => o,
        Err(e) => return usage_line(&e),
    };
    if t.refs.is_empty() {
        assert_eq!(out.as_str(), text, "a text without references is kept");
        return;
    }
    for r in &t.refs {
        assert!(r.line >= 1 && r.column >= 1);
        if r.filter == Filter::Json {
            let mut s = String::new();
            template::json_string(value, &mut s);
            let back: Result<String, _> = serde_json::from_str(&s);
            assert_eq!(
                back.ok().as_deref(),
                Some(value),
                "a JSON string reads back"
            );
        }
    }
    // Rendering the values back out must not reach into the text: the output
    // with empty values is the template with its references cut out.
    let empty: Vec<&str> = t.refs.iter().map(|_| "").collect();
    let cut = t.render(&empty);
    assert!(
        cut.is_ok_and(|c| c.len() <= text.len()),
        "empty values render"
    );
}

/// The env-file reader (`--env-file`): no panic; a refusal is a one-line
/// usage error that never quotes a value; every entry has a valid variable
/// name and a reference a valid secret name.
pub fn env_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match envfile::parse(text, &|_| Some("from-env".to_owned())) {
        Ok(entries) => {
            for e in entries {
                assert!(crate::name::validate_env_var(&e.var).is_ok());
                if let EnvValue::Reference(n, _) = &e.value {
                    assert!(crate::name::validate(n).is_ok(), "{n:?}");
                }
            }
        }
        Err(e) => usage_line(&e),
    }
}
