-- Versions of the data the server keeps across requests (src/cache, docs/architecture.md
-- "Caches"): a random token per kind, replaced by the triggers of
-- src/db/replaceable/75_data_versions.sql when a table the kind depends on changes. The server
-- reads the tokens at the start of a request and reuses what it worked out under the same tokens;
-- they change far less often than they are read.
create table data_versions (
    singleton boolean primary key default true check (singleton),
    -- persons, their employee groups and the groups' hours, FTE periods, leave, holidays,
    -- calendars, organisations (which calendar applies) and the system hours per PM.
    capacity uuid not null default gen_random_uuid(),
    -- assignments and the allocation grid's overrides.
    staffing uuid not null default gen_random_uuid(),
    -- the per-organisation monthly demand sums (migration 000950), hence all demand.
    demand uuid not null default gen_random_uuid(),
    -- projects, their partners, organisations (short names), lifecycle states and the demand
    -- totals per project and series: each project as the projects list shows it.
    projects uuid not null default gen_random_uuid()
);
insert into data_versions default values;
-- Readable by everyone (the tokens say nothing); only the triggers' function writes them.
alter table data_versions enable row level security;

-- The kinds of data a transaction changed, once each, until its commit replaces their tokens.
-- Unlogged: its rows never outlive their transaction. The owner's alone (schema app_private, RLS
-- on without a policy).
create unlogged table app_private.pending_data_versions (
    transaction_id xid8 not null default pg_current_xact_id(),
    kind text not null check (kind in ('capacity', 'staffing', 'demand', 'projects')),
    primary key (transaction_id, kind)
);
alter table app_private.pending_data_versions enable row level security;
