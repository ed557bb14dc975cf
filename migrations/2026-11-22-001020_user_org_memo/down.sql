create or replace function app.user_org_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with recursive tree (id) as (
            select uo.organisation_id from user_organisations uo where uo.user_id = app.current_user_id()
            union
            select o.id from organisations o join tree t on o.parent_id = t.id
        )
        select id from tree
    $$;

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
