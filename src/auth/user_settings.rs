//! A signed-in user's preferences (`user_settings`): the organisation the projects list starts
//! filtered on, whether grids start in hours instead of PM, and their language (pages and CSV
//! downloads). RLS lets a user read and write only their own row.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::users::UserRecord;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{organisations, user_settings};
use crate::i18n::{Lang, Msg};
use crate::planning::reading::Reading;
use crate::reference::organisations::Organisation;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    pub default_organisation: Option<Uuid>,
    pub show_hours: bool,
    /// The language of the pages and of CSV downloads; `None`: the browser's (SPEC §11).
    pub locale: Option<Lang>,
}

/// The user's preferences, or the defaults when they saved none.
pub fn load(conn: &mut PgConnection, user: Uuid) -> QueryResult<Preferences> {
    Ok(user_settings::table
        .find(user)
        .select((
            user_settings::default_organisation_id,
            user_settings::show_hours,
            user_settings::locale,
        ))
        .first::<(Option<Uuid>, bool, Option<String>)>(conn)
        .optional()?
        .map(|(default_organisation, show_hours, locale)| Preferences {
            default_organisation,
            show_hours,
            // A language this version does not speak (set by hand) leaves the browser to choose.
            locale: locale.as_deref().and_then(Lang::parse),
        })
        .unwrap_or_default())
}

/// What the account page's preferences form sends.
#[derive(Debug, Clone, Default)]
pub struct PreferencesInput {
    /// An organisation's id, or empty for none.
    pub default_organisation: String,
    pub show_hours: bool,
    /// A language code, or empty for the browser's language.
    pub locale: String,
}

/// Why the account page's form was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreferencesProblem {
    UnknownOrganisation,
    UnknownLanguage(String),
}

impl PreferencesProblem {
    /// The sentence the account page shows, in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        match self {
            PreferencesProblem::UnknownOrganisation => lang.t("account-choose-organisation"),
            PreferencesProblem::UnknownLanguage(code) => {
                lang.t1("app-error-unknown-language", "code", code)
            }
        }
    }
}

impl PreferencesInput {
    /// The preferences the form asks for, or why they are refused.
    pub fn read(&self) -> Result<Preferences, PreferencesProblem> {
        let default_organisation = match self.default_organisation.trim() {
            "" => None,
            text => {
                Some(Uuid::parse_str(text).map_err(|_| PreferencesProblem::UnknownOrganisation)?)
            }
        };
        let locale = match self.locale.trim() {
            "" => None,
            code => Some(
                Lang::parse(code)
                    .ok_or_else(|| PreferencesProblem::UnknownLanguage(code.to_string()))?,
            ),
        };
        Ok(Preferences {
            default_organisation,
            show_hours: self.show_hours,
            locale,
        })
    }
}

/// What the account page shows of a user: their account, their stored preferences and the
/// organisations they may choose as their default.
#[derive(Debug, Clone, Default)]
pub struct Account {
    pub user: Option<UserRecord>,
    pub preferences: Preferences,
    pub organisations: Vec<Organisation>,
}

/// The account page's data of user `user`.
pub fn account(conn: &mut PgConnection, user: Uuid) -> QueryResult<Account> {
    Ok(Account {
        user: crate::auth::users::find(conn, user)?,
        preferences: load(conn, user)?,
        organisations: crate::reference::organisations::list(conn)?,
    })
}

/// Saves the acting user's own preferences (every user may; nobody signed in has none).
pub fn save_preferences(
    conn: &mut PgConnection,
    acting: &Acting,
    preferences: &Preferences,
) -> Outcome<()> {
    let user = acting
        .actor
        .user_id
        .ok_or_else(|| DomainError::field("user", Msg::new("account-error-no-user")))?;
    save(conn, user, preferences)?
        .map_err(|sentence| DomainError::field("default_organisation", sentence))
}

/// Saves the preferences; `Err` says what is wrong (an organisation that does not exist).
fn save(
    conn: &mut PgConnection,
    user: Uuid,
    preferences: &Preferences,
) -> QueryResult<Result<(), Msg>> {
    if let Some(org) = preferences.default_organisation {
        let exists: i64 = organisations::table
            .filter(organisations::id.eq(org))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Ok(Err(Msg::new("account-choose-organisation")));
        }
    }
    diesel::insert_into(user_settings::table)
        .values((
            user_settings::user_id.eq(user),
            user_settings::default_organisation_id.eq(preferences.default_organisation),
            user_settings::show_hours.eq(preferences.show_hours),
            user_settings::locale.eq(preferences.locale.map(Lang::code)),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .on_conflict(user_settings::user_id)
        .do_update()
        .set((
            user_settings::default_organisation_id.eq(preferences.default_organisation),
            user_settings::show_hours.eq(preferences.show_hours),
            user_settings::locale.eq(preferences.locale.map(Lang::code)),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(Ok(()))
}

/// Stores the acting user's language (`None`: their browser's), keeping their other preferences.
pub fn save_language(
    conn: &mut PgConnection,
    acting: &Acting,
    locale: Option<Lang>,
) -> Outcome<()> {
    let user = acting
        .actor
        .user_id
        .ok_or_else(|| DomainError::field("lang", Msg::new("account-error-language-no-user")))?;
    diesel::insert_into(user_settings::table)
        .values((
            user_settings::user_id.eq(user),
            user_settings::locale.eq(locale.map(Lang::code)),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .on_conflict(user_settings::user_id)
        .do_update()
        .set((
            user_settings::locale.eq(locale.map(Lang::code)),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The language user `user` chose, if any (read at sign-in into their session).
pub fn stored_language(conn: &mut PgConnection, user: Uuid) -> QueryResult<Option<Lang>> {
    Ok(load(conn, user)?.locale)
}

/// The reading of the plan the summing pages show (`planning::reading`): the one `text` names,
/// stored as the user's choice so that their next page shows it too; with `text` empty, the one
/// they chose last, or the default. A code that names no reading is refused (field `reading`)
/// and nothing is stored. Nobody signed in (`user` is `None`) has nothing stored.
pub fn chosen_reading(conn: &mut PgConnection, user: Option<Uuid>, text: &str) -> Outcome<Reading> {
    let asked = match text.trim() {
        "" => None,
        code => Some(Reading::parse(code).ok_or_else(|| {
            DomainError::field("reading", Msg::new("reading-bad").arg("value", code))
        })?),
    };
    let Some(user) = user else {
        return Ok(asked.unwrap_or_default());
    };
    match asked {
        Some(reading) => {
            save_reading(conn, user, reading)?;
            Ok(reading)
        }
        None => Ok(stored_reading(conn, user)?.unwrap_or_default()),
    }
}

/// The reading user `user` chose last, if any (a code this version does not know: none).
pub fn stored_reading(conn: &mut PgConnection, user: Uuid) -> QueryResult<Option<Reading>> {
    Ok(user_settings::table
        .find(user)
        .select(user_settings::reading)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten()
        .as_deref()
        .and_then(Reading::parse))
}

/// Stores `reading` as user `user`'s choice, keeping their other preferences.
fn save_reading(conn: &mut PgConnection, user: Uuid, reading: Reading) -> QueryResult<()> {
    diesel::insert_into(user_settings::table)
        .values((
            user_settings::user_id.eq(user),
            user_settings::reading.eq(reading.code()),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .on_conflict(user_settings::user_id)
        .do_update()
        .set((
            user_settings::reading.eq(reading.code()),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(())
}
