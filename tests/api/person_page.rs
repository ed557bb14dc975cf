//! The person page: who someone is and their capacity month by month (SPEC §5).

use crate::helpers::*;

#[tokio::test]
async fn the_person_page_shows_capacity_from_holidays_leave_fte_and_employment() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(
        "insert into organisations (short_name, name, country_code) values ('ORG', 'Org', 'DK');
         insert into calendars (code, name, country_code) values ('DK', 'Denmark', 'DK');
         insert into holidays (calendar_id, day, name)
           select id, d, 'Holiday' from calendars, unnest(array[date '2030-12-24', date '2030-12-25', date '2031-01-01']) d
           where code = 'DK';
         insert into system_hour_rates (valid_from, hours_per_pm) values (date '2030-01-01', 150);
         insert into employee_groups (name) values ('Research');
         insert into employee_group_hours (employee_group_id, valid_from, daily_hours)
           select id, date '2020-01-01', 7.5 from employee_groups;
         insert into persons (code, first_name, last_name, organisation_id, employment_start)
           select 'ada', 'Ada', 'Lovelace', id, date '2030-12-02' from organisations;
         insert into employee_group_memberships (person_id, employee_group_id, valid_from)
           select p.id, g.id, date '2030-01-01' from persons p, employee_groups g;
         insert into fte_periods (person_id, start_date, fte_percent)
           select id, date '2031-01-01', 80 from persons;
         insert into leave_types (code, name) values ('HOLS', 'Long holiday');
         insert into leaves (person_id, leave_type_id, start_date, end_date)
           select p.id, t.id, date '2031-01-06', date '2031-01-10' from persons p, leave_types t where t.code = 'HOLS';
         insert into projects (code, name, owner_org_id, start_month, duration_months)
           select c, 'Project ' || c, o.id, date '2030-06-01', 24 from organisations o, unnest(array['PX', 'PY']) c;
         insert into assignments (person_id, project_id, allocation_percent, allocation_group_id, start_month, end_month)
           select pe.id, pr.id, pct, g.id, date '2030-12-01', e
           from persons pe, allocation_groups g,
                (values ('PX', 50, date '2031-01-01'), ('PY', 75, date '2030-12-01')) v(code, pct, e)
                join projects pr on pr.code = v.code
           where g.code = 'fixed';
         insert into allocation_overrides (assignment_id, project_id, month, pm)
           select a.id, a.project_id, date '2031-01-01', 0.6 from assignments a join projects p on p.id = a.project_id where p.code = 'PX';",
    );
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from persons",
    )
    .remove(0);
    let list = app.get_page("/people").await.text().await.unwrap();
    assert!(list.contains(&format!("<a href=\"/people/{id}\">Ada Lovelace</a>")));

    let html = app
        .get_page(&format!("/people/{id}?from=2030-11"))
        .await
        .text()
        .await
        .unwrap();
    // November: not yet employed. December: from Monday 2nd, 22 weekdays minus the 24th and
    // 25th = 20 days × 7.5 h = 150 h = 1 PM. January: 22 weekdays without New Year's Day, minus
    // 5 days of leave = 17 days × 7.5 h × 80 % = 102 h = 0.68 PM.
    for row in [
        "<td>2030-11</td><td class=\"num\">0</td><td class=\"num\">0</td>",
        "<td>2030-12</td><td class=\"num\">20</td><td class=\"num\">150</td><td class=\"num\">150</td><td class=\"num\">1</td>",
        "<td>2031-01</td><td class=\"num\">17</td><td class=\"num\">102</td><td class=\"num\">150</td><td class=\"num\">0.68</td>",
    ] {
        assert!(html.contains(row), "{row}: {html}");
    }
    // Allocation: December 50 % + 75 % of 1 PM = 1.25 PM, 0.25 over capacity; January only PX,
    // whose 0.6 PM the allocation grid set explicitly: 0.68 − 0.6 = 0.08 free.
    for row in [
        "<td class=\"num\">1</td><td class=\"num\">1.25</td><td class=\"num over\">-0.25 <span class=\"tag\"",
        "<td class=\"num\">0.68</td><td class=\"num\">0.6</td><td class=\"num\">0.08</td>",
    ] {
        assert!(html.contains(row), "{row}: {html}");
    }
    assert!(
        html.contains(
            ">PX</a></td><td></td><td>Fixed</td><td class=\"num\">50</td><td>2030-12 – 2031-01</td>"
        ),
        "{html}"
    );
    assert!(html.contains("Denmark") && html.contains("Long holiday: 2031-01-06 – 2031-01-10"));
    assert!(html.contains("80 % from 2031-01-01") && html.contains("Research from 2030-01-01"));

    // The download has the same rows and totals.
    let csv = app
        .get_page(&format!("/people/{id}?from=2030-11&format=csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + 12 + 1, "header, 12 months, total");
    assert!(csv.contains("2031-01,17,102,150,0.68,0.6,0.08"), "{csv}");
    let total_hours = csv
        .lines()
        .last()
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .to_string();
    // The page writes numbers as English does (1,422), the download as a number (1422).
    let shown_hours = match total_hours.len() {
        4.. => format!(
            "{},{}",
            &total_hours[..total_hours.len() - 3],
            &total_hours[total_hours.len() - 3..]
        ),
        _ => total_hours.clone(),
    };
    assert!(
        html.contains(&format!("<td class=\"num total\">{shown_hours}</td>")),
        "page total {shown_hours}"
    );

    // Bad input is a clear 400; an unknown person is 404; the page is off without the feature.
    let bad = app.get_page(&format!("/people/{id}?from=soon")).await;
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("is not a month: use YYYY-MM.")
    );
    assert_eq!(
        app.get_page(&format!("/people/{}", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );
    let off = spawn_app().await;
    assert_eq!(off.get_page(&format!("/people/{id}")).await.status(), 404);
}

#[tokio::test]
async fn a_person_without_an_employee_group_is_flagged() {
    let app = spawn_app_with(&[("PERSON_CAPACITY_ENABLED", "true")]).await;
    app.sql(
        "insert into organisations (short_name, name) values ('ORG', 'Org');
         insert into persons (code, first_name, last_name, organisation_id)
           select 'bob', 'Bob', 'Builder', id from organisations;",
    );
    let id = names(
        &mut app.owner_connection(),
        "select id::text as name from persons",
    )
    .remove(0);
    let html = app
        .get_page(&format!("/people/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("belongs to no employee group"), "{html}");
    assert!(html.contains("none (no holidays are subtracted)"));
}
