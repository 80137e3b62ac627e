//! `sesame edit NAME --value`: the value in an editor, on a memory file
//! system, wiped and removed however the editor ends.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::util::{PASSWORD, Sandbox, on_terminal_in, require_program, stderr_of, wait_until};

/// A scripted editor: `body` runs with the file as `$1`; it first records the
/// file's path and the directory's listing and mode in `seen` in the sandbox.
fn editor(sb: &Sandbox, body: &str) -> PathBuf {
    let path = sb.dir.path().join("editor.sh");
    let seen = sb.dir.path().join("seen");
    fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > {seen}\nstat -c %a \"$(dirname \"$1\")\" >> {seen}\nstat -c %a \"$1\" >> {seen}\n{body}\n",
            seen = seen.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// What the scripted editor saw: the file, the directory's mode, the file's mode.
fn seen(sb: &Sandbox) -> (PathBuf, String, String) {
    let text = fs::read_to_string(sb.dir.path().join("seen")).unwrap();
    let mut lines = text.lines();
    (
        PathBuf::from(lines.next().unwrap()),
        lines.next().unwrap().to_owned(),
        lines.next().unwrap().to_owned(),
    )
}

fn edit(sb: &Sandbox, editor: &Path) -> std::process::Output {
    sb.cmd()
        .env("EDITOR", editor)
        .args(["edit", "app/token", "--value"])
        .output()
        .unwrap()
}

fn versions(sb: &Sandbox) -> usize {
    sb.json(["show", "app/token", "--json"])["versions"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn a_changed_value_becomes_a_new_version_from_a_private_memory_file() {
    let sb = Sandbox::init();
    sb.set("app/token", "old-value");
    let ed = editor(
        &sb,
        "[ \"$(cat \"$1\")\" = old-value ] || exit 9\nprintf 'new-value\\n' > \"$1\"",
    );
    let out = edit(&sb, &ed);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(sb.get("app/token"), "new-value");
    assert_eq!(versions(&sb), 2);
    let (file, dir_mode, file_mode) = seen(&sb);
    assert!(file.starts_with("/dev/shm/"), "{}", file.display());
    assert_eq!((dir_mode.as_str(), file_mode.as_str()), ("700", "600"));
    assert!(
        !file.parent().unwrap().exists(),
        "the directory is left behind"
    );
}

#[test]
fn a_multi_line_value_keeps_its_last_newline_and_an_unchanged_one_stores_nothing() {
    let sb = Sandbox::init();
    sb.set("app/token", "v1");
    let ed = editor(&sb, "printf 'line one\\nline two\\n' > \"$1\"");
    assert!(edit(&sb, &ed).status.success());
    let out = sb.cmd().args(["get", "app/token"]).output().unwrap();
    assert_eq!(out.stdout, b"line one\nline two\n");
    // An editor that saves without changing anything (or does not save).
    for body in ["cat \"$1\" > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"", "true"] {
        let ed = editor(&sb, body);
        let out = edit(&sb, &ed);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains("unchanged"), "{}", stderr_of(&out));
        assert_eq!(versions(&sb), 2);
    }
}

#[test]
fn a_failed_crashed_or_emptying_editor_stores_nothing_and_leaves_nothing() {
    let sb = Sandbox::init();
    sb.set("app/token", "keep-me");
    for (body, code, needle) in [
        ("printf 'x\\n' > \"$1\"; exit 3", 1, "exited with status 3"),
        (
            "printf 'x\\n' > \"$1\"; : > \"$1.swp\"; kill -SEGV $$",
            1,
            "killed by signal 11",
        ),
        (": > \"$1\"", 2, "is empty"),
    ] {
        let ed = editor(&sb, body);
        let out = edit(&sb, &ed);
        assert_eq!(out.status.code(), Some(code), "{body}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains(needle), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("nothing was stored"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(sb.get("app/token"), "keep-me");
        let (file, _, _) = seen(&sb);
        assert!(!file.parent().unwrap().exists(), "{body}: left behind");
    }
    assert_eq!(versions(&sb), 1);
    // No such editor.
    let out = sb
        .cmd()
        .env("EDITOR", "no-such-editor-here")
        .args(["edit", "app/token", "--value"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("was not found"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn sesame_stopped_while_editing_stops_the_editor_and_cleans_up() {
    let sb = Sandbox::init();
    sb.set("app/token", "keep-me");
    // `exec`: the signal sesame passes on reaches the waiting program itself.
    let ed = editor(&sb, "printf 'half-typed\\n' > \"$1\"; exec sleep 30");
    let mut cmd = std::process::Command::new(crate::util::sesame_bin());
    sb.isolate(&mut cmd)
        .env("SESAME_PASSWORD", PASSWORD)
        .env("EDITOR", &ed)
        .args(["edit", "app/token", "--value"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let seen_file = sb.dir.path().join("seen");
    wait_until(Duration::from_secs(20), "the editor starts", || {
        fs::read_to_string(&seen_file).is_ok_and(|s| s.lines().count() == 3)
    });
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sesame was stopped"),
        "{}",
        stderr_of(&out)
    );
    let (file, _, _) = seen(&sb);
    assert!(!file.parent().unwrap().exists());
    assert_eq!(sb.get("app/token"), "keep-me");
}

#[test]
fn metadata_flags_do_not_mix_with_value() {
    let sb = Sandbox::init();
    sb.set("app/token", "v");
    sb.fails(
        ["edit", "app/token", "--value", "--max-age", "9d"],
        2,
        "--value changes only the value",
    );
    sb.fails(["edit", "nothing/here", "--value"], 4, "no secret named");
}

/// Run `sesame edit app/token --value` on a terminal with EDITOR=`editor`,
/// typing `keys`.
fn on_terminal_editing(sb: &Sandbox, editor: &str, keys: &str) -> Option<std::process::Output> {
    let wrapper = format!("env SESAME_PASSWORD='{PASSWORD}' EDITOR={editor} TERM=xterm");
    on_terminal_in(sb, &wrapper, "edit app/token --value", keys)
}

#[test]
fn vim_keeps_swap_backup_undo_and_viminfo_out_of_home() {
    if !require_program("vim", "the real vim as the editor") {
        return;
    }
    let sb = Sandbox::init();
    sb.set("app/token", "old-value");
    // A vimrc that sends every copy vim makes to directories in the home.
    let h = sb.home.display();
    for d in ["swp", "bak", "und"] {
        fs::create_dir(sb.home.join(d)).unwrap();
    }
    fs::write(
        sb.home.join(".vimrc"),
        format!("set directory={h}/swp// backupdir={h}/bak// undodir={h}/und// undofile backup\n"),
    )
    .unwrap();
    let listing = sb.dir.path().join("listing");
    let keys = format!(
        "ccvim-value\x1b:!ls -a %:p:h > {}\r\r:wq\r",
        listing.display()
    );
    let Some(out) = on_terminal_editing(&sb, "vim", &keys) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(sb.get("app/token"), "vim-value");
    // While vim ran, its swap file sat beside the value.
    let seen = fs::read_to_string(&listing).unwrap();
    assert!(seen.contains(".swp"), "{seen}");
    for d in ["swp", "bak", "und"] {
        let left: Vec<_> = fs::read_dir(sb.home.join(d)).unwrap().collect();
        assert!(left.is_empty(), "{d}: {left:?}");
    }
    assert!(!sb.home.join(".viminfo").exists());
}

#[test]
fn nano_edits_the_value() {
    if !require_program("nano", "the real nano as the editor") {
        return;
    }
    let sb = Sandbox::init();
    sb.set("app/token", "old-value");
    if !require_program("script", "to give nano a terminal") {
        return;
    }
    // ^K cuts the line, ^O writes (Enter confirms the name), ^X leaves. nano
    // drops what is typed before it is ready, so the keys come with pauses.
    let keys = "sleep 1; printf '\\013nano-value'; sleep 0.5; printf '\\017'; sleep 0.5; printf '\\r'; sleep 0.5; printf '\\030'; sleep 1";
    let mut cmd = std::process::Command::new("setsid");
    cmd.args(["-w", "sh", "-c"])
        .arg(format!(
            "({keys}) | script -qec \"env SESAME_PASSWORD='{PASSWORD}' EDITOR=nano TERM=xterm {} edit app/token --value\" /dev/null",
            crate::util::sesame_bin().display()
        ));
    sb.isolate(&mut cmd);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(sb.get("app/token"), "nano-value");
}
