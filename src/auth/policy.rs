//! The one place that decides what a user may do (STYLE: handlers ask it; RLS enforces the same
//! rules again inside PostgreSQL). Which projects and people a user can *see* is decided by SQL
//! functions shared with the policies, so that the rules exist once.

use chrono::NaiveDate;

use crate::auth::Role;
use crate::auth::groups::Visibility;
use crate::i18n::Msg;
use crate::i18n::seeded::lookup_msg;
use crate::planning::month::ProjectMonth;
use crate::planning::months::{add_months, format_month};

/// Why a project may not be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectLock {
    Open,
    /// The project's own `locked` flag.
    Locked,
    /// Its lifecycle state locks it (e.g. closed), named here.
    LifecycleState(String),
}

impl ProjectLock {
    /// The lock of a project from its `locked` flag and the name of its lifecycle state when
    /// that state locks projects.
    pub fn of(locked: bool, locking_state: Option<String>) -> ProjectLock {
        match (locked, locking_state) {
            (true, _) => ProjectLock::Locked,
            (false, Some(state)) => ProjectLock::LifecycleState(state),
            (false, None) => ProjectLock::Open,
        }
    }
}

/// What decides who may act on a capacity request (`requests::Request::facts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    /// Still waiting for a decision.
    pub pending: bool,
    /// The receiving organisation is one of the user's (or below one of theirs).
    pub receiving_org_mine: bool,
    /// The user may see the asking project.
    pub project_visible: bool,
    /// What keeps the asking project from being changed.
    pub project_lock: ProjectLock,
}

/// A refusal with the sentence the 403 page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal(pub crate::i18n::Msg);

/// What one user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub role: Role,
    pub visibility: Visibility,
}

impl Policy {
    pub fn new(role: Role, visibility: Visibility) -> Self {
        Policy { role, visibility }
    }

    /// The operator at the command line: an administrator's rules, or a super-admin's when
    /// `super_admin` (they see everything either way).
    pub fn operator(super_admin: bool) -> Self {
        let role = if super_admin {
            Role::SuperAdmin
        } else {
            Role::Admin
        };
        Policy::new(role, Visibility::All)
    }

    /// Signed in with at least one role group.
    pub fn has_access(&self) -> bool {
        self.role > Role::None
    }

    /// Admins always, others when their visibility is not restricted.
    pub fn sees_everything(&self) -> bool {
        self.role >= Role::Admin || (self.has_access() && self.visibility == Visibility::All)
    }

    pub fn can_edit_projects(&self) -> bool {
        self.role >= Role::Editor
    }

    /// Whether the user may change a project (that they can see) in its current lock state.
    pub fn can_edit_project(&self, lock: &ProjectLock) -> Result<(), Refusal> {
        if !self.can_edit_projects() {
            return Err(Refusal(Msg::new("policy-read-only")));
        }
        match lock {
            _ if self.overrides_locks() => Ok(()),
            ProjectLock::Open => Ok(()),
            ProjectLock::Locked => Err(Refusal(Msg::new("policy-project-locked"))),
            ProjectLock::LifecycleState(state) => Err(Refusal(
                Msg::new("policy-lifecycle-locked").arg("state", lookup_msg(state)),
            )),
        }
    }

    /// Super-admins change what is locked for everyone else: locked projects and past months.
    /// The database asks the same of `app.overrides_locks()` (src/db/replaceable/15_edit_rules.sql).
    fn overrides_locks(&self) -> bool {
        self.role == Role::SuperAdmin
    }

    /// The first calendar month the user may change, `None` when every month is open to them:
    /// months before the current month are history ([`Policy::can_edit_month`]).
    pub fn first_open_month(&self, current_month: NaiveDate) -> Option<NaiveDate> {
        (!self.overrides_locks()).then_some(current_month)
    }

    /// [`Policy::first_open_month`] as a month of a project starting in `start` (1-based; 0 or
    /// below when the project started after it), `i32::MIN` when every month is open.
    pub fn first_open_project_month(&self, start: NaiveDate, current_month: NaiveDate) -> i32 {
        self.first_open_month(current_month)
            .map_or(i32::MIN, |first| ProjectMonth::number_of(start, first))
    }

    /// Months before the current month are history: only super-admins may change them.
    pub fn can_edit_month(
        &self,
        month: NaiveDate,
        current_month: NaiveDate,
    ) -> Result<(), Refusal> {
        self.can_edit_month_named(month, current_month, format_month(month))
    }

    /// [`Policy::can_edit_month`], the refusal naming the month as the page does ("M3 (2026-10)").
    pub fn can_edit_month_named(
        &self,
        month: NaiveDate,
        current_month: NaiveDate,
        name: impl std::fmt::Display,
    ) -> Result<(), Refusal> {
        if self
            .first_open_month(current_month)
            .is_none_or(|first| month >= first)
        {
            Ok(())
        } else {
            Err(Refusal(
                Msg::new("policy-month-past").arg("month", name.to_string()),
            ))
        }
    }

