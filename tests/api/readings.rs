//! Tentative work and the three readings of the plan (issue 23, item 1): hand-computed portfolio
//! figures, the remembered reading, win probabilities on the project form and the lifecycle
//! states, and assignment status on the Team tab and in the API.

use crate::helpers::*;
use crate::team::{one, text};

/// Cy (RES, DK calendar with holidays on 24–25 Dec 2030, 7.5 h/day, 150 h per PM) has
/// 20 working days × 7.5 h = 150 h = 1 PM in December 2030. RUN (running) assigns Cy 80 %
/// (0.8 PM, confirmed) and plans 1 PM of EST demand for RES in December; PROP (a proposal, 30 %
/// by its state's default) assigns Cy 50 % (0.5 PM, tentative) and plans 2 PM.
///
/// By hand, December: allocated confirmed 0.8; + tentative 0.8 + 0.5 = 1.3 (0.5 tentative);
/// weighted 0.8 + 0.5 × 30 % = 0.95 (0.15 tentative). EST demand: 1; 1 + 2 = 3 (2 tentative);
/// 1 + 2 × 30 % = 1.6 (0.6 tentative). Gap (capacity − demand): 0, −2, −0.6. Confirmed work
/// (0.8) is within capacity; with the tentative work (1.3) it is not: Cy is at risk, not over.
pub const READINGS: &str = "
insert into organisations (short_name, name, country_code) values ('RES', 'Research', 'DK');
insert into calendars (code, name, country_code) values ('DK', 'Denmark', 'DK');
insert into holidays (calendar_id, day, name)
  select id, d, 'Holiday' from calendars, unnest(array[date '2030-12-24', date '2030-12-25', date '2031-01-01']) d;
insert into system_hour_rates (valid_from, hours_per_pm) values (date '2030-01-01', 150);
insert into employee_groups (name) values ('Research');
insert into employee_group_hours (employee_group_id, valid_from, daily_hours) select id, date '2020-01-01', 7.5 from employee_groups;
insert into persons (code, first_name, last_name, organisation_id)
  select 'cy', 'Cy', 'Young', id from organisations where short_name = 'RES';
insert into employee_group_memberships (person_id, employee_group_id, valid_from)
  select p.id, g.id, date '2020-01-01' from persons p, employee_groups g;
insert into projects (code, name, owner_org_id, start_month, duration_months, lifecycle_state_id)
  select v.code, 'Project ' || v.code, o.id, date '2030-12-01', 3, s.id
  from organisations o, (values ('RUN', 'running'), ('PROP', 'proposal')) v(code, state)
  join lifecycle_states s on s.code = v.state
  where o.short_name = 'RES';
insert into work_packages (project_id, number, name, begin_month, end_month) select id, 1, 'WP1', 1, 3 from projects;
insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
  select project_id, id, '1.1', 'Research', 1, 3 from work_packages;
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
  select t.project_id, t.id, o.id, date '2030-12-01', 'EST', case p.code when 'RUN' then 1 else 2 end
  from tasks t join projects p on p.id = t.project_id, organisations o;
insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month, tentative)
  select pe.id, pr.id, v.pct, g.id, date '2030-12-01', date '2030-12-01', v.tentative
  from (values ('RUN', 80, false), ('PROP', 50, true)) v(project, pct, tentative)
  join projects pr on pr.code = v.project, persons pe, allocation_groups g
  where g.code = 'fixed';
";

const WINDOW: &str = "/portfolio?from=2030-12&months=3";

async fn readings_app() -> TestApp {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(READINGS);
    app
}

/// The part of the portfolio page between two ids.
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let rest = html.split(&format!("id=\"{from}\"")).nth(1).unwrap();
    rest.split(&format!("id=\"{to}\"")).next().unwrap()
}

