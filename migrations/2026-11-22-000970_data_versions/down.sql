do $$
declare
    t record;
begin
    for t in select tgname, tgrelid::regclass as tbl from pg_trigger
             where tgfoid = 'app.new_data_version()'::regprocedure loop
        execute format('drop trigger %I on %s', t.tgname, t.tbl);
    end loop;
end $$;
drop function app.new_data_version();
drop table data_versions;
