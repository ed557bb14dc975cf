//! `rediflow rls-check`: proves the database is set up as SPEC §7 requires. Every table has
//! row-level security with at least one policy (except the few listed in [`WITHOUT_RLS`], each
//! with its reason), and the application role is a plain login role that owns nothing, cannot
//! bypass RLS, and cannot rewrite the audit log. Nobody else may connect to the database, use
//! schema `app` or execute a `SECURITY DEFINER` function.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

/// Tables deliberately left without row-level security, and why.
pub const WITHOUT_RLS: &[(&str, &str)] = &[
    (
        "sessions",
        "read by the session store before anyone is known; holds only hashed keys and session state, never tenant data",
    ),
    (
        "__diesel_schema_migrations",
        "migration bookkeeping; the app role may only read it",
    ),
];

/// One table's row-level security.
#[derive(Debug, Clone, QueryableByName)]
pub struct TableSecurity {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Bool)]
    pub rls: bool,
    /// `name (COMMAND)` of each policy, comma-separated.
    #[diesel(sql_type = Text)]
    pub policies: String,
    #[diesel(sql_type = BigInt)]
    pub policy_count: i64,
}

/// The application role's attributes.
#[derive(Debug, Clone, QueryableByName)]
pub struct RoleSecurity {
    #[diesel(sql_type = Bool)]
    pub login: bool,
    #[diesel(sql_type = Bool)]
    pub superuser: bool,
    #[diesel(sql_type = Bool)]
    pub bypassrls: bool,
    #[diesel(sql_type = Bool)]
    pub createdb: bool,
    #[diesel(sql_type = Bool)]
    pub createrole: bool,
    #[diesel(sql_type = BigInt)]
    pub owned_objects: i64,
    #[diesel(sql_type = Bool)]
    pub can_rewrite_audit_log: bool,
}

/// A `SECURITY DEFINER` function that a role other than its owner and the app role may execute.
#[derive(Debug, Clone, QueryableByName)]
pub struct OpenDefinerFunction {
    /// `schema.name(argument types)`.
    #[diesel(sql_type = Text)]
    pub function: String,
    /// Who else may execute it (`PUBLIC` or role names), comma-separated.
    #[diesel(sql_type = Text)]
    pub grantees: String,
}

/// Ways into the database for roles that are not the owner or the app role.
#[derive(Debug, Clone, QueryableByName)]
pub struct Openings {
    /// PUBLIC may connect to the database.
    #[diesel(sql_type = Bool)]
    pub public_connect: bool,
    /// PUBLIC may use schema `app` (the helpers of the policies).
    #[diesel(sql_type = Bool)]
    pub public_app_schema: bool,
    /// Roles that are members of the app role, and so act as it (comma-separated).
    #[diesel(sql_type = Text)]
    pub app_role_members: String,
}

#[derive(Debug, Clone)]
pub struct RlsReport {
    pub tables: Vec<TableSecurity>,
    pub role: Option<RoleSecurity>,
    pub open_definer_functions: Vec<OpenDefinerFunction>,
    pub openings: Openings,
    /// Empty when everything is as it must be.
    pub problems: Vec<String>,
}

