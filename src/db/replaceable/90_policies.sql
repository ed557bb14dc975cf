-- Row-level security policies (SPEC §7, docs/rls.md "Policies"). RLS is enabled on every table
-- by the migration that creates it; the policies live here. Every helper call is wrapped in
-- `(select …)`, so PostgreSQL evaluates it once per statement (an InitPlan or a hashed SubPlan),
-- never once per row, and the columns the policies compare lead an index.

-- Project data: visible projects are readable, editable projects writable. The select policies
-- pass the focus project's rows first (40_visible_projects.sql): PostgreSQL evaluates the arms of
-- an OR in order and builds the hashed visible set only for a row that reaches it.
do $$
declare
    t text;
begin
    foreach t in array array[
        'project_partners', 'work_packages', 'tasks', 'milestones', 'deliverables', 'capacity_demand',
        'role_demand', 'project_hour_rates', 'project_group_hour_rates', 'assignments',
        'allocation_overrides', 'capacity_request_lines'
    ] loop
        execute format($p$create policy %I on %I for insert
            with check (project_id in (select app.editable_project_ids()))$p$, t || '_insert', t);
        execute format($p$create policy %I on %I for update
            using (project_id in (select app.editable_project_ids()))
            with check (project_id in (select app.editable_project_ids()))$p$, t || '_update', t);
        execute format($p$create policy %I on %I for delete
            using (project_id in (select app.editable_project_ids()))$p$, t || '_delete', t);
    end loop;
    -- The sums of demand (70_demand_sums.sql) are readable like the demand; only their trigger
    -- function, run as the owner, writes them.
    foreach t in array array[
        'project_partners', 'work_packages', 'tasks', 'milestones', 'deliverables', 'capacity_demand',
        'role_demand', 'project_hour_rates', 'project_group_hour_rates', 'assignments',
        'allocation_overrides', 'project_demand_totals', 'organisation_month_demand'
    ] loop
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything())
                   or (project_id = (select app.focus_project_id()) and (select app.sees_focus_project()))
                   or project_id in (select app.visible_project_ids()))$p$,
            t || '_select', t);
    end loop;
end $$;

create policy projects_select on projects for select
    using ((select app.sees_everything())
           or (id = (select app.focus_project_id()) and (select app.sees_focus_project()))
           or id in (select app.visible_project_ids()));
-- A new project has no partners yet: an org-scoped editor creates it under their own organisations.
create policy projects_insert on projects for insert
    with check ((select app.can_edit())
                and ((select app.sees_everything()) or owner_org_id in (select app.user_org_ids())));
create policy projects_update on projects for update
    using (id in (select app.editable_project_ids()))
    with check (app.project_row_visible(id, owner_org_id));
create policy projects_delete on projects for delete
    using (id in (select app.editable_project_ids()));

-- Capacity requests are also seen by the receiving organisation's people, who decide through
-- app.decide_capacity_request; the asking side creates them and may only withdraw a pending one,
-- in its own name (app.guard_capacity_request_update refuses any other change).
create policy capacity_requests_select on capacity_requests for select
    using ((select app.sees_everything())
           or project_id in (select app.visible_project_ids())
           or receiving_org_id in (select app.user_org_ids()));
create policy capacity_requests_insert on capacity_requests for insert
    with check (project_id in (select app.editable_project_ids()));
create policy capacity_requests_update on capacity_requests for update
    using (state = 'pending' and project_id in (select app.editable_project_ids()))
    with check (state = 'withdrawn' and decided_by = (select app.current_user_id())
                and project_id in (select app.editable_project_ids()));
create policy capacity_requests_delete on capacity_requests for delete
    using (project_id in (select app.editable_project_ids()));
-- Lines of a request are readable wherever the request is.
create policy capacity_request_lines_select on capacity_request_lines for select
    using ((select app.sees_everything())
           or project_id in (select app.visible_project_ids())
           or capacity_request_id in (select r.id from capacity_requests r
                                      where r.receiving_org_id in (select app.user_org_ids())));

-- People: visible persons are readable, checked by organisation (app.person_org_ids, a few dozen
-- ids) and the linked person; administrators maintain them. The tables keyed by person check the
-- person's organisation by the same rule: the planner hashes the persons of those organisations
-- once a statement, which stays cheap for statements that read many rows.
create policy persons_select on persons for select
    using ((select app.sees_everything())
           or organisation_id in (select app.person_org_ids())
           or id = (select app.linked_person_id()));
do $$
declare
    t text;
