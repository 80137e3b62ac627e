//! Keeping key material out of swap: `mlock` where the OS allows it.
//!
//! The unwrapped identity and the master password are the two things that open
//! every secret, so their heap buffers are locked into RAM for as long as they
//! live. This is best effort: an unprivileged process may lock only
//! `RLIMIT_MEMLOCK` bytes (often 64 KiB or 8 MiB), some systems refuse outright,
//! and a refusal is not a reason to stop working. Values themselves are not
//! locked: a vault of 10,000 secrets could exceed the limit, and they are
//! zeroized on drop like the keys.
//!
//! `rustix::mm::mlock` is an `unsafe fn` (it takes a raw pointer), and this crate
//! forbids unsafe code; `region::lock` offers the same call as a safe function
//! returning a guard that unlocks on drop, on Linux, macOS and Windows alike.
//! `mlockall` was rejected: with `MCL_FUTURE` every allocation past the limit
//! fails, and scrypt alone needs 256 MiB.

use std::fmt;

/// Pages locked into RAM until this is dropped. Holds nothing when the OS refused.
#[derive(Default)]
pub(crate) struct MemLock(Option<region::LockGuard>);

impl fmt::Debug for MemLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MemLock({})",
            if self.0.is_some() {
                "locked"
            } else {
                "not locked"
            }
        )
    }
}

impl MemLock {
    /// Try to lock the memory of `value` (which must not move while this lives:
    /// pass something behind a `Box` or another heap buffer).
    pub(crate) fn lock<T: ?Sized>(value: &T) -> Self {
        let size = std::mem::size_of_val(value);
        if size == 0 {
            return MemLock(None);
        }
        MemLock(region::lock(value as *const T as *const u8, size).ok())
    }

    /// Leave the memory locked until the process exits, for a buffer whose
    /// owner cannot carry the guard. Harmless in a short-lived process: the
    /// pages stay resident, nothing more.
    pub(crate) fn keep(self) {
        std::mem::forget(self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locking_small_buffers_works_or_is_refused_quietly() {
        let key = Box::new([7u8; 32]);
        let lock = MemLock::lock(&*key);
        // Either outcome is fine; neither may panic.
        let _ = lock.0.is_some();
        drop(lock);
        assert_eq!(key[0], 7);
        assert!(MemLock::lock(&[0u8; 0][..]).0.is_none());
    }
}
