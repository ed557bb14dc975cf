//! Share links over HTTP: the button on grid pages, `/s/<code>` with the visitor's own rights,
//! click counts, the owner's list, the administrators' statistics, the rate limit and the
//! feature switches.

use diesel::connection::SimpleConnection;

use crate::helpers::*;
use crate::idp::{CLIENT_ID, CLIENT_SECRET, IdpUser, TestIdp, sign_in};

const FIXTURE: &str = "
insert into organisations (id, short_name, name) values
  ('00000000-0000-0000-0000-00000000a100', 'UNI-A', 'Department A'),
  ('00000000-0000-0000-0000-00000000b000', 'OTHER', 'Other entity');
insert into projects (id, code, name, owner_org_id, start_month, duration_months) values
  ('00000000-0000-0000-0000-0000000000c1', 'P1', 'Shared project', '00000000-0000-0000-0000-00000000a100', date '2030-01-01', 12);
insert into persons (id, code, first_name, last_name, organisation_id) values
  ('00000000-0000-0000-0000-0000000000d1', 'pe1', 'Pia', 'Example', '00000000-0000-0000-0000-00000000a100');
";

const P1: &str = "00000000-0000-0000-0000-0000000000c1";
const PE1: &str = "00000000-0000-0000-0000-0000000000d1";

/// The code in `/share?created=<code>`.
fn created_code(response: &reqwest::Response) -> String {
    location(response)
        .strip_prefix("/share?created=")
        .unwrap_or_else(|| panic!("not a created link: {}", location(response)))
        .to_string()
}

async fn share(browser: &TestApp, page: &str, target: &str) -> reqwest::Response {
    let token = browser.csrf_token(page).await;
    browser
        .post_form(
            "/share",
            &[
                ("csrf_token", token.as_str()),
                ("target", target),
                ("title", "A view"),
            ],
        )
        .await
}

