//! Personal access tokens: what a script presents to the API (`Authorization: Bearer rfl_…`).
//!
//! A token acts as its user: the API runs its request in that user's RLS transaction with the role
//! and visibility stored for them now (`app.token_holder`, src/db/replaceable/10_identity.sql), so
//! a token never sees more than its user, and a user who lost a group loses it for their tokens
//! too. A token is shown once, when made; the database keeps only its keyed hash (HMAC-SHA-256
//! with `SECRET_KEY`) and its first characters (`hint`). The text is `rfl_`, 40 random letters and
//! digits, and a 6-character checksum (CRC-32 of the random part), so that a secret scanner or a
//! person can tell a leaked Rediflow token from noise without asking the server.

use chrono::{DateTime, Duration, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use rand::Rng;
use serde_json::json;
use sha2::Sha256;
use uuid::Uuid;

use crate::audit::{self, Action, Change};
use crate::command::{Acting, DomainError, FieldErrors, Outcome};
use crate::config::Secret;
use crate::db::schema::{personal_access_tokens as pat, users};
use crate::i18n::Msg;

/// What every token starts with.
pub const PREFIX: &str = "rfl_";
/// Random letters and digits after the prefix.
const RANDOM_LEN: usize = 40;
/// The checksum's letters and digits at the end.
const CHECKSUM_LEN: usize = 6;
/// The whole token's length.
pub const TOKEN_LEN: usize = PREFIX.len() + RANDOM_LEN + CHECKSUM_LEN;
/// Days a token lives when its maker does not say.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest life a token may be given: a year.
pub const MAX_DAYS: i64 = 365;
/// The longest name.
const MAX_NAME: usize = 100;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What a token may do: `read` only reads; `write` also changes what its user may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Read,
    Write,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        match text.trim() {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A new token's text and the hash the database keeps of it.
pub struct Minted {
    pub token: String,
    pub hash: [u8; 32],
}

/// Makes a new token (its text and keyed hash).
pub fn mint(key: &Secret) -> Minted {
    let mut rng = rand::rng();
    let random: String = (0..RANDOM_LEN)
        .map(|_| char::from(BASE62[rng.random_range(0..BASE62.len())]))
        .collect();
    let token = format!("{PREFIX}{random}{}", checksum(&random));
    let hash = hash(key, &token);
    Minted { token, hash }
}

/// The CRC-32 of the random part in base 62, six characters.
fn checksum(random: &str) -> String {
    let mut value = u64::from(crc32fast::hash(random.as_bytes()));
    let mut digits = [b'0'; CHECKSUM_LEN];
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8_lossy(&digits).into_owned()
}

/// Whether `text` has a token's shape and a correct checksum: what the server checks before it
/// asks the database, and what a secret scanner can check offline.
pub fn is_well_formed(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(PREFIX) else {
        return false;
    };
    if text.len() != TOKEN_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, sum) = rest.split_at(RANDOM_LEN);
    checksum(random) == sum
}

/// The keyed hash the database keeps of a token.
pub fn hash(key: &Secret, token: &str) -> [u8; 32] {
    // HMAC takes a key of any length; new_from_slice cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key.expose().as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(token.as_bytes());
    mac.finalize().into_bytes().into()
}

/// A token as its list shows it (never its text or hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pat)]
pub struct TokenRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub scope: String,
    pub hint: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<String>,
}

