-- Row versions for optimistic concurrency of edit forms (issue 19, item 6).
--
-- Only projects carried a version, so a form that changes one row (an assignment, a work
-- package, a person, an organisation, a lookup value) overwrote whatever another editor had
-- saved since the form was opened: a stale assignment form silently put 37 % back to 40 %.
-- Every table whose rows an edit or delete form changes now has a version, moved on by the
-- trigger of src/db/replaceable/80_row_versions.sql. Adding a column with a constant default
-- rewrites no table (PostgreSQL 11+).
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
        execute format('alter table %I add column version bigint not null default 1', t);
    end loop;
end $$;