    /// [`Policy::can_edit_month`] for many months at once (an import): the refusal names every
    /// refused month, consecutive ones as a span.
    pub fn can_edit_months(
        &self,
        months: impl IntoIterator<Item = NaiveDate>,
        current_month: NaiveDate,
    ) -> Result<(), Refusal> {
        let mut refused: Vec<NaiveDate> = months
            .into_iter()
            .filter(|month| self.can_edit_month(*month, current_month).is_err())
            .collect();
        refused.sort_unstable();
        refused.dedup();
        match refused.as_slice() {
            [] => Ok(()),
            [one] => self.can_edit_month(*one, current_month),
            many => Err(Refusal(
                Msg::new("policy-months-past").arg("months", month_spans(many)),
            )),
        }
    }

    /// Whether the user may accept or reject a capacity request: a pending one, as an editor of
    /// the receiving organisation (or of one above it), or as an administrator, who administers
    /// every organisation. The database asks the same (`app.can_decide_capacity_request`).
    pub fn can_decide_request(&self, request: &RequestFacts) -> bool {
        request.pending
            && self.can_edit_projects()
            && (self.role >= Role::Admin || request.receiving_org_mine)
    }

    /// Whether the user may withdraw a capacity request: a pending one, of a project they see and
    /// may change.
    pub fn can_withdraw_request(&self, request: &RequestFacts) -> bool {
        request.pending
            && request.project_visible
            && self.can_edit_project(&request.project_lock).is_ok()
    }

    /// Whether the user may make scenarios (what-ifs over the live plan, which write nothing live
    /// until applied): anyone with a role, viewers included. The database asks the same
    /// (`app.may_plan()`).
    pub fn can_plan_scenarios(&self) -> Result<(), Refusal> {
        if self.has_access() {
            Ok(())
        } else {
            Err(Refusal(Msg::new("policy-no-role")))
        }
    }

    /// Whether the user may change a scenario they can read: only its owner may (share it,
    /// record or remove changes, rename, discard or apply it); those it is shared with read it.
    pub fn can_change_scenario(&self, owner: bool) -> Result<(), Refusal> {
        self.can_plan_scenarios()?;
        if owner {
            Ok(())
        } else {
            Err(Refusal(Msg::new("policy-scenario-not-yours")))
        }
    }

    pub fn can_manage_orgs(&self) -> bool {
        self.role >= Role::Admin
    }

    pub fn can_manage_settings(&self) -> bool {
        self.role >= Role::Admin
    }

    pub fn can_manage_users(&self) -> bool {
        self.role >= Role::Admin
    }
}

