//! Capacity requests over HTTP: asking from a project's capacity page, validation, Incoming and
//! Sent, deciding by the wrong and the right organisation, the EST demand and audit rows that
//! acceptance writes, rejecting, withdrawing, locks, and the feature switch.
//!
//! Fixture: legal entity UNI with departments UNI-A (owns P1) and UNI-B (with group UNI-B-1), and
//! an unrelated root OTHER (owns P2). Users sign in through the test identity provider with
//! org-scoped visibility: poo@test edits for UNI-A, recv@test for UNI-B, head@test for UNI (so
//! also for everything below it), other@test for OTHER; bviewer@test only views for UNI-B.

use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

const FIXTURE: &str = "
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a000', 'UNI', 'University', null),
  ('00000000-0000-0000-0000-00000000b000', 'OTHER', 'Other entity', null);
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a100', 'UNI-A', 'Department A', '00000000-0000-0000-0000-00000000a000'),
  ('00000000-0000-0000-0000-00000000a200', 'UNI-B', 'Department B', '00000000-0000-0000-0000-00000000a000');
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a210', 'UNI-B-1', 'Group B1', '00000000-0000-0000-0000-00000000a200');
insert into projects (id, code, name, owner_org_id, start_month, duration_months) values
  ('00000000-0000-0000-0000-0000000000c1', 'P1', 'Asking project', '00000000-0000-0000-0000-00000000a100',
   date_trunc('month', current_date)::date, 12),
  ('00000000-0000-0000-0000-0000000000c2', 'P2', 'Other project', '00000000-0000-0000-0000-00000000b000',
   date_trunc('month', current_date)::date, 12);
insert into work_packages (id, project_id, number, name, begin_month, end_month) values
  ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000c1', 1, 'Research', 1, 12),
  ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-0000000000c1', 2, 'Dissemination', 1, 12),
  ('00000000-0000-0000-0000-0000000000e3', '00000000-0000-0000-0000-0000000000c2', 1, 'Other WP', 1, 12);
insert into tasks (id, project_id, work_package_id, number, name, begin_month, end_month) values
  ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000e1', '1.1', 'Survey', 1, 12),
  ('00000000-0000-0000-0000-0000000000f2', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000e1', '1.2', 'Analysis', 1, 12),
  ('00000000-0000-0000-0000-0000000000f3', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000e2', '2.1', 'Papers', 1, 12),
  ('00000000-0000-0000-0000-0000000000f9', '00000000-0000-0000-0000-0000000000c2', '00000000-0000-0000-0000-0000000000e3', '1.1', 'Other task', 1, 12);
-- UNI-B already plans 0.5 PM of task 1.1 in M2: acceptance adds to it.
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm) values
  ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-00000000a200',
   (date_trunc('month', current_date) + interval '1 month')::date, 'EST', 0.5);
";

const P1: &str = "00000000-0000-0000-0000-0000000000c1";
const T11: &str = "00000000-0000-0000-0000-0000000000f1";
const T12: &str = "00000000-0000-0000-0000-0000000000f2";
const T_OTHER: &str = "00000000-0000-0000-0000-0000000000f9";
const UNI: &str = "00000000-0000-0000-0000-00000000a000";
const UNI_A: &str = "00000000-0000-0000-0000-00000000a100";
const UNI_B: &str = "00000000-0000-0000-0000-00000000a200";
const UNI_B_1: &str = "00000000-0000-0000-0000-00000000a210";
const OTHER: &str = "00000000-0000-0000-0000-00000000b000";

fn cell(task: &str, month: i32) -> String {
    format!("pm.{task}.{month}")
}

/// Users of the fixture, each in its own browser.
struct Browsers {
    app: TestApp,
    poo: TestApp,
    recv: TestApp,
    head: TestApp,
    other: TestApp,
    bviewer: TestApp,
    _idp: TestIdp,
}

