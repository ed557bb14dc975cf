-- Row-level security against a hostile caller (docs/rls.md, "Threat model").
--
-- 1. Nobody but the application role may use the helper functions. PostgreSQL grants EXECUTE on
--    new functions and USAGE on nothing but `public` to PUBLIC by default, and migration 000700
--    granted USAGE on `app` to PUBLIC: any login role of the cluster (a monitoring role,
--    Authentik's own role on a shared cluster) could read project names, share-link codes and
--    capacity-request messages through the SECURITY DEFINER functions, and decide a request
--    with a known user id. Now PUBLIC has no USAGE on `app`, no EXECUTE on its functions (nor on
--    functions this owner creates later), and no CONNECT on the database;
--    `rediflow setup-rls-app-role` grants them to the application role alone.
--
-- 2. Only `app.current_user_id` says who acts. The per-transaction memos of migrations 000960 to
--    001020 were plain settings, which the application role can set itself: forged, they made a
--    viewer an editor of every project and an unknown user id a super-admin. A memo is now sealed
--    with a MAC (SHA-256 in the nested NMAC construction) under a key only the owner can read,
--    bound to the setting's name, this backend and this transaction's start, so a memo can be
--    neither made up nor carried into another transaction. A memo that does not verify is
--    ignored and worked out again; nothing is written per request, so read-only requests can be
--    served from a hot standby. The role and visibility are no longer memoised at all: one
--    primary-key read of `users` (a cached plan in PL/pgSQL) costs no more than checking a seal.

revoke all on schema app from public;
revoke execute on all functions in schema app from public;
revoke execute on all functions in schema public from public;
alter default privileges revoke execute on functions from public;
do $$
begin
    execute format('revoke connect, temporary on database %I from public', current_database());
end $$;

-- The key lives where only the owner reaches: no USAGE on the schema, no grant on the table, and
-- row-level security on without a policy (nobody but the owner reads a row even with a grant).
create schema app_private;
revoke all on schema app_private from public;
create table app_private.memo_keys (
    singleton boolean primary key default true check (singleton),
    inner_key bytea not null check (length(inner_key) = 32),
    outer_key bytea not null check (length(outer_key) = 32)
);
alter table app_private.memo_keys enable row level security;
-- gen_random_uuid() draws from the operating system's strong random source (122 bits each).
insert into app_private.memo_keys (inner_key, outer_key)
values (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
        uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));

