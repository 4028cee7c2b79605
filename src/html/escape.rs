//! Writing text into HTML: the one escaper, shared by markdown (care cards, labels), rendering
//! (bodies, alias pages, the sitemap) and `sitegen check`'s desk.

/// Escapes text for HTML content and attribute values, as the templates' autoescaping does
/// (Tera's escaper: `&`, `<`, `>`, `"` and `'`), so text is written the same way whether a template
/// or sitegen writes it.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 16);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn html_escaping_matches_the_templates_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Tom & "Jerry's" <b>é</b>"#),
            "Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;é&lt;/b&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain"), "plain");
    }
}
