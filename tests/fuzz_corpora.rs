//! The fuzz corpora and crash reproducers (`fuzz/corpus/TARGET`,
//! `fuzz/crashes/TARGET`) replayed through the same `sesame::fuzzing` entry
//! points the fuzz targets call, on stable Rust: every input any run kept, and
//! every one that once broke a property, still passes. Seconds, not minutes.
//! The long runs are `fuzz/run.sh` (README, "Fuzzing").

use std::path::{Path, PathBuf};

/// A `sesame::fuzzing` entry point.
type Entry = fn(&[u8]);

/// Every target and its entry point.
const TARGETS: &[(&str, Entry)] = &[
    ("vault_payload", sesame::fuzzing::vault_payload),
    ("age_file", sesame::fuzzing::age_file),
    ("identity_file", sesame::fuzzing::identity_file),
    ("project_file", sesame::fuzzing::project_file),
    ("dotenv_import", sesame::fuzzing::dotenv_import),
    ("config_file", sesame::fuzzing::config_file),
    ("time_values", sesame::fuzzing::time_values),
    ("names", sesame::fuzzing::names),
    ("git_cat_file", sesame::fuzzing::git_cat_file),
    ("audit_log", sesame::fuzzing::audit_log),
    ("masker", sesame::fuzzing::masker),
    ("manifest", sesame::fuzzing::manifest),
    ("member_list", sesame::fuzzing::member_list),
    ("signature", sesame::fuzzing::signature),
    ("ci_token", sesame::fuzzing::ci_token),
    ("join_request", sesame::fuzzing::join_request),
    // issue 16: where a name lives among the scopes
    ("scopes", sesame::fuzzing::scopes),
    ("git_credential", sesame::fuzzing_18::git_credential),
    ("docker_credential", sesame::fuzzing_18::docker_credential),
    ("import_csv", sesame::fuzzing_18::import_csv),
    ("import_bitwarden", sesame::fuzzing_18::import_bitwarden),
    ("pass_entry", sesame::fuzzing_18::pass_entry),
    // issue 18: inject's templates and run's --env-file
    ("template", sesame::fuzzing_inject::template),
    ("env_file", sesame::fuzzing_inject::env_file),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut n = 0;
    for (target, run) in TARGETS {
        for file in inputs(&fuzz_dir().join(kind).join(target)) {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails {target}", file.display());
            n += 1;
        }
    }
    n
}

#[test]
fn every_corpus_input_passes() {
    let n = replay("corpus");
    // Every target has a committed corpus.
    for (target, _) in TARGETS {
        let dir = fuzz_dir().join("corpus").join(target);
        assert!(!inputs(&dir).is_empty(), "no corpus for {target}");
    }
    assert!(n >= TARGETS.len(), "{n} inputs");
}

#[test]
fn every_crash_reproducer_passes() {
    let n = replay("crashes");
    assert!(n > 0, "no reproducers found under fuzz/crashes");
}

/// The committed corpora stay small (issue 19: "committed (small)"): under 1 MiB for
/// all targets together (22 and more; it was 512 KiB for the first 15).
#[test]
fn the_corpora_stay_small() {
    let total: u64 = ["corpus", "crashes"]
        .iter()
        .flat_map(|k| TARGETS.iter().map(move |(t, _)| fuzz_dir().join(k).join(t)))
        .flat_map(|d| inputs(&d))
        .map(|f| f.metadata().unwrap().len())
        .sum();
    assert!(
        total < 1024 * 1024,
        "{total} bytes of corpora: minimise them (fuzz/minimize.sh)"
    );
}

/// Regenerates the audit log seeds (valid logs authenticated with the
/// fuzzing identity): `cargo test --test tests fuzz_corpora::seed -- --ignored`.
#[test]
#[ignore = "writes seeds into fuzz/corpus/audit_log"]
fn seed_audit_log() {
    let dir = fuzz_dir().join("corpus").join("audit_log");
    std::fs::create_dir_all(&dir).unwrap();
    let long = sesame::fuzzing::audit_sample(12, 4);
    std::fs::write(dir.join("sample-12"), &long).unwrap();
    std::fs::write(dir.join("sample-1"), sesame::fuzzing::audit_sample(1, 0)).unwrap();
    // Rotated: audit.log.1, 0xFF, audit.log (see `sesame::fuzzing::audit_log`).
    let cut = long
        .iter()
        .take(long.len() / 2)
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let mut rotated = long[..cut].to_vec();
    rotated.push(0xFF);
    rotated.extend_from_slice(&long[cut..]);
    std::fs::write(dir.join("sample-split"), rotated).unwrap();
}
