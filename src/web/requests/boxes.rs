//! Incoming and Sent (`/capacity-requests`): the requests to and by the chosen organisations.

use std::collections::HashSet;

use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::ToPrimitive;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::policy::Policy;
use crate::error::AppError;
use crate::planning::months::format_month;
use crate::reference::organisations::{self, Organisation};
use crate::requests::{self as requests, Request, State};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

use super::{enabled, show_pm, when};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(rename = "box", default)]
    mailbox: String,
    /// "" (my organisations), "all", or an organisation id.
    #[serde(default)]
    org: String,
    #[serde(default)]
    include_children: String,
    #[serde(default)]
    state: String,
    project: Option<Uuid>,
    format: Option<String>,
}

struct ListRow {
    id: Uuid,
    project: String,
    project_name: String,
    from: String,
    to: String,
    total: String,
    months: String,
    state: String,
    sent: String,
    sent_by: String,
    decided: String,
    decided_by: String,
    actionable: bool,
}

#[derive(Template)]
#[template(path = "capacity_requests/list.html")]
struct ListPage {
    layout: Layout,
    incoming: bool,
    /// Link query of each box, keeping the other filters.
    incoming_href: String,
    sent_href: String,
    pending_incoming: usize,
    pending_sent: usize,
    /// (value, label, selected)
    org_options: Vec<(String, String, bool)>,
    include_children: bool,
    /// (value, label, selected)
    state_options: Vec<(String, String, bool)>,
    project: Option<(Uuid, String)>,
    rows: Vec<ListRow>,
    download_query: String,
    scope_label: String,
}

fn months_span(r: &Request) -> String {
    match (r.first_month, r.last_month) {
        (Some(a), Some(b)) if a == b => format_month(a),
        (Some(a), Some(b)) => format!("{} – {}", format_month(a), format_month(b)),
        _ => String::new(),
    }
}

fn query_string(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()))
        .finish()
}

/// The filters of the list as asked, checked.
struct Filters {
    incoming: bool,
    state: Option<State>,
    /// `None` for "my organisations" ("") and "all".
    org: Option<Uuid>,
    include_children: bool,
    format: Option<Format>,
}

impl Filters {
    fn parse(query: &ListQuery) -> Result<Filters, AppError> {
        let incoming = match query.mailbox.as_str() {
            "" | "incoming" => true,
            "sent" => false,
            other => {
                return Err(AppError::BadRequest(
                    format!("Unknown box \"{other}\": use incoming or sent.").into(),
                ));
            }
        };
        let state = match query.state.as_str() {
            "" => None,
            s => Some(State::parse(s).ok_or_else(|| {
                AppError::BadRequest(
                    format!("Unknown state \"{s}\": use pending, accepted, rejected or withdrawn.")
                        .into(),
                )
            })?),
        };
        let org = match query.org.as_str() {
            "" | "all" => None,
            text => Some(Uuid::parse_str(text).map_err(|_| {
                AppError::BadRequest(format!("\"{text}\" is not an organisation id.").into())
            })?),
        };
        Ok(Filters {
            incoming,
            state,
            org,
            include_children: matches!(query.include_children.as_str(), "1" | "on" | "true"),
            format: Format::parse(query.format.as_deref())?,
        })
    }
}

/// Which organisations the boxes are about (`None`: every organisation), and how the page
/// names them.
fn scope(
    query: &ListQuery,
    filters: &Filters,
    orgs: &[Organisation],
    mine: &[Uuid],
) -> (Option<HashSet<Uuid>>, String) {
    let short = |id: &Uuid| {
        orgs.iter()
            .find(|o| o.id == *id)
            .map(|o| o.short_name.clone())
            .unwrap_or_default()
    };
    let (base, label): (Option<Vec<Uuid>>, String) = match (filters.org, query.org.as_str()) {
        (Some(id), _) => (Some(vec![id]), short(&id)),
        (None, "") if !mine.is_empty() => {
            let mut names: Vec<String> = mine.iter().map(short).collect();
            names.sort();
            (Some(mine.to_vec()), names.join(", "))
        }
        _ => (None, "all organisations".to_string()),
    };
    let parents = requests::parent_map(orgs);
    let scope = base.map(|orgs| {
        if filters.include_children {
            requests::with_descendants(&orgs, &parents)
        } else {
            orgs.into_iter().collect()
        }
    });
    (scope, label)
}

/// The shown requests as a CSV or ODS download.
fn download(format: Format, incoming: bool, shown: &[&Request]) -> Result<HttpResponse, AppError> {
    let columns: [download::Column<&Request>; 14] = [
        ("Project", |r| Value::Text(r.project_code.clone())),
        ("Project name", |r| Value::Text(r.project_name.clone())),
        ("From", |r| Value::Text(r.requesting_org.clone())),
        ("To", |r| Value::Text(r.receiving_org.clone())),
        ("Total PM", |r| {
            Value::Number(r.total_pm.to_f64().unwrap_or(0.0))
        }),
        ("First month", |r| {
            Value::Text(r.first_month.map(format_month).unwrap_or_default())
        }),
        ("Last month", |r| {
            Value::Text(r.last_month.map(format_month).unwrap_or_default())
        }),
        ("State", |r| Value::Text(r.state.clone())),
        ("Sent", |r| Value::Text(when(&r.created_at))),
        ("Sent by", |r| {
            Value::Text(r.created_by.clone().unwrap_or_default())
        }),
        ("Decided", |r| {
            Value::Text(r.decided_at.as_ref().map(when).unwrap_or_default())
        }),
        ("Decided by", |r| {
            Value::Text(r.decided_by.clone().unwrap_or_default())
        }),
        ("Message", |r| Value::Text(r.message.clone())),
        ("Comment", |r| Value::Text(r.response_comment.clone())),
    ];
    let name = if incoming {
        "capacity-requests-incoming"
    } else {
        "capacity-requests-sent"
    };
    download::columns(format, name, &columns, shown)
}

