//! Translations that have fallen behind their source. A translation (`safety/_index.es.md`)
//! records the version of its source (`safety/_index.md`) it was made from, as
//! `source_version = "…"` in its front matter ([`crate::content::source_version`]: it
//! changes when the source's title, description or body does). When the source has moved
//! on, or the translation records no version, that is a warning naming both files and the
//! version to record once the translation is brought up to date.
//!
//! A translated question keeps the id of the question it translates, so links and the
//! language switcher find it; a question whose id the source does not have is a warning.

use std::collections::HashMap;

use crate::content::source_version;
use crate::diagnostics::{slash_path, Diagnostic};
use crate::model::Site;

/// The findings of every page of `translation` against its source in `default`.
pub fn check(default: &Site, translation: &Site) -> Vec<Diagnostic> {
    let sources: HashMap<&str, &crate::content::Page> = default
        .pages
        .iter()
        .map(|p| (p.rel.as_str(), &**p))
        .collect();
    let mut out = Vec::new();
    for page in translation.pages.iter() {
        let Some(source) = sources.get(page.rel.as_str()) else {
            continue;
        };
        let current = source_version(source);
        let source_file = slash_path(&source.source);
        match page.meta.source_version.as_deref() {
            Some(recorded) if recorded == current => {}
            Some(recorded) => out.push(
                page.meta.place_at_key(
                    Diagnostic::warning(
                        &page.source,
                        format!(
                            "translation is behind {source_file}: it was made from version \"{recorded}\", and the source is now \"{current}\""
                        ),
                    ),
                    "source_version",
                    &page.doc,
                )
                .help(format!(
                    "bring it up to date with {source_file} (`git log -p {source_file}` shows what changed), then set source_version = \"{current}\""
                )),
            ),
            None => out.push(
                Diagnostic::warning(
                    &page.source,
                    format!("translation does not say which version of {source_file} it was made from"),
                )
                .at(page.meta.line, 1)
                .help(format!(
                    "when it matches {source_file}, add source_version = \"{current}\" to its front matter"
                )),
            ),
        }
        let question_headings = |p: &'_ crate::content::Page| -> Vec<crate::markdown::Heading> {
            p.doc
                .questions
                .iter()
                .map(|q| p.doc.headings[q.heading].clone())
                .collect()
        };
        let source_ids: Vec<String> = question_headings(source)
            .into_iter()
            .map(|h| h.id)
            .collect();
        for question in question_headings(page) {
            if !source_ids.contains(&question.id) {
                out.push(
                    Diagnostic::warning(
                        &page.source,
                        format!(
                            "question \"{}\" has the id `{}`, which no question of {source_file} has",
                            question.text, question.id
                        ),
                    )
                    .at(question.line, 1)
                    .help("give a translated question the id of the question it translates: `### ¿…? {#source-question-id}`"),
                );
            }
        }
    }
    out
}
