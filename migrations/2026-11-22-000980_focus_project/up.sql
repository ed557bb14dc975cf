-- A single-project page (the capacity grid, its CSV) reads a handful of project tables, and each
-- table's select policy asked for the whole visible set: for an org-scoped user that is the set
-- worked out once (~1.3 ms) and then re-read from the memo of migration 000960 and hashed for
-- every table of every statement (~0.4 ms each), which made these pages 1.4–1.6 times slower than
-- for an admin. Such a request now names its project in the transaction-local setting
-- app.focus_project; rows of that project pass once the user is known to see it, which is one
-- indexed check per transaction, and the visible set is never worked out. Any other row still
-- goes through the visible set, so the setting only spares work: naming a project the user does
-- not see shows nothing more.

-- The project the request is about, or null. Plain SQL, so the planner inlines it.
create function app.focus_project_id() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.focus_project', true), '')::uuid $$;

-- Whether the current user sees the focus project: the rule of app.compute_visible_project_ids()
-- for one project. Remembered for the transaction in app.focus_seen as
-- "<user id>:<project id>:t|f" and forgotten by the same writes as the visible set.
create function app.sees_focus_project() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        focus text := coalesce(current_setting('app.focus_project', true), '');
        memo text := coalesce(current_setting('app.focus_seen', true), '');
        key text := asker || ':' || focus || ':';
        project uuid;
        seen boolean;
    begin
        if focus = '' then
            return false;
        end if;
        if memo <> '' and left(memo, length(key)) = key then
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
        perform set_config('app.focus_seen', key || case when seen then 't' else 'f' end, true);
        return seen;
    end $$;

-- The visible set itself, for when it is needed (lists, portfolio): the same rule as migration
-- 000960's, read from the tables directly in PL/pgSQL (plans cached per connection) instead of
-- through five nested SQL functions planned on each call: ~0.7 ms instead of ~1.2 ms for an
-- org-scoped user of the large demo. rls::each_user_sees_exactly_their_rows_in_every_table
-- checks the rule for every kind of user.
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

create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        perform set_config('app.focus_seen', '', true);
        return null;
    end $$;

-- The select policies of project data: the focus project's rows first (PostgreSQL evaluates
-- the arms of an OR in order and builds the hashed visible set only when a row needs it).
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
            using ((select app.sees_everything())
                   or (project_id = (select app.focus_project_id()) and (select app.sees_focus_project()))
                   or project_id in (select app.visible_project_ids()))$p$,
            t || '_select', t);
    end loop;
end $$;

drop policy projects_select on projects;
create policy projects_select on projects for select
    using ((select app.sees_everything())
           or (id = (select app.focus_project_id()) and (select app.sees_focus_project()))
           or id in (select app.visible_project_ids()));
