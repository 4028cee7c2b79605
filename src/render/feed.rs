//! `questions.json`: every published question of the site with its answer as plain text, for
//! the clinic's phone team, partners and chat tools, in a versioned format described by
//! `questions.schema.json` (written beside it) and README "Questions feed".
//!
//! Version 1:
//!
//! ```json
//! {"$schema": "https://.../questions.schema.json", "version": 1,
//!  "site": {"title": "...", "url": "https://.../"},
//!  "questions": [{"id": "can-i-drive-home-afterwards", "old_ids": [],
//!                 "question": "Can I drive home afterwards?", "answer": "No. ...",
//!                 "url": "https://.../what-to-expect/#can-i-drive-home-afterwards",
//!                 "page": {"title": "What to expect", "url": "https://.../what-to-expect/"},
//!                 "last_reviewed": "2026-11-28"}]}
//! ```
//!
//! A change that could break a reader of the feed (a field removed or changed in meaning)
//! raises `version`; new fields may be added within a version. Questions are in site order.
//! The feed is published with the site; the offline copy has it only with `--feed`.

use std::path::PathBuf;

use serde::Serialize;

use crate::model::Site;
use crate::output::{Body, OutputFile};

/// The feed's format version.
pub const VERSION: u32 = 1;
/// The feed's file in the output.
pub const FILE: &str = "questions.json";
/// Its JSON Schema, written beside it.
pub const SCHEMA_FILE: &str = "questions.schema.json";
/// The schema's text (kept in `src/render/questions.schema.json`).
const SCHEMA: &str = include_str!("questions.schema.json");

#[derive(Serialize)]
struct Feed<'a> {
    #[serde(rename = "$schema")]
    schema: String,
    version: u32,
    site: Link<'a>,
    questions: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Question<'a> {
    id: &'a str,
    old_ids: &'a [String],
    question: &'a str,
    answer: &'a str,
    url: String,
    page: Link<'a>,
    last_reviewed: Option<String>,
}

/// `questions.json` and its schema.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    let questions = site
        .questions
        .all
        .iter()
        .map(|q| {
            let page = &site.pages[q.page];
            Question {
                id: &q.id,
                old_ids: &q.old_ids,
                question: &q.text,
                answer: page
                    .doc
                    .answer_texts
                    .get(q.block)
                    .map_or("", String::as_str),
                url: config.absolute(&format!("{}#{}", page.path, q.id)),
                page: Link {
                    title: &page.meta.title,
                    url: config.absolute(&page.path),
                },
                last_reviewed: page.meta.last_reviewed.map(|d| d.to_string()),
            }
        })
        .collect();
    let feed = Feed {
        schema: config.absolute(SCHEMA_FILE),
        version: VERSION,
        site: Link {
            title: &config.title,
            url: config.base_url.clone(),
        },
        questions,
    };
    let file = |path: &str, text: String| OutputFile {
        path: path.to_string(),
        body: Body::Bytes(text.into_bytes()),
        origin: PathBuf::from("content"),
    };
    let mut json = serde_json::to_string_pretty(&feed).unwrap_or_default();
    json.push('\n');
    vec![file(FILE, json), file(SCHEMA_FILE, SCHEMA.to_string())]
}
