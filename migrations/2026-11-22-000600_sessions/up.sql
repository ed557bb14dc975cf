-- Server-side sessions (actix-session's store). The cookie carries a random key; only its
-- SHA-256 is stored, so a copy of this table cannot be replayed as cookies. Deleting a row ends
-- that session at once (logout, an admin's "revoke sessions").
create table sessions (
    id text primary key check (id ~ '^[0-9a-f]{64}$'),
    -- the signed-in user, copied out of the state so an admin can end all of a user's sessions
    user_id uuid references users (id) on delete cascade,
    state jsonb not null default '{}'::jsonb check (jsonb_typeof(state) = 'object'),
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index sessions_user_id_idx on sessions (user_id);
create index sessions_expires_at_idx on sessions (expires_at);
create index sessions_last_seen_at_idx on sessions (last_seen_at);
