//! The desk's list of what is left to confirm before publishing.

use std::fmt::Write as _;

use super::{page_href, Mode};
use crate::check::to_confirm::{self, ShownOn};
use crate::check::CheckReport;
use crate::html::escape_html;

/// What is left to confirm before publishing: unconfirmed clinic values and reviewers, and
/// what cannot be real, each once with its place and the pages that show it.
pub(super) fn to_confirm(html: &mut String, report: &CheckReport, mode: &Mode<'_>) {
    let list = &report.to_confirm;
    let _ = writeln!(
        html,
        "<section id=\"confirm\" aria-labelledby=\"confirm-title\">\n\
         <h2 id=\"confirm-title\">Left to confirm before publishing ({})</h2>",
        list.len()
    );
    // With `--publish`, the gate's verdict closes the section.
    let verdict = report.publish.as_ref().map_or(String::new(), |v| {
        format!(
            "<p class=\"{}\">sitegen check --publish: {}</p>\n",
            if v.allowed { "desk-good" } else { "desk-bad" },
            escape_html(&v.reason)
        )
    });
    let Some(summary) = to_confirm::summary(list) else {
        html.push_str(
            "<p class=\"desk-good\">Nothing: every clinic value and reviewer is confirmed, \
             and nothing looks made up.</p>\n",
        );
        html.push_str(&verdict);
        html.push_str("</section>\n");
        return;
    };
    let _ = writeln!(
        html,
        "<p>{}. Once the clinic confirms a value, write it in site.toml as plain text (drop \
         <code>{{ unconfirmed = ... }}</code>); fix what cannot be real. \
         <code>sitegen check --publish</code> refuses to publish until none is left.</p>",
        escape_html(&summary)
    );
    html.push_str("<ol class=\"desk-list\">\n");
    for item in list {
        let class = if item.is_fictional() {
            "desk-error"
        } else {
            "desk-warning"
        };
        let word = if item.is_fictional() {
            "cannot be real"
        } else {
            "unconfirmed"
        };
        let place = match (item.line, item.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", item.file),
            (Some(l), None) => format!("{}:{l}", item.file),
            _ => item.file.clone(),
        };
        let _ = write!(
            html,
            "<li class=\"desk-confirm {class}\"><span class=\"desk-severity\">{word}</span> \
             <code class=\"desk-place\">{}</code> <strong>{}</strong> = <q>{}</q>",
            escape_html(&place),
            escape_html(&item.what),
            escape_html(&item.value)
        );
        for reason in &item.reasons {
            let _ = write!(
                html,
                "<p class=\"desk-help\">{}</p>",
                escape_html(&reason.why)
            );
        }
        let languages = escape_html(&item.languages.join(", "));
        match &item.shown_on {
            ShownOn::EveryPage => {
                let _ = write!(
                    html,
                    "<p class=\"desk-about\">Shown on every page ({languages})</p>"
                );
            }
            ShownOn::Pages(pages) if pages.is_empty() => {
                let _ = write!(
                    html,
                    "<p class=\"desk-about\">Shown on no page yet ({languages})</p>"
                );
            }
            ShownOn::Pages(pages) => {
                let links: Vec<String> = pages
                    .iter()
                    .map(|p| {
                        format!(
                            "<a href=\"{}\">{}</a>",
                            escape_html(&page_href(p, mode)),
                            escape_html(p)
                        )
                    })
                    .collect();
                let _ = write!(
                    html,
                    "<p class=\"desk-about\">Shown on ({languages}): {}</p>",
                    links.join(", ")
                );
            }
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n");
    html.push_str(&verdict);
    html.push_str("</section>\n");
}