#[tokio::test]
async fn the_portfolio_reads_the_plan_three_ways_with_hand_computed_figures() {
    let app = readings_app().await;
    // (reading, its name, allocated, its tentative part, EST demand, its tentative part, gap,
    // Cy's December utilisation)
    for (reading, name, allocated, allocated_tentative, demand, demand_tentative, gap, util) in [
        (
            "confirmed",
            "Confirmed only",
            "0.8",
            "0",
            "1",
            "0",
            "0",
            "80",
        ),
        (
            "tentative",
            "Confirmed + tentative",
            "1.3",
            "0.5",
            "3",
            "2",
            "-2",
            "130",
        ),
        (
            "weighted",
            "Weighted by win probability",
            "0.95",
            "0.15",
            "1.6",
            "0.6",
            "-0.6",
            "95",
        ),
    ] {
        let csv = text(&app, &format!("{WINDOW}&reading={reading}&format=csv")).await;
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0], "Organisation,People,Measure,2030-12,2031-01,2031-02,Total,Reading",
            "{csv}"
        );
        // Capacity: December 1 PM; January 22 days = 1.1 PM; February 20 days = 1 PM.
        assert!(lines.contains(&format!("RES,1,Capacity PM,1,1.1,1,3.1,{name}").as_str()));
        for (measure, value) in [
            ("Allocated PM", allocated),
            ("Allocated tentative PM", allocated_tentative),
            ("EST demand PM", demand),
            ("EST demand tentative PM", demand_tentative),
        ] {
            let line = format!("RES,1,{measure},{value},0,0,{value},{name}");
            assert!(lines.contains(&line.as_str()), "{reading}: {line} in {csv}");
        }
        assert!(
            csv.contains(&format!("\nRES,1,Gap PM,{gap},1.1,1,")),
            "{csv}"
        );

        let html = text(&app, &format!("{WINDOW}&reading={reading}")).await;
        assert!(
            html.contains(&format!(
                "<option value=\"{reading}\" selected>{name}</option>"
            )),
            "{html}"
        );
        assert!(html.contains(&format!("Figures read as: {name}.")));
        let heatmap = section(&html, "heatmap", "over");
        let allocated_cell = format!("title=\"{util} % of capacity\">{allocated}");
        assert!(
            heatmap.contains(&allocated_cell),
            "{allocated_cell}: {heatmap}"
        );
        // The tentative part is named in the cell, not told by colour.
        let marker =
            format!("<small class=\"tentative-part\">({allocated_tentative} tentative)</small>");
        assert_eq!(
            heatmap.contains(&marker),
            reading != "confirmed",
            "{heatmap}"
        );
        let marker = format!(
            "{demand} <small class=\"tentative-part\">({demand_tentative} tentative)</small>"
        );
        assert_eq!(
            heatmap.contains(&marker),
            reading != "confirmed",
            "{heatmap}"
        );
        // Over-allocation counts confirmed work (0.8 of 1 PM) in every reading; tentative work
        // would take Cy to 130 %: at risk, marked in December.
        let (over, at_risk) = (
            section(&html, "over", "at-risk"),
            section(&html, "at-risk", "under"),
        );
        assert!(!over.contains("Cy Young"), "{over}");
        assert!(at_risk.contains(">Cy Young</a>"), "{at_risk}");
        assert!(
            at_risk.contains(&format!("{util} % <span class=\"risk-marker\"")),
            "{at_risk}"
        );
        assert!(at_risk.contains("Over-allocated if tentative work happens"));
        // The chart hatches the tentative part of the bar.
        assert_eq!(
            html.contains("class=\"bar-tentative\" fill=\"url(#tentative-hatch)\""),
            reading != "confirmed"
        );

        let list = text(
            &app,
            &format!("{WINDOW}&reading={reading}&list=at-risk&format=csv"),
        )
        .await;
        assert_eq!(
            list.lines().collect::<Vec<_>>(),
            [
                "Person,Organisation,2030-12,2031-01,2031-02,Months at risk,Reading".to_string(),
                format!("Cy Young,RES,{util},0,0,2030-12,{name}"),
            ]
        );
    }

    // Once the proposal's work is confirmed (1.3 PM of confirmed work), Cy is over-allocated in
    // every reading, and no longer merely at risk.
    app.sql("update assignments set tentative = false");
    let html = text(&app, &format!("{WINDOW}&reading=confirmed")).await;
    assert!(section(&html, "over", "at-risk").contains(">Cy Young</a>"));
    assert!(!section(&html, "at-risk", "under").contains("Cy Young"));
}

