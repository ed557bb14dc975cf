//! The plan as the sums read it (each visible project's facts, assignments and EST demand, per
//! project, from the server's books), and a scenario's changes laid over it.
//!
//! The overlay is what applying the scenario would write, worked out in memory: the compare
//! views show the plan after [`Plan::overlay`], and [`super::apply`] writes the same changes
//! through the pages' commands. Only projects of the plan (those the reader sees) change; a
//! change to a project outside it is hidden from the reader and does nothing here.

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::change::{Change, moved};
use crate::cache::staffing::Staffed;
use crate::planning::milli_pm;
use crate::planning::months::{calendar_month, last_month};
use crate::planning::reading::Certainty;

/// A visible project as the sums need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub code: String,
    pub start: NaiveDate,
    pub duration: i32,
    /// In a pipeline state: its demand is tentative.
    pub pipeline: bool,
    /// The win probability in percent (its own, else its lifecycle state's).
    pub probability: u8,
    /// Rejected: its demand counts nowhere.
    pub rejected: bool,
}

impl ProjectFacts {
    /// How sure the project's EST demand is.
    pub fn demand_certainty(&self) -> Certainty {
        Certainty {
            tentative: self.pipeline,
            probability: if self.pipeline { self.probability } else { 100 },
        }
    }

    /// How sure an assignment of the project is.
    pub fn assignment_certainty(&self, tentative: bool) -> Certainty {
        Certainty {
            tentative,
            probability: if self.pipeline { self.probability } else { 100 },
        }
    }

    /// The project's last month.
    pub fn last(&self) -> NaiveDate {
        last_month(self.start, self.duration).unwrap_or(self.start)
    }
}

pub use crate::cache::demand::DemandCell;

/// The plan of the visible projects, per project.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub projects: FxHashMap<Uuid, ProjectFacts>,
    pub assignments: FxHashMap<Uuid, Arc<[Staffed]>>,
    pub demand: FxHashMap<Uuid, Arc<[DemandCell]>>,
}

impl Plan {
    /// Lays `changes` (project, change; in the order they were made) over the plan.
    pub fn overlay(&mut self, changes: &[(Uuid, Change)]) {
        let mut ordered: Vec<&(Uuid, Change)> = changes.iter().collect();
        ordered.sort_by_key(|(_, change)| change.stage());
        for (project, change) in ordered {
            if self.projects.contains_key(project) {
                self.change(*project, change);
            }
        }
    }

    fn change(&mut self, project: Uuid, change: &Change) {
        match change {
            Change::Shift { months } => {
                let by = *months;
                if let Some(facts) = self.projects.get_mut(&project) {
                    facts.start = moved(facts.start, by);
                }
                self.edit_demand(project, |cells| {
                    for cell in cells.iter_mut() {
                        cell.1 = moved(cell.1, by);
                    }
                });
                self.edit_assignments(project, |rows| {
                    for a in rows.iter_mut() {
                        a.start_month = moved(a.start_month, by);
                        a.end_month = moved(a.end_month, by);
                        for o in a.overrides.iter_mut() {
                            o.0 = moved(o.0, by);
                        }
                    }
                });
            }
            Change::Duration { months } => {
                let Some(facts) = self.projects.get_mut(&project) else {
                    return;
                };
                facts.duration = *months;
                let last = facts.last();
                self.edit_demand(project, |cells| cells.retain(|c| c.1 <= last));
                self.edit_assignments(project, |rows| {
                    rows.retain(|a| a.start_month <= last);
                    for a in rows.iter_mut() {
                        a.end_month = a.end_month.min(last);
                        a.overrides.retain(|o| o.0 <= last);
                    }
                });
            }
            Change::ScaleDemand { percent } => {
                let share = i64::from(*percent) * 100;
                self.edit_demand(project, |cells| {
                    for cell in cells.iter_mut() {
                        cell.2 = milli_pm::share(cell.2, share);
                    }
                    cells.retain(|c| c.2 != 0);
                });
            }
            Change::Outcome { won } => {
                if let Some(facts) = self.projects.get_mut(&project) {
                    facts.pipeline = false;
                    facts.rejected = !won;
                    facts.probability = if *won { 100 } else { 0 };
                }
                let won = *won;
                self.edit_assignments(project, |rows| {
                    if won {
                        rows.iter_mut().for_each(|a| a.tentative = false);
                    } else {
                        rows.retain(|a| !a.tentative);
                    }
                });
            }
            Change::AddAssignment {
                person,
                role,
                percent,
                start,
                end,
                tentative,
                ..
            } => {
                let staffed = Staffed {
                    // A new assignment has no id yet: one no stored row has.
                    id: Uuid::new_v4(),
                    person_id: *person,
                    project_id: project,
                    role_type_id: *role,
                    percent: *percent,
                    start_month: *start,
                    end_month: *end,
                    overrides: Vec::new(),
                    tentative: *tentative,
                };
                self.edit_assignments(project, |rows| rows.push(staffed));
            }
            Change::ChangeAssignment {
                assignment,
                role,
                percent,
                start,
                end,
                tentative,
                ..
            } => self.edit_assignments(project, |rows| {
                if let Some(a) = rows.iter_mut().find(|a| a.id == *assignment) {
                    a.role_type_id = *role;
                    a.percent = *percent;
                    a.start_month = *start;
                    a.end_month = *end;
                    a.tentative = *tentative;
                    a.overrides.retain(|o| *start <= o.0 && o.0 <= *end);
                }
            }),
            Change::RemoveAssignment { assignment, .. } => {
                self.edit_assignments(project, |rows| rows.retain(|a| a.id != *assignment))
            }
            Change::Allocation {
                assignment,
                month,
                pm,
            } => self.edit_assignments(project, |rows| {
                if let Some(a) = rows.iter_mut().find(|a| a.id == *assignment) {
                    a.overrides.retain(|o| o.0 != *month);
                    if let Some(pm) = pm {
                        a.overrides.push((*month, *pm));
                        a.overrides.sort_by_key(|o| o.0);
                    }
                }
            }),
            Change::Placeholder {
                organisation,
                start,
                end,
                pm,
                ..
            } => {
                let months: Vec<NaiveDate> = (1..=MAX_PLACEHOLDER_MONTHS)
                    .filter_map(|m| calendar_month(*start, m))
                    .take_while(|m| m <= end)
                    .collect();
                self.edit_demand(project, |cells| {
                    cells.extend(months.iter().map(|m| (*organisation, *m, *pm)));
                });
            }
        }
    }

