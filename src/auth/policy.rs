//! The one place that decides what a user may do (STYLE: handlers ask it; RLS enforces the same
//! rules again inside PostgreSQL). Which projects and people a user can *see* is decided by SQL
//! functions shared with the policies, so that the rules exist once.

use chrono::NaiveDate;

use crate::auth::Role;
use crate::auth::groups::Visibility;

/// Why a project may not be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectLock {
    Open,
    /// The project's own `locked` flag.
    Locked,
    /// Its lifecycle state locks it (e.g. closed), named here.
    LifecycleState(String),
}

/// A refusal with the sentence the 403 page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

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
            return Err(Refusal(
                "You have read-only access: ask an administrator for the editor role.".into(),
            ));
        }
        match lock {
            _ if self.role == Role::SuperAdmin => Ok(()),
            ProjectLock::Open => Ok(()),
            ProjectLock::Locked => Err(Refusal(
                "This project is locked; only super-admins may change it.".into(),
            )),
            ProjectLock::LifecycleState(state) => Err(Refusal(format!(
                "This project is in the lifecycle state \"{state}\", which locks it; only super-admins may change it."
            ))),
        }
    }

    /// Months before the current month are history: only super-admins may change them.
    pub fn can_edit_month(
        &self,
        month: NaiveDate,
        current_month: NaiveDate,
    ) -> Result<(), Refusal> {
        if self.role == Role::SuperAdmin || month >= current_month {
            Ok(())
        } else {
            Err(Refusal(format!(
                "{} is in the past; only super-admins may change past months.",
                month.format("%Y-%m")
            )))
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
            editor.can_edit_month(month(2026, 10), now).unwrap_err().0,
            "2026-10 is in the past; only super-admins may change past months."
        );
        assert!(
            Policy::new(Role::SuperAdmin, Visibility::All)
                .can_edit_month(month(2020, 1), now)
                .is_ok()
        );
    }
}
