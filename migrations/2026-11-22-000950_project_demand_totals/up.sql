-- PM totals per project and series, kept current by triggers on capacity_demand.
--
-- The projects list shows each project's PROJPLAN/EST/ACTUAL totals. Summing a million demand
-- rows on every request took hundreds of milliseconds; reading one row per project and series
-- takes well under one. Statement-level triggers with transition tables fold a whole import
-- (100,000 rows) into one upsert per project and series instead of one per row.
create table project_demand_totals (
    project_id uuid not null references projects (id) on delete cascade,
    series text not null check (series in ('PROJPLAN', 'EST', 'ACTUAL')),
    pm numeric(16, 3) not null,
    primary key (project_id, series)
);

insert into project_demand_totals (project_id, series, pm)
select project_id, series, sum(pm) from capacity_demand group by project_id, series;

-- Security definer: the app role writes demand but may not write totals (RLS below has no
-- write policies); the function, owned by the schema owner, keeps them in step.
create function app.demand_totals_after_insert() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        insert into project_demand_totals as t (project_id, series, pm)
        select project_id, series, sum(pm) from new_demand group by project_id, series
        on conflict (project_id, series) do update set pm = t.pm + excluded.pm;
        return null;
    end $$;

create function app.demand_totals_after_delete() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        update project_demand_totals t set pm = t.pm - d.pm
        from (select project_id, series, sum(pm) as pm from old_demand group by project_id, series) d
        where t.project_id = d.project_id and t.series = d.series;
        return null;
    end $$;

create function app.demand_totals_after_update() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        insert into project_demand_totals as t (project_id, series, pm)
        select project_id, series, sum(pm) from (
            select project_id, series, pm from new_demand
            union all
            select project_id, series, -pm from old_demand
        ) d group by project_id, series
        on conflict (project_id, series) do update set pm = t.pm + excluded.pm;
        return null;
    end $$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
create trigger capacity_demand_totals_insert after insert on capacity_demand
    referencing new table as new_demand
    for each statement execute function app.demand_totals_after_insert();
create trigger capacity_demand_totals_delete after delete on capacity_demand
    referencing old table as old_demand
    for each statement execute function app.demand_totals_after_delete();
create trigger capacity_demand_totals_update after update on capacity_demand
    referencing old table as old_demand new table as new_demand
    for each statement execute function app.demand_totals_after_update();

-- Readable like the demand it sums; nobody but the triggers writes it.
alter table project_demand_totals enable row level security;
create policy project_demand_totals_select on project_demand_totals for select
    using ((select app.sees_everything()) or project_id in (select app.visible_project_ids()));
