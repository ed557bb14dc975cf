-- An uploaded workbook waiting for its importer's confirmation (the upload page's step 2). It is
-- kept in the database, not in a file of the server that took the upload, so that any server
-- behind the load balancer can confirm it. Only its uploader sees it (RLS from the start, like
-- user_settings; the policy is in src/db/replaceable/90_policies.sql); the confirmation deletes
-- it, and a purge deletes what waited for over an hour.
create table pending_imports (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    file_name text not null check (length(file_name) between 1 and 255),
    kind text not null check (kind in ('project', 'people')),
    workbook bytea not null,
    created_at timestamptz not null default now()
);

create index pending_imports_user_id on pending_imports (user_id);
create index pending_imports_created_at on pending_imports (created_at);

alter table pending_imports enable row level security;
