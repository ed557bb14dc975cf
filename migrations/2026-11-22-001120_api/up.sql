-- The JSON API (issue 22): personal access tokens, and the time each row last changed, so that
-- every list of /api/v1 can answer `modified_since` for incremental sync.

-- A personal access token acts as its user: a request with it runs in that user's RLS
-- transaction with the role and visibility stored for them now. Only a keyed hash of the token is
-- kept (HMAC-SHA-256 with SECRET_KEY); `hint` is its first characters, so that a list can tell
-- tokens apart without holding anything that signs in. Rows are never deleted by the app role:
-- a revoked token stays listed (who revoked it, when) until its user is deleted.
create table personal_access_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (length(btrim(name)) between 1 and 100),
    scope text not null check (scope in ('read', 'write')),
    token_hash bytea not null unique check (length(token_hash) = 32),
    hint text not null check (hint ~ '^rfl_[A-Za-z0-9]{4}$'),
    created_at timestamptz not null default now(),
    created_by text not null,
    expires_at timestamptz not null,
    last_used_at timestamptz,
    revoked_at timestamptz,
    revoked_by text,
    check (expires_at > created_at),
    check ((revoked_at is null) = (revoked_by is null))
);
create index personal_access_tokens_user_id_idx on personal_access_tokens (user_id);

alter table personal_access_tokens enable row level security;

-- When a row last changed: set on insert by the default, on update by the trigger of
-- src/db/replaceable/80_row_versions.sql. Projects already have `updated_at`. A constant-time
-- default rewrites no table (PostgreSQL 11+: now() is stable, evaluated once).
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
        'lifecycle_states', 'system_hour_rates', 'calendars', 'holidays',
        'capacity_demand', 'allocation_overrides', 'capacity_requests', 'project_partners'
    ] loop
        execute format('alter table %I add column modified_at timestamptz not null default now()', t);
    end loop;
end $$;
