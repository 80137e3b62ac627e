//! Bitwarden's unencrypted JSON export (`bw export --format json`, or the web
//! vault's "File format: .json"): folders, and items of four types: logins
//! (user name, password, TOTP, URIs), secure notes, cards and identities (kept
//! as their JSON object, so no field is lost), each with notes and custom fields.

use serde::Deserialize;

use super::Entry;
use crate::error::{Error, Result};
use crate::value::SecretValue;

#[derive(Deserialize)]
struct Export {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    folders: Vec<Folder>,
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Folder {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    #[serde(default)]
    folder_id: Option<String>,
    #[serde(rename = "type")]
    kind: u8,
    name: String,
    #[serde(default)]
    notes: Option<SecretValue>,
    #[serde(default)]
    login: Option<Login>,
    #[serde(default)]
    card: Option<serde_json::Value>,
    #[serde(default)]
    identity: Option<serde_json::Value>,
    #[serde(default)]
    fields: Vec<Field>,
}

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<SecretValue>,
    #[serde(default)]
    totp: Option<SecretValue>,
    #[serde(default)]
    uris: Option<Vec<Uri>>,
}

#[derive(Deserialize)]
struct Uri {
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Deserialize)]
struct Field {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    value: Option<SecretValue>,
}

/// The entries of an export.
pub(crate) fn entries(text: &str) -> Result<Vec<Entry>> {
    let export: Export = serde_json::from_str(text).map_err(|e| {
        Error::usage(
            format!(
                "the file is not a Bitwarden JSON export (line {}, column {})",
                e.line(),
                e.column()
            ),
            "nothing was imported; export the vault as .json (unencrypted)",
        )
    })?;
    if export.encrypted {
        return Err(Error::usage(
            "the file is an encrypted Bitwarden export",
            "nothing was imported; export it again as .json (not \"encrypted\"), import it, then delete it",
        ));
    }
    let folder_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| export.folders.iter().find(|f| &f.id == id))
            .map(|f| f.name.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::with_capacity(export.items.len());
    for (i, item) in export.items.iter().enumerate() {
        let login = item.login.as_ref();
        // Cards (3) and identities (4): the whole object, as JSON.
        let other = match item.kind {
            3 => item.card.as_ref(),
            4 => item.identity.as_ref(),
            _ => None,
        };
        let password = match other {
            Some(v) => Some(SecretValue::new(
                serde_json::to_string_pretty(v).unwrap_or_default(),
            )),
            None => login
                .and_then(|l| l.password.as_ref())
                .map(|p| SecretValue::new(p.expose().to_owned())),
        };
        let fields = item
            .fields
            .iter()
            .enumerate()
            .filter_map(|(n, f)| {
                let value = f.value.as_ref()?;
                let name = f
                    .name
                    .clone()
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| format!("field{}", n + 1));
                Some((name, SecretValue::new(value.expose().to_owned())))
            })
            .collect();
        out.push(Entry {
            origin: format!("item {} ({})", i + 1, crate::error::shown(&item.name)),
            folder: folder_of(&item.folder_id),
            name: item.name.clone(),
            password,
            username: login.and_then(|l| l.username.clone()),
            url: login
                .and_then(|l| l.uris.as_ref())
                .and_then(|u| u.iter().find_map(|u| u.uri.clone())),
            notes: item
                .notes
                .as_ref()
                .map(|n| SecretValue::new(n.expose().to_owned())),
            totp: login
                .and_then(|l| l.totp.as_ref())
                .map(|t| SecretValue::new(t.expose().to_owned())),
            fields,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export() {
        let text = r#"{"encrypted":false,"folders":[{"id":"f1","name":"Work/Mail"}],
          "items":[{"folderId":"f1","type":1,"name":"Gmail","notes":"a\nb",
                    "login":{"username":"me","password":"pw","totp":null,"uris":[{"uri":"https://mail.google.com"}]},
                    "fields":[{"name":"pin","value":"1234","type":1}]},
                   {"folderId":null,"type":2,"name":"Note","notes":"n","secureNote":{"type":0}}]}"#;
        let e = entries(text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].folder, "Work/Mail");
        assert_eq!(e[0].notes.as_ref().unwrap().expose(), "a\nb");
        assert_eq!(e[0].fields[0].0, "pin");
        assert!(entries(r#"{"encrypted":true,"items":[]}"#).is_err());
        assert!(entries("[").is_err());
    }
}
