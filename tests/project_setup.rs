//! From `.env` to `sesame run` in two commands (issue 17, "Project setup"):
//! `import --write-project` and `init-project` write a `sesame.toml` that is
//! approved as written, never over an existing one.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Sandbox, require_program, stderr_of, strict};

const DOTENV: &str = "\
# the app's settings
DATABASE_URL=postgres://app:s3cr3t-pw@db.internal:5432/app
export API_KEY='sk_live_4f9a 8b7c \"quoted\" \\back'
_lower_9=multi-part-value
EMPTY=
";

/// What the child must see, variable by variable.
const EXPECTED: &[(&str, &str)] = &[
    (
        "DATABASE_URL",
        "postgres://app:s3cr3t-pw@db.internal:5432/app",
    ),
    ("API_KEY", "sk_live_4f9a 8b7c \"quoted\" \\back"),
    ("_lower_9", "multi-part-value"),
];

/// A project directory `proj/` (a repository: the search stops there) with `.env`.
fn project(sb: &Sandbox) -> PathBuf {
    let dir = sb.dir.path().join("proj");
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".env"), DOTENV).unwrap();
    dir
}

/// `sesame ARGS` in `dir`.
fn in_dir(sb: &Sandbox, dir: &Path, args: &[&str]) -> std::process::Output {
    sb.cmd().current_dir(dir).args(args).output().unwrap()
}

