//! The planning pages in Finnish and Swedish: the capacity grid (headings, month headers, totals
//! as each language writes numbers, a save with a decimal comma, a refused cell, the CSV), the
//! Policy's refusals, the team tab and role demand.

use crate::capacity::{self, app_with_example, cell, page_cell_name, version};
use crate::helpers::*;

/// A server with the example project (EST from 2026-01), whose EST plan is replaced by one cell
/// of 1234.5 PM (task 1.1 / EXAMPLE, December 2026).
async fn app_with_large_plan(extra: &[(&str, &str)]) -> (TestApp, String) {
    let (app, id) = app_with_example(extra).await;
    app.sql(
        "delete from capacity_demand where series = 'EST';
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2026-12-01', 'EST', 1234.5
           from tasks t join projects p on p.id = t.project_id, organisations o
           where p.code = 'EXAMPLE-P' and t.number = '1.1' and o.short_name = 'EXAMPLE';",
    );
    (app, id)
}

/// The EST of task 1.1 / EXAMPLE in `month`, as stored.
fn est(app: &TestApp, month: &str) -> Vec<String> {
    capacity::est(app, "1.1", "EXAMPLE", month)
}

async fn text(app: &TestApp, path: &str) -> String {
    app.get_page(path).await.text().await.unwrap()
}

#[tokio::test]
async fn the_capacity_grid_in_finnish_and_swedish_writes_numbers_and_months_as_they_do() {
    let (app, id) = app_with_large_plan(&[]).await;
    let path = format!("/projects/{id}/capacity?series=EST");

    let fi = text(&app.speaking("fi"), &path).await;
    assert!(fi.contains("EXAMPLE-P — "), "{fi}");
    assert!(fi.contains(": kapasiteettitarve</h1>"));
    assert!(fi.contains("EST on nykyinen arvio."));
    assert!(fi.contains("<small>joulu 2026</small>"), "month header");
    assert!(fi.contains(">Tehtävä</th>") && fi.contains(">Yhteensä</th>"));
    assert!(
        fi.contains("class=\"num total grand\">1\u{a0}234,5</td>"),
        "grand total as Finnish writes it"
    );
    assert!(fi.contains("Tallenna muutokset"));
    // The cell's input holds what a Finn types: a decimal comma, no grouping.
    assert!(fi.contains("value=\"1234,5\""));

    let sv = text(&app.speaking("sv"), &path).await;
    assert!(sv.contains(": kapacitetsbehov</h1>"));
    assert!(sv.contains("<small>dec. 2026</small>"));
    assert!(sv.contains("class=\"num total grand\">1\u{a0}234,5</td>"));
    assert!(sv.contains(">Totalt</th>") && sv.contains("Spara ändringar"));

    // English is unchanged.
    let en = text(&app, &path).await;
    assert!(en.contains("class=\"num total grand\">1,234.5</td>"));
    assert!(en.contains("<small>Dec 2026</small>") && en.contains(": capacity demand</h1>"));

    // Hours are read-only, and say so in Finnish.
    let hours = text(&app.speaking("fi"), &format!("{path}&unit=hours")).await;
    assert!(hours.contains(
        "Vain luku: Tunnit näytetään vain luettaviksi; vaihda htkk-näkymään muokataksesi."
    ));
}

#[tokio::test]
async fn a_grid_saved_in_finnish_with_a_decimal_comma_stores_the_number() {
    let (app, id) = app_with_large_plan(&[]).await;
    let fi = app.speaking("fi");
    let path = format!("/projects/{id}/capacity");
    let page = text(&fi, &format!("{path}?series=EST")).await;
    let token = csrf_token_in(&page).unwrap();
    let full = cell(&app, "c", "1.1", "EXAMPLE", 12);
    let c12 = page_cell_name(&page, &full).expect("the cell is an input");
    let o12 = page_cell_name(&page, &cell(&app, "o", "1.1", "EXAMPLE", 12)).unwrap();
    let row = c12.split('.').nth(1).unwrap().to_string();
    // "<task>.<organisation>", the row's key.
    let key = full.split_once('.').unwrap().1.rsplit_once('.').unwrap().0;
    let r = format!("r.{row}");
    let v = version(&app);
    let response = fi
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&r, key),
                (&c12, "2,5"),
                // What the page showed, as it showed it: with a decimal comma.
                (&o12, "1234,5"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/projects/{id}/capacity?series=EST&saved=1")
    );
    assert_eq!(est(&app, "2026-12-01"), ["2.500"]);
    let after = text(&fi, &format!("{path}?series=EST&saved=1")).await;
    assert!(after.contains("Tallennettiin 1 muutettu solu."), "{after}");
    assert!(after.contains("value=\"2,5\""));

    // A cell that is no number: the Finnish sentence, the grid again, nothing stored.
    let v = version(&app);
    let response = fi
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&r, key),
                (&c12, "abc"),
                (&o12, "2,5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let refused = response.text().await.unwrap();
    assert!(
        refused.contains("Tehtävä 1.1 / EXAMPLE, M12: ”abc” ei ole luku"),
        "{refused}"
    );
    assert!(refused.contains("Mitään ei tallennettu"));
    assert!(
        refused.contains("value=\"abc\""),
        "what was typed is shown again"
    );
    assert_eq!(est(&app, "2026-12-01"), ["2.500"]);
    assert_eq!(version(&app), v, "nothing was written");

    // A past month is the Policy's refusal, in Finnish.
    let c3 = cell(&app, "c", "1.1", "EXAMPLE", 3);
    let o3 = cell(&app, "o", "1.1", "EXAMPLE", 3);
    let response = fi
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c3, "1"),
                (&o3, ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("M3 (2026-03) on mennyt kuukausi; vain pääkäyttäjät voivat muuttaa menneitä kuukausia. Mitään ei tallennettu."),
        "{body}"
    );
    assert!(est(&app, "2026-03-01").is_empty());
}

