//! Storage: the schema and the single writer. Only this module writes SQL during the load.

pub mod schema;
pub mod writer;
