-- Person data for org-scoped users, checked by organisation instead of by person. The policies of
-- persons, employee_group_memberships, fte_periods and leaves asked for the visible-person set:
-- for an org-scoped user of the large demo that is 1,006 ids, remembered as text (migration 000960)
-- and re-read and hashed by every statement that touches one of these tables (~1.7 ms each). A
-- page like the Team tab makes five such statements, which made it 1.46 times slower for an
-- org-scoped editor than for an admin. The rule itself is by organisation (SPEC §6: the persons of
-- the user's organisations' roots, and always oneself), so the policies now check the person's
-- organisation against that set of organisations (a few dozen ids, remembered the same way) and
-- the linked person. The answer is the same as app.visible_person_ids(), which stays for the
-- application's own filter and for readers that want the set.

-- The organisations whose persons the user sees by visibility: the subtrees of the roots of the
-- user's organisations when the visibility is 'org', else none (admins see everything through
-- app.sees_everything(), assigned-only users only themself). Remembered for the transaction in
-- app.person_orgs as "<user id>:<ids,>" and forgotten by the same writes as the visible sets.
create function app.person_org_ids() returns setof uuid
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

drop policy persons_select on persons;
create policy persons_select on persons for select
    using ((select app.sees_everything())
           or organisation_id in (select app.person_org_ids())
           or id = (select app.linked_person_id()));

-- Tables keyed by person: the person's organisation, by the same rule. The planner hashes the
-- persons of those organisations once a statement (~1 ms for 1,000 of 5,000 persons), which is
-- cheaper than the remembered id list for every statement, and stays so for statements that read
-- many rows (a per-row check, tried too, took a portfolio's leave read from ~10 to ~150 ms).
do $$
declare
    t text;
begin
    foreach t in array array['employee_group_memberships', 'fte_periods', 'leaves'] loop
        execute format('drop policy %I on %I', t || '_select', t);
        execute format($p$create policy %I on %I for select
            using ((select app.sees_everything())
                   or person_id = (select app.linked_person_id())
                   or person_id in (select p.id from persons p
                                    where p.organisation_id in (select app.person_org_ids())))$p$,
            t || '_select', t);
    end loop;
end $$;
