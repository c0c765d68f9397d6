//! Reading requests strictly: form-encoded parameters must be UTF-8, appear once and stay short.

use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;

/// The longest query string or form body the emulator reads.
pub(crate) const MAX_PARAMETERS_BYTES: usize = 8 * 1024;

/// Parses `application/x-www-form-urlencoded` bytes into `T`. Refuses what Amazon would refuse
/// and what `serde_urlencoded` would otherwise let through: invalid UTF-8 (it would silently
/// become U+FFFD) and oversized input. Repeated parameters fail in `T`'s deserializer.
pub(crate) fn parse_parameters<T: DeserializeOwned>(raw: &[u8]) -> Result<T, String> {
    if raw.len() > MAX_PARAMETERS_BYTES {
        return Err(format!(
            "the parameters are longer than {MAX_PARAMETERS_BYTES} bytes"
        ));
    }
    for pair in raw.split(|&byte| byte == b'&') {
        let plus_as_space: Vec<u8> = pair
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        if percent_decode(&plus_as_space).decode_utf8().is_err() {
            return Err("a parameter is not valid UTF-8".into());
        }
    }
    serde_urlencoded::from_bytes(raw)
        .map_err(|error| format!("the parameters are malformed: {error}"))
}

/// Encodes `pairs` as `application/x-www-form-urlencoded`.
pub(crate) fn encode_parameters(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sample {
        a: Option<String>,
    }

    #[test]
    fn invalid_utf8_is_refused_instead_of_replaced() {
        assert!(parse_parameters::<Sample>(b"a=%FF%FE").is_err());
        assert_eq!(
            parse_parameters::<Sample>(b"a=%C3%A9").map(|s| s.a),
            Ok(Some("é".into()))
        );
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        assert!(parse_parameters::<Sample>(b"a=1&a=2").is_err());
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
