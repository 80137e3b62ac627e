//! `get -c` (issue 17): the value on the X11 clipboard of a real X server
//! (Xvfb), read back with `xclip -o`, cleared at the deadline only when the
//! clipboard still holds it; OSC 52 over SSH; a clear error with neither.
//! The 45 s hold is shortened by `SESAME_TEST_CLIPBOARD_SECONDS`, which only
//! debug builds (these tests' binary) read.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::util::*;

/// A private X server on a free display, killed when dropped.
struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn xvfb() -> Option<Xvfb> {
    if !require_program("Xvfb", "an X server for the clipboard")
        || !require_program("xclip", "reading the X clipboard back")
    {
        return None;
    }
    // -displayfd: Xvfb picks a free display and writes its number.
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let display = format!(":{}", line.trim());
    Some(Xvfb { child, display })
}

fn xclip_out(display: &str) -> Option<String> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .env("DISPLAY", display)
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn copy(sb: &Sandbox, x: &Xvfb, name: &str, seconds: &str) -> std::process::Output {
    sb.cmd()
        .args(["get", "-c", name])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("SESAME_TEST_CLIPBOARD_SECONDS", seconds)
        .output()
        .unwrap()
}

#[test]
fn get_c_copies_to_the_x_clipboard_and_clears_it_at_the_deadline() {
    let Some(x) = xvfb() else { return };
    let sb = Sandbox::init();
    sb.set("db/password", "clip-value-123");
    let out = copy(&sb, &x, "db/password", "3");
    assert_success(&out);
    assert!(out.stdout.is_empty(), "printed: {:?}", out.stdout);
    assert!(
        stderr_of(&out).contains("cleared in 3 s"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(xclip_out(&x.display).as_deref(), Some("clip-value-123"));
    // Recorded as a read of the value.
    let log = std::fs::read_to_string(sb.file("audit.log")).unwrap();
    assert!(
        log.lines().last().unwrap().contains("\"action\":\"get\""),
        "{log}"
    );
    wait_until(Duration::from_secs(15), "the clipboard cleared", || {
        xclip_out(&x.display).is_none_or(|s| s.is_empty())
    });
}

#[test]
fn a_clipboard_replaced_meanwhile_is_left_alone() {
    let Some(x) = xvfb() else { return };
    let sb = Sandbox::init();
    sb.set("token", "clip-secret-456");
    assert_success(&copy(&sb, &x, "token", "2"));
    assert_eq!(xclip_out(&x.display).as_deref(), Some("clip-secret-456"));
    // The user copies something else: xclip holds it (it stays in the background).
    let mut other = Command::new("xclip")
        .args(["-selection", "clipboard", "-quiet"])
        .env("DISPLAY", &x.display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = other.stdin.take().unwrap();
        stdin.write_all(b"the user's own text").unwrap();
    }
    wait_until(Duration::from_secs(5), "xclip owning the clipboard", || {
        xclip_out(&x.display).as_deref() == Some("the user's own text")
    });
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(
        xclip_out(&x.display).as_deref(),
        Some("the user's own text"),
        "the holder cleared a clipboard it no longer held"
    );
    let _ = other.kill();
    let _ = other.wait();
}

#[test]
fn without_a_display_or_ssh_get_c_refuses_and_prints_nothing() {
    let sb = Sandbox::init();
    sb.set("token", "no-clip-789");
    let out = sb
        .cmd()
        .args(["get", "-c", "token"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SSH_TTY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("no clipboard here"),
        "{}",
        stderr_of(&out)
    );
    assert!(!contains(&out.stdout, b"no-clip-789"));
    assert!(!stderr_of(&out).contains("no-clip-789"));
}

#[test]
fn over_ssh_without_a_display_the_terminal_gets_osc_52() {
    let sb = Sandbox::init();
    sb.set("token", "osc-value");
    let wrapper =
        format!("env SESAME_PASSWORD='{PASSWORD}' SSH_TTY=/dev/pts/99 DISPLAY= WAYLAND_DISPLAY=");
    let out = on_terminal_in(&sb, &wrapper, "get -c token", "");
    let Some(out) = out else { return };
    let text = String::from_utf8_lossy(&out.stdout);
    // base64("osc-value") = b3NjLXZhbHVl
    assert!(text.contains("\x1b]52;c;b3NjLXZhbHVl\x07"), "{text:?}");
    assert!(!text.contains("osc-value"), "{text:?}");
}
