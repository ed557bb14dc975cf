//! My allocations: a user linked to a person sees their capacity, allocation per project and
//! free capacity, in PM and hours, on the home page and on /my-allocations.

use crate::idp::{IdpUser, sign_in};
use crate::team::signed_in_team_app;

#[tokio::test]
async fn a_linked_user_sees_their_months_and_an_unlinked_one_is_told_why() {
    let (app, idp) = signed_in_team_app(vec![
        IdpUser::new("ada@test", &["rediflow-viewers"]),
        IdpUser::new("eve@test", &["rediflow-viewers"]),
    ])
    .await;
    let eve = app.another_browser();
    sign_in(&app, &idp, "ada@test").await;
    sign_in(&eve, &idp, "eve@test").await;
    app.sql("update persons set user_id = (select id from users where username = 'ada@test') where code = 'ada'");

    let home = app.get_page("/").await.text().await.unwrap();
    assert!(
        home.contains("id=\"my-allocations\">My allocations</h1>"),
        "{home}"
    );

    let html = app
        .get_page("/my-allocations?from=2030-12")
        .await
        .text()
        .await
        .unwrap();
    // December 2030: 150 h = 1 PM; PX 50 % = 0.5, PY 75 % = 0.75: 1.25 PM allocated
    // (187.5 h), 0.25 PM (37.5 h) over capacity.
    let december = "<th scope=\"row\">2030-12</th>\n      <td class=\"num\">150</td><td class=\"num\">1</td>\n      <td class=\"num\">0.5</td><td class=\"num\">0.75</td>\n      <td class=\"num\">1.25</td><td class=\"num\">187.5</td>\n      <td class=\"num over\">-0.25";
    assert!(html.contains(december), "{html}");
    assert!(html.contains("/team\">PX</a>") && html.contains("/team\">PY</a>"));

    let csv = app
        .get_page("/my-allocations?from=2030-12&format=csv")
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "Month,Capacity hours,Capacity PM,PX PM,PY PM,Allocated PM,Allocated hours,Free PM,Free hours"
    );
    assert!(
        lines[1].starts_with("2030-12,150,1,0.5,0.75,1.25,187.5,-0.25,-37.5"),
        "{csv}"
    );
    let total = lines.last().unwrap();
    let page_total = html
        .split("<th scope=\"row\">Total</th>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    // The page groups thousands as English does (1,927.5); the download writes numbers.
    let page_total = page_total.replace(',', "");
    for value in total.split(',').skip(1) {
        assert!(
            page_total.contains(&format!(">{value}<")),
            "CSV total {value} is on the page: {page_total}"
        );
    }

    let bad = app.get_page("/my-allocations?from=December").await;
    assert_eq!(bad.status(), 400);

    let other = eve.get_page("/my-allocations").await.text().await.unwrap();
    assert!(other.contains("Your sign-in is not linked to a person"));
    let home = eve.get_page("/").await.text().await.unwrap();
    assert!(!home.contains("id=\"my-allocations\""));
}