#[tokio::test]
async fn a_share_link_opens_the_view_with_the_visitors_own_rights() {
    let idp = TestIdp::start().await;
    idp.add_user(IdpUser::new(
        "ed@test",
        &[
            "rediflow-editors",
            "rediflow-org-UNI-A",
            "rediflow-visibility-org",
        ],
    ));
    idp.add_user(IdpUser::new(
        "outsider@test",
        &[
            "rediflow-viewers",
            "rediflow-org-OTHER",
            "rediflow-visibility-org",
        ],
    ));
    idp.add_user(IdpUser::new("admin@test", &["rediflow-admins"]));
    let database = create_test_database();
    connect(&owner_url(&database))
        .batch_execute(FIXTURE)
        .unwrap();
    let app = spawn_app_on(
        &database,
        &[
            ("OIDC_ISSUER", idp.issuer.as_str()),
            ("OIDC_CLIENT_ID", CLIENT_ID),
            ("OIDC_CLIENT_SECRET", CLIENT_SECRET),
            // several users sign in from 127.0.0.1 within a minute
            ("LOGIN_RATE_LIMIT_PER_MINUTE", "100"),
            ("PERSON_CAPACITY_ENABLED", "true"),
            ("SHARE_URL_FEATURE", "true"),
            ("SHARE_URL_FEATURE_STATS", "true"),
            ("SHARE_URL_STATS_MIN_CLICKS", "2"),
        ],
    )
    .await;
    let ed = app.another_browser();
    sign_in(&ed, &idp, "ed@test").await;
    let outsider = app.another_browser();
    sign_in(&outsider, &idp, "outsider@test").await;
    let admin = app.another_browser();
    sign_in(&admin, &idp, "admin@test").await;

    // The capacity grid and the person page offer the button for their current view.
    let view = format!("/projects/{P1}/capacity?series=ACTUAL&unit=pm");
    let page = ed
        .get_page(&format!("{view}&saved=2"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Share this view"));
    assert!(
        page.contains(&format!(
            "name=\"target\" value=\"/projects/{P1}/capacity?series=ACTUAL&#38;unit=pm\""
        )),
        "the filters are kept, the success message is not"
    );
    // A form answered in place (422) is no view: nothing to share there.
    let token = ed.csrf_token(&view).await;
    let bad_cell = format!("c.{}.{}.1", uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let refused = ed
        .post_form(
            &format!("/projects/{P1}/capacity"),
            &[
                ("csrf_token", token.as_str()),
                ("series", "EST"),
                ("version", "1"),
                (bad_cell.as_str(), "lots"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(!refused.text().await.unwrap().contains("Share this view"));
    let person = ed
        .get_page(&format!("/people/{PE1}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(person.contains(&format!("name=\"target\" value=\"/people/{PE1}\"")));

    let response = share(&ed, &view, &view).await;
    let code = created_code(&response);
    assert_eq!(code.len(), 22);
    let mine = ed
        .get_page(&format!("/share?created={code}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(mine.contains("Your link is ready"));
    assert!(mine.contains(&format!("value=\"{}/s/{code}\"", app.address)));
    // Sharing the same view again gives the same link.
    let again = share(&ed, &view, &view).await;
    assert_eq!(created_code(&again), code);
    assert_eq!(app.count("select count(*) from shared_views"), 1);

    // Opening: the owner lands on the view; each opening counts.
    let opened = ed.get_page(&format!("/s/{code}")).await;
    assert_eq!(opened.status(), 303);
    assert_eq!(location(&opened), view);
    assert_eq!(ed.get_page(&view).await.status(), 200);
    // Someone without rights to the project is sent there too, and gets 404 there.
    let opened = outsider.get_page(&format!("/s/{code}")).await;
    assert_eq!(location(&opened), view);
    let target = outsider.get_page(&location(&opened)).await;
    assert_eq!(target.status(), 404);
    assert!(!target.text().await.unwrap().contains("Shared project"));
    assert_eq!(
        app.count("select clicks as count from shared_views"),
        2,
        "both openings counted"
    );
    // Without a session: sign in first, then come back; not counted yet.
    let stranger = app.another_browser();
    let opened = stranger.get_page(&format!("/s/{code}")).await;
    assert_eq!(location(&opened), format!("/login?next=%2Fs%2F{code}"));
    assert_eq!(app.count("select clicks as count from shared_views"), 2);
    // Unknown and malformed codes.
    assert_eq!(ed.get_page("/s/AAAAAAAAAAAAAAAAAAAAAA").await.status(), 404);
    assert_eq!(ed.get_page("/s/bad%20code!").await.status(), 404);

    // Only pages of this site can be shared.
    for bad in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "/",
        "/s/abc",
    ] {
        let response = share(&ed, &view, bad).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
    assert_eq!(app.count("select count(*) from shared_views"), 1);

    // Statistics: administrators only, links with at least 2 clicks, most clicked first.
    let outsider_link = created_code(&share(&outsider, "/projects", "/projects?org=").await);
    assert_eq!(ed.get_page("/share/stats").await.status(), 403);
    let stats = admin.get_page("/share/stats").await;
    assert_eq!(stats.status(), 200);
    let stats = stats.text().await.unwrap();
    assert!(stats.contains(&format!("/s/{code}")) && stats.contains("ed@test"));
    assert!(
        !stats.contains(&outsider_link),
        "0 clicks is below the minimum"
    );
    let csv = admin
        .get_page("/share/stats?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!("/s/{code},")), "{csv}");
    let ods = admin.get_page("/share/stats?format=ods").await;
    assert_eq!(
        ods.headers()["content-type"],
        "application/vnd.oasis.opendocument.spreadsheet"
    );
    // Each user lists only their own links.
    let admins_own = admin.get_page("/share").await.text().await.unwrap();
    assert!(admins_own.contains("You have no share links yet."));

    // Deleting: not someone else's link; one's own, after which it opens nothing.
    let link_id = names(
        &mut app.owner_connection(),
        &format!("select id::text as name from shared_views where code = '{code}'"),
    )
    .remove(0);
    let token = outsider.csrf_token("/share").await;
    let response = outsider
        .post_form(
            &format!("/share/{link_id}/delete"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(app.count("select count(*) from shared_views"), 2);
    let token = ed.csrf_token("/share").await;
    let response = ed
        .post_form(
            &format!("/share/{link_id}/delete"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    assert_eq!(location(&response), "/share?deleted=1");
    assert_eq!(ed.get_page(&format!("/s/{code}")).await.status(), 404);
}

#[tokio::test]
async fn the_eleventh_link_within_a_minute_is_refused() {
    let app = spawn_app_with(&[("SHARE_URL_FEATURE", "true")]).await;
    for n in 1..=10 {
        let response = share(&app, "/account", &format!("/projects?page={n}")).await;
        assert_eq!(response.status(), 303, "link {n}");
    }
    let response = share(&app, "/account", "/projects?page=11").await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let page = response.text().await.unwrap();
    assert!(
        page.contains("You have created 10 share links in the last minute, the most allowed."),
        "{page}"
    );
    assert!(page.contains("no link was created"));
    assert_eq!(app.count("select count(*) from shared_views"), 10);
    // Sharing a view that already has a link creates nothing, so it is not limited.
    let response = share(&app, "/account", "/projects?page=3").await;
    assert_eq!(response.status(), 303);
    // A minute later the user may create links again.
    app.sql("update shared_views set created_at = created_at - interval '61 seconds'");
    let response = share(&app, "/account", "/projects?page=11").await;
    assert_eq!(response.status(), 303);
    assert_eq!(app.count("select count(*) from shared_views"), 11);
}

#[tokio::test]
async fn without_the_feature_there_is_nothing_to_share() {
    let app = spawn_app().await;
    let projects = app.get_page("/projects").await.text().await.unwrap();
    assert!(!projects.contains("Share this view"));
    app.sql(
        "insert into shared_views (code, owner_user_id, target_path)
         select 'abcdefghijkl', id, '/projects' from users",
    );
    for path in ["/share", "/share/stats", "/s/abcdefghijkl"] {
        assert_eq!(app.get_page(path).await.status(), 404, "{path}");
    }
    let token = app.csrf_token("/account").await;
    let response = app
        .post_form(
            "/share",
            &[("csrf_token", token.as_str()), ("target", "/projects")],
        )
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        app.count("select clicks as count from shared_views"),
        0,
        "nothing counted"
    );

    // The feature without its statistics: the stats page stays absent.
    let app = spawn_app_with(&[("SHARE_URL_FEATURE", "true")]).await;
    assert_eq!(app.get_page("/share").await.status(), 200);
    assert_eq!(app.get_page("/share/stats").await.status(), 404);
}