async fn setup(rls: &str, requests_enabled: bool) -> Browsers {
    let idp = TestIdp::start().await;
    for (user, role, org) in [
        ("poo@test", "rediflow-editors", "UNI-A"),
        ("recv@test", "rediflow-editors", "UNI-B"),
        ("head@test", "rediflow-editors", "UNI"),
        ("other@test", "rediflow-editors", "OTHER"),
        ("bviewer@test", "rediflow-viewers", "UNI-B"),
    ] {
        idp.add_user(IdpUser::new(
            user,
            &[
                role,
                &format!("rediflow-org-{org}"),
                "rediflow-visibility-org",
            ],
        ));
    }
    let database = create_test_database();
    connect(&owner_url(&database))
        .batch_execute(FIXTURE)
        .unwrap();
    let app = spawn_app_on(
        &database,
        &[
            ("RLS_ENABLED", rls),
            ("OIDC_ISSUER", idp.issuer.as_str()),
            ("OIDC_CLIENT_ID", CLIENT_ID),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
            // several users sign in from 127.0.0.1 within a minute
            ("LOGIN_RATE_LIMIT_PER_MINUTE", "100"),
            (
                "CAPACITY_REQUESTS_ENABLED",
                if requests_enabled { "true" } else { "false" },
            ),
        ],
    )
    .await;
    let mut browsers = Vec::new();
    for user in [
        "poo@test",
        "recv@test",
        "head@test",
        "other@test",
        "bviewer@test",
    ] {
        let browser = app.another_browser();
        sign_in(&browser, &idp, user).await;
        browsers.push(browser);
    }
    let mut b = browsers.into_iter();
    Browsers {
        poo: b.next().unwrap(),
        recv: b.next().unwrap(),
        head: b.next().unwrap(),
        other: b.next().unwrap(),
        bviewer: b.next().unwrap(),
        app,
        _idp: idp,
    }
}

/// What a decision must not change: requests, lines, demand, partners, version, audit rows.
fn snapshot(app: &TestApp) -> Vec<String> {
    names(
        &mut app.owner_connection(),
        "select concat_ws(' | ',
            (select string_agg(state || ':' || response_comment || ':' || coalesce(decided_by::text, '-'), ',' order by created_at) from capacity_requests),
            (select count(*) from capacity_request_lines),
            (select string_agg(task_id || '/' || organisation_id || '/' || month || '/' || series || '=' || pm, ',' order by task_id, organisation_id, month, series) from capacity_demand),
            (select string_agg(organisation_id::text, ',' order by organisation_id) from project_partners),
            (select string_agg(code || 'v' || version, ',' order by code) from projects),
            (select count(*) from audit_log)) as name",
    )
}

fn est(app: &TestApp, task: &str, org: &str, month: i32) -> Vec<String> {
    names(
        &mut app.owner_connection(),
        &format!(
            "select d.pm::text as name from capacity_demand d join projects p on p.id = d.project_id
             where d.series = 'EST' and d.task_id = '{task}' and d.organisation_id = '{org}'
               and d.month = (p.start_month + interval '{} month')::date",
            month - 1
        ),
    )
}

fn user_id(app: &TestApp, username: &str) -> String {
    names(
        &mut app.owner_connection(),
        &format!("select id::text as name from users where username = '{username}'"),
    )
    .remove(0)
}

async fn post(
    browser: &TestApp,
    page: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let token = browser.csrf_token(page).await;
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend_from_slice(form);
    browser.post_form(path, &fields).await
}

/// Why the database refuses `user` accepting request `id` straight through the decide
/// function (row-level security, not the web layer).
fn accept_in_database(conn: &mut diesel::PgConnection, user: &str, id: &str) -> String {
    conn.batch_execute(&format!(
        "select set_config('app.current_user_id', '{user}', false)"
    ))
    .unwrap();
    conn.batch_execute(&format!(
        "select app.decide_capacity_request('{id}', true, 'x')"
    ))
    .unwrap_err()
    .to_string()
}

/// `verb` ("accept", "reject" or "withdraw") request `id` as `browser`.
async fn act(browser: &TestApp, id: &str, verb: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let path = format!("/capacity-requests/{id}/{verb}");
    post(browser, "/capacity-requests", &path, form).await
}

/// The page `browser` gets at `path`, as HTML.
async fn html(browser: &TestApp, path: &str) -> String {
    browser.get_page(path).await.text().await.unwrap()
}

/// Asks UNI-B for 1.5 PM of task 1.1 in M2 and 2 PM of task 1.2 in M3 as poo@test; the request id.
async fn ask(b: &Browsers) -> String {
    let (c1, c2) = (cell(T11, 2), cell(T12, 3));
    let response = post(
        &b.poo,
        &format!("/projects/{P1}/capacity-requests/new"),
        &format!("/projects/{P1}/capacity-requests"),
        &[
            ("receiving_org", UNI_B),
            ("message", "Two surveys need a statistician"),
            (c1.as_str(), "1,5"),
            (c2.as_str(), "2"),
        ],
    )
    .await;
    let target = location(&response);
    assert!(target.ends_with("?created=1"), "{target}");
    created_id(&target)
}

