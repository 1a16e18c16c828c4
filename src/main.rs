use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

// mimalloc: with glibc's malloc a third of the CPU time of a large run went
// to allocation, freeing and arena consolidation across the worker threads
// (100,000 files: 6.3 s user with glibc, 3.9 s with mimalloc).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

/// mimalloc through its plain entry points whenever they give the
/// alignment asked for. Every mimalloc block is at least word-aligned, and
/// almost every allocation asks for no more; the `mimalloc` crate's
/// allocator takes the aligned entry points for all of them, 2% more
/// instructions on a corpus run (1,417M against 1,389M).
struct MiMalloc;

/// The alignment every mimalloc block has: its block sizes are whole
/// words.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each call passes the layout's size and alignment on to mimalloc,
// whose plain entry points return word-aligned blocks (used only when the
// layout asks for no more) and whose `_aligned` ones honour any alignment;
// every block is freed or resized by the same allocator.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: see the impl.
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

fn main() {
    std::process::exit(dockward::cli::run());
}

/// Transparent huge pages off for this process. mimalloc asks for them on
/// its arenas, and the kernel then zeroes 2 MiB at each first touch of a
/// fresh page: a third of the whole time of a 100,000-file run (8.2 s of
/// system time, 2.9 s without them).
///
/// Asked from the program's initializers, not from `main`: the runtime
/// allocates before `main`, and that first allocation's huge page was a
/// fifth of the samples of a run on an empty directory.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NO_HUGE_PAGES: extern "C" fn() = no_huge_pages;

#[cfg(target_os = "linux")]
extern "C" fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes no pointers and touches only this
    // process's memory policy; a failure (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
