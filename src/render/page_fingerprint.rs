//! Fingerprints of what a page's template gets, for the preview: after an edit it asks each
//! page that may have changed (those whose recorded reads no longer hold, see
//! [`crate::model::change`]) for its fingerprint, and renders again only those whose
//! fingerprint changed.
//!
//! A fingerprint is a 64-bit SipHash of every variable a template receives, fed through the
//! same code that fills the template's context ([`Variables`]), so no variable can be left
//! out of it; the page's body (the costly part) enters as the hash of what its markdown is
//! rendered from: the page's file, the href each link resolves to and the related questions
//! written under each answer. Left out is what depends on site.toml, the theme (its
//! templates and strings) and the render options alone (`site`, `t`, each language's name,
//! the JSON-LD made of the page's context and site.toml): fingerprints are compared only
//! between two versions of the site with the same settings (the preview makes every page
//! again when they change). Two renders with the same fingerprint and settings write the
//! same bytes. A fingerprint costs about a third of a render: no markdown, no template run.

use std::hash::Hasher;

use serde::Serialize;

/// Where a template's variables go: into the context it renders with, or into a
/// fingerprint of that context.
pub(crate) trait Variables {
    fn put(&mut self, key: &'static str, value: tera::Value);

    /// Whether this is a fingerprint (which leaves out what depends on settings alone).
    fn fingerprinting(&self) -> bool {
        false
    }

    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T)
    where
        Self: Sized,
    {
        self.put(key, tera::Value::from_serializable(value));
    }
}

impl Variables for tera::Context {
    fn put(&mut self, key: &'static str, value: tera::Value) {
        self.insert_value(key, value);
    }
}

/// A hash being fed.
#[derive(Default)]
pub(crate) struct Fingerprint {
    hasher: std::hash::DefaultHasher,
}

impl Fingerprint {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds `text`, ended so that `"ab" + "c"` and `"a" + "bc"` differ.
    pub(crate) fn text(&mut self, text: &str) {
        self.hasher.write(text.as_bytes());
        self.hasher.write_u8(0xff);
    }

    /// Adds an optional text.
    pub(crate) fn option(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.hasher.write_u8(1);
                self.text(text);
            }
            None => self.hasher.write_u8(0),
        }
    }

    /// Adds `value` as JSON.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        // Writing into a hasher cannot fail, and every value here serialises.
        let _ = serde_json::to_writer(&mut *self, value);
        self.hasher.write_u8(0xff);
    }

    pub(crate) fn finish(&self) -> u64 {
        self.hasher.finish()
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.hasher.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Variables for Fingerprint {
    fn put(&mut self, key: &'static str, value: tera::Value) {
        self.text(key);
        self.json(&value);
    }

    /// The value as JSON, straight from its fields (a template value made of it holds the
    /// same, so equal JSON means equal values).
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.text(key);
        self.json(value);
    }

    fn fingerprinting(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(parts: &[&str]) -> u64 {
        let mut f = Fingerprint::new();
        for part in parts {
            f.text(part);
        }
        f.finish()
    }

    #[test]
    fn moving_text_between_parts_changes_the_fingerprint() {
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(of(&["a", "bc"]), of(&["a", "bc"]));
    }

    #[test]
    fn a_variable_fingerprints_its_name_and_value() {
        let fingerprint = |key: &'static str, value: &str| {
            let mut f = Fingerprint::new();
            f.insert(key, value);
            f.finish()
        };
        assert_ne!(fingerprint("title", "A"), fingerprint("title", "B"));
        assert_ne!(fingerprint("title", "A"), fingerprint("description", "A"));
        assert_eq!(fingerprint("title", "A"), fingerprint("title", "A"));
    }
}
