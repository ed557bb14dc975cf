-- The sums of `capacity_demand` kept current by statement triggers (tables of migration
-- 000950): per project and series (`project_demand_totals`, the projects list's totals) and per
-- project, organisation, month and series (`organisation_month_demand`, the portfolio's EST
-- demand). Transition tables fold a whole import (100,000 rows) into one upsert per group.

-- Adds the signed PM of changed rows (+ new, − old) to both sums. Security definer: the app
-- role writes demand but may not write the sums (their policies allow no writes); the
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