#[tokio::test]
async fn the_reading_is_remembered_and_a_bad_one_is_refused() {
    let app = readings_app().await;
    let stored = |app: &TestApp| {
        names(
            &mut app.owner_connection(),
            "select coalesce(string_agg(reading, ','), '') as name from user_settings",
        )
        .remove(0)
    };
    // Nothing chosen: confirmed + tentative.
    let html = text(&app, WINDOW).await;
    assert!(
        html.contains("<option value=\"tentative\" selected>"),
        "{html}"
    );
    assert_eq!(stored(&app), "");

    let html = text(&app, &format!("{WINDOW}&reading=weighted")).await;
    assert!(html.contains("<option value=\"weighted\" selected>"));
    assert_eq!(stored(&app), "weighted");
    // No parameter: the remembered reading is shown and used (0.95 PM in December).
    let html = text(&app, WINDOW).await;
    assert!(
        html.contains("<option value=\"weighted\" selected>"),
        "{html}"
    );
    assert!(html.contains("title=\"95 % of capacity\">0.95"), "{html}");
    let csv = text(&app, &format!("{WINDOW}&format=csv")).await;
    assert!(
        csv.lines()
            .any(|l| l == "RES,1,Allocated PM,0.95,0,0,0.95,Weighted by win probability"),
        "{csv}"
    );

    // A reading that does not exist: 400 with the sentence, the stored choice unchanged.
    let response = app.get_page(&format!("{WINDOW}&reading=all")).await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Choose how to read the plan: confirmed, tentative or weighted (not “all”)."),
        "{body}"
    );
    assert_eq!(stored(&app), "weighted");
    let response = app
        .get_page(&format!("{WINDOW}&list=everyone&format=csv"))
        .await;
    assert_eq!(response.status(), 400);
    let _ = one;
}

/// `select <column>::text as name from <table> where <filter>`, `null` as "null".
fn value(app: &TestApp, sql: &str) -> String {
    one(
        app,
        &format!("select coalesce(({sql})::text, 'null') as name"),
    )
}

#[tokio::test]
async fn the_project_form_saves_a_win_probability_and_refuses_a_bad_one() {
    let app = readings_app().await;
    let prop = one(
        &app,
        "select id::text as name from projects where code = 'PROP'",
    );
    let res = one(
        &app,
        "select id::text as name from organisations where short_name = 'RES'",
    );
    let proposal = one(
        &app,
        "select id::text as name from lifecycle_states where code = 'proposal'",
    );
    let stored = || {
        value(
            &app,
            &format!("select win_probability from projects where id = '{prop}'"),
        )
    };
    let (edit, action) = (
        format!("/projects/{prop}/edit"),
        format!("/projects/{prop}"),
    );
    let typed = |probability: &'static str| {
        vec![
            ("code", "PROP"),
            ("name", "Project PROP"),
            ("poo", res.as_str()),
            ("lifecycle", proposal.as_str()),
            ("start", "2030-12"),
            ("duration", "3"),
            ("probability", probability),
        ]
    };
    // The form offers the state's default as the placeholder.
    let form = text(&app, &edit).await;
    assert!(
        form.contains("name=\"probability\" value=\"\" placeholder=\"Empty: the state&#39;s default (Proposal 30 %)\""),
        "{form}"
    );

    let saved = app.submit(&edit, &action, &typed("45")).await;
    assert_eq!(saved.status(), 303);
    assert!(
        location(&saved).starts_with(&action),
        "{}",
        location(&saved)
    );
    assert_eq!(stored(), "45");
    assert!(text(&app, &action).await.contains("<dd>45 %</dd>"));
    // A project's own probability weighs its tentative work: 0.8 + 0.5 × 45 % = 1.025 PM.
    let csv = text(&app, &format!("{WINDOW}&reading=weighted&format=csv")).await;
    assert!(csv.contains("\nRES,1,Allocated PM,1.025,"), "{csv}");

    for bad in ["101", "x"] {
        let refused = app.submit(&edit, &action, &typed(bad)).await;
        assert_eq!(refused.status(), 422, "{bad}");
        let body = refused.text().await.unwrap();
        assert!(
            body.contains(&format!(
                "Give the win probability as a whole percent from 0 to 100 (not “{bad}”), or leave it empty for the state&#39;s default."
            )),
            "{body}"
        );
        assert_eq!(stored(), "45", "{bad}: nothing stored");
    }

    // Empty: the state's default, shown as such on the overview and the pipeline page.
    let saved = app.submit(&edit, &action, &typed("")).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(stored(), "null");
    assert!(
        text(&app, &action)
            .await
            .contains("<dd>30 % (the state&#39;s default)</dd>")
    );
    let pipeline = text(&app, "/projects/pipeline").await;
    assert!(
        pipeline.contains("<td class=\"num\">30 % (the state&#39;s default)</td>"),
        "{pipeline}"
    );
}

