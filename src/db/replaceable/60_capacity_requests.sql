-- Capacity requests between organisations of one legal entity (SPEC §5).
--
-- A request is addressed to an organisation whose people usually cannot see the asking project
-- (org-scoped visibility follows the POO and the partners). They still have to read what is asked
-- (project code and name, task numbers, the person-months per month) and, when they accept, add
-- those person-months to their organisation's EST demand of that project, which row-level
-- security would refuse them. So the receiving side reads and decides through the narrow
-- SECURITY DEFINER functions below. Each one re-checks who is asking with the same `app.*`
-- helpers as the policies, touches only the one request (and, on acceptance, the demand cells it
-- names), and writes the audit rows in the caller's name. The asking side creates and withdraws
-- requests through the ordinary policies.

-- Who may see a request: the policy `capacity_requests_select`, for use inside definer functions.
create function app.capacity_request_visible(project uuid, receiving_org uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select app.sees_everything()
            or project in (select app.visible_project_ids())
            or receiving_org in (select app.user_org_ids())
    $$;

-- Who may accept or reject: editors of the receiving organisation or of one of its ancestors
-- (`app.user_org_ids()` holds the user's organisations and their descendants); administrators
-- for any organisation, since they administer all of them.
create function app.can_decide_capacity_request(receiving_org uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select app.can_edit()
           and (app.is_admin() or receiving_org in (select app.user_org_ids()))
    $$;

-- Every request the user may see, with what both sides need to read it (the project's code,
-- name and lock, organisation short names, who asked and decided, totals) and whether the
-- receiving organisation is one of the user's: what the Policy needs to say what the user may do
-- with it (`requests::Request::facts`).
create function app.capacity_request_overview() returns table (
    id uuid,
    project_id uuid,
    project_code text,
    project_name text,
    project_visible boolean,
    project_locked boolean,
    project_start date,
    project_duration integer,
    requesting_org_id uuid,
    requesting_org text,
    receiving_org_id uuid,
    receiving_org text,
    state text,
    message text,
    response_comment text,
    created_by text,
    created_at timestamptz,
    decided_by text,
    decided_at timestamptz,
    total_pm numeric,
    first_month date,
    last_month date,
    receiving_org_mine boolean,
    modified_at timestamptz
)
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select r.id, r.project_id, p.code, p.name,
               (app.sees_everything() or p.id in (select app.visible_project_ids())),
               p.locked or coalesce(s.locks_project, false),
               p.start_month, p.duration_months,
               r.requesting_org_id, ro.short_name, r.receiving_org_id, rc.short_name,
               r.state, r.message, r.response_comment,
               coalesce(cu.display_name, cu.username), r.created_at,
               coalesce(du.display_name, du.username), r.decided_at,
               coalesce((select sum(l.pm) from capacity_request_lines l where l.capacity_request_id = r.id), 0),
               (select min(l.month) from capacity_request_lines l where l.capacity_request_id = r.id),
               (select max(l.month) from capacity_request_lines l where l.capacity_request_id = r.id),
               r.receiving_org_id in (select app.user_org_ids()),
               r.modified_at
        from capacity_requests r
        join projects p on p.id = r.project_id
        left join lifecycle_states s on s.id = p.lifecycle_state_id
        join organisations ro on ro.id = r.requesting_org_id
        join organisations rc on rc.id = r.receiving_org_id
        left join users cu on cu.id = r.created_by
        left join users du on du.id = r.decided_by
        -- app.capacity_request_visible() spelled out, so the sets are computed once per call
        where app.sees_everything()
           or r.project_id in (select app.visible_project_ids())
           or r.receiving_org_id in (select app.user_org_ids())
    $$;

-- The lines of one request the user may see, with the task's number and name.
create function app.capacity_request_lines_of(request uuid) returns table (
    task_id uuid,
    task_number text,
    task_name text,
    month date,
    pm numeric
)
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select l.task_id, t.number, t.name, l.month, l.pm
        from capacity_request_lines l
        join capacity_requests r on r.id = l.capacity_request_id
        join tasks t on t.id = l.task_id
        where r.id = request
          and app.capacity_request_visible(r.project_id, r.receiving_org_id)
        order by l.month, t.number
    $$;

-- Accepts or rejects a pending request in the caller's name; returns how many EST demand cells
-- acceptance changed. Acceptance adds each line's PM to the receiving organisation's EST cell
-- (task, organisation, month), makes the receiving organisation a partner of the project (so its
-- people see the demand they took on), and bumps the project version (the capacity grid's
-- optimistic concurrency). Refusals raise an exception whose message starts with
-- 'capacity request:'; the application checks the same rules first to explain them, so these
-- only fire on races and forged requests. Everything happens in the caller's transaction.
create function app.decide_capacity_request(request uuid, accept boolean, decision_comment text)
    returns integer
    language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp
    as $$
declare
    r capacity_requests%rowtype;
    me uuid := app.current_user_id();
    actor text;
    owner_org uuid;
    locked boolean;
    line record;
    pm_before numeric;
    pm_after numeric;
    changed integer := 0;
begin
    select * into r from capacity_requests c where c.id = request for update;
    if not found or not app.capacity_request_visible(r.project_id, r.receiving_org_id) then
        raise exception 'capacity request: not found' using errcode = 'no_data_found';
    end if;
    if not app.can_decide_capacity_request(r.receiving_org_id) then
        raise exception 'capacity request: only editors of the receiving organisation may accept or reject it'
            using errcode = 'insufficient_privilege';
    end if;
    if r.state <> 'pending' then
        raise exception 'capacity request: already %', r.state using errcode = 'check_violation';
    end if;
    -- the same name the application writes for this user (`Actor.name`, the username)
    select u.username into actor from users u where u.id = me;

    if accept then
        select p.owner_org_id, p.locked or coalesce(s.locks_project, false)
        into owner_org, locked
        from projects p left join lifecycle_states s on s.id = p.lifecycle_state_id
        where p.id = r.project_id
        for update of p;
        if locked and not app.overrides_locks() then
            raise exception 'capacity request: the project is locked' using errcode = 'insufficient_privilege';
        end if;
        if exists (
            select 1 from capacity_request_lines l
            where l.capacity_request_id = r.id and not app.can_edit_month(l.month)
        ) then
            raise exception 'capacity request: it asks for months that are now in the past'
                using errcode = 'insufficient_privilege';
        end if;
        for line in
            select l.task_id, l.month, l.pm from capacity_request_lines l
            where l.capacity_request_id = r.id order by l.month, l.task_id
        loop
            select d.pm into pm_before from capacity_demand d
            where d.project_id = r.project_id and d.task_id = line.task_id
              and d.organisation_id = r.receiving_org_id and d.month = line.month and d.series = 'EST'
            for update;
            insert into capacity_demand as d (project_id, task_id, organisation_id, month, series, pm)
            values (r.project_id, line.task_id, r.receiving_org_id, line.month, 'EST', line.pm)
            on conflict (project_id, task_id, organisation_id, month, series)
                do update set pm = d.pm + excluded.pm
            returning d.pm into pm_after;
            insert into audit_log (user_id, actor, action, entity_type, project_id, before, after)
            values (me, actor, case when pm_before is null then 'create' else 'update' end,
                    'capacity_demand', r.project_id,
                    case when pm_before is null then null else jsonb_build_object(
                        'series', 'EST', 'task_id', line.task_id, 'organisation_id', r.receiving_org_id,
                        'month', line.month, 'pm', pm_before::text) end,
                    jsonb_build_object(
                        'series', 'EST', 'task_id', line.task_id, 'organisation_id', r.receiving_org_id,
                        'month', line.month, 'pm', pm_after::text, 'capacity_request_id', r.id));
            changed := changed + 1;
        end loop;
        if r.receiving_org_id is distinct from owner_org and not exists (
            select 1 from project_partners pp
            where pp.project_id = r.project_id and pp.organisation_id = r.receiving_org_id
        ) then
            insert into project_partners (project_id, organisation_id) values (r.project_id, r.receiving_org_id);
            insert into audit_log (user_id, actor, action, entity_type, entity_id, project_id, after)
            values (me, actor, 'create', 'project_partner', r.receiving_org_id, r.project_id,
                    jsonb_build_object('organisation_id', r.receiving_org_id, 'capacity_request_id', r.id));
        end if;
        update projects set version = version + 1, updated_at = now() where id = r.project_id;
    end if;

    update capacity_requests
    set state = case when accept then 'accepted' else 'rejected' end,
        response_comment = coalesce(decision_comment, ''), decided_by = me, decided_at = now()
    where id = r.id;
    insert into audit_log (user_id, actor, action, entity_type, entity_id, project_id, before, after)
    values (me, actor, 'update', 'capacity_request', r.id, r.project_id,
            jsonb_build_object('state', r.state),
            jsonb_build_object('state', case when accept then 'accepted' else 'rejected' end,
                               'response_comment', coalesce(decision_comment, ''), 'demand_cells_changed', changed));
    return changed;
end
$$;

-- The receiving organisation decides only through app.decide_capacity_request (which runs as the
-- owner); the asking side only withdraws a pending request (its update policy, 90_policies.sql).
-- A policy cannot compare a row with its old values, so this trigger refuses any other change of
-- a request by anyone but the owner.
create function app.guard_capacity_request_update() returns trigger
    language plpgsql set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        -- The owner (migrations, the CLI, app.decide_capacity_request) is trusted code.
        if current_user = (select pg_get_userbyid(c.relowner) from pg_class c where c.oid = tg_relid) then
            return new;
        end if;
        if (new.id, new.project_id, new.requesting_org_id, new.receiving_org_id, new.message,
            new.created_by, new.created_at)
           is distinct from
           (old.id, old.project_id, old.requesting_org_id, old.receiving_org_id, old.message,
            old.created_by, old.created_at) then
            raise exception 'capacity request: only its state can change (withdraw it)'
                using errcode = 'insufficient_privilege';
        end if;
        return new;
    end $$;
create trigger capacity_requests_guard_update before update on capacity_requests
    for each row execute function app.guard_capacity_request_update();