#[tokio::test]
async fn the_policy_refuses_in_swedish() {
    // A viewer: read-only.
    let (app, id) = app_with_large_plan(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    let sv = app.speaking("sv");
    let page = text(&sv, &format!("/projects/{id}/capacity")).await;
    assert!(
        page.contains(
            "Skrivskyddad: Du har skrivskyddad åtkomst: be en administratör om redigerarrollen."
        ),
        "{page}"
    );
    assert!(!page.contains("<input class=\"cell\""));

    // A locked project: the banner, and a save refused with the same sentence.
    let (app, id) = app_with_large_plan(&[]).await;
    let sv = app.speaking("sv");
    let path = format!("/projects/{id}/capacity");
    let token = sv.csrf_token(&path).await;
    app.sql("update projects set locked = true where code = 'EXAMPLE-P'");
    let page = text(&sv, &path).await;
    assert!(
        page.contains(
            "Skrivskyddad: Projektet är låst; endast superadministratörer får ändra det."
        )
    );
    let v = version(&app);
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );
    let response = sv
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "1"),
                (&o12, "1234,5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(body.contains("Projektet är låst"), "{body}");
    assert_eq!(est(&app, "2026-12-01"), ["1234.500"]);
    assert_eq!(version(&app), v);

    // A locking lifecycle state, named in Swedish while it is the seeded name.
    app.sql(
        "update projects set locked = false, lifecycle_state_id =
           (select id from lifecycle_states where code = 'closed') where code = 'EXAMPLE-P'",
    );
    let page = text(&sv, &path).await;
    assert!(
        page.contains("Projektet har livscykelstatusen ”Avslutad”, som låser det"),
        "{page}"
    );
}

#[tokio::test]
async fn the_grid_csv_in_swedish_has_semicolons_decimal_commas_and_a_swedish_header() {
    let (app, id) = app_with_large_plan(&[]).await;
    let csv = text(
        &app.speaking("sv"),
        &format!("/projects/{id}/capacity?series=EST&format=csv"),
    )
    .await;
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("AP;Uppgift;Uppgiftens namn;Organisation;M1 2026-01;"),
        "{header}"
    );
    assert!(header.ends_with(";Totalt"), "{header}");
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("Totalt;") && last.ends_with(";1234,5"),
        "{last}"
    );
    // Finnish: months as Finns write them in the header.
    let fi = text(
        &app.speaking("fi"),
        &format!("/projects/{id}/capacity?series=EST&format=csv"),
    )
    .await;
    assert!(
        fi.lines()
            .next()
            .unwrap()
            .starts_with("TP;Tehtävä;Tehtävän nimi;Organisaatio;M1 1/2026;")
    );
    // English as before.
    let en = text(
        &app,
        &format!("/projects/{id}/capacity?series=EST&format=csv"),
    )
    .await;
    assert!(en.starts_with("WP,Task,Task name,Organisation,M1 2026-01,"));
    assert!(en.lines().last().unwrap().ends_with(",1234.5"));
}

