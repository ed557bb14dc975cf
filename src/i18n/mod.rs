//! The languages of the interface: English, Finnish and Swedish (SPEC §11).
//!
//! Every sentence a person reads comes from the Fluent catalogues under `locales/<lang>/`,
//! embedded in the binary ([`catalogue`]). A request is answered in one [`Lang`], chosen by
//! `web::language` (the session's choice, else `Accept-Language`, else `DEFAULT_LOCALE`);
//! templates ask their layout for a message (`{{ layout.t("nav-projects") }}`), Rust code asks
//! the language (`lang.t("…")`). Numbers and months are written as each language writes them
//! ([`format`]). docs/i18n.md tells how to add a message or a language.

pub mod catalogue;
pub mod format;
pub mod msg;
pub mod negotiate;
pub mod seeded;

pub use msg::{Msg, MsgArg};

use std::borrow::Cow;

use fluent_bundle::FluentValue;

/// A language of the interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Fi,
    Sv,
}

impl Lang {
    /// Every language, in the order the language switch offers them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fi, Lang::Sv];

    /// The ISO 639-1 code: `<html lang>`, `user_settings.locale`, the catalogue's folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fi => "fi",
            Lang::Sv => "sv",
        }
    }

    /// The language's name in itself, as a language switch shows it to someone who cannot read
    /// the current one.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fi => "Suomi",
            Lang::Sv => "Svenska",
        }
    }

    /// The language of a code (`fi`, `FI`); `None` for one this server does not speak.
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Whether numbers take a decimal comma (CSV downloads then separate fields with `;`, as
    /// Finnish and Swedish spreadsheets expect).
    pub fn decimal_comma(self) -> bool {
        self != Lang::En
    }

    /// The message `key`; the key itself when no catalogue has it (a test keeps that from
    /// happening: tests/api/i18n.rs).
    pub fn t(self, key: &str) -> String {
        catalogue::message(self, key, &[])
    }

    /// The message `key` with one argument (`{ $name }` in the catalogue).
    pub fn t1(self, key: &str, name: &str, value: impl Arg) -> String {
        catalogue::message(self, key, &[(name, value.fluent())])
    }

    /// The message `key` with two arguments.
    pub fn t2(
        self,
        key: &str,
        (name1, value1): (&str, impl Arg),
        (name2, value2): (&str, impl Arg),
    ) -> String {
        catalogue::message(
            self,
            key,
            &[(name1, value1.fluent()), (name2, value2.fluent())],
        )
    }
}

impl Lang {
    /// The message `key` with any number of arguments.
    pub fn tn(self, key: &str, args: &[(&str, &dyn Arg)]) -> String {
        let values: Vec<(&str, FluentValue<'static>)> = args
            .iter()
            .map(|(name, value)| (*name, value.fluent()))
            .collect();
        catalogue::message(self, key, &values)
    }
}

/// A value a message can take as an argument: numbers (which also choose plural forms) and text.
pub trait Arg {
    fn fluent(&self) -> FluentValue<'static>;
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn fluent(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}

number_args!(i32, i64, u32, u64, usize, f64);

impl Arg for &str {
    fn fluent(&self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned((*self).to_string()))
    }
}

impl Arg for String {
    fn fluent(&self) -> FluentValue<'static> {
        FluentValue::String(Cow::Owned(self.clone()))
    }
}

impl<T: Arg> Arg for &T {
    fn fluent(&self) -> FluentValue<'static> {
        (**self).fluent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse(" FI "), Some(Lang::Fi));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }
}
