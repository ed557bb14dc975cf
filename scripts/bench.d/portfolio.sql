-- The ceiling of /portfolio?months=24 (src/portfolio.rs load, src/staffing.rs): the visible
-- people, their FTE periods and leave, their assignments in the months and the EST demand per
-- organisation and month (holidays and group hours are a few hundred rows and left out). The app
-- passes the ids it read; array(subquery) is the same set, also read once.
-- pgbench -D uid=<user id> -D portfolio_first=YYYY-MM-01 -D portfolio_last=YYYY-MM-01 (app role).
begin;
select set_config('app.current_user_id', ':uid', true);
select persons.id, persons.code, persons.first_name, persons.last_name, persons.email,
       persons.organisation_id, organisations.short_name, persons.employment_start, persons.employment_end
from persons join organisations on persons.organisation_id = organisations.id
where ((select app.sees_everything()) or persons.id in (select app.visible_person_ids()));
select fte_periods.person_id, fte_periods.start_date, fte_periods.end_date, fte_periods.fte_percent
from fte_periods
where fte_periods.person_id = any(array(
  select id from persons
  where ((select app.sees_everything()) or persons.id in (select app.visible_person_ids()))))
order by fte_periods.start_date;
select leaves.person_id, leaves.start_date, leaves.end_date
from leaves
where leaves.person_id = any(array(
  select id from persons
  where ((select app.sees_everything()) or persons.id in (select app.visible_person_ids()))))
  and leaves.end_date >= ':portfolio_first'
  and leaves.start_date <= date ':portfolio_last' + interval '1 month' - interval '1 day';
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
-- EST demand from the trigger-kept sums per project, organisation and month (migration demand_sums).
select organisation_month_demand.organisation_id, organisation_month_demand.month,
       sum(organisation_month_demand.pm)
from organisation_month_demand
join projects on organisation_month_demand.project_id = projects.id
left join lifecycle_states on projects.lifecycle_state_id = lifecycle_states.id
where ((select app.sees_everything()) or projects.id in (select app.visible_project_ids()))
  and organisation_month_demand.series = 'EST'
  and organisation_month_demand.month between ':portfolio_first' and ':portfolio_last'
  and (lifecycle_states.code is null or lifecycle_states.code <> 'rejected')
group by organisation_month_demand.organisation_id, organisation_month_demand.month;
commit;
