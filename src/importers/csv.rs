//! CSV exports (RFC 4180: `,`, `"` quoting with `""`, CRLF or LF, quoted
//! fields across lines) and the column mapping of each manager's preset, or
//! the user's (`--map name=COL,value=COL,…`, columns by their header).

use zeroize::Zeroizing;

use super::Entry;
use crate::error::{Error, Result};
use crate::value::SecretValue;

/// A parsed file: rows of fields, each wiped on drop, and the line each row
/// starts on.
pub(crate) struct Table {
    pub(crate) rows: Vec<(usize, Vec<Zeroizing<String>>)>,
}

fn bad(what: String) -> Error {
    Error::usage(
        format!("the CSV file {what}"),
        "nothing was imported; export it again, or fix that line (no value is shown)",
    )
}

/// Parse CSV text. An unterminated quote or text after a closing quote is
/// refused with its line number; empty lines are skipped.
pub(crate) fn parse(text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row: Vec<Zeroizing<String>> = Vec::new();
    let mut field = Zeroizing::new(String::new());
    let mut chars = text.chars().peekable();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut any = false; // the row has begun
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                        return Err(bad(format!(
                            "has text after a closing quote on line {line}"
                        )));
                    }
                }
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if any || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push((start, std::mem::take(&mut row)));
                }
                any = false;
                line += 1;
                start = line;
            }
            c => {
                field.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err(bad(format!(
            "has a quote opened on line {start} and never closed"
        )));
    }
    if any || !field.is_empty() {
        row.push(field);
        rows.push((start, row));
    }
    Ok(Table { rows })
}

/// Which column holds what. Each is a header name, matched without regard
/// to case; the first of several alternatives the header has wins.
#[derive(Debug, Default, Clone)]
pub(crate) struct Map {
    pub(crate) name: Vec<String>,
    pub(crate) value: Vec<String>,
    pub(crate) username: Vec<String>,
    pub(crate) url: Vec<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) folder: Vec<String>,
    pub(crate) totp: Vec<String>,
}

fn cols(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// 1Password 8 (`Title,Url,Username,Password,OTPAuth,…,Notes`) and the older
/// `title,website,username,password,notes`.
pub(crate) fn onepassword() -> Map {
    Map {
        name: cols(&["Title"]),
        value: cols(&["Password"]),
        username: cols(&["Username"]),
        url: cols(&["Url", "Website", "URL"]),
        notes: cols(&["Notes", "notesPlain"]),
        folder: cols(&["Vault", "Folder"]),
        totp: cols(&["OTPAuth", "One-time password"]),
    }
}

/// KeePassXC: `Group,Title,Username,Password,URL,Notes,TOTP,…`; the group's
/// leading `Root/` is dropped.
pub(crate) fn keepassxc() -> Map {
    Map {
        name: cols(&["Title"]),
        value: cols(&["Password"]),
        username: cols(&["Username"]),
        url: cols(&["URL"]),
        notes: cols(&["Notes"]),
        folder: cols(&["Group"]),
        totp: cols(&["TOTP"]),
    }
}

/// LastPass: `url,username,password,totp,extra,name,grouping,fav`; `extra` is
/// the notes, `grouping` the folder (`\` between folders).
pub(crate) fn lastpass() -> Map {
    Map {
        name: cols(&["name"]),
        value: cols(&["password"]),
        username: cols(&["username"]),
        url: cols(&["url"]),
        notes: cols(&["extra"]),
        folder: cols(&["grouping"]),
        totp: cols(&["totp"]),
    }
}

/// `--map name=COL,value=COL[,username=COL,url=COL,notes=COL,folder=COL,totp=COL]`.
pub(crate) fn parse_map(text: &str) -> Result<Map> {
    let usage = |what: String| {
        Error::usage(
            what,
            "give --map name=COLUMN,value=COLUMN and any of username=, url=, notes=, folder=, totp= (columns by their header)",
        )
    };
    let mut map = Map::default();
    for pair in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (key, col) = pair.split_once('=').ok_or_else(|| {
            usage(format!(
                "--map: '{}' is not KEY=COLUMN",
                crate::error::shown(pair)
            ))
        })?;
        let col = vec![col.trim().to_owned()];
        match key.trim() {
            "name" => map.name = col,
            "value" | "password" => map.value = col,
            "username" | "user" => map.username = col,
            "url" => map.url = col,
            "notes" => map.notes = col,
            "folder" => map.folder = col,
            "totp" => map.totp = col,
            other => {
                return Err(usage(format!(
                    "--map: unknown key '{}'",
                    crate::error::shown(other)
                )));
            }
        }
    }
    if map.name.is_empty() || map.value.is_empty() {
        return Err(usage("--map needs at least name= and value=".into()));
    }
    Ok(map)
}

/// The entries of a table under `map` (the first row is the header).
pub(crate) fn entries(table: Table, map: &Map, keepass: bool) -> Result<Vec<Entry>> {
    let mut rows = table.rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Ok(Vec::new());
    };
    let find = |want: &[String]| {
        want.iter()
            .find_map(|w| header.iter().position(|h| h.trim().eq_ignore_ascii_case(w)))
    };
    let need = |want: &[String], what: &str| {
        find(want).ok_or_else(|| {
            Error::usage(
                format!("the CSV header has no {what} column (looked for {})", want.join(", ")),
                "nothing was imported; pick the format it was exported in (--from), or map its columns with --from csv --map",
            )
        })
    };
    let (name, value) = (need(&map.name, "name")?, need(&map.value, "password")?);
    let (user, url, notes) = (find(&map.username), find(&map.url), find(&map.notes));
    let (folder, totp) = (find(&map.folder), find(&map.totp));
    let mut out = Vec::new();
    for (line, row) in rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|c| c.as_str()).unwrap_or("");
        let secret = |i: Option<usize>| Some(SecretValue::new(cell(i).to_owned()));
        let mut dir = cell(folder).replace('\\', "/");
        if keepass {
            dir = dir
                .strip_prefix("Root")
                .filter(|r| r.is_empty() || r.starts_with('/'))
                .map(str::to_owned)
                .unwrap_or(dir);
        }
        let title = cell(Some(name));
        out.push(Entry {
            origin: format!("line {line} ({})", crate::error::shown(title)),
            folder: dir,
            name: title.to_owned(),
            password: secret(Some(value)),
            username: Some(cell(user).to_owned()),
            url: Some(cell(url).to_owned()),
            notes: secret(notes),
            totp: secret(totp),
            fields: Vec::new(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4180() {
        let t = parse("a,b\r\n\"x,\"\"y\"\"\",\"two\nlines\"\n\n,\n").unwrap();
        let rows: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|(_, r)| r.iter().map(|c| c.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![vec!["a", "b"], vec!["x,\"y\"", "two\nlines"], vec!["", ""]]
        );
        assert_eq!(t.rows[2].0, 5);
        assert!(parse("\"open\n").is_err());
        assert!(parse("\"a\"b\n").is_err());
        assert!(parse_map("name=Title,value=Pass").is_ok());
        assert!(parse_map("name=Title").is_err());
        assert!(parse_map("colour=x,name=a,value=b").is_err());
    }
}
