-- Sums of capacity_demand kept current by triggers, for the pages that would otherwise sum up
-- to a million demand rows on every request:
-- * project_demand_totals: per project and series, the projects list's PROJPLAN/EST/ACTUAL
--   totals (one row per project and series);
-- * organisation_month_demand: per project, organisation, month and series, summed over the
--   tasks, for the portfolio's EST demand per organisation and month (a fraction of the rows,
--   read through an index on (series, month)).
-- Statement-level triggers with transition tables fold a whole import (100,000 rows) into one
-- upsert per group instead of one per row.
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

-- Adds the signed PM of changed rows (+ new, − old) to both sums. Security definer: the app
-- role writes demand but may not write the sums (RLS below has no write policies); the
-- function, owned by the schema owner, keeps them in step. One function for the three triggers:
-- transition tables exist only for the events that have them, hence the branches.
create function app.capacity_demand_sums() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if tg_op = 'INSERT' then
            insert into project_demand_totals as t (project_id, series, pm)
            select project_id, series, sum(pm) from new_demand group by 1, 2
            on conflict (project_id, series) do update set pm = t.pm + excluded.pm;
            insert into organisation_month_demand as t (project_id, organisation_id, month, series, pm)
            select project_id, organisation_id, month, series, sum(pm) from new_demand group by 1, 2, 3, 4
            on conflict (project_id, organisation_id, month, series) do update set pm = t.pm + excluded.pm;
        elsif tg_op = 'DELETE' then
            -- An update, not an upsert: when a project is deleted its demand goes by cascade,
            -- and its sums are already gone with it (nothing to insert for a missing project).
            update project_demand_totals t set pm = t.pm - d.pm
            from (select project_id, series, sum(pm) as pm from old_demand group by 1, 2) d
            where t.project_id = d.project_id and t.series = d.series;
            update organisation_month_demand t set pm = t.pm - d.pm
            from (select project_id, organisation_id, month, series, sum(pm) as pm
                  from old_demand group by 1, 2, 3, 4) d
            where t.project_id = d.project_id and t.organisation_id = d.organisation_id
              and t.month = d.month and t.series = d.series;
        else
            insert into project_demand_totals as t (project_id, series, pm)
            select project_id, series, sum(pm) from (
                select project_id, series, pm from new_demand
                union all select project_id, series, -pm from old_demand) d
            group by 1, 2
            on conflict (project_id, series) do update set pm = t.pm + excluded.pm;
            insert into organisation_month_demand as t (project_id, organisation_id, month, series, pm)
            select project_id, organisation_id, month, series, sum(pm) from (
                select project_id, organisation_id, month, series, pm from new_demand
                union all select project_id, organisation_id, month, series, -pm from old_demand) d
            group by 1, 2, 3, 4
            on conflict (project_id, organisation_id, month, series) do update set pm = t.pm + excluded.pm;
        end if;
        return null;
    end $$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
create trigger capacity_demand_sums_insert after insert on capacity_demand
    referencing new table as new_demand
    for each statement execute function app.capacity_demand_sums();
create trigger capacity_demand_sums_delete after delete on capacity_demand
    referencing old table as old_demand
    for each statement execute function app.capacity_demand_sums();
create trigger capacity_demand_sums_update after update on capacity_demand
    referencing old table as old_demand new table as new_demand
    for each statement execute function app.capacity_demand_sums();

-- Readable like the demand they sum; nobody but the triggers writes them.
alter table project_demand_totals enable row level security;
create policy project_demand_totals_select on project_demand_totals for select
    using ((select app.sees_everything()) or project_id in (select app.visible_project_ids()));
alter table organisation_month_demand enable row level security;
create policy organisation_month_demand_select on organisation_month_demand for select
    using ((select app.sees_everything()) or project_id in (select app.visible_project_ids()));
