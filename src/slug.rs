//! Slugs: turning heading text and file names into URL-safe ids.
//!
//! Hand-written rather than taken from a slug crate because editors must be able to predict a
//! question's id from its text (README documents the rule): lowercase, apostrophes dropped
//! ("What's" -> "whats", where slug crates give "what-s"), every other run of characters that
//! are not letters or digits becomes one hyphen. Letters outside ASCII are kept.

/// The id for `text`: "Can I drive home?" -> "can-i-drive-home".
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for ch in text.chars() {
        if ch == '\'' || ch == '\u{2019}' {
            continue;
        }
        if ch.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            if ch.is_ascii() {
                out.push(ch.to_ascii_lowercase());
            } else {
                out.extend(ch.to_lowercase());
            }
        } else {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn questions_become_predictable_ids() {
        assert_eq!(
            slugify("Can I drive home afterwards?"),
            "can-i-drive-home-afterwards"
        );
        assert_eq!(slugify("What's a  trial session?"), "whats-a-trial-session");
        assert_eq!(slugify("Is it 100% safe?"), "is-it-100-safe");
        assert_eq!(
            slugify("  --Leading and trailing--  "),
            "leading-and-trailing"
        );
        assert_eq!(slugify("Dépendance"), "dépendance");
        assert_eq!(slugify("?!"), "");
    }
}
