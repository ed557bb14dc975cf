//! Pages of the reference data: organisations and the system settings.

pub mod organisations;
pub mod settings;
