-- Row-level security (SPEC §7, docs/rls.md): the schemas of the policies' helpers, who may reach
-- them, and RLS turned on for every table of the migrations before this one. The functions,
-- policies and triggers themselves live in src/db/replaceable/, re-created by `rediflow migrate`
-- after the migrations; tables created later turn RLS on in their own migration.

-- `app`: the helpers the policies call, which only the app role may use (granted by
-- `rediflow setup-rls-app-role`). `app_private`: the owner's alone (the key that seals the
-- helpers' memos, the data versions a transaction changed, functions only definer functions call).
create schema app;
create schema app_private;
revoke all on schema app from public;
revoke all on schema app_private from public;

-- Nobody but the owner and the app role reaches anything (docs/rls.md, "Threat model"): PostgreSQL
-- gives PUBLIC EXECUTE on every new function and CONNECT and TEMPORARY on a database.
-- `setup-rls-app-role` does the same again, since a copy of the database starts with the defaults.
revoke execute on all functions in schema public from public;
alter default privileges revoke execute on functions from public;
do $$
begin
    execute format('revoke connect, temporary on database %I from public', current_database());
end $$;

-- The key of the memos' seals (src/db/replaceable/20_memos.sql). No grant, RLS on without a
-- policy: nobody but the owner reads a row. gen_random_uuid() draws from the operating system's
-- strong random source (122 bits each); `setup-rls-app-role` draws new keys each time it runs.
create table app_private.memo_keys (
    singleton boolean primary key default true check (singleton),
    inner_key bytea not null check (length(inner_key) = 32),
    outer_key bytea not null check (length(outer_key) = 32)
);
alter table app_private.memo_keys enable row level security;
insert into app_private.memo_keys (inner_key, outer_key)
values (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
        uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));

-- The hash of the replaceable schema `rediflow migrate` created last (src/db/migrations.rs): a
-- server refuses to start, and /readyz reports, when its own files differ.
create table app_private.replaceable_schema (
    singleton boolean primary key default true check (singleton),
    sha256 text not null
);
alter table app_private.replaceable_schema enable row level security;

-- Every tenant table so far (`sessions` and the migration bookkeeping aside: docs/rls.md).
do $$
declare
    t text;
begin
    foreach t in array array[
        'organisations', 'lifecycle_states', 'lookup_groups', 'role_types', 'deliverable_types',
        'dissemination_levels', 'allocation_groups', 'calendars', 'holidays', 'leave_types',
        'employee_groups', 'employee_group_hours', 'system_hour_rates',
        'users', 'user_organisations', 'user_settings', 'shared_views', 'audit_log',
        'projects', 'project_partners', 'work_packages', 'tasks', 'milestones', 'deliverables',
        'capacity_demand', 'role_demand', 'project_hour_rates', 'project_group_hour_rates',
        'persons', 'employee_group_memberships', 'fte_periods', 'leaves',
        'assignments', 'allocation_overrides', 'capacity_requests', 'capacity_request_lines'
    ] loop
        execute format('alter table %I enable row level security', t);
    end loop;
end $$;

-- The assigned-only visibility looks up a person's projects; every other compared column
-- (project_id, person_id, user_id, organisation ids) already leads an index.
create index assignments_person_id_project_id_idx on assignments (person_id, project_id);
-- Share links are limited per user and minute; this keeps that count an index lookup.
create index shared_views_owner_user_id_created_at_idx on shared_views (owner_user_id, created_at);
