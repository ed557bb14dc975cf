-- The ceiling of /projects (src/projects.rs list_with_totals): the visible projects and their
-- PM totals per series, in one transaction that first says who is asking (as Database::in_transaction).
-- pgbench -D uid=<user id>; run as the app role, so row-level security applies.
begin;
select set_config('app.current_user_id', ':uid', true);
select projects.id, projects.code, projects.name, organisations.short_name, lifecycle_states.name,
       projects.start_month, projects.duration_months, projects.locked, projects.owner_org_id,
       lifecycle_states.code, lifecycle_states.is_pipeline
from projects
left join organisations on projects.owner_org_id = organisations.id
left join lifecycle_states on projects.lifecycle_state_id = lifecycle_states.id
where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))
order by projects.code;
-- The totals per series are kept by triggers (migration project_demand_totals); the app passes
-- the ids it just read, array(subquery) is the same set, also read once.
select project_demand_totals.project_id, project_demand_totals.series, project_demand_totals.pm
from project_demand_totals
where project_demand_totals.project_id = any(array(
  select id from projects
  where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))));
commit;
