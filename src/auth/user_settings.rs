//! A signed-in user's preferences (`user_settings`): the organisation the projects list starts
//! filtered on, whether grids start in hours instead of PM, and the locale of spreadsheet
//! downloads. RLS lets a user read and write only their own row.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::users::UserRecord;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::{organisations, user_settings};
use crate::reference::organisations::Organisation;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    pub default_organisation: Option<Uuid>,
    pub show_hours: bool,
    pub locale: Locale,
}

/// The locales a user may choose. The pages are in English; the locale decides how CSV
/// downloads write numbers, so that a spreadsheet set to that locale reads them as numbers
/// (Finnish and Swedish spreadsheets expect a decimal comma and `;` between fields).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Fi,
    Sv,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fi, Locale::Sv];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fi => "fi",
            Locale::Sv => "sv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Locale::En => "English — CSV with 1234.5 and commas",
            Locale::Fi => "Suomi — CSV with 1234,5 and semicolons",
            Locale::Sv => "Svenska — CSV with 1234,5 and semicolons",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn decimal_comma(self) -> bool {
        self != Locale::En
    }
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
        .first::<(Option<Uuid>, bool, String)>(conn)
        .optional()?
        .map(|(default_organisation, show_hours, locale)| Preferences {
            default_organisation,
            show_hours,
            // A locale this version does not offer (set by hand) falls back to English.
            locale: Locale::parse(&locale).unwrap_or_default(),
        })
        .unwrap_or_default())
}

/// What the account page's preferences form sends.
#[derive(Debug, Clone, Default)]
pub struct PreferencesInput {
    /// An organisation's id, or empty for none.
    pub default_organisation: String,
    pub show_hours: bool,
    /// A locale code, or empty for the default.
    pub locale: String,
}

impl PreferencesInput {
    /// The preferences the form asks for, or the sentence the account page shows.
    pub fn read(&self) -> Result<Preferences, String> {
        let default_organisation = match self.default_organisation.trim() {
            "" => None,
            text => {
                Some(Uuid::parse_str(text).map_err(|_| "Choose an organisation from the list.")?)
            }
        };
        let locale = match self.locale.trim() {
            "" => Locale::default(),
            code => Locale::parse(code)
                .ok_or_else(|| format!("“{code}” is not a locale this server offers."))?,
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
    let user = acting.actor.user_id.ok_or_else(|| {
        DomainError::field(
            "user",
            "Preferences need a signed-in user; sign-in is not configured on this server.",
        )
    })?;
    save(conn, user, preferences)?
        .map_err(|sentence| DomainError::field("default_organisation", sentence))
}

/// Saves the preferences; `Err` says what is wrong (an organisation that does not exist).
fn save(
    conn: &mut PgConnection,
    user: Uuid,
    preferences: &Preferences,
) -> QueryResult<Result<(), String>> {
    if let Some(org) = preferences.default_organisation {
        let exists: i64 = organisations::table
            .filter(organisations::id.eq(org))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Ok(Err("Choose an organisation from the list.".into()));
        }
    }
    diesel::insert_into(user_settings::table)
        .values((
            user_settings::user_id.eq(user),
            user_settings::default_organisation_id.eq(preferences.default_organisation),
            user_settings::show_hours.eq(preferences.show_hours),
            user_settings::locale.eq(preferences.locale.code()),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .on_conflict(user_settings::user_id)
        .do_update()
        .set((
            user_settings::default_organisation_id.eq(preferences.default_organisation),
            user_settings::show_hours.eq(preferences.show_hours),
            user_settings::locale.eq(preferences.locale.code()),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(Ok(()))
}
