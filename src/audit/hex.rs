//! Lower-case hex, the only encoding the log uses for hashes and MACs.

use sha2::{Digest, Sha256};

pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// 64 lower-case hex digits as 32 bytes.
pub(super) fn unhex32(text: &[u8]) -> Option<[u8; 32]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, p) in out.iter_mut().zip(text.chunks_exact(2)) {
        *o = (nibble(p[0])? << 4) | nibble(p[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_lower_case_only() {
        let h = "0a".repeat(31) + "ff";
        let mut want = [10u8; 32];
        want[31] = 255;
        assert_eq!(unhex32(h.as_bytes()), Some(want));
        assert_eq!(unhex32(b"0aff"), None);
        assert_eq!(unhex32(("0g".repeat(32)).as_bytes()), None);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
