-- The ceiling of /projects (src/project_list.rs): with the projects book warm (src/cache/projects.rs)
-- a request reads the data versions and which projects the user may see; the rows, their filters,
-- order, totals and page come from the book. In one transaction that first says who is asking (as
-- Database::in_transaction). pgbench -D uid=<user id>; run as the app role (RLS applies).
begin;
select set_config('app.current_user_id', ':uid', true);
select capacity, staffing, demand, projects from data_versions;
select projects.id from projects
where ((select app.sees_everything()) or (select row_security_active('projects'))
       or projects.id in (select app.visible_project_ids()));
commit;