impl TokenRow {
    /// Neither revoked nor expired at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// A token with its user's name, for the administrators' list on /users.
pub type UserToken = (TokenRow, String);

/// What the form (or the command line) asks for.
#[derive(Debug, Clone, Default)]
pub struct NewToken {
    pub name: String,
    pub scope: String,
    /// Days until it expires; blank for the default.
    pub days: String,
}

/// A token's input, checked.
struct CheckedToken {
    name: String,
    scope: Scope,
    days: i64,
}

fn check(input: &NewToken) -> Result<CheckedToken, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.push(("name", Msg::new("token-name-missing")));
    } else if name.chars().count() > MAX_NAME {
        errors.push(("name", Msg::new("token-name-too-long").arg("max", MAX_NAME)));
    }
    let scope = Scope::parse(&input.scope);
    if scope.is_none() {
        errors.push(("scope", Msg::new("token-scope-invalid")));
    }
    let days = match input.days.trim() {
        "" => Some(DEFAULT_DAYS),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d)),
    };
    if days.is_none() {
        errors.push(("days", Msg::new("token-days-invalid").arg("max", MAX_DAYS)));
    }
    match (scope, days) {
        (Some(scope), Some(days)) if errors.is_empty() => Ok(CheckedToken { name, scope, days }),
        _ => Err(errors),
    }
}

/// A token just made: its row, and its text, shown once.
pub struct Created {
    pub row: TokenRow,
    pub token: String,
}

/// Makes a token for the acting user (their account page). Audited without its text or hash.
pub fn create(
    conn: &mut PgConnection,
    acting: &Acting,
    key: &Secret,
    input: &NewToken,
) -> Outcome<Created> {
    let Some(user) = acting.actor.user_id else {
        return Err(DomainError::Forbidden(crate::auth::policy::Refusal(
            Msg::new("token-needs-user"),
        )));
    };
    if !acting.policy.has_access() {
        return Err(DomainError::Forbidden(crate::auth::policy::Refusal(
            Msg::new("app-error-no-access"),
        )));
    }
    create_for(conn, &acting.actor, user, key, input)
}

/// Makes a token for `user` in the name of `actor`: the account page for oneself, or the
/// operator at the command line (as the owner) for anyone.
pub fn create_for(
    conn: &mut PgConnection,
    actor: &audit::Actor,
    user: Uuid,
    key: &Secret,
    input: &NewToken,
) -> Outcome<Created> {
    let checked = check(input).map_err(DomainError::Invalid)?;
    let minted = mint(key);
    let now = Utc::now();
    let row: TokenRow = diesel::insert_into(pat::table)
        .values((
            pat::user_id.eq(user),
            pat::name.eq(&checked.name),
            pat::scope.eq(checked.scope.as_str()),
            pat::token_hash.eq(minted.hash.to_vec()),
            pat::hint.eq(&minted.token[..PREFIX.len() + 4]),
            pat::created_at.eq(now),
            pat::created_by.eq(&actor.name),
            pat::expires_at.eq(now + Duration::days(checked.days)),
        ))
        .returning(TokenRow::as_returning())
        .get_result(conn)?;
    audit::record(
        conn,
        actor,
        &[Change::outside_projects(
            Action::Create,
            "personal_access_token",
            row.id,
            None,
            Some(audit_values(&row)),
        )],
    )?;
    Ok(Created {
        row,
        token: minted.token,
    })
}

/// What the audit log records of a token: never its text or hash.
fn audit_values(row: &TokenRow) -> serde_json::Value {
    json!({
        "user_id": row.user_id,
        "name": row.name,
        "scope": row.scope,
        "hint": row.hint,
        "expires_at": row.expires_at,
        "revoked_at": row.revoked_at,
    })
}

/// The acting user's tokens, newest first (RLS shows a user their own).
pub fn mine(conn: &mut PgConnection, user: Uuid) -> QueryResult<Vec<TokenRow>> {
    pat::table
        .filter(pat::user_id.eq(user))
        .order((pat::created_at.desc(), pat::id))
        .select(TokenRow::as_select())
        .load(conn)
}

/// Everyone's tokens with their user's name, for administrators (RLS shows others only theirs).
pub fn everyones(conn: &mut PgConnection, acting: &Acting) -> Outcome<Vec<UserToken>> {
    if !acting.policy.can_manage_users() {
        return Err(DomainError::Forbidden(crate::auth::policy::Refusal(
            Msg::new("users-refused-not-admin"),
        )));
    }
    Ok(pat::table
        .inner_join(users::table)
        .order((users::username, pat::created_at.desc(), pat::id))
        .select((TokenRow::as_select(), users::username))
        .load(conn)?)
}

