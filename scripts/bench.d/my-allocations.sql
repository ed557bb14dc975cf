-- The ceiling of /my-allocations (src/web/people/my_allocations.rs, src/people/staffing.rs person_plan): the
-- user's person and their assignments in the next 12 months.
-- pgbench -D uid=<user id> -D my_first=YYYY-MM-01 -D my_last=YYYY-MM-01 (app role, RLS applies).
begin;
select set_config('app.current_user_id', ':uid', true);
select persons.id, persons.code, persons.first_name, persons.last_name, persons.organisation_id,
       persons.employment_start, persons.employment_end
from persons where persons.user_id = ':uid';
select assignments.id, assignments.person_id, projects.id, projects.code, assignments.role_type_id,
       assignments.allocation_group_id, assignments.allocation_percent, assignments.start_month,
       assignments.end_month
from assignments join projects on assignments.project_id = projects.id
where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))
  and assignments.end_month >= ':my_first' and assignments.start_month <= ':my_last'
  and assignments.person_id = any(array(select id from persons where persons.user_id = ':uid'))
order by projects.code, assignments.start_month, assignments.id;
commit;