/// `run [extra] -- sh` in `dir`, the child writing each expected variable
/// (or `unset`) to a file, one a line: (output, the lines).
fn run_values(sb: &Sandbox, dir: &Path, extra: &[&str]) -> (std::process::Output, Vec<String>) {
    let dump = sb.dir.path().join("seen");
    let _ = fs::remove_file(&dump);
    let vars: Vec<String> = EXPECTED
        .iter()
        .map(|(v, _)| format!("\"${{{v}-unset}}\""))
        .collect();
    let script = format!("printf '%s\\n' {} > '{}'", vars.join(" "), dump.display());
    let mut args = vec!["run"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", "sh", "-c", &script]);
    let out = in_dir(sb, dir, &args);
    let seen = fs::read_to_string(&dump).unwrap_or_default();
    (out, seen.lines().map(str::to_owned).collect())
}

fn expected_lines() -> Vec<String> {
    EXPECTED.iter().map(|(_, v)| (*v).to_owned()).collect()
}

/// `sesame.toml` parsed by Python's tomllib (an independent TOML reader):
/// the table at `path` as sorted `VAR=secret` lines, or `None` without it.
fn tomllib_table(file: &Path, path: &[&str]) -> Option<Vec<String>> {
    let has_tomllib = Command::new("python3")
        .args(["-c", "import tomllib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_tomllib {
        assert!(
            !strict(),
            "python3 with tomllib is required (SESAME_TEST_STRICT=1)"
        );
        eprintln!("SKIPPED: python3 with tomllib not found (reads sesame.toml independently)");
        return None;
    }
    let script = "import sys, tomllib\n\
        t = tomllib.load(open(sys.argv[1], 'rb'))\n\
        for k in sys.argv[2:]: t = t[k]\n\
        for k in sorted(t): print(f'{k}={t[k]}')\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .args(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn dotenv_to_run_in_two_commands_with_no_approval_prompt() {
    let sb = Sandbox::init();
    let dir = project(&sb);
    let out = in_dir(
        &sb,
        &dir,
        &[
            "import",
            ".env",
            "--prefix",
            "my.app/dev-1",
            "--write-project",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("Imported 3 secrets"), "{err}");
    assert!(err.contains("sesame.toml (3 variables)"), "{err}");
    let file = dir.join("sesame.toml");
    let meta = fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o644);
    // No temp file left beside it.
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");

    // Exactly the imported variables, read by an independent TOML parser.
    if let Some(table) = tomllib_table(&file, &["env"]) {
        assert_eq!(
            table,
            [
                "API_KEY=my.app/dev-1/API_KEY",
                "DATABASE_URL=my.app/dev-1/DATABASE_URL",
                "_lower_9=my.app/dev-1/_lower_9",
            ]
        );
    }

    // Second command: the child sees the values, without `allow`.
    let (out, seen) = run_values(&sb, &dir, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("not approved"));
    assert_eq!(seen, expected_lines());

    // A later edit of the file needs approval again.
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("EXTRA = \"my.app/dev-1/API_KEY\"\n");
    fs::write(&file, text).unwrap();
    let (out, seen) = run_values(&sb, &dir, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("not approved"));
    assert!(seen.is_empty(), "the command ran: {seen:?}");
}

#[test]
fn an_existing_project_file_is_never_replaced_and_nothing_is_imported() {
    let sb = Sandbox::init();
    let dir = project(&sb);
    let mine = "# mine\n[env]\nOTHER = \"x/y\"\n";
    fs::write(dir.join("sesame.toml"), mine).unwrap();
    let out = in_dir(
        &sb,
        &dir,
        &["import", ".env", "--prefix", "app/dev", "--write-project"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("exists already and was not changed"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("DATABASE_URL = \"app/dev/DATABASE_URL\""),
        "the lines to add are shown: {err}"
    );
    assert_eq!(fs::read_to_string(dir.join("sesame.toml")).unwrap(), mine);
    assert_eq!(sb.ok(["list"]), "", "nothing was imported");

    // One that `run` would find above is not shadowed by a new one either.
    let sub = dir.join("services/api");
    fs::create_dir_all(&sub).unwrap();
    fs::copy(dir.join(".env"), sub.join(".env")).unwrap();
    let out = in_dir(
        &sb,
        &sub,
        &["import", ".env", "--prefix", "app/dev", "--write-project"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!sub.join("sesame.toml").exists());
    assert_eq!(fs::read_to_string(dir.join("sesame.toml")).unwrap(), mine);

    // init-project too.
    sb.set("app/dev/DATABASE_URL", "v");
    let out = in_dir(&sb, &dir, &["init-project", "--prefix", "app/dev"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(fs::read_to_string(dir.join("sesame.toml")).unwrap(), mine);
}

#[test]
fn a_profile_table_is_written_and_run_uses_it() {
    let sb = Sandbox::init();
    let dir = project(&sb);
    let out = in_dir(
        &sb,
        &dir,
        &[
            "import",
            ".env",
            "--prefix",
            "app/prod",
            "--write-project",
            "--profile",
            "prod",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let file = dir.join("sesame.toml");
    if let Some(table) = tomllib_table(&file, &["profile", "prod", "env"]) {
        assert_eq!(table.len(), 3, "{table:?}");
    }
    let written = out;
    let (out, seen) = run_values(&sb, &dir, &["--profile", "prod"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen, expected_lines());
    assert!(
        stderr_of(&written).contains("sesame run --profile prod -- CMD"),
        "{}",
        stderr_of(&written)
    );
    // Only the profile was written: a run without it selects nothing.
    let (out, seen) = run_values(&sb, &dir, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(seen.is_empty(), "{seen:?}");

    let env = dir.join(".env");
    let env = env.to_str().unwrap();
    sb.fails(["import", env, "--profile", "prod"], 2, "--write-project");
    sb.fails(
        [
            "import",
            env,
            "--prefix",
            "app/dev",
            "--write-project",
            "--profile",
            "a b",
        ],
        2,
        "not a valid profile name",
    );
    assert_eq!(sb.ok(["list", "--prefix", "app/dev"]), "");
}

#[test]
fn init_project_maps_the_live_secrets_under_a_prefix_as_run_prefix_does() {
    if !require_program("sh", "the child that reads the variables") {
        return;
    }
    let sb = Sandbox::init();
    let dir = project(&sb);
    for (var, value) in EXPECTED {
        sb.set_with(
            &format!("app/dev/{}", var.to_lowercase()),
            ["--env", var],
            value,
        );
    }
    sb.set("app/dev/old_token", "gone-value");
    sb.exits(["revoke", "app/dev/old_token", "--force"], 0);
    sb.set("app/other/x", "not-mine");

    let out = in_dir(&sb, &dir, &["init-project", "--prefix", "app/dev/"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("left out (revoked or expired): app/dev/old_token"),
        "{err}"
    );
    let text = fs::read_to_string(dir.join("sesame.toml")).unwrap();
    assert!(
        !text.contains("old_token") && !text.contains("app/other"),
        "{text}"
    );
    assert!(
        text.contains("\nDATABASE_URL = \"app/dev/database_url\"\n"),
        "{text}"
    );
    let (out, seen) = run_values(&sb, &dir, &[]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(seen, expected_lines());

    // Nothing under the prefix: exit 4, nothing written.
    let empty = sb.dir.path().join("empty");
    fs::create_dir_all(empty.join(".git")).unwrap();
    let out = in_dir(&sb, &empty, &["init-project", "--prefix", "nope"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(!empty.join("sesame.toml").exists());
}

#[test]
fn json_names_the_file_written() {
    let sb = Sandbox::init();
    let dir = project(&sb);
    let out = in_dir(
        &sb,
        &dir,
        &[
            "--json",
            "import",
            ".env",
            "--prefix",
            "app/dev",
            "--write-project",
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = dir.canonicalize().unwrap().join("sesame.toml");
    assert_eq!(json["project"], written.to_str().unwrap());
    assert_eq!(json["imported"].as_array().unwrap().len(), 3);

    let other = sb.dir.path().join("other");
    fs::create_dir_all(other.join(".git")).unwrap();
    let out = in_dir(&sb, &other, &["--json", "init-project", "--prefix", "app"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["variables"], 3);
    assert!(other.join("sesame.toml").exists());
}
