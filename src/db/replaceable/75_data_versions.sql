-- Versions of the data the server keeps across requests (src/cache, docs/architecture.md "Caches"):
-- a random token per kind in the one row of `data_versions`, replaced whenever a table the kind
-- depends on changes. Random, not counted: a change that is rolled back leaves its token behind
-- forever, so nothing computed from the uncommitted rows can ever match again.
--
-- A statement only notes the kind of data it changed, in `app_private.pending_data_versions`
-- (this transaction's own rows); a deferred constraint trigger replaces the tokens at commit. So
-- the `data_versions` row is locked last, for a moment, by every writer: writers never queue on
-- it for the length of their transaction, nor deadlock with writers of a project row. The tokens
-- still change in the same transaction as the data, so a reader sees both or neither.

-- The statement trigger of every watched table; its argument is the kind. A statement that
-- matched nothing (an update of a person who is already linked, say) must not throw away what
-- the server has worked out. Transition tables exist only for single-event triggers, and never
-- for truncate, hence four triggers per table and the branch.
create function app.new_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if tg_op <> 'TRUNCATE' then
            if not exists (select 1 from changed_rows) then
                return null;
            end if;
        end if;
        insert into app_private.pending_data_versions (kind) values (tg_argv[0])
        on conflict do nothing;
        return null;
    end $$;

-- At commit, once per kind the transaction changed: a new random token.
create function app_private.apply_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        case new.kind
            when 'capacity' then update data_versions set capacity = gen_random_uuid();
            when 'staffing' then update data_versions set staffing = gen_random_uuid();
            when 'projects' then update data_versions set projects = gen_random_uuid();
            else update data_versions set demand = gen_random_uuid();
        end case;
        delete from app_private.pending_data_versions
        where transaction_id = new.transaction_id and kind = new.kind;
        return null;
    end $$;

create constraint trigger pending_data_versions_apply
    after insert on app_private.pending_data_versions
    deferrable initially deferred
    for each row execute function app_private.apply_data_version();

-- What each kind depends on:
-- * capacity: persons, their employee groups and the groups' hours, FTE periods, leave,
--   holidays, calendars, organisations (which calendar applies) and the system hours per PM;
-- * staffing: assignments and the allocation grid's overrides;
-- * demand: the per-organisation monthly demand sums (70_demand_sums.sql), hence all demand;
-- * projects: projects as the projects list shows them (code, name, owner, lifecycle state,
--   months, partners, totals per series).
do $$
declare
    watched record;
begin
    for watched in
        select t, 'capacity' as kind
        from unnest(array['persons', 'employee_group_memberships', 'employee_group_hours',
                          'fte_periods', 'leaves', 'holidays', 'calendars', 'organisations',
                          'system_hour_rates']) t
        union all
        select t, 'staffing' from unnest(array['assignments', 'allocation_overrides']) t
        union all
        select 'organisation_month_demand', 'demand'
        union all
        select t, 'projects'
        from unnest(array['projects', 'project_partners', 'organisations', 'lifecycle_states',
                          'project_demand_totals']) t
    loop
        execute format($t$create trigger %I after insert on %I referencing new table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       watched.t || '_' || watched.kind || '_version_insert', watched.t, watched.kind);
        execute format($t$create trigger %I after update on %I referencing new table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       watched.t || '_' || watched.kind || '_version_update', watched.t, watched.kind);
        execute format($t$create trigger %I after delete on %I referencing old table as changed_rows
                           for each statement execute function app.new_data_version(%L)$t$,
                       watched.t || '_' || watched.kind || '_version_delete', watched.t, watched.kind);
        execute format($t$create trigger %I after truncate on %I
                           for each statement execute function app.new_data_version(%L)$t$,
                       watched.t || '_' || watched.kind || '_version_truncate', watched.t, watched.kind);
    end loop;
end $$;
