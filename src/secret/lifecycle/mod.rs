//! The life of a secret after it is stored: rotation (with a grace period during
//! which the previous value stays valid), revocation (values wiped, the revoke
//! command run), rollback, and the schedule that `rotate --due` and `status`
//! read (expiry, max age, grace deadlines).
//!
//! - `command`: running the user's rotate and revoke commands.
//! - `rotate`: rotation and where the new value comes from.
//! - `revoke`: revoking versions, wiping their values.
//! - `rollback`: an older value made current again.
//! - `schedule`: what is due, expired or in grace at a given time.
//!
//! Rotate and revoke commands are the user's shell commands, run with `sh -c`.
//! Values reach them only through their environment (never argv, which any user
//! can read in `ps`), and a rotate command hands its new value back on stdout.
//! Everything here works on a [`Vault`](crate::vault::model::Vault) in memory; the caller commits it. The
//! module never prints: what happened comes back as data for `commands` to show.

mod command;
mod revoke;
mod rollback;
mod rotate;
mod schedule;

pub use command::{
    DEFAULT_TIMEOUT, ENV_CURRENT_ID, ENV_CURRENT_VALUE, ENV_REVOKED_ID, ENV_REVOKED_VALUE,
    ENV_REVOKED_VERSION, ENV_SECRET_NAME,
};
pub use revoke::{Revoked, Which, revoke_version, select};
pub use rollback::rollback;
pub use rotate::{NewValue, RotateOptions, Rotated, Source, rotate, source_of, validate_id};
pub use schedule::{
    Due, DuePlan, GraceEnd, Status, StatusItem, due_plan, grace_ended, rotation_due, status,
};
