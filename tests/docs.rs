//! The generated files: completion scripts in `completions/` and man pages in
//! `man/`, regenerated in memory and compared with what is committed.
//!
//! `SESAME_UPDATE_GENERATED=1 cargo test --test tests docs::` rewrites them. The man
//! pages are rendered here (clap_mangen is a dev-dependency) from the clap
//! definitions plus the hand-written sections in `sesame::man`; every page is
//! then checked with `mandoc -Tlint`, `groff -ww` and `man -l`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use clap::{Command, CommandFactory};
use roff::{Roff, bold, roman};
use sesame::cli::Cli;
use sesame::{completion, man};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The clap command, built (so subcommands know their `sesame-get` names).
fn built() -> Command {
    built_from(Cli::command())
}

fn built_from(cmd: Command) -> Command {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every generated file, by path relative to the crate root.
fn generated() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for shell in completion::SHELLS {
        files.insert(
            format!("completions/{}", completion::completion_file_name(shell)),
            completion::completion(shell),
        );
    }
    let cmd = built();
    for path in completion::command_paths(&cmd) {
        let page = completion::find(&cmd, &path).unwrap();
        files.insert(format!("man/{}.1", page_name(page)), man_page(&cmd, &path));
    }
    files
}

fn page_name(cmd: &Command) -> String {
    cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned()
}

fn section(roff: &mut Roff, title: &str) {
    roff.control("SH", [title]);
}

/// `.TP` with a bold tag and a paragraph.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

/// Lines shown as typed, not filled.
fn literal(roff: &mut Roff, lines: &[&str]) {
    roff.control("RS", ["4"]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(*line)]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
}

/// The after-help text split in blocks: prose, indented lists, and the
/// `Examples:` block, which goes to its own section.
struct AfterHelp<'a> {
    blocks: Vec<Vec<&'a str>>,
    examples: Vec<&'a str>,
}

fn after_help(text: &str) -> AfterHelp<'_> {
    let mut blocks = Vec::new();
    let mut examples = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        match lines.split_first() {
            Some((&"Examples:", rest)) => examples.extend(rest.iter().map(|l| l.trim_start())),
            Some(_) => blocks.push(lines),
            None => {}
        }
    }
    AfterHelp { blocks, examples }
}

/// Prose is filled; a heading with indented lines under it is kept as typed.
fn description_blocks(roff: &mut Roff, blocks: &[Vec<&str>]) {
    for lines in blocks {
        roff.control("PP", []);
        let (first, rest) = lines.split_first().unwrap();
        if !rest.is_empty() && rest.iter().all(|l| l.starts_with("  ")) {
            roff.text([roman(*first)]);
            let rest: Vec<&str> = rest.iter().map(|l| l.trim_start()).collect();
            literal(roff, &rest);
        } else {
            roff.text([roman(lines.join(" "))]);
        }
    }
}

fn strip_preamble(page: &mut String, part: &[u8]) {
    let part = String::from_utf8(part.to_vec()).unwrap();
    // roff's preamble (defining the apostrophe string) once, at the top.
    let preamble = Roff::new().render();
    if page.is_empty() {
        page.push_str(&part);
    } else {
        page.push_str(part.strip_prefix(&preamble).unwrap_or(&part));
    }
}

