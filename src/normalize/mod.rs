//! Normalization: cells → model values. Value parsers are pure functions (unit-tested);
//! `facts` reads document facts from prose and `assemble` builds the model from the layout.

pub mod assemble;
pub mod column_facts;
pub mod date;
pub mod facts;
pub mod names;
pub mod number;
pub mod parent;
pub mod scale_words;
pub mod text;
pub mod vocab;
