//! A stand-in for the parts of Authentik's REST API v3 that `rediflow authentik ...` uses, shaped
//! like Authentik 2024.10+ (paginated lists, redirect URIs as objects, brands by UUID,
//! applications by slug, users and providers by integer pk). Objects live in memory; every
//! request is recorded so tests can prove what was (not) written. It starts like a fresh
//! Authentik: default flows, the self-signed keypair, the managed scope mappings, the default
//! brand and akadmin.
//!
//! Pages hold at most two objects, so the client's pagination is always exercised.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const TOKEN: &str = "stub-bootstrap-token";
pub const VERSION: &str = "2025.2.1";
const PAGE_SIZE_CAP: usize = 2;

/// One request as the stub received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Below `/api/v3/`, e.g. `providers/oauth2/1/`.
    pub path: String,
    pub query: String,
    pub body: Value,
}

impl Recorded {
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }
}

/// How the stub finds and names the objects of one endpoint.
struct Kind {
    path: &'static str,
    /// The field that addresses one object in URLs.
    lookup: &'static str,
    /// The field holding the primary key, and whether it is an integer.
    pk: &'static str,
    integer_pk: bool,
    unique: Option<&'static str>,
}

const KINDS: &[Kind] = &[
    Kind {
        path: "flows/instances/",
        lookup: "slug",
        pk: "pk",
        integer_pk: false,
        unique: Some("slug"),
    },
    Kind {
        path: "crypto/certificatekeypairs/",
        lookup: "pk",
        pk: "pk",
        integer_pk: false,
        unique: Some("name"),
    },
    Kind {
        path: "propertymappings/provider/scope/",
        lookup: "pk",
        pk: "pk",
        integer_pk: false,
        unique: Some("name"),
    },
    Kind {
        path: "providers/oauth2/",
        lookup: "pk",
        pk: "pk",
        integer_pk: true,
        unique: Some("name"),
    },
    Kind {
        path: "core/applications/",
        lookup: "slug",
        pk: "pk",
        integer_pk: false,
        unique: Some("slug"),
    },
    Kind {
        path: "core/groups/",
        lookup: "pk",
        pk: "pk",
        integer_pk: false,
        unique: Some("name"),
    },
    Kind {
        path: "core/users/",
        lookup: "pk",
        pk: "pk",
        integer_pk: true,
        unique: Some("username"),
    },
    Kind {
        path: "core/brands/",
        lookup: "brand_uuid",
        pk: "brand_uuid",
        integer_pk: false,
        unique: Some("domain"),
    },
];

pub struct State {
    pub objects: BTreeMap<&'static str, Vec<Value>>,
    pub passwords: BTreeMap<String, String>,
    pub requests: Vec<Recorded>,
    next_integer: i64,
}

pub struct AuthentikStub {
    /// `http://127.0.0.1:<port>/`, what AUTHENTIK_URL is set to.
    pub url: String,
    state: Arc<Mutex<State>>,
    handle: ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn uuid() -> String {
    Uuid::new_v4().to_string()
}

impl AuthentikStub {
    /// Starts the stub on its own thread (tests run the blocking binary while it answers).
    pub fn start() -> AuthentikStub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/",
            listener.local_addr().unwrap().port()
        );
        let state = Arc::new(Mutex::new(fresh_state()));
        let data = web::Data::from(state.clone());
        let (sender, receiver) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            system.block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(data.clone())
                        .app_data(web::PayloadConfig::new(1 << 20))
                        .default_service(web::to(handle))
                })
                .workers(1)
                .disable_signals()
                .listen(listener)
                .unwrap()
                .run();
                sender.send(server.handle()).unwrap();
                let _ = server.await;
            });
        });
        let handle = receiver.recv().unwrap();
        AuthentikStub {
            url,
            state,
            handle,
            thread: Some(thread),
        }
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// The objects of one endpoint, e.g. `core/users/`.
    pub fn objects(&self, path: &str) -> Vec<Value> {
        self.state().objects.get(path).cloned().unwrap_or_default()
    }

    /// The one object of `path` whose `field` is `value`.
    pub fn object(&self, path: &str, field: &str, value: &str) -> Value {
        let found: Vec<Value> = self
            .objects(path)
            .into_iter()
            .filter(|o| text(o.get(field)) == value)
            .collect();
        assert_eq!(found.len(), 1, "{path} {field}={value}: {found:?}");
        found[0].clone()
    }

    /// Changes an object in place (as an operator in Authentik's admin interface would).
    pub fn edit(&self, path: &str, field: &str, value: &str, change: impl FnOnce(&mut Value)) {
        let mut state = self.state();
        let object = state
            .objects
            .get_mut(path)
            .unwrap()
            .iter_mut()
            .find(|o| text(o.get(field)) == value)
            .unwrap();
        change(object);
    }

    /// Adds an object to an endpoint, with a fresh pk.
    pub fn insert(&self, path: &str, mut object: Value) -> Value {
        let mut state = self.state();
        let kind = kind_of(path).unwrap().0;
        let pk = new_pk(&mut state, kind);
        object[kind.pk] = pk;
        state
            .objects
            .get_mut(kind.path)
            .unwrap()
            .push(object.clone());
        object
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state().requests.clone()
    }

    /// The requests after the first `since`.
    pub fn requests_since(&self, since: usize) -> Vec<Recorded> {
        self.requests().into_iter().skip(since).collect()
    }
}

