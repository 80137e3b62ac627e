//! Random values from the OS CSPRNG, without modulo bias.
//!
//! Each symbol is drawn by rejection sampling: a random byte (or pair of bytes,
//! for the word list) is kept only if it falls below the largest multiple of the
//! alphabet size, so every symbol is exactly equally likely.

use crate::error::{Error, Result};
use crate::value::SecretValue;
use crate::vault::model::{Charset, GeneratorSpec};
use zeroize::Zeroizing;

/// The EFF large word list (7,776 words; CC BY 3.0, Electronic Frontier Foundation).
const WORDLIST_TEXT: &str = include_str!("eff_large_wordlist.txt");

/// The built-in word list.
pub(crate) fn wordlist() -> impl Iterator<Item = &'static str> + Clone {
    // Exactly WORDLIST_LEN lines; checked by a unit test.
    WORDLIST_TEXT.lines().take(WORDLIST_LEN)
}

pub(crate) const WORDLIST_LEN: usize = 7776;

/// Default length for character generators.
pub(crate) const DEFAULT_LENGTH: u32 = 32;
/// Longest generated value accepted.
pub(crate) const MAX_LENGTH: u32 = 4096;

impl Charset {
    /// The symbols of the set.
    pub(crate) fn alphabet(self) -> &'static [u8] {
        match self {
            Charset::Alnum => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            Charset::Alpha => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            Charset::Digits => b"0123456789",
            Charset::Hex => b"0123456789abcdef",
            Charset::Base32 => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            Charset::Base64 => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            Charset::Base64url => {
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            }
            Charset::Ascii => {
                b"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
            }
        }
    }

    /// The name used on the command line.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Charset::Alnum => "alnum",
            Charset::Alpha => "alpha",
            Charset::Digits => "digits",
            Charset::Hex => "hex",
            Charset::Base32 => "base32",
            Charset::Base64 => "base64",
            Charset::Base64url => "base64url",
            Charset::Ascii => "ascii",
        }
    }
}

/// Fill `buf` from the OS CSPRNG.
fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| {
        Error::Other(format!(
            "the operating system's random number generator failed ({e}) — nothing was generated"
        ))
    })
}

/// `count` uniform indices below `n` (`n` ≤ 65,536), by rejection sampling.
fn uniform_indices(n: usize, count: usize) -> Result<Zeroizing<Vec<u16>>> {
    assert!((2..=65_536).contains(&n), "alphabet size out of range");
    let mut out = Zeroizing::new(Vec::with_capacity(count));
    if n <= 256 {
        let limit = 256 - (256 % n); // accept bytes below the largest multiple of n
        let mut buf = Zeroizing::new(vec![0u8; count.max(16) * 2]);
        while out.len() < count {
            fill(&mut buf)?;
            for &b in buf.iter() {
                if (b as usize) < limit && out.len() < count {
                    out.push((b as usize % n) as u16);
                }
            }
        }
    } else {
        let limit = 65_536 - (65_536 % n);
        let mut buf = Zeroizing::new(vec![0u8; count.max(16) * 4]);
        while out.len() < count {
            fill(&mut buf)?;
            for pair in buf.chunks_exact(2) {
                let v = u16::from_le_bytes([pair[0], pair[1]]) as usize;
                if v < limit && out.len() < count {
                    out.push((v % n) as u16);
                }
            }
        }
    }
    Ok(out)
}

/// Check a spec before using it.
pub(crate) fn validate(spec: &GeneratorSpec) -> Result<()> {
    let (n, what) = match spec {
        GeneratorSpec::Chars { length, .. } => (*length, "--length"),
        GeneratorSpec::Words { count, .. } => (*count, "--words"),
    };
    if n == 0 || n > MAX_LENGTH {
        return Err(Error::usage(
            format!("{what} {n} is out of range"),
            format!("pick a number from 1 to {MAX_LENGTH}"),
        ));
    }
    Ok(())
}

/// Make a fresh value from a spec.
pub(crate) fn generate(spec: &GeneratorSpec) -> Result<SecretValue> {
    validate(spec)?;
    match spec {
        GeneratorSpec::Chars {
            charset,
            length,
            prefix,
        } => {
            let alphabet = charset.alphabet();
            let idx = uniform_indices(alphabet.len(), *length as usize)?;
            let mut s = String::with_capacity(prefix.len() + idx.len());
            s.push_str(prefix);
            s.extend(idx.iter().map(|&i| alphabet[i as usize] as char));
            Ok(SecretValue::new(s))
        }
        GeneratorSpec::Words {
            count,
            separator,
            prefix,
        } => {
            let words: Vec<&str> = wordlist().collect();
            let idx = uniform_indices(words.len(), *count as usize)?;
            // Exact capacity: the string never reallocates, so no unzeroed
            // partial copy of the passphrase is freed along the way.
            let len = prefix.len()
                + idx.iter().map(|&i| words[i as usize].len()).sum::<usize>()
                + separator.len() * idx.len().saturating_sub(1);
            let mut s = String::with_capacity(len);
            s.push_str(prefix);
            for (k, &i) in idx.iter().enumerate() {
                if k > 0 {
                    s.push_str(separator);
                }
                s.push_str(words[i as usize]);
            }
            Ok(SecretValue::new(s))
        }
    }
}

