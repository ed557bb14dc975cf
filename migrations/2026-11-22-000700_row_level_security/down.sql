drop index shared_views_owner_user_id_created_at_idx;
drop index assignments_person_id_project_id_idx;
do $$
declare
    t text;
begin
    for t in select tablename from pg_tables where schemaname = 'public' and rowsecurity loop
        execute format('alter table %I disable row level security', t);
    end loop;
end $$;
drop table app_private.replaceable_schema;
drop table app_private.memo_keys;
do $$
begin
    execute format('grant connect, temporary on database %I to public', current_database());
end $$;
alter default privileges grant execute on functions to public;
grant execute on all functions in schema public to public;
drop schema app_private;
drop schema app;
