//! Printing a [`CheckReport`]: for people (findings grouped by file, rustc-style with
//! `file:line:column`, then the review-status and reading-level tables and a count line) or
//! as JSON for tools (the shape is documented in README, "sitegen check").

use std::fmt::Write as _;

use super::reading::ReadingTarget;
use super::to_confirm::{self, ReasonKind, ShownOn, ToConfirm};
use super::CheckReport;
use crate::diagnostics::{plural, Severity};

/// The report as people read it: what is left to confirm is a list of warnings, or of
/// errors when the publish gate refuses the site (`--publish` without `--sample`).
pub fn human(report: &CheckReport) -> String {
    let severity = match &report.publish {
        Some(verdict) if !verdict.sample => Severity::Error,
        _ => Severity::Warning,
    };
    human_for(report, severity)
}

/// The report as people read it, with what is left to confirm reported at `severity`
/// (errors for `check --publish`).
pub(crate) fn human_for(report: &CheckReport, to_confirm_severity: Severity) -> String {
    let mut out = String::new();
    let mut current: Option<&std::path::Path> = None;
    for d in &report.diagnostics {
        if current != Some(d.file.as_path()) {
            current = Some(d.file.as_path());
            let (errors, warnings) = counts(report, &d.file);
            let _ = writeln!(
                out,
                "== {}: {}\n",
                d.file.display(),
                count_words(errors, warnings)
            );
        }
        let _ = writeln!(out, "{d}");
    }
    if !report.pages.is_empty() {
        out.push_str(&review_table(report));
        out.push('\n');
        out.push_str(&reading_table(report, report.reading_grade_target));
        out.push('\n');
    }
    out.push_str(&to_confirm_list(&report.to_confirm, to_confirm_severity));
    let _ = writeln!(
        out,
        "check: {} in {} page{}{}",
        count_words(report.errors(), report.warnings()),
        report.pages.len(),
        plural(report.pages.len()),
        if !report.builds {
            " (the site does not build; fix its errors first)"
        } else {
            ""
        }
    );
    if let Some(verdict) = &report.publish {
        let _ = writeln!(out, "publish: {}", verdict.reason);
    }
    out
}

/// The report as JSON: `{"diagnostics": [...], "pages": [...], "errors": N, "warnings": N}`.
pub fn json(report: &CheckReport) -> String {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        report: &'a CheckReport,
        errors: usize,
        warnings: usize,
    }
    serde_json::to_string_pretty(&Json {
        report,
        errors: report.errors(),
        warnings: report.warnings(),
    })
    .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Everything left to confirm, each with its place, why and where it shows, then a count.
pub(crate) fn to_confirm_list(list: &[ToConfirm], severity: Severity) -> String {
    let Some(summary) = to_confirm::summary(list) else {
        return String::new();
    };
    let kind = match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("== {summary}\n");
    for item in list {
        out.push('\n');
        let _ = writeln!(
            out,
            "{kind}: {} = \"{}\"",
            item.what,
            shorten(&item.value, 70)
        );
        let _ = writeln!(out, "  --> {}", item.location());
        for reason in &item.reasons {
            let _ = match reason.kind {
                ReasonKind::Unconfirmed => writeln!(out, "   = {}", reason.why),
                ReasonKind::Fictional => writeln!(out, "   = cannot be real: {}", reason.why),
            };
        }
        let languages = item.languages.join(", ");
        let _ = match &item.shown_on {
            ShownOn::EveryPage => writeln!(out, "   = shown on every page ({languages})"),
            ShownOn::Pages(pages) if pages.is_empty() => {
                writeln!(out, "   = shown on no page yet ({languages})")
            }
            ShownOn::Pages(pages) => writeln!(
                out,
                "   = shown on {} page{} ({languages}): {}",
                pages.len(),
                plural(pages.len()),
                pages.join(", ")
            ),
        };
    }
    let _ = writeln!(
        out,
        "\n{summary}. Once the clinic confirms a value, write it in site.toml as plain text \
         (drop `{{ unconfirmed = ... }}`); fix what cannot be real. `sitegen check --publish` \
         refuses to publish until none is left.\n"
    );
    out
}

/// `text`, cut to `max` characters with "..." when longer.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 3).collect();
    format!("{}...", cut.trim_end())
}

fn counts(report: &CheckReport, file: &std::path::Path) -> (usize, usize) {
    let of_file = report.diagnostics.iter().filter(|d| d.file == file);
    let errors = of_file.clone().filter(|d| d.is_error()).count();
    (errors, of_file.count() - errors)
}

fn count_words(errors: usize, warnings: usize) -> String {
    format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    )
}

fn review_table(report: &CheckReport) -> String {
    let rows: Vec<Vec<String>> = report
        .pages
        .iter()
        .map(|p| {
            let r = &p.review;
            let next = match (&r.next_review, r.next_review_is_default) {
                (Some(d), true) => format!("{d} (default)"),
                (Some(d), false) => d.clone(),
                (None, _) => "-".into(),
            };
            vec![
                p.file.clone(),
                r.last_reviewed.clone().unwrap_or_else(|| "-".into()),
                next,
                r.reviewed_by.clone().unwrap_or_else(|| "-".into()),
                r.status.label().into(),
            ]
        })
        .collect();
    table(
        "Review status",
        &[
            "page",
            "last reviewed",
            "next review due",
            "reviewed by",
            "status",
        ],
        &rows,
    )
}

