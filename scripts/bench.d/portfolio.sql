-- The ceiling of /portfolio?months=24 (src/portfolio.rs load, src/staffing.rs): the visible
-- people, their assignments in the months and the EST demand per organisation and month. The
-- people's capacity facts (FTE, leave, holidays) are small and left out; the app passes the ids
-- it read; array(subquery) is the same set, also read once.
-- pgbench -D uid=<user id> -D portfolio_first=YYYY-MM-01 -D portfolio_last=YYYY-MM-01 (app role).
begin;
select set_config('app.current_user_id', ':uid', true);
select persons.id, persons.code, persons.first_name, persons.last_name, persons.email,
       persons.organisation_id, organisations.short_name, persons.employment_start, persons.employment_end
from persons join organisations on persons.organisation_id = organisations.id
where ((select app.sees_everything()) or persons.id in (select app.visible_person_ids()));
select assignments.id, assignments.person_id, projects.id, projects.code, assignments.role_type_id,
       assignments.allocation_group_id, assignments.allocation_percent, assignments.start_month,
       assignments.end_month
from assignments join projects on assignments.project_id = projects.id
where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))
  and assignments.end_month >= ':portfolio_first' and assignments.start_month <= ':portfolio_last'
  and assignments.person_id = any(array(
    select id from persons
    where ((select app.sees_everything()) or persons.id in (select app.visible_person_ids()))))
order by projects.code, assignments.start_month, assignments.id;
select capacity_demand.organisation_id, capacity_demand.month, sum(capacity_demand.pm)
from capacity_demand
join projects on capacity_demand.project_id = projects.id
left join lifecycle_states on projects.lifecycle_state_id = lifecycle_states.id
where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))
  and capacity_demand.series = 'EST'
  and capacity_demand.month between ':portfolio_first' and ':portfolio_last'
  and (lifecycle_states.code is null or lifecycle_states.code <> 'rejected')
group by capacity_demand.organisation_id, capacity_demand.month;
commit;
