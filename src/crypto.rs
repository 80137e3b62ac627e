//! age, and nothing else: the passphrase-wrapped identity, recipients, and
//! encrypting or decrypting a payload.
//!
//! Every file sesame writes is a standard age file, so the reference `age` CLI
//! alone can recover everything (ARCHITECTURE.md, "The store format").

use std::fmt;
use std::io::{Read, Write};
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use age::{DecryptError, Decryptor, Encryptor};
use zeroize::Zeroizing;

use crate::memlock::MemLock;

pub(crate) mod ssh;

/// The scrypt work factor for a new identity: about 1 s and 256 MiB here.
pub(crate) const DEFAULT_WORK_FACTOR: u8 = 18;
/// The largest work factor sesame writes or accepts in a file (a hostile file
/// could otherwise demand hours of CPU and tens of GiB).
pub(crate) const MAX_WORK_FACTOR: u8 = 22;

/// A private key that opens the vault: an age X25519 identity, or an OpenSSH
/// `ssh-ed25519`/`ssh-rsa` key (already decrypted). `Debug` never shows it.
///
/// The key lives in its own heap allocation, which stays put for the
/// identity's life and is `mlock`ed where the OS allows (see [`crate::memlock`]);
/// age zeroizes it on drop.
pub struct Identity {
    key: Key,
    _lock: MemLock,
    /// What a CI token (`SESAME-CI-1…`) carries beside the key: the store id
    /// and the admins' verifying keys that CI checks signatures against.
    ci: Option<Box<CiPins>>,
}

/// The trust a CI token carries (store format 2; see `vault::signed`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct CiPins {
    pub(crate) store_id: String,
    pub(crate) admins: Vec<String>,
}

/// The prefix of a CI token.
pub(crate) const CI_TOKEN_PREFIX: &str = "SESAME-CI-1";

enum Key {
    X25519(Box<x25519::Identity>),
    /// The key, its recipient (`ssh-ed25519 AAAA…`), and the string that
    /// stands for its private part (see [`ssh`]).
    Ssh(Box<age::ssh::Identity>, age::ssh::Recipient, SecretString),
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity({})", self.public())
    }
}

impl Identity {
    fn new(key: x25519::Identity) -> Self {
        let key = Box::new(key);
        let lock = MemLock::lock(&*key);
        Identity {
            key: Key::X25519(key),
            _lock: lock,
            ci: None,
        }
    }

    /// An OpenSSH key, decrypted (see [`ssh::SshKey::decrypt`]).
    pub(crate) fn from_ssh(
        key: age::ssh::Identity,
        recipient: age::ssh::Recipient,
        secret: SecretString,
    ) -> Self {
        Identity {
            key: Key::Ssh(Box::new(key), recipient, secret),
            // The key's bytes sit in age's own heap buffers, out of reach here.
            _lock: MemLock::default(),
            ci: None,
        }
    }

    /// A fresh identity from the OS CSPRNG.
    pub fn generate() -> Self {
        Identity::new(x25519::Identity::generate())
    }

