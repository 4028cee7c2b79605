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

use crate::json_string::push_string;
use crate::model::Site;
use crate::output::{Body, OutputFile};

/// The feed's format version.
pub(crate) const VERSION: u32 = 1;
/// The feed's file in the output.
pub(crate) const FILE: &str = "questions.json";
/// Its JSON Schema, written beside it.
pub(crate) const SCHEMA_FILE: &str = "questions.schema.json";
/// The schema's text (kept in `src/render/questions.schema.json`).
const SCHEMA: &str = include_str!("questions.schema.json");

/// A page as the feed names it: `{"title": ..., "url": ...}`.
#[cfg_attr(test, derive(serde::Serialize))]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
}

/// One question of the feed (its fields in the order they are written).
#[cfg_attr(test, derive(serde::Serialize))]
struct FeedQuestion<'a> {
    id: &'a str,
    old_ids: &'a [String],
    question: &'a str,
    answer: &'a str,
    url: &'a str,
    page: Link<'a>,
    last_reviewed: Option<&'a str>,
}

/// What the feed writes of the page its questions are on, made once per page (a page's
/// questions come together), and the URL of each question made in one buffer.
#[derive(Default)]
struct PageTexts {
    page: Option<crate::model::PageId>,
    /// The page's absolute URL.
    url: String,
    /// Its review date, `YYYY-MM-DD`.
    last_reviewed: Option<String>,
}

/// `questions.json` and its schema. The feed is written one question a line, each as it is
/// serialised (on a large site it is megabytes, so no list of questions is built first).
pub(crate) fn files(site: &Site) -> Vec<OutputFile> {
    let config = &site.config;
    let mut out: Vec<u8> = Vec::with_capacity(site.questions.all.len() * 512 + 256);
    out.extend_from_slice(b"{\"$schema\":");
    push_string(&mut out, &[&config.absolute(SCHEMA_FILE)]);
    out.extend_from_slice(format!(",\"version\":{VERSION},\"site\":").as_bytes());
    write_link(
        &mut out,
        &Link {
            title: &config.title,
            url: &config.base_url,
        },
    );
    out.extend_from_slice(b",\"questions\":[");
    let mut of_page = PageTexts::default();
    let mut question_url = String::with_capacity(config.base_url.len() + 128);
    for (n, q) in site.questions.all.iter().enumerate() {
        let page = &site.pages[q.page];
        if of_page.page != Some(q.page) {
            of_page = PageTexts {
                page: Some(q.page),
                url: config.absolute(&page.path),
                last_reviewed: page.meta.last_reviewed.map(|d| d.to_string()),
            };
        }
        // As `config.absolute` makes it, for the page's path and the question's fragment.
        question_url.clear();
        question_url.push_str(&config.base_url);
        question_url.push_str(page.path.trim_start_matches('/'));
        question_url.push('#');
        question_url.push_str(&q.id);
        out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
        write_question(
            &mut out,
            &FeedQuestion {
                id: &q.id,
                old_ids: &q.old_ids,
                question: &q.text,
                answer: page
                    .doc
                    .answer_texts
                    .get(q.block)
                    .map_or("", String::as_str),
                url: &question_url,
                page: Link {
                    title: &page.meta.title,
                    url: &of_page.url,
                },
                last_reviewed: of_page.last_reviewed.as_deref(),
            },
        );
    }
    out.extend_from_slice(b"\n]}\n");
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.to_string(),
        body: Body::Bytes(bytes),
        origin: PathBuf::from("content"),
    };
    vec![
        file(FILE, out),
        file(SCHEMA_FILE, SCHEMA.as_bytes().to_vec()),
    ]
}

/// Writes `link` as JSON at the end of `out`, as serde_json writes a struct of its fields.
fn write_link(out: &mut Vec<u8>, link: &Link) {
    out.extend_from_slice(b"{\"title\":");
    push_string(out, &[link.title]);
    out.extend_from_slice(b",\"url\":");
    push_string(out, &[link.url]);
    out.push(b'}');
}

/// Writes `q` as JSON at the end of `out`, as serde_json writes a struct of its fields (an
/// absent review date as `null`): straight into the feed, each string escaped a run of plain
/// bytes at a time.
fn write_question(out: &mut Vec<u8>, q: &FeedQuestion) {
    out.extend_from_slice(b"{\"id\":");
    push_string(out, &[q.id]);
    out.extend_from_slice(b",\"old_ids\":[");
    for (i, old) in q.old_ids.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_string(out, &[old]);
    }
    out.extend_from_slice(b"],\"question\":");
    push_string(out, &[q.question]);
    out.extend_from_slice(b",\"answer\":");
    push_string(out, &[q.answer]);
    out.extend_from_slice(b",\"url\":");
    push_string(out, &[q.url]);
    out.extend_from_slice(b",\"page\":");
    write_link(out, &q.page);
    out.extend_from_slice(b",\"last_reviewed\":");
    match q.last_reviewed {
        Some(date) => push_string(out, &[date]),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_question_is_written_as_serde_json_writes_it(
            texts in proptest::collection::vec(any::<String>(), 6),
            old_ids in proptest::collection::vec(any::<String>(), 0..3),
            last_reviewed in proptest::option::of(any::<String>()),
        ) {
            let q = FeedQuestion {
                id: &texts[0],
                old_ids: &old_ids,
                question: &texts[1],
                answer: &texts[2],
                url: &texts[3],
                page: Link { title: &texts[4], url: &texts[5] },
                last_reviewed: last_reviewed.as_deref(),
            };
            let mut ours = Vec::new();
            write_question(&mut ours, &q);
            prop_assert_eq!(ours, serde_json::to_vec(&q).unwrap());
        }
    }

    #[test]
    fn plain_and_escaped_questions_are_written_as_serde_json_writes_them() {
        let old_ids = ["was-\"this\"".to_string(), "and\\that\n".to_string()];
        for last_reviewed in [None, Some("2026-11-28")] {
            for ids in [&old_ids[..0], &old_ids[..1], &old_ids[..]] {
                let q = FeedQuestion {
                    id: "can-i-drive",
                    old_ids: ids,
                    question: "Can I drive home afterwards?",
                    answer: "No. <b>Never</b> \u{1} caf\u{e9} \u{2028}",
                    url: "https://example.org/a/#can-i-drive",
                    page: Link {
                        title: "What to \"expect\"",
                        url: "https://example.org/a/",
                    },
                    last_reviewed,
                };
                let mut ours = Vec::new();
                write_question(&mut ours, &q);
                assert_eq!(ours, serde_json::to_vec(&q).unwrap());
            }
        }
    }
}
