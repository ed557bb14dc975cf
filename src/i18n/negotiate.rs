//! Which of our languages a browser prefers, from its `Accept-Language` header (RFC 9110 §12.5.4).

use super::Lang;

/// Entries of the header read at most: browsers send a handful, and a hostile header of
/// thousands costs nothing more than this.
const MAX_ENTRIES: usize = 32;

/// The language the header ranks highest among ours (`sv-SE,sv;q=0.9` ⇒ Swedish, `fi-FI` ⇒
/// Finnish); `None` when it names none of them. Equal weights keep the header's order; `q=0`
/// means "not this one"; `*` names no language in particular.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    for entry in header.split(',').take(MAX_ENTRIES) {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let Some(lang) = Lang::parse(primary) else {
            continue;
        };
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .map_or(Some(1000), quality)
            .unwrap_or(0);
        if weight > 0 && best.is_none_or(|(_, w)| weight > w) {
            best = Some((lang, weight));
        }
    }
    best.map(|(lang, _)| lang)
}

/// A quality value in thousandths (`0.9` ⇒ 900); `None` when it is not one.
fn quality(text: &str) -> Option<u16> {
    let value: f32 = text.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&value)
        .then(|| (value * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_first_language_of_ours_wins() {
        assert_eq!(from_accept_language("sv-SE,sv;q=0.9"), Some(Lang::Sv));
        assert_eq!(
            from_accept_language("fi-FI,fi;q=0.9,en-US;q=0.8,en;q=0.7"),
            Some(Lang::Fi)
        );
        assert_eq!(
            from_accept_language("de-DE,de;q=0.9,sv;q=0.5,en;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(from_accept_language("en;q=0.5, fi;q=0.6"), Some(Lang::Fi));
        assert_eq!(from_accept_language("fi;q=0, sv;q=0.1"), Some(Lang::Sv));
        assert_eq!(from_accept_language("fi;q=0"), None);
        assert_eq!(from_accept_language("de, *"), None);
        assert_eq!(from_accept_language(""), None);
        assert_eq!(from_accept_language("fi;q=lots"), None);
        assert_eq!(from_accept_language(&"de,".repeat(10_000)), None);
    }
}
