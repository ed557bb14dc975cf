-- Undoes 001050: the memos unsealed again, the helpers and the database open to PUBLIC again.

create or replace function app.user_facts() returns text
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.user_facts', true), '');
        facts text;
    begin
        if memo <> '' and split_part(memo, '|', 1) = asker then
            return memo;
        end if;
        -- No user (or none asking): empty role and visibility.
        select u.role || '|' || u.visibility into facts
        from users u where u.id = nullif(asker, '')::uuid;
        memo := asker || '|' || coalesce(facts, '|');
        perform set_config('app.user_facts', memo, true);
        return memo;
    end $$;

create or replace function app.visible_project_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.visible_projects', true), '');
        ids uuid[];
    begin
        if memo <> '' and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(select app.compute_visible_project_ids());
        perform set_config('app.visible_projects', asker || ':' || array_to_string(ids, ','), true);
        return query select unnest(ids);
    end $$;

create or replace function app.visible_person_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.visible_persons', true), '');
        ids uuid[];
    begin
        if memo <> '' and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(select app.compute_visible_person_ids());
        perform set_config('app.visible_persons', asker || ':' || array_to_string(ids, ','), true);
        return query select unnest(ids);
    end $$;

create or replace function app.person_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.person_orgs', true), '');
        ids uuid[];
    begin
        if memo <> '' and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        if app.visibility() = 'org' then
            ids := array(select app.user_root_org_ids());
        else
            ids := '{}';
        end if;
        perform set_config('app.person_orgs', asker || ':' || array_to_string(ids, ','), true);
        return query select unnest(ids);
    end $$;

create or replace function app.user_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        memo text := coalesce(current_setting('app.user_orgs', true), '');
        ids uuid[];
    begin
        if memo <> '' and split_part(memo, ':', 1) = asker then
            return query select unnest(string_to_array(nullif(split_part(memo, ':', 2), ''), ',')::uuid[]);
            return;
        end if;
        ids := array(
            with recursive tree (id) as (
                select uo.organisation_id from user_organisations uo
                where uo.user_id = nullif(asker, '')::uuid
                union
                select o.id from organisations o join tree t on o.parent_id = t.id
            )
            select id from tree);
        perform set_config('app.user_orgs', asker || ':' || array_to_string(ids, ','), true);
        return query select unnest(ids);
    end $$;

create or replace function app.sees_focus_project() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker text := coalesce(current_setting('app.current_user_id', true), '');
        focus text := coalesce(current_setting('app.focus_project', true), '');
        memo text := coalesce(current_setting('app.focus_seen', true), '');
        key text := asker || ':' || focus || ':';
        project uuid;
        seen boolean;
    begin
        if focus = '' then
            return false;
        end if;
        if memo <> '' and left(memo, length(key)) = key then
            return right(memo, 1) = 't';
        end if;
        project := focus::uuid;
        if app.sees_everything() then
            seen := exists (select 1 from projects p where p.id = project);
        else
            seen := case app.visibility()
                when 'org' then
                    exists (select 1 from projects p
                            where p.id = project and p.owner_org_id in (select app.user_org_ids()))
                    or exists (select 1 from project_partners pp
                               where pp.project_id = project
                                 and pp.organisation_id in (select app.user_org_ids()))
                when 'assigned' then
                    exists (select 1 from assignments a
                            where a.project_id = project and a.person_id = app.linked_person_id())
                else false
            end;
        end if;
        perform set_config('app.focus_seen', key || case when seen then 't' else 'f' end, true);
        return seen;
    end $$;

create or replace function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        perform set_config('app.visible_persons', '', true);
        perform set_config('app.focus_seen', '', true);
        perform set_config('app.person_orgs', '', true);
        perform set_config('app.user_facts', '', true);
        perform set_config('app.user_orgs', '', true);
        return null;
    end $$;

drop trigger capacity_requests_guard_update on capacity_requests;
drop function app.guard_capacity_request_update();
drop policy capacity_requests_update on capacity_requests;
create policy capacity_requests_update on capacity_requests for update
    using (project_id in (select app.editable_project_ids())
           or ((select app.can_edit()) and receiving_org_id in (select app.user_org_ids())))
    with check (project_id in (select app.editable_project_ids())
                or ((select app.can_edit()) and receiving_org_id in (select app.user_org_ids())));

drop schema app_private cascade;

alter default privileges grant execute on functions to public;
grant execute on all functions in schema public to public;
grant execute on all functions in schema app to public;
grant usage on schema app to public;
do $$
begin
    execute format('grant connect, temporary on database %I to public', current_database());
end $$;