/// The new request's id in the redirect after asking.
fn created_id(target: &str) -> String {
    target
        .trim_start_matches("/capacity-requests/")
        .trim_end_matches("?created=1")
        .to_string()
}

#[tokio::test]
async fn a_request_is_asked_then_refused_to_the_wrong_organisation_and_accepted_by_the_right_one() {
    for rls in ["true", "false"] {
        let b = setup(rls, true).await;
        let app = &b.app;

        // The entry point is on the capacity page of an editor of the POO.
        let capacity = b.poo.get_page(&format!("/projects/{P1}/capacity")).await;
        assert_eq!(capacity.status(), 200);
        let capacity = capacity.text().await.unwrap();
        assert!(capacity.contains(&format!(
            "href=\"/projects/{P1}/capacity-requests/new\">Request capacity from another organisation</a>"
        )));

        // The form offers the organisations of the same root except the POO.
        let form = b
            .poo
            .get_page(&format!("/projects/{P1}/capacity-requests/new"))
            .await;
        assert_eq!(form.status(), 200, "RLS {rls}");
        let form = form.text().await.unwrap();
        for (org, offered) in [
            (UNI, true),
            (UNI_B, true),
            (UNI_B_1, true),
            (UNI_A, false),
            (OTHER, false),
        ] {
            assert_eq!(
                form.contains(&format!("<option value=\"{org}\"")),
                offered,
                "{org}"
            );
        }
        assert!(form.contains(&format!("name=\"{}\"", cell(T11, 1))));
        assert!(form.contains("WP 2 — Dissemination"));

        // Every mistake is named, and nothing is written.
        let before = snapshot(app);
        let new = format!("/projects/{P1}/capacity-requests/new");
        let create = format!("/projects/{P1}/capacity-requests");
        let (bad_text, negative, outside, foreign) =
            (cell(T11, 2), cell(T12, 3), cell(T11, 13), cell(T_OTHER, 2));
        let response = post(
            &b.poo,
            &new,
            &create,
            &[
                ("receiving_org", OTHER),
                ("message", "x"),
                (bad_text.as_str(), "lots"),
                (negative.as_str(), "-1"),
                (outside.as_str(), "1"),
                (foreign.as_str(), "1"),
            ],
        )
        .await;
        assert_eq!(response.status(), 422, "RLS {rls}");
        let page = response.text().await.unwrap();
        for message in [
            "Nothing was sent",
            "Choose the organisation to ask from the list",
            "Task 1.1, M2 (",
            "&#34;lots&#34; is not a number of person-months.",
            "-1 is negative; ask for more than 0 PM.",
            "Task 1.1, M13: the project runs from M1 to M12.",
            "The form names a task that is not in P1.",
        ] {
            assert!(page.contains(message), "{message}: {page}");
        }
        assert!(page.contains("value=\"lots\""), "what was typed is kept");
        let response = post(&b.poo, &new, &create, &[("receiving_org", UNI_A)]).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("Enter the PM you ask for in at least one cell"));
        assert!(page.contains("Choose the organisation to ask from the list"));
        assert_eq!(snapshot(app), before);

        // Asking by someone who cannot edit the project changes nothing either.
        let c = cell(T11, 2);
        let response = post(
            &b.bviewer,
            "/capacity-requests",
            &create,
            &[("receiving_org", UNI_B), (c.as_str(), "1")],
        )
        .await;
        assert_eq!(response.status(), 404, "viewers of UNI-B do not see P1");
        assert_eq!(snapshot(app), before);

        let id = ask(&b).await;
        assert_eq!(
            names(
                &mut app.owner_connection(),
                "select r.state || ' ' || o.short_name || ' ' || r.message || ' ' ||
                        (select string_agg(l.pm::text, ',' order by l.month) from capacity_request_lines l) as name
                 from capacity_requests r join organisations o on o.id = r.requesting_org_id"
            ),
            ["pending UNI-A Two surveys need a statistician 1.500,2.000"]
        );
        assert_eq!(
            app.count(
                "select count(*) from audit_log where entity_type = 'capacity_request' and action = 'create'"
            ),
            1
        );
        let detail = b
            .poo
            .get_page(&format!("/capacity-requests/{id}?created=1"))
            .await;
        let detail = detail.text().await.unwrap();
        assert!(detail.contains("Your request was sent."));
        assert!(detail.contains("UNI-A asks UNI-B for 3.5 PM on P1"));
        assert!(detail.contains("Withdraw the request"));
        assert!(!detail.contains("/accept\""), "the POO cannot accept");
        let sent = html(&b.poo, "/capacity-requests?box=sent").await;
        assert!(sent.contains(&format!("href=\"/capacity-requests/{id}\">P1</a>")));
        assert!(sent.contains("Sent (1 pending)"));

        // The receiving organisation sees it under Incoming, although it cannot see P1.
        assert_eq!(
            b.recv.get_page(&format!("/projects/{P1}")).await.status(),
            404
        );
        let incoming = html(&b.recv, "/capacity-requests").await;
        assert!(incoming.contains(&format!("href=\"/capacity-requests/{id}\">P1</a>")));
        assert!(incoming.contains("Incoming (1 pending)"));
        let csv = html(&b.recv, "/capacity-requests?box=incoming&format=csv").await;
        assert!(csv.contains("P1,Asking project,UNI-A,UNI-B,3.5,"), "{csv}");
        let detail = b.recv.get_page(&format!("/capacity-requests/{id}")).await;
        assert_eq!(detail.status(), 200);
        let detail = detail.text().await.unwrap();
        assert!(detail.contains(&format!("action=\"/capacity-requests/{id}/accept\"")));
        assert!(detail.contains("1.1 <span class=\"muted\">Survey</span>"));
        assert!(
            !detail.contains(&format!("href=\"/projects/{P1}\"")),
            "no link to a hidden project"
        );

        // The parent's editors find it once child organisations are included.
        let head = html(&b.head, "/capacity-requests").await;
        assert!(!head.contains(&format!("/capacity-requests/{id}\"")));
        let head = html(
            &b.head,
            "/capacity-requests?box=incoming&include_children=1",
        )
        .await;
        assert!(head.contains(&format!("/capacity-requests/{id}\"")));

        // The wrong organisation: unseen (404) or not a decider (403); nothing changes.
        let before = snapshot(app);
        assert_eq!(
            b.other
                .get_page(&format!("/capacity-requests/{id}"))
                .await
                .status(),
            404
        );
        let response = act(&b.other, &id, "accept", &[("comment", "mine now")]).await;
        assert_eq!(response.status(), 404, "RLS {rls}");
        let response = act(&b.other, &id, "reject", &[("comment", "no")]).await;
        assert_eq!(response.status(), 404);
        let response = act(&b.poo, &id, "accept", &[("comment", "self-service")]).await;
        assert_eq!(response.status(), 403, "RLS {rls}");
        assert!(response.text().await.unwrap().contains(
            "Only editors of UNI-B (or of an organisation above it) may accept or reject"
        ));
        let response = act(&b.bviewer, &id, "accept", &[]).await;
        assert_eq!(response.status(), 403);
        let response = act(&b.recv, &id, "withdraw", &[]).await;
        assert_eq!(response.status(), 403, "only the asking side withdraws");
        // A rejection needs a reason.
        let response = act(&b.recv, &id, "reject", &[("comment", "  ")]).await;
        assert_eq!(response.status(), 422);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Say in the comment why you reject")
        );
        // Even straight at the database, an editor of another organisation cannot decide.
        let mut conn = connect(&app_url(&app.database));
        let refused = accept_in_database(&mut conn, &user_id(app, "other@test"), &id);
        assert!(refused.contains("capacity request: not found"), "{refused}");
        let refused = accept_in_database(&mut conn, &user_id(app, "poo@test"), &id);
        assert!(
            refused.contains("only editors of the receiving organisation"),
            "{refused}"
        );
        assert_eq!(snapshot(app), before);

        // The right organisation accepts: EST demand, partner, version, request and audit in one go.
        let version = app.count(&format!(
            "select version as count from projects where id = '{P1}'"
        ));
        let audit = app.count("select count(*) from audit_log");
        let response = act(&b.recv, &id, "accept", &[("comment", "Anna will do it")]).await;
        assert_eq!(
            location(&response),
            format!("/capacity-requests/{id}?done=accepted&cells=2"),
            "RLS {rls}"
        );
        assert_eq!(
            est(app, T11, UNI_B, 2),
            ["2.000"],
            "0.5 planned + 1.5 asked"
        );
        assert_eq!(est(app, T12, UNI_B, 3), ["2.000"]);
        assert_eq!(
            app.count(&format!(
                "select version as count from projects where id = '{P1}'"
            )),
            version + 1
        );
        let recv_id = user_id(app, "recv@test");
        assert_eq!(
            names(
                &mut app.owner_connection(),
                "select state || ' ' || response_comment || ' ' || decided_by::text as name from capacity_requests"
            ),
            [format!("accepted Anna will do it {recv_id}")]
        );
        assert_eq!(
            app.count(&format!(
                "select count(*) from project_partners where project_id = '{P1}' and organisation_id = '{UNI_B}'"
            )),
            1
        );
        assert_eq!(app.count("select count(*) from audit_log"), audit + 4);
        assert_eq!(
            names(
                &mut app.owner_connection(),
                &format!(
                    "select entity_type || ' ' || action || ' ' || actor || ' ' || (user_id = '{recv_id}') as name
                     from audit_log where entity_type <> 'project' order by occurred_at, entity_type, action"
                )
            ),
            [
                "capacity_request create poo@test false",
                "capacity_demand create recv@test true",
                "capacity_demand update recv@test true",
                "capacity_request update recv@test true",
                "project_partner create recv@test true",
            ]
        );
        let done = html(
            &b.recv,
            &format!("/capacity-requests/{id}?done=accepted&cells=2"),
        )
        .await;
        assert!(
            done.contains("EST demand of P1 (2 cells changed)."),
            "{done}"
        );
        // As a partner now, UNI-B sees the project and its demand.
        assert_eq!(
            b.recv.get_page(&format!("/projects/{P1}")).await.status(),
            200
        );

        // A decided request cannot be decided again.
        let before = snapshot(app);
        let response = act(&b.recv, &id, "accept", &[]).await;
        assert_eq!(response.status(), 409);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("This request was already accepted")
        );
        let response = act(&b.recv, &id, "reject", &[("comment", "changed my mind")]).await;
        assert_eq!(response.status(), 409);
        let response = act(&b.poo, &id, "withdraw", &[]).await;
        assert_eq!(response.status(), 409);
        assert_eq!(snapshot(app), before);
    }
}

