//! Reading JSON with the browser's own `JSON.parse`, field by field: config.json through the
//! same reader as native tools use (`ConfigFile::from_json`), Amazon's answers as they are
//! used. The .wasm then carries no JSON parser (serde_json costs about 20 KB gzip) and no
//! float formatting: every value the app reads is a string, a whole number, a boolean, an
//! array or an object, so a fractional number is simply refused, never printed.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::config::{ConfigFile, Json, fields};
use crate::error::JsonError;

/// Reads config.json's `text` (a [`DecodeConfig`](crate::config::DecodeConfig)): every field
/// is checked, unknown ones included, by the same reader as in native tools.
pub fn decode_config(text: &str) -> Result<ConfigFile, JsonError> {
    let JsonObject(object) = JsonObject::parse(text)?;
    ConfigFile::from_json(tree(&object.into(), Json::DEPTH))
}

/// `value` as [`Json`], `depth` levels of contents down. A file is at most 64 KB
/// (`fetch_config_text`), so the copy is small whatever it holds.
fn tree(value: &JsValue, depth: u8) -> Json {
    if let Some(text) = value.as_string() {
        Json::String(text)
    } else if let Some(flag) = value.as_bool() {
        Json::Bool(flag)
    } else if value.as_f64().is_some() {
        Json::Number
    } else if Array::is_array(value) {
        Json::Array(fields::contents(
            depth,
            Array::from(value).iter(),
            |item, below| tree(&item, below),
        ))
    } else if value.is_object() {
        let entries = Object::entries(value.unchecked_ref());
        Json::Object(fields::contents(depth, entries.iter(), |entry, below| {
            let pair: Array = entry.unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                tree(&pair.get(1), below),
            )
        }))
    } else {
        // `null`: JSON.parse makes nothing else.
        Json::Null
    }
}

/// A JSON object whose fields are read one at a time: Amazon's answers, where only a few
/// fields matter and any may be missing (no serde code per answer type).
pub struct JsonObject(Object);

impl JsonObject {
    /// Reads `text`, which must be a JSON object.
    pub fn parse(text: &str) -> Result<Self, JsonError> {
        let value = js_sys::JSON::parse(text).map_err(|error| {
            JsonError::Syntax(
                error
                    .dyn_ref::<js_sys::Error>()
                    .map(|error| String::from(error.message()))
                    .unwrap_or_default(),
            )
        })?;
        // An array is an object to JavaScript too: only a JSON object counts.
        if !value.is_object() || Array::is_array(&value) {
            return Err(JsonError::NotAnObject);
        }
        Ok(JsonObject(value.unchecked_into()))
    }

    /// `field` when it is a string.
    pub fn string(&self, field: &str) -> Option<String> {
        self.field(field)?.as_string()
    }

    /// `field` when it is a whole number from 0 up (as JavaScript holds exactly).
    #[cfg(any(feature = "code-pkce", all(test, target_arch = "wasm32")))]
    pub fn whole_number(&self, field: &str) -> Option<u64> {
        let number = self.field(field)?.as_f64()?;
        (number.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&number))
            .then_some(number as u64)
    }

    fn field(&self, field: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &field.into()).ok()
    }
}

/// The largest integer a JavaScript number holds exactly.
#[cfg(any(feature = "code-pkce", all(test, target_arch = "wasm32")))]
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
