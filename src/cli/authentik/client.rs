//! A small client of Authentik's REST API v3: bearer token, JSON, paginated lists, and errors
//! that fit on one line and say what to do.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::config::Secret;

/// Why talking to Authentik failed. `Display` is the one line the operator sees.
#[derive(Debug, thiserror::Error)]
pub enum AuthentikError {
    #[error(
        "cannot reach Authentik at {url}: {reason} (is it running, and is AUTHENTIK_URL right?)"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "Authentik refused the token (HTTP {status} on {method} {path}{detail}): \
         AUTHENTIK_BOOTSTRAP_TOKEN must be a valid API token of an Authentik administrator"
    )]
    Unauthorized {
        status: u16,
        method: Method,
        path: String,
        detail: String,
    },
    #[error("Authentik answered {method} {path} with HTTP {status}{detail}")]
    Status {
        status: u16,
        method: Method,
        path: String,
        detail: String,
    },
    #[error("unexpected answer from Authentik to {method} {path}: {problem}")]
    Unexpected {
        method: Method,
        path: String,
        problem: String,
    },
    /// Authentik works but lacks something the command needs (a flow, a key, a brand...).
    #[error("{0}")]
    Setup(String),
}

/// Lists are read page by page; Authentik caps a page at 100 objects.
const PAGE_SIZE: &str = "100";
/// A guard against a server that always claims another page.
const MAX_PAGES: u32 = 1000;

/// An authenticated connection to one Authentik.
pub struct Client {
    http: reqwest::Client,
    /// `{AUTHENTIK_URL}/api/v3/`
    api: Url,
    token: Secret,
}

impl Client {
    /// `authentik_url` must end in `/` (as `AuthentikSettings` makes it).
    pub fn new(authentik_url: &Url, token: &Secret) -> Result<Client, AuthentikError> {
        let api = authentik_url
            .join("api/v3/")
            .map_err(|e| AuthentikError::Setup(format!("AUTHENTIK_URL cannot be used: {e}")))?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            // A redirect (http → https, another host) is reported, not followed with the token.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("rediflow/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AuthentikError::Setup(format!("cannot create an HTTP client: {e}")))?;
        Ok(Client {
            http,
            api,
            token: token.clone(),
        })
    }

    /// `GET path`; `None` for 404.
    pub async fn get(&self, path: &str) -> Result<Option<Value>, AuthentikError> {
        match self.send(Method::GET, path, &[], None).await? {
            (StatusCode::NOT_FOUND, _) => Ok(None),
            (_, Some(value)) => Ok(Some(value)),
            (_, None) => Err(self.unexpected(Method::GET, path, "an empty answer")),
        }
    }

    /// Every object of a list endpoint matching the query filters, all pages.
    pub async fn list(
        &self,
        path: &str,
        filters: &[(&str, &str)],
    ) -> Result<Vec<Value>, AuthentikError> {
        let mut objects = Vec::new();
        let mut page: u32 = 1;
        loop {
            let page_text = page.to_string();
            let mut query: Vec<(&str, &str)> =
                vec![("page", page_text.as_str()), ("page_size", PAGE_SIZE)];
            query.extend_from_slice(filters);
            let (status, body) = self.send(Method::GET, path, &query, None).await?;
            let body = match (status, body) {
                (StatusCode::OK, Some(body)) => body,
                (status, body) => return Err(self.status_error(Method::GET, path, status, body)),
            };
            let results = body
                .get("results")
                .and_then(Value::as_array)
                .ok_or_else(|| self.unexpected(Method::GET, path, "no \"results\" list"))?;
            objects.extend(results.iter().cloned());
            // Authentik's pagination: `next` is the next page number, 0 on the last page.
            let next = body
                .get("pagination")
                .and_then(|p| p.get("next"))
                .and_then(Value::as_u64)
                .unwrap_or(0);
            if next == 0 {
                return Ok(objects);
            }
            if next != u64::from(page) + 1 || page >= MAX_PAGES {
                return Err(self.unexpected(
                    Method::GET,
                    path,
                    &format!("page {page} says the next page is {next}"),
                ));
            }
            page += 1;
        }
    }

    /// The objects of a list whose `field` equals `value` exactly. The filter is also sent as a
    /// query parameter; checking again here keeps a server that ignores it from misleading us.
    pub async fn find(
        &self,
        path: &str,
        field: &str,
        value: &str,
    ) -> Result<Vec<Value>, AuthentikError> {
        let objects = self.list(path, &[(field, value)]).await?;
        Ok(objects
            .into_iter()
            .filter(|o| o.get(field).and_then(Value::as_str) == Some(value))
            .collect())
    }

    /// `POST path` with a JSON body; the created object.
    pub async fn create(&self, path: &str, body: &Value) -> Result<Value, AuthentikError> {
        match self.send(Method::POST, path, &[], Some(body)).await? {
            (StatusCode::CREATED | StatusCode::OK, Some(value)) => Ok(value),
            (status, body) => Err(self.status_error(Method::POST, path, status, body)),
        }
    }

