//! A signed-in user's preferences (`user_settings`): the organisation the projects list starts
//! filtered on, and whether grids start in hours instead of PM. RLS lets a user read and write
//! only their own row.

use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::{organisations, user_settings};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preferences {
    pub default_organisation: Option<Uuid>,
    pub show_hours: bool,
}

/// The user's preferences, or the defaults when they saved none.
pub fn load(conn: &mut PgConnection, user: Uuid) -> QueryResult<Preferences> {
    Ok(user_settings::table
        .find(user)
        .select((
            user_settings::default_organisation_id,
            user_settings::show_hours,
        ))
        .first::<(Option<Uuid>, bool)>(conn)
        .optional()?
        .map(|(default_organisation, show_hours)| Preferences {
            default_organisation,
            show_hours,
        })
        .unwrap_or_default())
}

/// Saves the preferences; `Err` says what is wrong (an organisation that does not exist).
pub fn save(
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
            user_settings::updated_at.eq(Utc::now()),
        ))
        .on_conflict(user_settings::user_id)
        .do_update()
        .set((
            user_settings::default_organisation_id.eq(preferences.default_organisation),
            user_settings::show_hours.eq(preferences.show_hours),
            user_settings::updated_at.eq(Utc::now()),
        ))
        .execute(conn)?;
    Ok(Ok(()))
}
