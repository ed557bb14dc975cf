//! The portfolio, capacity requests and help in Finnish and Swedish (issue 21): headings, numbers
//! and months as each language writes them, the chart's legend, the Swedish CSV, and a refused
//! capacity request explained in Finnish with nothing stored.

use crate::helpers::*;
use crate::team::TEAM;

/// The TEAM fixture plus 1234.5 PM of EST demand for ORG in January 2031, so that the
/// portfolio's figures need a thousands separator.
const BIG_DEMAND: &str = "
insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
  select t.project_id, t.id, o.id, date '2031-01-01', 'EST', 1234.5
  from tasks t join projects p on p.id = t.project_id, organisations o
  where p.code = 'PX' and o.short_name = 'ORG';
";

const PORTFOLIO: &str = "/portfolio?from=2030-12&months=3";

async fn page_in(app: &TestApp, path: &str, language: &str) -> (u16, String) {
    let response = app.speaking(language).get_page(path).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// No message id of this area is shown raw (a key missing from every catalogue shows as its id).
fn no_raw_ids(html: &str) {
    for prefix in [
        "portfolio-",
        "chart-",
        "request-",
        "requests-",
        "share-",
        "audit-",
        "help-",
    ] {
        for shown in [">", "title=\"", "aria-label=\"", "placeholder=\""] {
            assert!(
                !html.contains(&format!("{shown}{prefix}")),
                "a {prefix} id is shown raw: {html}"
            );
        }
    }
}

#[tokio::test]
async fn the_portfolio_in_finnish_and_swedish_writes_numbers_months_and_the_chart_in_the_language()
{
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    app.sql(BIG_DEMAND);

    let (status, fi) = page_in(&app, PORTFOLIO, "fi").await;
    assert_eq!(status, 200);
    assert!(fi.contains("<h1>Salkun kapasiteetti</h1>"), "{fi}");
    assert!(fi.contains("<h2 id=\"heatmap\">Organisaatiot kuukausittain</h2>"));
    // Month headings, the EST demand of ORG in January and its negative gap.
    assert!(
        fi.contains("<th scope=\"col\" class=\"num\">joulu 2030</th>"),
        "{fi}"
    );
    assert!(
        fi.contains(
            "<td>EST-tarve</td><td class=\"num\">1,5</td><td class=\"num\">1\u{a0}234,5</td>"
        ),
        "{fi}"
    );
    assert!(
        fi.contains("title=\"EST-tarve ylittää kapasiteetin\">\u{2212}1\u{a0}23"),
        "the gap is written with a real minus and grouped: {fi}"
    );
    assert!(
        fi.contains("title=\"125 % kapasiteetista\">1,25</td>"),
        "{fi}"
    );
    // The chart: its legend, its label and its bars' titles.
    assert!(fi.contains(
        "<span class=\"key key-capacity\">Kapasiteetti</span> <span class=\"key key-allocated\">Resursoitu</span> <span class=\"key key-est\">EST-tarve</span> — htkk kuukaudessa"
    ), "{fi}");
    assert!(fi.contains("aria-label=\"Kapasiteetti, resursointi ja EST-tarve kuukausittain\""));
    assert!(fi.contains("EST-tarve 1\u{a0}234,5 htkk</title>"), "{fi}");
    assert!(fi.contains("<h2 id=\"over\">Ylikuormitetut henkilöt</h2>"));
    no_raw_ids(&fi);

    let (_, sv) = page_in(&app, PORTFOLIO, "sv").await;
    assert!(sv.contains("<h1>Portföljens kapacitet</h1>"), "{sv}");
    assert!(sv.contains("<th scope=\"col\" class=\"num\">dec. 2030</th>"));
    assert!(
        sv.contains(
            "<td>EST-behov</td><td class=\"num\">1,5</td><td class=\"num\">1\u{a0}234,5</td>"
        ),
        "{sv}"
    );
    assert!(sv.contains("<span class=\"key key-est\">EST-behov</span> — pm per månad"));
    no_raw_ids(&sv);

    // English as before.
    let (_, en) = page_in(&app, PORTFOLIO, "en").await;
    assert!(
        en.contains("<td>EST demand</td><td class=\"num\">1.5</td><td class=\"num\">1,234.5</td>"),
        "{en}"
    );
    assert!(en.contains("<th scope=\"col\" class=\"num\">Dec 2030</th>"));

    // A refused filter is explained in the language.
    let (status, refused) = page_in(&app, "/portfolio?months=5", "fi").await;
    assert_eq!(status, 400);
    assert!(
        refused.contains("”5” kuukautta: valitse 3, 6, 12 tai 24."),
        "{refused}"
    );
}

#[tokio::test]
async fn the_portfolio_csv_in_swedish_has_semicolons_decimal_commas_and_a_swedish_header() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(TEAM);
    app.sql(BIG_DEMAND);
    let (status, csv) = page_in(&app, &format!("{PORTFOLIO}&format=csv"), "sv").await;
    assert_eq!(status, 200);
    assert!(
        csv.starts_with("Organisation;Personer;Mått;2030-12;2031-01;2031-02;Totalt"),
        "{csv}"
    );
    assert!(
        csv.contains("\nORG;1;EST-behov pm;1,5;1234,5;0;1236"),
        "{csv}"
    );
    assert!(csv.contains("\nORG;1;Allokerat pm;1,25;"), "{csv}");
    // Finnish months in a Finnish download.
    let (_, fi) = page_in(&app, &format!("{PORTFOLIO}&format=csv"), "fi").await;
    assert!(
        fi.starts_with("Organisaatio;Henkilöitä;Mittari;12/2030;1/2031;2/2031;Yhteensä"),
        "{fi}"
    );
}

