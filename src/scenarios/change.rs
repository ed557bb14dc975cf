//! One change a scenario records, always to one project: what it does to the plan, as JSON in
//! `scenario_changes.change` (its `kind` is the column `kind` too).
//!
//! Figures are whole units, as the books keep them: PM in milli-PM, percentages in hundredths of
//! a percent, months as their first days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::i18n::Msg;
use crate::planning::months::{add_months, format_month};

/// The most months a scenario may move a project's start, either way: as far as the command
/// that applies it moves a plan.
pub use crate::projects::shift::MAX_SHIFT;
/// The largest factor a scenario may scale a project's EST demand by, in percent.
pub const MAX_SCALE_PERCENT: u32 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// The project starts `months` later (earlier when negative); its whole plan moves with it:
    /// demand, role demand, assignments and the allocation grid's overrides.
    Shift { months: i32 },
    /// The project lasts `months`; what lies after its new end falls away.
    Duration { months: i32 },
    /// The project's EST demand times `percent` (100: unchanged).
    ScaleDemand { percent: u32 },
    /// A project in a pipeline state is won (it runs, and its tentative work is confirmed) or
    /// lost (it is rejected, and its tentative assignments go).
    Outcome { won: bool },
    /// A new assignment.
    AddAssignment {
        person: Uuid,
        role: Option<Uuid>,
        /// Hundredths of a percent.
        percent: i64,
        group: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        tentative: bool,
    },
    /// An assignment changed (at the row version it had when the change was made).
    ChangeAssignment {
        assignment: Uuid,
        version: i64,
        role: Option<Uuid>,
        percent: i64,
        group: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        tentative: bool,
    },
    /// An assignment removed (at the row version it had).
    RemoveAssignment { assignment: Uuid, version: i64 },
    /// The allocation grid's value of an assignment in one month: milli-PM, or `None` to derive
    /// it from capacity × percent again.
    Allocation {
        assignment: Uuid,
        month: NaiveDate,
        pm: Option<i64>,
    },
    /// Demand for a role not yet staffed: `pm` milli-PM per month of EST demand on an
    /// organisation, from `start` to `end`.
    Placeholder {
        organisation: Uuid,
        role: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        pm: i64,
    },
}

impl Change {
    /// The column `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Shift { .. } => "shift",
            Change::Duration { .. } => "duration",
            Change::ScaleDemand { .. } => "scale_demand",
            Change::Outcome { .. } => "outcome",
            Change::AddAssignment { .. } => "add_assignment",
            Change::ChangeAssignment { .. } => "change_assignment",
            Change::RemoveAssignment { .. } => "remove_assignment",
            Change::Allocation { .. } => "allocation",
            Change::Placeholder { .. } => "placeholder",
        }
    }

    /// What a change says on its own, before it meets the project: a shift of 0 or more than
    /// [`MAX_SHIFT`] months, a duration outside 1–600, a scale above [`MAX_SCALE_PERCENT`], a
    /// percentage outside 0–100, months the wrong way round or a negative PM are refused.
    pub fn check(&self) -> Result<(), Msg> {
        let percent_ok = |p: i64| (0..=10_000).contains(&p);
        let months_ok = |s: NaiveDate, e: NaiveDate| s <= e;
        match self {
            Change::Shift { months } if *months == 0 || months.abs() > MAX_SHIFT => {
                Err(Msg::new("scenario-bad-shift").arg("max", MAX_SHIFT.to_string()))
            }
            Change::Duration { months } if !(1..=600).contains(months) => {
                Err(Msg::new("scenario-bad-duration"))
            }
            Change::ScaleDemand { percent } if *percent > MAX_SCALE_PERCENT => {
                Err(Msg::new("scenario-bad-scale").arg("max", MAX_SCALE_PERCENT.to_string()))
            }
            Change::AddAssignment {
                percent,
                start,
                end,
                ..
            }
            | Change::ChangeAssignment {
                percent,
                start,
                end,
                ..
            } if !percent_ok(*percent) || !months_ok(*start, *end) => {
                Err(Msg::new("scenario-bad-assignment"))
            }
            Change::Allocation { pm: Some(pm), .. } if !(0..=5_000).contains(pm) => {
                Err(Msg::new("scenario-bad-allocation"))
            }
            Change::Placeholder { start, end, pm, .. }
                if !months_ok(*start, *end) || !(1..=100_000).contains(pm) =>
            {
                Err(Msg::new("scenario-bad-placeholder"))
            }
            _ => Ok(()),
        }
    }

    /// Where the change comes when a scenario is applied (and laid over the plan): a project's
    /// outcome after its other changes, since a lost project is rejected, and a rejected project is
    /// locked against the rest; otherwise in the order the changes were made.
    pub fn stage(&self) -> u8 {
        match self {
            Change::Outcome { .. } => 1,
            _ => 0,
        }
    }

    /// The assignment the change is about, if it is about one that exists.
    pub fn assignment(&self) -> Option<Uuid> {
        match self {
            Change::ChangeAssignment { assignment, .. }
            | Change::RemoveAssignment { assignment, .. }
            | Change::Allocation { assignment, .. } => Some(*assignment),
            _ => None,
        }
    }
}

/// `month` moved by `by` months (unchanged when that leaves the calendar).
pub fn moved(month: NaiveDate, by: i32) -> NaiveDate {
    add_months(month, by).unwrap_or(month)
}

/// A month as the scenario pages write it (`2027-03`).
pub fn month_text(month: NaiveDate) -> String {
    format_month(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn changes_are_stored_as_tagged_json_and_read_back() {
        let change = Change::Placeholder {
            organisation: Uuid::nil(),
            role: Uuid::nil(),
            start: d("2027-01-01"),
            end: d("2027-06-01"),
            pm: 500,
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["kind"], "placeholder");
        assert_eq!(json["start"], "2027-01-01");
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
        let shift: Change = serde_json::from_str(r#"{"kind":"shift","months":3}"#).unwrap();
        assert_eq!(shift, Change::Shift { months: 3 });
        assert!(serde_json::from_str::<Change>(r#"{"kind":"shift","months":3,"x":1}"#).is_err());
        assert!(serde_json::from_str::<Change>(r#"{"kind":"explode"}"#).is_err());
    }

    #[test]
    fn a_change_that_makes_no_sense_is_refused_before_it_meets_a_project() {
        assert!(Change::Shift { months: 0 }.check().is_err());
        assert!(Change::Shift { months: 121 }.check().is_err());
        assert!(Change::Shift { months: -3 }.check().is_ok());
        assert!(Change::Duration { months: 0 }.check().is_err());
        assert!(Change::ScaleDemand { percent: 1_001 }.check().is_err());
        assert!(Change::ScaleDemand { percent: 0 }.check().is_ok());
        let backwards = Change::AddAssignment {
            person: Uuid::nil(),
            role: None,
            percent: 5_000,
            group: Uuid::nil(),
            start: d("2027-06-01"),
            end: d("2027-01-01"),
            tentative: false,
        };
        assert!(backwards.check().is_err());
    }
}
