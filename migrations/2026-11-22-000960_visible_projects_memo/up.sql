-- Row-level security asks app.visible_project_ids() once for every project table a statement
-- reads, and a page runs a dozen such statements: for an org-scoped user each answer walks the
-- organisation tree, the owned projects and the partnerships again (about a millisecond each
-- time), which made pages up to 2.5 times slower than for an admin. The answer cannot change
-- inside a transaction unless the transaction itself changes who sees what, so it is now worked
-- out once per transaction and kept in a transaction-local setting, keyed by the user; writes to
-- the tables it depends on forget it (triggers below).
--
-- Trust: like app.current_user_id, the setting is set by the application's own connection; the
-- app role could write it, just as it can say which user it acts for. Policies protect users
-- from each other through the application, not from the application's database role.

-- The original computation, unchanged.
create function app.compute_visible_project_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with me as (
            select app.sees_everything() as everything, app.visibility() as visibility,
                   app.linked_person_id() as person
        )
        select p.id from projects p, me where me.everything
        union
        select p.id from projects p, me
        where me.visibility = 'org' and p.owner_org_id in (select app.user_org_ids())
        union
        select pp.project_id from project_partners pp, me
        where me.visibility = 'org' and pp.organisation_id in (select app.user_org_ids())
        union
        select a.project_id from assignments a, me
        where me.visibility = 'assigned' and a.person_id = me.person
    $$;

-- "<user id>:<id>,<id>,…" in app.visible_projects for the rest of the transaction.
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

create function app.forget_visible_projects() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        perform set_config('app.visible_projects', '', true);
        return null;
    end $$;

-- Everything the answer depends on: projects and their owners, partnerships, assignments (for
-- assigned-only users), users and their organisations, persons' links to users, the tree.
do $$
declare
    t text;
begin
    foreach t in array array['projects', 'project_partners', 'assignments', 'users',
                             'user_organisations', 'persons', 'organisations'] loop
        execute format('create trigger %I after insert or update or delete or truncate on %I
                        for each statement execute function app.forget_visible_projects()',
                       t || '_forget_visible_projects', t);
    end loop;
end $$;
