//! The layers, lowest to highest: built-in defaults → `.env` → `.env.<APP_ENV>` → the process
//! environment (or a test's explicit values), merged into one text per variable and handed to
//! serde. A value error is tagged with its variable's name on the way, so that every message
//! names the variable.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

use super::types::AppEnv;
use super::values::FromVariable;
use super::variables::{Raw, VARIABLES};
use super::{ConfigError, Sources};

/// Each variable's text after the merge, and the layer it came from (for `check-config`).
pub(super) struct Layers {
    /// The variables that have a value, in declaration order: their text (trimmed, never empty)
    /// from the highest layer that names them, else their default.
    values: Vec<(&'static str, String)>,
    origins: BTreeMap<&'static str, String>,
}

impl Layers {
    pub fn load(sources: &Sources) -> Result<Self, ConfigError> {
        let base = read_env_file(sources, ".env")?;
        // APP_ENV picks the second file, so it is resolved from the layers above it first.
        let app_env = highest(&[&sources.overrides, &base], "APP_ENV").unwrap_or("dev");
        let app_env =
            AppEnv::from_text(app_env).map_err(|problem| ConfigError::new("APP_ENV", problem))?;
        let env_file_name = format!(".env.{}", app_env.as_str());
        let per_env = read_env_file(sources, &env_file_name)?;

        let layers = [
            ("environment", &sources.overrides),
            (env_file_name.as_str(), &per_env),
            (".env", &base),
        ];
        let mut values = Vec::new();
        let mut origins = BTreeMap::new();
        for variable in VARIABLES {
            // The highest layer that names the variable decides, even with an empty value:
            // `FOO=` means "not set", so the default applies.
            let named = layers
                .iter()
                .find_map(|(origin, layer)| Some((*origin, layer.get(variable.name)?.trim())));
            let (origin, text) = match (named, variable.default) {
                (Some((origin, text)), _) if !text.is_empty() => (origin, text),
                (_, Some(default)) => ("default", default),
                (_, None) => continue,
            };
            values.push((variable.name, text.to_string()));
            origins.insert(variable.name, origin.to_string());
        }
        Ok(Layers { values, origins })
    }

    /// Every variable read by its type: the first refused value (in declaration order) is the error.
    pub fn read(&self) -> Result<Raw, ConfigError> {
        Raw::deserialize(Merged(&self.values))
    }

    /// The variable's text after the merge; `None` when unset.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(variable, _)| *variable == name)
            .map(|(_, text)| text.as_str())
    }

    /// Where the variable's text came from: a layer's name or "default"; `None` when unset.
    pub fn origin(&self, name: &str) -> Option<&str> {
        self.origins.get(name).map(String::as_str)
    }
}

/// The value of `name` in the highest of `layers` that names it; `None` when that value is blank.
fn highest<'a>(layers: &[&'a BTreeMap<String, String>], name: &str) -> Option<&'a str> {
    layers
        .iter()
        .find_map(|layer| layer.get(name))
        .map(|value| value.trim())
        .filter(|value| !value.is_empty())
}

/// The file's variables; none when the file does not exist or the sources read no files.
fn read_env_file(sources: &Sources, name: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    match &sources.dotenv_dir {
        Some(dir) => read_dotenv(&dir.join(name)),
        None => Ok(BTreeMap::new()),
    }
}

fn read_dotenv(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    let display = path.display().to_string();
    let display = display.strip_prefix("./").unwrap_or(&display).to_string();
    match dotenvy::from_path_iter(path) {
        Ok(iter) => iter
            .map(|item| {
                item.map_err(|e| ConfigError::new(&display, format!("cannot be read: {e}")))
            })
            .collect(),
        Err(dotenvy::Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(BTreeMap::new())
        }
        Err(e) => Err(ConfigError::new(&display, format!("cannot be read: {e}"))),
    }
}

/// The merged variables as serde input: a map from name to text.
struct Merged<'a>(&'a [(&'static str, String)]);

impl<'de> de::Deserializer<'de> for Merged<'_> {
    type Error = ConfigError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConfigError> {
        visitor.visit_map(Entries {
            rest: self.0.iter(),
            current: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The map's entries; each value's error gets the entry's name.
struct Entries<'a> {
    rest: std::slice::Iter<'a, (&'static str, String)>,
    current: Option<&'a (&'static str, String)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = ConfigError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ConfigError> {
        let Some(entry) = self.rest.next() else {
            return Ok(None);
        };
        self.current = Some(entry);
        seed.deserialize(entry.0.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ConfigError> {
        // serde asks for a value only after its key.
        let (name, text) = self
            .current
            .take()
            .ok_or_else(|| ConfigError::new("configuration", "a value without its variable"))?;
        seed.deserialize(Text(text)).map_err(|error| error.of(name))
    }
}

/// One variable's text: a string, or `Some` of it for a variable without a default.
struct Text<'a>(&'a str);

impl<'de> de::Deserializer<'de> for Text<'_> {
    type Error = ConfigError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConfigError> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ConfigError> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
