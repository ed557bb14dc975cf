-- The user's organisations, as the policies compare them.

-- The user's organisations and all their descendants. Remembered per transaction in
-- `app.user_orgs` ("<user id>:<ids,>", sealed): the focus check asks twice (owner, then partners)
-- and the capacity-request policies per statement, and each call walked the tree again.
create function app.user_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        ids uuid[] := app_private.memo_recall_ids('app.user_orgs');
    begin
        if ids is null then
            ids := array(
                with recursive tree (id) as (
                    select uo.organisation_id from user_organisations uo
                    where uo.user_id = nullif(current_setting('app.current_user_id', true), '')::uuid
                    union
                    select o.id from organisations o join tree t on o.parent_id = t.id
                )
                select id from tree);
            perform app_private.memo_keep_ids('app.user_orgs', ids);
        end if;
        return query select unnest(ids);
    end $$;

-- Every organisation under the roots (legal entities) of the user's organisations.
create function app.user_root_org_ids() returns setof uuid
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

-- The organisations whose persons the user sees by visibility: the subtrees of the roots of the
-- user's organisations when the visibility is 'org', else none (admins see everything through
-- app.sees_everything(), assigned-only users only themself). The persons policies check a
-- person's organisation against this set (a few dozen ids) rather than the visible-person set
-- (a thousand ids, hashed again by every statement). Remembered in `app.person_orgs`, sealed.
create function app.person_org_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        ids uuid[] := app_private.memo_recall_ids('app.person_orgs');
    begin
        if ids is null then
            if app.visibility() = 'org' then
                ids := array(select app.user_root_org_ids());
            else
                ids := '{}';
            end if;
            perform app_private.memo_keep_ids('app.person_orgs', ids);
        end if;
        return query select unnest(ids);
    end $$;
