//! The desk's list of findings, each with its `file:line`, its help, and links to the page
//! and question it concerns.

use std::fmt::Write as _;

use super::page_index::PageIndex;
use super::{page_href, Mode};
use crate::check::review::ReviewStatus;
use crate::check::{CheckReport, PageReport};
use crate::diagnostics::Diagnostic;
use crate::html::escape_html;
use crate::paths::slash_path;

pub(super) fn findings(
    html: &mut String,
    report: &CheckReport,
    pages: &PageIndex<'_>,
    mode: &Mode<'_>,
) {
    let _ = writeln!(
        html,
        "<section id=\"findings\" aria-labelledby=\"findings-title\">\n\
         <h2 id=\"findings-title\">Findings of sitegen check ({})</h2>",
        report.diagnostics.len()
    );
    if report.diagnostics.is_empty() {
        html.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    html.push_str("<ol class=\"desk-list\">\n");
    for d in &report.diagnostics {
        diagnostic_item(html, d, pages.page_of(d), mode);
    }
    html.push_str("</ol>\n</section>\n");
}

pub(super) fn diagnostic_item(
    html: &mut String,
    d: &Diagnostic,
    page: Option<&PageReport>,
    mode: &Mode<'_>,
) {
    let (class, word) = if d.is_error() {
        ("desk-error", "error")
    } else {
        ("desk-warning", "warning")
    };
    let (lang, overdue) = page.map_or(("", false), |p| {
        (
            p.language.as_str(),
            p.review.status == ReviewStatus::Overdue,
        )
    });
    let _ = write!(
        html,
        "<li class=\"desk-finding {class}\" data-lang=\"{}\" data-overdue=\"{overdue}\" \
         data-findings=\"true\"><span class=\"desk-severity\">{word}</span> \
         <code class=\"desk-place\">{}</code> <span class=\"desk-message\">{}</span>",
        escape_html(lang),
        escape_html(&slash_location(d)),
        escape_html(&d.message)
    );
    if let Some(help) = &d.help {
        let _ = write!(
            html,
            "<p class=\"desk-help\">help: {}</p>",
            escape_html(help)
        );
    }
    if let Some(page) = page {
        let href = page_href(&page.url, mode);
        let _ = write!(
            html,
            "<p class=\"desk-about\">Page: <a href=\"{}\">{}</a>",
            escape_html(&href),
            escape_html(&page.title)
        );
        if let Some(q) = d.line.and_then(|line| page.question_at(line)) {
            let _ = write!(
                html,
                " · question: <a href=\"{}#{}\">{}</a>",
                escape_html(&href),
                escape_html(&q.id),
                escape_html(&q.text)
            );
        }
        html.push_str("</p>");
    }
    html.push_str("</li>\n");
}

/// `content/es/a.md:3:1`, with `/` on every platform.
fn slash_location(d: &Diagnostic) -> String {
    let file = slash_path(&d.file);
    match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file,
    }
}
