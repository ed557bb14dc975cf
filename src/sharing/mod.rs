//! Share links (`/s/<code>`): a short, unguessable address for a view of the site with its
//! filters. A link only names a path; whoever opens it sees that page with their own rights.
//! Rows are visible to their owner only (RLS); `app.resolve_share` opens anyone's link and
//! `app.share_link_stats` shows administrators every link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use rand::RngCore;
use uuid::Uuid;

use crate::auth::policy::Refusal;
use crate::auth::redirect::safe_next;
use crate::command::{Acting, DomainError, Outcome};
use crate::db::schema::shared_views;
use crate::i18n::Msg;

/// How many links one user may create per minute.
pub const PER_MINUTE: i64 = 10;

/// Query parameters that describe one moment rather than the view (a success message, a
/// download), left out of shared addresses.
const TRANSIENT_PARAMS: &[&str] = &["saved", "created", "deleted", "format"];

/// A new code: 16 bytes from the operating system's CSPRNG-seeded generator, 22 URL-safe characters.
pub fn new_code() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `text` can be a code at all (the table's check), so that junk never reaches the database.
pub fn is_code(text: &str) -> bool {
    (8..=64).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The address a view is shared as: its path and query without transient parameters; `None`
/// when it is not a page of this site that can be shared (another site, the home page, share
/// pages themselves).
pub fn shareable_target(path: &str, query: &str) -> Option<String> {
    let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| !TRANSIENT_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let target = if kept.is_empty() {
        path.to_string()
    } else {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(kept)
            .finish();
        format!("{path}?{query}")
    };
    is_shareable(&target).then_some(target)
}

/// A same-origin path (the database also requires `^/[^/\\]`) that is not about share links.
pub fn is_shareable(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    safe_next(Some(target)) == target
        && target.len() <= 2000
        && target.len() > 1
        && !target[1..].starts_with(['/', '\\'])
        && !path.starts_with("/s/")
        && path != "/share"
        && !path.starts_with("/share/")
}

/// One link of its owner.
#[derive(Debug, Clone, Queryable)]
pub struct Link {
    pub id: Uuid,
    pub code: String,
    pub target_path: String,
    pub title: String,
    pub clicks: i64,
    pub created_at: DateTime<Utc>,
    pub last_clicked_at: Option<DateTime<Utc>>,
}

/// What asking for a link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    /// The code of the new link, or of the owner's existing link to the same view.
    Code(String),
    /// Too many links in the last minute: wait this many seconds.
    RateLimited(u64),
}

#[derive(QueryableByName)]
struct Window {
    #[diesel(sql_type = BigInt)]
    recent: i64,
    #[diesel(sql_type = BigInt)]
    wait: i64,
}

/// What the "Share this view" button sends: the view's address and the page's title.
#[derive(Debug, Clone, Default)]
pub struct ShareRequest {
    pub target: String,
    pub title: String,
}

/// The signed-in user who owns the links of `acting`; nobody signed in owns none.
fn owner(acting: &Acting) -> Outcome<Uuid> {
    acting
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden(Refusal(Msg::new("share-sign-in-first"))))
}

/// Administrators see which links are used.
pub fn may_see_stats(acting: &Acting) -> Outcome<()> {
    if acting.policy.can_manage_settings() {
        Ok(())
    } else {
        Err(DomainError::Forbidden(Refusal(Msg::new(
            "share-stats-admins-only",
        ))))
    }
}

/// Makes (or finds) the acting user's link to a view of this site (not the home page or a share
/// link itself), titled by the page (at most 200 characters; the address when it has none).
pub fn create_link(
    conn: &mut PgConnection,
    acting: &Acting,
    request: &ShareRequest,
) -> Outcome<Created> {
    let owner = owner(acting)?;
    let target = request.target.trim();
    if !is_shareable(target) {
        return Err(DomainError::field(
            "target",
            Msg::new("share-not-shareable"),
        ));
    }
    let mut title: String = request.title.trim().chars().take(200).collect();
    if title.is_empty() {
        title = target.to_string();
    }
    Ok(create(conn, owner, target, &title)?)
}

