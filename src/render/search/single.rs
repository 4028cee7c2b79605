//! The whole index in one piece, as the site had it before it was sharded: every record and
//! every stem's postings. The shards are cut from the same postings; tests compare the two
//! (in Rust by reading a build's files back with [`read`], in the browser's engine by
//! searching both), so sharding can never change a result.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::docs::{record, Numbering, Record};
use super::postings;
use super::shards::{unwrap_script, Manifest, INDEX_FILE, SHARD_DIR};
use crate::model::Site;

/// Every record and every stem's postings.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Single {
    /// The language its words are stemmed in (`en`, `es`).
    pub lang: String,
    /// How many documents are questions (they come first).
    pub questions: usize,
    /// The records, by document number.
    pub docs: Vec<Record>,
    /// Stem -> postings.
    pub terms: BTreeMap<String, String>,
}

impl Single {
    /// The site path of document `doc` (`safety/`, `safety/#q`).
    pub fn path(&self, doc: usize) -> &str {
        match &self.docs[doc] {
            Record::Question(_, path, _, _) | Record::Page(_, path, _) => path,
        }
    }

    /// The title of document `doc` (a page's title, or the question).
    pub fn title(&self, doc: usize) -> &str {
        match &self.docs[doc] {
            Record::Question(title, _, _, _) | Record::Page(title, _, _) => title,
        }
    }
}

/// The whole index of `site`.
pub fn single(site: &Site) -> Single {
    let numbering = Numbering::new(site);
    let terms = postings::build(site, &numbering)
        .into_iter()
        .map(|t| (t.stem, t.postings))
        .collect();
    Single {
        lang: super::StemLanguage::of(&site.config.language)
            .code()
            .to_string(),
        questions: numbering.questions(),
        docs: (0..numbering.len())
            .map(|doc| record(site, &numbering, doc))
            .collect(),
        terms,
    }
}

/// Reads the search files of a built site in `dir` back into one index, as the browser would
/// find them from the manifest.
pub fn read(dir: &Path) -> Result<Single, String> {
    let load = |name: &str| -> Result<serde_json::Value, String> {
        let file = match name {
            "index" => dir.join(INDEX_FILE),
            _ => dir.join(SHARD_DIR).join(format!("{name}.js")),
        };
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let (called, json) =
            unwrap_script(&text).ok_or_else(|| format!("{}: not a shard", file.display()))?;
        if called != name {
            return Err(format!("{}: calls itself {called}", file.display()));
        }
        serde_json::from_str(json).map_err(|e| format!("{}: {e}", file.display()))
    };
    let manifest: Manifest =
        serde_json::from_value(load("index")?).map_err(|e| format!("manifest: {e}"))?;
    let mut terms = BTreeMap::new();
    for number in 0..manifest.terms.len() {
        let shard = match &manifest.t {
            Some(inline) if manifest.terms.len() == 1 => inline.clone(),
            _ => match load(&format!("t{number}"))? {
                serde_json::Value::Object(map) => map,
                _ => return Err(format!("t{number}: not an object")),
            },
        };
        for (stem, entry) in shard {
            let postings = match entry {
                serde_json::Value::String(text) => text,
                serde_json::Value::Array(pair) => {
                    let file = pair.first().and_then(|n| n.as_u64()).ok_or("bad entry")?;
                    load(&format!("p{file}"))?
                        .as_str()
                        .ok_or("postings file without postings")?
                        .to_string()
                }
                _ => return Err(format!("t{number}: bad entry for {stem}")),
            };
            terms.insert(stem, postings);
        }
    }
    let mut docs = Vec::with_capacity(manifest.docs);
    for number in 0..manifest.docs.div_ceil(manifest.block.max(1)) {
        let records: Vec<Record> = serde_json::from_value(load(&format!("d{number}"))?)
            .map_err(|e| format!("d{number}: {e}"))?;
        docs.extend(records);
    }
    Ok(Single {
        lang: manifest.lang,
        questions: manifest.questions,
        docs,
        terms,
    })
}
