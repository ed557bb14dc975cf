//! The scenario domain on a real database as the app role under RLS: what the compare shows of a
//! scenario is what the live plan holds after applying it, and applying refuses (writing
//! nothing) when a touched project moved on since the change was made.

use bigdecimal::BigDecimal;
use chrono::NaiveDate;
use diesel::Connection;
use diesel::pg::PgConnection;
use rediflow::audit::Actor;
use rediflow::auth::Role;
use rediflow::auth::groups::Visibility;
use rediflow::auth::policy::Policy;
use rediflow::cache::Caches;
use rediflow::command::{Acting, DomainError};
use rediflow::portfolio::{self, Band, Filter, Lens, Portfolio};
use rediflow::scenarios::apply::{Applied, Context, apply};
use rediflow::scenarios::{self, Change};
use uuid::Uuid;

use crate::helpers::*;
use crate::team::{TEAM, one};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A planner (admin) to act as, and the TEAM fixture with PY a proposal whose assignment is
/// tentative.
async fn fixture() -> (TestApp, Acting) {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    app.sql(
        "insert into users (sub, username, role, visibility) values ('planner', 'planner', 'admin', 'all');
         update projects set lifecycle_state_id = (select id from lifecycle_states where code = 'proposal')
           where code = 'PY';
         update assignments set tentative = true
           where project_id = (select id from projects where code = 'PY');",
    );
    let user = Uuid::parse_str(&one(
        &app,
        "select id::text as name from users where username = 'planner'",
    ))
    .unwrap();
    let acting = Acting::new(
        Actor {
            user_id: Some(user),
            name: "planner".into(),
        },
        Policy::new(Role::Admin, Visibility::All),
    );
    (app, acting)
}

/// Runs `work` in one transaction of the app role acting as the planner.
fn as_planner<T>(
    app: &TestApp,
    acting: &Acting,
    work: impl FnOnce(&mut PgConnection) -> Result<T, DomainError>,
) -> Result<T, DomainError> {
    let mut conn = connect(&app_url(&app.database));
    conn.transaction(|conn| {
        rediflow::db::act_as(conn, acting.actor.user_id.unwrap(), None)?;
        work(conn)
    })
}

fn window() -> Filter {
    Filter {
        organisation: None,
        role: None,
        months: (0..8)
            .map(|i| rediflow::planning::months::add_months(d("2030-12-01"), i).unwrap())
            .collect(),
        reading: Default::default(),
    }
}

fn organisations(conn: &mut PgConnection) -> Vec<portfolio::OrganisationNode> {
    use diesel::prelude::*;
    use rediflow::db::schema::organisations as o;
    o::table
        .select((o::id, o::parent_id, o::short_name))
        .order(o::short_name)
        .load(conn)
        .unwrap()
}

/// The totals of the selection per month: (allocated, EST demand).
fn totals(p: &Portfolio) -> (Vec<i64>, Vec<i64>) {
    (p.total.allocated.clone(), p.total.demand.clone())
}

