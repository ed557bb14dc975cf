-- The lock rule and the past-month rule of the Policy (src/auth/policy.rs), for the policies and
-- functions that enforce them again inside PostgreSQL. Only here: the SQL that needs either asks
-- these functions.

-- `Policy::overrides_locks`: super-admins change locked projects and past months.
create function app.overrides_locks() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.current_role() = 'super_admin', false) $$;

-- `Policy::can_edit_month`: months before the current month are history.
create function app.can_edit_month(month date) returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select app.overrides_locks() or month >= date_trunc('month', current_date)::date $$;
