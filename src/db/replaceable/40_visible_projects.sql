-- Which projects the user sees and may change (SPEC §6): everything; or the projects whose owner
-- (POO) or a partner is one of the user's organisations or their descendants; or the projects the
-- user's linked person is assigned to. Admins always see everything.

-- The rule itself, read from the tables. For org-scoped users the organisations come as an array
-- from app.user_org_ids() (remembered per transaction) and the owner and partner rows are two
-- index lookups. rls::each_user_sees_exactly_their_rows_in_every_table checks the rule for every
-- kind of user.
create function app.compute_visible_project_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker uuid := nullif(current_setting('app.current_user_id', true), '')::uuid;
        user_role text;
        user_visibility text;
        organisations uuid[];
    begin
        select u.role, u.visibility into user_role, user_visibility from users u where u.id = asker;
        if user_role is null or user_role = 'none' then
            return;
        end if;
        if user_role in ('admin', 'super_admin') or user_visibility = 'all' then
            return query select p.id from projects p;
        elsif user_visibility = 'org' then
            organisations := array(select app.user_org_ids());
            return query
                select p.id from projects p where p.owner_org_id = any(organisations)
                union
                select pp.project_id from project_partners pp
                where pp.organisation_id = any(organisations);
        elsif user_visibility = 'assigned' then
            return query
                select distinct a.project_id from assignments a
                where a.person_id = (select p.id from persons p where p.user_id = asker limit 1);
        end if;
    end $$;

-- The same set, worked out once per transaction and remembered in `app.visible_projects`
-- ("<user id>:<ids,>", sealed): a page runs a dozen statements, each reading several project
-- tables whose policies ask for it.
create function app.visible_project_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        ids uuid[] := app_private.memo_recall_ids('app.visible_projects');
    begin
        if ids is null then
            ids := array(select app.compute_visible_project_ids());
            perform app_private.memo_keep_ids('app.visible_projects', ids);
        end if;
        return query select unnest(ids);
    end $$;

-- The same set as one array (all projects for users who see everything), for the projects list,
-- which needs only the ids: one prepared statement and one value instead of a query over
-- `projects` under its policy, planned per request. The rule, not a way around it: the same
-- function whether RLS is on or not.
create function app.visible_project_id_list() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if app.sees_everything() then
            return array(select p.id from projects p);
        end if;
        return array(select app.compute_visible_project_ids());
    end $$;

-- Projects the user may change: visible, editor or better, and not locked (by its flag or its
-- lifecycle state) unless the user is a super-admin.
create function app.editable_project_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select p.id
        from projects p
        left join lifecycle_states s on s.id = p.lifecycle_state_id
        where app.can_edit()
          and p.id in (select app.visible_project_ids())
          and ((select app.overrides_locks()) or not (p.locked or coalesce(s.locks_project, false)))
    $$;

create function app.can_edit_project(project uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select exists (select 1 from app.editable_project_ids() e where e = project) $$;

-- Whether a project row with these values would be visible: the WITH CHECK of project updates,
-- so that nobody moves a project out of their own sight (to an organisation they cannot see).
create function app.project_row_visible(project uuid, owner_org uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select app.sees_everything()
            or (app.visibility() = 'org'
                and (owner_org in (select app.user_org_ids())
                     or exists (select 1 from project_partners pp
                                where pp.project_id = project and pp.organisation_id in (select app.user_org_ids()))))
            or (app.visibility() = 'assigned'
                and exists (select 1 from assignments a where a.project_id = project and a.person_id = app.linked_person_id()))
    $$;

-- A single-project request (the capacity grid, its CSV, the Team tab) names its project in the
-- transaction-local setting `app.focus_project`; rows of that project pass once the user is
-- known to see it, one indexed check per transaction, and the visible set is never worked out.
-- Any other row still goes through the visible set, so the setting only spares work: naming a
-- project the user does not see shows nothing more. Plain SQL, so the planner inlines it.
create function app.focus_project_id() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.focus_project', true), '')::uuid $$;

-- Whether the current user sees the focus project: the rule of app.compute_visible_project_ids()
-- for one project. Remembered in `app.focus_seen` as "<user id>:<project id>:t|f", sealed.
create function app.sees_focus_project() returns boolean
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
