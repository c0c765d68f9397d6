//! config.json's fields, read one by one from the parsed JSON whichever parser read it (the
//! browser's `JSON.parse` in the app, serde_json in native tools): one reader and one set of
//! messages for both, and, in the .wasm, no serde code for a file read once (0.14 KB gzip less
//! than a serde deserializer over `JSON.parse`, docs/size-and-speed.md).

use super::{ConfigFile, EndpointOverrides, Quoted};
use crate::error::JsonError;

/// A parsed JSON value, as deep as config.json's fields go: what a [`DecodeConfig`]
/// hands to [`ConfigFile::from_json`]. Arrays and objects below [`Json::DEPTH`] keep their
/// kind but not their contents: nothing reads them, and a hostile file nested thousands deep
/// is not walked.
///
/// ```
/// use leptos_login_with_amazon::config::{ConfigFile, Json};
/// use leptos_login_with_amazon::error::JsonError;
///
/// let root = Json::Object(vec![("client_id".into(), Json::String("x".into()))]);
/// assert!(ConfigFile::from_json(root).is_ok());
/// let typo = Json::Object(vec![("clientId".into(), Json::String("x".into()))]);
/// assert!(matches!(
///     ConfigFile::from_json(typo),
///     Err(JsonError::Shape(problem)) if problem.starts_with("unknown field \"clientId\"")
/// ));
/// ```
///
/// [`DecodeConfig`]: super::DecodeConfig
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Json {
    /// `null` (a field set to it counts as absent).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any number (config.json has no numeric field).
    Number,
    /// A string.
    String(String),
    /// An array's items.
    Array(Vec<Json>),
    /// An object's fields, in order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// How many levels of contents config.json's fields take: the top-level object's, then
    /// those of `"scopes"` and `"endpoints"`.
    ///
    /// ```
    /// assert_eq!(leptos_login_with_amazon::config::Json::DEPTH, 2);
    /// ```
    pub const DEPTH: u8 = 2;

    /// The value's kind, as the messages name it.
    ///
    /// ```
    /// use leptos_login_with_amazon::config::Json;
    /// assert_eq!(Json::Array(Vec::new()).kind(), "an array");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// A parsed array's items or object's fields, each converted by `convert` one level down:
/// none at all at the deepest level ([`Json`] keeps only their kind there).
pub(crate) fn contents<T, U>(
    depth: u8,
    items: impl IntoIterator<Item = T>,
    mut convert: impl FnMut(T, u8) -> U,
) -> Vec<U> {
    match depth.checked_sub(1) {
        Some(below) => items.into_iter().map(|item| convert(item, below)).collect(),
        None => Vec::new(),
    }
}

impl ConfigFile {
    /// Reads config.json's parsed `root` into its fields, refusing a value of the wrong type
    /// and any field config.json does not have (a typo would otherwise be ignored without a
    /// word). See [`Json`] for an example.
    pub fn from_json(root: Json) -> Result<ConfigFile, JsonError> {
        let Json::Object(fields) = root else {
            return Err(JsonError::NotAnObject);
        };
        let mut file = ConfigFile::default();
        // The problem of the first field by name, whatever order the parser gave them in
        // (serde_json's map sorts them, `JSON.parse` keeps the file's): a file with two
        // problems gets the same message from both.
        let mut first_problem: Option<(String, JsonError)> = None;
        for (name, value) in fields {
            if let Err(problem) = file.read_field(&name, value)
                && first_problem
                    .as_ref()
                    .is_none_or(|(first, _)| name < *first)
            {
                first_problem = Some((name, problem));
            }
        }
        match first_problem {
            Some((_, problem)) => Err(problem),
            None => Ok(file),
        }
    }

    fn read_field(&mut self, field: &str, value: Json) -> Result<(), JsonError> {
        match field {
            "client_id" => self.client_id = string(field, value)?,
            "region" => self.region = string(field, value)?,
            "grant" => self.grant = string(field, value)?,
            "redirect_uri" => self.redirect_uri = string(field, value)?,
            "scopes" => self.scopes = strings(field, value)?,
            "endpoints" => self.endpoints = endpoints(value)?,
            "popup" => {
                self.popup = match value {
                    Json::Null => None,
                    Json::Bool(flag) => Some(flag),
                    other => return Err(wrong_type(field, other.kind(), "true or false")),
                }
            }
            _ => {
                return Err(unknown(
                    field,
                    "client_id, region, grant, scopes, redirect_uri, endpoints and popup",
                ));
            }
        }
        Ok(())
    }
}

fn endpoints(value: Json) -> Result<Option<EndpointOverrides>, JsonError> {
    let fields = match value {
        Json::Null => return Ok(None),
        Json::Object(fields) => fields,
        other => return Err(wrong_type("endpoints", other.kind(), "an object")),
    };
    let mut overrides = EndpointOverrides::default();
    for (name, value) in fields {
        match name.as_str() {
            "authorize" => overrides.authorize = string("endpoints.authorize", value)?,
            "api" => overrides.api = string("endpoints.api", value)?,
            _ => return Err(unknown(&format!("endpoints.{name}"), "authorize and api")),
        }
    }
    Ok(Some(overrides))
}

fn string(field: &str, value: Json) -> Result<Option<String>, JsonError> {
    match value {
        Json::Null => Ok(None),
        Json::String(text) => Ok(Some(text)),
        other => Err(wrong_type(field, other.kind(), "a string")),
    }
}

fn strings(field: &str, value: Json) -> Result<Option<Vec<String>>, JsonError> {
    let expected = "an array of strings";
    let items = match value {
        Json::Null => return Ok(None),
        Json::Array(items) => items,
        other => return Err(wrong_type(field, other.kind(), expected)),
    };
    let strings = items.into_iter().map(|item| match item {
        Json::String(text) => Ok(text),
        other => Err(wrong_type(
            field,
            &format!("an array holding {}", other.kind()),
            expected,
        )),
    });
    strings.collect::<Result<_, _>>().map(Some)
}

fn wrong_type(field: &str, found: &str, expected: &str) -> JsonError {
    JsonError::Shape(format!(
        "\"{field}\" has an invalid type: {found}, expected {expected}"
    ))
}

fn unknown(field: &str, known: &str) -> JsonError {
    JsonError::Shape(format!(
        "unknown field {}; the fields are {known}",
        Quoted(field)
    ))
}
