-- Which persons the user sees (SPEC §6): everyone; or the persons of the subtrees of the roots of
-- the user's organisations; or only themself. Their own person always. The persons policies
-- check this rule by organisation (app.person_org_ids); this set is for the application's own
-- filter (src/db/visibility.rs) and for readers that want the ids.

create function app.compute_visible_person_ids() returns setof uuid
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        with me as (
            select app.sees_everything() as everything, app.visibility() as visibility,
                   app.linked_person_id() as person
        )
        select p.id from persons p, me where me.everything
        union
        select p.id from persons p, me
        where me.visibility = 'org' and p.organisation_id in (select app.user_root_org_ids())
        union
        select me.person from me where me.person is not null
    $$;

-- Remembered in `app.visible_persons` ("<user id>:<ids,>", sealed).
create function app.visible_person_ids() returns setof uuid
    language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
    declare
        ids uuid[] := app_private.memo_recall_ids('app.visible_persons');
    begin
        if ids is null then
            ids := array(select app.compute_visible_person_ids());
            perform app_private.memo_keep_ids('app.visible_persons', ids);
        end if;
        return query select unnest(ids);
    end $$;