#[tokio::test]
async fn a_lifecycle_state_default_probability_is_saved_and_refused_out_of_range() {
    let app = readings_app().await;
    let proposal = one(
        &app,
        "select id::text as name from lifecycle_states where code = 'proposal'",
    );
    let action = format!("/settings/lifecycle-state/{proposal}");
    let stored = || {
        value(
            &app,
            "select win_probability from lifecycle_states where code = 'proposal'",
        )
    };
    let saved = app
        .submit(
            "/settings",
            &action,
            &[
                ("name", "Proposal"),
                ("is_pipeline", "on"),
                ("win_probability", "40"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(stored(), "40");
    // PROP takes its state's default: 0.8 + 0.5 × 40 % = 1 PM weighted.
    let csv = text(&app, &format!("{WINDOW}&reading=weighted&format=csv")).await;
    assert!(csv.contains("\nRES,1,Allocated PM,1,"), "{csv}");

    for bad in ["101", "-5", "x"] {
        let refused = app
            .submit(
                "/settings",
                &action,
                &[
                    ("name", "Proposal"),
                    ("is_pipeline", "on"),
                    ("win_probability", bad),
                ],
            )
            .await;
        assert!(
            refused.status().is_client_error(),
            "{bad}: {}",
            refused.status()
        );
        let body = refused.text().await.unwrap();
        assert!(body.contains(&format!("(not “{bad}”)")), "{bad}: {body}");
        assert_eq!(stored(), "40", "{bad}: nothing stored");
    }
}

#[tokio::test]
async fn the_team_tab_adds_tentative_work_on_a_proposal_unless_told_otherwise() {
    let app = readings_app().await;
    let prop = one(
        &app,
        "select id::text as name from projects where code = 'PROP'",
    );
    let cy = one(
        &app,
        "select id::text as name from persons where code = 'cy'",
    );
    let fixed = one(
        &app,
        "select id::text as name from allocation_groups where code = 'fixed'",
    );
    let path = format!("/projects/{prop}/team");
    let action = format!("{path}/assignments");
    let page = text(&app, &path).await;
    // The add form starts on the project's default; the proposal's row is marked in words.
    assert!(
        page.contains("<option value=\"tentative\" selected>Tentative</option></select></td>\n    <td><form id=\"a-new\""),
        "{page}"
    );
    assert!(page.contains("Cy Young</a> <span class=\"tentative-marker\">(tentative)</span>"));
    let add = |month: &'static str, status: Option<&'static str>| {
        let mut fields = vec![
            ("person", cy.clone()),
            ("percent", "10".to_string()),
            ("group", fixed.clone()),
            ("start", month.to_string()),
            ("end", month.to_string()),
        ];
        if let Some(status) = status {
            fields.push(("status", status.to_string()));
        }
        fields
    };
    let tentative_of = |month: &str| {
        value(
            &app,
            &format!(
                "select string_agg(tentative::text, ',') from assignments \
                 where project_id = '{prop}' and start_month = '{month}-01'"
            ),
        )
    };
    for (month, status, stored) in [
        ("2031-01", None, "true"),
        ("2031-02", Some("confirmed"), "false"),
    ] {
        let fields = add(month, status);
        let typed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let added = app.submit(&path, &action, &typed).await;
        assert_eq!(added.status(), 303, "{month}");
        assert_eq!(tentative_of(month), stored, "{month}");
    }
    let before = app.count("select count(*) from assignments");
    let fields = add("2031-02", Some("maybe"));
    let typed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = app.submit(&path, &action, &typed).await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(
        body.contains("Choose confirmed or tentative (not “maybe”)."),
        "{body}"
    );
    assert_eq!(app.count("select count(*) from assignments"), before);

    // The edit form changes the status of an existing row.
    let january = value(
        &app,
        &format!(
            "select id from assignments where project_id = '{prop}' and start_month = '2031-01-01'"
        ),
    );
    let row = format!("{action}/{january}");
    let changed = app
        .submit(
            &path,
            &row,
            &[
                ("role", ""),
                ("percent", "10"),
                ("group", fixed.as_str()),
                ("start", "2031-01"),
                ("end", "2031-01"),
                ("status", "confirmed"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(tentative_of("2031-01"), "false");
}

#[tokio::test]
async fn my_allocations_read_the_plan_three_ways_and_mark_where_tentative_work_would_overload() {
    use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new("cy@test", &["rediflow-viewers"]));
    let app = spawn_app_with(&[
        ("PERSON_CAPACITY_ENABLED", "true"),
        ("OIDC_ISSUER", idp.issuer.as_str()),
        ("OIDC_CLIENT_ID", CLIENT_ID),
        ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
    ])
    .await;
    app.sql(READINGS);
    sign_in(&app, &idp, "cy@test").await;
    app.sql("update persons set user_id = (select id from users where username = 'cy@test') where code = 'cy'");
    // December by hand (capacity 1 PM = 150 h; PROP before RUN, by code): confirmed RUN 0.8;
    // + tentative PROP 0.5, 1.3 in all; weighted PROP 0.15, 0.95 in all.
    for (reading, prop, allocated, free) in [
        ("confirmed", "0", "0.8", "0.2"),
        ("tentative", "0.5", "1.3", "-0.3"),
        ("weighted", "0.15", "0.95", "0.05"),
    ] {
        let html = text(
            &app,
            &format!("/my-allocations?from=2030-12&reading={reading}"),
        )
        .await;
        assert!(
            html.contains(&format!("<option value=\"{reading}\" selected>")),
            "{html}"
        );
        let december = html
            .split("<th scope=\"row\">2030-12</th>")
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap();
        let cells = format!(
            "<td class=\"num\">{prop}</td><td class=\"num\">0.8</td>\n      <td class=\"num\">{allocated}</td>"
        );
        assert!(december.contains(&cells), "{reading}: {december}");
        // Confirmed work (0.8 PM) is within capacity: never over-allocated; the tentative
        // work would take Cy over, marked in words.
        assert!(
            december.contains(&format!(
                "<td class=\"num at-risk\">{free} <span class=\"tag tag-risk\""
            )),
            "{reading}: {december}"
        );
        assert!(!december.contains("num over"), "{december}");
        assert!(december.contains(">at risk</span>"));
    }
    // Remembered for the next visit.
    let html = text(&app, "/my-allocations?from=2030-12").await;
    assert!(html.contains("<option value=\"weighted\" selected>"));
    assert_eq!(
        app.count("select count(*) from user_settings where reading = 'weighted'"),
        1
    );
}

#[tokio::test]
async fn the_person_page_reads_the_plan_three_ways() {
    let app = readings_app().await;
    let cy = one(
        &app,
        "select id::text as name from persons where code = 'cy'",
    );
    for (reading, allocated, free) in [
        ("confirmed", "0.8", "0.2"),
        ("tentative", "1.3", "-0.3"),
        ("weighted", "0.95", "0.05"),
    ] {
        let html = text(
            &app,
            &format!("/people/{cy}?from=2030-12&reading={reading}"),
        )
        .await;
        assert!(
            html.contains(&format!("<option value=\"{reading}\" selected>")),
            "{html}"
        );
        let december = html
            .split("<tr><td>2030-12</td>")
            .nth(1)
            .unwrap_or_else(|| panic!("{html}"))
            .split("</tr>")
            .next()
            .unwrap();
        assert!(
            december.contains(&format!(
                "<td class=\"num\">1</td><td class=\"num\">{allocated}</td><td class=\"num\">{free} <span class=\"tag tag-risk\""
            )),
            "{reading}: {december}"
        );
    }
}

#[tokio::test]
async fn the_team_tab_reads_allocation_against_demand_three_ways_and_marks_the_month_at_risk() {
    let app = readings_app().await;
    let prop = one(
        &app,
        "select id::text as name from projects where code = 'PROP'",
    );
    // PROP's balance for RES in December (CSV, M1): Cy's tentative 0.5 PM against the
    // proposal's 2 PM of EST demand, read three ways (30 %: 0.15 against 0.6).
    for (reading, allocated, demand) in [
        ("confirmed", "0", "0"),
        ("tentative", "0.5", "2"),
        ("weighted", "0.15", "0.6"),
    ] {
        let csv = text(
            &app,
            &format!("/projects/{prop}/team?from=2030-12&months=6&reading={reading}&table=balance&format=csv"),
        )
        .await;
        assert!(
            csv.contains(&format!("\nRES,Allocated PM,{allocated},")),
            "{reading}: {csv}"
        );
        assert!(
            csv.contains(&format!("\nRES,EST demand PM,{demand},")),
            "{reading}: {csv}"
        );
    }
    // The page remembers the last choice (weighted) and says so; Cy's December cell is not over
    // capacity by confirmed work (0.8 PM) but marked at risk: the tentative 0.5 takes it to 1.3.
    let html = text(
        &app,
        &format!("/projects/{prop}/team?from=2030-12&months=6"),
    )
    .await;
    assert!(
        html.contains("Figures read as: Weighted by win probability."),
        "{html}"
    );
    assert!(html.contains("<option value=\"weighted\" selected>"));
    assert!(html.contains(" at-risk\" title=\"Over-allocated if tentative work happens\""));
    assert!(!html.contains("class=\"num over"));
    assert_eq!(
        app.count("select count(*) from user_settings where reading = 'weighted'"),
        1
    );
    assert_eq!(
        app.get_page(&format!("/projects/{prop}/team?reading=all"))
            .await
            .status(),
        400
    );
}