pub fn check(conn: &mut PgConnection, app_role: &str) -> QueryResult<RlsReport> {
    let tables: Vec<TableSecurity> = diesel::sql_query(
        "select c.relname::text as name, c.relrowsecurity as rls,
                coalesce(string_agg(p.policyname || ' (' || p.cmd || ')', ', ' order by p.policyname), '') as policies,
                count(p.policyname) as policy_count
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
         left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
         where c.relkind in ('r', 'p')
         group by c.relname, c.relrowsecurity
         order by c.relname",
    )
    .load(conn)?;
    let role: Option<RoleSecurity> = diesel::sql_query(
        "select r.rolcanlogin as login, r.rolsuper as superuser, r.rolbypassrls as bypassrls,
                r.rolcreatedb as createdb, r.rolcreaterole as createrole,
                (select count(*) from pg_class where relowner = r.oid)
                  + (select count(*) from pg_proc where proowner = r.oid)
                  + (select count(*) from pg_namespace where nspowner = r.oid)
                  + (select count(*) from pg_type where typowner = r.oid) as owned_objects,
                coalesce(to_regclass('public.audit_log') is not null
                  and (has_table_privilege(r.oid, 'public.audit_log', 'UPDATE')
                       or has_table_privilege(r.oid, 'public.audit_log', 'DELETE')
                       or has_table_privilege(r.oid, 'public.audit_log', 'TRUNCATE')), false) as can_rewrite_audit_log
         from pg_roles r where r.rolname = $1",
    )
    .bind::<Text, _>(app_role)
    .get_result(conn)
    .optional()?;

    // Executable by PUBLIC or by a role other than the owner and the app role: such a role
    // could read through the function what its own grants (none) would never show it.
    let open_definer_functions: Vec<OpenDefinerFunction> = diesel::sql_query(
        "select p.oid::regprocedure::text as function,
                string_agg(distinct case when a.grantee = 0 then 'PUBLIC'
                                         else pg_get_userbyid(a.grantee)::text end, ', ') as grantees
         from pg_proc p
         join pg_namespace n on n.oid = p.pronamespace
         cross join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
         where p.prosecdef
           and n.nspname not in ('pg_catalog', 'information_schema')
           and a.privilege_type = 'EXECUTE'
           and a.grantee <> p.proowner
           and (a.grantee = 0 or pg_get_userbyid(a.grantee) <> $1)
         group by p.oid
         order by 1",
    )
    .bind::<Text, _>(app_role)
    .load(conn)?;
    let openings: Openings = diesel::sql_query(
        "select exists (select 1 from pg_database d,
                        aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                        where d.datname = current_database() and a.grantee = 0
                          and a.privilege_type = 'CONNECT') as public_connect,
                exists (select 1 from pg_namespace n,
                        aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                        where n.nspname = 'app' and a.grantee = 0
                          and a.privilege_type = 'USAGE') as public_app_schema,
                coalesce((select string_agg(m.rolname::text, ', ' order by m.rolname)
                          from pg_auth_members am
                          join pg_roles r on r.oid = am.roleid and r.rolname = $1
                          join pg_roles m on m.oid = am.member), '') as app_role_members",
    )
    .bind::<Text, _>(app_role)
    .get_result(conn)?;

    let mut problems = Vec::new();
    for function in &open_definer_functions {
        problems.push(format!(
            "security definer function {} may be executed by {} (only the app role may)",
            function.function, function.grantees
        ));
    }
    if openings.public_connect {
        problems.push(
            "PUBLIC may connect to the database (only the owner and the app role may); \
             run `rediflow setup-rls-app-role`"
                .to_string(),
        );
    }
    if openings.public_app_schema {
        problems.push("PUBLIC may use schema app (the policies' helpers)".to_string());
    }
    if !openings.app_role_members.is_empty() {
        problems.push(format!(
            "role(s) {} are members of the app role and act as it",
            openings.app_role_members
        ));
    }
    for table in &tables {
        let exempt = WITHOUT_RLS.iter().any(|(name, _)| *name == table.name);
        if !table.rls && !exempt {
            problems.push(format!("table {} has no row-level security", table.name));
        }
        if table.rls && table.policy_count == 0 {
            problems.push(format!(
                "table {} has row-level security but no policy (nobody can use it)",
                table.name
            ));
        }
    }
    match &role {
        None => problems.push(format!(
            "the app role {app_role} does not exist; run `rediflow setup-rls-app-role`"
        )),
        Some(r) => {
            if r.superuser {
                problems.push(format!("the app role {app_role} is a SUPERUSER"));
            }
            if r.bypassrls {
                problems.push(format!("the app role {app_role} has BYPASSRLS"));
            }
            if r.createdb || r.createrole {
                problems.push(format!(
                    "the app role {app_role} may create databases or roles"
                ));
            }
            if !r.login {
                problems.push(format!("the app role {app_role} cannot log in"));
            }
            if r.owned_objects > 0 {
                problems.push(format!(
                    "the app role {app_role} owns {} database object(s)",
                    r.owned_objects
                ));
            }
            if r.can_rewrite_audit_log {
                problems.push(format!(
                    "the app role {app_role} may update, delete or truncate audit_log"
                ));
            }
        }
    }
    Ok(RlsReport {
        tables,
        role,
        open_definer_functions,
        openings,
        problems,
    })
}
