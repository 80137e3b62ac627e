//! What a record says was done, and the name the log writes for it.

use std::fmt;

/// Declares [`Action`] with each variant's log name beside it, so the enum,
/// [`Action::as_str`], [`Action::parse`] and [`Action::names`] cannot drift
/// apart. The order is the one `names` lists (help and completions).
macro_rules! actions {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)+) => {
        /// What a record says was done.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Action {
            $(
                #[doc = concat!("Written as `", $name, "`.")]
                $(#[doc = $doc])*
                $variant,
            )+
        }

        impl Action {
            /// Every action, in the order of [`Action::names`].
            const ALL: &[Action] = &[$(Action::$variant),+];

            /// The name written in the log.
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)+
                }
            }
        }
    };
}

actions! {
    Init = "init",
    Set = "set",
    Get = "get",
    List = "list",
    Show = "show",
    Generate = "generate",
    Edit = "edit",
    Rotate = "rotate",
    Rollback = "rollback",
    Revoke = "revoke",
    Remove = "remove",
    /// `move`: a secret renamed (old name, then new).
    Move = "move",
    /// `copy`: a secret's current value copied to a new name.
    Copy = "copy",
    Run = "run",
    Env = "env",
    Import = "import",
    /// `recipients add` and `recipients remove`.
    Recipients = "recipients",
    Passwd = "passwd",
    Rekey = "rekey",
    /// `unlock`: caching the identity.
    Unlock = "unlock",
    /// `lock`: forgetting the cached identity.
    Lock = "lock",
    /// A command that could not unlock the store (wrong password, bad key).
    UnlockFailed = "unlock-failed",
    /// `audit verify`.
    AuditVerify = "audit-verify",
    /// The first record of a new `audit.log` after rotation.
    LogRotated = "log-rotated",
    /// `audit reset`: the old log was set aside, this starts a new one.
    AuditReset = "audit-reset",
    /// `allow`: a secret's stored commands approved on this machine.
    Allow = "allow",
    /// `deny`: an approval withdrawn.
    Deny = "deny",
    /// `upgrade`: a format-1 store was signed and became format 2.
    Upgrade = "upgrade",
    /// `accept-rollback`: a store that does not descend from the last one seen was accepted.
    AcceptRollback = "accept-rollback",
    /// `team init` and `team join`: this member's identity for a team store.
    Team = "team",
    /// `member add/remove/replace`: the member list changed.
    Member = "member",
    /// `sync` or `team resolve`: a merge of a team store written (issue 15).
    Merge = "merge",
    /// `inject`: a template rendered with secrets (issue 18).
    Inject = "inject",
}

impl Action {
    pub(crate) fn parse(name: &str) -> Option<Action> {
        Self::ALL.iter().copied().find(|a| a.as_str() == name)
    }

    /// Every action name, for help and error messages.
    pub(crate) fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|a| a.as_str())
    }

    /// Whether the action hands out values (what counts as a read for `status --stale`).
    pub(crate) fn hands_out_values(self) -> bool {
        matches!(
            self,
            Action::Get | Action::Run | Action::Env | Action::Inject
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_by_name() {
        for name in Action::names() {
            assert_eq!(Action::parse(name).unwrap().as_str(), name);
        }
        assert!(Action::parse("dance").is_none());
        assert!(Action::Get.hands_out_values() && !Action::Show.hands_out_values());
    }

    #[test]
    fn the_names_in_the_log_never_change() {
        // Logs already written hold these names, and `audit --action` offers
        // them in this order: a change here is a change of file format.
        let names: Vec<_> = Action::names().collect();
        assert_eq!(
            names,
            [
                "init",
                "set",
                "get",
                "list",
                "show",
                "generate",
                "edit",
                "rotate",
                "rollback",
                "revoke",
                "remove",
                "move",
                "copy",
                "run",
                "env",
                "import",
                "recipients",
                "passwd",
                "rekey",
                "unlock",
                "lock",
                "unlock-failed",
                "audit-verify",
                "log-rotated",
                "audit-reset",
                "allow",
                "deny",
                "upgrade",
                "accept-rollback",
                "team",
                "member",
                "merge",
                "inject",
            ]
        );
    }
}
