-- Row versions for optimistic concurrency of edit forms (migration 001080 adds the columns).
--
-- A form carries the version of the row it shows, and its update or delete names it (`… where id
-- = $1 and version = $2`), so a row changed since is refused instead of overwritten. The version
-- moves on in one place: this BEFORE UPDATE trigger, whoever writes (forms, imports, the CLI).
-- Projects keep their own version, moved on explicitly by every write of the plan
-- (src/projects/version.rs), and get no trigger.

-- The one rule: an updated row is one version further on. Not SECURITY DEFINER: it only touches
-- the row being written, with the writer's own rights.
create function app.next_row_version() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        new.version := old.version + 1;
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
        'lifecycle_states', 'system_hour_rates', 'calendars', 'holidays'
    ] loop
        execute format(
            'create trigger %I before update on %I for each row execute function app.next_row_version()',
            t || '_next_version', t);
    end loop;
end $$;
