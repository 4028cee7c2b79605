//! The site search index: `search-index.js`, read by the theme's `search-engine.js` in the
//! browser.
//!
//! **What is indexed.** One entry per page (its title, description, headings and the text that
//! is not part of a question's answer) and one per question (the question and its answer), so
//! a search lands on the question's own anchor (`safety/#can-i-drive-home-afterwards`).
//! Every occurrence of a word is indexed once: under its question if it is in an answer, under
//! the page otherwise.
//!
//! **Word forms.** Words are lower-cased, apostrophes dropped, split on anything that is not a
//! letter or digit, common English stop words dropped, then reduced to their Snowball English
//! (Porter2) stem with `rust-stemmers` ("effects" -> "effect", "driving" -> "drive"). The
//! browser stems the query with a JavaScript port of the same published algorithm in
//! `search-engine.js`; `tests/publish.rs` runs both over the clinic site's vocabulary and
//! requires the same stems.
//!
//! **Format.** A script, not JSON, so it loads from `file://` where `fetch` is refused:
//! `window.sitegenSearchIndex = {"docs": [[title, path, note], ...], "terms": {stem: postings}}`.
//! For a page, `path` is its site path without the leading `/` (`safety/`) and `note` its
//! description; for a question, `path` is `#id` and `note` the number of its page's document
//! (so the page's path and title are not repeated 30,000 times on a large site). The browser
//! prefixes the page's own root, so results work from every depth, under a project path and
//! offline. Postings list the documents holding a stem, each as `(gap << 2) | fields`, where
//! `gap` is the distance from the previous document number and `fields` has bit 0 set when the
//! stem is in the title (page title or question) and bit 1 when in a heading or the
//! description; each number is written in base 32, most significant digit first, with the
//! digits `0-9A-V` ending a number and `W-Za-z-_` continuing it, so the common small gaps
//! take one character.
//!
//! **Why not elasticlunr-rs.** It is only passively maintained, its English pipeline uses the
//! older Porter stemmer, and its index (a per-character trie with per-field term frequencies)
//! is several times larger than this one and needs the elasticlunr.js runtime in the page,
//! which we would have to ship. A map of stems to delta-coded postings is all a 50-page site,
//! or a 10,000-page one, needs; the language work (stemming) comes from a crate.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::markdown::Rendered;
use crate::render::{Body, OutputFile};
use crate::site::Site;

/// File name of the index in the output folder.
pub const INDEX_FILE: &str = "search-index.js";
/// The global the index script sets.
pub const GLOBAL: &str = "sitegenSearchIndex";

/// Words too common to help a search (mirrored in `search-engine.js`), sorted for binary
/// search.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
    "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "to", "was", "we", "were", "which", "with", "you", "your",
];

/// The longest stop word, so longer words skip the lookup.
const MAX_STOP_WORD_LEN: usize = 5;

const IN_TITLE: u8 = 1;
const IN_HEADING: u8 = 2;

/// The whole index, as serialised.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Index {
    /// `[title, path, note]` per document.
    pub docs: Vec<(String, String, Note)>,
    /// Stem -> postings (see the module docs).
    pub terms: BTreeMap<String, String>,
}

/// The third field of a document: a page's description, or a question's page.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Note {
    Page(usize),
    Text(String),
}

impl Index {
    /// The site path (`safety/#q`) and the note text of document `doc`.
    pub fn resolve(&self, doc: usize) -> (String, String) {
        let (_, path, note) = &self.docs[doc];
        match note {
            Note::Text(text) => (path.clone(), text.clone()),
            Note::Page(page) => (
                format!("{}{path}", self.docs[*page].1),
                self.docs[*page].0.clone(),
            ),
        }
    }
}

/// Digits of the postings encoding: the first 32 end a number, the last 32 continue it.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

fn encode_number(mut value: u64, out: &mut String) {
    let mut groups = Vec::new();
    loop {
        groups.push((value & 31) as usize);
        value >>= 5;
        if value == 0 {
            break;
        }
    }
    let last = groups.len() - 1;
    for (i, g) in groups.iter().rev().enumerate() {
        out.push(DIGITS[if i == last { *g } else { 32 + g }] as char);
    }
}

