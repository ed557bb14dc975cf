-- Sessions re-check the user's groups with the identity provider (docs/auth.md, "Sessions").
-- `provider_grant` holds the provider's tokens sealed with a key derived from SECRET_KEY (AES-256-GCM,
-- bound to the row's id), so that the app role, which may read this table, never sees a usable
-- refresh token. The other columns say when the provider last confirmed the groups, when a check
-- began (one at a time per session) and since when the provider cannot be reached.
alter table sessions
    add column provider_grant text,
    add column provider_checked_at timestamptz,
    add column provider_check_started_at timestamptz,
    add column provider_failing_since timestamptz;

-- Sessions signed in before hold no tokens to ask the provider with: they end at their first check
-- and the user signs in again (usually without typing anything: the provider's own session lives on).
update sessions set provider_checked_at = created_at where user_id is not null;