const REQUEST_FIXTURE: &str = "
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a000', 'UNI', 'University', null);
insert into organisations (id, short_name, name, parent_id) values
  ('00000000-0000-0000-0000-00000000a100', 'UNI-A', 'Department A', '00000000-0000-0000-0000-00000000a000'),
  ('00000000-0000-0000-0000-00000000a200', 'UNI-B', 'Department B', '00000000-0000-0000-0000-00000000a000');
insert into projects (id, code, name, owner_org_id, start_month, duration_months) values
  ('00000000-0000-0000-0000-0000000000c1', 'P1', 'Asking project', '00000000-0000-0000-0000-00000000a100',
   date_trunc('month', current_date)::date, 12);
insert into work_packages (id, project_id, number, name, begin_month, end_month) values
  ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000c1', 1, 'Research', 1, 12);
insert into tasks (id, project_id, work_package_id, number, name, begin_month, end_month) values
  ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000e1', '1.1', 'Survey', 1, 12);
";

const P1: &str = "00000000-0000-0000-0000-0000000000c1";
const T11: &str = "00000000-0000-0000-0000-0000000000f1";

#[tokio::test]
async fn a_capacity_request_refused_in_finnish_says_why_and_stores_nothing() {
    let app = spawn_app_with(&[("CAPACITY_REQUESTS_ENABLED", "true")]).await;
    app.sql(REQUEST_FIXTURE);
    let fi = app.speaking("fi");
    let new = format!("/projects/{P1}/capacity-requests/new");
    let (status, form) = page_in(&app, &new, "fi").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("<h1>Pyydä kapasiteettia toiselta organisaatiolta</h1>"),
        "{form}"
    );
    assert!(form.contains("TP 1 — Research"), "{form}");
    assert!(form.contains("aria-label=\"Tehtävä 1.1, M2\""), "{form}");
    no_raw_ids(&form);

    let token = fi.csrf_token(&new).await;
    let cell = format!("pm.{T11}.2");
    let response = fi
        .post_form(
            &format!("/projects/{P1}/capacity-requests"),
            &[
                ("csrf_token", token.as_str()),
                ("receiving_org", ""),
                (cell.as_str(), "paljon"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("<h2>Mitään ei lähetetty</h2>"), "{page}");
    assert!(
        page.contains("Valitse listalta organisaatio, jolta pyydetään: jokin samaan oikeushenkilöön kuin UNI-A kuuluva organisaatio, ei UNI-A itse."),
        "{page}"
    );
    assert!(
        page.contains("Tehtävä 1.1, M2 ("),
        "the cell is named in Finnish: {page}"
    );
    assert!(
        page.contains("”paljon” ei ole henkilötyökuukausien määrä."),
        "{page}"
    );
    assert!(page.contains("value=\"paljon\""), "what was typed is kept");
    assert_eq!(app.count("select count(*) from capacity_requests"), 0);
    assert_eq!(app.count("select count(*) from capacity_request_lines"), 0);

    // A request sent in Swedish, listed and shown in Swedish with the PM as Swedes write them.
    let sv = app.speaking("sv");
    let token = sv.csrf_token(&new).await;
    let response = sv
        .post_form(
            &format!("/projects/{P1}/capacity-requests"),
            &[
                ("csrf_token", token.as_str()),
                ("receiving_org", "00000000-0000-0000-0000-00000000a200"),
                (cell.as_str(), "1,5"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let detail = sv
        .get_page(&location(&response))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("<h1>UNI-A ber UNI-B om 1,5 pm i P1</h1>"),
        "{detail}"
    );
    assert!(detail.contains("Din förfrågan skickades."), "{detail}");
    assert!(detail.contains("<span class=\"state state-pending\">väntande</span>"));
    no_raw_ids(&detail);
    let (_, list) = page_in(&app, "/capacity-requests?box=sent&org=all", "sv").await;
    assert!(list.contains("<h1>Kapacitetsförfrågningar</h1>"), "{list}");
    assert!(list.contains("Skickade (1 väntar)"), "{list}");
    no_raw_ids(&list);
}

#[tokio::test]
async fn the_help_page_in_swedish() {
    let app = spawn_app_with(&[("SHARE_URL_FEATURE", "true")]).await;
    let (status, sv) = page_in(&app, "/help", "sv").await;
    assert_eq!(status, 200);
    assert!(sv.contains("<h1>Hjälp</h1>"), "{sv}");
    assert!(sv.contains("<h2>Timmar och personmånader</h2>"));
    assert!(
        sv.contains("<h2>Kapacitetsförfrågningar</h2>") && sv.contains("<h2>Delningslänkar</h2>")
    );
    assert!(sv.contains("timmar per personmånad"));
    // The help's own markup is kept, and the share links' page is linked.
    assert!(sv.contains("<strong>PROJPLAN</strong>"));
    assert!(
        sv.contains("under <a href=\"/share\">Dina delningslänkar</a>."),
        "{sv}"
    );
    assert!(sv.contains("Kapacitetsförfrågningar är avstängda på den här servern"));
    for english in [
        "What Rediflow is for",
        "Capacity requests",
        "person-months",
        "Share links",
    ] {
        assert!(!sv.contains(english), "{english} in the Swedish help");
    }
    no_raw_ids(&sv);
}

#[tokio::test]
async fn the_audit_log_in_finnish_names_actions_and_kinds_of_records() {
    let app = spawn_app().await;
    app.sql("insert into organisations (short_name, name) values ('UNI', 'University');");
    // One change, logged as the application logs the creation of an organisation.
    app.sql(
        "insert into audit_log (actor, action, entity_type, entity_id, after)
         select 'anonymous', 'create', 'organisation', id, '{}'::jsonb from organisations;",
    );
    let (status, fi) = page_in(&app, "/audit", "fi").await;
    assert_eq!(status, 200, "{fi}");
    assert!(fi.contains("<h1>Muutosloki</h1>"), "{fi}");
    assert!(
        fi.contains("<td>anonymous</td><td>lisäys</td><td>organisaatio "),
        "{fi}"
    );
    assert!(fi.contains(">organisaatio</option>"), "{fi}");
    assert!(fi.contains("Uusin muutos."), "{fi}");
    no_raw_ids(&fi);
    let (status, refused) = page_in(&app, "/audit?from=eilen", "fi").await;
    assert_eq!(status, 400);
    assert!(
        refused.contains("Suodattimen ”from” on oltava päivämäärä"),
        "{refused}"
    );
}
