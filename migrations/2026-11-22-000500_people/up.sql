-- People, their working time and their assignments to projects, and cross-organisation capacity requests.
create table employee_groups (
    id uuid primary key default gen_random_uuid(),
    name text not null unique check (btrim(name) <> '')
);

-- Daily working hours of a group, valid from a date until the next row of the group.
create table employee_group_hours (
    id uuid primary key default gen_random_uuid(),
    employee_group_id uuid not null references employee_groups (id) on delete cascade,
    valid_from date not null,
    daily_hours numeric(4, 2) not null check (daily_hours > 0 and daily_hours <= 24),
    unique (employee_group_id, valid_from)
);

create table persons (
    id uuid primary key default gen_random_uuid(),
    -- equals the Authentik username for people who sign in, e.g. editor@test
    code text not null,
    first_name text not null default '',
    last_name text not null default '',
    email text,
    organisation_id uuid not null references organisations (id) on delete restrict,
    employment_start date,
    employment_end date,
    user_id uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint persons_code_key unique (code),
    constraint persons_code_not_blank check (btrim(code) <> ''),
    constraint persons_user_id_key unique (user_id),
    check (employment_end >= employment_start)
);
create index persons_organisation_id_idx on persons (organisation_id);
create index persons_lower_email_idx on persons (lower(email));

-- A person belongs to an employee group from a date until their next membership row.
create table employee_group_memberships (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references persons (id) on delete cascade,
    employee_group_id uuid not null references employee_groups (id) on delete restrict,
    valid_from date not null,
    unique (person_id, valid_from)
);
create index employee_group_memberships_employee_group_id_idx on employee_group_memberships (employee_group_id);

-- Reduced working time: fte_percent applies from start_date to end_date (open-ended when null).
create table fte_periods (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references persons (id) on delete cascade,
    start_date date not null,
    end_date date,
    fte_percent numeric(5, 2) not null check (fte_percent >= 0 and fte_percent <= 100),
    check (end_date >= start_date)
);
create index fte_periods_person_id_idx on fte_periods (person_id, start_date);

create table leave_types (
    id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name text not null check (btrim(name) <> '')
);

insert into leave_types (code, name) values
    ('VAC', 'Vacation'),
    ('SICK', 'Sick leave'),
    ('PARENT', 'Parental leave'),
    ('UNPAID', 'Unpaid leave');

create table leaves (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references persons (id) on delete cascade,
    leave_type_id uuid not null references leave_types (id) on delete restrict,
    start_date date not null,
    end_date date not null,
    check (end_date >= start_date)
);
create index leaves_person_id_idx on leaves (person_id, start_date);
create index leaves_leave_type_id_idx on leaves (leave_type_id);

create table assignments (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references persons (id) on delete cascade,
    project_id uuid not null references projects (id) on delete cascade,
    role_type_id uuid references role_types (id) on delete restrict,
    allocation_percent numeric(5, 2) not null check (allocation_percent >= 0 and allocation_percent <= 100),
    allocation_group_id uuid not null references allocation_groups (id) on delete restrict,
    start_month date not null check (is_month_start(start_month)),
    end_month date not null check (is_month_start(end_month)),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (end_month >= start_month),
    unique (id, project_id)
);
create index assignments_person_id_idx on assignments (person_id);
create index assignments_project_id_idx on assignments (project_id);
create index assignments_role_type_id_idx on assignments (role_type_id);
create index assignments_allocation_group_id_idx on assignments (allocation_group_id);

-- Per-month overrides of the derived allocation (capacity × allocation %) in the allocation grid.
create table allocation_overrides (
    id uuid primary key default gen_random_uuid(),
    assignment_id uuid not null,
    project_id uuid not null references projects (id) on delete cascade,
    month date not null check (is_month_start(month)),
    pm numeric(10, 3) not null check (pm >= 0),
    unique (assignment_id, month),
    foreign key (assignment_id, project_id) references assignments (id, project_id) on delete cascade
);
create index allocation_overrides_assignment_id_project_id_idx on allocation_overrides (assignment_id, project_id);
create index allocation_overrides_project_id_idx on allocation_overrides (project_id);

-- Hours per PM for one employee group within one project: the first link of the divisor chain.
create table project_group_hour_rates (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    employee_group_id uuid not null references employee_groups (id) on delete cascade,
    valid_from date not null check (is_month_start(valid_from)),
    hours_per_pm numeric(7, 2) not null check (hours_per_pm > 0),
    unique (project_id, employee_group_id, valid_from)
);
create index project_group_hour_rates_employee_group_id_idx on project_group_hour_rates (employee_group_id);

-- The project owner organisation asks another organisation (same root) for person-months.
create table capacity_requests (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references projects (id) on delete cascade,
    requesting_org_id uuid not null references organisations (id) on delete restrict,
    receiving_org_id uuid not null references organisations (id) on delete restrict,
    state text not null default 'pending' check (state in ('pending', 'accepted', 'rejected', 'withdrawn')),
    message text not null default '',
    response_comment text not null default '',
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    decided_by uuid references users (id) on delete set null,
    decided_at timestamptz,
    check (requesting_org_id <> receiving_org_id),
    check ((state = 'pending') = (decided_at is null)),
    unique (id, project_id)
);
create index capacity_requests_project_id_idx on capacity_requests (project_id);
create index capacity_requests_requesting_org_id_idx on capacity_requests (requesting_org_id);
create index capacity_requests_receiving_org_id_idx on capacity_requests (receiving_org_id, state);
create index capacity_requests_created_by_idx on capacity_requests (created_by);
create index capacity_requests_decided_by_idx on capacity_requests (decided_by);

create table capacity_request_lines (
    id uuid primary key default gen_random_uuid(),
    capacity_request_id uuid not null,
    project_id uuid not null,
    task_id uuid not null,
    month date not null check (is_month_start(month)),
    pm numeric(10, 3) not null check (pm > 0),
    unique (capacity_request_id, task_id, month),
    foreign key (capacity_request_id, project_id) references capacity_requests (id, project_id) on delete cascade,
    foreign key (task_id, project_id) references tasks (id, project_id) on delete cascade
);
create index capacity_request_lines_request_idx on capacity_request_lines (capacity_request_id, project_id);
create index capacity_request_lines_task_idx on capacity_request_lines (task_id, project_id);
create index capacity_request_lines_project_id_idx on capacity_request_lines (project_id);