/// One man page: clap_mangen's title, NAME, SYNOPSIS, DESCRIPTION, OPTIONS
/// and SUBCOMMANDS, then ours.
fn man_page(root_cmd: &Command, path: &[String]) -> String {
    let cmd = completion::find(root_cmd, path).unwrap();
    let is_root = path.is_empty();
    let name = page_name(cmd);
    let man = clap_mangen::Man::new(cmd.clone())
        .title(name.to_uppercase())
        .date(man::MAN_DATE)
        .source(format!("sesame {}", env!("CARGO_PKG_VERSION")))
        .manual("sesame manual");
    let mut page = String::new();
    type Part = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    let render = |page: &mut String, part: Part| {
        let mut buf = Vec::new();
        part(&man, &mut buf).unwrap();
        strip_preamble(page, &buf);
    };
    render(&mut page, clap_mangen::Man::render_title);
    render(&mut page, clap_mangen::Man::render_name_section);
    render(&mut page, clap_mangen::Man::render_synopsis_section);
    render(&mut page, clap_mangen::Man::render_description_section);

    let help = cmd
        .get_after_long_help()
        .or(cmd.get_after_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let help = after_help(&help);
    let mut roff = Roff::new();
    description_blocks(&mut roff, &help.blocks);
    if is_root {
        roff.control("PP", []);
        roff.text([roman(
            "Each command has its own page, named after it: sesame get is described in ",
        )]);
        roff.text([bold("sesame-get"), roman("(1).")]);
    }
    strip_preamble(&mut page, roff.render().as_bytes());

    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        render(&mut page, clap_mangen::Man::render_options_section);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        render(&mut page, clap_mangen::Man::render_subcommands_section);
    }

    let mut roff = Roff::new();
    section(&mut roff, "EXIT STATUS");
    for (code, text) in man::EXIT_STATUS {
        item(&mut roff, &code.to_string(), text);
    }
    item(&mut roff, "other", man::EXIT_STATUS_OTHER);

    if is_root {
        section(&mut roff, "ENVIRONMENT");
        for var in man::ENVIRONMENT {
            item(&mut roff, var.name, var.text);
        }
        section(&mut roff, "FILES");
        for (file, text) in man::FILES {
            item(&mut roff, file, text);
        }
        section(&mut roff, "EXAMPLES");
        for (i, (line, text)) in man::EXAMPLES.iter().enumerate() {
            if i > 0 {
                roff.control("PP", []);
            }
            roff.text([roman(*text)]);
            literal(&mut roff, &[line]);
        }
    } else if !help.examples.is_empty() {
        section(&mut roff, "EXAMPLES");
        literal(&mut roff, &help.examples);
    }

    section(&mut roff, "SEE ALSO");
    let mut see: Vec<(String, String)> = Vec::new();
    if !is_root {
        see.push(("sesame".into(), "1".into()));
        if path.len() > 1 {
            let parent = completion::find(root_cmd, &path[..path.len() - 1]).unwrap();
            see.push((page_name(parent), "1".into()));
        }
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        see.push((page_name(sub), "1".into()));
    }
    if is_root {
        for (page, sec) in man::SEE_ALSO {
            see.push(((*page).into(), (*sec).into()));
        }
    }
    let mut line = Vec::new();
    for (i, (page, sec)) in see.iter().enumerate() {
        let sep = if i + 1 < see.len() { ", " } else { "" };
        line.push(bold(page.as_str()));
        line.push(roman(format!("({sec}){sep}")));
    }
    roff.text(line);
    if !is_root {
        roff.control("PP", []);
        roff.text([
            roman("The environment variables, the store's files and more examples are in "),
            bold("sesame"),
            roman("(1)."),
        ]);
    }

    // No VERSION section: the version is in every page's footer (`.TH`).
    strip_preamble(&mut page, roff.render().as_bytes());
    tidy(&page)
}

/// Fix what clap_mangen writes that `mandoc -Tlint` and `groff -ww` warn about:
/// `.br`, an empty line, `.br` before "Possible values" (one `.sp` says the
/// same), trailing spaces, and characters outside ASCII, which troff reads only through preconv.
fn tidy(page: &str) -> String {
    let page = page.replace(".br\n\n.br\n", ".sp\n");
    let page: String = page
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect();
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

fn committed_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(root().join(dir)) {
        for e in entries {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            out.push(format!("{}/{name}", dir.display()));
        }
    }
    out
}

