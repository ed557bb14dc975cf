//! Recording a change in a scenario: `/scenarios/{id}/changes/new?project=…` shows one small
//! form per kind of change for that project (plain forms, no JavaScript); each posts to
//! `/scenarios/{id}/changes`. Input is read with the domain's parsers (months, PM, percent) and
//! an assignment is checked against the project's team as the Team tab checks it, over the
//! project's months as the scenario leaves them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::words::Source;
use super::{html, see_other};
use crate::command::{Acting, Connection, DomainError, FieldErrors, sentences_in};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::people::allocations::{self, AssignmentFields, Team};
use crate::people::staffing;
use crate::planning::milli_pm;
use crate::planning::month::Month;
use crate::planning::months::{calendar_month, format_month};
use crate::planning::quantity::{Percent, Pm};
use crate::scenarios::change::{MAX_SCALE_PERCENT, MAX_SHIFT};
use crate::scenarios::{self, Change, ProjectInScenario, Scenario};
use crate::web::csrf::CsrfForm;
use crate::web::layout::{Layout, Section};
use crate::web::page::Page;

/// The fields of every change form (each kind uses some of them).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    pub project: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub months: String,
    #[serde(default)]
    pub percent: String,
    /// `won` or `lost`.
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub assignment: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    /// `confirmed`, `tentative` or empty (the project's default).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub pm: String,
    #[serde(default)]
    pub organisation: String,
}

/// What the change forms of one project offer.
struct Offer {
    scenario: Scenario,
    project: ProjectInScenario,
    team: Team,
    organisations: Vec<(Uuid, String)>,
    /// The project's assignments: id and their person, percent and months.
    assignments: Vec<(Uuid, String)>,
}

/// The project's team over its months as the scenario leaves them (so assignment months are
/// checked against the shifted or shortened project).
fn team_in_scenario(mut team: Team, p: &ProjectInScenario) -> Team {
    team.months = (1..=p.duration)
        .filter_map(|m| calendar_month(p.start, m))
        .collect();
    team.pipeline = p.pipeline;
    team
}

fn read_offer(
    conn: &mut Connection,
    acting: &Acting,
    source: &Source,
    (id, project): (Uuid, Uuid),
    find: Option<&str>,
) -> Result<Offer, AppError> {
    let scenario = scenarios::owned(conn, acting, id)?;
    let p = scenarios::project_in(conn, id, project)?;
    let team = source
        .team(conn, project, find)?
        .ok_or_else(AppError::not_found)?;
    let team = team_in_scenario(team, &p);
    let names = source.names(conn, &[])?;
    let assignments = team
        .assignments
        .iter()
        .map(|a| {
            let label = format!(
                "{} · {} % · {}–{}",
                allocations::person_name(&team, a),
                a.terms.percent.normalized(),
                format_month(a.terms.start_month),
                format_month(a.terms.end_month)
            );
            (a.id, label)
        })
        .collect();
    Ok(Offer {
        scenario,
        project: p,
        team,
        organisations: names.organisations,
        assignments,
    })
}

#[derive(Template)]
#[template(path = "scenarios/record.html")]
struct RecordPage {
    layout: Layout,
    offer: Offer,
    csrf_token: String,
    typed: ChangeForm,
    problem: Option<String>,
}

impl RecordPage {
    fn first(&self) -> String {
        format_month(self.offer.project.start)
    }

    fn last(&self) -> String {
        format_month(self.offer.project.last())
    }

    fn window(&self) -> String {
        self.layout.lang.t2(
            "scenario-record-window",
            ("first", self.first()),
            ("last", self.last()),
        )
    }

    fn selected(&self, field: &str, id: &Uuid) -> bool {
        let value = match field {
            "person" => &self.typed.person,
            "role" => &self.typed.role,
            "group" => &self.typed.group,
            "assignment" => &self.typed.assignment,
            _ => &self.typed.organisation,
        };
        value.trim() == id.to_string()
    }
}

fn record_page(
    page: &Page,
    offer: Offer,
    typed: ChangeForm,
    problem: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let title = format!(
        "{} · {} · {}",
        offer.project.code,
        offer.scenario.name,
        page.lang.t("nav-scenarios")
    );
    let body = RecordPage {
        layout: page.layout(title, Section::Scenarios),
        offer,
        csrf_token: page.csrf_token(),
        typed,
        problem,
    }
    .render()
    .map_err(AppError::internal)?;
    Ok(html(status, body))
}

