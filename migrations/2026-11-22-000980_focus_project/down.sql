do $$
declare
    t text;
begin
    foreach t in array array[
        'project_partners', 'work_packages', 'tasks', 'milestones', 'deliverables', 'capacity_demand',
        'role_demand', 'project_hour_rates', 'project_group_hour_rates', 'assignments',
        'allocation_overrides', 'project_demand_totals', 'organisation_month_demand'
    ] loop
        execute format('drop policy %I on %I', t || '_select', t);
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything()) or project_id in (select app.visible_project_ids()))$p$,
            t || '_select', t);
    end loop;
end $$;

drop policy projects_select on projects;
create policy projects_select on projects for select
    using ((select app.sees_everything()) or id in (select app.visible_project_ids()));

create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        return null;
    end $$;

-- The function of migration 000960, unchanged.
create or replace function app.compute_visible_project_ids() returns setof uuid
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

drop function app.sees_focus_project();
drop function app.focus_project_id();
