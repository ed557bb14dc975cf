do $$
declare
    t record;
begin
    for t in select tgname, tgrelid::regclass as tbl from pg_trigger
             where tgfoid = 'app.new_data_version()'::regprocedure
               and tgname like '%\_projects\_version\_%' loop
        execute format('drop trigger %I on %s', t.tgname, t.tbl);
    end loop;
end $$;
create or replace function app.new_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if tg_op <> 'TRUNCATE' then
            if not exists (select 1 from changed_rows) then
                return null;
            end if;
        end if;
        case tg_argv[0]
            when 'capacity' then update data_versions set capacity = gen_random_uuid();
            when 'staffing' then update data_versions set staffing = gen_random_uuid();
            else update data_versions set demand = gen_random_uuid();
        end case;
        return null;
    end $$;
alter table data_versions drop column projects;
