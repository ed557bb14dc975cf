//! Pure planning arithmetic: no HTTP, no SQL, unit-tested on its own (SPEC §3).

pub mod holidays;
pub mod months;
