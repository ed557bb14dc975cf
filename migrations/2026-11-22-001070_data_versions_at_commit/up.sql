-- Data versions replaced at commit, not at the first write (issue 19).
--
-- The statement triggers of migrations 000970/001000 replaced a token of the one data_versions row
-- as soon as a statement changed a watched table, so the row stayed locked until commit: every
-- writer of the whole system waited for every other (an import held it throughout), and writers
-- that then locked a project row deadlocked with writers that had locked the project row first
-- (a grid save against an assignment edit: 6 of 150 concurrent pairs). Now a statement only notes
-- the kind of data it changed, in a table of this transaction's own rows, and a deferred
-- constraint trigger replaces the tokens at commit: the row is locked last, for a moment, by
-- every writer. The tokens still change in the same transaction as the data, so a reader sees
-- both or neither.

-- The kinds of data this transaction changed, once each. Unlogged: its rows never outlive their
-- transaction. Only the owner reaches it (schema app_private, RLS on without a policy).
create unlogged table app_private.pending_data_versions (
    transaction_id xid8 not null default pg_current_xact_id(),
    kind text not null check (kind in ('capacity', 'staffing', 'demand', 'projects')),
    primary key (transaction_id, kind)
);
alter table app_private.pending_data_versions enable row level security;

-- The statement trigger of every watched table (same triggers, same arguments as before).
create or replace function app.new_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        if tg_op <> 'TRUNCATE' then
            if not exists (select 1 from changed_rows) then
                return null;
            end if;
        end if;
        insert into app_private.pending_data_versions (kind) values (tg_argv[0])
        on conflict do nothing;
        return null;
    end $$;

-- At commit, once per kind the transaction changed: a new random token.
create function app_private.apply_data_version() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
    as $$
    begin
        case new.kind
            when 'capacity' then update data_versions set capacity = gen_random_uuid();
            when 'staffing' then update data_versions set staffing = gen_random_uuid();
            when 'projects' then update data_versions set projects = gen_random_uuid();
            else update data_versions set demand = gen_random_uuid();
        end case;
        delete from app_private.pending_data_versions
        where transaction_id = new.transaction_id and kind = new.kind;
        return null;
    end $$;

create constraint trigger pending_data_versions_apply
    after insert on app_private.pending_data_versions
    deferrable initially deferred
    for each row execute function app_private.apply_data_version();
