-- Signed-in users (maintained by login from their OIDC claims), their settings, share links and the audit log.
create table users (
    id uuid primary key default gen_random_uuid(),
    sub text not null,
    username text not null,
    email text,
    display_name text,
    last_login_at timestamptz,
    -- the groups exactly as the identity provider sent them, for the user page and debugging
    raw_groups jsonb not null default '[]'::jsonb check (jsonb_typeof(raw_groups) = 'array'),
    -- derived from raw_groups at each login; read by the policy code and the RLS helper functions
    role text not null default 'none' check (role in ('none', 'viewer', 'editor', 'admin', 'super_admin')),
    visibility text not null default 'all' check (visibility in ('all', 'org', 'assigned')),
    -- every rediflow-org-<short_name> seen, including names that match no organisation (shown to the user)
    org_short_names text[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_sub_key unique (sub),
    constraint users_sub_not_blank check (btrim(sub) <> '')
);
create index users_username_idx on users (username);

-- The organisations a user belongs to, resolved from org_short_names at login.
create table user_organisations (
    user_id uuid not null references users (id) on delete cascade,
    organisation_id uuid not null references organisations (id) on delete cascade,
    primary key (user_id, organisation_id)
);
create index user_organisations_organisation_id_idx on user_organisations (organisation_id);

create table user_settings (
    user_id uuid primary key references users (id) on delete cascade,
    locale text not null default 'en' check (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    default_organisation_id uuid references organisations (id) on delete set null,
    show_hours boolean not null default false,
    updated_at timestamptz not null default now()
);
create index user_settings_default_organisation_id_idx on user_settings (default_organisation_id);

create table shared_views (
    id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[A-Za-z0-9_-]{8,64}$'),
    owner_user_id uuid not null references users (id) on delete cascade,
    -- a same-origin path with its query string, never an absolute URL
    target_path text not null check (target_path ~ '^/[^/\\]'),
    title text not null default '',
    clicks bigint not null default 0 check (clicks >= 0),
    created_at timestamptz not null default now(),
    last_clicked_at timestamptz
);
create index shared_views_owner_user_id_idx on shared_views (owner_user_id);

-- Append-only: the application role gets INSERT and SELECT only (see setup-rls-app-role).
create table audit_log (
    id uuid primary key default gen_random_uuid(),
    occurred_at timestamptz not null default now(),
    user_id uuid references users (id) on delete set null,
    -- who, as a name that survives the user row being deleted
    actor text not null,
    action text not null check (action in ('create', 'update', 'delete')),
    entity_type text not null check (entity_type ~ '^[a-z_]+$'),
    entity_id uuid,
    -- the project the change belongs to, for the per-project history and for visibility
    project_id uuid,
    before jsonb,
    after jsonb,
    check (before is not null or after is not null)
);
create index audit_log_occurred_at_idx on audit_log (occurred_at);
create index audit_log_user_id_idx on audit_log (user_id);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);
create index audit_log_project_id_idx on audit_log (project_id);
