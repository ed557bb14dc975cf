//! Pure planning arithmetic: no HTTP, no SQL, unit-tested on its own (SPEC §3).

pub mod allocation;
pub mod divisor;
pub mod holidays;
pub mod months;
pub mod person_capacity;
pub mod quality;
