//! The bytes of one line: writing a record, and taking apart the fields the
//! chain depends on without trusting the rest of the line.

use hmac::Mac;
use jiff::Timestamp;
use serde::Serialize;

use super::hex::hex;
use super::{Action, Entry, Key, Target, Who};

const MAC_NULL: &[u8] = b",\"mac\":null}";
const MAC_OPEN: &[u8] = b",\"mac\":\"";

/// A line's fields up to `mac`, in the order they are written.
#[derive(Serialize)]
struct LineOut<'a> {
    seq: u64,
    time: String,
    action: &'static str,
    secrets: &'a [Target],
    outcome: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    program: Option<&'a str>,
    user: &'a str,
    host: &'a str,
    pid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    member: Option<&'a super::entry::Member>,
    prev: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
}

/// One line, without its newline.
pub(super) fn format_line(
    entry: &Entry<'_>,
    seq: u64,
    prev: &str,
    key: Option<&Key>,
    who: &Who,
    now: Timestamp,
) -> Vec<u8> {
    let out = LineOut {
        seq,
        time: format!("{now:.6}"),
        action: entry.action.as_str(),
        secrets: entry.secrets,
        outcome: entry.outcome,
        command: entry.command.map(Action::as_str),
        program: entry.program,
        user: &who.user,
        host: &who.host,
        pid: who.pid,
        member: who.member.as_ref(),
        prev,
        key: key.map(Key::id),
    };
    let mut line = Vec::with_capacity(320);
    // Serializing plain strings and numbers into a Vec cannot fail.
    if serde_json::to_writer(&mut line, &out).is_err() {
        unreachable!("serializing an audit line into memory cannot fail");
    }
    line.pop(); // the closing brace: the mac field goes before it
    match key {
        Some(key) => {
            let mut m = key.mac();
            m.update(&line);
            m.update(b"}");
            line.extend_from_slice(MAC_OPEN);
            line.extend_from_slice(hex(&m.finalize().into_bytes()).as_bytes());
            line.extend_from_slice(b"\"}");
        }
        None => line.extend_from_slice(MAC_NULL),
    }
    line
}

/// Where the authenticated part of a line ends, and its MAC's hex bytes
/// (`None` for `"mac":null`). `None` when the line does not end with a mac field.
pub(super) fn split_mac(line: &[u8]) -> Option<(usize, Option<&[u8]>)> {
    if line.ends_with(MAC_NULL) {
        return Some((line.len() - MAC_NULL.len(), None));
    }
    let rest = line.strip_suffix(b"\"}")?;
    if rest.len() < 64 {
        return None;
    }
    let (head, mac) = rest.split_at(rest.len() - 64);
    let body = head.strip_suffix(MAC_OPEN)?;
    Some((body.len(), Some(mac)))
}

/// The sequence number from the prefix sesame writes (`{"seq":N,`).
pub(super) fn seq_of(line: &[u8]) -> Option<u64> {
    let rest = line.strip_prefix(b"{\"seq\":")?;
    let end = rest.iter().position(|b| !b.is_ascii_digit())?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

/// Non-empty lines of a file.
pub(super) fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_field_parsing() {
        let m = "a".repeat(64);
        let line = format!("{{\"seq\":1,\"mac\":\"{m}\"}}");
        assert_eq!(split_mac(line.as_bytes()), Some((8, Some(m.as_bytes()))));
        assert_eq!(split_mac(b"{\"seq\":1,\"mac\":null}"), Some((8, None)));
        assert_eq!(split_mac(b"{\"seq\":1}"), None);
        assert_eq!(split_mac(b"{\"seq\":1,\"mac\":\"ab\"}"), None);
        assert_eq!(seq_of(b"{\"seq\":123,\"x\":1}"), Some(123));
        assert_eq!(seq_of(b"{\"x\":1}"), None);
    }

    #[test]
    fn the_mac_covers_the_line_up_to_its_mac_field() {
        let key = Key::derive(&crate::crypto::Identity::generate());
        let who = crate::audit::testing::alice();
        let t = [Target::version("a", 1)];
        let now = Timestamp::UNIX_EPOCH;
        let line = format_line(&Entry::ok(Action::Get, &t), 1, "p", Some(&key), &who, now);
        let (body_end, mac) = split_mac(&line).unwrap();
        let want = key.mac().chain_update(&line[..body_end]).chain_update(b"}");
        assert_eq!(mac.unwrap(), hex(&want.finalize().into_bytes()).as_bytes());
        assert_eq!(seq_of(&line), Some(1));
        let keyless = format_line(&Entry::ok(Action::Get, &t), 2, "p", None, &who, now);
        assert!(keyless.ends_with(b",\"mac\":null}"));
        assert!(!String::from_utf8(keyless).unwrap().contains("\"key\""));
    }
}
