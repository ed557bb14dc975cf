create or replace function app.compute_visible_project_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker uuid := nullif(current_setting('app.current_user_id', true), '')::uuid;
        user_role text;
        user_visibility text;
    begin
        select u.role, u.visibility into user_role, user_visibility from users u where u.id = asker;
        if user_role is null or user_role = 'none' then
            return;
        end if;
        if user_role in ('admin', 'super_admin') or user_visibility = 'all' then
            return query select p.id from projects p;
        elsif user_visibility = 'org' then
            return query
                with recursive tree (id) as (
                    select uo.organisation_id from user_organisations uo where uo.user_id = asker
                    union
                    select o.id from organisations o join tree t on o.parent_id = t.id
                )
                select p.id from projects p where p.owner_org_id in (select id from tree)
                union
                select pp.project_id from project_partners pp
                where pp.organisation_id in (select id from tree);
        elsif user_visibility = 'assigned' then
            return query
                select distinct a.project_id from assignments a
                where a.person_id = (select p.id from persons p where p.user_id = asker limit 1);
        end if;
    end $$;

drop function app.visible_project_id_list();
