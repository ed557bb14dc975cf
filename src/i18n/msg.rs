//! A sentence to be said in the reader's language, decided where it arises and written where it
//! is shown.
//!
//! The domain layer refuses input and the Policy refuses changes without knowing who reads the
//! refusal: a form in Finnish, an import report in Swedish, the CLI in English. So they return a
//! [`Msg`] (a catalogue id with its arguments) and the page, the import report or the CLI writes
//! it in its language ([`Msg::in_lang`]). `Display` writes English, for logs and for tests.

use std::borrow::Cow;
use std::fmt;

use fluent_bundle::FluentValue;

use super::{Lang, catalogue};

/// A catalogue message with its arguments, not yet written in a language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg(Inner);

#[derive(Debug, Clone, PartialEq)]
enum Inner {
    /// A message of the catalogues (`locales/<lang>/*.ftl`).
    Key {
        key: &'static str,
        args: Vec<(&'static str, MsgArg)>,
    },
    /// Text that is not a message of the catalogues (tests; text from outside, shown as it is).
    /// There is no conversion from a `String`, so that no English sentence passes for a message.
    Verbatim(String),
}

/// An argument of a message: a number (written as the language writes numbers, and choosing the
/// plural form), text as it is (a code, a name), or another message in the same language.
#[derive(Debug, Clone, PartialEq)]
pub enum MsgArg {
    Number(f64),
    Text(String),
    Message(Msg),
}

impl Msg {
    /// The message `key` without arguments.
    pub fn new(key: &'static str) -> Msg {
        Msg(Inner::Key {
            key,
            args: Vec::new(),
        })
    }

    /// Adds the argument `$name`: a number or text (anything [`Arg`] takes, or another [`Msg`]).
    pub fn arg(mut self, name: &'static str, value: impl Into<MsgArg>) -> Msg {
        if let Inner::Key { args, .. } = &mut self.0 {
            args.push((name, value.into()));
        }
        self
    }

    /// Text shown as it is in every language.
    pub fn verbatim(text: impl Into<String>) -> Msg {
        Msg(Inner::Verbatim(text.into()))
    }

    /// The catalogue id, `None` for verbatim text.
    pub fn key(&self) -> Option<&'static str> {
        match &self.0 {
            Inner::Key { key, .. } => Some(key),
            Inner::Verbatim(_) => None,
        }
    }

    /// The sentence in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        match &self.0 {
            Inner::Verbatim(text) => text.clone(),
            Inner::Key { key, args } => {
                let values: Vec<(&str, FluentValue<'static>)> = args
                    .iter()
                    .map(|(name, value)| (*name, value.value(lang)))
                    .collect();
                catalogue::message(lang, key, &values)
            }
        }
    }
}

impl MsgArg {
    fn value(&self, lang: Lang) -> FluentValue<'static> {
        match self {
            MsgArg::Number(n) => FluentValue::from(*n),
            MsgArg::Text(text) => FluentValue::String(Cow::Owned(text.clone())),
            MsgArg::Message(msg) => FluentValue::String(Cow::Owned(msg.in_lang(lang))),
        }
    }
}

/// English, for logs, `thiserror` messages and tests.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

impl From<Msg> for MsgArg {
    fn from(msg: Msg) -> Self {
        MsgArg::Message(msg)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for MsgArg {
            fn from(n: $t) -> Self {
                MsgArg::Number(n as f64)
            }
        }
    )*};
}

number_arg!(i16, i32, i64, u16, u32, u64, usize, f64);

impl From<&str> for MsgArg {
    fn from(text: &str) -> Self {
        MsgArg::Text(text.to_string())
    }
}

impl From<String> for MsgArg {
    fn from(text: String) -> Self {
        MsgArg::Text(text)
    }
}

impl From<&String> for MsgArg {
    fn from(text: &String) -> Self {
        MsgArg::Text(text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_written_in_the_language_asked() {
        let msg = Msg::new("projects-count").arg("count", 1234);
        assert_eq!(msg.in_lang(Lang::En), "1,234 projects.");
        assert_eq!(msg.in_lang(Lang::Fi), "1\u{a0}234 projektia.");
        assert_eq!(msg.to_string(), "1,234 projects.");
        assert_eq!(Msg::verbatim("ABC").in_lang(Lang::Sv), "ABC");
        assert_eq!(msg.key(), Some("projects-count"));
    }
}
