//! `rediflow token`: personal access tokens minted and revoked by the operator, as the owner
//! (docs/api.md). The same commands as the account page (`auth::tokens`), audited in the
//! operator's name.

use anyhow::{Context, bail};
use diesel::prelude::*;
use uuid::Uuid;

use crate::audit::Actor;
use crate::auth::tokens::{self, NewToken};
use crate::config::Settings;
use crate::db;
use crate::db::schema::users;
use crate::i18n::Lang;

/// Makes a token for the user USERNAME and prints it (once; only its hash is kept).
pub fn create(
    settings: &Settings,
    username: &str,
    scope: &str,
    days: Option<i64>,
    name: Option<&str>,
) -> anyhow::Result<()> {
    if settings.secret_key_generated {
        bail!(
            "SECRET_KEY is not set, so this token would stop working when the server (started with \
             its own generated key) checks it; set SECRET_KEY for both"
        );
    }
    let mut conn = db::connect_owner(settings)?;
    let created = conn.transaction::<_, anyhow::Error, _>(|conn| {
        let found: Vec<(Uuid, String)> = users::table
            .filter(users::username.eq(username))
            .select((users::id, users::role))
            .load(conn)?;
        let user = match found.as_slice() {
            [(id, role)] if role != "none" => *id,
            [_] => bail!("the user {username:?} has no role group, so a token of theirs could do nothing"),
            [] => bail!("there is no user {username:?} (a user exists after their first sign-in, or `rediflow authentik` registration)"),
            _ => bail!("several users are called {username:?}; ask the database which one is meant"),
        };
        let input = NewToken {
            name: name.unwrap_or("command line").to_string(),
            scope: scope.to_string(),
            days: days.map(|d| d.to_string()).unwrap_or_default(),
        };
        tokens::create_for(conn, &Actor::command_line(), user, &settings.secret_key, &input)
            .map_err(|e| match e {
                crate::command::DomainError::Invalid(errors) => anyhow::anyhow!(
                    "{}",
                    crate::command::sentences_in(&errors, Lang::En)
                ),
                other => anyhow::Error::new(other),
            })
    })?;
    eprintln!(
        "Token {} for {username} ({}), expires {}. It is shown once: keep it now.",
        created.row.id,
        created.row.scope,
        created.row.expires_at.format("%Y-%m-%d")
    );
    println!("{}", created.token);
    Ok(())
}

/// Revokes the token ID.
pub fn revoke(settings: &Settings, id: &str) -> anyhow::Result<()> {
    let id = Uuid::parse_str(id.trim())
        .context("the token id must be a UUID, as listed on /account or /users")?;
    let mut conn = db::connect_owner(settings)?;
    let row = conn.transaction::<_, anyhow::Error, _>(|conn| {
        tokens::revoke_as(conn, &Actor::command_line(), id).map_err(|e| match e {
            crate::command::DomainError::NotFound => anyhow::anyhow!("there is no token {id}"),
            other => anyhow::Error::new(other),
        })
    })?;
    println!(
        "Token {} ({}) revoked at {}.",
        row.id,
        row.name,
        row.revoked_at.map(|t| t.to_rfc3339()).unwrap_or_default()
    );
    Ok(())
}
