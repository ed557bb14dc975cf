create or replace function app.current_user_id() returns uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select nullif(current_setting('app.current_user_id', true), '')::uuid $$;

create or replace function app.linked_person_id() returns uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select p.id from persons p where p.user_id = app.current_user_id() $$;

create or replace function app.user_root_org_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with recursive up (id, parent_id) as (
            select o.id, o.parent_id from organisations o
            join user_organisations uo on uo.organisation_id = o.id
            where uo.user_id = app.current_user_id()
            union
            select o.id, o.parent_id from organisations o join up on o.id = up.parent_id
        ),
        down (id) as (
            select id from up where parent_id is null
            union
            select o.id from organisations o join down d on o.parent_id = d.id
        )
        select id from down
    $$;