#[derive(Deserialize)]
pub struct NewQuery {
    project: Option<String>,
    /// Part of a name, code or e-mail: the people offered to assign (as on the Team tab).
    find: Option<String>,
}

fn project_of(text: Option<&str>) -> Result<Uuid, AppError> {
    Uuid::parse_str(text.unwrap_or_default().trim())
        .map_err(|_| AppError::BadRequest(Msg::new("scenario-choose-project")))
}

/// The change forms for one project of the scenario (its owner only).
pub async fn new_change(
    page: Page,
    path: web::Path<Uuid>,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let project = project_of(query.project.as_deref())?;
    let source = Source::of(&page);
    let find = query.find.clone().filter(|f| !f.trim().is_empty());
    let offer = page
        .transaction(move |conn, acting| {
            read_offer(conn, acting, &source, (id, project), find.as_deref())
        })
        .await?;
    let typed = ChangeForm {
        project: project.to_string(),
        ..ChangeForm::default()
    };
    record_page(&page, offer, typed, None, StatusCode::OK)
}

/// Records the change a form describes; a refused field shows the forms again (400) with the
/// sentences and what was typed, nothing stored.
pub async fn record(
    page: Page,
    path: web::Path<Uuid>,
    form: CsrfForm<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    let (id, typed) = (path.into_inner(), form.0);
    let project = project_of(Some(&typed.project))?;
    let source = Source::of(&page);
    let form = typed.clone();
    let answer = page
        .transaction(move |conn, acting| {
            let offer = read_offer(conn, acting, &source, (id, project), None)?;
            let person = match Uuid::parse_str(form.person.trim()) {
                Ok(p) if !staffing::visible_people(conn, &[p])?.is_empty() => Some(p),
                _ => None,
            };
            let change = match change_of(&form, &offer, person) {
                Ok(change) => change,
                Err(errors) => return Ok(Err((offer, errors))),
            };
            match scenarios::add_change(conn, acting, (id, project), change) {
                Ok(_) => Ok(Ok(())),
                Err(DomainError::Invalid(errors)) => Ok(Err((offer, errors))),
                Err(other) => Err(AppError::from(other)),
            }
        })
        .await?;
    match answer {
        Ok(()) => Ok(see_other(&format!("/scenarios/{id}?notice=recorded"))),
        Err((offer, errors)) => {
            let problem = Some(sentences_in(&errors, page.lang));
            record_page(&page, offer, typed, problem, StatusCode::BAD_REQUEST)
        }
    }
}

/// A whole number of months as typed (`-3`, `+2`, `12`).
fn whole_months(text: &str) -> Option<i32> {
    text.trim().trim_start_matches('+').parse::<i32>().ok()
}

/// The change the form describes, checked as far as the form can be.
fn change_of(
    form: &ChangeForm,
    offer: &Offer,
    person: Option<Uuid>,
) -> Result<Change, FieldErrors> {
    let field = |name: &'static str, msg: Msg| vec![(name, msg)];
    match form.kind.as_str() {
        "shift" => whole_months(&form.months)
            .map(|months| Change::Shift { months })
            .ok_or_else(|| {
                field(
                    "months",
                    Msg::new("scenario-bad-shift").arg("max", MAX_SHIFT.to_string()),
                )
            }),
        "duration" => whole_months(&form.months)
            .map(|months| Change::Duration { months })
            .ok_or_else(|| field("months", Msg::new("scenario-bad-duration"))),
        "scale_demand" => match Percent::parse(&form.percent, MAX_SCALE_PERCENT) {
            Ok(Some(p)) => Ok(Change::ScaleDemand {
                percent: u32::try_from(milli_pm::scaled(&p.decimal(), 0)).unwrap_or(0),
            }),
            Ok(None) => Err(field(
                "percent",
                Msg::new("scenario-bad-scale").arg("max", MAX_SCALE_PERCENT.to_string()),
            )),
            Err(msg) => Err(field("percent", msg)),
        },
        "outcome" => match form.outcome.as_str() {
            "won" => Ok(Change::Outcome { won: true }),
            "lost" => Ok(Change::Outcome { won: false }),
            _ => Err(field("outcome", Msg::new("scenario-choose-outcome"))),
        },
        "add_assignment" => add_assignment(form, offer, person),
        "change_assignment" | "remove_assignment" | "allocation" => about_assignment(form, offer),
        "placeholder" => placeholder(form, offer),
        _ => Err(field("kind", Msg::new("scenario-choose-kind"))),
    }
}