#[tokio::test]
async fn the_team_tab_in_finnish_and_its_refused_cell() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(crate::team::TEAM);
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects where code = 'PX'",
    )
    .remove(0);
    let fi = app.speaking("fi");
    let path = format!("/projects/{id}/team?from=2030-12&months=all&unit=pm");
    let page = text(&fi, &path).await;
    assert!(page.contains(": tiimi</h1>"), "{page}");
    assert!(page.contains("<h2 id=\"allocation\">Resursointitaulukko</h2>"));
    assert!(page.contains("<small>joulu 2030</small>"));
    assert!(page.contains("Resursointi ja EST-tarve organisaatioittain"));
    assert!(page.contains(">Resursoi</button>"));
    // EST demand of 1.5 PM in December, written the Finnish way.
    assert!(page.contains("<td class=\"num\">1,5</td>"), "{page}");

    let token = csrf_token_in(&page).unwrap();
    let assignment = names(
        &mut app.owner_connection(),
        "select a.id::text as name from assignments a join persons p on p.id = a.person_id
         join projects r on r.id = a.project_id where p.code = 'ada' and r.code = 'PX'",
    )
    .remove(0);
    let overrides_before = app.count("select count(*) as count from allocation_overrides");
    let v = app.count("select version as count from projects where code = 'PX'");
    let response = fi
        .post_form(
            &format!("/projects/{id}/team/allocation"),
            &[
                ("csrf_token", &token),
                ("version", &v.to_string()),
                ("from", "2030-12"),
                ("months", "all"),
                (&format!("c.{assignment}.1"), "abc"),
                (&format!("o.{assignment}.1"), "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Ada Lovelace, M1 (12/2030): ”abc” ei ole luku"),
        "{body}"
    );
    assert_eq!(
        app.count("select count(*) as count from allocation_overrides"),
        overrides_before
    );

    // An assignment with a bad percentage: the field's Finnish name and sentence.
    let response = fi
        .post_form(
            &format!("/projects/{id}/team/assignments"),
            &[
                ("csrf_token", &token),
                (
                    "person",
                    &names(
                        &mut app.owner_connection(),
                        "select id::text as name from persons where code = 'bob'",
                    )[0],
                ),
                ("role", ""),
                ("percent", "120"),
                (
                    "group",
                    &names(
                        &mut app.owner_connection(),
                        "select id::text as name from allocation_groups where code = 'fixed'",
                    )[0],
                ),
                ("start", "2031-01"),
                ("end", "2031-02"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Resursointi %: ”120” ei ole prosenttiluku väliltä 0–100."),
        "{body}"
    );
}

#[tokio::test]
async fn role_demand_in_finnish_names_seeded_roles_and_refuses_in_finnish() {
    let app = spawn_app_with(&[("ROLE_DEMAND_ENABLED", "true")]).await;
    app.sql("insert into projects (code, name, start_month, duration_months) values ('P', 'P', date '2026-01-01', 36)");
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    let role = names(
        &mut app.owner_connection(),
        "select id::text as name from role_types where name = 'Developer'",
    )
    .remove(0);
    app.sql(&format!(
        "insert into role_demand (project_id, role_type_id, month, fte_percent)
         values ('{id}', '{role}', date '2026-12-01', 1250.5)"
    ));
    let fi = app.speaking("fi");
    let path = format!("/projects/{id}/role-demand");
    let page = text(&fi, &path).await;
    assert!(page.contains("<h1>Roolitarve</h1>"), "{page}");
    assert!(page.contains(">Roolityyppi</th>") && page.contains("<small>joulu 2026</small>"));
    // The seeded role type in Finnish; the value as a Finn types it.
    assert!(!page.contains(">Developer</th>"));
    assert!(page.contains(&format!("name=\"c.{role}.12\" value=\"1250,5\"")));

    let token = csrf_token_in(&page).unwrap();
    let v = app
        .count("select version as count from projects")
        .to_string();
    let response = fi
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", &v),
                (&format!("c.{role}.12"), "lots"),
                (&format!("o.{role}.12"), "1250,5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Ohjelmistokehittäjä, M12: ”lots” ei ole prosenttiluku väliltä 0–10000."),
        "{body}"
    );
    let response = fi
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("version", &v),
                (&format!("c.{role}.12"), "99,5"),
                (&format!("o.{role}.12"), "1250,5"),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("{path}?saved=1"));
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select fte_percent::text as name from role_demand"
        ),
        ["99.50"]
    );
}

#[tokio::test]
async fn the_conflict_page_of_a_grid_speaks_swedish() {
    let (app, id) = app_with_large_plan(&[]).await;
    let sv = app.speaking("sv");
    let path = format!("/projects/{id}/capacity");
    let page = text(&sv, &format!("{path}?series=EST")).await;
    let token = csrf_token_in(&page).unwrap();
    let v = version(&app);
    // Someone else saves first.
    app.sql("update projects set version = version + 1 where code = 'EXAMPLE-P'");
    let (c12, o12) = (
        cell(&app, "c", "1.1", "EXAMPLE", 12),
        cell(&app, "o", "1.1", "EXAMPLE", 12),
    );
    let response = sv
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("series", "EST"),
                ("version", &v),
                (&c12, "3"),
                (&o12, "1234,5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Någon annan sparade EXAMPLE-P först"),
        "{body}"
    );
    assert!(body.contains(">Du såg</th>") && body.contains(">Uppgift</th>"));
    assert!(
        body.contains("1\u{a0}234,5"),
        "numbers as Swedes write them"
    );
    assert!(body.contains("Öppna den senaste EST-planen"));
    assert_eq!(est(&app, "2026-12-01"), ["1234.500"]);
}
