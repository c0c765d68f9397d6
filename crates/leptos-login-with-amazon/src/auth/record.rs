//! Flat records, as `sessionStorage` and the news between copies of a tab hold them: form
//! encoding (`name=value&…`, what form_urlencoded writes), written and read back field by
//! field. Code written out per record costs the .wasm far less than what serde generates (the
//! same choice as for Amazon's JSON answers, read with `browser::json::JsonObject`).

/// A record's fields, decoded. Its `Debug` names the fields, never their values (a session's
/// record holds its tokens).
#[derive(Clone, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl std::fmt::Debug for Fields {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("Fields")
            .field(&self.0.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish()
    }
}

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

/// Writes a record's fields, form-encoded.
pub struct Writer(form_urlencoded::Serializer<'static, String>);

impl Writer {
    /// Adds the field `name` with the text `value`.
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.append_pair(name, value);
        self
    }

    /// Adds the field `name` with the whole number `value`.
    pub fn number(&mut self, name: &str, value: u64) -> &mut Self {
        self.text(name, &value.to_string())
    }

    /// Adds the field `name` if there is a `value` (a missing field reads back as `None`).
    pub fn optional(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.text(name, value);
        }
        self
    }
}

/// A record kept as form encoding, and read back from its fields.
pub trait Record: Sized {
    /// The record these fields hold; `None` when a field it needs is missing or unreadable.
    fn read(fields: &Fields) -> Option<Self>;

    /// Writes the record's fields.
    fn write(&self, record: &mut Writer);

    /// The record a form-encoded text holds.
    fn from_record(record: &str) -> Option<Self> {
        Self::read(&Fields::parse(record))
    }

    /// The record, form-encoded.
    fn to_record(&self) -> String {
        let mut record = Writer(form_urlencoded::Serializer::new(String::new()));
        self.write(&mut record);
        record.0.finish()
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
    fn fields_are_written_form_encoded_and_a_missing_one_is_left_out() {
        struct Pair(String, Option<String>);
        impl Record for Pair {
            fn read(fields: &Fields) -> Option<Self> {
                Some(Pair(fields.text("a")?, fields.text("b")))
            }
            fn write(&self, record: &mut Writer) {
                record
                    .text("a", &self.0)
                    .number("n", 7)
                    .optional("b", self.1.as_deref());
            }
        }
        let record = Pair("x|y z&=".into(), None).to_record();
        assert_eq!(record, "a=x%7Cy+z%26%3D&n=7");
        let read = Pair::from_record(&record).expect("read back");
        assert_eq!((read.0.as_str(), read.1), ("x|y z&=", None));
        assert_eq!(Pair("".into(), Some("b".into())).to_record(), "a=&n=7&b=b");
    }

    #[test]
    fn a_field_given_twice_is_unreadable() {
        let fields = Fields::parse("a=1&a=2&n=-1&m=1.5");
        assert_eq!(fields.text("a"), None);
        assert_eq!(fields.number("n"), None);
        assert_eq!(fields.number("m"), None);
    }
}