    /// `PATCH path` with the changed fields; the whole object as it is now.
    pub async fn patch(&self, path: &str, body: &Value) -> Result<Value, AuthentikError> {
        match self.send(Method::PATCH, path, &[], Some(body)).await? {
            (StatusCode::OK, Some(value)) => Ok(value),
            (status, body) => Err(self.status_error(Method::PATCH, path, status, body)),
        }
    }

    /// `POST path` to an action that answers 204 (e.g. `set_password`).
    pub async fn action(&self, path: &str, body: &Value) -> Result<(), AuthentikError> {
        match self.send(Method::POST, path, &[], Some(body)).await? {
            (StatusCode::NO_CONTENT | StatusCode::OK, _) => Ok(()),
            (status, body) => Err(self.status_error(Method::POST, path, status, body)),
        }
    }

    /// One request. 401/403 and transport failures are errors here; other statuses are the
    /// caller's to judge. The body is `None` when empty.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<(StatusCode, Option<Value>), AuthentikError> {
        let url = self.api.join(path).map_err(|e| {
            AuthentikError::Setup(format!("cannot build the API URL for {path}: {e}"))
        })?;
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .bearer_auth(self.token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| AuthentikError::Unreachable {
                url: self.api.to_string().trim_end_matches("api/v3/").to_string(),
                reason: error_chain(&e),
            })?;
        let status = response.status();
        let shown_path = url.path().to_string();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("?")
                .to_string();
            return Err(AuthentikError::Status {
                status: status.as_u16(),
                method,
                path: shown_path,
                detail: format!(" (a redirect to {location}; set AUTHENTIK_URL to where it leads)"),
            });
        }
        let text = response
            .text()
            .await
            .map_err(|e| AuthentikError::Unreachable {
                url: self.api.to_string(),
                reason: error_chain(&e),
            })?;
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(AuthentikError::Unauthorized {
                status: status.as_u16(),
                method,
                path: shown_path,
                detail: detail_of(serde_json::from_str(&text).ok()),
            });
        }
        if text.trim().is_empty() {
            return Ok((status, None));
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => Ok((status, Some(value))),
            Err(_) if !status.is_success() => Err(AuthentikError::Status {
                status: status.as_u16(),
                method,
                path: shown_path,
                detail: format!(": {}", one_line(&text)),
            }),
            Err(_) => Err(AuthentikError::Unexpected {
                method,
                path: shown_path,
                problem: format!(
                    "not JSON (is AUTHENTIK_URL Authentik's address?): {}",
                    one_line(&text)
                ),
            }),
        }
    }

    fn status_error(
        &self,
        method: Method,
        path: &str,
        status: StatusCode,
        body: Option<Value>,
    ) -> AuthentikError {
        AuthentikError::Status {
            status: status.as_u16(),
            method,
            path: self.shown_path(path),
            detail: detail_of(body),
        }
    }

    /// An error for an answer of the wrong shape.
    pub fn unexpected(&self, method: Method, path: &str, problem: &str) -> AuthentikError {
        AuthentikError::Unexpected {
            method,
            path: self.shown_path(path),
            problem: problem.to_string(),
        }
    }

    fn shown_path(&self, path: &str) -> String {
        self.api
            .join(path)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| path.to_string())
    }
}

/// `: <Authentik's explanation>` from an error body (`{"detail": ...}` or field errors), or "".
fn detail_of(body: Option<Value>) -> String {
    match body {
        None => String::new(),
        Some(Value::Object(map)) if map.is_empty() => String::new(),
        Some(Value::Object(map)) => match map.get("detail").and_then(Value::as_str) {
            Some(detail) => format!(": {}", one_line(detail)),
            None => format!(": {}", one_line(&Value::Object(map).to_string())),
        },
        Some(other) => format!(": {}", one_line(&other.to_string())),
    }
}

/// Text shortened to one line of at most 300 characters.
fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 300 {
        format!("{}…", flat.chars().take(300).collect::<String>())
    } else {
        flat
    }
}

/// An error and its causes on one line ("error sending request: ...: connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    one_line(&parts.join(": "))
}

/// The `pk` of an object as text (integers for providers, UUIDs for most others).
pub fn pk_of(object: &Value, field: &str) -> Option<String> {
    match object.get(field)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn details_are_one_short_line() {
        assert_eq!(
            detail_of(Some(json!({"detail": "Token invalid/expired"}))),
            ": Token invalid/expired"
        );
        assert_eq!(
            detail_of(Some(json!({"name": ["This field must be unique."]}))),
            ": {\"name\":[\"This field must be unique.\"]}"
        );
        assert_eq!(detail_of(None), "");
        let long = "x ".repeat(400);
        let line = one_line(&long);
        assert!(!line.contains('\n'));
        assert!(line.chars().count() <= 301, "{}", line.len());
        assert_eq!(one_line("a\n  b\r\nc"), "a b c");
    }

    #[test]
    fn pks_are_text() {
        assert_eq!(pk_of(&json!({"pk": 3}), "pk").as_deref(), Some("3"));
        assert_eq!(pk_of(&json!({"pk": "ab-c"}), "pk").as_deref(), Some("ab-c"));
        assert_eq!(pk_of(&json!({"pk": null}), "pk"), None);
    }
}
