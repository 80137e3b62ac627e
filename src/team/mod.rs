//! Team stores shared through git (issue 15): the store's place in its
//! repository and the registration of sesame's git drivers (`register.rs`).

pub(crate) mod register;

pub use register::register_git;
pub(crate) use register::repo_root;
