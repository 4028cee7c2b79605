//! The editor's desk: a [`CheckReport`] as one HTML page. The preview serves it at
//! `/__sitegen/` (with its style sheet and a small script for the filters, under the
//! preview's Content-Security-Policy); `sitegen check --format html` writes it as one
//! self-contained file (styles inline, no script, links relative to the site's folder) for a
//! reviewer with the offline copy.
//!
//! It lists what is left to confirm before publishing (counted at the top), every page of
//! every language (review dates, reviewer, reading level against its
//! language's target, translation state), overdue reviews first, then every finding with
//! its `file:line` and links to the page and question it concerns. Everything is readable
//! without the script; the filters only hide rows.
//!
//! | module | owns |
//! |---|---|
//! | `mod.rs` | the page: its head, the counts at the top, the preview's build state, the filters |
//! | [`page_index`] | what the desk knows of the pages: by file, findings counted, review order |
//! | [`page_table`] | the table of pages |
//! | [`finding_list`] | the findings, each with its place and the page and question it concerns |
//! | [`confirm_list`] | what is left to confirm before publishing |

mod confirm_list;
mod finding_list;
mod page_index;
mod page_table;

use std::fmt::Write as _;

use super::review::ReviewStatus;
use super::CheckReport;
use crate::diagnostics::{plural, Diagnostic};
use crate::html::escape_html;

use finding_list::{diagnostic_item, findings};
use page_index::PageIndex;
use page_table::page_table;

/// The desk's styles: linked by the preview, inlined in the file.
pub(crate) const DESK_CSS: &str = include_str!("desk.css");

/// Where the desk is shown.
pub enum Mode<'a> {
    /// In the preview: links into it, the filters' script, and the state of the build.
    Preview(DeskPreview<'a>),
    /// As a file of its own: styles inline, no script, links relative to the site's folder.
    File,
}

/// What the preview adds to the desk.
pub struct DeskPreview<'a> {
    /// Problems that stop the latest save from building (the desk shows the last good one).
    pub errors: &'a [Diagnostic],
    /// Counts the reports the desk has shown, so an open tab knows when it is out of date.
    pub desk: u64,
    /// The site is still being checked for the first time.
    pub checking: bool,
}

