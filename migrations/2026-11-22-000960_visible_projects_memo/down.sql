do $$
declare
    t text;
begin
    foreach t in array array['projects', 'project_partners', 'assignments', 'users',
                             'user_organisations', 'persons', 'organisations'] loop
        execute format('drop trigger %I on %I', t || '_forget_visible_projects', t);
    end loop;
end $$;
drop function app.forget_visible_projects();

create or replace function app.visible_project_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with me as (
            select app.sees_everything() as everything, app.visibility() as visibility,
                   app.linked_person_id() as person
        )
        select p.id from projects p, me where me.everything
        union
        select p.id from projects p, me
        where me.visibility = 'org' and p.owner_org_id in (select app.user_org_ids())
        union
        select pp.project_id from project_partners pp, me
        where me.visibility = 'org' and pp.organisation_id in (select app.user_org_ids())
        union
        select a.project_id from assignments a, me
        where me.visibility = 'assigned' and a.person_id = me.person
    $$;
drop function app.compute_visible_project_ids();
