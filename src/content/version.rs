//! A page's version as a translation records it: eight hex digits that change whenever what
//! a reader sees of the page changes (its title, description or body; not its review dates
//! or sources, which a translation keeps on its own), and stay the same on every machine and
//! in every version of sitegen, as they are written into content files.
//!
//! The digits are a 64-bit FNV-1a hash of the three parts, with line endings made `\n` so a
//! checkout on Windows gives the same version.

use super::Page;

/// The version of `page` a translation names with `source_version = "…"`.
pub(crate) fn source_version(page: &Page) -> String {
    let mut hash = Fnv::new();
    for part in [
        page.meta.title.as_str(),
        page.meta.description.as_str(),
        page.doc.written_body(),
    ] {
        hash.write(part.replace("\r\n", "\n").trim().as_bytes());
        hash.write(&[0]);
    }
    format!("{:08x}", hash.0 >> 32)
}

/// The version of a text (a block's body) its translations record, made as a page's is.
pub(crate) fn text_version(text: &str) -> String {
    let mut hash = Fnv::new();
    hash.write(text.replace("\r\n", "\n").trim().as_bytes());
    hash.write(&[0]);
    format!("{:08x}", hash.0 >> 32)
}

/// 64-bit FNV-1a.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(src: &str) -> Page {
        Page::from_text(
            std::path::Path::new("content/a.md"),
            "a.md",
            src.into(),
            None,
        )
        .unwrap()
    }

    #[test]
    fn the_version_follows_what_readers_see_and_nothing_else() {
        let base = "+++\ntitle = \"Safety\"\ndescription = \"d\"\nlast_reviewed = 2026-01-01\n+++\nBody text.\n";
        let v = source_version(&page(base));
        assert_eq!(v.len(), 8);
        assert!(v.chars().all(|c| c.is_ascii_hexdigit()));
        // Review dates and line endings do not change it.
        let redated = base.replace("2026-01-01", "2026-06-01");
        assert_eq!(source_version(&page(&redated)), v);
        assert_eq!(source_version(&page(&base.replace('\n', "\r\n"))), v);
        // A changed title, description or body does.
        for changed in [
            base.replace("Safety", "Safety first"),
            base.replace("\"d\"", "\"e\""),
            base.replace("Body text.", "Body text, changed."),
        ] {
            assert_ne!(source_version(&page(&changed)), v, "{changed}");
        }
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        // The published FNV-1a 64 value of "a".
        let mut h = Fnv::new();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }
}
