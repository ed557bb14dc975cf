//! People: who they are (persons, with their working time and FTE), what they have (capacity,
//! from `planning::person_capacity`), and what they are given (staffing: assignments to projects;
//! allocations: the allocation grid of a project's team).

pub mod allocations;
pub mod edit;
pub mod persons;
pub mod staffing;
pub mod sync;
