-- Versions of the data the server keeps across requests (src/cache): a person's capacity per
-- month, each project's assignments, and each project's EST demand per organisation and month. Working them out again for
-- every request is what made the portfolio slow (docs/performance.md); they change far less
-- often than they are read.
--
-- Each version is a random token that a statement trigger replaces whenever a table it depends
-- on changes. The server reads the tokens at the start of a request and reuses what it worked
-- out under the same token. Random, not a counter: a change that is rolled back leaves its
-- token behind forever, so nothing computed from the uncommitted rows can ever match again.
-- Updating the one row also orders writers of the same kind of data, which is what makes the
-- token change visible exactly when the data change is.
create table data_versions (
    singleton boolean primary key default true check (singleton),
    -- persons, their employee groups and the groups' hours, FTE periods, leave, holidays,
    -- calendars, organisations (which calendar applies) and the system hours per PM.
    capacity uuid not null default gen_random_uuid(),
    -- assignments and the allocation grid's overrides.
    staffing uuid not null default gen_random_uuid(),
    -- the per-organisation monthly demand sums (migration 000950), hence all demand.
    demand uuid not null default gen_random_uuid()
);
insert into data_versions default values;

-- Readable by everyone signed in or not (the tokens say nothing); only the trigger function,
-- owned by the schema owner, writes them: the app role's writes match no policy.
alter table data_versions enable row level security;
create policy data_versions_select on data_versions for select using (true);

-- Replaces the token of the kind named by the trigger's argument when the statement changed rows:
-- a statement that matched nothing (an update of a person who is already linked, say) must not
-- throw away what the server has worked out. Transition tables exist only for single-event
-- triggers, and never for truncate, hence four triggers per table and the branches.
create function app.new_data_version() returns trigger
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

select app.watch_data_version(t::regclass, 'capacity')
from unnest(array['persons', 'employee_group_memberships', 'employee_group_hours', 'fte_periods',
                  'leaves', 'holidays', 'calendars', 'organisations', 'system_hour_rates']) t;
select app.watch_data_version(t::regclass, 'staffing')
from unnest(array['assignments', 'allocation_overrides']) t;
select app.watch_data_version('organisation_month_demand', 'demand');
-- Only this migration creates triggers.
drop function app.watch_data_version(regclass, text);
