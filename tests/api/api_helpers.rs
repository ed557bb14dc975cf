//! What the API tests share: tokens minted as the command line does, and a client that sends
//! one on every request.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rediflow::audit::Actor;
use rediflow::auth::tokens::{self, NewToken};
use rediflow::config::Secret;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::*;

/// The SECRET_KEY of the test servers (`helpers::test_settings`).
pub fn test_secret() -> Secret {
    Secret::new("t".repeat(64))
}

/// Mints a token for the user `username` of the app's database, as `rediflow token create`.
pub fn mint(app: &TestApp, username: &str, scope: &str) -> String {
    mint_on(&app.database, username, scope)
}

pub fn mint_on(database: &str, username: &str, scope: &str) -> String {
    let mut conn = connect(&owner_url(database));
    let user: Uuid = rediflow::db::schema::users::table
        .filter(rediflow::db::schema::users::username.eq(username))
        .select(rediflow::db::schema::users::id)
        .first(&mut conn)
        .expect("the user exists");
    tokens::create_for(
        &mut conn,
        &Actor::command_line(),
        user,
        &test_secret(),
        &NewToken {
            name: format!("test {scope}"),
            scope: scope.to_string(),
            days: String::new(),
        },
    )
    .expect("token minted")
    .token
}

/// A server on a fresh database holding the RLS fixture (tests/api/rls.rs).
pub async fn app_with_fixture(extra: &[(&str, &str)]) -> TestApp {
    let database = create_test_database();
    connect(&owner_url(&database))
        .batch_execute(crate::rls::FIXTURE)
        .unwrap();
    spawn_app_on(&database, extra).await
}

/// The API as one token's holder calls it.
pub struct Api<'a> {
    pub app: &'a TestApp,
    pub token: String,
    client: reqwest::Client,
}

/// An answer: its status, headers and JSON body (Null when there is none).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn etag(&self) -> String {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    pub fn content_type(&self) -> String {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }
}

impl<'a> Api<'a> {
    pub fn new(app: &'a TestApp, token: impl Into<String>) -> Api<'a> {
        Api {
            app,
            token: token.into(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(std::time::Duration::from_secs(3))
                .build()
                .unwrap(),
        }
    }

    /// A request to `path` (under /api/v1) with the token, an optional JSON body and `If-Match`.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method, self.app.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(reqwest::Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.call(reqwest::Method::POST, path, Some(body), None)
            .await
    }

    pub async fn patch(&self, path: &str, body: &Value, if_match: &str) -> Answer {
        self.call(reqwest::Method::PATCH, path, Some(body), Some(if_match))
            .await
    }

    pub async fn put(&self, path: &str, body: &Value, if_match: &str) -> Answer {
        self.call(reqwest::Method::PUT, path, Some(body), Some(if_match))
            .await
    }

    pub async fn delete(&self, path: &str, if_match: &str) -> Answer {
        self.call(reqwest::Method::DELETE, path, None, Some(if_match))
            .await
    }

    /// Every item of a list, following its cursors.
    pub async fn all(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut next: Option<String> = None;
        loop {
            let address = match &next {
                None => path.to_string(),
                Some(cursor) => format!("{path}{separator}cursor={cursor}"),
            };
            let answer = self.get(&address).await;
            assert_eq!(answer.status, 200, "{address}: {}", answer.body);
            items.extend(answer.body["items"].as_array().cloned().unwrap_or_default());
            match answer.body["next_cursor"].as_str() {
                Some(cursor) => next = Some(cursor.to_string()),
                None => return items,
            }
        }
    }
}

/// The values of `field` in `items`, sorted.
pub fn field_values(items: &[Value], field: &str) -> Vec<String> {
    let mut values: Vec<String> = items
        .iter()
        .map(|i| match &i[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    values.sort();
    values
}