/// Sorted months as "2026-01 to 2026-03, 2026-05" ("to" in the reader's language).
fn month_spans(months: &[NaiveDate]) -> Msg {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for month in months {
        match spans.last_mut() {
            Some((_, last)) if add_months(*last, 1) == Some(*month) => *last = *month,
            _ => spans.push((*month, *month)),
        }
    }
    // One message per span, each joined to the ones before it: "…, 2026-05".
    spans
        .iter()
        .map(|(first, last)| {
            if first == last {
                Msg::new("policy-month").arg("month", format_month(*first))
            } else {
                Msg::new("policy-month-span")
                    .arg("first", format_month(*first))
                    .arg("last", format_month(*last))
            }
        })
        .reduce(|before, span| {
            Msg::new("policy-month-list")
                .arg("before", before)
                .arg("next", span)
        })
        .unwrap_or_else(|| Msg::verbatim(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn roles_grant_in_order() {
        let viewer = Policy::new(Role::Viewer, Visibility::All);
        let editor = Policy::new(Role::Editor, Visibility::Org);
        let admin = Policy::new(Role::Admin, Visibility::All);
        let nobody = Policy::new(Role::None, Visibility::All);
        assert!(!nobody.has_access() && !nobody.sees_everything());
        assert!(viewer.has_access() && viewer.sees_everything() && !viewer.can_edit_projects());
        assert!(
            editor.can_edit_projects() && !editor.sees_everything() && !editor.can_manage_orgs()
        );
        assert!(admin.can_manage_orgs() && admin.can_manage_settings() && admin.can_manage_users());
        assert!(Policy::new(Role::Admin, Visibility::Assigned).sees_everything());
    }

    #[test]
    fn locks_stop_everyone_but_super_admins() {
        let editor = Policy::new(Role::Editor, Visibility::All);
        let admin = Policy::new(Role::Admin, Visibility::All);
        let root = Policy::new(Role::SuperAdmin, Visibility::All);
        let closed = ProjectLock::LifecycleState("Closed".into());
        assert!(editor.can_edit_project(&ProjectLock::Open).is_ok());
        assert!(editor.can_edit_project(&ProjectLock::Locked).is_err());
        assert!(
            admin
                .can_edit_project(&closed)
                .unwrap_err()
                .0
                .to_string()
                .contains("\"Closed\"")
        );
        assert!(
            root.can_edit_project(&ProjectLock::Locked).is_ok()
                && root.can_edit_project(&closed).is_ok()
        );
        assert!(
            Policy::new(Role::Viewer, Visibility::All)
                .can_edit_project(&ProjectLock::Open)
                .is_err()
        );
    }

    #[test]
    fn past_months_are_read_only_except_for_super_admins() {
        let editor = Policy::new(Role::Editor, Visibility::All);
        let now = month(2026, 11);
        assert!(editor.can_edit_month(month(2026, 11), now).is_ok());
        assert!(editor.can_edit_month(month(2027, 1), now).is_ok());
        assert_eq!(
            editor
                .can_edit_month(month(2026, 10), now)
                .unwrap_err()
                .0
                .to_string(),
            "2026-10 is in the past; only super-admins may change past months."
        );
        assert!(
            Policy::new(Role::SuperAdmin, Visibility::All)
                .can_edit_month(month(2020, 1), now)
                .is_ok()
        );
    }

    #[test]
    fn the_first_open_month_is_the_current_one_except_for_super_admins() {
        let editor = Policy::new(Role::Editor, Visibility::All);
        let root = Policy::new(Role::SuperAdmin, Visibility::All);
        let now = month(2026, 11);
        assert_eq!(editor.first_open_month(now), Some(now));
        assert_eq!(root.first_open_month(now), None);
        assert_eq!(editor.first_open_project_month(month(2026, 1), now), 11);
        assert_eq!(editor.first_open_project_month(month(2027, 2), now), -2);
        assert_eq!(root.first_open_project_month(month(2026, 1), now), i32::MIN);
    }

    #[test]
    fn many_months_are_refused_by_name_in_spans() {
        let admin = Policy::new(Role::Admin, Visibility::All);
        let now = month(2026, 11);
        let months = [
            month(2026, 3),
            month(2026, 1),
            month(2026, 2),
            month(2026, 2),
            month(2026, 5),
            month(2026, 11),
            month(2027, 1),
        ];
        assert_eq!(
            admin
                .can_edit_months(months, now)
                .unwrap_err()
                .0
                .to_string(),
            "2026-01 to 2026-03, 2026-05 are in the past; only super-admins may change past months."
        );
        assert_eq!(
            admin
                .can_edit_months([month(2026, 12), month(2026, 10)], now)
                .unwrap_err(),
            admin.can_edit_month(month(2026, 10), now).unwrap_err(),
            "one month: the sentence of can_edit_month"
        );
        assert!(admin.can_edit_months([month(2026, 11)], now).is_ok());
        assert!(
            Policy::new(Role::SuperAdmin, Visibility::All)
                .can_edit_months(months, now)
                .is_ok()
        );
    }

    #[test]
    fn a_lock_comes_from_the_flag_before_the_state() {
        assert_eq!(ProjectLock::of(false, None), ProjectLock::Open);
        assert_eq!(
            ProjectLock::of(false, Some("Closed".into())),
            ProjectLock::LifecycleState("Closed".into())
        );
        assert_eq!(
            ProjectLock::of(true, Some("Closed".into())),
            ProjectLock::Locked
        );
    }

    #[test]
    fn editors_of_the_receiving_organisation_and_admins_decide_pending_requests() {
        let viewer = Policy::new(Role::Viewer, Visibility::All);
        let editor = Policy::new(Role::Editor, Visibility::Org);
        let admin = Policy::new(Role::Admin, Visibility::All);
        let asked_of_mine = RequestFacts {
            pending: true,
            receiving_org_mine: true,
            project_visible: false,
            project_lock: ProjectLock::Open,
        };
        let asked_of_others = RequestFacts {
            receiving_org_mine: false,
            ..asked_of_mine.clone()
        };
        let decided = RequestFacts {
            pending: false,
            ..asked_of_mine.clone()
        };
        assert!(editor.can_decide_request(&asked_of_mine));
        assert!(!editor.can_decide_request(&asked_of_others));
        assert!(!viewer.can_decide_request(&asked_of_mine));
        assert!(admin.can_decide_request(&asked_of_others));
        assert!(!admin.can_decide_request(&decided));
    }

    #[test]
    fn who_may_change_the_visible_project_withdraws_its_pending_requests() {
        let editor = Policy::new(Role::Editor, Visibility::Org);
        let root = Policy::new(Role::SuperAdmin, Visibility::All);
        let open = RequestFacts {
            pending: true,
            receiving_org_mine: false,
            project_visible: true,
            project_lock: ProjectLock::Open,
        };
        let locked = RequestFacts {
            project_lock: ProjectLock::Locked,
            ..open.clone()
        };
        let hidden = RequestFacts {
            project_visible: false,
            ..open.clone()
        };
        let withdrawn = RequestFacts {
            pending: false,
            ..open.clone()
        };
        assert!(editor.can_withdraw_request(&open));
        assert!(!editor.can_withdraw_request(&locked));
        assert!(root.can_withdraw_request(&locked));
        assert!(!root.can_withdraw_request(&hidden));
        assert!(!root.can_withdraw_request(&withdrawn));
        assert!(!Policy::new(Role::Viewer, Visibility::All).can_withdraw_request(&open));
    }
}
