-- Three helpers of the policies were SQL functions. A SQL function marked SECURITY DEFINER (or
-- with a SET clause) is never inlined, and PostgreSQL plans its body again on every call, which
-- for the recursive walk of app.user_root_org_ids() is most of its cost. PL/pgSQL keeps the plans
-- of a connection. Measured as the app role on the large demo, per call: user_root_org_ids
-- ~0.40 → ~0.10 ms (asked once per request by an org-scoped user's persons policies, through
-- app.person_org_ids), linked_person_id ~0.10 → ~0.04 ms, current_user_id ~0.04 → ~0.02 ms (an
-- org-scoped Team tab asks it eight times). Same bodies, same answers; the functions keep their
-- OIDs, so the policies that call them are unchanged.

create or replace function app.current_user_id() returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return nullif(current_setting('app.current_user_id', true), '')::uuid;
    end $$;

create or replace function app.linked_person_id() returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return (select p.id from persons p where p.user_id = app.current_user_id());
    end $$;

create or replace function app.user_root_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        return query
            with recursive up (id, parent_id) as (
                select o.id, o.parent_id from organisations o
                join user_organisations uo on uo.organisation_id = o.id
                where uo.user_id = app.current_user_id()
                union
                select o.id, o.parent_id from organisations o join up on o.id = up.parent_id
            ),
            down (id) as (
                select id from up where parent_id is null
                union
                select o.id from organisations o join down d on o.parent_id = d.id
            )
            select id from down;
    end $$;
