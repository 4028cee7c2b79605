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

use std::collections::BTreeMap;
use std::path::PathBuf;

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

/// One file per shard.
pub(crate) fn files(site: &Site) -> Vec<OutputFile> {
    let mut shards: BTreeMap<char, BTreeMap<&str, String>> = BTreeMap::new();
    for question in &site.questions.all {
        let page = &site.pages[question.page];
        let path = page.path.trim_start_matches('/');
        let mut target = String::with_capacity(path.len() + 1 + question.id.len());
        target.push_str(path);
        target.push('#');
        target.push_str(&question.id);
        // Its old ids get copies; its id, the last, takes the target itself.
        for id in &question.old_ids {
            shards
                .entry(shard_of(id))
                .or_default()
                .insert(id, target.clone());
        }
        let id = &*question.id;
        shards.entry(shard_of(id)).or_default().insert(id, target);
    }
    shards
        .into_iter()
        .map(|(shard, ids)| {
            let map = serde_json::to_string(&ids).unwrap_or_default();
            let script = format!(
                "window.sitegenAnchors = Object.assign(window.sitegenAnchors || {{}}, {});\n",
                crate::render::jsonld::escape_for_script(&map)
            );
            OutputFile {
                path: shard_file(shard),
                body: Body::Bytes(script.into_bytes()),
                origin: PathBuf::from("content"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::shard_of;

    #[test]
    fn ids_are_sharded_by_their_first_letter_or_digit() {
        assert_eq!(shard_of("is-ketamine-addictive"), 'i');
        assert_eq!(shard_of("Driving"), 'd');
        assert_eq!(shard_of("988-help"), '9');
        assert_eq!(shard_of("ñame"), '_');
        assert_eq!(shard_of(""), '_');
    }
}