/// Bits of entropy a spec gives (the prefix adds none).
pub(crate) fn entropy_bits(spec: &GeneratorSpec) -> f64 {
    match spec {
        GeneratorSpec::Chars {
            charset, length, ..
        } => f64::from(*length) * (charset.alphabet().len() as f64).log2(),
        GeneratorSpec::Words { count, .. } => f64::from(*count) * (WORDLIST_LEN as f64).log2(),
    }
}

/// One line describing a spec: `alnum × 40, prefix "sk_live_" (238 bits)`.
pub(crate) fn describe(spec: &GeneratorSpec) -> String {
    let (body, prefix) = match spec {
        GeneratorSpec::Chars {
            charset,
            length,
            prefix,
        } => (format!("{length} {} characters", charset.name()), prefix),
        GeneratorSpec::Words {
            count,
            separator,
            prefix,
        } => (format!("{count} words separated by '{separator}'"), prefix),
    };
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!(", prefix '{prefix}'")
    };
    format!("{body}{prefix} ({:.0} bits)", entropy_bits(spec).floor())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordlist_is_whole_and_unique() {
        let all: Vec<&str> = WORDLIST_TEXT.lines().collect();
        assert_eq!(all.len(), WORDLIST_LEN);
        let set: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(set.len(), WORDLIST_LEN);
    }

    /// Chi-squared test of uniformity: with k-1 degrees of freedom the statistic
    /// has mean k-1 and standard deviation sqrt(2(k-1)); a biased sampler (such
    /// as `byte % 62`, which favours the first 8 symbols by 1/32) lands far out.
    fn chi_squared(counts: &[u64], total: u64) -> f64 {
        let expected = total as f64 / counts.len() as f64;
        counts
            .iter()
            .map(|&c| (c as f64 - expected).powi(2) / expected)
            .sum()
    }

    fn bound(k: usize) -> f64 {
        let df = (k - 1) as f64;
        df + 6.0 * (2.0 * df).sqrt()
    }

    #[test]
    fn uniform_for_every_charset() {
        for cs in [
            Charset::Alnum,
            Charset::Alpha,
            Charset::Digits,
            Charset::Hex,
            Charset::Base32,
            Charset::Base64,
            Charset::Base64url,
            Charset::Ascii,
        ] {
            let k = cs.alphabet().len();
            let total = 400_000usize;
            let idx = uniform_indices(k, total).unwrap();
            let mut counts = vec![0u64; k];
            for &i in idx.iter() {
                counts[i as usize] += 1;
            }
            let x2 = chi_squared(&counts, total as u64);
            assert!(x2 < bound(k), "{cs:?}: chi2 {x2} over {k} symbols");
        }
    }

    #[test]
    fn the_test_catches_modulo_bias() {
        // The statistic must reject the naive sampler, or the test above proves nothing.
        let k = 62;
        let total = 400_000usize;
        let mut buf = vec![0u8; total];
        fill(&mut buf).unwrap();
        let mut counts = vec![0u64; k];
        for b in buf {
            counts[b as usize % k] += 1;
        }
        assert!(chi_squared(&counts, total as u64) > bound(k));
    }

    #[test]
    fn words_uniform_and_generated() {
        let idx = uniform_indices(WORDLIST_LEN, 777_600).unwrap();
        let mut counts = vec![0u64; WORDLIST_LEN];
        for &i in idx.iter() {
            counts[i as usize] += 1;
        }
        assert!(chi_squared(&counts, 777_600) < bound(WORDLIST_LEN));
        let spec = GeneratorSpec::Words {
            count: 6,
            separator: "-".into(),
            prefix: String::new(),
        };
        let v = generate(&spec).unwrap();
        assert!(v.expose().split('-').count() >= 6);
        assert!((entropy_bits(&spec) - 77.5).abs() < 0.1);
    }

    #[test]
    fn chars_with_prefix() {
        let spec = GeneratorSpec::Chars {
            charset: Charset::Hex,
            length: 40,
            prefix: "sk_live_".into(),
        };
        let v = generate(&spec).unwrap();
        let rest = v.expose().strip_prefix("sk_live_").unwrap();
        assert_eq!(rest.len(), 40);
        assert!(rest.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(entropy_bits(&spec), 160.0);
        assert_ne!(generate(&spec).unwrap(), v);
    }
}
