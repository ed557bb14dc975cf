//! The projects list: which projects the user may see comes from the database on every request,
//! under row-level security; what the list shows of each comes from the projects book
//! (src/cache/projects.rs), kept until a project, partner, organisation, lifecycle state or demand
//! total changes. Filtering, sorting, totalling and paging a thousand rows in the server takes a
//! fraction of the time PostgreSQL took to join, aggregate and sort them on every request.

use std::cmp::Ordering;
use std::sync::Arc;

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::FxHashSet;
use uuid::Uuid;

use crate::cache::Caches;
use crate::cache::ProjectBook;
use crate::cache::projects::{ListFilters, ListedProject};
use crate::db::visibility::visible_project_ids;
use crate::projects::ProjectListRow;

/// The filters of the projects list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// The project's POO or a partner is one of these organisations (the chosen one and its
    /// descendants).
    pub organisations: Option<Vec<Uuid>>,
    /// A lifecycle state's code.
    pub lifecycle: Option<String>,
    /// Part of the code or name, in any case.
    pub text: Option<String>,
    /// Active (overlapping) in this month range.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The column the list is sorted by; ties are always broken by code, ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSort {
    Code,
    Name,
    Owner,
    State,
    Start,
    Duration,
    Projplan,
    Est,
    Actual,
}

impl ListSort {
    /// The sort of a `sort` parameter; anything unknown sorts by code.
    pub fn from_key(key: &str) -> ListSort {
        match key {
            "name" => ListSort::Name,
            "poo" => ListSort::Owner,
            "state" => ListSort::State,
            "start" => ListSort::Start,
            "duration" => ListSort::Duration,
            "projplan" => ListSort::Projplan,
            "est" => ListSort::Est,
            "actual" => ListSort::Actual,
            _ => ListSort::Code,
        }
    }

    /// The list's order: texts compare byte-wise and names without case, as the list always
    /// sorted; an absent owner or state comes first ascending and last descending. Ties are broken
    /// by code, ascending, whichever the direction.
    fn compare(self, descending: bool, a: &ListedProject, b: &ListedProject) -> Ordering {
        let (x, y) = (&a.row, &b.row);
        let primary = match self {
            ListSort::Code => x.summary.code.cmp(&y.summary.code),
            ListSort::Name => a.name_lower.cmp(&b.name_lower),
            ListSort::Owner => x.summary.owner.cmp(&y.summary.owner),
            ListSort::State => x.summary.lifecycle.cmp(&y.summary.lifecycle),
            ListSort::Start => x.summary.start_month.cmp(&y.summary.start_month),
            ListSort::Duration => x.summary.duration_months.cmp(&y.summary.duration_months),
            ListSort::Projplan => x.totals[0].cmp(&y.totals[0]),
            ListSort::Est => x.totals[1].cmp(&y.totals[1]),
            ListSort::Actual => x.totals[2].cmp(&y.totals[2]),
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| x.summary.code.cmp(&y.summary.code))
    }
}

/// Every visible project the filters keep, in the list's order, as the projects book holds them:
/// the page, the count, the totals and the downloads are taken from it.
pub struct Kept {
    /// One row each (a project the book has no row for is not kept).
    rows: Vec<Arc<[ListedProject]>>,
}

impl Kept {
    fn projects(&self) -> impl Iterator<Item = &ListedProject> {
        self.rows.iter().flat_map(|r| r.first())
    }

    /// How many projects the filters keep (all pages).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// PROJPLAN, EST, ACTUAL over every project kept.
    pub fn totals(&self) -> [BigDecimal; 3] {
        let mut totals: [BigDecimal; 3] = Default::default();
        for project in self.projects() {
            for (total, value) in totals.iter_mut().zip(&project.row.totals) {
                *total += value;
            }
        }
        totals.map(|t| t.normalized())
    }

    /// The rows `offset..offset + size` (a page).
    pub fn window(&self, offset: usize, size: usize) -> Vec<ProjectListRow> {
        self.projects()
            .skip(offset)
            .take(size)
            .map(|project| project.row.clone())
            .collect()
    }

    /// The row of the project `id`, if the list keeps it.
    pub fn row_of(&self, id: Uuid) -> Option<ProjectListRow> {
        self.projects()
            .find(|project| project.row.summary.id == id)
            .map(|project| project.row.clone())
    }

    /// Every row (the downloads and the pipeline).
    pub fn all(&self) -> Vec<ProjectListRow> {
        self.window(0, self.len())
    }
}