/// The desk of `report` as a complete HTML document; `today` is the date it was checked as of.
pub fn render(report: &CheckReport, today: &str, mode: &Mode<'_>) -> String {
    let mut html = String::with_capacity(16 * 1024 + report.diagnostics.len() * 400);
    head(&mut html, mode);
    // Sections: the counts (what is left to confirm first), the pages, the findings, and
    // what is left to confirm.
    match mode {
        Mode::Preview(p) => {
            let _ = writeln!(
                html,
                "<main id=\"desk\" data-sitegen-desk=\"{}\" data-sitegen-errors=\"{}\">",
                p.desk,
                p.errors.len()
            );
        }
        Mode::File => html.push_str("<main id=\"desk\">\n"),
    }
    html.push_str("<h1>Editor's desk</h1>\n");
    let pages = PageIndex::of(report);
    summary(&mut html, report, today, &pages);
    if let Mode::Preview(preview) = mode {
        build_state(&mut html, preview);
    }
    html.push_str(
        "<nav aria-label=\"Sections\"><ul class=\"desk-sections\">\
         <li><a href=\"#pages\">Pages</a></li>\
         <li><a href=\"#findings\">Findings</a></li>\
         <li><a href=\"#confirm\">Left to confirm</a></li></ul></nav>\n",
    );
    if matches!(mode, Mode::Preview(_)) {
        filters(&mut html, &pages);
    }
    page_table(&mut html, report, &pages, mode);
    findings(&mut html, report, &pages, mode);
    confirm_list::to_confirm(&mut html, report, mode);
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

fn head(html: &mut String, mode: &Mode<'_>) {
    html.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    match mode {
        Mode::Preview(_) => {
            html.push_str(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
                 img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; \
                 base-uri 'none'; form-action 'none'\">\n\
                 <title>Editor's desk | sitegen preview</title>\n\
                 <link rel=\"icon\" href=\"data:,\">\n\
                 <link rel=\"stylesheet\" href=\"/__sitegen/desk.css\">\n\
                 <script src=\"/__sitegen/desk.js\" defer></script>\n",
            );
        }
        Mode::File => {
            html.push_str(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
                 style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
                 <title>Editor's desk | sitegen check</title>\n<style>\n",
            );
            html.push_str(DESK_CSS);
            html.push_str("</style>\n");
        }
    }
    html.push_str("</head>\n<body>\n");
}

fn summary(html: &mut String, report: &CheckReport, today: &str, pages: &PageIndex<'_>) {
    let count = |status: ReviewStatus| {
        report
            .pages
            .iter()
            .filter(|p| p.review.status == status)
            .count()
    };
    let (errors, warnings) = (report.errors(), report.warnings());
    let languages: Vec<String> = pages
        .languages
        .iter()
        .map(|(l, n)| format!("{n} in {}", escape_html(l)))
        .collect();
    let overdue = count(ReviewStatus::Overdue);
    let due_soon = count(ReviewStatus::DueSoon);
    let _ = writeln!(
        html,
        "<p class=\"desk-asof\">What <code>sitegen check</code> finds as of {}{}.</p>",
        escape_html(today),
        if report.builds {
            ""
        } else {
            ": the site does not build, so its built pages were not checked"
        }
    );
    html.push_str("<ul class=\"desk-counts\">\n");
    let left = report.to_confirm.len();
    let _ = writeln!(
        html,
        "<li class=\"{}\"><a href=\"#confirm\"><strong>{left}</strong> value{} left to confirm</a></li>",
        if left > 0 { "desk-bad" } else { "desk-good" },
        plural(left)
    );
    let _ = writeln!(
        html,
        "<li><strong>{}</strong> page{} ({})</li>",
        report.pages.len(),
        plural(report.pages.len()),
        languages.join(", ")
    );
    let _ = writeln!(
        html,
        "<li class=\"{}\"><strong>{errors}</strong> error{}</li>",
        if errors > 0 { "desk-bad" } else { "desk-good" },
        plural(errors)
    );
    let _ = writeln!(
        html,
        "<li><strong>{warnings}</strong> warning{}</li>",
        plural(warnings)
    );
    let _ = writeln!(
        html,
        "<li class=\"{}\"><strong>{overdue}</strong> review{} overdue</li>",
        if overdue > 0 { "desk-bad" } else { "desk-good" },
        plural(overdue)
    );
    let _ = writeln!(html, "<li><strong>{due_soon}</strong> due soon</li>\n</ul>");
}

fn build_state(html: &mut String, preview: &DeskPreview<'_>) {
    if preview.checking {
        html.push_str(
            "<p class=\"desk-note\" role=\"status\">Checking the whole site: this page \
             fills in by itself in a moment.</p>\n",
        );
    }
    if preview.errors.is_empty() {
        html.push_str("<p id=\"build-ok\" class=\"desk-good\">The latest save builds.</p>\n");
        return;
    }
    let n = preview.errors.len();
    let _ = writeln!(
        html,
        "<section class=\"desk-alert\" aria-labelledby=\"build-errors\">\n\
         <h2 id=\"build-errors\">The latest save does not build ({n} problem{})</h2>\n\
         <p>The preview and this desk show the last version that built.</p>",
        plural(n)
    );
    html.push_str("<ol class=\"desk-list\">\n");
    for d in preview.errors {
        diagnostic_item(html, d, None, &Mode::File);
    }
    html.push_str("</ol>\n</section>\n");
}

fn filters(html: &mut String, pages: &PageIndex<'_>) {
    html.push_str(
        "<form class=\"desk-filters\" id=\"desk-filters\" aria-label=\"Filters\" hidden>\n\
         <fieldset><legend>Show only</legend>\n\
         <label><input type=\"checkbox\" name=\"overdue\"> overdue reviews</label>\n\
         <label><input type=\"checkbox\" name=\"findings\"> pages with findings</label>\n\
         <label>language <select name=\"language\"><option value=\"\">all</option>",
    );
    for language in pages.languages.keys() {
        let l = escape_html(language);
        let _ = write!(html, "<option value=\"{l}\">{l}</option>");
    }
    html.push_str(
        "</select></label>\n</fieldset>\n\
         <p id=\"desk-shown\" role=\"status\"></p>\n</form>\n",
    );
}

fn page_href(url: &str, mode: &Mode<'_>) -> String {
    match mode {
        Mode::Preview(_) => url.to_string(),
        Mode::File => crate::output::output_path(url),
    }
}
