//! OpenSSH private keys (`ssh-ed25519`, `ssh-rsa`) as identities, for
//! `SESAME_IDENTITY_FILE=~/.ssh/id_ed25519`.
//!
//! age opens the vault with the key; sesame reads the file itself first, for two
//! reasons: a passphrase-protected key is decrypted here once, asked on the
//! terminal with sesame's own retries; and the audit and local-state keys are
//! derived from the private key (as they are from an `AGE-SECRET-KEY-1…`),
//! which age does not expose. The decrypted key is handed to age as an
//! unencrypted OpenSSH key in memory, never written anywhere.
//!
//! Format: <https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key>.
//! Ciphers: `none` and `aes{128,192,256}-ctr` with the `bcrypt` KDF (what
//! `ssh-keygen` writes); others are refused with the command that converts them.

use std::fmt::Write as _;

use age::secrecy::{ExposeSecret, SecretString};
use base64::prelude::{BASE64_STANDARD, Engine as _};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const OPENSSH_BEGIN: &str = "-----BEGIN OPENSSH PRIVATE KEY-----";
const OPENSSH_END: &str = "-----END OPENSSH PRIVATE KEY-----";
const RSA_BEGIN: &str = "-----BEGIN RSA PRIVATE KEY-----";
const RSA_END: &str = "-----END RSA PRIVATE KEY-----";
const MAGIC: &[u8] = b"openssh-key-v1\0";
/// A bcrypt work factor beyond any `ssh-keygen -a` in use; a file asking for
/// more is refused rather than spinning for hours.
const MAX_ROUNDS: u32 = 100_000;

/// Whether `text` is an SSH private key file (rather than age identities).
pub(crate) fn looks_like(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(OPENSSH_BEGIN) || t.starts_with(RSA_BEGIN) || t.starts_with("-----BEGIN ")
}

/// An SSH private key read from a file, perhaps still protected by a passphrase.
pub(crate) struct SshKey {
    /// The public key in SSH wire format.
    public: Vec<u8>,
    kind: Kind,
}

enum Kind {
    /// PKCS#1 `RSA PRIVATE KEY` (unencrypted): the DER.
    Pkcs1(Zeroizing<Vec<u8>>),
    /// OpenSSH, unencrypted: the private section.
    Plain(Zeroizing<Vec<u8>>),
    /// OpenSSH, encrypted with AES-CTR (key length in bytes) and bcrypt.
    Encrypted {
        key_len: usize,
        salt: Vec<u8>,
        rounds: u32,
        private: Vec<u8>,
    },
}

/// Why a key could not be used.
#[derive(Debug)]
pub(crate) enum SshError {
    /// The passphrase did not decrypt the key.
    WrongPassphrase,
    /// Anything else, as a sentence fragment ("is …").
    Unusable(String),
}

fn unusable(why: impl Into<String>) -> SshError {
    SshError::Unusable(why.into())
}

/// Read the SSH wire format: u32 big-endian lengths, strings.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn u32(&mut self) -> Result<u32, SshError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<4>()
            .ok_or_else(|| unusable("is not a valid OpenSSH private key (truncated)"))?;
        self.0 = rest;
        Ok(u32::from_be_bytes(*head))
    }

    fn string(&mut self) -> Result<&'a [u8], SshError> {
        let len = self.u32()? as usize;
        if len > self.0.len() {
            return Err(unusable("is not a valid OpenSSH private key (truncated)"));
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(s)
    }
}