/// Revokes one of the acting user's links (it stops working at once); another's is not found.
pub fn revoke_link(conn: &mut PgConnection, acting: &Acting, id: Uuid) -> Outcome<()> {
    if delete_mine(conn, owner(acting)?, id)? {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Creates a link to `target` for `owner` (the current user), unless they already have one to
/// the same view (that one is returned) or created [`PER_MINUTE`] links in the last minute. The
/// count is taken in the database under a per-user advisory lock, so it holds across workers
/// and concurrent requests.
fn create(conn: &mut PgConnection, owner: Uuid, target: &str, title: &str) -> QueryResult<Created> {
    diesel::sql_query("select pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind::<Text, _>(format!("rediflow.share.{owner}"))
        .execute(conn)?;
    let existing: Option<String> = shared_views::table
        .filter(shared_views::owner_user_id.eq(owner))
        .filter(shared_views::target_path.eq(target))
        .select(shared_views::code)
        .first(conn)
        .optional()?;
    if let Some(code) = existing {
        return Ok(Created::Code(code));
    }
    // The oldest of the last PER_MINUTE links decides when the next one may be made.
    let window: Window = diesel::sql_query(
        "select count(*) as recent,
                coalesce(ceil(extract(epoch from min(created_at) + interval '1 minute' - now())), 0)::bigint as wait
         from (select created_at from shared_views
               where owner_user_id = $1 and created_at > now() - interval '1 minute'
               order by created_at desc limit $2) w",
    )
    .bind::<diesel::sql_types::Uuid, _>(owner)
    .bind::<BigInt, _>(PER_MINUTE)
    .get_result(conn)?;
    if window.recent >= PER_MINUTE {
        return Ok(Created::RateLimited(window.wait.max(1) as u64));
    }
    let code = new_code();
    diesel::insert_into(shared_views::table)
        .values((
            shared_views::code.eq(&code),
            shared_views::owner_user_id.eq(owner),
            shared_views::target_path.eq(target),
            shared_views::title.eq(title),
        ))
        .execute(conn)?;
    Ok(Created::Code(code))
}

#[derive(QueryableByName)]
struct Target {
    #[diesel(sql_type = Nullable<Text>)]
    target: Option<String>,
}

/// The target of a link, counting the click; `None` for an unknown code.
pub fn resolve(conn: &mut PgConnection, code: &str) -> QueryResult<Option<String>> {
    let found: Vec<Target> = diesel::sql_query("select app.resolve_share($1) as target")
        .bind::<Text, _>(code)
        .load(conn)?;
    Ok(found.into_iter().find_map(|t| t.target))
}

/// The owner's links, newest first.
pub fn mine(conn: &mut PgConnection, owner: Uuid) -> QueryResult<Vec<Link>> {
    shared_views::table
        .filter(shared_views::owner_user_id.eq(owner))
        .select((
            shared_views::id,
            shared_views::code,
            shared_views::target_path,
            shared_views::title,
            shared_views::clicks,
            shared_views::created_at,
            shared_views::last_clicked_at,
        ))
        .order((shared_views::created_at.desc(), shared_views::id))
        .load(conn)
}

/// Deletes one of the owner's links; `false` when they have no such link.
fn delete_mine(conn: &mut PgConnection, owner: Uuid, id: Uuid) -> QueryResult<bool> {
    let deleted = diesel::delete(
        shared_views::table
            .filter(shared_views::id.eq(id))
            .filter(shared_views::owner_user_id.eq(owner)),
    )
    .execute(conn)?;
    Ok(deleted > 0)
}

/// A link on the administrators' statistics page.
#[derive(Debug, Clone, QueryableByName)]
pub struct Stat {
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub owner: String,
    #[diesel(sql_type = Text)]
    pub target_path: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = BigInt)]
    pub clicks: i64,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_clicked_at: Option<DateTime<Utc>>,
}

/// Links with at least `min_clicks` clicks, most clicked first (empty unless the user is an admin).
pub fn stats(conn: &mut PgConnection, min_clicks: i64) -> QueryResult<Vec<Stat>> {
    diesel::sql_query(
        "select code, owner, target_path, title, clicks, created_at, last_clicked_at
         from app.share_link_stats($1)",
    )
    .bind::<BigInt, _>(min_clicks)
    .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_random_and_url_safe() {
        let a = new_code();
        let b = new_code();
        assert_eq!(a.len(), 22);
        assert!(is_code(&a) && is_code(&b));
        assert_ne!(a, b);
        assert!(!is_code("short") && !is_code("has space in it") && !is_code("a/b/c/d/e"));
    }

    #[test]
    fn targets_keep_filters_and_drop_moments() {
        assert_eq!(
            shareable_target("/projects/1/capacity", "series=ACTUAL&unit=hours&saved=3"),
            Some("/projects/1/capacity?series=ACTUAL&unit=hours".to_string())
        );
        assert_eq!(
            shareable_target("/people/2", "format=csv"),
            Some("/people/2".to_string())
        );
        assert_eq!(
            shareable_target("/projects", "org=a%20b"),
            Some("/projects?org=a+b".to_string())
        );
    }

    #[test]
    fn only_pages_of_this_site_are_shared() {
        for bad in [
            "/",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/x",
            "/s/abcdefgh",
            "/share",
            "/share/stats",
            "projects",
            "",
        ] {
            assert!(!is_shareable(bad), "{bad:?}");
        }
        assert!(is_shareable("/projects?x=1"));
        assert!(is_shareable("/shared-things"));
    }
}
