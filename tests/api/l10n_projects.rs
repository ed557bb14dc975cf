//! The project pages in Finnish and Swedish (issue 21): the overview, the structure tabs, the
//! project form's and the rows' refusals, the pipeline and its download, and data quality, each
//! asked for with the browser's Accept-Language.

use crate::helpers::*;

/// A project running March 2030 – February 2032 with a work package, a task whose EST demand is
/// 1234.5 PM, a rate of 152.5 hours per PM from April 2030, and a milestone without problems;
/// its id.
async fn project() -> (TestApp, String) {
    let app = spawn_app().await;
    app.sql(
        "insert into organisations (short_name, name) values ('UNI', 'University');
         insert into projects (code, name, owner_org_id, start_month, duration_months, lifecycle_state_id)
           select 'BIG', 'Big project', o.id, date '2030-03-01', 24, s.id
           from organisations o, lifecycle_states s where s.code = 'proposal';
         insert into work_packages (project_id, number, name, begin_month, end_month)
           select id, 1, 'Analysis', 1, 24 from projects;
         insert into tasks (project_id, work_package_id, number, name, begin_month, end_month)
           select project_id, id, '1.1', 'Survey', 1, 24 from work_packages;
         insert into capacity_demand (project_id, task_id, organisation_id, month, series, pm)
           select t.project_id, t.id, o.id, date '2030-03-01', 'EST', 1234.5 from tasks t, organisations o;
         insert into project_hour_rates (project_id, valid_from, hours_per_pm)
           select id, date '2030-04-01', 152.5 from projects;",
    );
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from projects",
    )
    .remove(0);
    (app, id)
}