-- The helpers below are called only by the SECURITY DEFINER functions of `app` (the schema is
-- the owner's alone), which already run as the owner with a fixed search_path; so they are
-- neither definer functions nor have a SET clause, which would cost more than the seal itself
-- on every call. Every name in them is schema-qualified.

-- The seal of `payload` kept in setting `name` by this backend in this transaction.
create function app_private.memo_seal(name text, payload text) returns text
    language plpgsql stable
    as $$
    begin
        return (
            select pg_catalog.encode(pg_catalog.sha256(k.outer_key || pg_catalog.sha256(k.inner_key
                || pg_catalog.textsend(name || '|' || pg_catalog.pg_backend_pid() || '|'
                    || extract(epoch from pg_catalog.transaction_timestamp()) || '|' || payload))), 'hex')
            from app_private.memo_keys k);
    end $$;

-- Keeps `payload` in setting `name` for the rest of the transaction, its seal in `<name>_seal`
-- (apart, so that reading a memo of a thousand ids never cuts it out of a longer string).
create function app_private.memo_keep(name text, payload text) returns void
    language plpgsql stable
    as $$
    begin
        perform pg_catalog.set_config(name || '_seal', app_private.memo_seal(name, payload), true);
        perform pg_catalog.set_config(name, payload, true);
    end $$;

-- The payload kept in setting `name` by app_private.memo_keep in this transaction, or null when
-- there is none or its seal does not verify (forged, or from another transaction).
create function app_private.memo_recall(name text) returns text
    language plpgsql stable
    as $$
    declare
        payload text := pg_catalog.current_setting(name, true);
    begin
        if payload is null or payload = ''
           or pg_catalog.current_setting(name || '_seal', true)
              is distinct from app_private.memo_seal(name, payload) then
            return null;
        end if;
        return payload;
    end $$;

-- "<user id>|<role>|<visibility>" of the asking user, read from `users` every time (empty role
-- and visibility without a user or for an unknown id).
create or replace function app.user_facts() returns text
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

-- The memos below hold "<user id>:<ids,>" and are read only for the same user.
create or replace function app.visible_project_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := app_private.memo_recall('app.visible_projects');
        ids uuid[];
    begin
        if memo is not null and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(select app.compute_visible_project_ids());
        perform app_private.memo_keep('app.visible_projects', asker || ':' || array_to_string(ids, ','));
        return query select unnest(ids);
    end $$;

create or replace function app.visible_person_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := app_private.memo_recall('app.visible_persons');
        ids uuid[];
    begin
        if memo is not null and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(select app.compute_visible_person_ids());
        perform app_private.memo_keep('app.visible_persons', asker || ':' || array_to_string(ids, ','));
        return query select unnest(ids);
    end $$;

create or replace function app.person_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := app_private.memo_recall('app.person_orgs');
        ids uuid[];
    begin
        if memo is not null and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        if app.visibility() = 'org' then
            ids := array(select app.user_root_org_ids());
        else
            ids := '{}';
        end if;
        perform app_private.memo_keep('app.person_orgs', asker || ':' || array_to_string(ids, ','));
        return query select unnest(ids);
    end $$;

create or replace function app.user_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := app_private.memo_recall('app.user_orgs');
        ids uuid[];
    begin
        if memo is not null and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(
            with recursive tree (id) as (
                select uo.organisation_id from user_organisations uo
                where uo.user_id = nullif(asker, '')::uuid
                union
                select o.id from organisations o join tree t on o.parent_id = t.id
            )
            select id from tree);
        perform app_private.memo_keep('app.user_orgs', asker || ':' || array_to_string(ids, ','));
        return query select unnest(ids);
    end $$;

-- "<user id>:<project id>:t|f" in app.focus_seen.
create or replace function app.sees_focus_project() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        focus text := coalesce(current_setting('app.focus_project', true), '');
        memo text;
        key text := asker || ':' || focus || ':';
        project uuid;
        seen boolean;
    begin
        if focus = '' then
            return false;
        end if;
        memo := app_private.memo_recall('app.focus_seen');
        if memo is not null and left(memo, length(key)) = key then
            return right(memo, 1) = 't';
        end if;
        project := focus::uuid;
        if app.sees_everything() then
            seen := exists (select 1 from projects p where p.id = project);
        else
            seen := case app.visibility()
                when 'org' then
                    exists (select 1 from projects p
                            where p.id = project and p.owner_org_id in (select app.user_org_ids()))
                    or exists (select 1 from project_partners pp
                               where pp.project_id = project
                                 and pp.organisation_id in (select app.user_org_ids()))
                when 'assigned' then
                    exists (select 1 from assignments a
                            where a.project_id = project and a.person_id = app.linked_person_id())
                else false
            end;
        end if;
        perform app_private.memo_keep('app.focus_seen', key || case when seen then 't' else 'f' end);
        return seen;
    end $$;

-- The role and visibility are no longer memoised (above); the other memos are forgotten as before.
create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        perform set_config('app.focus_seen', '', true);
        perform set_config('app.person_orgs', '', true);
        perform set_config('app.user_orgs', '', true);
        return null;
    end $$;

-- The receiving organisation decides a capacity request only through
-- app.decide_capacity_request (which runs as the owner); the asking side only withdraws a pending
-- request. The update policy let the receiving side rewrite the row (its message, its lines'
-- project, its state) outside that function; now an update by anyone but the owner is a
-- withdrawal of a pending request of an editable project, in the caller's own name, and changes
-- nothing else (the trigger below, as a policy cannot compare a row with its old values).
drop policy capacity_requests_update on capacity_requests;
create policy capacity_requests_update on capacity_requests for update
    using (state = 'pending' and project_id in (select app.editable_project_ids()))
    with check (state = 'withdrawn' and decided_by = (select app.current_user_id())
                and project_id in (select app.editable_project_ids()));

create function app.guard_capacity_request_update() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        -- The owner (migrations, the CLI, app.decide_capacity_request) is trusted code.
        if current_user = (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = tg_relid) then
            return new;
        end if;
        if (new.id, new.project_id, new.requesting_org_id, new.receiving_org_id, new.message,
            new.created_by, new.created_at)
           is distinct from
           (old.id, old.project_id, old.requesting_org_id, old.receiving_org_id, old.message,
            old.created_by, old.created_at) then
            raise exception 'capacity request: only its state can change (withdraw it)'
                using errcode = 'insufficient_privilege';
        end if;
        return new;
    end $$;
create trigger capacity_requests_guard_update before update on capacity_requests
    for each row execute function app.guard_capacity_request_update();
