//! The "done when": a manager builds a whole project in the browser — the project, three
//! work packages with tasks, milestones, deliverables and a 36-month EST plan — and the pages and
//! downloads agree on the figures.

use crate::helpers::*;

fn id_of(app: &TestApp, sql: &str) -> String {
    names(&mut app.owner_connection(), sql).remove(0)
}

/// The value of the hidden input `name` on a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
    let rest = &html[start..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn a_manager_builds_a_complete_project_in_the_browser() {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University'), ('LAB', 'Lab')",
    );
    let uni = id_of(
        &app,
        "select id::text as name from organisations where short_name = 'UNI'",
    );
    let lab = id_of(
        &app,
        "select id::text as name from organisations where short_name = 'LAB'",
    );
    let running = id_of(
        &app,
        "select id::text as name from lifecycle_states where code = 'running'",
    );

    // The project, starting well in the future so that no month is locked as past.
    let token = app.csrf_token("/projects/new").await;
    let response = app
        .post_form(
            "/projects",
            &[
                ("csrf_token", &token),
                ("version", ""),
                ("code", "FULL"),
                ("name", "A complete project"),
                ("description", ""),
                ("poo", &uni),
                ("partners", &lab),
                ("lifecycle", &running),
                ("start", "2030-01"),
                ("duration", "36"),
                ("hours_per_pm", ""),
            ],
        )
        .await;
    let overview = location(&response);
    let id = overview.trim_start_matches("/projects/").to_string();

    // Three work packages, two tasks each.
    for (wp, name) in [("1", "Management"), ("2", "Research"), ("3", "Platform")] {
        let response = app
            .post_form(
                &format!("/projects/{id}/work-packages"),
                &[
                    ("csrf_token", &token),
                    ("number", wp),
                    ("name", name),
                    ("begin", "1"),
                    ("end", "36"),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "WP {wp}");
        let wp_id = id_of(
            &app,
            &format!("select id::text as name from work_packages where number = {wp}"),
        );
        for task in 1..=2 {
            let response = app
                .post_form(
                    &format!("/projects/{id}/tasks"),
                    &[
                        ("csrf_token", &token),
                        ("wp", &wp_id),
                        ("number", &format!("{wp}.{task}")),
                        ("name", &format!("{name} task {task}")),
                        ("begin", "1"),
                        ("end", "36"),
                    ],
                )
                .await;
            assert_eq!(response.status(), 303, "task {wp}.{task}");
        }
    }

    // Milestones and deliverables.
    let report = id_of(
        &app,
        "select id::text as name from deliverable_types where code = 'R'",
    );
    let public = id_of(
        &app,
        "select id::text as name from dissemination_levels where code = 'PU'",
    );
    for (n, due) in [("MS1", "1"), ("MS2", "18"), ("MS3", "36")] {
        let response = app
            .post_form(
                &format!("/projects/{id}/milestones"),
                &[
                    ("csrf_token", &token),
                    ("wp", ""),
                    ("number", n),
                    ("name", &format!("Milestone {n}")),
                    ("due", due),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{n}");
    }
    for wp in 1..=3 {
        let wp_id = id_of(
            &app,
            &format!("select id::text as name from work_packages where number = {wp}"),
        );
        let response = app
            .post_form(
                &format!("/projects/{id}/deliverables"),
                &[
                    ("csrf_token", &token),
                    ("wp", &wp_id),
                    ("number", &format!("D{wp}.1")),
                    ("name", &format!("Report of WP {wp}")),
                    ("due", &(wp * 12).to_string()),
                    ("kind", &report),
                    ("dissemination", &public),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "D{wp}.1");
    }

    // The EST plan: every task gets a row for UNI, the research tasks one for LAB too, each row
    // 36 months of 0.5 PM typed into the grid and saved with the form's own version.
    let rows: Vec<(String, &str)> = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "2.1", "2.2"]
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let task_id = id_of(
                &app,
                &format!("select id::text as name from tasks where number = '{task}'"),
            );
            (task_id, if i < 6 { uni.as_str() } else { lab.as_str() })
        })
        .collect();
    for (task, org) in &rows {
        let html = app
            .get_page(&format!(
                "/projects/{id}/capacity?series=EST&add_task={task}&add_org={org}"
            ))
            .await
            .text()
            .await
            .unwrap();
        let version = hidden(&html, "version");
        let mut cells: Vec<(String, String)> = Vec::new();
        for m in 1..=36 {
            let name = format!("c.{task}.{org}.{m}");
            assert!(crate::capacity::has_cell_input(&html, &name), "cell {name}");
            cells.push((name, "0,5".into()));
            cells.push((format!("o.{task}.{org}.{m}"), String::new()));
        }
        let mut form: Vec<(&str, &str)> = vec![
            ("csrf_token", &token),
            ("series", "EST"),
            ("version", &version),
        ];
        form.extend(cells.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let response = app
            .post_form(&format!("/projects/{id}/capacity"), &form)
            .await;
        assert_eq!(
            location(&response),
            format!("/projects/{id}/capacity?series=EST&saved=36")
        );
    }

    // 8 rows × 36 months × 0.5 PM = 144 PM, on the page, in the download and in the list.
    let page = app
        .get_page(&format!("/projects/{id}/capacity?series=EST"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("class=\"num total grand\">144</td>"),
        "grand total"
    );
    let csv = app
        .get_page(&format!("/projects/{id}/capacity?series=EST&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + 8 + 1, "header, 8 rows, totals");
    assert!(csv.lines().last().unwrap().ends_with(",144"), "{csv}");
    let list = app
        .get_page("/projects?format=csv")
        .await
        .text()
        .await
        .unwrap();
    let full = list.lines().find(|l| l.starts_with("FULL,")).unwrap();
    assert!(full.contains(",144"), "{full}");

    // Everything the manager built is there and nothing is flagged.
    let counts = names(
        &mut app.owner_connection(),
        "select (select count(*) from work_packages) || '/' || (select count(*) from tasks) || '/' ||
                (select count(*) from milestones) || '/' || (select count(*) from deliverables) || '/' ||
                (select count(*) from capacity_demand where series = 'EST') as name",
    );
    assert_eq!(counts, ["3/6/3/3/288"]);
    let html = app.get_page(&overview).await.text().await.unwrap();
    assert!(html.contains("No problems found."), "{html}");
}
