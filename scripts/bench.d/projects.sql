-- The ceiling of /projects (src/projects/list.rs): with the projects book warm (src/cache/projects.rs)
-- a request reads the projects version (and whether the user is signed in, for the filters' choices
-- the book keeps), the user's settings and which projects the user may see; the rows, their
-- filters, order, totals and page come from the book. In one transaction that first says who is
-- asking (as Database::in_transaction). pgbench -D uid=<user id>; run as the app role (RLS applies).
begin;
select set_config('app.current_user_id', ':uid', true), set_config('app.focus_project', '', true);
select default_organisation_id, show_hours, locale from user_settings where user_id = ':uid';
select projects, app.is_signed_in() from data_versions;
select app.visible_project_id_list();
commit;
