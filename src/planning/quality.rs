//! Data-quality rules for a project plan (pure: the caller loads the plan). Plans may be
//! inconsistent while they are edited; these rules say what to fix and where.

use bigdecimal::{BigDecimal, ToPrimitive};

use crate::i18n::Msg;

/// What a rule needs to know about a project.
#[derive(Debug, Clone, Default)]
pub struct PlanFacts {
    pub duration: i32,
    pub has_poo: bool,
    pub has_lifecycle: bool,
    /// (number, begin, end)
    pub work_packages: Vec<(i32, i32, i32)>,
    /// (number, WP number, begin, end)
    pub tasks: Vec<(String, i32, i32, i32)>,
    /// (number, due month)
    pub milestones: Vec<(String, i32)>,
    /// (number, due month, has type, has dissemination level)
    pub deliverables: Vec<(String, i32, bool, bool)>,
    /// (task number, organisation, series, project month, PM)
    pub demand: Vec<(String, String, String, i32, BigDecimal)>,
}

/// Where the fix is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAt {
    Overview,
    WorkPackages,
    Tasks,
    Milestones,
    Deliverables,
    Capacity,
}

impl FixAt {
    /// The tab of the project page (a path under `/projects/{id}`).
    pub fn tab(self) -> &'static str {
        match self {
            FixAt::Overview => "",
            FixAt::WorkPackages => "/work-packages",
            FixAt::Tasks => "/tasks",
            FixAt::Milestones => "/milestones",
            FixAt::Deliverables => "/deliverables",
            FixAt::Capacity => "/capacity",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QualityIssue {
    pub message: Msg,
    pub fix_at: FixAt,
}

/// More than this many PM for one task, organisation and month is surely a typing error.
pub const ABSURD_PM: i32 = 12;

/// A project month (`M12`): a label, written as it is in every language.
fn month(m: i32) -> String {
    m.to_string()
}

/// Every problem of one plan, in a stable order.
pub fn check(p: &PlanFacts) -> Vec<QualityIssue> {
    let mut issues = Vec::new();
    let mut push = |fix_at, message: Msg| issues.push(QualityIssue { message, fix_at });
    if !p.has_poo {
        push(FixAt::Overview, Msg::new("quality-no-poo"));
    }
    if !p.has_lifecycle {
        push(FixAt::Overview, Msg::new("quality-no-lifecycle"));
    }
    let outside = |m: i32| m < 1 || m > p.duration;
    let duration = month(p.duration);
    for (number, begin, end) in &p.work_packages {
        if outside(*begin) || outside(*end) {
            push(
                FixAt::WorkPackages,
                Msg::new("quality-wp-outside")
                    .arg("number", number.to_string())
                    .arg("begin", month(*begin))
                    .arg("end", month(*end))
                    .arg("duration", &duration),
            );
        }
        if !p.tasks.iter().any(|(_, wp, _, _)| wp == number) {
            push(
                FixAt::Tasks,
                Msg::new("quality-wp-no-tasks").arg("number", number.to_string()),
            );
        }
    }
    for (number, _, begin, end) in &p.tasks {
        if outside(*begin) || outside(*end) {
            push(
                FixAt::Tasks,
                Msg::new("quality-task-outside")
                    .arg("number", number)
                    .arg("begin", month(*begin))
                    .arg("end", month(*end))
                    .arg("duration", &duration),
            );
        }
    }
    for (number, due) in &p.milestones {
        if outside(*due) {
            push(
                FixAt::Milestones,
                Msg::new("quality-milestone-outside")
                    .arg("number", number)
                    .arg("due", month(*due))
                    .arg("duration", &duration),
            );
        }
    }
    for (number, due, has_type, has_level) in &p.deliverables {
        if outside(*due) {
            push(
                FixAt::Deliverables,
                Msg::new("quality-deliverable-outside")
                    .arg("number", number)
                    .arg("due", month(*due))
                    .arg("duration", &duration),
            );
        }
        if !has_type {
            push(
                FixAt::Deliverables,
                Msg::new("quality-deliverable-no-type").arg("number", number),
            );
        }
        if !has_level {
            push(
                FixAt::Deliverables,
                Msg::new("quality-deliverable-no-level").arg("number", number),
            );
        }
    }
    let absurd = BigDecimal::from(ABSURD_PM);
    for (task, org, series, at, pm) in &p.demand {
        let span = p
            .tasks
            .iter()
            .find(|(n, _, _, _)| n == task)
            .map(|(_, _, b, e)| (*b, *e));
        // Which cell: the series code, the organisation and the task as stored.
        let cell = |key: &'static str| {
            Msg::new(key)
                .arg("series", series)
                .arg("org", org)
                .arg("task", task)
                .arg("month", month(*at))
        };
        match span {
            Some((begin, end)) if *at < begin || *at > end => push(
                FixAt::Capacity,
                cell("quality-demand-outside")
                    .arg("begin", month(begin))
                    .arg("end", month(end)),
            ),
            _ => {}
        }
        // An amount: written as the reader's language writes numbers.
        let amount = pm.to_f64().unwrap_or(0.0);
        if *pm < 0 {
            push(
                FixAt::Capacity,
                cell("quality-demand-negative").arg("pm", amount),
            );
        } else if *pm > absurd {
            push(
                FixAt::Capacity,
                cell("quality-demand-absurd")
                    .arg("pm", amount)
                    .arg("max", ABSURD_PM),
            );
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> PlanFacts {
        PlanFacts {
            duration: 12,
            has_poo: true,
            has_lifecycle: true,
            work_packages: vec![(1, 1, 12)],
            tasks: vec![("1.1".into(), 1, 1, 6)],
            milestones: vec![("MS1".into(), 6)],
            deliverables: vec![("D1.1".into(), 12, true, true)],
            demand: vec![(
                "1.1".into(),
                "ORG".into(),
                "EST".into(),
                3,
                BigDecimal::from(1),
            )],
        }
    }

    #[test]
    fn a_clean_plan_has_no_issues() {
        assert_eq!(check(&plan()), Vec::new());
    }

    #[test]
    fn each_rule_reports_with_where_to_fix_it() {
        let mut p = plan();
        p.has_poo = false;
        p.has_lifecycle = false;
        p.work_packages.push((2, 1, 14));
        p.tasks.push(("1.2".into(), 1, 0, 3));
        p.milestones.push(("MS2".into(), 13));
        p.deliverables.push(("D1.2".into(), 20, false, false));
        p.demand.push((
            "1.1".into(),
            "ORG".into(),
            "EST".into(),
            8,
            BigDecimal::from(1),
        ));
        p.demand.push((
            "1.1".into(),
            "ORG".into(),
            "PROJPLAN".into(),
            2,
            BigDecimal::from(13),
        ));
        p.demand.push((
            "1.1".into(),
            "ORG".into(),
            "ACTUAL".into(),
            2,
            BigDecimal::from(-1),
        ));
        let issues: Vec<(FixAt, String)> = check(&p)
            .into_iter()
            .map(|i| (i.fix_at, i.message.to_string()))
            .collect();
        let expected = [
            (
                FixAt::Overview,
                "The project has no owner organisation (POO).",
            ),
            (FixAt::Overview, "The project has no lifecycle state."),
            (
                FixAt::WorkPackages,
                "WP 2 runs M1–M14, outside the project's M1–M12.",
            ),
            (FixAt::Tasks, "WP 2 has no tasks."),
            (
                FixAt::Tasks,
                "Task 1.2 runs M0–M3, outside the project's M1–M12.",
            ),
            (
                FixAt::Milestones,
                "Milestone MS2 is due in M13, outside the project's M1–M12.",
            ),
            (
                FixAt::Deliverables,
                "Deliverable D1.2 is due in M20, outside the project's M1–M12.",
            ),
            (FixAt::Deliverables, "Deliverable D1.2 has no type."),
            (
                FixAt::Deliverables,
                "Deliverable D1.2 has no dissemination level.",
            ),
            (
                FixAt::Capacity,
                "EST demand of ORG for task 1.1 in M8, outside the task's M1–M6.",
            ),
            (
                FixAt::Capacity,
                "PROJPLAN demand of ORG for task 1.1 in M2 is 13 PM: more than 12 PM in one month is surely a typing error.",
            ),
            (
                FixAt::Capacity,
                "ACTUAL demand of ORG for task 1.1 in M2 is negative (-1 PM).",
            ),
        ];
        assert_eq!(issues.len(), expected.len(), "{issues:#?}");
        for ((fix, message), (efix, emessage)) in issues.iter().zip(expected) {
            assert_eq!((fix, message.as_str()), (&efix, emessage));
        }
        assert_eq!(FixAt::Capacity.tab(), "/capacity");
    }
}
