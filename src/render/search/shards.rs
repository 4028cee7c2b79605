//! Cutting the index into the files the browser loads: the manifest (`search-index.js`),
//! term shards (`search/t<n>.js`), postings files for common stems (`search/p<n>.js`) and
//! record shards (`search/d<n>.js`). Each is a script calling `sitegenSearchShard(name,
//! data)`, which `search-engine.js` defines before loading it (see the module docs of
//! [`super`] for why, and for what a query loads).
//!
//! * **Term shards** hold the stems of one range, in the order JavaScript compares strings,
//!   cut after about [`term_shard_bytes`]; the manifest lists the range each starts at, as
//!   the shortest prefix of its first stem that sorts after the previous shard's last.
//!   A stem whose postings are longer than [`OWN_FILE_POSTINGS`] is written as
//!   `[file, documents]` and its postings in a file of their own, so a common word costs
//!   only the queries that ask for it, and a shard stays a small list of words that typo and
//!   prefix lookups can afford to load. A site whose terms fit in one shard gets them in the
//!   manifest itself (`"t"`), and no term shard file.
//! * **Record shards** hold [`block_size`] consecutive documents' records each, so the
//!   browser finds a document's shard by division, with no list in the manifest.
//! * **The manifest** names the format `version`, a hash `v` of every other file, the
//!   language its words are stemmed in, the counts, the term shards' ranges, what "no results" offers (the FAQ hub and the
//!   clinic's phone) and the words the box shows, in the site's language. Over HTTP the
//!   browser asks for the manifest afresh on each page (`search-index.js?t=...`) and for the
//!   shards it names by their hash (`t3.js?v=...`), so a cache never mixes two builds while
//!   the shards keep their names (and a rebuild rewrites only the shards that changed).

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::ops::Range;
use std::path::PathBuf;

use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};

use super::docs::{write_record, Numbering};
use super::postings::{utf16_order, Term};
use crate::model::Site;
use crate::output::{Body, OutputFile};

/// The function every file calls with its name and data.
pub(crate) const CALLBACK: &str = "sitegenSearchShard";
/// File name of the manifest in the output folder (the search box's `data-index`).
pub(crate) const INDEX_FILE: &str = "search-index.js";
/// The folder of the shards.
pub(crate) const SHARD_DIR: &str = "search";
/// Version of the files' format, in the manifest.
pub(crate) const FORMAT: u32 = 3;

/// Postings longer than this (bytes) go in a file of their own.
pub(crate) const OWN_FILE_POSTINGS: usize = 1024;
/// The smallest term shard worth a request (bytes).
const MIN_TERM_SHARD: usize = 1024;
/// At most about this many term shards, so the manifest's list of ranges stays small.
const MAX_TERM_SHARDS: usize = 256;
/// The most documents a record shard holds: ten results shown from ten shards cost at most
/// about 100 KB gzipped.
const MAX_BLOCK: usize = 64;

/// The manifest, as written.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Manifest {
    pub version: u32,
    pub v: String,
    /// The language its words are stemmed in: the query is stemmed alike (`en`, `es`).
    pub lang: String,
    /// Documents: questions, then pages.
    pub docs: usize,
    pub questions: usize,
    /// Documents per record shard.
    pub block: usize,
    /// The first stem (or a prefix of it) of each term shard.
    pub terms: Vec<String>,
    /// The only term shard, on a site small enough for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t: Option<serde_json::Map<String, serde_json::Value>>,
    /// The FAQ hub: `[title, path]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub: Option<(String, String)>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// What the search box says, in the site's language ([`UI_WORDS`] without `search_`).
    #[serde(default)]
    pub words: BTreeMap<String, String>,
}

/// The theme's strings the search box shows (see src/render/strings.rs): the box's script
/// is the same for every language, so each language's words come with its manifest.
pub(crate) const UI_WORDS: &[&str] = &[
    "search_unavailable",
    "search_result_one",
    "search_results",
    "search_results_shown",
    "search_no_results",
    "search_all_questions",
    "search_or_call",
    "search_call",
];

/// Documents per record shard: a power of two from 1 to [`MAX_BLOCK`] near a 512th of the
/// documents (1 for a site of 100 documents, 8 at 1,000 pages, 64 from 10,000 on), so a site
/// has at most about 500 record shards until each holds 64, and the ten results shown cost
/// at most ten of them.
pub fn block_size(docs: usize) -> usize {
    let share = (docs as f64 / 512.0).round() as usize;
    share.max(1).next_power_of_two().min(MAX_BLOCK)
}

