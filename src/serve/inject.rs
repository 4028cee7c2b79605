//! What the preview adds to the pages it serves, and nothing else does: the live-reload
//! script (which also draws the error overlay) and its style sheet.
//!
//! The theme's Content-Security-Policy allows scripts from `'self'` only, so the script is a
//! file of its own, `/__sitegen/live.js`, named by a `<script src>` tag added before
//! `</body>`. The tag carries the build number the page comes from, so the script knows
//! when its page is out of date. `sitegen build` never calls this module.

/// The browser side of live reload and the error overlay.
pub(crate) const LIVE_JS: &str = include_str!("live.js");
/// Styles of the error overlay.
pub(crate) const OVERLAY_CSS: &str = include_str!("overlay.css");

/// `html` with the live-reload script added just before its last `</body>` (or at the end).
pub(crate) fn with_live_reload(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__sitegen/live.js\" data-build=\"{build}\"></script>\n");
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    html.windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let html = b"<html><body><p>Hi</p></BODY></html>";
        let out = String::from_utf8(with_live_reload(html, 3)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>Hi</p><script src=\"/__sitegen/live.js\" data-build=\"3\"></script>\n</BODY></html>"
        );
    }

    #[test]
    fn a_fragment_without_body_gets_the_script_at_the_end() {
        let out = String::from_utf8(with_live_reload(b"<p>moved</p>", 1)).unwrap();
        assert!(out.starts_with("<p>moved</p><script src=\"/__sitegen/live.js\""));
    }

    #[test]
    fn the_script_reloads_and_draws_errors_without_inline_code() {
        assert!(LIVE_JS.contains("new EventSource(\"/__sitegen/events\")"));
        assert!(LIVE_JS.contains("sessionStorage"));
        assert!(
            !LIVE_JS.contains("innerHTML"),
            "errors must be inserted as text"
        );
    }
}
