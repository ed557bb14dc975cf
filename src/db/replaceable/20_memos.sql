-- What the policies' helpers remember within one transaction, sealed (docs/rls.md, "Threat
-- model"). A memo is kept in a transaction-local setting, which the app role can set itself, so
-- each is kept with a seal beside it: SHA-256 in the nested NMAC construction under two 256-bit
-- keys of `app_private.memo_keys`, bound to the setting's name, this backend and this
-- transaction's start. A memo whose seal does not verify is ignored and worked out again.
--
-- These are called only by the SECURITY DEFINER functions of `app` (schema `app_private` is the
-- owner's alone), which already run as the owner with a fixed search_path; so they are neither
-- definer functions nor have a SET clause, which would cost more than the seal itself on every
-- call. Every name in them is schema-qualified.

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

-- Writes that change who sees what forget every memo of the transaction (the triggers below):
-- the memos hold "<user id>:<ids,>" and are read only for the same user, so a write of the
-- transaction itself is the only way they could go stale.
create function app.forget_memos() returns trigger
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

-- Everything the memos depend on: projects and their owners, partnerships, assignments (for
-- assigned-only users), users and their organisations, persons' links to users, the tree.
do $$
declare
    t text;
begin
    foreach t in array array['projects', 'project_partners', 'assignments', 'users',
                             'user_organisations', 'persons', 'organisations'] loop
        execute format('create trigger %I after insert or update or delete or truncate on %I
                        for each statement execute function app.forget_memos()',
                       t || '_forget_memos', t);
    end loop;
end $$;

-- Id-set memos hold "<user id>:<ids,>" and are read only for the same user: a connection that
-- changes its user within a transaction never gets the previous user's set.

-- The ids kept in setting `name` for the asking user, or null when there is no valid memo for
-- them (an empty set is '{}', not null).
create function app_private.memo_recall_ids(name text) returns uuid[]
    language plpgsql stable
    as $$
    declare
        asker text := coalesce(pg_catalog.current_setting('app.current_user_id', true), '');
        memo text := app_private.memo_recall(name);
    begin
        if memo is null or pg_catalog.split_part(memo, ':', 1) <> asker then
            return null;
        end if;
        return coalesce(pg_catalog.string_to_array(nullif(pg_catalog.split_part(memo, ':', 2), ''), ',')::uuid[],
                        '{}');
    end $$;

-- Keeps `ids` in setting `name` for the asking user, for the rest of the transaction.
create function app_private.memo_keep_ids(name text, ids uuid[]) returns void
    language plpgsql stable
    as $$
    begin
        perform app_private.memo_keep(name,
            coalesce(pg_catalog.current_setting('app.current_user_id', true), '') || ':'
            || pg_catalog.array_to_string(ids, ','));
    end $$;