    fn edit_demand(&mut self, project: Uuid, edit: impl FnOnce(&mut Vec<DemandCell>)) {
        let mut cells = self
            .demand
            .get(&project)
            .map(|c| c.to_vec())
            .unwrap_or_default();
        edit(&mut cells);
        self.demand.insert(project, Arc::from(cells));
    }

    fn edit_assignments(&mut self, project: Uuid, edit: impl FnOnce(&mut Vec<Staffed>)) {
        let mut rows = self
            .assignments
            .get(&project)
            .map(|c| c.to_vec())
            .unwrap_or_default();
        edit(&mut rows);
        self.assignments.insert(project, Arc::from(rows));
    }
}

/// A placeholder covers at most this many months (the longest project).
const MAX_PLACEHOLDER_MONTHS: i32 = 600;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn fixture() -> (Plan, Uuid, Uuid) {
        let (project, assignment) = (Uuid::new_v4(), Uuid::new_v4());
        let org = Uuid::nil();
        let mut plan = Plan::default();
        plan.projects.insert(
            project,
            ProjectFacts {
                code: "X".into(),
                start: d("2027-01-01"),
                duration: 6,
                pipeline: true,
                probability: 30,
                rejected: false,
            },
        );
        plan.demand.insert(
            project,
            Arc::from(vec![
                (org, d("2027-01-01"), 1_000),
                (org, d("2027-06-01"), 2_000),
            ]),
        );
        plan.assignments.insert(
            project,
            Arc::from(vec![Staffed {
                id: assignment,
                person_id: Uuid::new_v4(),
                project_id: project,
                role_type_id: None,
                percent: 5_000,
                start_month: d("2027-01-01"),
                end_month: d("2027-06-01"),
                overrides: vec![(d("2027-02-01"), 300)],
                tentative: true,
            }]),
        );
        (plan, project, assignment)
    }

    #[test]
    fn a_shift_moves_the_whole_plan_of_the_project() {
        let (mut plan, project, _) = fixture();
        plan.overlay(&[(project, Change::Shift { months: 3 })]);
        assert_eq!(plan.projects[&project].start, d("2027-04-01"));
        let months: Vec<NaiveDate> = plan.demand[&project].iter().map(|c| c.1).collect();
        assert_eq!(months, vec![d("2027-04-01"), d("2027-09-01")]);
        let a = &plan.assignments[&project][0];
        assert_eq!(
            (a.start_month, a.end_month),
            (d("2027-04-01"), d("2027-09-01"))
        );
        assert_eq!(a.overrides, vec![(d("2027-05-01"), 300)]);
    }

    #[test]
    fn a_shorter_project_loses_what_lies_after_its_new_end() {
        let (mut plan, project, _) = fixture();
        plan.overlay(&[(project, Change::Duration { months: 3 })]);
        assert_eq!(plan.demand[&project].len(), 1);
        assert_eq!(plan.assignments[&project][0].end_month, d("2027-03-01"));
    }

    #[test]
    fn won_confirms_tentative_work_and_lost_removes_it() {
        let (mut won, project, _) = fixture();
        won.overlay(&[(project, Change::Outcome { won: true })]);
        assert!(!won.projects[&project].pipeline);
        assert!(!won.assignments[&project][0].tentative);
        let (mut lost, project, _) = fixture();
        lost.overlay(&[(project, Change::Outcome { won: false })]);
        assert!(lost.projects[&project].rejected);
        assert!(lost.assignments[&project].is_empty());
    }

    #[test]
    fn scaling_placeholders_and_overrides_change_only_their_project() {
        let (mut plan, project, assignment) = fixture();
        let untouched = plan.clone();
        let org = Uuid::new_v4();
        plan.overlay(&[
            (project, Change::ScaleDemand { percent: 150 }),
            (
                project,
                Change::Placeholder {
                    organisation: org,
                    role: Uuid::nil(),
                    start: d("2027-02-01"),
                    end: d("2027-03-01"),
                    pm: 500,
                },
            ),
            (
                project,
                Change::Allocation {
                    assignment,
                    month: d("2027-02-01"),
                    pm: None,
                },
            ),
            (Uuid::new_v4(), Change::Shift { months: 1 }),
        ]);
        let pm: Vec<i64> = plan.demand[&project].iter().map(|c| c.2).collect();
        assert_eq!(pm, vec![1_500, 3_000, 500, 500]);
        assert!(plan.assignments[&project][0].overrides.is_empty());
        assert_eq!(plan.projects.len(), untouched.projects.len());
        assert_eq!(untouched.demand[&project].len(), 2);
    }
}
