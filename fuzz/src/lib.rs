//! What every fuzz target shares: a counting allocator that enforces issue 19's
//! memory bound (no more than 16× the input plus 64 MiB allocated at once while
//! sesame parses it, `sesame::fuzzing::alloc_budget`), and `check`, which runs
//! one entry point of `sesame::fuzzing` under it.
//!
//! libFuzzer's own `-malloc_limit_mb` needs a sanitizer's allocator hooks, and
//! these targets are built without a sanitizer (`fuzz/run.sh`): sesame forbids
//! unsafe code, and the runs spend the CPU on executions instead.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

struct Counting;

/// Bytes allocated now, by everyone.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// While `check` runs: the most `LIVE` may reach.
static CEILING: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The highest `LIVE` seen while armed.
static PEAK: AtomicUsize = AtomicUsize::new(0);
static OVER: AtomicBool = AtomicBool::new(false);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters are only bookkeeping. An allocation past the ceiling fails (null),
// which Rust turns into an abort that libFuzzer reports with its input.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !self.account(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !self.account(layout.size()) {
            return std::ptr::null_mut();
        }
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && !self.account(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            if new_size > layout.size() {
                LIVE.fetch_sub(new_size - layout.size(), Ordering::Relaxed);
            }
        } else if new_size < layout.size() {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        p
    }
}

impl Counting {
    /// Count `size` more bytes; false (and nothing counted) past the ceiling.
    fn account(&self, size: usize) -> bool {
        let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        if now > CEILING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(size, Ordering::Relaxed);
            OVER.store(true, Ordering::Relaxed);
            return false;
        }
        PEAK.fetch_max(now, Ordering::Relaxed);
        true
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Run `target` on `data` with at most `alloc_budget(data.len())` bytes more
/// allocated at any moment than before it started.
pub fn check(data: &[u8], target: fn(&[u8])) {
    let base = LIVE.load(Ordering::Relaxed);
    let budget = sesame::fuzzing::alloc_budget(data.len());
    PEAK.store(base, Ordering::Relaxed);
    CEILING.store(base.saturating_add(budget), Ordering::Relaxed);
    target(data);
    CEILING.store(usize::MAX, Ordering::Relaxed);
    assert!(
        !OVER.load(Ordering::Relaxed),
        "allocated more than {budget} bytes"
    );
}
