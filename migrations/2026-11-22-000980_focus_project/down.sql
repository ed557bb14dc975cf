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

drop function app.sees_focus_project();
drop function app.focus_project_id();
