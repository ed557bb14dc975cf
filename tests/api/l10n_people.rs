//! People, organisations and settings in Finnish and Swedish (issue 21): headings, numbers as
//! each language writes them, seeded lookup names translated while seeded and shown as typed
//! once renamed, and refusals in the reader's language.

use crate::helpers::*;

/// A person employed since 2030 in a group of 7.5 hours a day, without a holiday calendar: 261
/// weekdays in 2031 are 1957.5 hours. From 2032 they work 62.5 % and take a week of vacation.
fn person_fixture(app: &TestApp) -> String {
    app.sql(
        "insert into organisations (short_name, name) values ('ORG', 'Org');
         insert into employee_groups (name) values ('Research staff');
         insert into employee_group_hours (employee_group_id, valid_from, daily_hours)
           select id, date '2020-01-01', 7.5 from employee_groups;
         insert into persons (code, first_name, last_name, organisation_id, employment_start)
           select 'ada', 'Ada', 'Lovelace', id, date '2030-01-01' from organisations;
         insert into employee_group_memberships (person_id, employee_group_id, valid_from)
           select p.id, g.id, date '2030-01-01' from persons p, employee_groups g;
         insert into fte_periods (person_id, start_date, fte_percent)
           select id, date '2032-01-01', 62.5 from persons;
         insert into leaves (person_id, leave_type_id, start_date, end_date)
           select p.id, t.id, date '2032-07-01', date '2032-07-03'
           from persons p, leave_types t where t.name = 'Vacation';",
    );
    names(
        &mut app.owner_connection(),
        "select id::text as name from persons",
    )
    .remove(0)
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get_page(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_people_list_and_a_person_page_speak_finnish_and_swedish() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    let id = person_fixture(&app);
    let (fi, sv) = (app.speaking("fi"), app.speaking("sv"));

    let list = page(&fi, "/people").await;
    assert!(list.contains("<h1>Henkilöt</h1>"), "{list}");
    assert!(list.contains("1 / 1 henkilö.") && list.contains(">Lisää henkilö</a>"));
    assert!(list.contains("<th scope=\"col\">Työsuhde</th>") && list.contains("2030-01-01 alkaen"));
    let list = page(&sv, "/people").await;
    assert!(list.contains("<h1>Personer</h1>") && list.contains("1 av 1 person."));
    assert!(list.contains("sedan 2030-01-01"), "{list}");

    let person = format!("/people/{id}?from=2031-01");
    let html = page(&fi, &person).await;
    assert!(
        html.contains("<h2>Kapasiteetti tammi 2031 alkaen</h2>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"col\" class=\"num\">Vapaa htkk</th>"));
    // January 2031: 23 weekdays × 7.5 h = 172.5 h; the year 1957.5 h, grouped with a no-break
    // space and a decimal comma; months in cells as Finns write them.
    assert!(
        html.contains("<td>1/2031</td><td class=\"num\">23</td><td class=\"num\">172,5</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"num total\">1\u{a0}957,5</td>"),
        "{html}"
    );
    assert!(html.contains("62,5 % 2032-01-01 alkaen"), "{html}");
    // The seeded leave type is named in Finnish.
    assert!(
        html.contains("Vuosiloma: 2032-07-01 – 2032-07-03"),
        "{html}"
    );
    // (The remove form's hidden fields keep the stored name, to tell a later change apart.)
    assert!(
        !html.contains("Vacation:") && !html.contains("– Vacation"),
        "{html}"
    );

    let html = page(&sv, &person).await;
    assert!(html.contains("<h2>Kapacitet från jan. 2031</h2>"), "{html}");
    assert!(html.contains("<td>2031-01</td><td class=\"num\">23</td><td class=\"num\">172,5</td>"));
    assert!(html.contains("<td class=\"num total\">1\u{a0}957,5</td>"));
    assert!(html.contains("62,5 % från 2032-01-01") && html.contains("Semester: 2032-07-01"));

    // The download's header follows the language; its values stay numbers.
    let csv = fi
        .get_page(&format!("{person}&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("Kuukausi;Työpäivät;Tunnit;"), "{csv}");
    assert!(csv.contains("Yhteensä;;1957,5;"), "{csv}");

    // A renamed leave type is data: shown as typed, in every language.
    app.sql("update leave_types set name = 'Kesäloma (oma)' where name = 'Vacation'");
    for speaker in [&fi, &sv] {
        let html = page(speaker, &person).await;
        assert!(
            html.contains("Kesäloma (oma): 2032-07-01 – 2032-07-03"),
            "{html}"
        );
    }
    // English is unchanged.
    let html = page(&app, &person).await;
    assert!(
        html.contains("<td class=\"num total\">1,957.5</td>")
            && html.contains("62.5 % from 2032-01-01")
    );
}

#[tokio::test]
async fn a_refused_person_form_is_explained_in_finnish_and_stores_nothing() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    person_fixture(&app);
    let fi = app.speaking("fi");
    let token = fi.csrf_token("/people/new").await;
    let org = names(
        &mut app.owner_connection(),
        "select id::text as name from organisations",
    )
    .remove(0);
    let before = app.count("select count(*) from persons");
    let response = fi
        .post_form(
            "/people",
            &[
                ("csrf_token", token.as_str()),
                ("code", "ada"),
                ("first_name", "Ada"),
                ("last_name", "Toinen"),
                ("email", "ei-osoite"),
                ("organisation", org.as_str()),
                ("employment_start", "2031-02-01"),
                ("employment_end", "2031-01-31"),
                ("user", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Mitään ei tallennettu: korjaa alla merkityt kentät."),
        "{html}"
    );
    for sentence in [
        "Toisella henkilöllä on jo tunnus ada.",
        "”ei-osoite” ei ole sähköpostiosoite",
        "Työsuhteen päättymispäivä (2031-01-31) on ennen sen alkamispäivää (2031-02-01).",
    ] {
        assert!(
            html.contains(&format!("<p class=\"field-error\">{sentence}")),
            "{sentence}: {html}"
        );
    }
    assert!(
        html.contains("<label for=\"last_name\">Sukunimi</label>")
            && html.contains("value=\"Toinen\"")
    );
    assert_eq!(app.count("select count(*) from persons"), before);
    assert_eq!(
        app.count("select count(*) from persons where last_name = 'Toinen'"),
        0
    );

    // A working-time refusal too, on the person's working-time page.
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from persons",
    )
    .remove(0);
    let response = fi
        .post_form(
            &format!("/people/{id}/fte-periods"),
            &[
                ("csrf_token", token.as_str()),
                ("start", "2033-01-01"),
                ("percent", "120"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Mitään ei muutettu: ”120” ei ole FTE-prosentti"),
        "{html}"
    );
    assert_eq!(app.count("select count(*) from fte_periods"), 1);
}

#[tokio::test]
async fn an_organisation_refusal_is_explained_in_swedish() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    person_fixture(&app);
    let sv = app.speaking("sv");
    let html = page(&sv, "/organisations").await;
    assert!(
        html.contains("<h1>Organisationer</h1>")
            && html.contains("<h2>Lägg till en organisation</h2>")
    );

    let token = sv.csrf_token("/organisations").await;
    let response = sv
        .post_form(
            "/organisations",
            &[
                ("csrf_token", token.as_str()),
                ("short_name", "org"),
                ("name", ""),
                ("parent", ""),
                ("country_code", "SWE"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    for sentence in [
        "ORG finns redan.",
        "Ange organisationens namn.",
        "Använd en landskod med två bokstäver, som FI eller SE.",
    ] {
        assert!(html.contains(sentence), "{sentence}: {html}");
    }
    assert_eq!(app.count("select count(*) from organisations"), 1);

    // An organisation still used by a person is not deleted, and the page says why in Swedish.
    let html = page(&sv, "/organisations").await;
    let action = html
        .split("action=\"")
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .find(|action| action.ends_with("/delete"))
        .expect("a delete form")
        .to_string();
    let response = sv.submit_from(&html, &action, &[]).await;
    assert_eq!(response.status(), 409);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("ORG kan inte tas bort medan den används: 1 person."),
        "{html}"
    );
    assert_eq!(app.count("select count(*) from organisations"), 1);
}

#[tokio::test]
async fn settings_name_seeded_lookups_in_finnish_and_renamed_ones_as_typed() {
    let app = spawn_app_with(&[("POLICY_NO_AUTH_DEFAULT", "view_only")]).await;
    app.sql("update lifecycle_states set name = 'Arkistoitu' where code = 'closed'");
    let html = page(&app.speaking("fi"), "/settings").await;
    assert!(html.contains("<h2>Elinkaaren vaiheet</h2>"), "{html}");
    assert!(
        html.contains("<td>running</td><td>Käynnissä</td>"),
        "{html}"
    );
    assert!(
        html.contains("<td>closed</td><td>Arkistoitu</td>"),
        "{html}"
    );
    assert!(
        !html.contains(">Running<") && !html.contains("Päättynyt"),
        "{html}"
    );
    let html = page(&app.speaking("sv"), "/settings").await;
    assert!(
        html.contains("<td>running</td><td>Pågående</td>")
            && html.contains("<td>closed</td><td>Arkistoitu</td>")
    );
    // English shows the stored names.
    let html = page(&app, "/settings").await;
    assert!(html.contains("<td>running</td><td>Running</td>"), "{html}");
}