#[tokio::test]
async fn what_compare_shows_of_a_scenario_is_what_the_live_plan_holds_after_applying_it() {
    let (app, acting) = fixture().await;
    let (px, py) = (
        Uuid::parse_str(&one(
            &app,
            "select id::text as name from projects where code = 'PX'",
        ))
        .unwrap(),
        Uuid::parse_str(&one(
            &app,
            "select id::text as name from projects where code = 'PY'",
        ))
        .unwrap(),
    );
    let caches = Caches::default();
    let hours = BigDecimal::from(150);
    let scenario = as_planner(&app, &acting, |conn| {
        let id = scenarios::create(conn, &acting, "PX late, PY won", "")?;
        scenarios::add_change(conn, &acting, (id, px), Change::Shift { months: 3 })?;
        scenarios::add_change(
            conn,
            &acting,
            (id, px),
            Change::ScaleDemand { percent: 200 },
        )?;
        scenarios::add_change(conn, &acting, (id, py), Change::Outcome { won: true })?;
        Ok(id)
    })
    .unwrap();
    // A change that makes no sense for its project is refused and not stored.
    let refused = as_planner(&app, &acting, |conn| {
        scenarios::add_change(
            conn,
            &acting,
            (scenario, px),
            Change::Outcome { won: false },
        )
    });
    assert!(
        matches!(refused, Err(DomainError::Invalid(_))),
        "{refused:?}"
    );

    let filter = window();
    let (live, compared) = as_planner(&app, &acting, |conn| {
        let orgs = organisations(conn);
        let changes: Vec<(Uuid, Change)> = scenarios::changes(conn, scenario)?
            .into_iter()
            .map(|c| (c.project_id, c.change))
            .collect();
        assert_eq!(changes.len(), 3);
        let comparison = portfolio::compare(
            conn,
            &caches,
            &orgs,
            &filter,
            (80, 50),
            &hours,
            Default::default(),
            &changes,
        )?;
        Ok((totals(&comparison.live), comparison))
    })
    .unwrap();
    // Live: PX's 1.5 PM of EST demand in 2030-12. Scenario: doubled and three months later.
    assert_eq!(live.1[0], 1_500);
    assert_eq!(compared.scenario.total.demand[0], 0);
    assert_eq!(compared.scenario.total.demand[3], 3_000);
    // Live, Ada is over capacity in 2030-12 only through PY's tentative 75 % (at risk); in the
    // scenario PY's work is confirmed but PX's 50 % has moved to March–May: far below the
    // threshold on average.
    let ada = compared
        .people
        .iter()
        .find(|p| p.name == "Ada Lovelace")
        .expect("Ada's band changes");
    assert_eq!(
        (ada.live, ada.scenario),
        (Band::OverIfTentative, Band::Under)
    );
    assert_eq!(ada.live_utilisation[0], Some(125));
    assert_eq!(ada.scenario_utilisation[0], Some(75));
    // The live plan is untouched by comparing.
    assert_eq!(
        app.count(
            "select count(*) from capacity_demand where month = date '2030-12-01' and pm = 1.5"
        ),
        1
    );

    let applied = as_planner(&app, &acting, |conn| {
        apply(
            conn,
            &acting,
            &Context {
                caches: &caches,
                hours_per_pm: &hours,
            },
            scenario,
        )
    })
    .unwrap();
    assert!(
        matches!(
            applied,
            Applied::Done {
                changes: 3,
                projects: 2
            }
        ),
        "{applied:?}"
    );
    assert_eq!(
        app.count(
            "select count(*) from capacity_demand where month = date '2031-03-01' and pm = 3"
        ),
        1
    );
    assert_eq!(
        app.count(
            "select count(*) from projects where code = 'PX' and start_month = date '2031-03-01'"
        ),
        1
    );
    assert_eq!(
        app.count("select count(*) from assignments a join projects p on p.id = a.project_id where p.code = 'PY' and a.tentative"),
        0
    );
    assert_eq!(
        app.count("select count(*) from projects p join lifecycle_states s on s.id = p.lifecycle_state_id where p.code = 'PY' and s.code = 'running'"),
        1
    );
    assert_eq!(app.count("select count(*) from scenarios"), 0);
    assert_eq!(
        app.count("select count(*) from audit_log where entity_type = 'scenario_applied' and jsonb_array_length(before->'changes') = 3"),
        1
    );
    // After applying, the live portfolio is what the compare showed of the scenario.
    let after = as_planner(&app, &acting, |conn| {
        let orgs = organisations(conn);
        Ok(portfolio::load(
            conn,
            &Caches::default(),
            &orgs,
            &filter,
            80,
            &hours,
            50,
            Lens::default(),
        )?)
    })
    .unwrap();
    assert_eq!(totals(&after), totals(&compared.scenario));
    assert_eq!(after.over_count, compared.scenario.over_count);
}

