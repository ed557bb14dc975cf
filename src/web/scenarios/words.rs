//! A scenario's changes in words, in the reader's language: who, which role, which
//! organisation, by name (the changes keep ids).

use std::collections::HashMap;
use std::sync::Arc;

use bigdecimal::BigDecimal;
use uuid::Uuid;

use crate::cache::Caches;
use crate::command::Connection;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::people::allocations::{self, Team};
use crate::people::staffing;
use crate::planning::milli_pm;
use crate::planning::months::format_month;
use crate::scenarios::{Change, StoredChange};
use crate::web::page::Page;

/// What reading a project's team takes besides the connection.
pub struct Source {
    pub caches: Arc<Caches>,
    pub hours_per_pm: BigDecimal,
}

impl Source {
    pub fn of(page: &Page) -> Source {
        Source {
            caches: Arc::clone(&page.state.caches),
            hours_per_pm: page.state.settings.hours_per_pm.clone(),
        }
    }

    /// The team of a project the user sees (`None` otherwise), offering the people matching
    /// `find` to assign.
    pub fn team(
        &self,
        conn: &mut Connection,
        project: Uuid,
        find: Option<&str>,
    ) -> Result<Option<Team>, AppError> {
        Ok(allocations::load(
            conn,
            &self.caches,
            project,
            &self.hours_per_pm,
            find,
        )?)
    }

    /// The names `changes` refer to.
    pub fn names(
        &self,
        conn: &mut Connection,
        changes: &[StoredChange],
    ) -> Result<Names, AppError> {
        let mut names = Names {
            organisations: crate::reference::organisations::list(conn)?
                .into_iter()
                .map(|o| (o.id, o.short_name))
                .collect(),
            ..Names::default()
        };
        names.organisations.sort_by(|a, b| a.1.cmp(&b.1));
        let mut projects: Vec<Uuid> = changes
            .iter()
            .filter(|c| {
                !matches!(
                    c.change,
                    Change::Shift { .. }
                        | Change::Duration { .. }
                        | Change::ScaleDemand { .. }
                        | Change::Outcome { .. }
                )
            })
            .map(|c| c.project_id)
            .collect();
        projects.sort();
        projects.dedup();
        for project in projects {
            if let Some(team) = self.team(conn, project, None)? {
                names.add_team(&team);
            }
        }
        let added: Vec<Uuid> = changes
            .iter()
            .filter_map(|c| match c.change {
                Change::AddAssignment { person, .. } => Some(person),
                _ => None,
            })
            .collect();
        for p in staffing::visible_people(conn, &added)? {
            names
                .people
                .insert(p.id, person_label(&p.first_name, &p.last_name, &p.code));
        }
        Ok(names)
    }
}

/// A person as the scenario pages name them.
pub fn person_label(first: &str, last: &str, code: &str) -> String {
    let name = format!("{first} {last}");
    if name.trim().is_empty() {
        code.to_string()
    } else {
        name.trim().to_string()
    }
}

/// The names of what a scenario's changes refer to.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub organisations: Vec<(Uuid, String)>,
    pub roles: Vec<(Uuid, String)>,
    pub groups: Vec<(Uuid, String)>,
    pub people: HashMap<Uuid, String>,
    /// Each assignment's person.
    pub assignments: HashMap<Uuid, String>,
}

impl Names {
    pub fn add_team(&mut self, team: &Team) {
        if self.roles.is_empty() {
            self.roles = team.roles.clone();
            self.groups = team.groups.clone();
        }
        for a in &team.assignments {
            self.assignments
                .insert(a.id, allocations::person_name(team, a));
        }
    }

    fn of(list: &[(Uuid, String)], id: Uuid) -> String {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| "?".to_string())
    }

    fn assignment(&self, id: Uuid) -> String {
        self.assignments
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "?".to_string())
    }
}

/// An assignment's terms in words: percent, months, role, status.
fn terms(
    names: &Names,
    role: Option<Uuid>,
    percent: i64,
    months: (chrono::NaiveDate, chrono::NaiveDate),
    tentative: bool,
) -> Msg {
    let role = role
        .map(|r| Names::of(&names.roles, r))
        .unwrap_or_else(|| "—".to_string());
    Msg::new("scenario-words-terms")
        .arg("percent", percent as f64 / 100.0)
        .arg("first", format_month(months.0))
        .arg("last", format_month(months.1))
        .arg("role", role)
        .arg(
            "status",
            Msg::new(if tentative {
                "scenario-status-tentative"
            } else {
                "scenario-status-confirmed"
            }),
        )
}

/// The change in words, in `lang`.
pub fn describe(change: &Change, names: &Names, lang: Lang) -> String {
    let msg = match change {
        Change::Shift { months } if *months > 0 => {
            Msg::new("scenario-words-later").arg("months", *months)
        }
        Change::Shift { months } => Msg::new("scenario-words-earlier").arg("months", -*months),
        Change::Duration { months } => Msg::new("scenario-words-duration").arg("months", *months),
        Change::ScaleDemand { percent } => {
            Msg::new("scenario-words-scale").arg("percent", *percent)
        }
        Change::Outcome { won: true } => Msg::new("scenario-words-won"),
        Change::Outcome { won: false } => Msg::new("scenario-words-lost"),
        Change::AddAssignment {
            person,
            role,
            percent,
            start,
            end,
            tentative,
            ..
        } => Msg::new("scenario-words-add-assignment")
            .arg(
                "person",
                names
                    .people
                    .get(person)
                    .cloned()
                    .unwrap_or_else(|| "?".to_string()),
            )
            .arg(
                "terms",
                terms(names, *role, *percent, (*start, *end), *tentative),
            ),
        Change::ChangeAssignment {
            assignment,
            role,
            percent,
            start,
            end,
            tentative,
            ..
        } => Msg::new("scenario-words-change-assignment")
            .arg("person", names.assignment(*assignment))
            .arg(
                "terms",
                terms(names, *role, *percent, (*start, *end), *tentative),
            ),
        Change::RemoveAssignment { assignment, .. } => Msg::new("scenario-words-remove-assignment")
            .arg("person", names.assignment(*assignment)),
        Change::Allocation {
            assignment,
            month,
            pm: Some(pm),
        } => Msg::new("scenario-words-allocation")
            .arg("person", names.assignment(*assignment))
            .arg("month", format_month(*month))
            .arg("pm", milli_pm::to_f64(*pm)),
        Change::Allocation {
            assignment, month, ..
        } => Msg::new("scenario-words-allocation-derived")
            .arg("person", names.assignment(*assignment))
            .arg("month", format_month(*month)),
        Change::Placeholder {
            organisation,
            role,
            start,
            end,
            pm,
        } => Msg::new("scenario-words-placeholder")
            .arg("role", Names::of(&names.roles, *role))
            .arg(
                "organisation",
                Names::of(&names.organisations, *organisation),
            )
            .arg("pm", milli_pm::to_f64(*pm))
            .arg("first", format_month(*start))
            .arg("last", format_month(*end)),
    };
    msg.in_lang(lang)
}
