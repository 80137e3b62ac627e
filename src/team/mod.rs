//! Team stores shared through git (issue 15): the store's place in its
//! repository and the registration of sesame's git drivers (`register.rs`),
//! git's plumbing as sesame runs it (`git.rs`), the text `git diff` shows of
//! a manifest (`diff.rs`). The merge itself is `vault::merge`.

pub(crate) mod diff;
pub(crate) mod git;
pub(crate) mod register;

pub(crate) use register::register_git;
pub(crate) use register::repo_root;