#[tokio::test]
async fn rejecting_withdrawing_and_locks() {
    let b = setup("true", true).await;
    let app = &b.app;
    let first = ask(&b).await;
    let second = ask(&b).await;
    let third = ask(&b).await;

    // Rejected with a reason the asking side reads; the demand is untouched.
    let response = act(
        &b.recv,
        &first,
        "reject",
        &[("comment", "Nobody free before summer")],
    )
    .await;
    assert_eq!(
        location(&response),
        format!("/capacity-requests/{first}?done=rejected")
    );
    assert_eq!(est(app, T11, UNI_B, 2), ["0.500"]);
    assert_eq!(est(app, T12, UNI_B, 3), Vec::<String>::new());
    let seen = html(&b.poo, &format!("/capacity-requests/{first}")).await;
    assert!(seen.contains("Nobody free before summer") && seen.contains("state-rejected"));

    // Withdrawn by the asking side; then nobody can accept it.
    let response = act(&b.poo, &second, "withdraw", &[("comment", "Found someone")]).await;
    assert_eq!(
        location(&response),
        format!("/capacity-requests/{second}?done=withdrawn")
    );
    let response = act(&b.recv, &second, "accept", &[]).await;
    assert_eq!(response.status(), 409);
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select state as name from capacity_requests order by created_at"
        ),
        ["rejected", "withdrawn", "pending"]
    );
    assert_eq!(
        app.count(
            "select count(*) from audit_log where entity_type = 'capacity_request' and action = 'update'"
        ),
        2
    );

    // The sent box filters by state; Incoming of UNI-B-1 is empty.
    let sent = html(&b.poo, "/capacity-requests?box=sent&state=pending").await;
    assert!(sent.contains(&format!("/capacity-requests/{third}\"")));
    assert!(!sent.contains(&format!("/capacity-requests/{first}\"")));
    let none = html(&b.head, &format!("/capacity-requests?org={UNI_B_1}")).await;
    assert!(none.contains("No requests to UNI-B-1"));

    // A locked project's demand cannot change: acceptance is refused, rejection still works.
    app.sql(&format!(
        "update projects set locked = true where id = '{P1}'"
    ));
    let before = snapshot(app);
    let page = html(&b.recv, &format!("/capacity-requests/{third}")).await;
    assert!(page.contains("P1 is locked, so its demand cannot change"));
    let response = act(&b.recv, &third, "accept", &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(snapshot(app), before);
    let response = act(
        &b.recv,
        &third,
        "reject",
        &[("comment", "Project is closed")],
    )
    .await;
    assert_eq!(response.status(), 303);
    // ... and nobody asks on its behalf while it is locked.
    assert_eq!(
        b.poo
            .get_page(&format!("/projects/{P1}/capacity-requests/new"))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn requests_in_past_months_cannot_be_accepted_by_editors() {
    let b = setup("true", true).await;
    let app = &b.app;
    let id = ask(&b).await;
    // Time passes: the project (and the request's months) move a year back.
    app.sql(
        "update projects set start_month = (start_month - interval '12 month')::date;
         update capacity_request_lines set month = (month - interval '12 month')::date;
         update capacity_demand set month = (month - interval '12 month')::date;",
    );
    let before = snapshot(app);
    let page = html(&b.recv, &format!("/capacity-requests/{id}")).await;
    assert!(page.contains("The request asks for months that are now in the past"));
    let response = act(&b.recv, &id, "accept", &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(snapshot(app), before);
}

#[tokio::test]
async fn without_the_feature_there_are_no_requests() {
    let b = setup("true", false).await;
    let capacity = html(&b.poo, &format!("/projects/{P1}/capacity")).await;
    assert!(!capacity.contains("Request capacity"));
    assert!(
        !capacity.contains("href=\"/capacity-requests\""),
        "no nav entry"
    );
    for path in [
        "/capacity-requests".to_string(),
        format!("/projects/{P1}/capacity-requests/new"),
    ] {
        assert_eq!(b.poo.get_page(&path).await.status(), 404, "{path}");
    }
    let c = cell(T11, 2);
    let response = post(
        &b.poo,
        &format!("/projects/{P1}/capacity"),
        &format!("/projects/{P1}/capacity-requests"),
        &[("receiving_org", UNI_B), (c.as_str(), "1")],
    )
    .await;
    assert_eq!(response.status(), 404);
    assert_eq!(b.app.count("select count(*) from capacity_requests"), 0);
}

#[tokio::test]
async fn without_sign_in_the_built_in_admin_asks_and_answers_for_every_organisation() {
    let app = spawn_app_with(&[("CAPACITY_REQUESTS_ENABLED", "true")]).await;
    app.sql(FIXTURE);
    let new = format!("/projects/{P1}/capacity-requests/new");
    let c = cell(T12, 4);
    let token = app.csrf_token(&new).await;
    let response = app
        .post_form(
            &format!("/projects/{P1}/capacity-requests"),
            &[
                ("csrf_token", token.as_str()),
                ("receiving_org", UNI_B_1),
                (c.as_str(), "0.25"),
            ],
        )
        .await;
    let id = created_id(&location(&response));
    // Administrators belong to no organisation here: every request is in their boxes.
    let incoming = html(&app, "/capacity-requests").await;
    assert!(incoming.contains(&format!("/capacity-requests/{id}\"")));
    assert!(incoming.contains("requests to all organisations"));
    let response = app
        .post_form(
            &format!("/capacity-requests/{id}/accept"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/capacity-requests/{id}?done=accepted&cells=1")
    );
    assert_eq!(est(&app, T12, UNI_B_1, 4), ["0.250"]);
    assert_eq!(
        app.count("select count(*) from audit_log where actor = 'anonymous'"),
        4,
        "request created, demand, partner, decision"
    );
    let ods = app
        .get_page("/capacity-requests?box=incoming&format=ods")
        .await;
    assert_eq!(ods.status(), 200);
    assert_eq!(
        ods.headers()["content-type"],
        "application/vnd.oasis.opendocument.spreadsheet"
    );
    let help = html(&app, "/help").await;
    assert!(help.contains("<h2>Capacity requests</h2>") && help.contains("<h2>Share links</h2>"));
    assert!(help.contains("Share links are switched off on this server"));
    for bad in ["box=bogus", "state=maybe", "org=nonsense"] {
        assert_eq!(
            app.get_page(&format!("/capacity-requests?{bad}"))
                .await
                .status(),
            400,
            "{bad}"
        );
    }
    assert_eq!(
        app.get_page(&format!("/capacity-requests/{}", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );
}
