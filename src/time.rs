//! Times and durations as users type them: `90d`, `12h`, `1h30m`, RFC 3339.

use jiff::{SignedDuration, Timestamp};

use crate::error::{Error, Result};

/// The current time.
pub fn now() -> Timestamp {
    Timestamp::now()
}

const UNITS: [(char, u64); 5] = [
    ('w', 7 * 86_400),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// Parse a duration such as `90d`, `12h`, `1s`, `2w` or `1h30m` into seconds.
pub fn parse_duration(text: &str) -> Result<u64> {
    let bad = || {
        Error::usage(
            format!("'{text}' is not a duration"),
            "write a number and a unit: 90d, 12h, 30m, 45s, 2w, or combined like 1h30m",
        )
    };
    let text = text.trim();
    if text == "0" {
        return Ok(0);
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (_, secs) = UNITS.iter().find(|(u, _)| *u == c).ok_or_else(bad)?;
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(*secs)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        digits.clear();
        any = true;
    }
    if !digits.is_empty() || !any {
        return Err(bad());
    }
    Ok(total)
}

/// Format seconds as the shortest exact form: `90d`, `1h30m`, `0s`.
pub fn format_duration(mut secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, size) in UNITS.iter().skip(1) {
        if secs >= *size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

/// Parse `WHEN`: an RFC 3339 time, or a duration from now (`90d`).
pub fn parse_when(text: &str) -> Result<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    let secs = parse_duration(text).map_err(|_| {
        Error::usage(
            format!("'{text}' is neither a time nor a duration"),
            "give an RFC 3339 time (2027-01-31T00:00:00Z) or a duration from now (90d, 12h)",
        )
    })?;
    add_secs(now(), secs)
}

/// `ts + secs`, refusing overflow.
pub fn add_secs(ts: Timestamp, secs: u64) -> Result<Timestamp> {
    i64::try_from(secs)
        .ok()
        .and_then(|s| ts.checked_add(SignedDuration::from_secs(s)).ok())
        .ok_or_else(|| Error::usage("that time is too far in the future", "pick a shorter one"))
}

/// A timestamp as shown to people: RFC 3339, UTC, whole seconds.
pub fn show(ts: Timestamp) -> String {
    ts.round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| ts.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90d").unwrap(), 90 * 86_400);
        assert_eq!(parse_duration("1h30m").unwrap(), 5_400);
        assert_eq!(parse_duration("1s").unwrap(), 1);
        assert_eq!(parse_duration("2w").unwrap(), 14 * 86_400);
        assert_eq!(parse_duration("0").unwrap(), 0);
        for bad in ["", "d", "10", "10x", "1.5h", "-1d", "99999999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(90 * 86_400), "90d");
        assert_eq!(format_duration(5_401), "1h30m1s");
        assert_eq!(format_duration(0), "0s");
    }

    #[test]
    fn when() {
        let t = parse_when("2030-01-02T03:04:05Z").unwrap();
        assert_eq!(show(t), "2030-01-02T03:04:05Z");
        let soon = parse_when("1h").unwrap();
        assert!(soon > now());
        assert!(parse_when("tomorrow").is_err());
    }
}
