//! `rediflow authentik apply-brand`: Authentik's login pages show Rediflow's title, logo and
//! favicon, served by Rediflow itself from `static/img/`.

use serde_json::{Value, json};
use url::Url;

use super::client::pk_of;
use super::{AuthentikError, Client, Fields, Outcome, Want, ensure};

pub const TITLE: &str = "Rediflow";
pub const LOGO_PATH: &str = "/static/img/logo.svg";
pub const FAVICON_PATH: &str = "/static/img/favicon.svg";

const BRANDS: &str = "core/brands/";

/// The brand's title, logo and favicon for a Rediflow at `app_url`.
pub fn branding(app_url: &Url) -> Result<Fields, AuthentikError> {
    let absolute = |path: &str| {
        app_url
            .join(path)
            .map(|u| u.to_string())
            .map_err(|e| AuthentikError::Setup(format!("APP_URL cannot be used: {e}")))
    };
    Ok(vec![
        ("branding_title", Want::Exactly(json!(TITLE))),
        ("branding_logo", Want::Exactly(json!(absolute(LOGO_PATH)?))),
        (
            "branding_favicon",
            Want::Exactly(json!(absolute(FAVICON_PATH)?)),
        ),
    ])
}

/// Brands the default brand, or with `domain` the brand of that domain (created when missing).
pub async fn run(
    client: &Client,
    app_url: &Url,
    domain: Option<&str>,
) -> Result<(String, Vec<Outcome>), AuthentikError> {
    let version = super::check_version(client).await?;
    // The brands API has no field filters: all brands are read and chosen here.
    let brands = client.list(BRANDS, &[]).await?;
    let mut wanted = branding(app_url)?;
    let (current, shown) = match domain {
        Some(domain) => {
            wanted.insert(0, ("domain", Want::Exactly(json!(domain))));
            let current = brands
                .into_iter()
                .find(|b| b.get("domain").and_then(Value::as_str) == Some(domain));
            (current, domain.to_string())
        }
        None => {
            let current = brands
                .into_iter()
                .find(|b| b.get("default").and_then(Value::as_bool) == Some(true))
                .ok_or_else(|| {
                    AuthentikError::Setup(
                        "Authentik has no default brand; name the brand's domain with --domain"
                            .to_string(),
                    )
                })?;
            let shown = current
                .get("domain")
                .and_then(Value::as_str)
                .unwrap_or("default")
                .to_string();
            (Some(current), shown)
        }
    };
    let (_, change) = ensure(client, BRANDS, current, &wanted, |b| {
        pk_of(b, "brand_uuid").map(|pk| format!("{BRANDS}{pk}/"))
    })
    .await?;
    Ok((version, vec![Outcome::new("brand", shown, change)]))
}