/// The size a term shard is cut at: [`MIN_TERM_SHARD`], or larger on a site with so many
/// words that there would be more than about [`MAX_TERM_SHARDS`].
pub(crate) fn term_shard_bytes(terms: &[Term]) -> usize {
    let inline: usize = terms.iter().map(entry_size).sum();
    (inline / MAX_TERM_SHARDS).max(MIN_TERM_SHARD)
}

/// About how many bytes a stem takes in its shard.
fn entry_size(term: &Term) -> usize {
    let postings = if term.postings.len() > OWN_FILE_POSTINGS {
        12
    } else {
        term.postings.len()
    };
    term.stem.len() + postings + 6
}

/// The terms' shards: ranges of `terms`, each with the string its range starts at (the
/// first starts at "").
pub(crate) fn cut_terms(terms: &[Term]) -> Vec<(String, Range<usize>)> {
    let budget = term_shard_bytes(terms);
    let mut starts = vec![0];
    let mut size = 0;
    for (i, term) in terms.iter().enumerate() {
        let entry = entry_size(term);
        if size > 0 && size + entry > budget {
            starts.push(i);
            size = 0;
        }
        size += entry;
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(terms.len());
            let from = match start {
                0 => String::new(),
                _ => separator(&terms[start - 1].stem, &terms[start].stem),
            };
            (from, start..end)
        })
        .collect()
}

/// The shortest prefix of `next` that sorts after `last` (`last` < `next`).
fn separator(last: &str, next: &str) -> String {
    for (end, c) in next.char_indices() {
        let prefix = &next[..end + c.len_utf8()];
        if utf16_order(prefix, last) == std::cmp::Ordering::Greater {
            return prefix.to_string();
        }
    }
    next.to_string()
}

/// Writes the search files of `site`, handing each to `put` as soon as it is made: postings
/// files, term shards, record shards, and last the manifest, which names their hash.
pub(crate) fn write(
    site: &Site,
    numbering: &Numbering,
    terms: &[Term],
    put: &mut dyn FnMut(OutputFile),
) {
    let mut out = Shards {
        hash: FxHasher::default(),
        put,
    };
    let (ranges, inline) = write_terms(&mut out, terms);
    let block = write_records(&mut out, site, numbering);
    let manifest = Manifest {
        version: FORMAT,
        v: format!("{:016x}", out.hash.finish()),
        lang: super::StemLanguage::of(&site.config.language)
            .code()
            .to_string(),
        docs: numbering.len(),
        questions: numbering.questions(),
        block,
        terms: ranges,
        t: inline.and_then(|json| serde_json::from_slice(&json).ok()),
        hub: site.faq_hub().map(|hub| {
            let page = &site.pages[hub];
            let path = page.path.trim_start_matches('/');
            (page.meta.title.clone(), path.to_string())
        }),
        phone: site.config.clinic.phone.to_string(),
        words: UI_WORDS
            .iter()
            .map(|key| {
                let short = key.trim_start_matches("search_");
                (short.to_string(), site.strings.get(key).to_string())
            })
            .collect(),
    };
    let json = serde_json::to_vec(&manifest).unwrap_or_default();
    (out.put)(OutputFile {
        path: INDEX_FILE.into(),
        body: Body::Bytes(script("index", &json)),
        origin: PathBuf::from("content"),
    });
}

/// Where shards go, and the hash of every shard so far.
struct Shards<'a> {
    hash: FxHasher,
    put: &'a mut dyn FnMut(OutputFile),
}

impl Shards<'_> {
    /// Writes `search/<name>.js` handing `json` to the page.
    fn write(&mut self, name: &str, json: &[u8]) {
        let body = script(name, json);
        self.hash.write(&body);
        (self.put)(OutputFile {
            path: format!("{SHARD_DIR}/{name}.js"),
            body: Body::Bytes(body),
            origin: PathBuf::from("content"),
        });
    }
}

/// Writes the term shards and postings files: returns where each shard's range starts, and
/// the only shard's JSON when there is only one (it goes in the manifest, not a file).
fn write_terms(out: &mut Shards<'_>, terms: &[Term]) -> (Vec<String>, Option<Vec<u8>>) {
    let shards = cut_terms(terms);
    let mut own_files = 0;
    let mut inline = None;
    for (number, (_, range)) in shards.iter().enumerate() {
        let mut shard = Vec::with_capacity(4096);
        shard.push(b'{');
        for term in &terms[range.clone()] {
            if shard.len() > 1 {
                shard.push(b',');
            }
            crate::json_string::push_string(&mut shard, &[&term.stem]);
            shard.push(b':');
            if term.postings.len() > OWN_FILE_POSTINGS {
                let entry = format!("[{own_files},{}]", term.count);
                shard.extend_from_slice(entry.as_bytes());
                let postings = format!("\"{}\"", term.postings);
                out.write(&format!("p{own_files}"), postings.as_bytes());
                own_files += 1;
            } else {
                shard.push(b'"');
                shard.extend_from_slice(term.postings.as_bytes());
                shard.push(b'"');
            }
        }
        shard.push(b'}');
        if shards.len() == 1 {
            inline = Some(shard);
        } else {
            out.write(&format!("t{number}"), &shard);
        }
    }
    (shards.into_iter().map(|(from, _)| from).collect(), inline)
}

