create or replace function app."current_role"() returns text
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select u.role from users u where u.id = app.current_user_id() $$;

create or replace function app.sees_everything() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select coalesce(
            (select u.role in ('admin', 'super_admin') or (u.role <> 'none' and u.visibility = 'all')
             from users u where u.id = app.current_user_id()),
            false)
    $$;

create or replace function app.visibility() returns text
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select case when u.role in ('admin', 'super_admin') then 'all' else u.visibility end
        from users u where u.id = app.current_user_id() and u.role <> 'none'
    $$;

create or replace function app.is_signed_in() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select app.current_role() is not null $$;

create or replace function app.is_admin() returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$ select coalesce(app.current_role() in ('admin', 'super_admin'), false) $$;

create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        perform set_config('app.focus_seen', '', true);
        perform set_config('app.person_orgs', '', true);
        return null;
    end $$;

drop function app.user_facts();
