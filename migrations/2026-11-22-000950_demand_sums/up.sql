-- Sums of capacity_demand kept current by triggers, for the pages that would otherwise sum up
-- to a million demand rows on every request:
-- * project_demand_totals: per project and series, the projects list's PROJPLAN/EST/ACTUAL
--   totals (one row per project and series);
-- * organisation_month_demand: per project, organisation, month and series, summed over the
--   tasks, for the portfolio's EST demand per organisation and month (a fraction of the rows,
--   read through an index on (series, month)).
-- Statement-level triggers with transition tables (src/db/replaceable/70_demand_sums.sql) fold a
-- whole import (100,000 rows) into one upsert per group instead of one per row.
create table project_demand_totals (
    project_id uuid not null references projects (id) on delete cascade,
    series text not null check (series in ('PROJPLAN', 'EST', 'ACTUAL')),
    pm numeric(16, 3) not null,
    primary key (project_id, series)
);

create table organisation_month_demand (
    project_id uuid not null references projects (id) on delete cascade,
    organisation_id uuid not null references organisations (id) on delete cascade,
    month date not null check (is_month_start(month)),
    series text not null check (series in ('PROJPLAN', 'EST', 'ACTUAL')),
    pm numeric(16, 3) not null,
    primary key (project_id, organisation_id, month, series)
);
create index organisation_month_demand_organisation_id_idx on organisation_month_demand (organisation_id);
create index organisation_month_demand_series_month_idx
    on organisation_month_demand (series, month) include (project_id, organisation_id, pm);

insert into project_demand_totals (project_id, series, pm)
select project_id, series, sum(pm) from capacity_demand group by project_id, series;
insert into organisation_month_demand (project_id, organisation_id, month, series, pm)
select project_id, organisation_id, month, series, sum(pm) from capacity_demand
group by project_id, organisation_id, month, series;

-- Kept current by the statement triggers of src/db/replaceable/70_demand_sums.sql; readable like
-- the demand they sum, written only by the triggers' function (run as the owner).
alter table project_demand_totals enable row level security;
alter table organisation_month_demand enable row level security;
