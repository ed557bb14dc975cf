//! Incoming and Sent (`/capacity-requests`): the requests to and by the chosen organisations.

use std::collections::HashSet;

use actix_web::{HttpResponse, web};
use askama::Template;
use bigdecimal::ToPrimitive;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::policy::Policy;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::planning::months::format_month;
use crate::reference::organisations::{self, Organisation};
use crate::requests::{self as requests, Request, State};
use crate::web::download::{self, Format, Value};
use crate::web::layout::{Layout, Section, render};
use crate::web::page::Page;

use super::{enabled, show_pm, state_label, when};

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
    state_label: String,
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
    /// What the page says when no request matches.
    empty_text: String,
}

fn months_span(lang: Lang, r: &Request) -> String {
    match (r.first_month, r.last_month) {
        (Some(a), Some(b)) if a == b => lang.month_short(a),
        (Some(a), Some(b)) => format!("{} – {}", lang.month_short(a), lang.month_short(b)),
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
                    Msg::new("requests-bad-box").arg("value", other),
                ));
            }
        };
        let state = match query.state.as_str() {
            "" => None,
            s => Some(State::parse(s).ok_or_else(|| {
                AppError::BadRequest(Msg::new("requests-bad-state").arg("value", s))
            })?),
        };
        let org = match query.org.as_str() {
            "" | "all" => None,
            text => Some(Uuid::parse_str(text).map_err(|_| {
                AppError::BadRequest(Msg::new("requests-bad-organisation").arg("value", text))
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
    lang: Lang,
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
        _ => (None, lang.t("requests-all-organisations-lower")),
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
fn download(
    lang: Lang,
    format: Format,
    incoming: bool,
    shown: &[&Request],
) -> Result<HttpResponse, AppError> {
    let header: Vec<String> = [
        "requests-csv-project",
        "requests-csv-project-name",
        "requests-csv-from",
        "requests-csv-to",
        "requests-csv-total",
        "requests-csv-first-month",
        "requests-csv-last-month",
        "requests-csv-state",
        "requests-csv-sent",
        "requests-csv-sent-by",
        "requests-csv-decided",
        "requests-csv-decided-by",
        "requests-csv-message",
        "requests-csv-comment",
    ]
    .into_iter()
    .map(|key| lang.t(key))
    .collect();
    let rows: Vec<Vec<Value>> = shown
        .iter()
        .map(|r| {
            let text = |t: Option<String>| Value::Text(t.unwrap_or_default());
            vec![
                Value::Text(r.project_code.clone()),
                Value::Text(r.project_name.clone()),
                Value::Text(r.requesting_org.clone()),
                Value::Text(r.receiving_org.clone()),
                Value::Number(r.total_pm.to_f64().unwrap_or(0.0)),
                text(r.first_month.map(format_month)),
                text(r.last_month.map(format_month)),
                Value::Text(state_label(lang, &r.state)),
                Value::Text(when(&r.created_at)),
                text(r.created_by.clone()),
                text(r.decided_at.as_ref().map(when)),
                text(r.decided_by.clone()),
                Value::Text(r.message.clone()),
                Value::Text(r.response_comment.clone()),
            ]
        })
        .collect();
    let name = format!(
        "capacity-requests-{}",
        if incoming { "incoming" } else { "sent" }
    );
    download::table(format, &name, &header, &rows)
}

fn list_row(lang: Lang, r: &Request, incoming: bool, policy: &Policy) -> ListRow {
    ListRow {
        id: r.id,
        project: r.project_code.clone(),
        project_name: r.project_name.clone(),
        from: r.requesting_org.clone(),
        to: r.receiving_org.clone(),
        total: show_pm(lang, &r.total_pm),
        months: months_span(lang, r),
        state: r.state.clone(),
        state_label: state_label(lang, &r.state),
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
    lang: Lang,
    query: &ListQuery,
    chosen: Option<Uuid>,
    orgs: Vec<Organisation>,
    mine: &[Uuid],
) -> Vec<(String, String, bool)> {
    let mut options = Vec::new();
    if !mine.is_empty() {
        options.push((
            String::new(),
            lang.t("requests-my-organisations"),
            query.org.is_empty(),
        ));
    }
    options.push((
        "all".to_string(),
        lang.t("portfolio-all-organisations"),
        query.org == "all" || (query.org.is_empty() && mine.is_empty()),
    ));
    for entry in organisations::as_tree(orgs) {
        let id = entry.organisation.id;
        options.push((id.to_string(), entry.indented(), chosen == Some(id)));
    }
    options
}

fn state_options(lang: Lang, chosen: Option<State>) -> Vec<(String, String, bool)> {
    let mut options = vec![(
        String::new(),
        lang.t("requests-any-state"),
        chosen.is_none(),
    )];
    for s in State::ALL {
        options.push((
            s.as_str().to_string(),
            state_label(lang, s.as_str()),
            chosen == Some(s),
        ));
    }
    options
}

/// What the list says when no request matches its filters.
fn empty_text(lang: Lang, incoming: bool, include_children: bool, scope: &str) -> String {
    let none = match (incoming, include_children) {
        (true, false) => Msg::new("requests-none-incoming"),
        (true, true) => Msg::new("requests-none-incoming-children"),
        (false, false) => Msg::new("requests-none-sent"),
        (false, true) => Msg::new("requests-none-sent-children"),
    }
    .arg("scope", scope);
    if include_children {
        none.in_lang(lang)
    } else {
        Msg::new("sentences-two")
            .arg("first", none)
            .arg("second", Msg::new("requests-tick-children"))
            .in_lang(lang)
    }
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
    let lang = page.lang;
    let (scope, scope_label) = scope(lang, &query, &filters, &orgs, &mine);
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
                .unwrap_or_else(|| lang.t("requests-this-project")),
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
        return download(lang, format, incoming, &shown);
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
                    lang.t("requests-title-incoming")
                } else {
                    lang.t("requests-title-sent")
                },
                Section::Requests,
            )
            .shareable(&page),
        incoming,
        incoming_href: link("incoming"),
        sent_href: link("sent"),
        pending_incoming: pending(true),
        pending_sent: pending(false),
        org_options: org_options(lang, &query, filters.org, orgs, &mine),
        include_children: filters.include_children,
        state_options: state_options(lang, filters.state),
        project,
        rows: shown
            .iter()
            .map(|r| list_row(lang, r, incoming, &policy))
            .collect(),
        download_query: link(if incoming { "incoming" } else { "sent" }),
        empty_text: empty_text(lang, incoming, filters.include_children, &scope_label),
        scope_label,
    })
}