fn put_string(out: &mut Vec<u8>, s: &[u8]) {
    // Every field comes from a file far smaller than 4 GiB (checked on read).
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

/// The base64 body between `begin` and `end`.
fn armored(text: &str, begin: &str, end: &str) -> Result<Zeroizing<Vec<u8>>, SshError> {
    let body = text
        .trim()
        .strip_prefix(begin)
        .and_then(|t| t.strip_suffix(end))
        .ok_or_else(|| unusable("is not a valid SSH private key (one key per file)"))?;
    if body.contains(':') {
        return Err(unusable(
            "is an RSA key in the old encrypted PEM format, which age cannot use (convert it with `ssh-keygen -p -f FILE`)",
        ));
    }
    let b64: Zeroizing<String> = Zeroizing::new(body.split_whitespace().collect());
    BASE64_STANDARD
        .decode(b64.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| unusable("is not a valid SSH private key (bad base64)"))
}

impl SshKey {
    /// Parse an SSH private key file. The error never echoes the file.
    pub(crate) fn parse(text: &str) -> Result<SshKey, SshError> {
        let t = text.trim_start();
        if t.starts_with(RSA_BEGIN) {
            let mut key = SshKey {
                public: Vec::new(),
                kind: Kind::Pkcs1(armored(text, RSA_BEGIN, RSA_END)?),
            };
            let (_, recipient, _) = key.decrypt(None)?;
            key.public = BASE64_STANDARD
                .decode(recipient.to_string().split(' ').nth(1).unwrap_or_default())
                .map_err(|_| unusable("is not a valid SSH private key"))?;
            return Ok(key);
        }
        if !t.starts_with(OPENSSH_BEGIN) {
            return Err(unusable(
                "is a PEM key age cannot use (an OpenSSH ssh-ed25519 or ssh-rsa key is needed)",
            ));
        }
        let blob = armored(text, OPENSSH_BEGIN, OPENSSH_END)?;
        let rest = blob
            .strip_prefix(MAGIC)
            .ok_or_else(|| unusable("is not a valid OpenSSH private key"))?;
        let mut r = Reader(rest);
        let cipher = r.string()?;
        let kdf = r.string()?;
        let kdf_options = r.string()?;
        if r.u32()? != 1 {
            return Err(unusable("holds several keys (one key per file)"));
        }
        let public = r.string()?.to_vec();
        let private = r.string()?;
        let key_len = match cipher {
            b"none" => {
                return Ok(SshKey {
                    public,
                    kind: Kind::Plain(Zeroizing::new(private.to_vec())),
                });
            }
            b"aes128-ctr" => 16,
            b"aes192-ctr" => 24,
            b"aes256-ctr" => 32,
            other => {
                return Err(unusable(format!(
                    "is encrypted with {}, which sesame cannot decrypt (re-encrypt it with `ssh-keygen -p -Z aes256-ctr -f FILE`)",
                    String::from_utf8_lossy(other)
                )));
            }
        };
        if kdf != b"bcrypt" {
            return Err(unusable(format!(
                "uses the key derivation {}, which sesame cannot use",
                String::from_utf8_lossy(kdf)
            )));
        }
        let mut o = Reader(kdf_options);
        let salt = o.string()?.to_vec();
        let rounds = o.u32()?;
        if rounds == 0 || rounds > MAX_ROUNDS {
            return Err(unusable(format!(
                "asks for {rounds} bcrypt rounds (sesame accepts 1 to {MAX_ROUNDS})"
            )));
        }
        if private.len() % 16 != 0 {
            return Err(unusable("is not a valid OpenSSH private key (bad length)"));
        }
        Ok(SshKey {
            public,
            kind: Kind::Encrypted {
                key_len,
                salt,
                rounds,
                private: private.to_vec(),
            },
        })
    }

    /// Whether a passphrase is needed.
    pub(crate) fn is_encrypted(&self) -> bool {
        matches!(self.kind, Kind::Encrypted { .. })
    }

    /// The usable identity; `passphrase` is needed when [`Self::is_encrypted`].
    pub(crate) fn decrypt(
        &self,
        passphrase: Option<&SecretString>,
    ) -> Result<(age::ssh::Identity, age::ssh::Recipient, SecretString), SshError> {
        let private = match &self.kind {
            Kind::Pkcs1(der) => {
                let id = self.age_identity(&self.pem(RSA_BEGIN, RSA_END, der))?;
                let recipient = recipient_of(&id)?;
                let secret = format!("sesame-ssh-rsa-pkcs1:{}", hex(&Sha256::digest(&**der)));
                return Ok((id, recipient, SecretString::from(secret)));
            }
            Kind::Plain(p) => p.clone(),
            Kind::Encrypted {
                key_len,
                salt,
                rounds,
                private,
            } => {
                let pw = passphrase.ok_or_else(|| unusable("needs its passphrase"))?;
                decrypt_ctr(pw, salt, *rounds, *key_len, private)?
            }
        };
        let secret = private_secret(&private)?;
        let mut blob = Zeroizing::new(MAGIC.to_vec());
        put_string(&mut blob, b"none");
        put_string(&mut blob, b"none");
        put_string(&mut blob, b"");
        blob.extend_from_slice(&1u32.to_be_bytes());
        put_string(&mut blob, &self.public);
        put_string(&mut blob, &private);
        let id = self.age_identity(&self.pem(OPENSSH_BEGIN, OPENSSH_END, &blob))?;
        let recipient = recipient_of(&id)?;
        Ok((id, recipient, secret))
    }

    fn pem(&self, begin: &str, end: &str, der: &[u8]) -> Zeroizing<String> {
        let b64 = Zeroizing::new(BASE64_STANDARD.encode(der));
        let mut pem = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 80));
        pem.push_str(begin);
        pem.push('\n');
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(chunk));
            pem.push('\n');
        }
        pem.push_str(end);
        pem.push('\n');
        pem
    }

    fn age_identity(&self, pem: &str) -> Result<age::ssh::Identity, SshError> {
        use age::ssh::{Identity as I, UnsupportedKey as U};
        match I::from_buffer(pem.as_bytes(), None) {
            Ok(id @ I::Unencrypted(_)) => Ok(id),
            Ok(I::Unsupported(U::Hardware(kind) | U::Type(kind))) => Err(unusable(format!(
                "is an SSH key of type {kind}, which age cannot use (use ssh-ed25519 or ssh-rsa)"
            ))),
            Ok(_) | Err(_) => Err(unusable("is not an SSH private key age can use")),
        }
    }
}