    /// Parse an `AGE-SECRET-KEY-1…` string, or a CI token (`SESAME-CI-1…`).
    /// The error never echoes the input.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim();
        if let Some(token) = text.strip_prefix(CI_TOKEN_PREFIX) {
            return Identity::parse_token(token);
        }
        x25519::Identity::from_str(text).map(Identity::new).map_err(
            |_| "not an age identity (AGE-SECRET-KEY-1…) or sesame CI token (SESAME-CI-1…)",
        )
    }

    fn parse_token(token: &str) -> Result<Self, &'static str> {
        use base64::Engine as _;
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Token {
            identity: String,
            store_id: String,
            admins: Vec<String>,
        }
        impl Drop for Token {
            fn drop(&mut self) {
                zeroize::Zeroize::zeroize(&mut self.identity);
            }
        }
        const BAD: &str = "not a valid sesame CI token (SESAME-CI-1…): copy it whole";
        let bytes = Zeroizing::new(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(token)
                .map_err(|_| BAD)?,
        );
        let t: Token = serde_json::from_slice(&bytes).map_err(|_| BAD)?;
        let key = x25519::Identity::from_str(&t.identity).map_err(|_| BAD)?;
        let mut id = Identity::new(key);
        id.ci = Some(Box::new(CiPins {
            store_id: t.store_id.clone(),
            admins: t.admins.clone(),
        }));
        Ok(id)
    }

    /// The CI token for this identity and `pins`: what `recipients add
    /// --generate-ci` prints. Zeroized when dropped.
    pub(crate) fn ci_token(&self, pins: &CiPins) -> Zeroizing<String> {
        use base64::Engine as _;
        let secret = self.secret_string();
        #[derive(serde::Serialize)]
        struct Token<'a> {
            identity: &'a str,
            store_id: &'a str,
            admins: &'a [String],
        }
        // Sized up front so that no reallocation leaves a copy of the key.
        let mut json = Zeroizing::new(Vec::with_capacity(256 + 70 * pins.admins.len()));
        // Writing plain strings into memory cannot fail.
        let _ = serde_json::to_writer(
            &mut *json,
            &Token {
                identity: secret.expose_secret(),
                store_id: &pins.store_id,
                admins: &pins.admins,
            },
        );
        let mut out = Zeroizing::new(String::with_capacity(
            CI_TOKEN_PREFIX.len() + json.len() * 2,
        ));
        out.push_str(CI_TOKEN_PREFIX);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(&*json, &mut out);
        out
    }

    /// The store id and admin keys a CI token carried, if this came from one.
    pub(crate) fn ci_pins(&self) -> Option<&CiPins> {
        self.ci.as_deref()
    }

    /// Parse an identity file: one key per line, `#` comments and blank lines allowed.
    pub(crate) fn parse_file(text: &str) -> Result<Vec<Self>, &'static str> {
        let keys: Vec<Identity> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(Identity::parse)
            .collect::<Result<_, _>>()?;
        if keys.is_empty() {
            return Err("holds no identity (AGE-SECRET-KEY-1…)");
        }
        Ok(keys)
    }

    /// The public recipient string (`age1…`, or `ssh-ed25519 AAAA…` without comment).
    pub fn public(&self) -> String {
        match &self.key {
            Key::X25519(k) => k.to_public().to_string(),
            Key::Ssh(_, r, _) => r.to_string(),
        }
    }

    /// The recipient that encrypts to this identity.
    pub(crate) fn recipient(&self) -> Recipient {
        match &self.key {
            Key::X25519(k) => Recipient::X25519(k.to_public()),
            Key::Ssh(_, r, _) => Recipient::Ssh(r.clone()),
        }
    }

    /// Whether this is an SSH key (which is never cached nor wrapped).
    pub(crate) fn is_ssh(&self) -> bool {
        matches!(self.key, Key::Ssh(..))
    }

    /// The secret key string: `AGE-SECRET-KEY-1…` for an age identity, for
    /// wrapping, caching and deriving keys; for an SSH key a string made of its
    /// private part, for deriving keys only. Zeroized when dropped.
    pub fn secret_string(&self) -> SecretString {
        match &self.key {
            Key::X25519(k) => k.to_string(),
            Key::Ssh(_, _, secret) => secret.clone(),
        }
    }

    fn as_age(&self) -> &dyn age::Identity {
        match &self.key {
            Key::X25519(k) => &**k,
            Key::Ssh(k, _, _) => &**k,
        }
    }
}

/// Someone the vault is encrypted to.
#[derive(Clone)]
pub enum Recipient {
    /// An age X25519 public key (`age1…`).
    X25519(x25519::Recipient),
    /// An SSH public key (`ssh-ed25519 …` or `ssh-rsa …`), as age supports them.
    Ssh(age::ssh::Recipient),
}

/// `Display` is the canonical form: the key alone, without an SSH comment, so
/// that two spellings of one key compare equal.
impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::X25519(r) => write!(f, "{r}"),
            Recipient::Ssh(r) => write!(f, "{r}"),
        }
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recipient({self})")
    }
}

impl Recipient {
    /// Parse one recipient line.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.starts_with("age1") {
            return x25519::Recipient::from_str(text)
                .map(Recipient::X25519)
                .map_err(|e| format!("'{}' is not a valid age recipient: {e}", short(text)));
        }
        if text.starts_with("ssh-") {
            use age::ssh::ParseRecipientKeyError as E;
            return age::ssh::Recipient::from_str(text)
                .map(Recipient::Ssh)
                .map_err(|e| {
                    let short = short(text);
                    match e {
                        E::Unsupported(kind) => format!(
                            "'{short}' is an SSH key of type {kind}, which age cannot encrypt to (use ssh-ed25519 or ssh-rsa)"
                        ),
                        E::RsaModulusTooLarge => {
                            format!("'{short}' is an RSA key larger than age accepts (4096 bits)")
                        }
                        _ => format!("'{short}' is not a valid SSH public key"),
                    }
                });
        }
        Err(format!(
            "'{}' is not a recipient this sesame understands (age1…, ssh-ed25519 …, ssh-rsa …)",
            short(text)
        ))
    }

    /// The comment of an SSH public key line (`user@host`), if it has one.
    pub(crate) fn ssh_comment(text: &str) -> Option<String> {
        let text = text.trim();
        if !text.starts_with("ssh-") {
            return None;
        }
        let comment = text.splitn(3, char::is_whitespace).nth(2)?.trim();
        (!comment.is_empty()).then(|| comment.to_owned())
    }

    fn as_age(&self) -> &dyn age::Recipient {
        match self {
            Recipient::X25519(r) => r,
            Recipient::Ssh(r) => r,
        }
    }
}

