//! The question map: where every question id, and every id a question had before, lives
//! now, so that a link from anywhere (a bookmark, a search result, an email, a partner's
//! page) that names a question on the wrong page still lands on its answer.
//!
//! A page opened with a `#fragment` it does not have asks the map, through the theme's
//! script, where that id went. The map is split into small shards by the id's first
//! character (`anchors/s.js` holds the ids starting with `s`), each a plain script that sets
//! `window.sitegenAnchors`, so it loads from `file://` as well as from a server, and nothing is
//! fetched unless a fragment is unknown. Paths are site paths without the leading `/`
//! (`safety/#is-ketamine-addictive`); the script puts the page's root before them.

use std::path::PathBuf;

use crate::json_string::escape;
use crate::model::Site;
use crate::output::{Body, OutputFile};

/// The folder of the shards in the output.
pub(crate) const FOLDER: &str = "anchors";

/// The shard an id belongs to: its first character, lower-cased, if it is a letter or digit,
/// else `_`. (The theme's script computes the same.)
pub(crate) fn shard_of(id: &str) -> char {
    match id.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
        _ => '_',
    }
}

/// The shards the question map of `site` has, each once.
pub(crate) fn shards(site: &Site) -> std::collections::BTreeSet<char> {
    site.questions
        .all
        .iter()
        .flat_map(|q| std::iter::once(&*q.id).chain(q.old_ids.iter().map(String::as_str)))
        .map(shard_of)
        .collect()
}

/// The file of a shard: `anchors/s.js`.
pub(crate) fn shard_file(shard: char) -> String {
    format!("{FOLDER}/{shard}.js")
}

/// A question's id or one of its old ids, and where the question lives now.
struct AnchorEntry<'a> {
    shard: char,
    id: &'a str,
    /// The question's page path without the leading `/`, and its id.
    path: &'a str,
    question: &'a str,
}

/// One file per shard.
pub(crate) fn files(site: &Site) -> Vec<OutputFile> {
    let entries = site.questions.all.iter().flat_map(|question| {
        let path = site.pages[question.page].path.trim_start_matches('/');
        // Its old ids first, then its id: of two questions with one id, the later one wins.
        question
            .old_ids
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(&*question.id))
            .map(move |id| AnchorEntry {
                shard: shard_of(id),
                id,
                path,
                question: &question.id,
            })
    });
    shard_scripts(entries.collect())
        .into_iter()
        .map(|(shard, script)| OutputFile {
            path: shard_file(shard),
            body: Body::Bytes(script),
            origin: PathBuf::from("content"),
        })
        .collect()
}

const SCRIPT_START: &str = "window.sitegenAnchors = Object.assign(window.sitegenAnchors || {}, ";
const SCRIPT_END: &str = ");\n";

/// The script of each shard, in shard order: its ids in order, each once (the last entry
/// for it wins), as one JSON object safe inside `<script>`, written straight from the entries.
fn shard_scripts(mut entries: Vec<AnchorEntry>) -> Vec<(char, Vec<u8>)> {
    // Stable: of equal ids, the last given stays last.
    entries.sort_by(|a, b| (a.shard, a.id).cmp(&(b.shard, b.id)));
    let mut scripts: Vec<(char, Vec<u8>)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entries
            .get(i + 1)
            .is_some_and(|next| (next.shard, next.id) == (entry.shard, entry.id))
        {
            continue;
        }
        match scripts.last_mut() {
            Some((shard, script)) if *shard == entry.shard => script.push(b','),
            _ => {
                let mut script = SCRIPT_START.as_bytes().to_vec();
                script.push(b'{');
                scripts.push((entry.shard, script));
            }
        }
        let Some((_, script)) = scripts.last_mut() else {
            continue;
        };
        let mut put = |piece: &str| script.extend_from_slice(piece.as_bytes());
        put("\"");
        escape::<true>(entry.id, &mut put);
        put("\":\"");
        escape::<true>(entry.path, &mut put);
        put("#");
        escape::<true>(entry.question, &mut put);
        put("\"");
    }
    for (_, script) in &mut scripts {
        script.push(b'}');
        script.extend_from_slice(SCRIPT_END.as_bytes());
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// The scripts as they were made before: a map of each shard through serde_json, then
    /// escaped for `<script>`.
    fn scripts_through_serde(entries: &[AnchorEntry]) -> Vec<(char, Vec<u8>)> {
        let mut shards: BTreeMap<char, BTreeMap<&str, String>> = BTreeMap::new();
        for e in entries {
            let target = format!("{}#{}", e.path, e.question);
            shards.entry(e.shard).or_default().insert(e.id, target);
        }
        shards
            .into_iter()
            .map(|(shard, ids)| {
                let map = serde_json::to_string(&ids).unwrap();
                let script = format!(
                    "{SCRIPT_START}{}{SCRIPT_END}",
                    crate::render::jsonld::escape_for_script(&map)
                );
                (shard, script.into_bytes())
            })
            .collect()
    }

    proptest! {
        #[test]
        fn shards_are_written_as_serde_json_writes_their_maps(
            questions in proptest::collection::vec(
                ("[a-c0-9_ñ<\"&]{0,3}", "[a-z/<>&\"\\\\]{0,6}", "[a-c]{0,2}"),
                0..40,
            )
        ) {
            let entries: Vec<AnchorEntry> = questions
                .iter()
                .map(|(id, path, question)| AnchorEntry {
                    shard: shard_of(id),
                    id,
                    path,
                    question,
                })
                .collect();
            let expected = scripts_through_serde(&entries);
            prop_assert_eq!(shard_scripts(entries), expected);
        }
    }

    #[test]
    fn ids_are_sharded_by_their_first_letter_or_digit() {
        assert_eq!(shard_of("is-ketamine-addictive"), 'i');
        assert_eq!(shard_of("Driving"), 'd');
        assert_eq!(shard_of("988-help"), '9');
        assert_eq!(shard_of("ñame"), '_');
        assert_eq!(shard_of(""), '_');
    }
}
