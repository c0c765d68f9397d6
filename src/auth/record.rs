//! Flat records, as `sessionStorage` and the news between copies of a tab hold them: form
//! encoding (`name=value&…`), written with serde_urlencoded and read back field by field. A
//! reader written out per record costs the .wasm far less than the ones serde generates (the
//! same choice as for Amazon's JSON answers, read with `browser::json::JsonObject`).

use serde::Serialize;

/// A record's fields, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The fields of a form-encoded `record`.
    pub fn parse(record: &str) -> Self {
        Fields(
            form_urlencoded::parse(record.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The text of the field `name`; `None` when it is missing or given twice.
    pub fn text(&self, name: &str) -> Option<String> {
        let mut named = self.0.iter().filter(|(field, _)| field == name);
        let (_, value) = named.next()?;
        named.next().is_none().then(|| value.clone())
    }

    /// The field `name` as a whole number; `None` when it is missing, given twice or not one.
    pub fn number(&self, name: &str) -> Option<u64> {
        self.text(name)?.parse().ok()
    }
}

/// A record kept as form encoding, and read back from its fields.
pub trait Record: Serialize + Sized {
    /// The record these fields hold; `None` when a field it needs is missing or unreadable.
    fn read(fields: &Fields) -> Option<Self>;

    /// The record a form-encoded text holds.
    fn from_record(record: &str) -> Option<Self> {
        Self::read(&Fields::parse(record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_decoded_and_read_by_name() {
        let fields = Fields::parse("a=x%7Cy&n=42&plus=b+c&empty=");
        assert_eq!(fields.text("a").as_deref(), Some("x|y"));
        assert_eq!(fields.text("plus").as_deref(), Some("b c"));
        assert_eq!(fields.text("empty").as_deref(), Some(""));
        assert_eq!(fields.number("n"), Some(42));
        assert_eq!(fields.text("missing"), None);
        assert_eq!(fields.number("a"), None, "not a number");
    }

    #[test]
    fn a_field_given_twice_is_unreadable() {
        let fields = Fields::parse("a=1&a=2&n=-1&m=1.5");
        assert_eq!(fields.text("a"), None);
        assert_eq!(fields.number("n"), None);
        assert_eq!(fields.number("m"), None);
    }
}
