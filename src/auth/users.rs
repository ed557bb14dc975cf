//! Users as login maintains them: found or created by OIDC `sub`, their groups and what the
//! groups grant, their organisations and their linked person.

use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::groups::{Membership, membership};
use crate::auth::oidc::ProviderProfile;
use crate::auth::policy::Refusal;
use crate::command::{Acting, DomainError, Outcome};
use crate::config::GroupNames;
use crate::db::schema::{organisations, persons, sessions, user_organisations, users};

#[diesel::declare_sql_function]
extern "SQL" {
    /// PostgreSQL's `lower()`, matching the `persons_lower_email_idx` index.
    fn lower(
        text: diesel::sql_types::Nullable<diesel::sql_types::Text>,
    ) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// What a verified sign-in (or a later check with the provider) says about the user.
#[derive(Debug, Clone)]
pub struct LoginProfile {
    pub sub: String,
    pub username: String,
    pub email: Option<String>,
    /// Whether the provider vouches that `email` is the user's (its `email_verified` claim).
    pub email_verified: bool,
    pub display_name: Option<String>,
    pub raw_groups: Value,
    pub membership: Membership,
}

impl LoginProfile {
    /// The provider's facts with what their groups grant under the configured group names.
    pub fn from_provider(
        profile: ProviderProfile,
        groups: &GroupNames,
        project_visibility_enabled: bool,
    ) -> Self {
        LoginProfile {
            membership: membership(&profile.groups, groups, project_visibility_enabled),
            sub: profile.subject,
            username: profile.username,
            email: profile.email,
            email_verified: profile.email_verified,
            display_name: profile.display_name,
            raw_groups: profile.raw_groups,
        }
    }
}

/// Why the provider's facts are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// A sign-in: also the last sign-in time.
    SignIn,
    /// A session's periodic check with the provider (`sessions::provider_check`).
    Recheck,
}

/// A user as the users page and "My account" show them.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: Uuid,
    pub sub: String,
    pub username: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub raw_groups: Value,
    pub role: String,
    pub visibility: String,
    /// Every `rediflow-org-*` name received.
    pub org_short_names: Vec<String>,
    /// The subset of `org_short_names` that exists as an organisation.
    pub organisations: Vec<String>,
    pub person_code: Option<String>,
    pub sessions: i64,
}

/// The user columns the identity provider decides, at sign-in and when a user is registered
/// ahead of their first sign-in.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = users, treat_none_as_null = true)]
struct ProviderFacts<'a> {
    sub: &'a str,
    username: &'a str,
    email: Option<&'a str>,
    display_name: Option<&'a str>,
    raw_groups: &'a Value,
    role: &'static str,
    visibility: &'static str,
    org_short_names: Vec<Option<String>>,
}

impl<'a> ProviderFacts<'a> {
    fn new(
        sub: &'a str,
        username: &'a str,
        email: Option<&'a str>,
        display_name: Option<&'a str>,
        raw_groups: &'a Value,
        membership: &Membership,
    ) -> Self {
        ProviderFacts {
            sub,
            username,
            email,
            display_name,
            raw_groups,
            role: membership.role.as_str(),
            visibility: membership.visibility.as_str(),
            org_short_names: membership
                .org_short_names
                .iter()
                .cloned()
                .map(Some)
                .collect(),
        }
    }
}

/// Records a sign-in in one transaction: see [`record_provider_facts`].
pub fn record_login(conn: &mut PgConnection, profile: &LoginProfile) -> QueryResult<Uuid> {
    record_provider_facts(conn, profile, Confirmation::SignIn)
}

/// Records what the provider confirmed, in one transaction: creates or updates the user by
/// `sub` (role and visibility with it, which row-level security reads at once), replaces their
/// organisations with the known ones among their groups, and links the person whose code is
/// the username (else the one person whose email matches, if the provider verified that email)
/// when no person is linked yet.
pub fn record_provider_facts(
    conn: &mut PgConnection,
    profile: &LoginProfile,
    confirmation: Confirmation,
) -> QueryResult<Uuid> {
    conn.transaction(|conn| {
        let now = Utc::now();
        let facts = ProviderFacts::new(
            &profile.sub,
            &profile.username,
            profile.email.as_deref(),
            profile.display_name.as_deref(),
            &profile.raw_groups,
            &profile.membership,
        );
        let user_id: Uuid = diesel::insert_into(users::table)
            .values(&facts)
            .on_conflict(users::sub)
            .do_update()
            .set((&facts, users::updated_at.eq(now)))
            .returning(users::id)
            .get_result(conn)?;
        if confirmation == Confirmation::SignIn {
            diesel::update(users::table.find(user_id))
                .set(users::last_login_at.eq(now))
                .execute(conn)?;
        }

        replace_organisations(conn, user_id, &profile.membership.org_short_names)?;
        link_person(conn, user_id, profile)?;
        Ok(user_id)
    })
}

