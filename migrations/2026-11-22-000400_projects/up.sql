-- Projects and everything planned under them. Every child table carries project_id, so that
-- row-level security can decide visibility with one indexed comparison, and composite foreign
-- keys keep a child inside the project of its parent.
create table projects (
    id uuid primary key default gen_random_uuid(),
    code text not null,
    name text not null check (btrim(name) <> ''),
    description text not null default '',
    -- the project owner organisation (POO); may be missing while a project is being drafted
    owner_org_id uuid references organisations (id) on delete restrict,
    lifecycle_state_id uuid references lifecycle_states (id) on delete restrict,
    start_month date not null check (is_month_start(start_month)),
    duration_months integer not null check (duration_months between 1 and 600),
    hours_per_pm numeric(7, 2) check (hours_per_pm > 0),
    locked boolean not null default false,
    -- optimistic concurrency: bumped by every save of the project or its plan
    version bigint not null default 1 check (version >= 1),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint projects_code_key unique (code),
    constraint projects_code_format check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$')
);
create index projects_owner_org_id_idx on projects (owner_org_id);
create index projects_lifecycle_state_id_idx on projects (lifecycle_state_id);

create table project_partners (
    project_id uuid not null references projects (id) on delete cascade,
    organisation_id uuid not null references organisations (id) on delete restrict,
    primary key (project_id, organisation_id)
);
create index project_partners_organisation_id_idx on project_partners (organisation_id);

create table work_packages (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    number integer not null check (number between 1 and 999),
    name text not null check (btrim(name) <> ''),
    lead_org_id uuid references organisations (id) on delete restrict,
    begin_month integer not null check (begin_month >= 1),
    end_month integer not null,
    check (end_month >= begin_month),
    unique (project_id, number),
    unique (id, project_id)
);
create index work_packages_lead_org_id_idx on work_packages (lead_org_id);

create table tasks (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    work_package_id uuid not null,
    -- "<WP>.<n>", e.g. 1.2
    number text not null check (number ~ '^[1-9][0-9]{0,2}\.[1-9][0-9]{0,2}$'),
    name text not null check (btrim(name) <> ''),
    begin_month integer not null check (begin_month >= 1),
    end_month integer not null,
    role_type_id uuid references role_types (id) on delete restrict,
    lead_org_id uuid references organisations (id) on delete restrict,
    check (end_month >= begin_month),
    unique (project_id, number),
    unique (id, project_id),
    foreign key (work_package_id, project_id) references work_packages (id, project_id) on delete cascade
);
create index tasks_work_package_id_project_id_idx on tasks (work_package_id, project_id);
create index tasks_role_type_id_idx on tasks (role_type_id);
create index tasks_lead_org_id_idx on tasks (lead_org_id);

create table milestones (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    work_package_id uuid,
    number text not null check (number ~ '^MS[1-9][0-9]{0,2}$'),
    name text not null check (btrim(name) <> ''),
    due_month integer not null check (due_month >= 1),
    role_type_id uuid references role_types (id) on delete restrict,
    unique (project_id, number),
    -- a milestone outlives its work package (it stays in the project, unattached)
    foreign key (work_package_id, project_id) references work_packages (id, project_id)
        on delete set null (work_package_id)
);
create index milestones_work_package_id_project_id_idx on milestones (work_package_id, project_id);
create index milestones_role_type_id_idx on milestones (role_type_id);

create table deliverables (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    work_package_id uuid not null,
    number text not null check (number ~ '^D[1-9][0-9]{0,2}\.[1-9][0-9]{0,2}$'),
    name text not null check (btrim(name) <> ''),
    due_month integer not null check (due_month >= 1),
    -- type and dissemination level may be missing while drafting; data-quality checks report it
    deliverable_type_id uuid references deliverable_types (id) on delete restrict,
    dissemination_level_id uuid references dissemination_levels (id) on delete restrict,
    lead_org_id uuid references organisations (id) on delete restrict,
    unique (project_id, number),
    foreign key (work_package_id, project_id) references work_packages (id, project_id) on delete cascade
);
create index deliverables_work_package_id_project_id_idx on deliverables (work_package_id, project_id);
create index deliverables_deliverable_type_id_idx on deliverables (deliverable_type_id);
create index deliverables_dissemination_level_id_idx on deliverables (dissemination_level_id);
create index deliverables_lead_org_id_idx on deliverables (lead_org_id);

-- Effort in person-months per project × task × organisation × calendar month × series.
create table capacity_demand (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    task_id uuid not null,
    organisation_id uuid not null references organisations (id) on delete restrict,
    month date not null check (is_month_start(month)),
    series text not null check (series in ('PROJPLAN', 'EST', 'ACTUAL')),
    pm numeric(10, 3) not null check (pm >= 0),
    unique (project_id, task_id, organisation_id, month, series),
    foreign key (task_id, project_id) references tasks (id, project_id) on delete cascade
);
create index capacity_demand_task_id_project_id_idx on capacity_demand (task_id, project_id);
create index capacity_demand_organisation_id_month_idx on capacity_demand (organisation_id, month);
create index capacity_demand_month_series_idx on capacity_demand (month, series);

-- Planned FTE % per project × role type × month. Above 100 % means more than one full-time person.
create table role_demand (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    role_type_id uuid not null references role_types (id) on delete restrict,
    month date not null check (is_month_start(month)),
    fte_percent numeric(7, 2) not null check (fte_percent >= 0 and fte_percent <= 10000),
    unique (project_id, role_type_id, month)
);
create index role_demand_role_type_id_idx on role_demand (role_type_id);

-- Hours per person-month, valid from a month on. The divisor chain (SPEC §5) tries the
-- project × employee group rate, then these project rates, the project default, the system rates.
create table project_hour_rates (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    valid_from date not null check (is_month_start(valid_from)),
    hours_per_pm numeric(7, 2) not null check (hours_per_pm > 0),
    unique (project_id, valid_from)
);

create table system_hour_rates (
    id uuid primary key default gen_random_uuid(),
    valid_from date not null unique check (is_month_start(valid_from)),
    hours_per_pm numeric(7, 2) not null check (hours_per_pm > 0)
);
