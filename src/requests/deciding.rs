//! Deciding: the receiving organisation accepts or rejects a pending request ([`decide`]); the
//! asking side may withdraw it while it is pending ([`withdraw`]).

use std::collections::BTreeSet;

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use diesel::sql_types::{Bool, Integer, Text};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::auth::policy::{Policy, ProjectLock, Refusal};
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::capacity_requests;
use crate::i18n::Msg;
use crate::planning::months::{current_month, format_month};

use super::{Line, MAX_TEXT, Request, State, find, lines};

/// What the receiving organisation answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject,
}

/// A decision as the request page sent it.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    pub request: Uuid,
    pub decision: Decision,
    /// As typed (trimmed here).
    pub comment: String,
    /// The version the client read (the API's `If-Match`); `None` from the page, for which
    /// "still pending" is the whole check.
    pub version: Option<i64>,
}

/// A withdrawal as the request page sent it.
#[derive(Debug, Clone)]
pub struct WithdrawInput {
    pub request: Uuid,
    /// As typed (trimmed here).
    pub comment: String,
    /// As [`DecisionInput::version`].
    pub version: Option<i64>,
}

/// Why an editor who may decide cannot accept right now (SPEC §6 locks); `None` when they can.
pub fn accept_blocked(r: &Request, lines: &[Line], policy: &Policy) -> Option<Msg> {
    if r.project_locked && policy.can_edit_project(&ProjectLock::Locked).is_err() {
        return Some(Msg::new("request-accept-locked").arg("code", &r.project_code));
    }
    let now = current_month();
    let past: BTreeSet<String> = lines
        .iter()
        .filter(|l| policy.can_edit_month(l.month, now).is_err())
        .map(|l| format_month(l.month))
        .collect();
    (!past.is_empty()).then(|| {
        Msg::new("request-accept-past")
            .arg("months", past.into_iter().collect::<Vec<_>>().join(", "))
            .arg("org", &r.requesting_org)
    })
}

/// The request if it is still pending (and at `version`, when one is named): NotFound when the
/// user cannot see it, Stale when it was decided or withdrawn already.
fn pending(conn: &mut PgConnection, id: Uuid, version: Option<i64>) -> Outcome<Request> {
    let request = find(conn, id)?.ok_or(DomainError::NotFound)?;
    if version.is_some_and(|v| v != request.version()) || request.state() != Some(State::Pending) {
        return Err(DomainError::Stale);
    }
    Ok(request)
}

/// A trimmed comment, or why it cannot be stored.
fn comment(text: &str) -> Outcome<String> {
    let comment = text.trim().to_string();
    if comment.chars().count() > MAX_TEXT {
        return Err(DomainError::field(
            "comment",
            Msg::new("request-comment-too-long").arg("max", MAX_TEXT.to_string()),
        ));
    }
    Ok(comment)
}

fn refused(sentence: Msg) -> DomainError {
    DomainError::Forbidden(Refusal(sentence))
}

#[derive(QueryableByName)]
struct Changed {
    #[diesel(sql_type = Integer)]
    changed: i32,
}

/// The prefix of the refusals `app.decide_capacity_request` raises.
const REFUSAL: &str = "capacity request: ";

/// Accepts or rejects a pending request; returns the number of EST demand cells acceptance
/// changed. Stale when it is no longer pending (also when someone decided it meanwhile),
/// Forbidden when the user may not decide it or accepting would change locked demand or past
/// months, Invalid (`comment`) when the comment is too long or a rejection gives no reason.
///
/// The write goes through `app.decide_capacity_request`, which re-checks every rule and writes
/// the demand, the request and the audit rows in the caller's name (the receiving side usually
/// cannot see the project). A refusal there rolls back to a savepoint, so the request's
/// transaction stays usable for re-reading the page.
pub fn decide(conn: &mut PgConnection, acting: &Acting, input: DecisionInput) -> Outcome<i32> {
    let request = pending(conn, input.request, input.version)?;
    if !acting.policy.can_decide_request(&request.facts()) {
        return Err(refused(
            Msg::new("request-only-receiving-editors").arg("org", &request.receiving_org),
        ));
    }
    let comment = comment(&input.comment)?;
    if input.decision == Decision::Reject && comment.is_empty() {
        return Err(DomainError::field(
            "comment",
            Msg::new("request-reject-reason").arg("org", &request.requesting_org),
        ));
    }
    if input.decision == Decision::Accept {
        let lines = lines(conn, request.id)?;
        if let Some(reason) = accept_blocked(&request, &lines, &acting.policy) {
            return Err(refused(
                Msg::new("request-nothing-changed").arg("reason", reason),
            ));
        }
    }
    let result = conn.transaction(|conn| {
        diesel::sql_query("select app.decide_capacity_request($1, $2, $3) as changed")
            .bind::<diesel::sql_types::Uuid, _>(request.id)
            .bind::<Bool, _>(input.decision == Decision::Accept)
            .bind::<Text, _>(&comment)
            .get_result::<Changed>(conn)
    });
    match result {
        Ok(changed) => Ok(changed.changed),
        Err(DieselError::DatabaseError(_, info)) if info.message().starts_with(REFUSAL) => {
            let reason = info.message().trim_start_matches(REFUSAL);
            // Decided by someone else in the meantime, or the rules changed under us.
            if reason.starts_with("already") {
                Err(DomainError::Stale)
            } else {
                Err(refused(
                    Msg::new("request-database-refused").arg("reason", reason),
                ))
            }
        }
        Err(other) => Err(other.into()),
    }
}

/// Withdraws a pending request of a project the user may change. Stale when it is no longer
/// pending, Forbidden when the user may not change the project, Invalid (`comment`) when the
/// comment is too long.
pub fn withdraw(conn: &mut PgConnection, acting: &Acting, input: WithdrawInput) -> Outcome<()> {
    let request = pending(conn, input.request, input.version)?;
    if !acting.policy.can_withdraw_request(&request.facts()) {
        return Err(refused(
            Msg::new("request-only-project-editors").arg("code", &request.project_code),
        ));
    }
    let comment = comment(&input.comment)?;
    let updated = diesel::update(
        capacity_requests::table
            .filter(capacity_requests::id.eq(request.id))
            .filter(capacity_requests::state.eq(State::Pending.as_str())),
    )
    .set((
        capacity_requests::state.eq(State::Withdrawn.as_str()),
        capacity_requests::response_comment.eq(&comment),
        capacity_requests::decided_by.eq(acting.actor.user_id),
        capacity_requests::decided_at.eq(Utc::now()),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(DomainError::Stale);
    }
    audit::record(
        conn,
        &acting.actor,
        &[Change {
            action: Action::Update,
            entity_type: "capacity_request",
            entity_id: Some(request.id),
            project_id: Some(request.project_id),
            before: Some(json!({"state": State::Pending.as_str()})),
            after: Some(json!({"state": State::Withdrawn.as_str(), "response_comment": comment})),
        }],
    )?;
    Ok(())
}
