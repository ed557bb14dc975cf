-- The ceiling of the capacity CSV export (/projects/{id}/capacity?format=csv): the same load as
-- the page (src/projects/demand.rs load): the visible project's head and
-- its demand rows (all series are loaded; the file has one).
-- pgbench -D uid=<user id> -D project=<project id>; run as the app role (RLS applies).
begin;
-- A single-project request names its project (Database::in_project_transaction, migration 000980).
select set_config('app.current_user_id', ':uid', true), set_config('app.focus_project', ':project', true);
select projects.id, projects.code, projects.start_month, projects.duration_months, projects.version
from projects
where projects.id = ':project'
  and ((select app.sees_everything()) or (select row_security_active('projects'))
       or (projects.id = (select app.focus_project_id()) and (select app.sees_focus_project()))
       or projects.id in (select app.visible_project_ids()));
select capacity_demand.task_id, capacity_demand.organisation_id, capacity_demand.month,
       capacity_demand.series, capacity_demand.pm
from capacity_demand
where capacity_demand.project_id = ':project';
commit;
