//! Times and durations as users type them: `90d`, `12h`, `1h30m`, RFC 3339.

use std::str::FromStr;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::error::{Error, Result};

pub(crate) fn now() -> Timestamp {
    Timestamp::now()
}

/// Units of durations, longest spelling first where one is a prefix of
/// another (`mo` before `m`). A year is 365 days and a month 30: durations are
/// fixed lengths (`--max-age 1y`); give a date for a calendar day.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 86_400),
    ("mo", 30 * 86_400),
    ("w", 7 * 86_400),
    ("d", 86_400),
    ("h", 3_600),
    ("m", 60),
    ("s", 1),
];

/// Why text typed as a duration or a time was refused. Only `what` is shown
/// after clap's "invalid value 'X' for '--flag'", and `hint` after the dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Invalid {
    /// What is wrong with the text (it is quoted by whoever reports it).
    pub(crate) what: &'static str,
    /// What to write instead.
    pub(crate) hint: &'static str,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what)
    }
}

impl std::error::Error for Invalid {}

const NOT_A_DURATION: Invalid = Invalid {
    what: "not a duration",
    hint: "write a number and a unit: 1y, 6mo, 2w, 90d, 12h, 30m, 45s, or combined like 1h30m",
};

const NOT_A_TIME: Invalid = Invalid {
    what: "neither a time nor a duration",
    hint: "give a date (2027-01-31), an RFC 3339 time (2027-01-31T09:00:00Z) or a duration from now (90d, 1y)",
};

/// Parse a duration such as `90d`, `12h`, `1s`, `2w`, `6mo`, `1y` or `1h30m`
/// into seconds (`0` alone is zero). Flags get it through [`Secs`]; the config
/// file calls it.
pub(crate) fn parse_duration(text: &str) -> Result<u64, Invalid> {
    let text = text.trim();
    if text == "0" {
        return Ok(0);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = rest[..digits].parse().map_err(|_| NOT_A_DURATION)?;
        rest = &rest[digits..];
        let (unit, secs) = UNITS
            .iter()
            .find(|(u, _)| rest.starts_with(u))
            .ok_or(NOT_A_DURATION)?;
        rest = &rest[unit.len()..];
        total = n
            .checked_mul(*secs)
            .and_then(|v| total.checked_add(v))
            .ok_or(NOT_A_DURATION)?;
    }
    if text.is_empty() {
        return Err(NOT_A_DURATION);
    }
    Ok(total)
}