/// Splits text into lower-case search words (stop words and single characters removed).
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let mut out = Vec::new();
    split_words(text, &mut String::new(), |w| {
        if !is_stop_word(w) {
            out.push(w.to_string())
        }
    });
    out.into_iter()
}

fn is_stop_word(word: &str) -> bool {
    word.len() <= MAX_STOP_WORD_LEN && STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `f` with each word of `text` of two or more characters, lower-cased into `buf`
/// (reused, so the words cost no allocation): runs of letters and digits, apostrophes
/// dropped. ASCII, nearly all of an English site, is handled a byte at a time.
fn split_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let mut flush = |buf: &mut String| {
        let long_enough =
            buf.len() > 1 && (buf.len() > 4 || buf.is_ascii() || buf.chars().count() > 1);
        if long_enough {
            f(buf);
        }
        buf.clear();
    };
    buf.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii() {
            i += 1;
            if byte.is_ascii_alphanumeric() {
                buf.push(byte.to_ascii_lowercase() as char);
            } else if byte != b'\'' && !buf.is_empty() {
                flush(buf);
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{2019}' {
            continue;
        } else if c.is_alphanumeric() {
            buf.extend(c.to_lowercase());
        } else if !buf.is_empty() {
            flush(buf);
        }
    }
    if !buf.is_empty() {
        flush(buf);
    }
}

