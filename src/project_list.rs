//! The projects list as PostgreSQL filters, sorts and pages it: a page reads the hundred projects
//! it shows (with their partners) and one aggregate for the count and totals, instead of every
//! visible project, partner and total sorted in Rust.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Integer, Nullable, Numeric, Text};
use uuid::Uuid;

use crate::projects::{ProjectListRow, ProjectSummary};
use crate::schema::{organisations, project_partners};

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

    /// The ORDER BY of [`LISTED`]'s columns. Texts compare byte-wise (collation "C") and names
    /// lower-cased, as the list always sorted; an absent owner or state comes first ascending.
    fn order_by(self, descending: bool) -> String {
        let dir = if descending { "desc" } else { "asc" };
        let nulls = if descending {
            "desc nulls last"
        } else {
            "asc nulls first"
        };
        let primary = match self {
            ListSort::Code => return format!("code collate \"C\" {dir}"),
            ListSort::Name => format!("lower(name) collate \"C\" {dir}"),
            ListSort::Owner => format!("owner collate \"C\" {nulls}"),
            ListSort::State => format!("lifecycle collate \"C\" {nulls}"),
            ListSort::Start => format!("start_month {dir}"),
            ListSort::Duration => format!("duration_months {dir}"),
            ListSort::Projplan => format!("projplan {dir}"),
            ListSort::Est => format!("est {dir}"),
            ListSort::Actual => format!("actual {dir}"),
        };
        format!("{primary}, code collate \"C\" asc")
    }
}

/// One page of the filtered, sorted list.
#[derive(Debug, Clone)]
pub struct ListPage {
    /// Projects the filters keep (all pages).
    pub total: usize,
    /// PROJPLAN, EST, ACTUAL over every project the filters keep.
    pub totals: [BigDecimal; 3],
    /// 1-based, clamped to the last page.
    pub page: usize,
    pub rows: Vec<ProjectListRow>,
}

/// Visible projects with what the list shows, filtered by `$1`…`$5` (see [`bind_filter`]).
/// Visibility is the policies' own expression, so the list stays filtered when RLS_ENABLED=false
/// (the owner bypasses RLS); where the policy applies anyway it is not checked twice. Totals are
/// kept by triggers on capacity_demand (migration 000950), read through one reference to the
/// table so that its policy is evaluated once a statement.
const LISTED: &str = "
    select p.id, p.code, p.name, o.short_name as owner, ls.name as lifecycle, p.start_month,
           p.duration_months, p.locked, p.owner_org_id, ls.code as lifecycle_code,
           coalesce(ls.is_pipeline, false) as is_pipeline,
           coalesce(t.projplan, 0) as projplan, coalesce(t.est, 0) as est,
           coalesce(t.actual, 0) as actual
    from projects p
    left join organisations o on o.id = p.owner_org_id
    left join lifecycle_states ls on ls.id = p.lifecycle_state_id
    left join (select project_id,
                      sum(pm) filter (where series = 'PROJPLAN') as projplan,
                      sum(pm) filter (where series = 'EST') as est,
                      sum(pm) filter (where series = 'ACTUAL') as actual
               from project_demand_totals group by project_id) t on t.project_id = p.id
    where ((select app.sees_everything()) or (select row_security_active('projects'))
           or p.id in (select app.visible_project_ids()))
      and ($1::uuid[] is null or p.owner_org_id = any($1) or exists (
            select 1 from project_partners pp
            where pp.project_id = p.id and pp.organisation_id = any($1)))
      and ($2::text is null or ls.code = $2)
      and ($3::text is null or strpos(lower(p.code), lower($3)) > 0
           or strpos(lower(p.name), lower($3)) > 0)
      and ($4::date is null or p.start_month <= $4)
      and ($5::date is null
           or (p.start_month + make_interval(months => p.duration_months - 1))::date >= $5)";

#[derive(QueryableByName)]
struct ListedRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    owner: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    lifecycle: Option<String>,
    #[diesel(sql_type = Date)]
    start_month: NaiveDate,
    #[diesel(sql_type = Integer)]
    duration_months: i32,
    #[diesel(sql_type = Bool)]
    locked: bool,
    #[diesel(sql_type = Nullable<diesel::sql_types::Uuid>)]
    owner_org_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    lifecycle_code: Option<String>,
    #[diesel(sql_type = Bool)]
    is_pipeline: bool,
    #[diesel(sql_type = Numeric)]
    projplan: BigDecimal,
    #[diesel(sql_type = Numeric)]
    est: BigDecimal,
    #[diesel(sql_type = Numeric)]
    actual: BigDecimal,
}

/// A row of [`windowed`]: the project and the count and totals of the whole filtered list.
struct WindowedRow {
    row: ListedRow,
    total: i64,
    totals: [BigDecimal; 3],
}

impl QueryableByName<diesel::pg::Pg> for WindowedRow {
    fn build<'a>(
        row: &impl diesel::row::NamedRow<'a, diesel::pg::Pg>,
    ) -> diesel::deserialize::Result<Self> {
        use diesel::row::NamedRow;
        Ok(WindowedRow {
            row: ListedRow::build(row)?,
            total: NamedRow::get::<BigInt, i64>(row, "total")?,
            totals: [
                NamedRow::get::<Numeric, BigDecimal>(row, "all_projplan")?,
                NamedRow::get::<Numeric, BigDecimal>(row, "all_est")?,
                NamedRow::get::<Numeric, BigDecimal>(row, "all_actual")?,
            ],
        })
    }
}