/// Format seconds as the shortest exact form: `90d`, `1h30m`, `0s`.
pub(crate) fn format_duration(mut secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    // Days and smaller: `400d`, not `1y1mo5d`, which reads as a calendar span.
    for (unit, size) in UNITS.iter().skip(3) {
        if secs >= *size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

/// A duration in whole seconds as users type it (`DUR`): `90d`, `1h30m`, `0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Secs(pub u64);

impl Secs {
    /// The seconds, or `None` for `0` (the flags where 0 means "none").
    pub(crate) fn nonzero(self) -> Option<u64> {
        (self.0 > 0).then_some(self.0)
    }
}

impl FromStr for Secs {
    type Err = Invalid;
    fn from_str(text: &str) -> Result<Self, Invalid> {
        parse_duration(text).map(Secs)
    }
}

/// How long something may run or stay: a duration longer than 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timeout(pub(crate) Duration);

impl FromStr for Timeout {
    type Err = Invalid;
    fn from_str(text: &str) -> Result<Self, Invalid> {
        match parse_duration(text)? {
            0 => Err(Invalid {
                what: "a timeout must be longer than 0",
                hint: "give a duration such as 60s, 15m or 8h",
            }),
            secs => Ok(Timeout(Duration::from_secs(secs))),
        }
    }
}

/// A time as users type it (`WHEN`): RFC 3339, or a duration from now,
/// resolved against the clock when it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct When(pub(crate) Timestamp);

impl FromStr for When {
    type Err = Invalid;
    fn from_str(text: &str) -> Result<Self, Invalid> {
        if let Ok(ts) = text.parse::<Timestamp>() {
            return Ok(When(ts));
        }
        if let Some(ts) = civil_utc(text) {
            return Ok(When(ts));
        }
        let secs = parse_duration(text).map_err(|_| NOT_A_TIME)?;
        add_secs(now(), secs).map(When).map_err(|_| Invalid {
            what: "that time is too far in the future",
            hint: "pick a shorter one",
        })
    }
}

/// A date (`2027-01-31`: its start, 00:00 UTC) or a date and time without an
/// offset (`2027-01-31T09:00`, `2027-01-31 09:00:00`), read as UTC.
fn civil_utc(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let utc = |dt: jiff::civil::DateTime| dt.to_zoned(jiff::tz::TimeZone::UTC).ok();
    if text.len() == 10 {
        let date = text.parse::<jiff::civil::Date>().ok()?;
        return utc(date.to_datetime(jiff::civil::Time::midnight())).map(|z| z.timestamp());
    }
    let dt = text
        .replacen(' ', "T", 1)
        .parse::<jiff::civil::DateTime>()
        .ok()?;
    utc(dt).map(|z| z.timestamp())
}

/// `--expires`: `never` (no expiry), or a [`When`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// `never`.
    Never,
    At(Timestamp),
}

impl Expiry {
    /// The time, or `None` for `never`.
    pub(crate) fn at(self) -> Option<Timestamp> {
        match self {
            Expiry::Never => None,
            Expiry::At(t) => Some(t),
        }
    }
}

impl FromStr for Expiry {
    type Err = Invalid;
    fn from_str(text: &str) -> Result<Self, Invalid> {
        if text == "never" {
            return Ok(Expiry::Never);
        }
        if text.starts_with('-') {
            return Err(Invalid {
                what: "an expiry cannot be a negative duration",
                hint: "give a date (2027-01-31), a duration from now (90d, 1y), or never",
            });
        }
        text.parse::<When>()
            .map(|w| Expiry::At(w.0))
            .map_err(|e| match e {
                NOT_A_TIME => Invalid {
                    what: "neither a time, a duration nor `never`",
                    hint: "give a date (2027-01-31), an RFC 3339 time (2027-01-31T09:00:00Z), a duration from now (90d, 1y), or never",
                },
                other => other,
            })
    }
}

/// `ts + secs`, refusing overflow.
pub(crate) fn add_secs(ts: Timestamp, secs: u64) -> Result<Timestamp> {
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
        assert_eq!(parse_duration("1y").unwrap(), 365 * 86_400);
        assert_eq!(parse_duration("6mo").unwrap(), 180 * 86_400);
        assert_eq!(parse_duration("1y6mo").unwrap(), 545 * 86_400);
        assert_eq!(parse_duration("1mo1m").unwrap(), 30 * 86_400 + 60);
        assert_eq!(parse_duration(" 12h ").unwrap(), 12 * 3_600);
        let too_big = "30600000000000w"; // fits u64 as a number, not as seconds
        for bad in [
            "",
            "d",
            "10",
            "10x",
            "1.5h",
            "-1d",
            "1h 30m",
            "0s0",
            "h1",
            "99999999999999999999d",
            too_big,
            "18446744073709551615s1s",
            "1mon",
            "1yr",
            "y",
            "1M",
        ] {
            assert_eq!(parse_duration(bad), Err(NOT_A_DURATION), "{bad}");
        }
        assert_eq!(parse_duration("18446744073709551615s"), Ok(u64::MAX));
        assert_eq!(format_duration(90 * 86_400), "90d");
        assert_eq!(format_duration(365 * 86_400), "365d");
        assert_eq!(format_duration(5_401), "1h30m1s");
        assert_eq!(format_duration(0), "0s");
    }

    #[test]
    fn secs_and_timeouts() {
        assert_eq!("90d".parse::<Secs>(), Ok(Secs(90 * 86_400)));
        assert_eq!("0".parse::<Secs>().unwrap().nonzero(), None);
        assert_eq!("1m".parse::<Secs>().unwrap().nonzero(), Some(60));
        assert_eq!("soon".parse::<Secs>(), Err(NOT_A_DURATION));
        assert_eq!(
            "90s".parse::<Timeout>(),
            Ok(Timeout(Duration::from_secs(90)))
        );
        let zero = "0".parse::<Timeout>().unwrap_err();
        assert!(zero.what.contains("longer than 0"), "{zero}");
        assert_eq!("1.5s".parse::<Timeout>(), Err(NOT_A_DURATION));
    }

    #[test]
    fn when() {
        let t: When = "2030-01-02T03:04:05Z".parse().unwrap();
        assert_eq!(show(t.0), "2030-01-02T03:04:05Z");
        let offset: When = "2030-01-02T04:04:05+01:00".parse().unwrap();
        assert_eq!(offset, t);
        let before = now();
        let soon: When = "1h".parse().unwrap();
        assert!(
            soon.0 >= add_secs(before, 3_600).unwrap() && soon.0 <= add_secs(now(), 3_600).unwrap()
        );
        let day: When = "2027-01-31".parse().unwrap();
        assert_eq!(show(day.0), "2027-01-31T00:00:00Z");
        let civil: When = "2027-01-31T09:30".parse().unwrap();
        assert_eq!(show(civil.0), "2027-01-31T09:30:00Z");
        let spaced: When = "2027-01-31 09:30:15".parse().unwrap();
        assert_eq!(show(spaced.0), "2027-01-31T09:30:15Z");
        for bad in ["2027-02-30", "2027-1-31", "31.01.2027", "2027-01-31T25:00"] {
            assert_eq!(bad.parse::<When>(), Err(NOT_A_TIME), "{bad}");
        }
        assert_eq!("tomorrow".parse::<When>(), Err(NOT_A_TIME));
        assert_eq!("2030-13-01T00:00:00Z".parse::<When>(), Err(NOT_A_TIME));
        // A duration that is one, but lands past the year 9999.
        let far = "100000000w".parse::<When>().unwrap_err();
        assert!(far.what.contains("too far"), "{far}");
    }

    #[test]
    fn expiry() {
        assert_eq!("never".parse::<Expiry>(), Ok(Expiry::Never));
        assert_eq!(Expiry::Never.at(), None);
        let at = "2030-01-02T03:04:05Z".parse::<Expiry>().unwrap();
        assert_eq!(at.at().map(show).as_deref(), Some("2030-01-02T03:04:05Z"));
        assert!("3d".parse::<Expiry>().unwrap().at().unwrap() > now());
        let bad = "Never".parse::<Expiry>().unwrap_err();
        assert!(bad.hint.contains("never"), "{bad:?}");
        let far = "100000000w".parse::<Expiry>().unwrap_err();
        assert!(far.what.contains("too far"), "{far}");
    }
}

