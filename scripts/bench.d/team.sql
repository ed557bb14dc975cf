-- The ceiling of /projects/{id}/team (src/people/allocations.rs load) with the capacity facts' book warm
-- (src/cache/facts.rs): the data versions, the project's assignments, their people, whether more
-- than 200 people could be offered (the finder lists none until the user searches), the terms of
-- the team's assignments on every visible project (staffing::terms_of_persons), and the project's
-- demand grid (team::load reads it with capacity::load: every series, though the page compares
-- EST).
-- pgbench -D uid=<user id> -D project=<project id> (app role, RLS applies).
begin;
-- A single-project request names its project (Database::in_project_transaction, migration 000980).
select set_config('app.current_user_id', ':uid', true), set_config('app.focus_project', ':project', true);
select capacity, staffing, demand, projects from data_versions;
select assignments.id, assignments.person_id, projects.id, projects.code, assignments.role_type_id,
       assignments.allocation_group_id, assignments.allocation_percent, assignments.start_month,
       assignments.end_month
from assignments join projects on assignments.project_id = projects.id
where ((select app.sees_everything()) or (select row_security_active('projects'))
       or (projects.id = (select app.focus_project_id()) and (select app.sees_focus_project()))
       or projects.id in (select app.visible_project_ids()))
  and assignments.project_id = ':project'
order by assignments.start_month, assignments.id;
select persons.id, persons.code, persons.first_name, persons.last_name, persons.organisation_id
from persons
where ((select app.sees_everything()) or (select row_security_active('persons'))
       or persons.id in (select app.visible_person_ids()))
  and persons.id in (select person_id from assignments where project_id = ':project');
select persons.id from persons
where ((select app.sees_everything()) or (select row_security_active('persons'))
       or persons.id in (select app.visible_person_ids()))
limit 201;
select assignments.id, assignments.person_id, assignments.allocation_percent,
       assignments.start_month, assignments.end_month
from assignments
where ((select app.sees_everything()) or (select row_security_active('assignments'))
       or (assignments.project_id = (select app.focus_project_id()) and (select app.sees_focus_project()))
       or assignments.project_id in (select app.visible_project_ids()))
  and assignments.person_id in (select person_id from assignments where project_id = ':project');
select capacity_demand.task_id, capacity_demand.organisation_id, capacity_demand.month,
       capacity_demand.series, capacity_demand.pm
from capacity_demand
where capacity_demand.project_id = ':project';
commit;
