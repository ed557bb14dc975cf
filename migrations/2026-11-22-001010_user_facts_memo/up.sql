-- The asking user's role and visibility, read once per transaction. Every policy starts with
-- app.sees_everything() and the lookups' policies with app.is_signed_in() / app.is_admin(); each
-- was a security-definer SQL function reading the users row again (~0.1 ms a call). An org-scoped
-- user's Team tab made ~26 such calls and ~15 role reads per request (an admin's ~5 and ~3, as
-- the first of the OR'ed terms already passes), which was most of that page's RLS overhead
-- (docs/performance.md). Now they read "<user id>|<role>|<visibility>", remembered in the
-- transaction-local setting app.user_facts like the visible sets of migration 000960 (same trust:
-- whoever can set app.current_user_id can already act as that user), and forgotten by the same
-- writes (users among them). Same answers as before; the functions keep their OIDs.

create function app.user_facts() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.user_facts', true), '');
        facts text;
    begin
        if memo <> '' and split_part(memo, '|', 1) = asker then
            return memo;
        end if;
        -- No user (or none asking): empty role and visibility.
        select u.role || '|' || u.visibility into facts
        from users u where u.id = nullif(asker, '')::uuid;
        memo := asker || '|' || coalesce(facts, '|');
        perform set_config('app.user_facts', memo, true);
        return memo;
    end $$;

-- The user's role; null when no user is asking or the user does not exist.
create or replace function app."current_role"() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return nullif(split_part(app.user_facts(), '|', 2), '');
    end $$;

create or replace function app.sees_everything() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        facts text := app.user_facts();
        user_role text := split_part(facts, '|', 2);
    begin
        return user_role in ('admin', 'super_admin')
            or (user_role not in ('', 'none') and split_part(facts, '|', 3) = 'all');
    end $$;

-- 'all' for admins, else the user's visibility; null without a user or for role 'none'.
create or replace function app.visibility() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        facts text := app.user_facts();
        user_role text := split_part(facts, '|', 2);
    begin
        if user_role in ('', 'none') then
            return null;
        elsif user_role in ('admin', 'super_admin') then
            return 'all';
        end if;
        return split_part(facts, '|', 3);
    end $$;

create or replace function app.is_signed_in() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return split_part(app.user_facts(), '|', 2) <> '';
    end $$;

create or replace function app.is_admin() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return split_part(app.user_facts(), '|', 2) in ('admin', 'super_admin');
    end $$;

create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        perform set_config('app.focus_seen', '', true);
        perform set_config('app.person_orgs', '', true);
        perform set_config('app.user_facts', '', true);
        return null;
    end $$;