fn reading_table(report: &CheckReport, target: Option<f64>) -> String {
    let rows: Vec<Vec<String>> = report
        .pages
        .iter()
        .map(|p| {
            let r = &p.reading;
            let over = if p.reading_target.missed_by(r) {
                " (below target)"
            } else {
                ""
            };
            let over = match p.reading_target {
                ReadingTarget::GradeAtMost(_) => over.replace("below", "above"),
                ReadingTarget::EaseAtLeast(_) => over.to_string(),
            };
            let level = match (r.flesch_kincaid_grade, r.fernandez_huerta) {
                (Some(grade), _) => format!("grade {grade:.1}{over}"),
                (None, Some(ease)) => format!("ease {ease:.1}{over}"),
                (None, None) => "-".into(),
            };
            vec![
                p.file.clone(),
                r.words.to_string(),
                r.sentences.to_string(),
                level,
                r.smog.map_or("-".into(), |s| format!("{s:.1}")),
            ]
        })
        .collect();
    let mut title = match target {
        Some(t) => format!("Reading level (target: grade {t} or below, Flesch-Kincaid"),
        None => "Reading level (".into(),
    };
    let ease_targets: std::collections::BTreeSet<String> = report
        .pages
        .iter()
        .filter_map(|p| match p.reading_target {
            ReadingTarget::EaseAtLeast(t) => Some(format!("{t}")),
            ReadingTarget::GradeAtMost(_) => None,
        })
        .collect();
    for ease in ease_targets {
        if !title.ends_with('(') {
            title.push_str("; ");
        }
        title.push_str(&format!(
            "Spanish pages: ease {ease} or above, Fernández-Huerta"
        ));
    }
    if title.ends_with('(') {
        title.truncate(title.len() - 2);
    } else {
        title.push(')');
    }
    table(
        &title,
        &["page", "words", "sentences", "level", "SMOG"],
        &rows,
    )
}

/// A plain-text table with columns padded to their widest cell.
fn table(title: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut out = format!("{title}\n");
    out.push_str(&line(header));
    out.push_str(&line(&rule.iter().map(String::as_str).collect::<Vec<_>>()));
    for row in rows {
        out.push_str(&line(&row.iter().map(String::as_str).collect::<Vec<_>>()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::reading::ReadingLevel;
    use crate::check::review::{Review, ReviewStatus};
    use crate::check::PageReport;
    use crate::diagnostics::Diagnostic;

    fn report() -> CheckReport {
        CheckReport {
            builds: true,
            diagnostics: vec![
                Diagnostic::error("content/a.md", "image has no alt text").at(7, 5),
                Diagnostic::warning("content/a.md", "review due soon").at(4, 1),
                Diagnostic::warning("content/b.md", "reads at grade 9").at(1, 1),
            ],
            pages: vec![PageReport {
                file: "content/a.md".into(),
                url: "/a/".into(),
                title: "A".into(),
                language: "en".into(),
                reading: ReadingLevel {
                    flesch_kincaid_grade: Some(9.25),
                    smog: Some(10.0),
                    fernandez_huerta: None,
                    words: 120,
                    sentences: 10,
                },
                reading_target: ReadingTarget::GradeAtMost(8.0),
                review: Review {
                    last_reviewed: Some("2026-01-01".into()),
                    next_review: Some("2027-01-01".into()),
                    next_review_is_default: true,
                    reviewed_by: None,
                    days_until_due: Some(40),
                    status: ReviewStatus::NoReviewer,
                },
                translation: crate::check::translations::TranslationState::OneLanguage,
                questions: Vec::new(),
            }],
            reading_grade_target: Some(8.0),
            to_confirm: Vec::new(),
            publish: None,
            external: None,
        }
    }

    #[test]
    fn human_output_groups_by_file_and_ends_with_tables_and_counts() {
        let text = human(&report());
        assert!(
            text.contains("== content/a.md: 1 error, 1 warning"),
            "{text}"
        );
        assert!(text.contains("--> content/a.md:7:5"));
        assert!(text.find("== content/a.md").unwrap() < text.find("== content/b.md").unwrap());
        assert!(text.contains("2027-01-01 (default)"));
        assert!(text.contains("NO REVIEWER"));
        assert!(
            text.contains("grade 9.2 (above target)") || text.contains("grade 9.3 (above target)"),
            "{text}"
        );
        assert!(
            text.trim_end()
                .ends_with("check: 1 error, 2 warnings in 1 page"),
            "{text}"
        );
    }

    #[test]
    fn json_carries_counts_diagnostics_and_pages() {
        let v: serde_json::Value = serde_json::from_str(&json(&report())).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["warnings"], 2);
        assert_eq!(v["diagnostics"][0]["severity"], "error");
        assert_eq!(v["diagnostics"][0]["line"], 7);
        assert_eq!(v["diagnostics"][0]["column"], 5);
        assert_eq!(v["pages"][0]["reading"]["smog"], 10.0);
        assert_eq!(v["pages"][0]["review"]["status"], "no_reviewer");
    }
}