/// The start of a line from the recipients file, escaped, for a message.
fn short(text: &str) -> String {
    let mut s = crate::error::shown(&text.chars().take(40).collect::<String>());
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// Parse a recipients file: one per line, `#` comments and blank lines allowed.
pub(crate) fn parse_recipients(text: &str) -> Result<Vec<Recipient>, String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(Recipient::parse)
        .collect()
}

/// Why decryption failed, for the caller to turn into the right exit code.
#[derive(Debug)]
pub enum DecryptFailure {
    /// The passphrase did not unwrap the file key.
    WrongPassphrase,
    /// None of the identities unwrapped the file key.
    NoMatchingKey,
    /// The file asks for more scrypt work than sesame accepts.
    ExcessiveWork(u8),
    /// Not an age file of the expected kind, or damaged.
    Damaged(String),
}

impl DecryptFailure {
    fn from_header(e: DecryptError) -> Self {
        match e {
            DecryptError::NoMatchingKeys => DecryptFailure::NoMatchingKey,
            DecryptError::ExcessiveWork { required, .. } => DecryptFailure::ExcessiveWork(required),
            DecryptError::InvalidMac => {
                DecryptFailure::Damaged("damaged or was tampered with (header MAC mismatch)".into())
            }
            DecryptError::InvalidHeader => {
                DecryptFailure::Damaged("damaged (not a valid age header)".into())
            }
            DecryptError::UnknownFormat => {
                DecryptFailure::Damaged("not an age v1 file, or damaged".into())
            }
            DecryptError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                DecryptFailure::Damaged("truncated".into())
            }
            // The input is always an in-memory buffer, so a read error is bad
            // data (broken armor, say), never a failing disk.
            DecryptError::Io(e) => DecryptFailure::Damaged(format!("unreadable ({e})")),
            other => DecryptFailure::Damaged(format!("unreadable ({other})")),
        }
    }

    fn from_payload(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => DecryptFailure::Damaged("truncated".into()),
            std::io::ErrorKind::InvalidData => DecryptFailure::Damaged(
                "damaged or was tampered with (payload authentication failed)".into(),
            ),
            _ => DecryptFailure::Damaged(format!("unreadable ({e})")),
        }
    }
}

fn read_payload(reader: impl Read, size_hint: usize) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let mut reader = reader;
    // The plaintext is shorter than the ciphertext: sized up front, the buffer
    // never grows, so no reallocation leaves an unzeroed copy behind.
    let mut out = Zeroizing::new(Vec::with_capacity(size_hint));
    reader
        .read_to_end(&mut out)
        .map_err(DecryptFailure::from_payload)?;
    Ok(out)
}

/// Wrap an identity with a passphrase (age scrypt recipient), ASCII-armored.
pub(crate) fn wrap_identity(
    identity: &Identity,
    passphrase: &SecretString,
    work_factor: u8,
) -> std::io::Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(work_factor.clamp(1, MAX_WORK_FACTOR));
    let encryptor = Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut out = Vec::new();
    let armor = ArmoredWriter::wrap_output(&mut out, Format::AsciiArmor)?;
    let mut writer = encryptor.wrap_output(armor)?;
    let key = identity.secret_string();
    writer.write_all(key.expose_secret().as_bytes())?;
    writer.write_all(b"\n")?;
    writer.finish()?.finish()?;
    Ok(out)
}

/// The scrypt work factor (log2 N) that `identity.age` was wrapped with, read
/// from its header without the passphrase; `None` if it has no scrypt stanza.
pub(crate) fn work_factor(file: &[u8]) -> Option<u8> {
    let mut plain = Vec::new();
    // The header is a few hundred bytes; the armour decodes as a stream.
    ArmoredReader::new(file)
        .take(4096)
        .read_to_end(&mut plain)
        .ok()?;
    let text = String::from_utf8_lossy(&plain);
    text.lines()
        .take_while(|l| !l.starts_with("---"))
        .find_map(|l| l.strip_prefix("-> scrypt "))
        .and_then(|args| args.split(' ').nth(1))
        .and_then(|n| n.parse().ok())
}

