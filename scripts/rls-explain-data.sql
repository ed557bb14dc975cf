-- Synthetic portfolio for the EXPLAIN in docs/rls.md: 50 organisations under 5 roots, 1,000 projects
-- with 2 partners each, 3 WPs and 8 tasks each, 36 months of EST demand (288,000 rows), 5,000 persons,
-- an org-scoped editor (member of ROOT1) and an admin. Run as the owner on a migrated, empty database.
-- 5 roots × 9 children = 50 organisations
insert into organisations (short_name, name) select 'ROOT' || r, 'Root ' || r from generate_series(1, 5) r;
insert into organisations (short_name, name, parent_id)
  select 'ROOT' || r || '-' || c, 'Unit ' || r || '.' || c, (select id from organisations where short_name = 'ROOT' || r)
  from generate_series(1, 5) r, generate_series(1, 9) c;
-- 1000 projects owned by random units, each with 2 partners from other roots, 3 WPs, 8 tasks, 36 months of EST
insert into projects (code, name, owner_org_id, lifecycle_state_id, start_month, duration_months)
  select 'PRJ-' || lpad(i::text, 4, '0'), 'Project ' || i,
         (select id from organisations where short_name = 'ROOT' || (1 + i % 5) || '-' || (1 + i % 9)),
         (select id from lifecycle_states where code = 'running'),
         date '2025-01-01' + ((i % 24) || ' months')::interval, 36
  from generate_series(1, 1000) i;
insert into project_partners (project_id, organisation_id)
  select p.id, o.id from projects p
  join lateral (select id from organisations where short_name in ('ROOT' || (1 + (substr(p.code, 5)::int + 1) % 5) || '-' || (1 + substr(p.code, 5)::int % 7),
                                                            'ROOT' || (1 + (substr(p.code, 5)::int + 2) % 5) || '-' || (1 + substr(p.code, 5)::int % 8))) o on true;
insert into work_packages (project_id, number, name, begin_month, end_month) select id, n, 'WP' || n, 1, 36 from projects, generate_series(1, 3) n;
insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
  select project_id, id, number || '.' || t, 'Task', 1, 36 from work_packages, generate_series(1, 3) t where not (number = 3 and t = 3);
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
  select t.project_id, t.id, p.owner_org_id, p.start_month + (m || ' months')::interval, 'EST', 0.5
  from tasks t join projects p on p.id = t.project_id, generate_series(0, 35) m;
-- 5000 persons
insert into persons (code, first_name, last_name, organisation_id)
  select 'person' || i || '@test', 'First' || i, 'Last' || i,
         (select id from organisations where short_name = 'ROOT' || (1 + i % 5) || '-' || (1 + i % 9))
  from generate_series(1, 5000) i;
insert into users (sub, username, role, visibility) values ('explain-org', 'orgeditor', 'editor', 'org'), ('explain-admin', 'admin', 'admin', 'all');
insert into user_organisations (user_id, organisation_id)
  select u.id, o.id from users u, organisations o where u.sub = 'explain-org' and o.short_name = 'ROOT1';
analyze;
