do $$
declare
    t text;
    p record;
begin
    for p in select policyname, tablename from pg_policies where schemaname = 'public' loop
        execute format('drop policy %I on %I', p.policyname, p.tablename);
    end loop;
    for t in select tablename from pg_tables where schemaname = 'public' and rowsecurity loop
        execute format('alter table %I disable row level security', t);
    end loop;
end $$;
drop index assignments_person_id_project_id_idx;
drop schema app cascade;
