//! One value the clinic decides (its phone number, a price, the reviewer of its pages), as
//! written in site.toml's clinic tables or as a page's `reviewed_by`: a plain string is
//! confirmed; `{ unconfirmed = "..." }` awaits the clinic's confirmation. Pages, templates
//! and JSON-LD see only its text (it serialises as a plain string); `sitegen check` lists the
//! unconfirmed ones with where they are written, and `check --publish` refuses them.

use std::fmt;
use std::ops::{Deref, Range};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A clinic value: its text, whether the clinic has confirmed it, and where it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicValue {
    pub text: String,
    /// Written as `{ unconfirmed = "..." }`: shown as its text, but reported.
    pub unconfirmed: bool,
    /// Where the value (the string, or the inline table) lies in the TOML document it was
    /// read from; `None` for a value made in code.
    pub span: Option<Range<usize>>,
    /// The line and column of `span` in its file (1-based; 0 until [`ClinicValue::locate`]).
    pub line: usize,
    pub column: usize,
}

/// The key of the inline table that marks a value as unconfirmed.
pub(crate) const UNCONFIRMED_KEY: &str = "unconfirmed";

impl ClinicValue {
    /// A confirmed value made in code.
    pub(crate) fn confirmed(text: impl Into<String>) -> Self {
        ClinicValue {
            text: text.into(),
            unconfirmed: false,
            span: None,
            line: 0,
            column: 0,
        }
    }

    /// Sets `line` and `column` from `span`, for a document that starts at byte `offset` of
    /// `file_source`.
    pub(crate) fn locate(&mut self, file_source: &str, offset: usize) {
        if let Some(span) = &self.span {
            let (line, column) = crate::diagnostics::line_col(file_source, offset + span.start);
            self.line = line;
            self.column = column;
        }
    }

    /// An unconfirmed value made in code.
    #[cfg(test)]
    pub(crate) fn unconfirmed(text: impl Into<String>) -> Self {
        ClinicValue {
            unconfirmed: true,
            ..Self::confirmed(text)
        }
    }
}

impl Deref for ClinicValue {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ClinicValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for ClinicValue {
    fn from(text: &str) -> Self {
        Self::confirmed(text)
    }
}

impl From<String> for ClinicValue {
    fn from(text: String) -> Self {
        Self::confirmed(text)
    }
}

impl Serialize for ClinicValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// The value as written, before its place is attached.
struct ValueWritten {
    text: String,
    unconfirmed: bool,
}

impl<'de> Deserialize<'de> for ValueWritten {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl<'de> Visitor<'de> for WrittenVisitor {
    type Value = ValueWritten;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text in quotes, or { unconfirmed = \"text\" } for a value the clinic has not confirmed yet")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ValueWritten, E> {
        Ok(ValueWritten {
            text: text.to_string(),
            unconfirmed: false,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueWritten, A::Error> {
        let mut text: Option<String> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != UNCONFIRMED_KEY || text.is_some() {
                return Err(de::Error::custom(format!(
                    "`{key}` is not allowed here: write {{ {UNCONFIRMED_KEY} = \"text\" }} for a value the clinic has not confirmed yet"
                )));
            }
            text = Some(map.next_value::<String>()?);
        }
        match text {
            Some(text) => Ok(ValueWritten {
                text,
                unconfirmed: true,
            }),
            None => Err(de::Error::custom(format!(
                "an empty table is not a value: write {{ {UNCONFIRMED_KEY} = \"text\" }}"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for ClinicValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<ValueWritten>::deserialize(deserializer)?;
        let span = spanned.span();
        let written = spanned.into_inner();
        Ok(ClinicValue {
            text: written.text,
            unconfirmed: written.unconfirmed,
            span: Some(span),
            line: 0,
            column: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct ValueDoc {
        phone: ClinicValue,
        email: ClinicValue,
    }

    #[test]
    fn a_string_is_confirmed_and_an_inline_table_is_not_and_both_keep_their_place() {
        let text = "phone = \"+1 617 555 2368\"\nemail = { unconfirmed = \"care@clinic.org\" }\n";
        let doc: ValueDoc = toml::from_str(text).unwrap();
        assert_eq!(doc.phone.text, "+1 617 555 2368");
        assert!(!doc.phone.unconfirmed);
        assert_eq!(
            &text[doc.phone.span.clone().unwrap()],
            "\"+1 617 555 2368\""
        );
        assert_eq!(doc.email.text, "care@clinic.org");
        assert!(doc.email.unconfirmed);
        assert!(text[doc.email.span.clone().unwrap()].starts_with("{ unconfirmed"));
        assert_eq!(
            serde_json::to_string(&doc.email).unwrap(),
            "\"care@clinic.org\""
        );
    }

    #[test]
    fn another_key_in_the_table_is_an_error_that_says_what_to_write() {
        let err = toml::from_str::<ValueDoc>("phone = { unconfirmd = \"x\" }\nemail = \"e\"\n")
            .err()
            .unwrap();
        assert!(
            err.message().contains("{ unconfirmed = \"text\" }"),
            "{err}"
        );
        let err = toml::from_str::<ValueDoc>("phone = 3\nemail = \"e\"\n")
            .err()
            .unwrap();
        assert!(err.message().contains("unconfirmed"), "{err}");
    }
}
