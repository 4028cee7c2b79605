//! `/__sitegen/`: the preview's own page, listing what the last build found: the errors that
//! stop it, its warnings and the `sitegen check` findings (the same as `sitegen check`
//! reports), each with file, line and help.

use crate::diagnostics::Diagnostic;
use crate::render::escape_html;

use super::preview::Snapshot;

/// The status page of `snapshot`, as a complete HTML document.
pub fn render(snapshot: &Snapshot) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Preview status | sitegen</title></head><body><main>\n\
         <h1>Preview status</h1>\n",
    );
    html.push_str(&format!(
        "<p>Build {}: {} pages, {} questions. <a href=\"/\">Open the site</a>.</p>\n",
        snapshot.build, snapshot.pages, snapshot.questions
    ));
    if snapshot.errors.is_empty() {
        html.push_str("<p id=\"build-ok\">The last rebuild worked.</p>\n");
    } else {
        section(
            &mut html,
            "errors",
            "Errors: the preview shows the last good build",
            &snapshot.errors,
        );
    }
    section(&mut html, "warnings", "Warnings", &snapshot.warnings);
    section(
        &mut html,
        "findings",
        "Findings of sitegen check",
        &snapshot.findings,
    );
    html.push_str("</main></body></html>\n");
    html
}

fn section(html: &mut String, id: &str, title: &str, items: &[Diagnostic]) {
    html.push_str(&format!(
        "<section id=\"{id}\"><h2>{title} ({})</h2>\n",
        items.len()
    ));
    if items.is_empty() {
        html.push_str("<p>None.</p>\n");
    } else {
        html.push_str("<ol>\n");
        for d in items {
            html.push_str(&format!(
                "<li><code>{}</code> {}",
                escape_html(&d.location()),
                escape_html(&d.message)
            ));
            if let Some(help) = &d.help {
                html.push_str(&format!("<br>help: {}", escape_html(help)));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_errors_and_warnings_with_their_place_escaped() {
        let snapshot = Snapshot {
            build: 2,
            pages: 9,
            errors: vec![Diagnostic::error("content/a.md", "bad <b>").at(3, 1)],
            warnings: std::sync::Arc::new(vec![Diagnostic::warning(
                "content/b.md",
                "no other page links here",
            )
            .help("link to it")]),
            ..Snapshot::default()
        };
        let html = render(&snapshot);
        assert!(html.contains("<code>content/a.md:3:1</code> bad &lt;b&gt;"));
        assert!(html.contains("Warnings (1)"));
        assert!(html.contains("help: link to it"));
        assert!(!html.contains("build-ok"));
    }
}
