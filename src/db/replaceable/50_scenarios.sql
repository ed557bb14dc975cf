-- Who may read and change scenarios (issue 23, docs/scenarios.md). A scenario is its owner's;
-- it is read by its owner and by those it is shared with (a named user, or the people of an
-- organisation as app.user_org_ids() counts them), and only its owner changes it. A user whose
-- role is gone reads none. Its changes are further limited to the projects the reader may see
-- (90_policies.sql): a change to a project hidden from a reader is hidden from them too.
-- SECURITY DEFINER so that the policies of scenarios and scenario_shares do not ask each other.

-- Signed in with a role: someone who plans (viewers included: a what-if writes nothing live).
create function app.may_plan() returns boolean
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return coalesce(app."current_role"() in ('viewer', 'editor', 'admin', 'super_admin'), false);
    end $$;

create function app.readable_scenario_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker uuid := app.current_user_id();
    begin
        if asker is null or not app.may_plan() then
            return;
        end if;
        return query
            select s.id from scenarios s where s.owner_user_id = asker
            union
            select sh.scenario_id from scenario_shares sh where sh.user_id = asker
            union
            select sh.scenario_id from scenario_shares sh
            where sh.organisation_id in (select app.user_org_ids());
    end $$;

create function app.owned_scenario_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        asker uuid := app.current_user_id();
    begin
        if asker is null or not app.may_plan() then
            return;
        end if;
        return query select s.id from scenarios s where s.owner_user_id = asker;
    end $$;

-- The owner and the users a readable scenario is shared with, by name: a user may not read
-- other users' rows, but may know who shares a scenario with them. Nothing for a scenario the
-- caller may not read.
create function app.scenario_people(scenario uuid)
    returns table (user_id uuid, username text, display_name text, is_owner boolean)
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if scenario not in (select app.readable_scenario_ids()) then
            return;
        end if;
        return query
            select u.id, u.username, u.display_name, true
            from scenarios s join users u on u.id = s.owner_user_id where s.id = scenario
            union all
            select u.id, u.username, u.display_name, false
            from scenario_shares sh join users u on u.id = sh.user_id where sh.scenario_id = scenario;
    end $$;

-- The user a scenario's owner names to share it with: their exact user name or e-mail address
-- (case ignored). Only for someone who may plan; answers one id or nothing, so it lists no one.
create function app.user_to_share_with(name text) returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if not app.may_plan() or btrim(coalesce(name, '')) = '' then
            return null;
        end if;
        return (select u.id from users u
                where lower(u.username) = lower(btrim(name)) or lower(u.email) = lower(btrim(name))
                order by (lower(u.username) = lower(btrim(name))) desc, u.username
                limit 1);
    end $$;

-- How many changes a scenario the caller owns holds, including those of projects the caller no
-- longer sees: applying refuses a scenario whose changes the owner cannot all see. Null for a
-- scenario the caller does not own.
create function app.scenario_change_count(scenario uuid) returns bigint
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if scenario not in (select app.owned_scenario_ids()) then
            return null;
        end if;
        return (select count(*) from scenario_changes c where c.scenario_id = scenario);
    end $$;