#[derive(QueryableByName)]
struct ListTotals {
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = Numeric)]
    projplan: BigDecimal,
    #[diesel(sql_type = Numeric)]
    est: BigDecimal,
    #[diesel(sql_type = Numeric)]
    actual: BigDecimal,
}

/// Binds the filter to `$1`…`$5` of [`LISTED`].
macro_rules! bind_filter {
    ($query:expr, $filter:expr) => {
        $query
            .bind::<Nullable<Array<diesel::sql_types::Uuid>>, _>($filter.organisations.clone())
            .bind::<Nullable<Text>, _>($filter.lifecycle.clone())
            .bind::<Nullable<Text>, _>($filter.text.clone())
            .bind::<Nullable<Date>, _>($filter.to)
            .bind::<Nullable<Date>, _>($filter.from)
    };
}

/// The projects a page shows: page `page` (1-based; past the end, the last) of `page_size`
/// projects sorted by `sort`, with their partners, and the count and totals of every project the
/// filters keep, computed over the same rows by window aggregates (one statement).
pub fn page(
    conn: &mut PgConnection,
    filter: &ListFilter,
    sort: ListSort,
    descending: bool,
    page: usize,
    page_size: usize,
) -> QueryResult<ListPage> {
    let page = page.max(1);
    let mut listed = windowed(conn, filter, sort, descending, page, page_size)?;
    let (total, totals) = match listed.first() {
        Some(first) => (first.total, first.totals.clone()),
        // An empty page: nothing matches, or the page lies past the end (count, then the last).
        None => {
            let counted: ListTotals = bind_filter!(
                diesel::sql_query(format!(
                    "select count(*) as count, coalesce(sum(projplan), 0) as projplan,
                            coalesce(sum(est), 0) as est, coalesce(sum(actual), 0) as actual
                     from ({LISTED}) l"
                )),
                filter
            )
            .get_result(conn)?;
            (
                counted.count,
                [counted.projplan, counted.est, counted.actual],
            )
        }
    };
    let total = usize::try_from(total).unwrap_or(0);
    let pages = total.div_ceil(page_size).max(1);
    let shown = page.min(pages);
    if shown != page && total > 0 {
        listed = windowed(conn, filter, sort, descending, shown, page_size)?;
    }
    let rows = with_partners(conn, listed.into_iter().map(|w| w.row).collect())?;
    Ok(ListPage {
        total,
        totals: totals.map(|t| t.normalized()),
        page: shown,
        rows,
    })
}

/// A page of [`LISTED`] with the count and totals of all its rows.
fn windowed(
    conn: &mut PgConnection,
    filter: &ListFilter,
    sort: ListSort,
    descending: bool,
    page: usize,
    page_size: usize,
) -> QueryResult<Vec<WindowedRow>> {
    bind_filter!(
        diesel::sql_query(format!(
            "select l.*, count(*) over () as total,
                    sum(projplan) over () as all_projplan, sum(est) over () as all_est,
                    sum(actual) over () as all_actual
             from ({LISTED}) l order by {} limit {page_size} offset {}",
            sort.order_by(descending),
            (page - 1) * page_size
        )),
        filter
    )
    .load(conn)
}

/// Every project the filters keep, sorted (the downloads), or page `(index, size)` of them.
pub fn load(
    conn: &mut PgConnection,
    filter: &ListFilter,
    sort: ListSort,
    descending: bool,
    window: Option<(usize, usize)>,
) -> QueryResult<Vec<ProjectListRow>> {
    let limit = window
        .map(|(index, size)| format!(" limit {size} offset {}", index * size))
        .unwrap_or_default();
    let listed: Vec<ListedRow> = bind_filter!(
        diesel::sql_query(format!(
            "select * from ({LISTED}) l order by {}{limit}",
            sort.order_by(descending)
        )),
        filter
    )
    .load(conn)?;
    with_partners(conn, listed)
}

/// The rows with their partners, read for these projects only.
fn with_partners(
    conn: &mut PgConnection,
    listed: Vec<ListedRow>,
) -> QueryResult<Vec<ProjectListRow>> {
    let ids: Vec<Uuid> = listed.iter().map(|r| r.id).collect();
    let partners: Vec<(Uuid, Uuid, String)> = project_partners::table
        .inner_join(organisations::table)
        .filter(project_partners::project_id.eq_any(&ids))
        .select((
            project_partners::project_id,
            organisations::id,
            organisations::short_name,
        ))
        .order(organisations::short_name)
        .load(conn)?;
    // Grouped once: filtering all partners for each project is quadratic in a large portfolio.
    let mut partners_of: std::collections::HashMap<Uuid, Vec<(Uuid, String)>> =
        std::collections::HashMap::with_capacity(ids.len());
    for (project, organisation, short_name) in partners {
        partners_of
            .entry(project)
            .or_default()
            .push((organisation, short_name));
    }
    Ok(listed
        .into_iter()
        .map(|r| ProjectListRow {
            partners: partners_of.remove(&r.id).unwrap_or_default(),
            totals: [r.projplan, r.est, r.actual].map(|t| t.normalized()),
            owner_id: r.owner_org_id,
            lifecycle_code: r.lifecycle_code,
            is_pipeline: r.is_pipeline,
            summary: ProjectSummary {
                id: r.id,
                code: r.code,
                name: r.name,
                owner: r.owner,
                lifecycle: r.lifecycle,
                start_month: r.start_month,
                duration_months: r.duration_months,
                locked: r.locked,
            },
        })
        .collect())
}
