//! `/__sitegen/`: the editor's desk ([`crate::check::desk`]) of the preview's latest
//! `sitegen check` report, with the errors of a save that does not build above it, its
//! script (`/__sitegen/desk.js`: the filters) and style sheet, all served from the preview
//! itself under the same Content-Security-Policy as the site's pages.

use crate::check::desk::{self, DeskPreview, Mode};
use crate::check::CheckReport;

use super::preview::Snapshot;

/// The filters' script: hides rows without reloading the page.
pub(crate) const DESK_JS: &str = include_str!("desk.js");

/// The desk of `snapshot`, as a complete HTML document.
pub(crate) fn render(snapshot: &Snapshot) -> String {
    let empty = CheckReport::default();
    let (report, today, number) = match &snapshot.desk {
        Some(d) => (&d.report, d.today.to_string(), d.number),
        None => (&empty, "now".to_string(), 0),
    };
    let mode = Mode::Preview(DeskPreview {
        errors: &snapshot.errors,
        desk: number,
        checking: snapshot.desk.is_none(),
    });
    desk::render(report, &today, &mode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn shows_the_errors_of_a_save_that_does_not_build_escaped_with_their_place() {
        let snapshot = Snapshot {
            build: 2,
            pages: 9,
            errors: vec![Diagnostic::error("content/a.md", "bad <b>").at(3, 1)],
            ..Snapshot::default()
        };
        let html = render(&snapshot);
        assert!(html.contains("<code class=\"desk-place\">content/a.md:3:1</code>"));
        assert!(html.contains("bad &lt;b&gt;"));
        assert!(html.contains("The latest save does not build (1 problem)"));
        assert!(html.contains("Checking the whole site"));
        assert!(html.contains("<script src=\"/__sitegen/desk.js\" defer></script>"));
    }
}
