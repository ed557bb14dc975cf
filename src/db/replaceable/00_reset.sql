-- The replaceable part of the schema: every function of schemas `app` and `app_private`, every
-- row-level security policy and every trigger. `rediflow migrate` runs these files in name order
-- after the migrations, in the same transaction, so each object has exactly one definition, here
-- (docs/architecture.md, "The database"). Migrations hold tables, indexes and data only.
--
-- This first file drops what the others create. Policies and triggers go first: some use no
-- function of ours and would survive the functions. Functions are dropped without CASCADE, so
-- anything else that came to depend on one (a view, a column default) stops the migration
-- instead of vanishing silently.
do $$
declare
    r record;
begin
    for r in select p.schemaname, p.tablename, p.policyname from pg_policies p
             where p.schemaname in ('public', 'app_private') loop
        execute format('drop policy %I on %I.%I', r.policyname, r.schemaname, r.tablename);
    end loop;
    for r in select t.tgname, c.relname, n.nspname
             from pg_trigger t
             join pg_class c on c.oid = t.tgrelid
             join pg_namespace n on n.oid = c.relnamespace
             where not t.tgisinternal and n.nspname in ('public', 'app_private') loop
        execute format('drop trigger %I on %I.%I', r.tgname, r.nspname, r.relname);
    end loop;
    for r in select p.oid::regprocedure as signature
             from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname in ('app', 'app_private') loop
        execute format('drop function %s', r.signature);
    end loop;
end $$;
