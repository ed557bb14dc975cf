//! The admin upload page: a dry run first, the import on confirmation; the project download.

use std::path::Path;

use reqwest::multipart::{Form, Part};

use crate::helpers::*;

pub(crate) fn example(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(name),
    )
    .unwrap()
}

/// Uploads a workbook to `/import` as the page's form does.
pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("csrf_token", token.to_string())
        .text("kind", kind.to_string())
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    app.client
        .post(app.url("/import"))
        .header("Origin", &app.address)
        .header("Accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The token of the confirm button of a checked upload.
pub(crate) fn confirm_token(html: &str) -> String {
    html.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no confirm button: {html}"))
        .to_string()
}

#[tokio::test]
async fn an_admin_checks_then_imports_a_workbook() {
    let app = spawn_app().await;
    let token = app.csrf_token("/import").await;

    let response = upload(
        &app,
        &token,
        "project",
        "example.ods",
        example("example.ods"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("What importing example.ods (EXAMPLE-P) would change"),
        "{html}"
    );
    assert!(
        html.contains("<td>tasks</td><td class=\"num\">8</td>"),
        "{html}"
    );
    assert_eq!(
        app.count("select count(*) as count from projects"),
        0,
        "the check writes nothing"
    );

    let confirm = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let response = app
        .post_form(
            "/import/confirm",
            &[("csrf_token", token.as_str()), ("token", confirm.as_str())],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Imported example.ods (EXAMPLE-P)"), "{html}");
    assert_eq!(app.count("select count(*) as count from projects"), 1);
    assert_eq!(
        app.count("select count(*) as count from capacity_demand"),
        544
    );
    assert!(app.count("select count(*) as count from audit_log where actor = 'anonymous' and user_id is not null") > 500, "audited as the signed-in user");
    // The token is single use.
    let again = app
        .post_form(
            "/import/confirm",
            &[("csrf_token", token.as_str()), ("token", confirm.as_str())],
        )
        .await;
    assert_eq!(again.status(), 400);

    // People refer to the imported project.
    let response = upload(
        &app,
        &token,
        "people",
        "example_people.ods",
        example("example_people.ods"),
    )
    .await;
    let html = response.text().await.unwrap();
    assert!(html.contains("(people) would change"), "{html}");
}

#[tokio::test]
async fn a_bad_workbook_lists_its_problems_and_changes_nothing() {
    let app = spawn_app().await;
    let token = app.csrf_token("/import").await;
    let response = upload(
        &app,
        &token,
        "people",
        "example_people.ods",
        example("example_people.ods"),
    )
    .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("example_people.ods was not imported"),
        "{html}"
    );
    assert!(
        html.contains("unknown organisation &#34;EXAMPLE&#34;")
            || html.contains("unknown organisation &quot;EXAMPLE&quot;"),
        "{html}"
    );
    let response = upload(
        &app,
        &token,
        "project",
        "notes.ods",
        b"not a spreadsheet".to_vec(),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("is not a readable spreadsheet")
    );
    assert_eq!(app.count("select count(*) as count from persons"), 0);
    assert_eq!(app.count("select count(*) as count from audit_log"), 0);
}

#[tokio::test]
async fn only_admins_import_and_forms_need_their_token() {
    let app = spawn_app().await;
    let response = upload(
        &app,
        "forged",
        "project",
        "example.ods",
        example("example.ods"),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("select count(*) as count from projects"), 0);

    let viewer = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    assert_eq!(viewer.get_page("/import").await.status(), 403);
    // A viewer has no form with a token; even a real session token does not help.
    let token = String::new();
    let response = upload(
        &viewer,
        &token,
        "project",
        "example.ods",
        example("example.ods"),
    )
    .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_project_downloads_as_an_ods_that_imports_unchanged() {
    let app = spawn_app().await;
    let token = app.csrf_token("/import").await;
    let html = upload(
        &app,
        &token,
        "project",
        "example.ods",
        example("example.ods"),
    )
    .await
    .text()
    .await
    .unwrap();
    let confirm = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    app.post_form(
        "/import/confirm",
        &[("csrf_token", token.as_str()), ("token", confirm.as_str())],
    )
    .await;
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);

    let page = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"/projects/{id}/export.ods\"")));
    let response = app.get_page(&format!("/projects/{id}/export.ods")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.oasis.opendocument.spreadsheet"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"EXAMPLE-P.ods\""
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let html = upload(&app, &token, "project", "EXAMPLE-P.ods", bytes)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("<td class=\"num\">1</td>"),
        "re-importing the download changes nothing: {html}"
    );
    assert_eq!(
        app.get_page(&format!("/projects/{}/export.ods", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );
}