/// The fields of an assignment form as the Team tab reads them.
fn assignment_fields(form: &ChangeForm) -> AssignmentFields {
    AssignmentFields {
        person: form.person.clone(),
        role: form.role.clone(),
        percent: form.percent.clone(),
        group: form.group.clone(),
        start: form.start.clone(),
        end: form.end.clone(),
        status: form.status.clone(),
    }
}

fn add_assignment(
    form: &ChangeForm,
    offer: &Offer,
    person: Option<Uuid>,
) -> Result<Change, FieldErrors> {
    let Some(person) = person else {
        return Err(vec![("person", Msg::new("team-choose-person"))]);
    };
    let v = allocations::check_assignment(&offer.team, &assignment_fields(form), person)?;
    Ok(Change::AddAssignment {
        person,
        role: v.role_type_id,
        percent: milli_pm::scaled(&v.allocation_percent, 2),
        group: v.allocation_group_id,
        start: v.start_month,
        end: v.end_month,
        tentative: v.tentative,
    })
}

/// A change of, removal of, or allocation override of one of the project's assignments.
fn about_assignment(form: &ChangeForm, offer: &Offer) -> Result<Change, FieldErrors> {
    let chosen = Uuid::parse_str(form.assignment.trim())
        .ok()
        .and_then(|id| offer.team.assignments.iter().find(|a| a.id == id));
    let Some(a) = chosen else {
        return Err(vec![(
            "assignment",
            Msg::new("scenario-no-such-assignment").arg("project", offer.project.code.clone()),
        )]);
    };
    match form.kind.as_str() {
        "remove_assignment" => Ok(Change::RemoveAssignment {
            assignment: a.id,
            version: a.version,
        }),
        "allocation" => {
            let month = Month::parse(&form.month)
                .map_err(|refused| vec![("month", refused.field_sentence())])?;
            let pm = Pm::parse(&form.pm, 5).map_err(|msg| vec![("pm", msg)])?;
            Ok(Change::Allocation {
                assignment: a.id,
                month: month.first_day(),
                pm: pm.map(Pm::milli),
            })
        }
        _ => {
            let v =
                allocations::check_assignment(&offer.team, &assignment_fields(form), a.person_id)?;
            Ok(Change::ChangeAssignment {
                assignment: a.id,
                version: a.version,
                role: v.role_type_id,
                percent: milli_pm::scaled(&v.allocation_percent, 2),
                group: v.allocation_group_id,
                start: v.start_month,
                end: v.end_month,
                tentative: v.tentative,
            })
        }
    }
}

/// Placeholder demand for a role: organisation, role, months and PM per month.
fn placeholder(form: &ChangeForm, offer: &Offer) -> Result<Change, FieldErrors> {
    let mut problems = FieldErrors::new();
    let find = |list: &[(Uuid, String)], text: &str| {
        Uuid::parse_str(text.trim())
            .ok()
            .filter(|id| list.iter().any(|(i, _)| i == id))
    };
    let organisation = find(&offer.organisations, &form.organisation);
    if organisation.is_none() {
        problems.push(("organisation", Msg::new("scenario-no-such-organisation")));
    }
    let role = find(&offer.team.roles, &form.role);
    if role.is_none() {
        problems.push(("role", Msg::new("team-choose-role")));
    }
    let mut month = |name: &'static str, text: &str| match Month::parse(text) {
        Ok(m) => Some(m.first_day()),
        Err(refused) => {
            problems.push((name, refused.field_sentence()));
            None
        }
    };
    let (start, end) = (month("start", &form.start), month("end", &form.end));
    let pm = match Pm::parse(&form.pm, 100) {
        Ok(Some(pm)) if !pm.is_zero() => Some(pm.milli()),
        Ok(_) => {
            problems.push(("pm", Msg::new("scenario-bad-placeholder")));
            None
        }
        Err(msg) => {
            problems.push(("pm", msg));
            None
        }
    };
    match (organisation, role, start, end, pm) {
        (Some(organisation), Some(role), Some(start), Some(end), Some(pm)) => {
            Ok(Change::Placeholder {
                organisation,
                role,
                start,
                end,
                pm,
            })
        }
        _ => Err(problems),
    }
}
