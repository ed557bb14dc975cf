-- A fourth kept kind (src/cache/projects.rs): each project as the projects list shows it (code,
-- name, owner, lifecycle state, months, partners and PM totals per series). Filtering, sorting
-- and totalling a thousand projects in PostgreSQL on every request was most of the list's cost
-- (docs/performance.md); the rows change far less often than the list is read.
alter table data_versions
    -- projects, their partners, organisations (short names), lifecycle states and the demand
    -- totals per project and series (kept by the triggers of migration 000950).
    add column projects uuid not null default gen_random_uuid();

-- As in migration 000970, now with the fourth kind.
create or replace function app.new_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if tg_op <> 'TRUNCATE' then
            if not exists (select 1 from changed_rows) then
                return null;
            end if;
        end if;
        case tg_argv[0]
            when 'capacity' then update data_versions set capacity = gen_random_uuid();
            when 'staffing' then update data_versions set staffing = gen_random_uuid();
            when 'projects' then update data_versions set projects = gen_random_uuid();
            else update data_versions set demand = gen_random_uuid();
        end case;
        return null;
    end $$;

create function app.watch_data_version(watched regclass, kind text) returns void
    language plpgsql
    as $$
    declare
        name text := (select relname from pg_class where oid = watched);
    begin
        execute format($t$create trigger %I after insert on %s referencing new table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       name || '_' || kind || '_version_insert', watched, kind);
        execute format($t$create trigger %I after update on %s referencing new table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       name || '_' || kind || '_version_update', watched, kind);
        execute format($t$create trigger %I after delete on %s referencing old table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       name || '_' || kind || '_version_delete', watched, kind);
        execute format($t$create trigger %I after truncate on %s
                           for each statement execute function app.new_data_version(%L)$t$,
                       name || '_' || kind || '_version_truncate', watched, kind);
    end $$;

select app.watch_data_version(t::regclass, 'projects')
from unnest(array['projects', 'project_partners', 'organisations', 'lifecycle_states',
                  'project_demand_totals']) t;
drop function app.watch_data_version(regclass, text);