#[tokio::test]
async fn applying_after_the_live_plan_moved_writes_nothing_and_names_the_project() {
    let (app, acting) = fixture().await;
    let px = Uuid::parse_str(&one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    ))
    .unwrap();
    let caches = Caches::default();
    let hours = BigDecimal::from(150);
    let scenario = as_planner(&app, &acting, |conn| {
        let id = scenarios::create(conn, &acting, "PX late", "")?;
        scenarios::add_change(conn, &acting, (id, px), Change::Shift { months: 3 })?;
        Ok(id)
    })
    .unwrap();
    // Someone changes PX's plan meanwhile.
    app.sql("update projects set version = version + 1 where code = 'PX'");
    let context = Context {
        caches: &caches,
        hours_per_pm: &hours,
    };
    let applied = as_planner(&app, &acting, |conn| {
        apply(conn, &acting, &context, scenario)
    })
    .unwrap();
    let Applied::Conflicts(conflicts) = applied else {
        panic!("a conflict expected: {applied:?}");
    };
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].code, "PX");
    assert_eq!(conflicts[0].now, conflicts[0].made_on + 1);
    assert_eq!(
        app.count(
            "select count(*) from projects where code = 'PX' and start_month = date '2030-12-01'"
        ),
        1
    );
    assert_eq!(app.count("select count(*) from scenarios"), 1);
    // Taking the live plan as it is now, the scenario applies.
    as_planner(&app, &acting, |conn| {
        scenarios::rebase(conn, &acting, scenario, px)
    })
    .unwrap();
    let applied = as_planner(&app, &acting, |conn| {
        apply(conn, &acting, &context, scenario)
    })
    .unwrap();
    assert!(
        matches!(
            applied,
            Applied::Done {
                changes: 1,
                projects: 1
            }
        ),
        "{applied:?}"
    );
    assert_eq!(
        app.count(
            "select count(*) from projects where code = 'PX' and start_month = date '2031-03-01'"
        ),
        1
    );
}

#[tokio::test]
async fn a_viewer_compares_but_may_not_apply_and_a_stranger_sees_no_scenario() {
    let (app, planner) = fixture().await;
    let px = Uuid::parse_str(&one(
        &app,
        "select id::text as name from projects where code = 'PX'",
    ))
    .unwrap();
    app.sql("insert into users (sub, username, role, visibility) values ('vw', 'vw', 'viewer', 'all'), ('st', 'st', 'editor', 'all');");
    let user = |name: &str| {
        Uuid::parse_str(&one(
            &app,
            &format!("select id::text as name from users where username = '{name}'"),
        ))
        .unwrap()
    };
    let as_user = |name: &str, role: Role| {
        Acting::new(
            Actor {
                user_id: Some(user(name)),
                name: name.into(),
            },
            Policy::new(role, Visibility::All),
        )
    };
    let (viewer, stranger) = (as_user("vw", Role::Viewer), as_user("st", Role::Editor));
    // A viewer makes their own scenario (a what-if writes nothing live) but cannot apply it.
    let mine = as_planner(&app, &viewer, |conn| {
        let id = scenarios::create(conn, &viewer, "what if", "")?;
        scenarios::add_change(conn, &viewer, (id, px), Change::Shift { months: 1 })?;
        Ok(id)
    })
    .unwrap();
    let caches = Caches::default();
    let hours = BigDecimal::from(150);
    let context = Context {
        caches: &caches,
        hours_per_pm: &hours,
    };
    let refused = as_planner(&app, &viewer, |conn| apply(conn, &viewer, &context, mine));
    assert!(
        matches!(refused, Err(DomainError::Forbidden(_))),
        "{refused:?}"
    );
    assert_eq!(
        app.count(
            "select count(*) from projects where code = 'PX' and start_month = date '2030-12-01'"
        ),
        1
    );
    // The planner's scenario is private: a stranger neither reads nor changes it.
    let theirs = as_planner(&app, &planner, |conn| {
        scenarios::create(conn, &planner, "private", "")
    })
    .unwrap();
    let read = as_planner(&app, &stranger, |conn| {
        scenarios::get(conn, &stranger, theirs)
    });
    assert!(matches!(read, Err(DomainError::NotFound)), "{read:?}");
    let changed = as_planner(&app, &stranger, |conn| {
        scenarios::add_change(conn, &stranger, (theirs, px), Change::Shift { months: 2 })
    });
    assert!(matches!(changed, Err(DomainError::NotFound)), "{changed:?}");
    // Shared with the stranger: read, but still not theirs to change.
    as_planner(&app, &planner, |conn| {
        scenarios::share_with_user(conn, &planner, theirs, "ST")
    })
    .unwrap();
    let read = as_planner(&app, &stranger, |conn| {
        scenarios::get(conn, &stranger, theirs)
    })
    .unwrap();
    assert!(!read.mine);
    let changed = as_planner(&app, &stranger, |conn| {
        scenarios::add_change(conn, &stranger, (theirs, px), Change::Shift { months: 2 })
    });
    assert!(
        matches!(changed, Err(DomainError::Forbidden(_))),
        "{changed:?}"
    );
    assert_eq!(app.count("select count(*) from scenario_changes"), 1);
}
