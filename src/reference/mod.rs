//! Reference data every plan leans on: organisations, calendars and holidays, lookup values
//! (lifecycle states, role types, deliverable types, ...) and the system settings.

pub mod calendars;
pub mod choices;
pub mod lookups;
pub mod organisations;
pub mod settings;
