-- The ceiling of /projects (src/project_list.rs page): the first page of 100 visible projects in
-- code order with the count and totals of all of them (window aggregates), then the partners of
-- the page's projects, in one transaction that first says who is asking (as
-- Database::in_transaction). pgbench -D uid=<user id>; run as the app role (RLS applies).
begin;
select set_config('app.current_user_id', ':uid', true);
select l.*, count(*) over () as total, sum(projplan) over () as all_projplan,
       sum(est) over () as all_est, sum(actual) over () as all_actual
from (
    select p.id, p.code, p.name, o.short_name as owner, ls.name as lifecycle, p.start_month,
           p.duration_months, p.locked, p.owner_org_id, ls.code as lifecycle_code,
           coalesce(ls.is_pipeline, false) as is_pipeline,
           coalesce(t.projplan, 0) as projplan, coalesce(t.est, 0) as est,
           coalesce(t.actual, 0) as actual
    from projects p
    left join organisations o on o.id = p.owner_org_id
    left join lifecycle_states ls on ls.id = p.lifecycle_state_id
    left join (select project_id,
                      sum(pm) filter (where series = 'PROJPLAN') as projplan,
                      sum(pm) filter (where series = 'EST') as est,
                      sum(pm) filter (where series = 'ACTUAL') as actual
               from project_demand_totals group by project_id) t on t.project_id = p.id
    where ((select app.sees_everything()) or (select row_security_active('projects'))
           or p.id in (select app.visible_project_ids()))
) l
order by code collate "C" asc limit 100 offset 0;
-- The app passes the page's ids; array(subquery) is the same set.
select project_partners.project_id, organisations.id, organisations.short_name
from project_partners
inner join organisations on organisations.id = project_partners.organisation_id
where project_partners.project_id = any(array(
  select id from projects order by code collate "C" limit 100))
order by organisations.short_name;
commit;