#[test]
fn generated_files_are_up_to_date() {
    let files = generated();
    let update = std::env::var("SESAME_UPDATE_GENERATED").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (rel, text) in &files {
        let path = root().join(rel);
        let old = fs::read_to_string(&path).unwrap_or_default();
        if old == *text {
            continue;
        }
        if update {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
            eprintln!("rewrote {rel}");
        } else {
            let diff = similar::TextDiff::from_lines(&old, text)
                .unified_diff()
                .context_radius(2)
                .header(&format!("{rel} (committed)"), &format!("{rel} (generated)"))
                .to_string();
            stale.push(diff);
        }
    }
    // Pages and scripts of commands that no longer exist.
    for rel in committed_files(Path::new("man"))
        .into_iter()
        .chain(committed_files(Path::new("completions")))
    {
        if !files.contains_key(&rel) {
            if update {
                fs::remove_file(root().join(&rel)).unwrap();
                eprintln!("removed {rel}");
            } else {
                stale.push(format!("{rel} is committed but no longer generated\n"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale; run `SESAME_UPDATE_GENERATED=1 cargo test --test tests docs::` and commit:\n\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_command_has_a_page_with_every_section() {
    let files = generated();
    let cmd = built();
    let paths = completion::command_paths(&cmd);
    assert!(paths.len() > 5, "{paths:?}");
    for path in &paths {
        let rel = format!("man/{}.1", page_name(completion::find(&cmd, path).unwrap()));
        let page = &files[&rel];
        let mut wanted = vec!["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"];
        if path.is_empty() {
            wanted.extend(["ENVIRONMENT", "FILES", "EXAMPLES"]);
        }
        for title in wanted {
            assert!(
                page.contains(&format!(".SH \"{title}\""))
                    || page.contains(&format!(".SH {title}\n")),
                "{rel} has no {title} section"
            );
        }
    }
    let root_page = &files["man/sesame.1"];
    for var in man::ENVIRONMENT {
        assert!(root_page.contains(var.name), "{} missing", var.name);
    }
    for sub in ["sesame\\-get", "sesame\\-completions"] {
        assert!(
            root_page.contains(sub),
            "{sub} not in SEE ALSO / SUBCOMMANDS"
        );
    }
}

/// Every `SESAME_*` variable the code reads is in the ENVIRONMENT section and
/// in README's list, so neither drifts when a command adds one.
#[test]
fn environment_section_lists_every_variable() {
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&p).unwrap();
                for (i, _) in text.match_indices("\"SESAME_") {
                    let rest = &text[i + 1..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                        .unwrap_or(rest.len());
                    // `"SESAME_"` alone is a prefix test, not a variable.
                    if !rest[..end].ends_with('_') {
                        found.insert(rest[..end].to_owned());
                    }
                }
            }
        }
    }
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(found.len() >= 8, "{found:?}");
    for var in &found {
        assert!(
            man::ENVIRONMENT.iter().any(|v| v.name == var),
            "{var} is read by the code but missing from sesame::man::ENVIRONMENT"
        );
        assert!(
            readme.contains(&format!("`{var}`")),
            "{var} is missing from README's environment variables"
        );
    }
}

/// The pages as generated now, written to a temporary directory. (The
/// committed ones are compared with them above; linting these keeps the lint
/// tests meaningful while `SESAME_UPDATE_GENERATED=1` rewrites `man/`.)
fn pages() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (rel, text) in generated() {
        if let Some(name) = rel.strip_prefix("man/") {
            let path = dir.path().join(name);
            fs::write(&path, text).unwrap();
            pages.push(path);
        }
    }
    assert!(pages.len() > 5, "{pages:?}");
    (dir, pages)
}

/// `PROGRAM ARGS PAGE` for every generated page (skipped without `program`):
/// each succeeds and says nothing on stderr, nor on stdout when `stdout_too`.
fn every_page_passes(program: &str, why: &str, args: &[&str], stdout_too: bool) {
    if !crate::util::require_program(program, why) {
        return;
    }
    let (_dir, pages) = pages();
    for page in pages {
        let out = Process::new(program)
            .args(args)
            .arg(&page)
            .output()
            .unwrap();
        let mut said = String::from_utf8_lossy(&out.stderr).into_owned();
        if stdout_too {
            said.insert_str(0, &String::from_utf8_lossy(&out.stdout));
        }
        assert!(
            out.status.success() && said.trim().is_empty(),
            "{program} {} {}:\n{said}",
            args[0],
            page.display()
        );
    }
}

#[test]
fn man_pages_pass_mandoc_lint() {
    every_page_passes(
        "mandoc",
        "to lint the man pages",
        &["-Tlint", "-W", "warning"],
        true,
    );
}

#[test]
fn man_pages_pass_groff_warnings() {
    every_page_passes(
        "groff",
        "to check the man pages for warnings",
        &["-ww", "-man", "-Tutf8", "-z"],
        false,
    );
}

#[test]
fn man_pages_render_with_man() {
    if !crate::util::require_program("man", "to render the man pages") {
        return;
    }
    let (_dir, pages) = pages();
    for page in pages {
        let out = Process::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "80")
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "man -l {}: {err}", page.display());
        let name = page.file_stem().unwrap().to_string_lossy().to_uppercase();
        for want in [name.as_str(), "NAME", "SYNOPSIS", "EXIT STATUS", "SEE ALSO"] {
            assert!(
                text.contains(want),
                "{}: no {want} in\n{text}",
                page.display()
            );
        }
        assert!(err.trim().is_empty(), "man -l {}: {err}", page.display());
    }
}

/// Commands other work adds, nested ones included, get their pages with no
/// change to the generator.
#[test]
fn nested_commands_get_pages_that_link_their_parent() {
    let cmd = built_from(
        Cli::command().subcommand(
            Command::new("x-recipients")
                .about("Who the vault is encrypted to")
                .subcommand(
                    Command::new("add")
                        .about("Add a recipient")
                        .arg(clap::Arg::new("recipient").required(true))
                        .after_help("Examples:\n  sesame x-recipients add age1example"),
                ),
        ),
    );
    let paths = completion::command_paths(&cmd);
    let path = vec!["x-recipients".to_owned(), "add".to_owned()];
    assert!(paths.contains(&path), "{paths:?}");
    let page = man_page(&cmd, &path);
    assert_eq!(
        page_name(completion::find(&cmd, &path).unwrap()),
        "sesame-x-recipients-add"
    );
    assert!(page.contains("\n.TH SESAME-X-RECIPIENTS-ADD 1 "), "{page}");
    assert!(
        page.contains("\\fBsesame\\-x\\-recipients\\fR(1)"),
        "{page}"
    );
    assert!(
        page.contains("sesame x\\-recipients add age1example"),
        "{page}"
    );
    let parent = man_page(&cmd, &path[..1]);
    assert!(parent.contains("sesame\\-x\\-recipients\\-add"), "{parent}");
    if crate::util::require_program("mandoc", "to lint the man pages") {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("child.1", &page), ("parent.1", &parent)] {
            let file = dir.path().join(name);
            fs::write(&file, text).unwrap();
            let out = Process::new("mandoc")
                .args(["-Tlint", "-W", "warning"])
                .arg(&file)
                .output()
                .unwrap();
            assert!(
                out.status.success() && out.stdout.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}
