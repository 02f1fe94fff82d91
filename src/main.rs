//! The `actes` command-line tool.
//!
//! Exit codes: 0 when every input is valid, 1 when at least one is invalid
//! (or could not be read), 2 on a usage error.

mod cli;

/// The command's allocator: mimalloc, whose allocation and release cost a
/// fraction of glibc's on the many small, short-lived values a run over
/// thousands of files makes (BENCHMARKS.md, "Receipts"); built without
/// transparent huge pages, which would add megabytes of resident memory to
/// every run. The library itself leaves the allocator to the program that
/// embeds it.
#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

/// mimalloc through its C functions. The `mimalloc` crate sends every
/// request to `mi_malloc_aligned`, whose alignment handling cost 3.5 % of
/// all instructions of `receipt read` (BENCHMARKS.md, "Receipts, fourth
/// session"); here a request mimalloc's plain functions already satisfy
/// goes to them, and only a larger alignment to the aligned ones.
struct Mimalloc;

/// The alignment of every block `mi_malloc` returns: blocks are at least
/// 8 bytes, in pages aligned to 16, of sizes that are multiples of 8.
const PLAIN_ALIGN: usize = 8;

// SAFETY: each method forwards to the mimalloc C function of the same
// contract (size and alignment as the `Layout` gives them, a block freed by
// `mi_free` only if mimalloc allocated it); a block from the plain functions
// is used only when `layout.align()` is at most `PLAIN_ALIGN`, which every
// mimalloc block meets. mimalloc returns null on failure, as `GlobalAlloc`
// requires.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: mimalloc's C ABI; any size is accepted.
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: mimalloc's C ABI; the alignment is a power of two.
            unsafe { libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: mimalloc's C ABI; any size is accepted.
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: mimalloc's C ABI; the alignment is a power of two.
            unsafe { libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` was allocated by this allocator (the caller's
        // contract), so by mimalloc.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: `ptr` comes from mimalloc (the caller's contract);
            // the new block keeps mimalloc's plain alignment.
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: as above, with the block's own alignment kept.
            unsafe {
                libmimalloc_sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

fn main() {
    remove_temporary_files_on_signals();
    std::process::exit(cli::run());
}

/// On SIGINT, SIGTERM or SIGHUP, removes the named temporary files being
/// written (`container::remove_pending`; on Linux they are unnamed
/// and vanish anyway) and exits with 128 + the signal number.
#[cfg(unix)]
fn remove_temporary_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                actes::container::remove_pending();
                std::process::exit(128 + signal);
            }
        });
    }
}

#[cfg(not(unix))]
fn remove_temporary_files_on_signals() {}