/// Serde for timestamps in the vault: RFC 3339 in UTC, with a fast path for the
/// fixed shape sesame writes (`2026-11-23T16:33:38.612024370Z`).
///
/// Parsing 30,000 timestamps through the general parser cost a quarter of a
/// `get` on a 10,000-secret store; this path costs a few dozen instructions
/// each. Anything else (offsets, odd precision, far years) goes through jiff.
pub(crate) mod rfc3339 {
    use jiff::Timestamp;
    use serde::{Deserializer, Serializer};

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count from 1970-01-01.
    fn civil_from_days(z: i64) -> (i64, i64, i64) {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }

    fn digits(b: &[u8]) -> Option<i64> {
        b.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    }

    /// Parse the shape sesame writes; `None` sends the text to jiff.
    pub(crate) fn parse_fast(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
            return None;
        }
        if b[16] != b':' || *b.last()? != b'Z' {
            return None;
        }
        let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
        let (h, mi, se) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let frac = &b[19..b.len() - 1];
        let nanos = match frac {
            [] => 0,
            [b'.', rest @ ..] if (1..=9).contains(&rest.len()) => {
                digits(rest)? * 10i64.pow(9 - rest.len() as u32)
            }
            _ => return None,
        };
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&mo) || d < 1 || d > month_days[(mo - 1) as usize] {
            return None;
        }
        if h > 23 || mi > 59 || se > 59 {
            return None;
        }
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + se;
        Timestamp::new(secs, i32::try_from(nanos).ok()?).ok()
    }

    /// Format as `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, fraction without trailing zeros.
    pub(crate) fn format(ts: Timestamp) -> String {
        let secs = ts.as_second();
        let nanos = ts.subsec_nanosecond();
        if !(0..253_402_300_800).contains(&secs) || nanos < 0 {
            return ts.to_string(); // before 1970 or past 9999: let jiff do it
        }
        let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        let mut b = [0u8; 30];
        let put = |b: &mut [u8], at: usize, width: usize, mut v: i64| {
            for i in (0..width).rev() {
                b[at + i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(&mut b, 0, 4, y);
        b[4] = b'-';
        put(&mut b, 5, 2, mo);
        b[7] = b'-';
        put(&mut b, 8, 2, d);
        b[10] = b'T';
        put(&mut b, 11, 2, rem / 3_600);
        b[13] = b':';
        put(&mut b, 14, 2, rem % 3_600 / 60);
        b[16] = b':';
        put(&mut b, 17, 2, rem % 60);
        let mut len = 19;
        if nanos > 0 {
            b[19] = b'.';
            put(&mut b, 20, 9, i64::from(nanos));
            len = 29;
            while b[len - 1] == b'0' {
                len -= 1;
            }
        }
        b[len] = b'Z';
        // Every byte written above is an ASCII digit or separator.
        String::from_utf8_lossy(&b[..=len]).into_owned()
    }

    pub(crate) fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(*ts))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        // A visitor rather than `Cow<str>`, which serde always makes owned:
        // borrowing avoids an allocation per timestamp.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an RFC 3339 timestamp")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Timestamp, E> {
                parse_fast(s).map(Ok).unwrap_or_else(|| {
                    s.parse::<Timestamp>()
                        .map_err(|_| E::custom("bad timestamp"))
                })
            }
        }
        d.deserialize_str(V)
    }

    /// The same for `Option<Timestamp>`.
    pub(crate) mod option {
        use jiff::Timestamp;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(
            ts: &Option<Timestamp>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match ts {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Timestamp>, D::Error> {
            #[derive(Deserialize)]
            struct W(#[serde(with = "super")] Timestamp);
            Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn fast_path_agrees_with_jiff() {
            let mut x: i64 = 0x2545_f491_4f6c_dd1d;
            for _ in 0..20_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let secs = x.rem_euclid(253_402_300_799);
                let nanos = match x.rem_euclid(3) {
                    0 => 0,
                    1 => (x.rem_euclid(1000) * 1_000_000) as i32,
                    _ => x.rem_euclid(1_000_000_000) as i32,
                };
                let ts = Timestamp::new(secs, nanos).unwrap();
                let text = format(ts);
                assert_eq!(text, ts.to_string(), "format {secs}.{nanos}");
                assert_eq!(parse_fast(&text), Some(ts), "parse {text}");
            }
        }

        #[test]
        fn odd_shapes_fall_back_or_fail() {
            assert_eq!(parse_fast("2026-02-30T00:00:00Z"), None);
            assert_eq!(parse_fast("2026-01-01T00:00:00+01:00"), None);
            assert_eq!(parse_fast("2026-01-01T24:00:00Z"), None);
            assert_eq!(parse_fast("2026-01-01T00:00:00.Z"), None);
            #[derive(serde::Deserialize)]
            struct T(#[serde(with = "super")] Timestamp);
            let t: T = serde_json::from_str(r#""2026-01-01T01:00:00+01:00""#).unwrap();
            assert_eq!(t.0, "2026-01-01T00:00:00Z".parse::<Timestamp>().unwrap());
            assert!(serde_json::from_str::<T>(r#""yesterday""#).is_err());
        }
    }
}
