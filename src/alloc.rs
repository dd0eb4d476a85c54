//! The program's allocator: mimalloc, asked for plain blocks where a plain block is aligned
//! enough.
//!
//! The `mimalloc` crate's `GlobalAlloc` passes every request to `mi_malloc_aligned`, whose
//! fast path only takes a block when the free one at hand happens to be aligned, and whose
//! fallback over-allocates for block sizes that are not powers of two (40, 48, 80 … bytes).
//! Rust states an alignment with every request, almost always 1, 8 or 16, which every
//! mimalloc block of at least that size already has (mimalloc aligns blocks of 16 bytes
//! or more to `MI_MAX_ALIGN_SIZE`, 16; smaller ones to 8). Such requests go to `mi_malloc`,
//! as Rust's own `System` allocator sends them to `malloc`: a large conversion takes about
//! 2 % less time and CPU (BENCHMARKS.md). The block is still checked, so a build of mimalloc that aligns
//! otherwise costs a second request, never a misaligned block.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every block of at least this many bytes has.
const PLAIN_ALIGN: usize = 16;

/// mimalloc, plain blocks for plain alignments. See the module's documentation.
pub struct Allocator;

/// Whether a plain block of `size` bytes is expected to be aligned to `align`.
fn plain(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

fn aligned(p: *mut c_void, align: usize) -> bool {
    (p as usize) & (align - 1) == 0
}

/// A block of `layout` from `plain_fn` (size only) where a plain block is expected to be
/// aligned enough and is, else from `aligned_fn` (size and alignment).
///
/// SAFETY: `plain_fn` and `aligned_fn` must be mimalloc's allocation functions of one kind.
#[inline]
unsafe fn block(
    layout: Layout,
    plain_fn: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_fn: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    let (size, align) = (layout.size(), layout.align());
    // SAFETY: plain C allocation calls; the block is freed only if it is not returned.
    unsafe {
        if plain(size, align) {
            let p = plain_fn(size);
            if aligned(p, align) {
                return p.cast();
            }
            mi::mi_free(p);
        }
        aligned_fn(size, align).cast()
    }
}

// SAFETY: every block comes from mimalloc with at least the layout's size and alignment
// (a plain block is checked and, if it falls short, freed and requested aligned); mimalloc
// frees and reallocates any block it gave, whichever function gave it.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions, uninitialized blocks.
        unsafe { block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions, zeroed blocks.
        unsafe { block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was given by this allocator, so by mimalloc.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        // SAFETY: `ptr` was given by mimalloc; a moved block is only returned when aligned,
        // else its contents are moved once more into an aligned block.
        unsafe {
            if plain(new_size, align) {
                let p = mi::mi_realloc(ptr.cast(), new_size);
                if p.is_null() || aligned(p, align) {
                    return p.cast();
                }
                // Moved to a block aligned short of the layout: once more, aligned.
                return mi::mi_realloc_aligned(p, new_size, align).cast();
            }
            mi::mi_realloc_aligned(ptr.cast(), new_size, align).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sizes from 1 byte to 2 MiB with every alignment Rust types use and larger ones: the
    /// blocks are aligned, zeroed blocks are zero, and a block keeps its bytes when grown
    /// and shrunk.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = Allocator;
        let sizes = (1..=300).chain([511, 512, 1000, 4095, 4096, 5000, 70_000, 1 << 21]);
        let layout = |size, align| Layout::from_size_align(size, align).expect("a layout");
        let holds = |p: *mut u8, n: usize| unsafe {
            std::slice::from_raw_parts(p, n).iter().all(|&b| b == 0xA5)
        };
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                // SAFETY: each block is used within its size and freed once with its layout.
                unsafe {
                    let z = a.alloc_zeroed(layout(size, align));
                    assert_eq!(z as usize % align, 0, "zeroed: size {size}, align {align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    a.dealloc(z, layout(size, align));

                    let p = a.alloc(layout(size, align));
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    std::ptr::write_bytes(p, 0xA5, size);
                    let big = size * 3 + 1;
                    let q = a.realloc(p, layout(size, align), big);
                    assert_eq!(q as usize % align, 0, "{size} → {big}, align {align}");
                    assert!(holds(q, size));
                    std::ptr::write_bytes(q, 0xA5, big);
                    let small = size.div_ceil(2);
                    let r = a.realloc(q, layout(big, align), small);
                    assert_eq!(r as usize % align, 0, "{big} → {small}, align {align}");
                    assert!(holds(r, small));
                    a.dealloc(r, layout(small, align));
                }
            }
        }
    }

    #[test]
    fn plain_requests_are_the_small_alignments() {
        assert!(plain(1, 1));
        assert!(plain(24, 8));
        assert!(plain(16, 16));
        assert!(!plain(8, 16));
        assert!(!plain(64, 32));
    }
}