/// Unwrap `identity.age` with the passphrase.
pub fn unwrap_identity(file: &[u8], passphrase: &SecretString) -> Result<Identity, DecryptFailure> {
    let decryptor =
        Decryptor::new_buffered(ArmoredReader::new(file)).map_err(DecryptFailure::from_header)?;
    if !decryptor.is_scrypt() {
        return Err(DecryptFailure::Damaged(
            "not protected by a password (no scrypt stanza)".into(),
        ));
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            // For a scrypt stanza a failed unwrap means the passphrase is wrong.
            DecryptError::DecryptionFailed | DecryptError::KeyDecryptionFailed => {
                DecryptFailure::WrongPassphrase
            }
            other => DecryptFailure::from_header(other),
        })?;
    let plain = read_payload(reader, file.len())?;
    let text = std::str::from_utf8(&plain)
        .map_err(|_| DecryptFailure::Damaged("does not hold an age identity".into()))?;
    Identity::parse(text)
        .map_err(|_| DecryptFailure::Damaged("does not hold an age identity".into()))
}

/// Encrypt `plaintext` to every recipient (binary age format).
pub(crate) fn encrypt(plaintext: &[u8], recipients: &[Recipient]) -> std::io::Result<Vec<u8>> {
    let encryptor = Encryptor::with_recipients(recipients.iter().map(Recipient::as_age))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    // age adds 16 bytes per 64 KiB chunk and a header of a few hundred bytes.
    let mut out = Vec::with_capacity(plaintext.len() + plaintext.len() / 4096 + 1024);
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    Ok(out)
}

/// Decrypt an age file with any of `identities`.
pub fn decrypt(file: &[u8], identities: &[Identity]) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    // A binary file (every file sesame writes) is read as it is: through the
    // armor reader, each read of the payload went through a byte-wise copy.
    if file.starts_with(b"age-encryption.org/") {
        decrypt_from(file, file.len(), identities)
    } else {
        decrypt_from(ArmoredReader::new(file), file.len(), identities)
    }
}

fn decrypt_from<R: std::io::BufRead>(
    input: R,
    size_hint: usize,
    identities: &[Identity],
) -> Result<Zeroizing<Vec<u8>>, DecryptFailure> {
    let decryptor = Decryptor::new_buffered(input).map_err(DecryptFailure::from_header)?;
    if decryptor.is_scrypt() {
        return Err(DecryptFailure::Damaged(
            "encrypted with a password, not to the store's identity".into(),
        ));
    }
    let reader = decryptor
        .decrypt(identities.iter().map(Identity::as_age))
        .map_err(DecryptFailure::from_header)?;
    read_payload(reader, size_hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_round_trip_and_wrong_passphrase() {
        let id = Identity::generate();
        let pw = SecretString::from("correct horse".to_owned());
        let wrapped = wrap_identity(&id, &pw, 4).unwrap();
        assert!(wrapped.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        let back = unwrap_identity(&wrapped, &pw).unwrap();
        assert_eq!(back.public(), id.public());
        let bad = SecretString::from("wrong".to_owned());
        assert!(matches!(
            unwrap_identity(&wrapped, &bad),
            Err(DecryptFailure::WrongPassphrase)
        ));
    }

    #[test]
    fn payload_round_trip_and_damage() {
        let id = Identity::generate();
        let other = Identity::generate();
        let ct = encrypt(b"{\"format\":1}", &[id.recipient()]).unwrap();
        assert_eq!(&decrypt(&ct, &[id]).unwrap()[..], b"{\"format\":1}");
        assert!(matches!(
            decrypt(&ct, &[other]),
            Err(DecryptFailure::NoMatchingKey)
        ));
        let id = Identity::generate();
        let ct = encrypt(&[7u8; 100_000], &[id.recipient()]).unwrap();
        let mut flipped = ct.clone();
        let last = flipped.len() - 10;
        flipped[last] ^= 1;
        assert!(matches!(
            decrypt(
                &flipped,
                &[Identity::parse(id.secret_string().expose_secret()).unwrap()]
            ),
            Err(DecryptFailure::Damaged(_))
        ));
        let truncated = &ct[..ct.len() / 2];
        assert!(matches!(
            decrypt(truncated, &[id]),
            Err(DecryptFailure::Damaged(_))
        ));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let id = Identity::generate();
        let dbg = format!("{id:?}");
        assert!(!dbg.contains("AGE-SECRET-KEY"));
        assert!(dbg.contains("age1"));
    }

    #[test]
    fn recipient_errors_show_control_characters_escaped() {
        // Issue 19: a line of a hostile recipients file is quoted escaped.
        for line in [
            "age1\u{1b}[31mx",
            "ssh-ed25519 \u{7}AAAA",
            "\u{202e}gpg key",
        ] {
            let e = parse_recipients(line).unwrap_err();
            assert!(!e.chars().any(char::is_control), "{e:?}");
            assert!(!e.contains('\u{202e}'), "{e:?}");
        }
    }
}
