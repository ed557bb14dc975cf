-- Tentative work and what-if scenarios (issue 23, docs/scenarios.md).

-- How likely a project in a pipeline state is to be won, in percent: each lifecycle state has a
-- default, a project may set its own (null: its state's). Only pipeline states' probabilities
-- weigh anything; the others stay 100.
alter table lifecycle_states add column win_probability integer not null default 100
    check (win_probability between 0 and 100);
update lifecycle_states set win_probability = case code
    when 'idea' then 10 when 'proposal' then 30 when 'submitted' then 50 else 100 end;
update lifecycle_states set win_probability = 50
    where is_pipeline and code not in ('idea', 'proposal', 'submitted');
alter table projects add column win_probability integer
    check (win_probability between 0 and 100);

-- An assignment is confirmed or tentative; work on a project in a pipeline state is tentative
-- until the project is won (the default of a new assignment there, and of those already made).
alter table assignments add column tentative boolean not null default false;
update assignments a set tentative = true
    from projects p join lifecycle_states s on s.id = p.lifecycle_state_id
    where p.id = a.project_id and s.is_pipeline;

-- How the user last chose to read the plan (`planning::reading`); null: confirmed + tentative.
alter table user_settings add column reading text
    check (reading in ('confirmed', 'tentative', 'weighted'));

-- A scenario: a named what-if over the live plan, owned by one user. It holds changes only;
-- the live plan is untouched until it is applied.
create table scenarios (
    id uuid primary key default gen_random_uuid(),
    owner_user_id uuid not null references users (id) on delete cascade,
    name text not null check (length(btrim(name)) between 1 and 200),
    description text not null default '' check (length(description) <= 2000),
    created_at timestamptz not null default now(),
    version bigint not null default 1,
    modified_at timestamptz not null default now()
);
create index scenarios_owner_user_id_idx on scenarios (owner_user_id);

-- Who else may read a scenario: a named user, or everyone of an organisation (and of the
-- organisations below it, as app.user_org_ids() counts them).
create table scenario_shares (
    id uuid primary key default gen_random_uuid(),
    scenario_id uuid not null references scenarios (id) on delete cascade,
    user_id uuid references users (id) on delete cascade,
    organisation_id uuid references organisations (id) on delete cascade,
    created_at timestamptz not null default now(),
    check ((user_id is null) <> (organisation_id is null))
);
create index scenario_shares_scenario_id_idx on scenario_shares (scenario_id);
create index scenario_shares_user_id_idx on scenario_shares (user_id);
create index scenario_shares_organisation_id_idx on scenario_shares (organisation_id);
create unique index scenario_shares_one_user on scenario_shares (scenario_id, user_id)
    where user_id is not null;
create unique index scenario_shares_one_organisation on scenario_shares (scenario_id, organisation_id)
    where organisation_id is not null;

-- One change of a scenario, always to one project (`scenarios::Change` is the JSON of
-- `change`): it remembers the project's plan version it was made on, so that applying it can
-- tell whether the live plan moved meanwhile.
create table scenario_changes (
    id uuid primary key default gen_random_uuid(),
    scenario_id uuid not null references scenarios (id) on delete cascade,
    project_id uuid not null references projects (id) on delete cascade,
    kind text not null check (kind in (
        'shift', 'duration', 'scale_demand', 'outcome', 'add_assignment', 'change_assignment',
        'remove_assignment', 'allocation', 'placeholder')),
    change jsonb not null,
    base_version bigint not null,
    created_at timestamptz not null default now(),
    position bigint generated always as identity
);
create index scenario_changes_scenario_id_idx on scenario_changes (scenario_id);
create index scenario_changes_project_id_idx on scenario_changes (project_id);

alter table scenarios enable row level security;
alter table scenario_shares enable row level security;
alter table scenario_changes enable row level security;
