//! The core domain: definitions, imports, calls, assignments, returns, name uses, dict literals.

pub mod assignments;
pub mod calls;
pub mod dict_entries;
pub mod imports;
pub mod name_uses;
pub mod returns;
pub mod symbols;