/// Writes the record shards; returns how many documents each holds.
fn write_records(out: &mut Shards<'_>, site: &Site, numbering: &Numbering) -> usize {
    let docs = numbering.len();
    let block = block_size(docs);
    let mut records = Vec::with_capacity(block * 512);
    for (number, start) in (0..docs).step_by(block).enumerate() {
        records.clear();
        records.push(b'[');
        for doc in start..(start + block).min(docs) {
            if doc > start {
                records.push(b',');
            }
            write_record(site, numbering, doc, &mut records);
        }
        records.push(b']');
        out.write(&format!("d{number}"), &records);
    }
    block
}

/// The script that hands `json` to the page as file `name`. `<` is escaped (JSON allows
/// `\u003c`), so no text of the site can end a script element even if one were inlined.
fn script(name: &str, json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + name.len() + CALLBACK.len() + 8);
    out.extend_from_slice(CALLBACK.as_bytes());
    out.extend_from_slice(b"(\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\",");
    if memchr::memchr(b'<', json).is_some() {
        for &byte in json {
            if byte == b'<' {
                out.extend_from_slice(b"\\u003c");
            } else {
                out.push(byte);
            }
        }
    } else {
        out.extend_from_slice(json);
    }
    out.extend_from_slice(b");\n");
    out
}

/// The JSON inside a script written by [`script`], and its name.
pub(crate) fn unwrap_script(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim().strip_prefix(CALLBACK)?.strip_prefix("(\"")?;
    let (name, json) = rest.split_once("\",")?;
    Some((name, json.strip_suffix(");")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(stem: &str, postings: usize) -> Term {
        Term {
            stem: stem.into(),
            postings: "0".repeat(postings),
            count: postings as u32,
        }
    }

    #[test]
    fn a_shard_script_hides_angle_brackets_and_reads_back() {
        let script = script("d0", br#"["</script><b>","x"]"#);
        let text = String::from_utf8(script).unwrap();
        assert!(!text.contains('<'), "{text}");
        let (name, json) = unwrap_script(&text).unwrap();
        assert_eq!(name, "d0");
        let value: Vec<String> = serde_json::from_str(json).unwrap();
        assert_eq!(value, ["</script><b>", "x"]);
    }

    #[test]
    fn each_term_shard_starts_at_the_shortest_prefix_after_the_last() {
        assert_eq!(separator("drive", "effect"), "e");
        assert_eq!(separator("abc", "abd"), "abd");
        assert_eq!(separator("ab", "abc"), "abc");
        assert_eq!(separator("dose", "drive"), "dr");
        // Enough words for several shards; each stem lies in the range of its own shard.
        let terms: Vec<Term> = (0..500).map(|i| term(&format!("w{i:04}"), 20)).collect();
        let shards = cut_terms(&terms);
        assert!(shards.len() > 3, "{}", shards.len());
        assert_eq!(shards[0].0, "");
        for (n, (from, range)) in shards.iter().enumerate() {
            for t in &terms[range.clone()] {
                assert!(utf16_order(from, &t.stem).is_le());
                if let Some((next, _)) = shards.get(n + 1) {
                    assert!(utf16_order(&t.stem, next).is_lt());
                }
            }
        }
        assert_eq!(shards.last().unwrap().1.end, terms.len());
    }

    #[test]
    fn common_words_do_not_fill_a_term_shard() {
        let terms = vec![
            term("a", 10),
            term("b", OWN_FILE_POSTINGS + 1),
            term("c", 10),
        ];
        assert!(entry_size(&terms[1]) < 20);
        assert_eq!(cut_terms(&terms).len(), 1);
        assert_eq!(cut_terms(&[]), vec![(String::new(), 0..0)]);
    }

    #[test]
    fn record_shards_grow_slowly_with_the_site() {
        assert_eq!(block_size(0), 1);
        assert_eq!(block_size(96), 1);
        assert_eq!(block_size(4_000), 8);
        assert_eq!(block_size(40_111), 64);
        assert_eq!(block_size(400_000), 64);
    }
}