async fn page(app: &TestApp, languages: &str, path: &str) -> (u16, String) {
    let response = app.speaking(languages).get_page(path).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_overview_in_finnish_and_swedish() {
    let (app, id) = project().await;
    let (status, fi) = page(&app, "fi", &format!("/projects/{id}")).await;
    assert_eq!(status, 200);
    for text in [
        "<title>BIG · Projektit",
        ">Muokkaa</a>",
        ">Työpaketit</a>",
        "<dt>Kesto</dt><dd>3/2030 – 2/2032 (24 kuukautta)</dd>",
        "<dt>Tila</dt><dd>Valmistelussa</dd>",
        "<h2>Tuntia/htkk ajanjaksoittain</h2>",
        "<td>Kaikki</td><td>4/2030</td><td class=\"num\">152,5</td>",
        ">Lisää tuntimäärä</button>",
        "<h2>Tietojen laatu</h2>",
        // 1234.5 PM in one month is surely a typing error, and the rule says so in Finnish.
        "<li>Organisaation UNI EST-tarve tehtävälle 1.1 kuukaudelle M1 on 1\u{a0}234,5 htkk: yli 12 htkk yhdessä kuukaudessa on varmasti kirjoitusvirhe. <a href=\"/projects/",
        ">Korjaa</a>",
    ] {
        assert!(fi.contains(text), "{text} in {fi}");
    }
    for english in [
        "Work packages",
        "Hours per PM",
        "Everyone",
        "Data quality",
        "months)",
    ] {
        assert!(!fi.contains(english), "{english} left in English: {fi}");
    }

    let (_, sv) = page(&app, "sv-SE,sv;q=0.9", &format!("/projects/{id}")).await;
    for text in [
        ">Redigera</a>",
        ">Arbetspaket</a>",
        "<dt>Löptid</dt><dd>2030-03 – 2032-02 (24 månader)</dd>",
        "<dt>Status</dt><dd>Under beredning</dd>",
        "<td>Alla</td><td>2030-04</td><td class=\"num\">152,5</td>",
        "<h2>Datakvalitet</h2>",
    ] {
        assert!(sv.contains(text), "{text} in {sv}");
    }

    // English as before, for a browser asking for nothing in particular.
    let en = app
        .get_page(&format!("/projects/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("2030-03 – 2032-02 (24 months)"), "{en}");
    assert!(en.contains("<td>Everyone</td><td>2030-04</td><td class=\"num\">152.5</td>"));
}

#[tokio::test]
async fn a_structure_tab_in_finnish_and_swedish() {
    let (app, id) = project().await;
    let (status, fi) = page(&app, "fi", &format!("/projects/{id}/work-packages")).await;
    assert_eq!(status, 200);
    for text in [
        "<h1>BIG työpaketit</h1>",
        "Kuukaudet ovat projektikuukausia M1–M24.",
        "<th scope=\"col\">Numero</th><th scope=\"col\">Nimi</th>",
        "<th scope=\"col\">Alku</th><th scope=\"col\">Loppu</th>",
        "<th scope=\"col\">Vetäjä</th>",
        "aria-label=\"Alkukuukausi\"",
        "<span class=\"muted\">1 tehtävä</span>",
        ">Tallenna</button>",
        ">Poista</button>",
        ">Lisää</button>",
    ] {
        assert!(fi.contains(text), "{text} in {fi}");
    }
    let (_, tasks) = page(&app, "fi", &format!("/projects/{id}/tasks")).await;
    assert!(tasks.contains(">TP 1 Analysis</option>"), "{tasks}");
    assert!(tasks.contains("<span class=\"muted\">1 tarvesolu</span>"));

    let (_, sv) = page(&app, "sv", &format!("/projects/{id}/tasks")).await;
    for text in [
        "<h1>BIG uppgifter</h1>",
        "<th scope=\"col\">AP</th>",
        "<th scope=\"col\">Roll</th>",
        ">AP 1 Analysis</option>",
        "<span class=\"muted\">1 behovscell</span>",
        ">Ta bort</button>",
    ] {
        assert!(sv.contains(text), "{text} in {sv}");
    }
}

#[tokio::test]
async fn a_project_form_refused_in_finnish_stores_nothing() {
    let app = spawn_app().await;
    let finn = app.speaking("fi");
    let (_, form) = page(&finn, "fi", "/projects/new").await;
    for text in [
        "<h1>Uusi projekti</h1>",
        "<label for=\"code\">Koodi</label>",
        "placeholder=\"Lyhenne, esim. EXAMPLE-P\"",
        "<label for=\"duration\">Kesto (kuukautta)</label>",
        "<legend>Kumppanit</legend>",
        ">Luo projekti</button>",
    ] {
        assert!(form.contains(text), "{text} in {form}");
    }
    let token = finn.csrf_token("/projects/new").await;
    let response = finn
        .post_form(
            "/projects",
            &[
                ("csrf_token", &token),
                ("code", " "),
                ("name", "Uusi"),
                ("start", "2030-01"),
                ("duration", "700"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("<p class=\"field-error\">Anna projektin koodi (sen lyhenne).</p>"),
        "{html}"
    );
    assert!(html.contains("<p class=\"field-error\">Anna kesto kuukausina väliltä 1–600.</p>"));
    assert_eq!(app.count("select count(*) as count from projects"), 0);
}

#[tokio::test]
async fn a_structure_row_refused_in_swedish_stores_nothing() {
    let (app, id) = project().await;
    let swede = app.speaking("sv");
    let path = format!("/projects/{id}/work-packages");
    let token = swede.csrf_token(&path).await;
    let response = swede
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("number", "1"),
                ("name", ""),
                ("begin", "3"),
                ("end", "30"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    for text in [
        "Nummer: AP 1 finns redan i det här projektet.",
        "Namn: Ange arbetspaketets namn.",
        "Slutmånad: M30 ligger utanför projektets månader M1–M24.",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    assert_eq!(app.count("select count(*) as count from work_packages"), 1);

    // Deleting a work package that still has its task: refused in Swedish, with the plural.
    let wps = swede.get_page(&path).await.text().await.unwrap();
    let wp = names(
        &mut app.owner_connection(),
        "select id::text as name from work_packages",
    )
    .remove(0);
    let response = swede
        .submit_from(&wps, &format!("{path}/{wp}/delete"), &[])
        .await;
    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("AP 1 har fortfarande 1 uppgift: ta bort eller flytta dem först."),
        "{html}"
    );
    assert_eq!(app.count("select count(*) as count from work_packages"), 1);
}

#[tokio::test]
async fn the_pipeline_and_its_download_in_finnish() {
    let (app, _) = project().await;
    let (status, fi) = page(&app, "fi", "/projects/pipeline").await;
    assert_eq!(status, 200);
    for text in [
        "<h1>Valmisteilla olevat projektit</h1>",
        "Valmistelussa <span class=\"muted\">(1 projekti, 1\u{a0}234,5 htkk)</span>",
        "<th scope=\"col\" class=\"num\">EST htkk</th>",
        "<td>3/2030</td><td class=\"num\">24</td><td class=\"num\">1\u{a0}234,5</td>",
    ] {
        assert!(fi.contains(text), "{text} in {fi}");
    }
    let (_, csv) = page(&app, "fi", "/projects/pipeline?format=csv").await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().map(|l| l.trim_start_matches('\u{feff}')),
        Some(
            "Tila;Koodi;Nimi;Vastuuorganisaatio (POO);Alku;Kuukausia;EST htkk;Voittotodennäköisyys %"
        ),
        "{csv}"
    );
    assert_eq!(
        lines.next(),
        // The last column: the proposal's win probability, its state's default (30 %).
        Some("Valmistelussa;BIG;Big project;UNI;2030-03;24;1234,5;30"),
        "{csv}"
    );
    // English keeps its header.
    let en = app
        .get_page("/projects/pipeline?format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        en.contains("State,Code,Name,Owner (POO),Start,Months,EST PM,Win probability %"),
        "{en}"
    );
}

#[tokio::test]
async fn data_quality_speaks_the_readers_language() {
    let (app, id) = project().await;
    app.sql(
        "insert into milestones (project_id, number, name, due_month) select id, 'MS1', 'Late', 30 from projects;",
    );
    let (_, fi) = page(&app, "fi", "/quality").await;
    for text in [
        "<h1>Tietojen laatu</h1>",
        "Näkyvissäsi olevissa projekteissa on 2 ongelmaa.",
        "Välitavoitteen MS1 määräaika M30 on projektin kuukausien M1–M24 ulkopuolella.",
        "Organisaation UNI EST-tarve tehtävälle 1.1 kuukaudelle M1 on 1\u{a0}234,5 htkk: yli 12 htkk",
        ">Korjaa</a>",
    ] {
        assert!(fi.contains(text), "{text} in {fi}");
    }
    let (_, sv) = page(&app, "sv", &format!("/projects/{id}")).await;
    assert!(
        sv.contains("Milstolpe MS1 ska vara klar i M30, utanför projektets M1–M24."),
        "{sv}"
    );
    let (_, csv) = page(&app, "sv", "/quality?format=csv").await;
    assert!(csv.contains("Projekt;Problem"), "{csv}");
}

#[tokio::test]
async fn a_rate_refused_in_finnish_changes_nothing() {
    let (app, id) = project().await;
    let finn = app.speaking("fi");
    let overview = format!("/projects/{id}");
    let token = finn.csrf_token(&overview).await;
    let response = finn
        .post_form(
            &format!("{overview}/rates"),
            &[
                ("csrf_token", &token),
                ("valid_from", "2030-04"),
                ("hours_per_pm", "160"),
                ("employee_group", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 400);
    let html = response.text().await.unwrap();
    assert!(
        html.contains(
            "Kaikkia koskeva tuntimäärä kuukaudesta 2030-04 alkaen on jo olemassa: poista se ensin. \
             Mitään ei muutettu."
        ),
        "{html}"
    );
    assert_eq!(
        names(
            &mut app.owner_connection(),
            "select hours_per_pm::text as name from project_hour_rates"
        ),
        ["152.50"]
    );
}
