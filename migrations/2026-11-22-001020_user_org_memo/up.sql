-- The user's organisations and their descendants, worked out once per transaction. The focus
-- check of single-project pages (app.sees_focus_project, migration 000980) asks twice (owner,
-- then partners) and the capacity-request policies ask per statement; each call walked the
-- organisation tree again (~0.3 ms). Remembered like app.person_org_ids() (migration 000990): the
-- transaction-local setting app.user_orgs holds "<user id>:<ids,>", forgotten by the same writes
-- (user_organisations and organisations among them). Same answer; the function keeps its OID.

create or replace function app.user_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.user_orgs', true), '');
        ids uuid[];
    begin
        if memo <> '' and split_part(memo, ':', 1) = asker then
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
        perform set_config('app.user_orgs', asker || ':' || array_to_string(ids, ','), true);
        return query select unnest(ids);
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
        perform set_config('app.user_orgs', '', true);
        return null;
    end $$;
