//! # ikplan
//!
//! Converts Swedish municipalities' internal-control plans (*plan för intern kontroll*) and
//! their follow-ups (*uppföljning*) from the many layouts they are kept in into one
//! normalized model, checks it, and writes JSON, CSV and a standardized workbook.
//!
//! ```text
//!  read        layout          normalize        rules          write
//! bytes ──► Source ──► Layout (tables, ──► model::Output ──► findings ──► JSON / CSV / xlsx
//!          (sheets,    header roles,       (documents,
//!           rows,      row roles)           risks, controls,
//!           cells)                          follow-ups)
//! ```
//!
//! Each stage is a function from one plain data type to the next; only [`read`], [`write`]
//! and [`cli`] touch files. Every record and finding carries its source location.

pub mod cli;
pub mod compare;
pub mod field;
pub mod finding;
pub mod layout;
pub mod link;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rules;
pub mod serve;
pub mod write;

/// A small deterministic pseudo-random sequence (xorshift64) for the randomized tests: the
/// same numbers on every run and machine, without a dependency.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
