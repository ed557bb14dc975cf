-- Row-level security (SPEC §7). Policies read only `app.current_user_id` (set per transaction by
-- the server) and what login stored about that user: role, visibility, organisations, linked
-- person. The helpers below are SECURITY DEFINER (they read users and organisations as the
-- owner, so the policies do not recurse), STABLE, and have a fixed search_path. Policies call
-- them inside `(select ...)` so each is evaluated once per statement, not once per row.
-- See docs/rls.md.

create schema app;
-- The functions only ever describe the calling user's own visibility, so anyone may call them;
-- granting to PUBLIC also keeps them usable whatever POSTGRES_APP_USER is called.
grant usage on schema app to public;

create function app.current_user_id() returns uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select nullif(current_setting('app.current_user_id', true), '')::uuid $$;

-- 'none', 'viewer', 'editor', 'admin', 'super_admin', or null when nobody (or an unknown id) asks.
create function app.current_role() returns text
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select u.role from users u where u.id = app.current_user_id() $$;

create function app.is_signed_in() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select app.current_role() is not null $$;

create function app.is_admin() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.current_role() in ('admin', 'super_admin'), false) $$;

create function app.can_edit() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.current_role() in ('editor', 'admin', 'super_admin'), false) $$;

-- Admins always; others with a role and no visibility restriction.
create function app.sees_everything() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select coalesce(
            (select u.role in ('admin', 'super_admin') or (u.role <> 'none' and u.visibility = 'all')
             from users u where u.id = app.current_user_id()),
            false)
    $$;

-- 'all', 'org' or 'assigned' for users with a role; null otherwise.
create function app.visibility() returns text
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select case when u.role in ('admin', 'super_admin') then 'all' else u.visibility end
        from users u where u.id = app.current_user_id() and u.role <> 'none'
    $$;

-- The user's organisations and all their descendants.
create function app.user_org_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with recursive tree (id) as (
            select uo.organisation_id from user_organisations uo where uo.user_id = app.current_user_id()
            union
            select o.id from organisations o join tree t on o.parent_id = t.id
        )
        select id from tree
    $$;

-- Every organisation under the roots (legal entities) of the user's organisations.
create function app.user_root_org_ids() returns setof uuid
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

create function app.linked_person_id() returns uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select p.id from persons p where p.user_id = app.current_user_id() $$;

-- Projects the user may see (SPEC §6). The user's mode is read once (`me`), and each branch is
-- a plain set-based query, so the function costs one index or hash lookup per project.
create function app.visible_project_ids() returns setof uuid
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
          and (app.current_role() = 'super_admin' or not (p.locked or coalesce(s.locks_project, false)))
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

-- Persons the user may see: everyone, the persons of their organisations' roots, or only
-- themself; their own person always.
create function app.visible_person_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with me as (
            select app.sees_everything() as everything, app.visibility() as visibility,
                   app.linked_person_id() as person
        )
        select p.id from persons p, me where me.everything
        union
        select p.id from persons p, me
        where me.visibility = 'org' and p.organisation_id in (select app.user_root_org_ids())
        union
        select me.person from me where me.person is not null
    $$;

-- `/s/<code>`: the target of a share link, counting the click. Runs as the owner because the
-- link belongs to another user; the target page applies the visitor's own visibility.
create function app.resolve_share(share_code text) returns text
    language sql volatile security definer set search_path = pg_catalog, public, pg_temp
    as $$
        update shared_views set clicks = clicks + 1, last_clicked_at = now()
        where code = share_code and app.is_signed_in()
        returning target_path
    $$;

-- The assigned-only visibility looks up a person's projects; every other compared column
-- (project_id, person_id, user_id, organisation ids) already leads an index.
create index assignments_person_id_project_id_idx on assignments (person_id, project_id);

-- ---- Policies --------------------------------------------------------------------------
-- Project data: visible projects are readable; editable projects are writable.
do $$
declare
    t text;
begin
    foreach t in array array[
        'project_partners', 'work_packages', 'tasks', 'milestones', 'deliverables', 'capacity_demand',
        'role_demand', 'project_hour_rates', 'project_group_hour_rates', 'assignments',
        'allocation_overrides', 'capacity_request_lines'
    ] loop
        execute format('alter table %I enable row level security', t);
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything()) or project_id in (select app.visible_project_ids()))$p$,
            t || '_select', t);
        execute format($p$create policy %I on %I for insert
            with check (project_id in (select app.editable_project_ids()))$p$, t || '_insert', t);
        execute format($p$create policy %I on %I for update
            using (project_id in (select app.editable_project_ids()))
            with check (project_id in (select app.editable_project_ids()))$p$, t || '_update', t);
        execute format($p$create policy %I on %I for delete
            using (project_id in (select app.editable_project_ids()))$p$, t || '_delete', t);
    end loop;