fn list_row(r: &Request, incoming: bool, policy: &Policy) -> ListRow {
    ListRow {
        id: r.id,
        project: r.project_code.clone(),
        project_name: r.project_name.clone(),
        from: r.requesting_org.clone(),
        to: r.receiving_org.clone(),
        total: show_pm(&r.total_pm),
        months: months_span(r),
        state: r.state.clone(),
        sent: when(&r.created_at),
        sent_by: r.created_by.clone().unwrap_or_default(),
        decided: r.decided_at.as_ref().map(when).unwrap_or_default(),
        decided_by: r.decided_by.clone().unwrap_or_default(),
        actionable: if incoming {
            policy.can_decide_request(&r.facts())
        } else {
            policy.can_withdraw_request(&r.facts())
        },
    }
}

/// The organisation filter's choices: my organisations (when I have any), all, then the tree.
fn org_options(
    query: &ListQuery,
    chosen: Option<Uuid>,
    orgs: Vec<Organisation>,
    mine: &[Uuid],
) -> Vec<(String, String, bool)> {
    let mut options = Vec::new();
    if !mine.is_empty() {
        options.push((
            String::new(),
            "My organisations".to_string(),
            query.org.is_empty(),
        ));
    }
    options.push((
        "all".to_string(),
        "All organisations".to_string(),
        query.org == "all" || (query.org.is_empty() && mine.is_empty()),
    ));
    for entry in organisations::as_tree(orgs) {
        let id = entry.organisation.id;
        options.push((id.to_string(), entry.indented(), chosen == Some(id)));
    }
    options
}

fn state_options(chosen: Option<State>) -> Vec<(String, String, bool)> {
    let mut options = vec![(String::new(), "Any state".to_string(), chosen.is_none())];
    for s in State::ALL {
        options.push((
            s.as_str().to_string(),
            s.as_str().to_string(),
            chosen == Some(s),
        ));
    }
    options
}

/// `GET /capacity-requests`: Incoming (asked of the chosen organisations) or Sent (asked by them).
pub async fn list(page: Page, query: web::Query<ListQuery>) -> Result<HttpResponse, AppError> {
    enabled(&page)?;
    let query = query.into_inner();
    let filters = Filters::parse(&query)?;
    let (all, orgs, mine) = page
        .state
        .db
        .in_transaction(page.user.id, |conn| {
            Ok::<_, AppError>((
                requests::all(conn)?,
                organisations::list(conn)?,
                requests::my_organisations(conn)?,
            ))
        })
        .await?;
    if filters
        .org
        .is_some_and(|id| !orgs.iter().any(|o| o.id == id))
    {
        return Err(AppError::not_found());
    }
    let (scope, scope_label) = scope(&query, &filters, &orgs, &mine);
    let in_scope = |org: &Uuid| scope.as_ref().is_none_or(|s| s.contains(org));
    let in_box = |r: &Request, incoming: bool| {
        query.project.is_none_or(|p| p == r.project_id)
            && if incoming {
                in_scope(&r.receiving_org_id)
            } else {
                in_scope(&r.requesting_org_id)
            }
    };
    let pending = |incoming: bool| {
        all.iter()
            .filter(|r| in_box(r, incoming) && r.state() == Some(State::Pending))
            .count()
    };
    let project = query.project.map(|p| {
        (
            p,
            all.iter()
                .find(|r| r.project_id == p)
                .map(|r| r.project_code.clone())
                .unwrap_or_else(|| "this project".to_string()),
        )
    });
    let incoming = filters.incoming;
    let mut shown: Vec<&Request> = all
        .iter()
        .filter(|r| in_box(r, incoming) && filters.state.is_none_or(|s| r.state() == Some(s)))
        .collect();
    // Pending first: those are the ones to act on; then newest first.
    shown.sort_by_key(|r| r.state() != Some(State::Pending));
    if let Some(format) = filters.format {
        return download(format, incoming, &shown);
    }
    let policy = page.user.policy();
    let link = |mailbox: &str| {
        query_string(&[
            ("box", mailbox.to_string()),
            ("org", query.org.clone()),
            (
                "include_children",
                if filters.include_children { "1" } else { "" }.to_string(),
            ),
            ("state", query.state.clone()),
            (
                "project",
                query.project.map(|p| p.to_string()).unwrap_or_default(),
            ),
        ])
    };
    render(&ListPage {
        layout: page
            .layout(
                if incoming {
                    "Incoming capacity requests"
                } else {
                    "Sent capacity requests"
                },
                Section::Requests,
            )
            .shareable(&page),
        incoming,
        incoming_href: link("incoming"),
        sent_href: link("sent"),
        pending_incoming: pending(true),
        pending_sent: pending(false),
        org_options: org_options(&query, filters.org, orgs, &mine),
        include_children: filters.include_children,
        state_options: state_options(filters.state),
        project,
        rows: shown
            .iter()
            .map(|r| list_row(r, incoming, &policy))
            .collect(),
        download_query: link(if incoming { "incoming" } else { "sent" }),
        scope_label,
    })
}
