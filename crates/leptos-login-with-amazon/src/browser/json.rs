//! Reading JSON with the browser's own `JSON.parse`: config.json through serde (a small
//! deserializer over the parsed value), Amazon's answers field by field. The .wasm then carries
//! no JSON parser (serde_json costs about 20 KB gzip) and no float formatting: every value the
//! app reads is a string, a whole number, an array or an object, so a fractional number is
//! simply refused, never printed.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::JsonError;

/// Reads `text` as a JSON object and deserializes it into `T` (config.json, whose every field
/// is checked, unknown ones included).
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    let JsonObject(object) = JsonObject::parse(text)?;
    T::deserialize(JsonValue(object.into())).map_err(|ShapeError(reason)| JsonError::Shape(reason))
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
        // serde would read a struct from an array too (field by position): only objects count.
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
        whole_number(&self.field(field)?).and_then(|number| u64::try_from(number).ok())
    }

    fn field(&self, field: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &field.into()).ok()
    }
}

/// Why a parsed value does not fit the record, in serde's words.
#[derive(Debug)]
struct ShapeError(String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        ShapeError(message.to_string())
    }

    // serde's own wording of these prints the value, floats included; these describe it
    // without printing a float, so no float formatting is compiled in.
    fn invalid_type(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        ShapeError(format!(
            "invalid type: {}, expected {expected}",
            describe(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected, expected: &dyn Expected) -> Self {
        ShapeError(format!(
            "invalid value: {}, expected {expected}",
            describe(unexpected)
        ))
    }
}

fn describe(unexpected: Unexpected) -> String {
    match unexpected {
        Unexpected::Bool(value) => format!("boolean `{value}`"),
        Unexpected::Unsigned(value) => format!("integer `{value}`"),
        Unexpected::Signed(value) => format!("integer `{value}`"),
        Unexpected::Str(value) => format!("string \"{value}\""),
        Unexpected::Float(_) => "a number".into(),
        Unexpected::Unit => "null".into(),
        Unexpected::Seq => "an array".into(),
        Unexpected::Map => "an object".into(),
        _ => "another kind of value".into(),
    }
}

/// A value from `JSON.parse`. Each `deserialize_*` accepts only the JSON kind it names and
/// reports any other as a wrong type without calling the visitor, so serde's code for the
/// kinds the app never reads is not compiled in.
struct JsonValue(JsValue);

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The kind of a parsed value, as messages name it.
fn kind_of(value: &JsValue) -> &'static str {
    if value.is_null() || value.is_undefined() {
        "null"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if Array::is_array(value) {
        "an array"
    } else {
        "an object"
    }
}

fn wrong_type(value: &JsValue, expected: &dyn Expected) -> ShapeError {
    ShapeError(format!(
        "invalid type: {}, expected {expected}",
        kind_of(value)
    ))
}

/// A whole number, as JavaScript holds them exactly; anything else is refused.
fn whole_number(value: &JsValue) -> Option<i64> {
    value
        .as_f64()
        .filter(|number| number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER)
        .map(|number| number as i64)
}

/// Smaller integer types read a whole number the same way; serde's visitors check the range.
macro_rules! forward_whole_numbers {
    ($($($method:ident)* => $target:ident),* $(,)?) => {
        $($(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
                self.$target(visitor)
            }
        )*)*
    };
}

impl<'de> de::Deserializer<'de> for JsonValue {
    type Error = ShapeError;

    /// Only for types that ask for "anything"; the app's records never do.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        let value = &self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if value.is_string() {
            self.deserialize_string(visitor)
        } else if Array::is_array(value) {
            self.deserialize_seq(visitor)
        } else if value.is_object() {
            self.deserialize_map(visitor)
        } else {
            Err(wrong_type(value, &visitor))
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0.as_bool() {
            Some(flag) => visitor.visit_bool(flag),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match whole_number(&self.0).and_then(|number| u64::try_from(number).ok()) {
            Some(number) => visitor.visit_u64(number),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match whole_number(&self.0) {
            Some(number) => visitor.visit_i64(number),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0.as_string() {
            Some(text) => visitor.visit_string(text),
            None => Err(wrong_type(&self.0, &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        if !Array::is_array(&self.0) {
            return Err(wrong_type(&self.0, &visitor));
        }
        let items: Vec<JsValue> = Array::from(&self.0).iter().collect();
        visitor.visit_seq(de::value::SeqDeserializer::new(
            items.into_iter().map(JsonValue),
        ))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(wrong_type(&self.0, &visitor));
        }
        let object: Object = self.0.unchecked_into();
        visitor.visit_map(Fields {
            keys: Object::keys(&object),
            object,
            next: 0,
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        self.deserialize_string(visitor)
    }

    /// An unknown field's value: skipped, whatever it is.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        visitor.visit_unit()
    }

    forward_whole_numbers! {
        deserialize_u8 deserialize_u16 deserialize_u32 => deserialize_u64,
        deserialize_i8 deserialize_i16 deserialize_i32 => deserialize_i64,
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char str bytes byte_buf unit unit_struct tuple tuple_struct enum
    }
}

impl<'de> de::IntoDeserializer<'de, ShapeError> for JsonValue {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// An object's own fields, in order.
struct Fields {
    object: Object,
    keys: Array,
    /// The index of the next key in `keys`.
    next: u32,
    /// The value of the key last read.
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = ShapeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ShapeError> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Reflect::get(&self.object, &key).ok();
        seed.deserialize(JsonValue(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ShapeError> {
        seed.deserialize(JsonValue(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}