/// Makes the user's organisations the known ones among `short_names`.
fn replace_organisations(
    conn: &mut PgConnection,
    user_id: Uuid,
    short_names: &[String],
) -> QueryResult<()> {
    diesel::delete(user_organisations::table.filter(user_organisations::user_id.eq(user_id)))
        .execute(conn)?;
    let known: Vec<Uuid> = organisations::table
        .filter(organisations::short_name.eq_any(short_names))
        .select(organisations::id)
        .load(conn)?;
    let rows: Vec<_> = known
        .iter()
        .map(|org| {
            (
                user_organisations::user_id.eq(user_id),
                user_organisations::organisation_id.eq(*org),
            )
        })
        .collect();
    diesel::insert_into(user_organisations::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}

fn link_person(conn: &mut PgConnection, user_id: Uuid, profile: &LoginProfile) -> QueryResult<()> {
    let already: i64 = persons::table
        .filter(persons::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    if already > 0 {
        return Ok(());
    }
    let by_code: Option<Uuid> = persons::table
        .filter(persons::code.eq(&profile.username))
        .filter(persons::user_id.is_null())
        .select(persons::id)
        .first(conn)
        .optional()?;
    // An unverified e-mail is whatever the user typed at the provider: linking by it would let
    // anyone take over the plan (and visibility) of the person with that address.
    let verified_email = profile.email.as_ref().filter(|_| profile.email_verified);
    let person = match (by_code, verified_email) {
        (Some(id), _) => Some(id),
        (None, Some(email)) => {
            let matches: Vec<Uuid> = persons::table
                .filter(lower(persons::email).eq(email.to_lowercase()))
                .filter(persons::user_id.is_null())
                .select(persons::id)
                .limit(2)
                .load(conn)?;
            // An email shared by two persons links neither: guessing would show one person's plan to another.
            (matches.len() == 1).then(|| matches[0])
        }
        (None, None) => None,
    };
    if let Some(person) = person {
        diesel::update(persons::table.filter(persons::id.eq(person)))
            .set(persons::user_id.eq(user_id))
            .execute(conn)?;
    }
    Ok(())
}

/// The stored columns of a user.
#[derive(Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
struct UserRow {
    id: Uuid,
    sub: String,
    username: String,
    email: Option<String>,
    display_name: Option<String>,
    last_login_at: Option<DateTime<Utc>>,
    raw_groups: Value,
    role: String,
    visibility: String,
    org_short_names: Vec<Option<String>>,
}

fn load_records(conn: &mut PgConnection, only: Option<Uuid>) -> QueryResult<Vec<UserRecord>> {
    let mut query = users::table
        .select(UserRow::as_select())
        .order(users::username)
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(users::id.eq(id));
    }
    let rows: Vec<UserRow> = query.load(conn)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let nullable_ids: Vec<Option<Uuid>> = ids.iter().map(|id| Some(*id)).collect();
    let orgs: Vec<(Uuid, String)> = user_organisations::table
        .inner_join(organisations::table)
        .filter(user_organisations::user_id.eq_any(&ids))
        .select((user_organisations::user_id, organisations::short_name))
        .order(organisations::short_name)
        .load(conn)?;
    let linked: Vec<(Option<Uuid>, String)> = persons::table
        .filter(persons::user_id.eq_any(&nullable_ids))
        .select((persons::user_id, persons::code))
        .load(conn)?;
    let session_counts: Vec<(Option<Uuid>, i64)> = sessions::table
        .filter(sessions::user_id.eq_any(&nullable_ids))
        .group_by(sessions::user_id)
        .select((sessions::user_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| UserRecord {
            organisations: orgs
                .iter()
                .filter(|(u, _)| *u == row.id)
                .map(|(_, n)| n.clone())
                .collect(),
            person_code: linked
                .iter()
                .find(|(u, _)| *u == Some(row.id))
                .map(|(_, c)| c.clone()),
            sessions: session_counts
                .iter()
                .find(|(u, _)| *u == Some(row.id))
                .map_or(0, |(_, n)| *n),
            org_short_names: row.org_short_names.into_iter().flatten().collect(),
            id: row.id,
            sub: row.sub,
            username: row.username,
            email: row.email,
            display_name: row.display_name,
            last_login_at: row.last_login_at,
            raw_groups: row.raw_groups,
            role: row.role,
            visibility: row.visibility,
        })
        .collect())
}

/// Every user, by username.
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<UserRecord>> {
    load_records(conn, None)
}

/// One user.
pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<UserRecord>> {
    Ok(load_records(conn, Some(id))?.into_iter().next())
}

/// The `sub` of the built-in user of no-auth mode.
pub const NO_AUTH_SUB: &str = "rediflow:no-auth";

/// Creates or updates the built-in user of no-auth mode, so that row-level security treats the
/// anonymous visitor like any user with `role` and full visibility.
pub fn ensure_no_auth_user(conn: &mut PgConnection, role: crate::auth::Role) -> QueryResult<Uuid> {
    let now = Utc::now();
    diesel::insert_into(users::table)
        .values((
            users::sub.eq(NO_AUTH_SUB),
            users::username.eq("anonymous"),
            users::display_name.eq("Anonymous"),
            users::role.eq(role.as_str()),
            users::visibility.eq("all"),
        ))
        .on_conflict(users::sub)
        .do_update()
        .set((
            users::role.eq(role.as_str()),
            users::visibility.eq("all"),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
}

/// Links every unlinked person whose code is a user's username to that user (seeding test people
/// before they sign in for the first time makes login find them anyway; this is for users who
/// already exist).
pub fn link_persons_by_code(conn: &mut PgConnection) -> QueryResult<usize> {
    let pairs: Vec<(Uuid, Uuid)> = persons::table
        .inner_join(users::table.on(users::username.eq(persons::code)))
        .filter(persons::user_id.is_null())
        .select((persons::id, users::id))
        .load(conn)?;
    let mut linked = 0;
    for (person, user) in pairs {
        let already: i64 = persons::table
            .filter(persons::user_id.eq(user))
            .count()
            .get_result(conn)?;
        if already == 0 {
            linked += diesel::update(persons::table.find(person))
                .set(persons::user_id.eq(user))
                .execute(conn)?;
        }
    }
    Ok(linked)
}

/// A user the identity provider knows who may not have signed in yet, with the `sub` the
/// provider will send (`rediflow authentik seed-test-users --link-persons`).
#[derive(Debug, Clone)]
pub struct ExpectedUser {
    pub sub: String,
    pub username: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    /// The group names the provider will send.
    pub groups: Vec<String>,
    pub membership: Membership,
}

/// What [`register_expected_user`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// A user row was made; the first sign-in with this `sub` finds and refreshes it.
    Registered,
    /// A user with this `sub` exists (signed in, or registered before) and is left as it is.
    AlreadyKnown,
    /// A user with this username exists under another `sub` (the provider's subject mode
    /// changed?); nothing was made, so that a person is never linked to a user nobody signs in as.
    OtherSubject,
}

/// Makes the users row the user's first sign-in will find (same `sub`), with the role,
/// visibility and organisations their groups give, and no last sign-in. Persons are linked to
/// it by [`link_persons_by_code`].
pub fn register_expected_user(
    conn: &mut PgConnection,
    user: &ExpectedUser,
) -> QueryResult<Registration> {
    conn.transaction(|conn| {
        let same_sub: i64 = users::table
            .filter(users::sub.eq(&user.sub))
            .count()
            .get_result(conn)?;
        if same_sub > 0 {
            return Ok(Registration::AlreadyKnown);
        }
        let same_name: i64 = users::table
            .filter(users::username.eq(&user.username))
            .count()
            .get_result(conn)?;
        if same_name > 0 {
            return Ok(Registration::OtherSubject);
        }
        let groups = Value::from(user.groups.clone());
        let facts = ProviderFacts::new(
            &user.sub,
            &user.username,
            user.email.as_deref(),
            user.display_name.as_deref(),
            &groups,
            &user.membership,
        );
        let user_id: Uuid = diesel::insert_into(users::table)
            .values(&facts)
            .returning(users::id)
            .get_result(conn)?;
        replace_organisations(conn, user_id, &user.membership.org_short_names)?;
        Ok(Registration::Registered)
    })
}

/// Those of `usernames` whose person (code = username) is missing or not linked to a user of
/// that username.
pub fn unlinked_codes(conn: &mut PgConnection, usernames: &[String]) -> QueryResult<Vec<String>> {
    let paired: Vec<String> = persons::table
        .inner_join(users::table.on(persons::user_id.eq(users::id.nullable())))
        .filter(persons::code.eq_any(usernames))
        .filter(users::username.eq(persons::code))
        .select(persons::code)
        .load(conn)?;
    Ok(usernames
        .iter()
        .filter(|u| !paired.contains(u))
        .cloned()
        .collect())
}

/// Ends every session of user `id` at once (a stolen cookie stops working): administrators
/// only. The number of sessions ended.
pub fn end_sessions(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<usize> {
    if !acting.policy.can_manage_users() {
        return Err(DomainError::Forbidden(Refusal(crate::i18n::Msg::new(
            "users-refused-end-sessions",
        ))));
    }
    find(conn, id)?.ok_or(DomainError::NotFound)?;
    Ok(crate::auth::sessions::revoke_for_user(conn, id)?)
}
