//! Where to send a user after sign-in: only to a path of this site.

use url::Url;

const BASE: &str = "http://rediflow.invalid/";

/// `next` when it is a same-origin relative path, otherwise `/`. Browsers read `//host`,
/// `/\host`, `/\t/host` and the like as another site, so anything a URL parser resolves to
/// another host, and anything with backslashes or control characters, is refused.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_string(),
        _ => "/".to_string(),
    }
}

fn is_local_path(path: &str) -> bool {
    if path.len() > 2048
        || !path.starts_with('/')
        || path.starts_with("//")
        || path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    {
        return false;
    }
    let Ok(base) = Url::parse(BASE) else {
        return false;
    };
    matches!(base.join(path), Ok(url) if url.host_str() == Some("rediflow.invalid") && url.scheme() == "http")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_kept() {
        for path in [
            "/",
            "/projects",
            "/projects/1?tab=team&x=%2F%2F",
            "/%2F%2Fevil.example",
            "/s/abc#top",
        ] {
            assert_eq!(safe_next(Some(path)), path, "{path}");
        }
    }

    #[test]
    fn other_sites_and_odd_paths_go_home() {
        for path in [
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "http:evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " /projects",
            "javascript:alert(1)",
            "projects",
            "",
        ] {
            assert_eq!(safe_next(Some(path)), "/", "{path:?}");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/");
    }
}
