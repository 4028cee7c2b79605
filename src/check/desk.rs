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

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::reading::ReadingTarget;
use super::review::ReviewStatus;
use super::to_confirm::{self, ShownOn};
use super::translations::TranslationState;
use super::{CheckReport, PageReport};
use crate::diagnostics::{plural, Diagnostic};
use crate::html::escape_html;
use crate::paths::slash_path;

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
    to_confirm(&mut html, report, mode);
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

/// The pages by file, and each page's findings counted.
struct PageIndex<'r> {
    by_file: HashMap<&'r str, &'r PageReport>,
    findings: HashMap<&'r str, usize>,
    /// Pages per language, in order.
    languages: BTreeMap<&'r str, usize>,
}

impl<'r> PageIndex<'r> {
    fn of(report: &'r CheckReport) -> PageIndex<'r> {
        let by_file: HashMap<&str, &PageReport> =
            report.pages.iter().map(|p| (p.file.as_str(), p)).collect();
        let mut findings = HashMap::new();
        for d in &report.diagnostics {
            let file = slash_path(&d.file);
            if let Some((&key, _)) = by_file.get_key_value(file.as_str()) {
                *findings.entry(key).or_insert(0) += 1;
            }
        }
        let mut languages = BTreeMap::new();
        for p in &report.pages {
            *languages.entry(p.language.as_str()).or_insert(0) += 1;
        }
        PageIndex {
            by_file,
            findings,
            languages,
        }
    }

    fn page_of(&self, d: &Diagnostic) -> Option<&'r PageReport> {
        self.by_file.get(slash_path(&d.file).as_str()).copied()
    }
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

/// What is left to confirm before publishing: unconfirmed clinic values and reviewers, and
/// what cannot be real, each once with its place and the pages that show it.
fn to_confirm(html: &mut String, report: &CheckReport, mode: &Mode<'_>) {
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

/// Overdue first, then due soon, then pages never reviewed or with no reviewer, then the
/// rest; by due date within each.
fn review_rank(p: &PageReport) -> (u8, i64, &str) {
    let rank = match p.review.status {
        ReviewStatus::Overdue => 0,
        ReviewStatus::DueSoon => 1,
        ReviewStatus::NeverReviewed => 2,
        ReviewStatus::NoReviewer => 3,
        ReviewStatus::Current => 4,
    };
    (rank, p.review.days_until_due.unwrap_or(i64::MAX), &p.file)
}

fn page_href(url: &str, mode: &Mode<'_>) -> String {
    match mode {
        Mode::Preview(_) => url.to_string(),
        Mode::File => crate::output::output_path(url),
    }
}

fn page_table(html: &mut String, report: &CheckReport, pages: &PageIndex<'_>, mode: &Mode<'_>) {
    let mut rows: Vec<&PageReport> = report.pages.iter().collect();
    rows.sort_by(|a, b| review_rank(a).cmp(&review_rank(b)));
    let _ = writeln!(
        html,
        "<section id=\"pages\" aria-labelledby=\"pages-title\">\n\
         <h2 id=\"pages-title\">Pages ({})</h2>\n\
         <p>Overdue reviews first, then those due within 60 days.</p>\n\
         <table class=\"desk-pages\">\n<thead><tr><th scope=\"col\">Page</th>\
         <th scope=\"col\">Language</th><th scope=\"col\">Last reviewed</th>\
         <th scope=\"col\">Next review due</th><th scope=\"col\">Reviewer</th>\
         <th scope=\"col\">Reading level</th><th scope=\"col\">Translation</th>\
         <th scope=\"col\">Findings</th></tr></thead>\n<tbody>",
        report.pages.len()
    );
    for p in rows {
        let r = &p.review;
        let found = pages.findings.get(p.file.as_str()).copied().unwrap_or(0);
        let overdue = r.status == ReviewStatus::Overdue;
        let _ = write!(
            html,
            "<tr data-lang=\"{}\" data-overdue=\"{overdue}\" data-findings=\"{}\">\
             <th scope=\"row\" data-label=\"Page\"><a href=\"{}\">{}</a><br><code>{}</code></th>\
             <td data-label=\"Language\">{}</td><td data-label=\"Last reviewed\"><span class=\"desk-date\">{}</span></td>",
            escape_html(&p.language),
            found > 0,
            escape_html(&page_href(&p.url, mode)),
            escape_html(&p.title),
            escape_html(&p.file),
            escape_html(&p.language),
            escape_html(r.last_reviewed.as_deref().unwrap_or("never")),
        );
        let due = match (&r.next_review, r.next_review_is_default) {
            (Some(d), true) => format!(
                "<span class=\"desk-date\">{}</span> (site default)",
                escape_html(d)
            ),
            (Some(d), false) => format!("<span class=\"desk-date\">{}</span>", escape_html(d)),
            (None, _) => "-".into(),
        };
        let (class, status) = match r.status {
            ReviewStatus::Overdue => ("desk-bad", "overdue".to_string()),
            ReviewStatus::DueSoon => (
                "desk-warn",
                format!("due in {} days", r.days_until_due.unwrap_or(0)),
            ),
            ReviewStatus::NeverReviewed => ("desk-bad", "never reviewed".into()),
            ReviewStatus::NoReviewer => ("desk-bad", "no reviewer".into()),
            ReviewStatus::Current => ("", String::new()),
        };
        let status = if status.is_empty() {
            String::new()
        } else {
            format!(" <span class=\"{class}\">{status}</span>")
        };
        let _ = writeln!(
            html,
            "<td data-label=\"Next review due\">{due}{status}</td>\
             <td data-label=\"Reviewer\">{}</td><td data-label=\"Reading level\">{}</td>\
             <td data-label=\"Translation\">{}</td><td data-label=\"Findings\">{}</td></tr>",
            r.reviewed_by
                .as_deref()
                .map_or("<span class=\"desk-bad\">none</span>".into(), escape_html),
            reading(p),
            translation(&p.translation),
            if found > 0 {
                format!("<a href=\"#findings\">{found}</a>")
            } else {
                "0".into()
            }
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn reading(p: &PageReport) -> String {
    let r = &p.reading;
    let missed = p.reading_target.missed_by(r);
    let level = match (p.reading_target, r.flesch_kincaid_grade, r.fernandez_huerta) {
        (ReadingTarget::GradeAtMost(t), Some(g), _) => {
            format!("grade {g:.1} (target {t} or below)")
        }
        (ReadingTarget::EaseAtLeast(t), _, Some(e)) => format!("ease {e:.1} (target {t} or above)"),
        (_, Some(g), _) => format!("grade {g:.1}"),
        (_, _, Some(e)) => format!("ease {e:.1}"),
        _ => return "-".into(),
    };
    if missed {
        format!("{level} <span class=\"desk-warn\">too hard</span>")
    } else {
        level
    }
}

fn translation(state: &TranslationState) -> String {
    let languages = |ls: &[String]| escape_html(&ls.join(", "));
    match state {
        TranslationState::OneLanguage => "-".into(),
        TranslationState::Source {
            up_to_date,
            behind,
            missing,
        } => {
            let mut parts = Vec::new();
            if !up_to_date.is_empty() {
                parts.push(format!("up to date: {}", languages(up_to_date)));
            }
            if !behind.is_empty() {
                parts.push(format!(
                    "<span class=\"desk-warn\">behind: {}</span>",
                    languages(behind)
                ));
            }
            if !missing.is_empty() {
                parts.push(format!(
                    "<span class=\"desk-warn\">missing: {}</span>",
                    languages(missing)
                ));
            }
            parts.join("<br>")
        }
        TranslationState::UpToDate { source } => format!("up to date with <code>{}</code>", escape_html(source)),
        TranslationState::Behind { source } => format!(
            "<span class=\"desk-warn\">behind its source</span> <code>{}</code>",
            escape_html(source)
        ),
        TranslationState::Unrecorded { source } => format!(
            "<span class=\"desk-warn\">behind its source?</span> (no source_version) <code>{}</code>",
            escape_html(source)
        ),
        TranslationState::NoSource => "no page in the default language".into(),
    }
}

fn findings(html: &mut String, report: &CheckReport, pages: &PageIndex<'_>, mode: &Mode<'_>) {
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

fn diagnostic_item(html: &mut String, d: &Diagnostic, page: Option<&PageReport>, mode: &Mode<'_>) {
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
