//! `sesame generate`: a fresh random value, its generator kept for rotation.

use super::{Context, Intent, Output, Run, meta};
use crate::audit::{Action, Target};
use crate::cli::GenerateArgs;
use crate::error::{Error, Result};
use crate::lifecycle::{self, generate};
use crate::name;
use crate::vault::model::GeneratorSpec;

impl Run for GenerateArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Generate, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        name::validate(&self.name)?;
        let mut meta = meta(&self.meta, out)?;
        meta.default_max_age = ctx.config()?.default_max_age;
        let spec = match self.words {
            Some(count) => GeneratorSpec::Words {
                count,
                separator: self.separator.clone(),
                prefix: self.prefix.clone(),
            },
            None => GeneratorSpec::Chars {
                charset: self.charset.into(),
                length: self.length.unwrap_or(generate::DEFAULT_LENGTH),
                prefix: self.prefix.clone(),
            },
        };
        let value = generate::generate(&spec)?;
        let printed = self.print.then(|| value.clone());
        let bits = generate::entropy_bits(&spec).floor();
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        if !self.force && tx.vault.secrets.contains_key(&self.name) {
            return Err(Error::usage(
                format!("secret '{}' exists already; nothing was changed", self.name),
                format!(
                    "`sesame rotate {0}` gives it a new value and keeps the old one valid for a grace period; `sesame generate {0} --force` replaces it now",
                    self.name
                ),
            ));
        }
        let n = lifecycle::put(
            &mut tx.vault,
            &self.name,
            value,
            &meta,
            Some(spec),
            crate::time::now(),
        )?;
        ctx.note_written(&tx.vault, &self.name, &meta)?;
        tx.commit()?;
        ctx.audit_written(Action::Generate, &[Target::version(&self.name, n)])?;
        if ctx.json {
            // Borrowed fields: `json!` would copy the value into an unzeroed String.
            #[derive(serde::Serialize)]
            struct Generated<'a> {
                name: &'a str,
                version: u32,
                entropy_bits: f64,
                #[serde(skip_serializing_if = "Option::is_none")]
                value: Option<&'a str>,
            }
            out.json(&Generated {
                name: &self.name,
                version: n,
                entropy_bits: bits,
                value: printed.as_ref().map(|v| v.expose()),
            })?;
        } else {
            if let Some(v) = &printed {
                // The value itself: bytes, never escaped.
                out.raw(v.expose().as_bytes())?;
                out.raw(b"\n")?;
            }
            out.note(&format!(
                "Generated {} (version {n}, {bits} bits).",
                self.name
            ));
        }
        Ok(())
    }
}
