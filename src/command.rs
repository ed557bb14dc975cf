//! What every domain command shares: who acts ([`Acting`]) and how a command refuses
//! ([`DomainError`]).
//!
//! A change a user can make is one function of its area (`projects`, `people`, `requests`, ...)
//! of the shape
//!
//! ```text
//! fn command(conn: &mut PgConnection, acting: &Acting, input: TypedInput) -> Outcome<TypedResult>
//! ```
//!
//! run inside the request's one transaction: the permission check (asking the [`Policy`]), the
//! write and the re-read all happen in it. Pages, the spreadsheet import and the CLI call the same
//! function, so a rule is written once and an import row fails with the sentence a form field
//! shows. Handlers turn a [`DomainError`] into a page ([`AppError`] via `From`, or a re-rendered
//! form for [`DomainError::Invalid`]).

use diesel::result::Error as DieselError;

use crate::audit::Actor;
use crate::auth::policy::{Policy, Refusal};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};

/// The connection a command runs on, inside the request's one transaction.
pub type Connection = diesel::pg::PgConnection;

/// What a query of the database fails with (a command's reads and writes).
pub type QueryError = DieselError;

/// The user a command acts for: their name in the audit log and what they may do.
#[derive(Debug, Clone)]
pub struct Acting {
    pub actor: Actor,
    pub policy: Policy,
}

impl Acting {
    pub fn new(actor: Actor, policy: Policy) -> Acting {
        Acting { actor, policy }
    }

    /// Asks the Policy; its refusal becomes [`DomainError::Forbidden`].
    pub fn allowed(&self, decision: Result<(), Refusal>) -> Outcome<()> {
        decision.map_err(DomainError::Forbidden)
    }
}

/// Field name and the sentence shown under it, in the order of the form.
pub type FieldErrors = Vec<(&'static str, Msg)>;

/// Why a command changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The input is not acceptable; each field says why. Forms re-render with these, imports
    /// report them with their sheet, row and column.
    #[error("{}", sentences(.0))]
    Invalid(FieldErrors),
    /// The row (or the plan) changed since the form showing it was opened: nothing was written.
    #[error("{}", stale())]
    Stale,
    /// The user may see the thing but not do this to it; the refusal says why.
    #[error("{}", .0.0)]
    Forbidden(Refusal),
    /// There is no such thing, or the user may not know that it exists.
    #[error("{}", Msg::new("error-not-found"))]
    NotFound,
    /// The database refused or failed; mapped like any database error (a policy or constraint
    /// refusal is a 403/409/400, a lost connection a 503, anything else a bug).
    #[error(transparent)]
    Database(DieselError),
}

/// What a command returns.
pub type Outcome<T> = Result<T, DomainError>;

/// The refusal of a change to something changed since the form showing it was opened.
pub fn stale() -> Msg {
    Msg::new("app-error-stale")
}

/// The sentences of field errors as one line in `lang` (shown above a form, or as a 400's
/// message).
pub fn sentences_in(errors: &FieldErrors, lang: Lang) -> String {
    errors
        .iter()
        .map(|(_, sentence)| sentence.in_lang(lang))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentences of field errors as one message (English when written by `Display`).
pub fn sentences(errors: &FieldErrors) -> Msg {
    match errors.as_slice() {
        [(_, one)] => one.clone(),
        many => many
            .iter()
            .map(|(_, sentence)| sentence.clone())
            .reduce(|first, next| {
                Msg::new("sentences-two")
                    .arg("first", first)
                    .arg("second", next)
            })
            .unwrap_or_else(|| Msg::verbatim("")),
    }
}

impl DomainError {
    /// One field's refusal.
    pub fn field(name: &'static str, sentence: impl Into<Msg>) -> DomainError {
        DomainError::Invalid(vec![(name, sentence.into())])
    }
}

impl From<DieselError> for DomainError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => DomainError::NotFound,
            other => DomainError::Database(other),
        }
    }
}

impl From<Refusal> for DomainError {
    fn from(refusal: Refusal) -> Self {
        DomainError::Forbidden(refusal)
    }
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            // A handler that shows a form re-renders it instead; reaching here means the input
            // came from somewhere without a form (a link, a script).
            DomainError::Invalid(errors) => AppError::BadRequest(sentences(&errors)),
            DomainError::Stale => AppError::Conflict(stale()),
            DomainError::Forbidden(refusal) => AppError::Forbidden(refusal.0),
            DomainError::NotFound => AppError::not_found(),
            DomainError::Database(error) => AppError::from(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_becomes_the_status_a_user_expects() {
        let invalid = DomainError::field("name", Msg::verbatim("Enter a name."));
        assert!(
            matches!(AppError::from(invalid), AppError::BadRequest(s) if s.to_string() == "Enter a name.")
        );
        assert!(matches!(
            AppError::from(DomainError::Stale),
            AppError::Conflict(_)
        ));
        let refused = DomainError::Forbidden(Refusal(Msg::verbatim("locked")));
        assert!(
            matches!(AppError::from(refused), AppError::Forbidden(s) if s.to_string() == "locked")
        );
        assert!(matches!(
            AppError::from(DomainError::from(DieselError::NotFound)),
            AppError::NotFound(_)
        ));
    }
}