fn recipient_of(id: &age::ssh::Identity) -> Result<age::ssh::Recipient, SshError> {
    use age::ssh::ParseRecipientKeyError as E;
    age::ssh::Recipient::try_from(id.clone()).map_err(|e| match e {
        E::RsaModulusTooLarge => unusable("is an RSA key larger than age accepts (4096 bits)"),
        E::Unsupported(kind) => unusable(format!(
            "is an SSH key of type {kind}, which age cannot use (use ssh-ed25519 or ssh-rsa)"
        )),
        _ => unusable("is not an SSH private key age can use"),
    })
}

/// Decrypt the private section (AES-CTR, key and IV from bcrypt-pbkdf).
fn decrypt_ctr(
    passphrase: &SecretString,
    salt: &[u8],
    rounds: u32,
    key_len: usize,
    private: &[u8],
) -> Result<Zeroizing<Vec<u8>>, SshError> {
    use aes::cipher::{KeyIvInit, StreamCipher};
    let mut material = Zeroizing::new(vec![0u8; key_len + 16]);
    bcrypt_pbkdf::bcrypt_pbkdf(
        passphrase.expose_secret().as_bytes(),
        salt,
        rounds,
        &mut material,
    )
    .map_err(|_| unusable("has an unusable bcrypt salt"))?;
    let (key, iv) = material.split_at(key_len);
    let mut out = Zeroizing::new(private.to_vec());
    let bad_len = || unusable("has an unusable cipher key");
    match key_len {
        16 => ctr::Ctr128BE::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| bad_len())?
            .apply_keystream(&mut out),
        24 => ctr::Ctr128BE::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(|_| bad_len())?
            .apply_keystream(&mut out),
        _ => ctr::Ctr128BE::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| bad_len())?
            .apply_keystream(&mut out),
    }
    // The two check integers agree only when the passphrase was right.
    if out.len() < 8 || out[0..4] != out[4..8] {
        return Err(SshError::WrongPassphrase);
    }
    Ok(out)
}

/// A string made of the private key alone (not the comment, nor the check
/// integers that change each time the file is written), for deriving keys.
fn private_secret(private: &[u8]) -> Result<SecretString, SshError> {
    let mut r = Reader(private);
    let (c1, c2) = (r.u32()?, r.u32()?);
    if c1 != c2 {
        return Err(unusable(
            "is not a valid OpenSSH private key (check mismatch)",
        ));
    }
    let kind = r.string()?;
    let fields = match kind {
        b"ssh-ed25519" => 2,
        b"ssh-rsa" => 6,
        other => {
            return Err(unusable(format!(
                "is an SSH key of type {}, which age cannot use (use ssh-ed25519 or ssh-rsa)",
                String::from_utf8_lossy(other)
            )));
        }
    };
    let mut h = Sha256::new();
    h.update(kind);
    for _ in 0..fields {
        let f = r.string()?;
        h.update((f.len() as u32).to_be_bytes());
        h.update(f);
    }
    let name = String::from_utf8_lossy(kind);
    Ok(SecretString::from(format!(
        "sesame-{name}:{}",
        hex(&h.finalize())
    )))
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
