-- Row versions for optimistic concurrency of edit forms (migration 001080 adds the columns).
--
-- A form carries the version of the row it shows, and its update or delete names it (`… where id
-- = $1 and version = $2`), so a row changed since is refused instead of overwritten. The version
-- moves on in one place: this BEFORE UPDATE trigger, whoever writes (forms, imports, the CLI).
-- Projects keep their own version, moved on explicitly by every write of the plan
-- (src/projects/version.rs), and get no version trigger.
--
-- Every row also says when it last changed (`modified_at`, migration 001120; `updated_at` of
-- projects): the API's `modified_since` reads it for incremental sync (docs/api.md).

-- The one rule: an updated row is one version further on. Not SECURITY DEFINER: it only touches
-- the row being written, with the writer's own rights.
create function app.next_row_version() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        new.version := old.version + 1;
        -- Unless the writer set it (a restore, a test moving time back), the change is now.
        if new.modified_at is not distinct from old.modified_at then
            new.modified_at := now();
        end if;
        return new;
    end $$;

do $$
declare
    t text;
begin
    foreach t in array array[
        'assignments', 'work_packages', 'tasks', 'milestones', 'deliverables',
        'project_hour_rates', 'project_group_hour_rates',
        'persons', 'employee_group_memberships', 'fte_periods', 'leaves',
        'organisations', 'employee_groups', 'employee_group_hours', 'leave_types',
        'role_types', 'deliverable_types', 'dissemination_levels', 'allocation_groups',
        'lifecycle_states', 'system_hour_rates', 'calendars', 'holidays', 'scenarios'
    ] loop
        execute format(
            'create trigger %I before update on %I for each row execute function app.next_row_version()',
            t || '_next_version', t);
    end loop;
end $$;

-- Tables without a row version still say when a row last changed.
create function app.touch_modified_at() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if new.modified_at is not distinct from old.modified_at then
            new.modified_at := now();
        end if;
        return new;
    end $$;

do $$
declare
    t text;
begin
    foreach t in array array[
        'capacity_demand', 'allocation_overrides', 'capacity_requests', 'project_partners'
    ] loop
        execute format(
            'create trigger %I before update on %I for each row execute function app.touch_modified_at()',
            t || '_touch_modified_at', t);
    end loop;
end $$;

-- A project's head, lifecycle or lock changed: it is modified too (plan writes set `updated_at`
-- with the version, src/projects/version.rs).
create function app.touch_updated_at() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if new.updated_at is not distinct from old.updated_at then
            new.updated_at := now();
        end if;
        return new;
    end $$;

create trigger projects_touch_updated_at before update on projects
    for each row execute function app.touch_updated_at();
