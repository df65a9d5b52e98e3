//! Integration tests of the store.

mod compat;
