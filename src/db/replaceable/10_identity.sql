-- Who is asking, and what sign-in stored about them (SPEC §6–§7, docs/rls.md).
--
-- Policies read only `app.current_user_id` (set per transaction by the server) and what sign-in
-- stored about that user: role, visibility, organisations, linked person. The helpers are
-- SECURITY DEFINER (they read `users` and the organisation tree as the owner, so policies never
-- recurse into each other), STABLE, with a fixed search_path, and only the app role may execute
-- them. Policies call them inside `(select ...)`, so each is evaluated once per statement.
-- PL/pgSQL rather than SQL: a SQL function that is SECURITY DEFINER (or has a SET clause) is
-- never inlined and is planned again on every call, while PL/pgSQL keeps its plans per connection.

-- The setting as a uuid, null when empty.
create function app.current_user_id() returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return nullif(current_setting('app.current_user_id', true), '')::uuid;
    end $$;

-- "<user id>|<role>|<visibility>" of the asking user, read from `users` every time (empty role
-- and visibility without a user or for an unknown id). Not remembered in a setting: the caller
-- could forge that (docs/rls.md, "Threat model"), and checking a seal costs as much as this read.
create function app.user_facts() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        facts text;
    begin
        select u.role || '|' || u.visibility into facts
        from users u where u.id = nullif(asker, '')::uuid;
        return asker || '|' || coalesce(facts, '|');
    end $$;

-- 'none', 'viewer', 'editor', 'admin', 'super_admin', or null when nobody (or an unknown id) asks.
create function app."current_role"() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return nullif(split_part(app.user_facts(), '|', 2), '');
    end $$;

create function app.is_signed_in() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return split_part(app.user_facts(), '|', 2) <> '';
    end $$;

-- Admin = admin or super-admin.
create function app.is_admin() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return split_part(app.user_facts(), '|', 2) in ('admin', 'super_admin');
    end $$;

-- Edit = editor or better.
create function app.can_edit() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.current_role() in ('editor', 'admin', 'super_admin'), false) $$;

-- 'all' for admins, else the user's visibility ('all', 'org' or 'assigned'); null without a
-- user or for role 'none'.
create function app.visibility() returns text
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

-- Admins always; others with a role and no visibility restriction.
create function app.sees_everything() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.visibility() = 'all', false) $$;

-- The person linked to the user.
create function app.linked_person_id() returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return (select p.id from persons p where p.user_id = app.current_user_id());
    end $$;

-- The holder of a personal access token (issue 22), found by the token's keyed hash before any
-- user is known: its id, user, scope and the user's role and visibility now, or no row for an
-- unknown, revoked or expired token. SECURITY DEFINER because the token's row is its user's alone
-- under RLS, and the caller is nobody yet; knowing the hash takes knowing the token and the
-- server's SECRET_KEY. Marks the token used (at most once a minute, so that a busy script does
-- not write on every request).
create function app.token_holder(presented bytea)
    returns table (token_id uuid, user_id uuid, username text, display_name text, scope text,
                   user_role text, user_visibility text)
    language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        update personal_access_tokens t set last_used_at = now()
        where t.token_hash = presented and t.revoked_at is null and t.expires_at > now()
          and (t.last_used_at is null or t.last_used_at < now() - interval '1 minute');
        return query
            select t.id, u.id, u.username, coalesce(u.display_name, u.username), t.scope,
                   u.role, u.visibility
            from personal_access_tokens t join users u on u.id = t.user_id
            where t.token_hash = presented and t.revoked_at is null and t.expires_at > now();
    end $$;