begin
    foreach t in array array['employee_group_memberships', 'fte_periods', 'leaves'] loop
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything())
                   or person_id = (select app.linked_person_id())
                   or person_id in (select p.id from persons p
                                    where p.organisation_id in (select app.person_org_ids())))$p$,
            t || '_select', t);
    end loop;
    foreach t in array array['persons', 'employee_group_memberships', 'fte_periods', 'leaves'] loop
        execute format($p$create policy %I on %I for all
            using ((select app.is_admin())) with check ((select app.is_admin()))$p$, t || '_admin', t);
    end loop;
end $$;

-- Users: everyone sees themself, administrators see everyone; sign-in writes as the owner.
create policy users_select on users for select
    using (id = (select app.current_user_id()) or (select app.is_admin()));
create policy users_admin on users for all
    using ((select app.is_admin())) with check ((select app.is_admin()));
create policy user_organisations_select on user_organisations for select
    using (user_id = (select app.current_user_id()) or (select app.is_admin()));
create policy user_organisations_admin on user_organisations for all
    using ((select app.is_admin())) with check ((select app.is_admin()));

-- Personal data: only its owner, for every command.
create policy user_settings_owner on user_settings for all
    using (user_id = (select app.current_user_id()))
    with check (user_id = (select app.current_user_id()));
create policy pending_imports_owner on pending_imports for all
    using (user_id = (select app.current_user_id()))
    with check (user_id = (select app.current_user_id()));
create policy shared_views_owner on shared_views for all
    using (owner_user_id = (select app.current_user_id()))
    with check (owner_user_id = (select app.current_user_id()));

-- Personal access tokens: a user sees and revokes their own, administrators everyone's (the
-- users page); a user creates tokens only for themself (operators mint for others from the
-- command line, as the owner). No one deletes through the app role: a revoked token stays listed.
create policy personal_access_tokens_select on personal_access_tokens for select
    using (user_id = (select app.current_user_id()) or (select app.is_admin()));
create policy personal_access_tokens_insert on personal_access_tokens for insert
    with check (user_id = (select app.current_user_id()));
create policy personal_access_tokens_update on personal_access_tokens for update
    using (user_id = (select app.current_user_id()) or (select app.is_admin()))
    with check (user_id = (select app.current_user_id()) or (select app.is_admin()));

-- Scenarios (50_scenarios.sql): read by their owner and those they are shared with, written by
-- their owner only. A change is read only with its project; an owner records changes only to
-- projects they see.
-- The owner's own rows directly: a new row (INSERT … RETURNING) is not yet in the set the helper
-- reads.
create policy scenarios_select on scenarios for select
    using ((owner_user_id = (select app.current_user_id()) and (select app.may_plan()))
           or id in (select app.readable_scenario_ids()));
create policy scenarios_insert on scenarios for insert
    with check (owner_user_id = (select app.current_user_id()) and (select app.may_plan()));
create policy scenarios_update on scenarios for update
    using (id in (select app.owned_scenario_ids()))
    with check (owner_user_id = (select app.current_user_id()));
create policy scenarios_delete on scenarios for delete
    using (id in (select app.owned_scenario_ids()));
create policy scenario_shares_select on scenario_shares for select
    using (scenario_id in (select app.readable_scenario_ids()));
create policy scenario_shares_insert on scenario_shares for insert
    with check (scenario_id in (select app.owned_scenario_ids()));
create policy scenario_shares_delete on scenario_shares for delete
    using (scenario_id in (select app.owned_scenario_ids()));
create policy scenario_changes_select on scenario_changes for select
    using (scenario_id in (select app.readable_scenario_ids())
           and ((select app.sees_everything()) or project_id in (select app.visible_project_ids())));
create policy scenario_changes_insert on scenario_changes for insert
    with check (scenario_id in (select app.owned_scenario_ids())
                and ((select app.sees_everything()) or project_id in (select app.visible_project_ids())));
create policy scenario_changes_update on scenario_changes for update
    using (scenario_id in (select app.owned_scenario_ids()))
    with check (scenario_id in (select app.owned_scenario_ids()));
create policy scenario_changes_delete on scenario_changes for delete
    using (scenario_id in (select app.owned_scenario_ids()));

-- Audit log: append-only (the app role has no UPDATE/DELETE grant); rows are written in the
-- name of the signed-in user; administrators read everything, others the history of visible
-- projects.
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
        execute format($p$create policy %I on %I for select using ((select app.is_signed_in()))$p$,
            t || '_select', t);
        execute format($p$create policy %I on %I for all
            using ((select app.is_admin())) with check ((select app.is_admin()))$p$, t || '_admin', t);
    end loop;
end $$;

-- The data versions say nothing: readable by everyone, signed in or not; only the trigger
-- function, run as the owner, writes them (the app role's writes match no policy).
create policy data_versions_select on data_versions for select using (true);