/// A word of up to 16 bytes packed into one number: looking it up costs no string hashing
/// or comparison (words never contain a NUL byte, so the padding is unambiguous).
fn packed(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut key = [0u8; 16];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// The stem number given to stop words: they are looked up like any word, then skipped.
const STOP: u32 = u32::MAX;

/// A stemmer that remembers the stems it has worked out: a site repeats the same few
/// thousand words, and stemming is the costly part of building the index. Stems are numbered
/// per worker, so a document collects small numbers rather than strings.
struct Stems {
    stemmer: Stemmer,
    /// Words of up to 16 bytes (nearly all), by [`packed`] key; stop words map to [`STOP`].
    known_short: HashMap<u128, u32>,
    known_long: HashMap<String, u32>,
    by_stem: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
    /// Scratch space for lower-casing words.
    buffer: String,
}

impl Stems {
    fn new() -> Self {
        let known_short = STOP_WORDS
            .iter()
            .filter_map(|w| Some((packed(w)?, STOP)))
            .collect();
        Stems {
            stemmer: Stemmer::create(Algorithm::English),
            known_short,
            known_long: HashMap::default(),
            by_stem: HashMap::default(),
            names: Vec::new(),
            buffer: String::new(),
        }
    }

    /// The number of `word`'s stem ([`STOP`] for a stop word).
    fn id(&mut self, word: &str) -> u32 {
        let key = packed(word);
        let known = match key {
            Some(key) => self.known_short.get(&key),
            None => self.known_long.get(word),
        };
        if let Some(&id) = known {
            return id;
        }
        let stem: Arc<str> = Arc::from(self.stemmer.stem(word).as_ref());
        let next = self.names.len() as u32;
        let id = *self.by_stem.entry(stem.clone()).or_insert(next);
        if id == next {
            self.names.push(stem);
        }
        match key {
            Some(key) => self.known_short.insert(key, id),
            None => self.known_long.insert(word.to_string(), id),
        };
        id
    }
}

/// A document while its page is indexed: stem numbers and the fields they are in.
struct DocBuilder {
    entry: (String, String, Note),
    ids: HashMap<u32, u8>,
}

impl DocBuilder {
    fn new(entry: (String, String, Note)) -> Self {
        DocBuilder {
            entry,
            ids: HashMap::default(),
        }
    }

    fn add(&mut self, stems: &mut Stems, text: &str, fields: u8) {
        let mut buf = std::mem::take(&mut stems.buffer);
        split_words(text, &mut buf, |word| {
            let id = stems.id(word);
            if id != STOP {
                *self.ids.entry(id).or_insert(0) |= fields;
            }
        });
        stems.buffer = buf;
    }

    fn finish(self, stems: &Stems) -> Doc {
        Doc {
            entry: self.entry,
            stems: self
                .ids
                .into_iter()
                .map(|(id, f)| (stems.names[id as usize].clone(), f))
                .collect(),
        }
    }
}

/// One document of the index: its stems and the fields they are in.
struct Doc {
    entry: (String, String, Note),
    stems: Vec<(Arc<str>, u8)>,
}

/// The documents of page `index`: the page first, then its questions (whose `Note::Page`
/// holds 0, the page's position in this list, until [`build`] numbers them).
fn page_docs(site: &Site, rendered: &[Rendered], index: usize, stems: &mut Stems) -> Vec<Doc> {
    let page = &site.pages[index];
    let path = page.path.trim_start_matches('/').to_string();
    let mut doc = DocBuilder::new((
        page.meta.title.clone(),
        path,
        Note::Text(page.meta.description.clone()),
    ));
    doc.add(stems, &page.meta.title, IN_TITLE);
    doc.add(stems, &page.meta.description, IN_HEADING);
    for heading in &page.doc.headings {
        doc.add(stems, &heading.text, IN_HEADING);
    }
    // Body words outside every answer belong to the page; the rest to their question.
    doc.add(stems, &page.doc.text_outside_answers, 0);
    let answers = rendered.get(index).map(|r| &r.answers[..]).unwrap_or(&[]);
    let mut docs = vec![doc.finish(stems)];
    for &q in &site.questions.of_page[index] {
        let question = &site.questions.all[q];
        let mut doc = DocBuilder::new((
            question.text.clone(),
            format!("#{}", question.id),
            Note::Page(0),
        ));
        doc.add(stems, &question.text, IN_TITLE);
        if let Some((_, text)) = answers.get(question.block) {
            doc.add(stems, text, 0);
        }
        docs.push(doc.finish(stems));
    }
    docs
}

/// Builds the index of `site` (bodies as rendered, for the answers' text). Pages are indexed
/// in parallel, each worker keeping its own stem cache.
pub fn build(site: &Site, rendered: &[Rendered]) -> Index {
    let per_page: Vec<Vec<Doc>> = (0..site.pages.len())
        .into_par_iter()
        .map_init(Stems::new, |stems, index| {
            page_docs(site, rendered, index, stems)
        })
        .collect();
    let mut docs: Vec<Doc> = Vec::with_capacity(per_page.iter().map(Vec::len).sum());
    for page in per_page {
        let page_doc = docs.len();
        docs.extend(page.into_iter().map(|mut doc| {
            if let Note::Page(local) = &mut doc.entry.2 {
                *local += page_doc;
            }
            doc
        }));
    }
    let _stage = crate::timings::stage("(postings)");
    // Postings in document order; each stem is borrowed from its documents until the end.
    let mut postings: HashMap<&str, (u64, String)> = HashMap::default();
    for (number, doc) in docs.iter().enumerate() {
        let number = number as u64 + 1;
        for (stem, fields) in &doc.stems {
            let (previous, list) = postings.entry(stem.as_ref()).or_default();
            encode_number(((number - *previous) << 2) | u64::from(*fields), list);
            *previous = number;
        }
    }
    let terms: BTreeMap<String, String> = postings
        .into_iter()
        .map(|(stem, (_, list))| (stem.to_string(), list))
        .collect();
    Index {
        docs: docs.into_iter().map(|d| d.entry).collect(),
        terms,
    }
}

/// Decodes a postings list into `(document number, fields)` pairs.
pub fn decode(postings: &str) -> Vec<(usize, u8)> {
    let mut out = Vec::new();
    let (mut doc, mut value) = (0u64, 0u64);
    for byte in postings.bytes() {
        let Some(digit) = DIGITS.iter().position(|&d| d == byte) else {
            continue;
        };
        value = (value << 5) | (digit as u64 & 31);
        if digit < 32 {
            doc += value >> 2;
            out.push((doc.saturating_sub(1) as usize, (value & 3) as u8));
            value = 0;
        }
    }
    out
}

/// The index as the script the browser loads.
pub fn to_script(index: &Index) -> String {
    let json = serde_json::to_string(index).unwrap_or_else(|_| "{}".into());
    // `</script` cannot occur in JSON strings once `<` is escaped; keep the file inert anyway.
    let json = json.replace('<', "\\u003c");
    format!("window.{GLOBAL}={json};\n")
}

/// Reads the JSON back out of a script written by [`to_script`] (for tests and tools).
pub fn from_script(script: &str) -> Option<Index> {
    let json = script
        .trim()
        .strip_prefix(&format!("window.{GLOBAL}="))?
        .strip_suffix(';')?;
    serde_json::from_str(json).ok()
}

/// `search-index.js` for the output folder.
pub fn index_file(site: &Site, rendered: &[Rendered]) -> OutputFile {
    let index = build(site, rendered);
    let _stage = crate::timings::stage("(index.js)");
    OutputFile {
        path: INDEX_FILE.into(),
        body: Body::Bytes(to_script(&index).into_bytes()),
        origin: PathBuf::from("content"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_apostrophes_stop_words_and_punctuation() {
        let w: Vec<String> = words("Can I drive? It's the side-effects’ job, 988.").collect();
        assert_eq!(w, ["can", "drive", "side", "effects", "job", "988"]);
    }

    #[test]
    fn words_with_one_stem_share_one_number() {
        let mut stems = Stems::new();
        let drive = stems.id("drive");
        assert_eq!(stems.id("driving"), drive);
        assert_ne!(stems.id("home"), drive);
        let mut doc = DocBuilder::new((String::new(), String::new(), Note::Page(0)));
        doc.add(&mut stems, "Driving home? Drive home.", 0);
        assert_eq!(doc.finish(&stems).stems.len(), 2);
    }

    #[test]
    fn words_handle_accents_long_words_and_curly_apostrophes() {
        let w: Vec<String> = words("Café ÉTÉ don’t x é İ psychotherapeutically-minded").collect();
        assert_eq!(
            w,
            [
                "café",
                "été",
                "dont",
                "i\u{307}",
                "psychotherapeutically",
                "minded"
            ]
        );
    }

    #[test]
    fn stop_words_and_long_words_are_indexed_like_the_browser_expects() {
        let mut stems = Stems::new();
        let mut doc = DocBuilder::new((String::new(), String::new(), Note::Page(0)));
        doc.add(
            &mut stems,
            "The psychotherapeutically THE Psychotherapeutically",
            0,
        );
        let found = doc.finish(&stems).stems;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&*found[0].0, "psychotherapeut");
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_LEN)
        );
    }

    #[test]
    fn word_forms_share_a_stem() {
        let s = Stemmer::create(Algorithm::English);
        assert_eq!(s.stem("effects"), s.stem("effect"));
        assert_eq!(s.stem("driving"), s.stem("drive"));
    }

    #[test]
    fn postings_round_trip_through_gaps() {
        let mut postings = String::new();
        for value in [(1u64 << 2) | 1, 3 << 2, (2 << 2) | 2, 5000 << 2] {
            encode_number(value, &mut postings);
        }
        assert_eq!(postings, "5CApn0");
        assert_eq!(decode(&postings), vec![(0, 1), (3, 0), (5, 2), (5005, 0)]);
        let index = Index {
            docs: vec![
                ("T".into(), "a/".into(), Note::Text("<x>".into())),
                ("Q?".into(), "#q".into(), Note::Page(0)),
            ],
            terms: [("t".to_string(), postings)].into_iter().collect(),
        };
        assert_eq!(index.resolve(1), ("a/#q".to_string(), "T".to_string()));
        let script = to_script(&index);
        assert!(!script.contains('<'));
        assert_eq!(from_script(&script), Some(index));
    }
}
