//! Translations that have fallen behind their source. A translation (`safety/_index.es.md`)
//! records the version of its source (`safety/_index.md`) it was made from, as
//! `source_version = "…"` in its front matter ([`crate::content::source_version`]: it
//! changes when the source's title, description or body does). When the source has moved
//! on, or the translation records no version, that is a warning naming both files and the
//! version to record once the translation is brought up to date.
//!
//! A translated block (`content/_blocks/warning-signs.es.md`) records the version of the
//! block it translates the same way ([`crate::content::blocks::version`]).
//!
//! A translated question keeps the id of the question it translates, so links and the
//! language switcher find it; a question whose id the source does not have is a warning.
//!
//! [`review`] also gives each page's [`TranslationState`] for the report: a translation is up to date,
//! behind or unrecorded; a page in the default language lists the languages it is up to
//! date, behind or missing in.

use std::collections::HashMap;

use crate::content::source_version;
use crate::diagnostics::{slash_path, Diagnostic};
use crate::model::Site;

/// Where a page stands with its translations.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TranslationState {
    /// The site has one language.
    #[default]
    OneLanguage,
    /// A page in the default language, by the languages of its translations.
    Source {
        up_to_date: Vec<String>,
        /// Translations behind this page, or not saying which version they were made from.
        behind: Vec<String>,
        missing: Vec<String>,
    },
    /// A translation made from the current version of its source (a file).
    UpToDate { source: String },
    /// A translation made from an older version of its source.
    Behind { source: String },
    /// A translation that does not say which version of its source it was made from.
    Unrecorded { source: String },
    /// A page in another language with no page in the default language.
    NoSource,
}

/// Translations against their sources: the findings, and each page's state by its file.
#[derive(Debug, Clone, Default)]
pub(crate) struct TranslationReview {
    pub diagnostics: Vec<Diagnostic>,
    pub states: HashMap<String, TranslationState>,
}

/// [`check`] of each translation (`sites[1..]`) against the default language's site
/// (`sites[0]`), and every page's [`TranslationState`].
pub(crate) fn review(sites: &[&Site]) -> TranslationReview {
    let mut review = TranslationReview::default();
    let Some((default, translations)) = sites.split_first() else {
        return review;
    };
    if translations.is_empty() {
        return review;
    }
    let mut sources: HashMap<&str, (&crate::content::Page, TranslationState)> = default
        .pages
        .iter()
        .map(|p| {
            let state = TranslationState::Source {
                up_to_date: Vec::new(),
                behind: Vec::new(),
                missing: Vec::new(),
            };
            (p.rel.as_str(), (&**p, state))
        })
        .collect();
    for translation in translations {
        let language = translation.config.language.clone();
        let mut translated = std::collections::HashSet::new();
        for page in translation.pages.iter() {
            let state = match sources.get_mut(page.rel.as_str()) {
                None => TranslationState::NoSource,
                Some((
                    source,
                    TranslationState::Source {
                        up_to_date, behind, ..
                    },
                )) => {
                    translated.insert(page.rel.as_str());
                    let current = source_version(source);
                    let source_file = slash_path(&source.source);
                    match page.meta.source_version.as_deref() {
                        Some(recorded) if recorded == current => {
                            up_to_date.push(language.clone());
                            TranslationState::UpToDate {
                                source: source_file,
                            }
                        }
                        Some(_) => {
                            behind.push(language.clone());
                            TranslationState::Behind {
                                source: source_file,
                            }
                        }
                        None => {
                            behind.push(language.clone());
                            TranslationState::Unrecorded {
                                source: source_file,
                            }
                        }
                    }
                }
                Some(_) => TranslationState::NoSource,
            };
            review.states.insert(slash_path(&page.source), state);
        }
        for (rel, (_, state)) in sources.iter_mut() {
            if let TranslationState::Source { missing, .. } = state {
                if !translated.contains(rel) {
                    missing.push(language.clone());
                }
            }
        }
        review.diagnostics.extend(check(default, translation));
    }
    review.states.extend(
        sources
            .into_values()
            .map(|(page, state)| (slash_path(&page.source), state)),
    );
    review
}

/// The findings of every page of `translation` against its source in `default`.
pub(crate) fn check(default: &Site, translation: &Site) -> Vec<Diagnostic> {
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

/// The blocks of each language of the site (`sites[0]` in the default language), as
/// loading reads them.
pub(crate) fn blocks_of(sites: &[&Site]) -> Vec<std::sync::Arc<crate::content::blocks::Blocks>> {
    use crate::content::{blocks, ClinicValues, Language};
    let Some(first) = sites.first() else {
        return Vec::new();
    };
    let languages: Vec<Language> = sites
        .iter()
        .enumerate()
        .map(|(i, site)| Language {
            code: (i > 0).then(|| site.config.language.clone()),
            values: Some(ClinicValues::new(&site.config.clinic)),
            ..Language::default()
        })
        .collect();
    blocks::load(&first.root, &languages).0
}

/// The findings of every translated block of the site (`sites[0]` in the default language,
/// the others its translations) against the block it translates.
pub(crate) fn check_blocks(sites: &[&Site]) -> Vec<Diagnostic> {
    let loaded = blocks_of(sites);
    let Some((default, others)) = loaded.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for translated in others.iter().flat_map(|b| b.by_name.values()) {
        let Some(source) = default.by_name.get(&translated.name) else {
            continue;
        };
        let current = crate::content::blocks::version(source);
        let source_file = slash_path(&source.source);
        match &translated.source_version {
            Some((recorded, _)) if *recorded == current => {}
            Some((recorded, line)) => out.push(
                Diagnostic::warning(
                    &translated.source,
                    format!(
                        "translation is behind {source_file}: it was made from version \"{recorded}\", and the block is now \"{current}\""
                    ),
                )
                .at(*line, 1)
                .help(format!(
                    "bring it up to date with {source_file} (`git log -p {source_file}` shows what changed), then set source_version = \"{current}\""
                )),
            ),
            None => out.push(
                Diagnostic::warning(
                    &translated.source,
                    format!("translation does not say which version of {source_file} it was made from"),
                )
                .at(1, 1)
                .help(format!(
                    "when it matches {source_file}, add front matter with source_version = \"{current}\" (a `+++` line, source_version = \"{current}\", a `+++` line)"
                )),
            ),
        }
    }
    out
}
