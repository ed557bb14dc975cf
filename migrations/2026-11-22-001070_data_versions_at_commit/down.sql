drop trigger pending_data_versions_apply on app_private.pending_data_versions;
drop function app_private.apply_data_version();
drop table app_private.pending_data_versions;

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
            when 'projects' then update data_versions set projects = gen_random_uuid();
            else update data_versions set demand = gen_random_uuid();
        end case;
        return null;
    end $$;
