//! What every list of the API shares: an opaque cursor, a page size, `modified_since` for
//! incremental sync, and the time to pass as `modified_since` next time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::problem::ApiError;
use crate::i18n::Msg;

/// Items per page unless `limit` says otherwise, and the most `limit` may ask for.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;

/// How far back `sync_from` reaches before the read: a write that started before the read and
/// committed after it carries an earlier `modified_at` than the read's time, and would be missed
/// by a client that asked from the read's time exactly. Seen twice is harmless; missed is not.
const SYNC_OVERLAP_SECONDS: i64 = 60;

/// The query of every list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only what changed at or after this time (RFC 3339): the `sync_from` of an earlier answer.
    pub modified_since: Option<DateTime<Utc>>,
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
    /// Items per page, 1 to 1000 (100 unless given).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

impl ListParams {
    /// The page size asked for, checked.
    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::field(
                "limit",
                Msg::new("api-limit-invalid").arg("max", MAX_LIMIT),
            )),
        }
    }

    /// The key after which this page starts (what the cursor holds), if any.
    pub fn after(&self) -> Result<Option<String>, ApiError> {
        match &self.cursor {
            None => Ok(None),
            Some(text) => URL_SAFE_NO_PAD
                .decode(text)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|key| key.strip_prefix("k:").map(str::to_string))
                .map(Some)
                .ok_or_else(|| ApiError::field("cursor", Msg::new("api-cursor-invalid"))),
        }
    }

    /// One page of `items`, which are sorted by `key` (ascending, unique): the items after the
    /// cursor's key, at most `limit`, and the cursor of the next page when more follow.
    pub fn page<T>(
        &self,
        items: Vec<T>,
        key: impl Fn(&T) -> String,
    ) -> Result<(Vec<T>, Option<String>), ApiError> {
        let limit = self.limit()?;
        let after = self.after()?;
        let mut rest: Vec<T> = match &after {
            None => items,
            Some(after) => items.into_iter().filter(|i| key(i) > *after).collect(),
        };
        let next = if rest.len() > limit {
            rest.truncate(limit);
            rest.last().map(|last| cursor_after(&key(last)))
        } else {
            None
        };
        Ok((rest, next))
    }

    /// One page of `items` in the order given (a list sorted by something other than a unique
    /// key, such as the projects list by name): the page after the item the cursor names, found
    /// by its `id`, or by its position when that item has left the list meanwhile.
    pub fn page_in_order<T>(
        &self,
        items: Vec<T>,
        id: impl Fn(&T) -> String,
    ) -> Result<(Vec<T>, Option<String>), ApiError> {
        let limit = self.limit()?;
        let start = match self.after()? {
            None => 0,
            Some(after) => {
                let (position, last) = after
                    .split_once(':')
                    .and_then(|(p, last)| Some((p.parse::<usize>().ok()?, last.to_string())))
                    .ok_or_else(|| ApiError::field("cursor", Msg::new("api-cursor-invalid")))?;
                items
                    .iter()
                    .position(|i| id(i) == last)
                    .map_or(position, |found| found + 1)
            }
        };
        let total = items.len();
        let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
        let end = start + page.len();
        let next = match page.last() {
            Some(last) if end < total => Some(cursor_after(&format!("{end}:{}", id(last)))),
            _ => None,
        };
        Ok((page, next))
    }

    /// The answer of a list in the order given: [`ListParams::page_in_order`] read at the
    /// transaction's time.
    pub fn listed_in_order<T>(
        &self,
        conn: &mut crate::command::Connection,
        items: Vec<T>,
        id: impl Fn(&T) -> String,
    ) -> Result<Listed<T>, ApiError> {
        let (items, next) = self.page_in_order(items, id)?;
        Ok(Listed::new(items, next, crate::db::transaction_time(conn)?))
    }

    /// Whether a row changed at `modified_at` belongs in this answer.
    pub fn wants(&self, modified_at: DateTime<Utc>) -> bool {
        self.modified_since.is_none_or(|since| modified_at >= since)
    }
}

/// The cursor of the page after the item with `key`.
pub fn cursor_after(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("k:{key}"))
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Listed<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Pass as `modified_since` to ask later for what changed since this answer (a minute
    /// before it, so that writes under way are not missed).
    pub sync_from: DateTime<Utc>,
}

impl<T> Listed<T> {
    /// A page read at `read_at` (the transaction's time).
    pub fn new(items: Vec<T>, next_cursor: Option<String>, read_at: DateTime<Utc>) -> Listed<T> {
        Listed {
            items,
            next_cursor,
            sync_from: read_at - chrono::Duration::seconds(SYNC_OVERLAP_SECONDS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_without_gaps_or_repeats() {
        let items: Vec<String> = (10..25).map(|n| n.to_string()).collect();
        let mut params = ListParams {
            limit: Some(6),
            ..ListParams::default()
        };
        let mut seen = Vec::new();
        loop {
            let (page, next) = params.page(items.clone(), |s| s.clone()).unwrap();
            seen.extend(page);
            match next {
                Some(cursor) => params.cursor = Some(cursor),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn a_forged_cursor_or_limit_is_refused() {
        let params = ListParams {
            cursor: Some("!!".into()),
            ..ListParams::default()
        };
        assert!(params.after().is_err());
        let params = ListParams {
            limit: Some(0),
            ..ListParams::default()
        };
        assert!(params.limit().is_err());
    }
}