impl ListFilter {
    /// Whether the list keeps `project`. `organisations` is [`ListFilter::organisations`] as a set
    /// and `text` [`ListFilter::text`] lower-cased, both worked out once for all projects.
    fn keeps(
        &self,
        organisations: Option<&FxHashSet<Uuid>>,
        text: Option<&str>,
        project: &ListedProject,
    ) -> bool {
        let row = &project.row;
        if let Some(organisations) = organisations {
            let owned = row.owner_id.is_some_and(|o| organisations.contains(&o));
            if !owned && !row.partners.iter().any(|(o, _)| organisations.contains(o)) {
                return false;
            }
        }
        if self
            .lifecycle
            .as_ref()
            .is_some_and(|state| row.lifecycle_code.as_deref() != Some(state.as_str()))
        {
            return false;
        }
        if text.is_some_and(|text| {
            !project.code_lower.contains(text) && !project.name_lower.contains(text)
        }) {
            return false;
        }
        // Active in the range: starts by its end and ends from its start.
        if self.to.is_some_and(|to| row.summary.start_month > to) {
            return false;
        }
        if self.from.is_some_and(|from| project.last_month < from) {
            return false;
        }
        true
    }
}

/// Each project's plan version and the time it last changed (its head, lifecycle, or any write
/// of its plan), for the API's `ETag` and `modified_since`; rows the user may not see are only
/// ever looked up for projects the list already kept.
pub fn stamps(
    conn: &mut PgConnection,
) -> QueryResult<rustc_hash::FxHashMap<Uuid, (i64, chrono::DateTime<chrono::Utc>)>> {
    use crate::db::schema::projects;
    let rows: Vec<(Uuid, i64, chrono::DateTime<chrono::Utc>)> = projects::table
        .select((projects::id, projects::version, projects::updated_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, version, at)| (id, (version, at)))
        .collect())
}

/// [`stamps`] of one project (`None` when the user may not see it).
pub fn stamp_of(
    conn: &mut PgConnection,
    id: Uuid,
) -> QueryResult<Option<(i64, chrono::DateTime<chrono::Utc>)>> {
    use crate::db::schema::projects;
    projects::table
        .find(id)
        .filter(crate::db::visibility::project_visible())
        .select((projects::version, projects::updated_at))
        .first(conn)
        .optional()
}

/// The projects list as of the current transaction: the projects book of the current version,
/// and whether the user is signed in.
pub struct Listing {
    book: Arc<ProjectBook>,
    signed_in: bool,
}

impl Listing {
    /// Reads the version (and whether the user is signed in) before anything it covers.
    pub fn now(conn: &mut PgConnection, caches: &Caches) -> QueryResult<Listing> {
        let (book, signed_in) = caches.projects_now(conn)?;
        Ok(Listing { book, signed_in })
    }

    /// The organisations and lifecycle states the list can be filtered by, as the user may see
    /// them.
    pub fn filters(&self, conn: &mut PgConnection) -> QueryResult<Arc<ListFilters>> {
        self.book.filters(conn, self.signed_in)
    }

    /// The organisation `root` and every organisation below it, as the filter by organisation
    /// keeps them (`None` without a root: no filter).
    pub fn organisation_and_below(
        &self,
        conn: &mut PgConnection,
        root: Option<Uuid>,
    ) -> QueryResult<Option<Vec<Uuid>>> {
        let Some(root) = root else {
            return Ok(None);
        };
        let filters = self.filters(conn)?;
        let parents = crate::reference::organisations::parent_map(&filters.organisations);
        Ok(Some(
            crate::reference::organisations::with_descendants(&[root], &parents)
                .into_iter()
                .collect(),
        ))
    }

    /// Every visible project the filters keep, sorted. Which projects the user may see comes from
    /// the database (the policies' own rule, [`visible_project_ids`], so also when
    /// RLS_ENABLED=false); their rows from the projects book.
    pub fn load(
        &self,
        conn: &mut PgConnection,
        filter: &ListFilter,
        sort: ListSort,
        descending: bool,
    ) -> QueryResult<Kept> {
        let visible = visible_project_ids(conn)?;
        let mut rows = self.book.rows(conn, &visible)?;
        let organisations: Option<FxHashSet<Uuid>> = filter
            .organisations
            .as_ref()
            .map(|ids| ids.iter().copied().collect());
        let text = filter.text.as_deref().map(str::to_lowercase);
        rows.retain(|row| {
            row.first().is_some_and(|project| {
                filter.keeps(organisations.as_ref(), text.as_deref(), project)
            })
        });
        rows.sort_unstable_by(|a, b| match (a.first(), b.first()) {
            (Some(a), Some(b)) => sort.compare(descending, a, b),
            _ => Ordering::Equal,
        });
        Ok(Kept { rows })
    }
}
