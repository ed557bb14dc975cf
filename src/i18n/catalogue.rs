//! The Fluent catalogues, embedded in the binary and parsed once per process.
//!
//! One bundle per language, shared by every worker thread (fluent's concurrent bundle). Numbers
//! given to a message as arguments are written by [`super::format`], so that `{ $count }`
//! reads `1 234` in Finnish; the same number chooses the plural form.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::Lang;

/// The catalogue files of every language, one per area of the interface (`main` holds the frame
/// and what every page shares). Every language has the same files.
macro_rules! catalogue_files {
    ($($area:literal),*) => {
        /// The catalogue files of a language: (path in the source tree, text).
        pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
            match lang {
                Lang::En => &[$((
                    concat!("locales/en/", $area, ".ftl"),
                    include_str!(concat!("../../locales/en/", $area, ".ftl")),
                )),*],
                Lang::Fi => &[$((
                    concat!("locales/fi/", $area, ".ftl"),
                    include_str!(concat!("../../locales/fi/", $area, ".ftl")),
                )),*],
                Lang::Sv => &[$((
                    concat!("locales/sv/", $area, ".ftl"),
                    include_str!(concat!("../../locales/sv/", $area, ".ftl")),
                )),*],
            }
        }
    };
}

catalogue_files!(
    "main",
    "projects",
    "planning",
    "people",
    "portfolio",
    "workbooks",
    "api",
    "scenarios"
);

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<[Bundle; 3]> = LazyLock::new(|| Lang::ALL.map(bundle));

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fi => 1,
        Lang::Sv => 2,
    }
}

/// The bundle of a language. A syntax error in a catalogue is logged and the rest of the file
/// still serves (the unit test below keeps the shipped files free of them).
fn bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The marks that isolate right-to-left arguments only get in the way in these languages.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(number_formatter(lang)));
    for (path, text) in sources(lang) {
        let resource = match FluentResource::try_new((*text).to_string()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                tracing::error!(path, ?errors, "the catalogue has syntax errors");
                resource
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(path, ?errors, "the catalogue repeats messages");
        }
    }
    bundle
}

type Formatter<M> = fn(&FluentValue, &M) -> Option<String>;

/// Writes the numeric arguments of messages as the language writes numbers.
fn number_formatter<M>(lang: Lang) -> Formatter<M> {
    fn number(lang: Lang, value: &FluentValue) -> Option<String> {
        match value {
            FluentValue::Number(n) => Some(lang.float(n.value)),
            _ => None,
        }
    }
    match lang {
        Lang::En => |value, _| number(Lang::En, value),
        Lang::Fi => |value, _| number(Lang::Fi, value),
        Lang::Sv => |value, _| number(Lang::Sv, value),
    }
}

/// The text of message `key` in `lang` with `args`. A message missing from a language is taken
/// from English, and one missing from English shows its key (both logged).
pub fn message(lang: Lang, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let bundles = &*BUNDLES;
    let found = [lang, Lang::En].into_iter().find_map(|l| {
        let bundle = &bundles[index(l)];
        let pattern = bundle.get_message(key)?.value()?;
        if l != lang {
            tracing::warn!(key, lang = lang.code(), "message missing: English shown");
        }
        Some((bundle, pattern))
    });
    let Some((bundle, pattern)) = found else {
        tracing::warn!(key, "no catalogue has this message");
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(
        pattern,
        (!args.is_empty()).then_some(&fluent_args),
        &mut errors,
    );
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "message formatted with errors");
    }
    text.into_owned()
}

/// Whether `lang`'s own catalogue has message `key` (without falling back to English).
pub fn has_message(lang: Lang, key: &str) -> bool {
    BUNDLES[index(lang)].has_message(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_parse_without_errors() {
        for lang in Lang::ALL {
            for (path, text) in sources(lang) {
                if let Err((_, errors)) = FluentResource::try_new((*text).to_string()) {
                    panic!("{path}: {errors:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_and_plurals_follow_the_language() {
        assert_eq!(Lang::En.t1("projects-count", "count", 1), "1 project.");
        assert_eq!(
            Lang::En.t1("projects-count", "count", 1234),
            "1,234 projects."
        );
        assert_eq!(Lang::Fi.t1("projects-count", "count", 1), "1 projekti.");
        assert_eq!(
            Lang::Fi.t1("projects-count", "count", 1234),
            "1\u{a0}234 projektia."
        );
        assert_eq!(Lang::Sv.t1("projects-count", "count", 2), "2 projekt.");
    }

    #[test]
    fn every_role_and_visibility_has_its_name() {
        use crate::auth::Role;
        use crate::auth::groups::Visibility;
        for lang in Lang::ALL {
            for role in [
                Role::None,
                Role::Viewer,
                Role::Editor,
                Role::Admin,
                Role::SuperAdmin,
            ] {
                assert!(has_message(lang, role.message_key()), "{role:?}");
                // The users pages name a stored role by its value.
                assert!(has_message(lang, &format!("role-{}", role.as_str())));
            }
            for visibility in [Visibility::All, Visibility::Org, Visibility::Assigned] {
                let key = format!("visibility-{}", visibility.as_str());
                assert!(has_message(lang, &key), "{key}");
            }
        }
    }

    #[test]
    fn a_missing_message_shows_its_key() {
        assert_eq!(Lang::Fi.t("no-such-message"), "no-such-message");
        assert!(has_message(Lang::Sv, "nav-projects"));
    }
}