/// Revokes a token: its user's own, or anyone's for an administrator (the row-level security
/// policy decides whose the acting user may change). A token already revoked stays as it was.
pub fn revoke(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<TokenRow> {
    // The policy says the same, but it is bypassed with RLS_ENABLED=false: another user's token
    // is, to a non-administrator, a token that does not exist.
    if !acting.policy.can_manage_users() {
        let owner: Option<Uuid> = pat::table
            .find(id)
            .select(pat::user_id)
            .first(conn)
            .optional()?;
        if owner.is_none() || owner != acting.actor.user_id {
            return Err(DomainError::NotFound);
        }
    }
    revoke_as(conn, &acting.actor, id)
}

/// Revokes a token in the name of `actor` (the command line runs as the owner: any token).
pub fn revoke_as(conn: &mut PgConnection, actor: &audit::Actor, id: Uuid) -> Outcome<TokenRow> {
    let before: TokenRow = pat::table
        .find(id)
        .select(TokenRow::as_select())
        .for_update()
        .first(conn)?;
    if before.revoked_at.is_some() {
        return Ok(before);
    }
    let after: TokenRow = diesel::update(pat::table.find(id))
        .set((
            pat::revoked_at.eq(Utc::now()),
            pat::revoked_by.eq(&actor.name),
        ))
        .returning(TokenRow::as_returning())
        .get_result(conn)?;
    audit::record(
        conn,
        actor,
        &[Change::outside_projects(
            Action::Update,
            "personal_access_token",
            id,
            Some(audit_values(&before)),
            Some(audit_values(&after)),
        )],
    )?;
    Ok(after)
}

/// The holder of a presented token, as `app.token_holder` finds them.
#[derive(Debug, Clone, QueryableByName)]
pub struct Holder {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub token_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub username: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub display_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub scope: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub user_role: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub user_visibility: String,
}

/// The live token whose keyed hash is `hash`, with its user's role and visibility now; `None`
/// for an unknown, revoked or expired one. Marks it used.
pub fn holder(conn: &mut PgConnection, hash: &[u8; 32]) -> QueryResult<Option<Holder>> {
    diesel::sql_query("select * from app.token_holder($1)")
        .bind::<diesel::sql_types::Bytea, _>(hash.as_slice())
        .get_result(conn)
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minted_token_is_well_formed_and_a_changed_one_is_not() {
        let key = Secret::new("k");
        let minted = mint(&key);
        assert!(minted.token.starts_with("rfl_"));
        assert_eq!(minted.token.len(), TOKEN_LEN);
        assert!(is_well_formed(&minted.token));
        let mut changed = minted.token.clone().into_bytes();
        changed[10] = if changed[10] == b'a' { b'b' } else { b'a' };
        let changed = String::from_utf8(changed).unwrap();
        assert!(!is_well_formed(&changed));
        assert!(!is_well_formed("rfl_short"));
        assert!(!is_well_formed(&minted.token.replace("rfl_", "ghp_")));
    }

    #[test]
    fn the_hash_depends_on_the_key() {
        let token = mint(&Secret::new("one")).token;
        assert_ne!(
            hash(&Secret::new("one"), &token),
            hash(&Secret::new("two"), &token)
        );
        assert_eq!(
            hash(&Secret::new("one"), &token),
            hash(&Secret::new("one"), &token)
        );
    }

    #[test]
    fn input_is_checked_field_by_field() {
        let bad = NewToken {
            name: " ".into(),
            scope: "admin".into(),
            days: "400".into(),
        };
        let errors = check(&bad).err().unwrap();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "scope", "days"]);
        let good = check(&NewToken {
            name: "BI".into(),
            scope: "read".into(),
            days: String::new(),
        })
        .ok()
        .unwrap();
        assert_eq!(good.days, DEFAULT_DAYS);
    }
}
