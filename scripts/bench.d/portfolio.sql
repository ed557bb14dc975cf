-- The ceiling of /portfolio?months=24 (src/portfolio/mod.rs load): what a request reads when the
-- server's books (src/cache) hold people's capacity, projects' assignments and EST demand, as
-- they do between changes: the data versions, the organisations (the tree) and roles (the filter),
-- the visible projects with their lifecycle state, and the ids of the visible persons. The books'
-- refill after a change reads the rest once; the bench times that request separately.
-- pgbench -D uid=<user id> (app role, RLS applies).
begin;
select set_config('app.current_user_id', ':uid', true);
select capacity, staffing, demand from data_versions;
select id, parent_id, short_name from organisations order by short_name;
select id, name from role_types order by sort_order, name;
select projects.id, projects.code, lifecycle_states.code
from projects left join lifecycle_states on projects.lifecycle_state_id = lifecycle_states.id
where ((select app.sees_everything()) or (select row_security_active('projects'))
       or projects.id in (select app.visible_project_ids()));
select persons.id from persons
where ((select app.sees_everything()) or (select row_security_active('persons'))
       or persons.id in (select app.visible_person_ids()));
commit;
