//! What a client asks for in `Accept`. Browsers, scripts (curl sends `*/*`), link checkers and
//! prefetchers all get pages; only a client that names JSON gets JSON-style answers (a bare 401
//! instead of the sign-in redirect, a plain error body instead of the error page).

/// The media ranges of an `Accept` value with their quality (`q`, 1 when absent or unreadable).
fn media_ranges(accept: &str) -> impl Iterator<Item = (String, f32)> + '_ {
    accept.split(',').filter_map(|range| {
        let mut parts = range.split(';');
        let media = parts.next()?.trim().to_ascii_lowercase();
        if media.is_empty() {
            return None;
        }
        let quality = parts
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
            .and_then(|(_, value)| value.trim().parse::<f32>().ok())
            .map_or(1.0, |q| q.clamp(0.0, 1.0));
        Some((media, quality))
    })
}

fn is_json(media: &str) -> bool {
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

fn is_html(media: &str) -> bool {
    matches!(media, "text/html" | "application/xhtml+xml")
}

/// The highest quality `Accept` gives to the media types `matches` picks (0 when it names none).
fn quality_of(accept: &str, matches: fn(&str) -> bool) -> f32 {
    media_ranges(accept)
        .filter(|(media, _)| matches(media))
        .map(|(_, quality)| quality)
        .fold(0.0, f32::max)
}

/// Whether the client asks for JSON rather than a page: it names a JSON type (`application/json`,
/// `application/…+json`) with a higher quality than any HTML type it names. Wildcards and no
/// `Accept` at all are not a request for JSON.
pub fn asks_for_json(accept: Option<&str>) -> bool {
    let Some(accept) = accept else {
        return false;
    };
    let json = quality_of(accept, is_json);
    json > 0.0 && json > quality_of(accept, is_html)
}

/// Whether an error answer should be a page of the site: the client does not ask for JSON and
/// takes HTML (names it or a wildcard that covers it, or sends no `Accept`). A client that only
/// takes, say, `text/plain` gets the plain message.
pub fn reads_html(accept: Option<&str>) -> bool {
    if asks_for_json(accept) {
        return false;
    }
    match accept.map(str::trim) {
        None | Some("") => true,
        Some(accept) => media_ranges(accept).any(|(media, quality)| {
            quality > 0.0 && (is_html(&media) || media == "text/*" || media == "*/*")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_client_that_names_json_asks_for_it() {
        for accept in [
            "application/json",
            "application/json, text/plain, */*",
            "application/problem+json",
            "text/html;q=0.5, application/json",
            "APPLICATION/JSON",
        ] {
            assert!(asks_for_json(Some(accept)), "{accept}");
        }
        for accept in [
            "*/*",
            "",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "text/plain",
            "application/json;q=0.5, text/html",
            "application/json;q=0",
            "application/jsonx",
        ] {
            assert!(!asks_for_json(Some(accept)), "{accept}");
        }
        assert!(!asks_for_json(None), "no Accept header");
    }

    #[test]
    fn pages_for_browsers_scripts_and_clients_that_say_nothing() {
        for accept in [
            None,
            Some(""),
            Some("*/*"),
            Some("text/*"),
            Some("text/html"),
            Some("text/plain, */*;q=0.1"),
        ] {
            assert!(reads_html(accept), "{accept:?}");
        }
        for accept in ["application/json", "text/plain", "image/png", "*/*;q=0"] {
            assert!(!reads_html(Some(accept)), "{accept}");
        }
    }
}