impl Drop for AuthentikStub {
    fn drop(&mut self) {
        // `stop` sends the command when called; the returned future only waits for it.
        drop(self.handle.stop(false));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn fresh_state() -> State {
    let mut objects: BTreeMap<&'static str, Vec<Value>> =
        KINDS.iter().map(|k| (k.path, Vec::new())).collect();
    let flow = |slug: &str, designation: &str| json!({"pk": uuid(), "slug": slug, "name": slug, "title": slug, "designation": designation});
    objects.insert(
        "flows/instances/",
        vec![
            flow("default-authentication-flow", "authentication"),
            flow(
                "default-provider-authorization-explicit-consent",
                "authorization",
            ),
            flow(
                "default-provider-authorization-implicit-consent",
                "authorization",
            ),
            flow("default-provider-invalidation-flow", "invalidation"),
            flow("default-invalidation-flow", "invalidation"),
        ],
    );
    objects.insert(
        "crypto/certificatekeypairs/",
        vec![json!({
            "pk": uuid(),
            "name": "authentik Self-signed Certificate",
            "private_key_available": true,
            "private_key_type": "rsa",
        })],
    );
    let managed = |scope: &str| {
        json!({
            "pk": uuid(),
            "managed": format!("goauthentik.io/providers/oauth2/scope-{scope}"),
            "name": format!("authentik default OAuth Mapping: OpenID '{scope}'"),
            "scope_name": scope,
            "description": "",
            "expression": "return {}",
        })
    };
    objects.insert(
        "propertymappings/provider/scope/",
        ["openid", "email", "profile", "offline_access"]
            .iter()
            .map(|s| managed(s))
            .collect(),
    );
    objects.insert(
        "core/brands/",
        vec![json!({
            "brand_uuid": uuid(),
            "domain": "authentik-default",
            "default": true,
            "branding_title": "authentik",
            "branding_logo": "/static/dist/assets/icons/icon_left_brand.svg",
            "branding_favicon": "/static/dist/assets/icons/icon.png",
            "branding_custom_css": "",
            "attributes": {},
        })],
    );
    objects.insert(
        "core/users/",
        vec![user_defaults(
            1,
            json!({"username": "akadmin", "name": "authentik Default Admin"}),
        )],
    );
    State {
        objects,
        passwords: BTreeMap::new(),
        requests: Vec::new(),
        next_integer: 2,
    }
}

fn user_defaults(pk: i64, mut user: Value) -> Value {
    let username = text(user.get("username"));
    let defaults = json!({
        "pk": pk,
        "uuid": uuid(),
        "uid": Sha256::digest(format!("{pk}-stub-install"))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        "name": "",
        "email": "",
        "is_active": true,
        "groups": [],
        "attributes": {},
        "path": "users",
        "type": "internal",
    });
    for (key, value) in defaults.as_object().unwrap() {
        if user.get(key).is_none() {
            user[key] = value.clone();
        }
    }
    user["username"] = json!(username);
    user
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn kind_of(path: &str) -> Option<(&'static Kind, &str)> {
    KINDS
        .iter()
        .find_map(|k| path.strip_prefix(k.path).map(|rest| (k, rest)))
}

fn new_pk(state: &mut State, kind: &Kind) -> Value {
    if kind.integer_pk {
        state.next_integer += 1;
        json!(state.next_integer)
    } else {
        json!(uuid())
    }
}

fn error(status: u16, body: Value) -> HttpResponse {
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(body)
}

async fn handle(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<Mutex<State>>,
) -> HttpResponse {
    let mut state = state.lock().unwrap();
    let body_json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let full_path = request.path().to_string();
    let Some(path) = full_path.strip_prefix("/api/v3/") else {
        // Not the API: what a web server in front of something else might say.
        return HttpResponse::Ok()
            .content_type("text/html")
            .body("<html><body>Welcome</body></html>");
    };
    state.requests.push(Recorded {
        method: request.method().to_string(),
        path: path.to_string(),
        query: request.query_string().to_string(),
        body: body_json.clone(),
    });
    let authorized = request
        .headers()
        .get("Authorization")
        .and_then(|h| h.to_str().ok())
        == Some(format!("Bearer {TOKEN}").as_str());
    if !authorized {
        return error(403, json!({"detail": "Token invalid/expired"}));
    }
    let method = request.method().as_str();
    if path == "admin/version/" && method == "GET" {
        return HttpResponse::Ok().json(json!({
            "version_current": VERSION,
            "version_latest": VERSION,
            "build_hash": "",
            "outdated": false,
        }));
    }
    let Some((kind, rest)) = kind_of(path) else {
        return error(404, json!({"detail": "Not found."}));
    };
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(request.query_string().as_bytes())
            .into_owned()
            .collect();
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (method, segments.as_slice()) {
        ("GET", []) => list(&state, kind, &query),
        ("POST", []) => create(&mut state, kind, body_json),
        ("GET", [id]) => match find_index(&state, kind, id) {
            Some(i) => HttpResponse::Ok().json(&state.objects[kind.path][i]),
            None => error(404, json!({"detail": "Not found."})),
        },
        ("PATCH", [id]) => match find_index(&state, kind, id) {
            Some(i) => patch(&mut state, kind, i, body_json),
            None => error(404, json!({"detail": "Not found."})),
        },
        ("POST", [id, "set_password"]) if kind.path == "core/users/" => {
            match (
                find_index(&state, kind, id),
                body_json.get("password").and_then(Value::as_str),
            ) {
                (Some(i), Some(password)) => {
                    let username = text(state.objects[kind.path][i].get("username"));
                    state.passwords.insert(username, password.to_string());
                    HttpResponse::NoContent().finish()
                }
                (None, _) => error(404, json!({"detail": "Not found."})),
                (_, None) => HttpResponse::BadRequest().finish(),
            }
        }
        _ => error(
            405,
            json!({"detail": format!("Method \"{method}\" not allowed.")}),
        ),
    }
}

fn find_index(state: &State, kind: &Kind, id: &str) -> Option<usize> {
    state.objects[kind.path]
        .iter()
        .position(|o| text(o.get(kind.lookup)) == id)
}

fn list(state: &State, kind: &Kind, query: &[(String, String)]) -> HttpResponse {
    let mut page = 1usize;
    let mut page_size = 20usize;
    let mut matching: Vec<&Value> = state.objects[kind.path].iter().collect();
    for (key, value) in query {
        match key.as_str() {
            "page" => page = value.parse().unwrap_or(1),
            "page_size" => page_size = value.parse().unwrap_or(20),
            // Like Authentik, the brands endpoint has no field filters.
            _ if kind.path == "core/brands/" => {}
            field => matching.retain(|o| text(o.get(field)) == *value),
        }
    }
    let page_size = page_size.clamp(1, PAGE_SIZE_CAP);
    let start = (page - 1) * page_size;
    let results: Vec<&Value> = matching
        .iter()
        .skip(start)
        .take(page_size)
        .copied()
        .collect();
    let next = if start + page_size < matching.len() {
        page + 1
    } else {
        0
    };
    HttpResponse::Ok().json(json!({
        "pagination": {
            "next": next,
            "previous": page.saturating_sub(1),
            "count": matching.len(),
            "current": page,
            "total_pages": matching.len().div_ceil(page_size).max(1),
            "start_index": start + 1,
            "end_index": start + results.len(),
        },
        "results": results,
    }))
}

/// Checks references the way Authentik's serializers would refuse them.
fn invalid(state: &State, kind: &Kind, object: &Value) -> Option<Value> {
    let exists = |path: &str, field: &str, value: &Value| {
        state.objects[path]
            .iter()
            .any(|o| o.get(field) == Some(value))
    };
    match kind.path {
        "providers/oauth2/" => {
            for (field, path) in [
                ("authorization_flow", "flows/instances/"),
                ("invalidation_flow", "flows/instances/"),
                ("signing_key", "crypto/certificatekeypairs/"),
            ] {
                if !exists(path, "pk", object.get(field).unwrap_or(&Value::Null)) {
                    return Some(json!({ field: ["Invalid pk - object does not exist."] }));
                }
            }
            let uris_ok = object
                .get("redirect_uris")
                .and_then(Value::as_array)
                .is_some_and(|uris| {
                    uris.iter().all(|u| {
                        u.get("url").and_then(Value::as_str).is_some()
                            && matches!(
                                u.get("matching_mode").and_then(Value::as_str),
                                Some("strict" | "regex")
                            )
                    })
                });
            if !uris_ok {
                return Some(json!({"redirect_uris": ["Expected a list of items."]}));
            }
            let mappings = object
                .get("property_mappings")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if !mappings
                .iter()
                .all(|m| exists("propertymappings/provider/scope/", "pk", m))
            {
                return Some(json!({"property_mappings": ["Invalid pk - object does not exist."]}));
            }
            None
        }
        "core/applications/" => {
            let provider = object.get("provider").unwrap_or(&Value::Null);
            (!provider.is_null() && !exists("providers/oauth2/", "pk", provider))
                .then(|| json!({"provider": ["Invalid pk - object does not exist."]}))
        }
        "core/users/" => {
            let groups = object
                .get("groups")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            (!groups.iter().all(|g| exists("core/groups/", "pk", g)))
                .then(|| json!({"groups": ["Invalid pk - object does not exist."]}))
        }
        _ => None,
    }
}

fn unique_violation(state: &State, kind: &Kind, object: &Value, except: Option<usize>) -> bool {
    let Some(field) = kind.unique else {
        return false;
    };
    let Some(value) = object.get(field) else {
        return false;
    };
    state.objects[kind.path]
        .iter()
        .enumerate()
        .any(|(i, o)| Some(i) != except && o.get(field) == Some(value))
}

fn create(state: &mut State, kind: &Kind, body: Value) -> HttpResponse {
    let Value::Object(fields) = body else {
        return error(400, json!({"non_field_errors": ["Invalid data."]}));
    };
    let mut object = Value::Object(fields);
    if unique_violation(state, kind, &object, None) {
        return error(
            400,
            json!({ kind.unique.unwrap_or("name"): ["This field must be unique."] }),
        );
    }
    if let Some(problem) = invalid(state, kind, &object) {
        return error(400, problem);
    }
    let pk = new_pk(state, kind);
    match kind.path {
        "providers/oauth2/" => {
            // Authentik generates the credentials when none are given.
            if object.get("client_id").is_none() {
                object["client_id"] = json!(format!("cid{}", Uuid::new_v4().simple()));
            }
            if object.get("client_secret").is_none() {
                object["client_secret"] = json!(format!(
                    "secret{}{}",
                    Uuid::new_v4().simple(),
                    Uuid::new_v4().simple()
                ));
            }
            if object.get("sub_mode").is_none() {
                object["sub_mode"] = json!("hashed_user_id");
            }
            if object.get("issuer_mode").is_none() {
                object["issuer_mode"] = json!("per_provider");
            }
            object["pk"] = pk;
        }
        "core/users/" => {
            let integer = pk.as_i64().unwrap();
            object = user_defaults(integer, object);
        }
        "core/groups/" => {
            object["pk"] = pk;
            if object.get("is_superuser").is_none() {
                object["is_superuser"] = json!(false);
            }
        }
        _ => object[kind.pk] = pk,
    }
    state
        .objects
        .get_mut(kind.path)
        .unwrap()
        .push(object.clone());
    HttpResponse::Created().json(object)
}

fn patch(state: &mut State, kind: &Kind, index: usize, body: Value) -> HttpResponse {
    let Value::Object(fields) = body else {
        return error(400, json!({"non_field_errors": ["Invalid data."]}));
    };
    let mut updated = state.objects[kind.path][index].clone();
    let read_only: &[&str] = &["pk", "uid", "uuid", "brand_uuid", "managed"];
    let fields: Map<String, Value> = fields
        .into_iter()
        .filter(|(k, _)| !read_only.contains(&k.as_str()))
        .collect();
    for (key, value) in fields {
        updated[key] = value;
    }
    if unique_violation(state, kind, &updated, Some(index)) {
        return error(
            400,
            json!({ kind.unique.unwrap_or("name"): ["This field must be unique."] }),
        );
    }
    if let Some(problem) = invalid(state, kind, &updated) {
        return error(400, problem);
    }
    state.objects.get_mut(kind.path).unwrap()[index] = updated.clone();
    HttpResponse::Ok().json(updated)
}