end $$;

alter table projects enable row level security;
create policy projects_select on projects for select
    using ((select app.sees_everything()) or id in (select app.visible_project_ids()));
-- A new project has no partners yet: an org-scoped editor creates it under their own organisations.
create policy projects_insert on projects for insert
    with check ((select app.can_edit())
                and ((select app.sees_everything()) or owner_org_id in (select app.user_org_ids())));
create policy projects_update on projects for update
    using (id in (select app.editable_project_ids()))
    with check (app.project_row_visible(id, owner_org_id));
create policy projects_delete on projects for delete
    using (id in (select app.editable_project_ids()));

-- Capacity requests are also seen, and answered, by the receiving organisation's people.
alter table capacity_requests enable row level security;
create policy capacity_requests_select on capacity_requests for select
    using ((select app.sees_everything())
           or project_id in (select app.visible_project_ids())
           or receiving_org_id in (select app.user_org_ids()));
create policy capacity_requests_insert on capacity_requests for insert
    with check (project_id in (select app.editable_project_ids()));
create policy capacity_requests_update on capacity_requests for update
    using (project_id in (select app.editable_project_ids())
           or ((select app.can_edit()) and receiving_org_id in (select app.user_org_ids())))
    with check (project_id in (select app.editable_project_ids())
                or ((select app.can_edit()) and receiving_org_id in (select app.user_org_ids())));
create policy capacity_requests_delete on capacity_requests for delete
    using (project_id in (select app.editable_project_ids()));
-- Lines of a request are readable wherever the request is.
drop policy capacity_request_lines_select on capacity_request_lines;
create policy capacity_request_lines_select on capacity_request_lines for select
    using ((select app.sees_everything())
           or project_id in (select app.visible_project_ids())
           or capacity_request_id in (select r.id from capacity_requests r
                                      where r.receiving_org_id in (select app.user_org_ids())));

-- People: visible persons are readable; administrators maintain them.
do $$
declare
    t text;
    key text;
begin
    foreach t in array array['persons', 'employee_group_memberships', 'fte_periods', 'leaves'] loop
        key := case when t = 'persons' then 'id' else 'person_id' end;
        execute format('alter table %I enable row level security', t);
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything()) or %I in (select app.visible_person_ids()))$p$,
            t || '_select', t, key);
        execute format($p$create policy %I on %I for all
            using ((select app.is_admin())) with check ((select app.is_admin()))$p$, t || '_admin', t);
    end loop;
end $$;

-- Users: everyone sees themself, administrators see everyone; login writes as the owner.
alter table users enable row level security;
create policy users_select on users for select
    using (id = (select app.current_user_id()) or (select app.is_admin()));
create policy users_admin on users for all
    using ((select app.is_admin())) with check ((select app.is_admin()));

alter table user_organisations enable row level security;
create policy user_organisations_select on user_organisations for select
    using (user_id = (select app.current_user_id()) or (select app.is_admin()));
create policy user_organisations_admin on user_organisations for all
    using ((select app.is_admin())) with check ((select app.is_admin()));

-- Personal data: only its owner, for every command.
alter table user_settings enable row level security;
create policy user_settings_owner on user_settings for all
    using (user_id = (select app.current_user_id()))
    with check (user_id = (select app.current_user_id()));

alter table shared_views enable row level security;
create policy shared_views_owner on shared_views for all
    using (owner_user_id = (select app.current_user_id()))
    with check (owner_user_id = (select app.current_user_id()));

-- Audit log: append-only (the app role has no UPDATE/DELETE grant); rows are written in the
-- name of the signed-in user; administrators read everything, others the history of visible projects.
alter table audit_log enable row level security;
create policy audit_log_select on audit_log for select
    using ((select app.is_admin())
           or (project_id is not null and project_id in (select app.visible_project_ids())));
create policy audit_log_insert on audit_log for insert
    with check ((select app.is_signed_in()) and user_id = (select app.current_user_id()));

-- Organisations, lookups and calendars: every signed-in user reads them; administrators change them.
do $$
declare
    t text;
begin
    foreach t in array array[
        'organisations', 'lifecycle_states', 'lookup_groups', 'role_types', 'deliverable_types',
        'dissemination_levels', 'allocation_groups', 'calendars', 'holidays', 'leave_types',
        'employee_groups', 'employee_group_hours', 'system_hour_rates'
    ] loop
        execute format('alter table %I enable row level security', t);
        execute format($p$create policy %I on %I for select using ((select app.is_signed_in()))$p$,
            t || '_select', t);
        execute format($p$create policy %I on %I for all
            using ((select app.is_admin())) with check ((select app.is_admin()))$p$, t || '_admin', t);
    end loop;
end $$;
