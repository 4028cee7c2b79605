//! The site search index: `search-index.js`, read by the theme's `search-engine.js` in the
//! browser.
//!
//! **What is indexed.** One entry per page (its title, description, headings and the text that
//! is not part of a question's answer) and one per question (the question and its answer), so
//! a search lands on the question's own anchor (`safety/#can-i-drive-home-afterwards`).
//! Every occurrence of a word is indexed once: under its question if it is in an answer, under
//! the page otherwise.
//!
//! **Word forms.** The words of [`crate::text`]'s splitter (the one the markdown's word
//! count and the reading level use) are lower-cased, apostrophes dropped, cut at anything that
//! is not a letter or digit, common English stop words dropped, then reduced to their Snowball English
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

use crate::model::{PageId, Site};
use crate::output::{Body, OutputFile};

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
    // Base-32 digits, least significant first (a u64 has at most 13).
    let mut groups = [0u8; 13];
    let mut count = 0;
    loop {
        groups[count] = (value & 31) as u8;
        count += 1;
        value >>= 5;
        if value == 0 {
            break;
        }
    }
    for (i, &g) in groups[..count].iter().rev().enumerate() {
        let continues = if i + 1 == count { 0 } else { 32 };
        out.push(DIGITS[usize::from(g) + continues] as char);
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

/// Calls `f` with each search term of `text`, lower-cased into `buf` (reused, so terms cost
/// no allocation): the words of [`crate::text`]'s splitter, each cut into runs of letters and
/// digits with apostrophes dropped ("side-effects" gives "side" and "effects", "don't"
/// gives "dont"); terms of one character are left out.
fn split_words(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    crate::text::for_each_word(text, |word| terms_of_word(word, buf, &mut f));
}

/// The search terms of one word (see [`split_words`]).
fn terms_of_word(word: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let mut flush = |buf: &mut String| {
        let long_enough =
            buf.len() > 1 && (buf.len() > 4 || buf.is_ascii() || buf.chars().count() > 1);
        if long_enough {
            f(buf);
        }
        buf.clear();
    };
    buf.clear();
    let bytes = word.as_bytes();
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
        let Some(c) = word[i..].chars().next() else {
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

/// Which bytes are ASCII letters and digits, by value: one lookup per byte of text.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

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

/// The stems of the document being indexed, with the fields each is in: a table by stem
/// number (stems are numbered densely per run of pages), so adding a word costs no hashing.
#[derive(Default)]
struct Found {
    /// By stem number: `PRESENT | fields`, or 0 if not in the document.
    fields: Vec<u8>,
    /// The stem numbers present, in the order first seen.
    present: Vec<u32>,
}

const PRESENT: u8 = 0x80;

impl Found {
    fn add(&mut self, id: u32, fields: u8) {
        let index = id as usize;
        if index >= self.fields.len() {
            self.fields.resize(index + 1, 0);
        }
        let slot = &mut self.fields[index];
        if *slot == 0 {
            self.present.push(id);
        }
        *slot |= PRESENT | fields;
    }

    /// The stems found with their fields, emptying the table for the next document.
    fn drain(&mut self) -> Vec<(u32, u8)> {
        let fields = &mut self.fields;
        self.present
            .drain(..)
            .map(|id| {
                let slot = std::mem::take(&mut fields[id as usize]);
                (id, slot & !PRESENT)
            })
            .collect()
    }

    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.present
            .iter()
            .map(|&id| (id, self.fields[id as usize] & !PRESENT))
    }
}

/// The index of a run of consecutive pages, built by one worker: the pages' documents, and
/// for each stem the documents holding it (in document order) with the fields it is in.
/// Stems are numbered within the run, so collecting postings needs no string hashing.
struct Chunk {
    stems: Stems,
    docs: Vec<(String, String, Note)>,
    /// By stem number: `(document number, fields)`.
    postings: Vec<Vec<(u32, u8)>>,
    /// Scratch: the stems of the document being indexed, with their fields.
    found: Found,
}

impl Chunk {
    fn new() -> Self {
        Chunk {
            stems: Stems::new(),
            docs: Vec::new(),
            postings: Vec::new(),
            found: Found::default(),
        }
    }

    /// Indexes one document, number `number`: `texts` with the fields each is in.
    fn add_doc(&mut self, number: usize, entry: (String, String, Note), texts: &[(&str, u8)]) {
        let mut buf = std::mem::take(&mut self.stems.buffer);
        for &(text, fields) in texts {
            if text.is_ascii() {
                self.add_ascii(text.as_bytes(), fields);
                continue;
            }
            split_words(text, &mut buf, |word| {
                let id = self.stems.id(word);
                if id != STOP {
                    self.found.add(id, fields);
                }
            });
        }
        self.stems.buffer = buf;
        if self.postings.len() < self.stems.names.len() {
            self.postings.resize_with(self.stems.names.len(), Vec::new);
        }
        for (id, fields) in self.found.drain() {
            self.postings[id as usize].push((number as u32, fields));
        }
        self.docs.push(entry);
    }

    /// The terms of ASCII `text`, as [`split_words`] finds them: each word of the one
    /// splitter is read a byte at a time, and each term of up to 16 letters is packed
    /// straight into its lookup key, so nearly every term costs one table lookup and no
    /// copying.
    fn add_ascii(&mut self, text: &[u8], fields: u8) {
        let text = std::str::from_utf8(text).unwrap_or("");
        crate::text::for_each_word(text, |word| self.add_ascii_word(word.as_bytes(), fields));
    }

    /// The terms of one ASCII word.
    fn add_ascii_word(&mut self, word_bytes: &[u8], fields: u8) {
        let mut term = [0u8; 16];
        let mut len = 0;
        for &byte in word_bytes.iter().chain(std::iter::once(&b' ')) {
            if WORD_BYTE[usize::from(byte)] {
                // `| 0x20` lower-cases a letter and leaves a digit as it is. A term longer
                // than the key wraps around here, but then the key is not used.
                term[len & 15] = byte | 0x20;
                len += 1;
            } else if byte != b'\'' && len > 0 {
                if len <= term.len() {
                    self.add_short_word(&term, len, fields);
                } else {
                    self.add_long_word(word_bytes, fields);
                    return;
                }
                term = [0; 16];
                len = 0;
            }
        }
    }

    /// Records the term in `word[..len]` (at most 16 bytes, zeros after).
    fn add_short_word(&mut self, word: &[u8; 16], len: usize, fields: u8) {
        if len < 2 {
            return;
        }
        let key = u128::from_le_bytes(*word);
        let id = match self.stems.known_short.get(&key) {
            Some(&id) => id,
            None => self
                .stems
                .id(std::str::from_utf8(&word[..len]).unwrap_or("")),
        };
        if id != STOP {
            self.found.add(id, fields);
        }
    }

    /// A term longer than 16 letters is rare: index its whole word the general way (terms
    /// of the word already recorded are recorded again, which changes nothing).
    fn add_long_word(&mut self, word: &[u8], fields: u8) {
        let mut buf = std::mem::take(&mut self.stems.buffer);
        split_words(std::str::from_utf8(word).unwrap_or(""), &mut buf, |term| {
            let id = self.stems.id(term);
            if id != STOP {
                self.found.add(id, fields);
            }
        });
        self.stems.buffer = buf;
    }

    /// Indexes page `index` of `site`, whose own document is number `first`: the page, then
    /// its questions (each noting its page's document number).
    fn add_page(&mut self, site: &Site, index: PageId, first: usize) {
        let page = &site.pages[index];
        let mut texts: Vec<(&str, u8)> = vec![
            (&page.meta.title, IN_TITLE),
            (&page.meta.description, IN_HEADING),
        ];
        texts.extend(
            page.doc
                .headings
                .iter()
                .map(|h| (h.text.as_str(), IN_HEADING)),
        );
        // Body words outside every answer belong to the page; the rest to their question.
        texts.push((&page.doc.text_outside_answers, 0));
        let entry = (
            page.meta.title.clone(),
            page.path.trim_start_matches('/').to_string(),
            Note::Text(page.meta.description.clone()),
        );
        self.add_doc(first, entry, &texts);
        let answers = &page.doc.answer_texts;
        for (offset, &q) in site.questions.of_page[index].iter().enumerate() {
            let question = &site.questions.all[q];
            let mut texts = vec![(question.text.as_str(), IN_TITLE)];
            if let Some(text) = answers.get(question.block) {
                texts.push((text, 0));
            }
            let entry = (
                question.text.clone(),
                format!("#{}", question.id),
                Note::Page(first),
            );
            self.add_doc(first + 1 + offset, entry, &texts);
        }
    }
}

/// Builds the index of `site`. Runs of pages are
/// indexed in parallel, then their postings joined in document order.
pub fn build(site: &Site) -> Index {
    // Each page's document number: the pages before it and their questions come first.
    let mut first_doc = Vec::with_capacity(site.pages.len());
    let mut count = 0;
    for questions in &site.questions.of_page {
        first_doc.push(count);
        count += 1 + questions.len();
    }
    let chunks: Vec<Chunk> = (0..site.pages.len())
        .into_par_iter()
        .fold(Chunk::new, |mut chunk, index| {
            chunk.add_page(site, PageId::new(index), first_doc[index]);
            chunk
        })
        .collect();
    let _stage = crate::timings::stage("(postings)");
    let mut docs = Vec::with_capacity(count);
    // Postings of each stem, as the previous document number and the encoded list.
    let mut postings: HashMap<Arc<str>, (u64, String)> = HashMap::default();
    for chunk in chunks {
        docs.extend(chunk.docs);
        for (id, list) in chunk.postings.into_iter().enumerate() {
            let stem = &chunk.stems.names[id];
            let (previous, out) = match postings.get_mut(stem) {
                Some(entry) => entry,
                None => postings.entry(stem.clone()).or_default(),
            };
            for (number, fields) in list {
                let number = u64::from(number) + 1;
                encode_number(((number - *previous) << 2) | u64::from(fields), out);
                *previous = number;
            }
        }
    }
    let terms: BTreeMap<String, String> = postings
        .into_iter()
        .map(|(stem, (_, list))| (stem.to_string(), list))
        .collect();
    Index { docs, terms }
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
pub fn index_file(site: &Site) -> OutputFile {
    let index = build(site);
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
        let mut chunk = Chunk::new();
        let entry = (String::new(), String::new(), Note::Page(0));
        chunk.add_doc(7, entry, &[("Driving home? Drive home.", 0)]);
        assert_eq!(chunk.stems.names.len(), 2);
        assert_eq!(chunk.postings, [vec![(7, 0)], vec![(7, 0)]]);
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
        let mut chunk = Chunk::new();
        let entry = (String::new(), String::new(), Note::Page(0));
        let text = "The psychotherapeutically THE Psychotherapeutically";
        chunk.add_doc(
            0,
            entry,
            &[(text, IN_TITLE), ("psychotherapeutically", IN_HEADING)],
        );
        assert_eq!(chunk.stems.names.len(), 1, "{:?}", chunk.stems.names);
        assert_eq!(&*chunk.stems.names[0], "psychotherapeut");
        assert_eq!(chunk.postings[0], [(0, IN_TITLE | IN_HEADING)]);
    }

    #[test]
    fn the_ascii_path_finds_what_the_general_one_does() {
        let short = "It's 16-letter ABCDEFGHIJKLMNOP and a b c9 don't DON'T the The \
                     driving drive x'y '' 988 end.";
        let long = "Seventeen-letters abcdefghijklmnopq, psychotherapeutically and drive.";
        for text in [short, long] {
            let run = |general: bool| {
                let mut chunk = Chunk::new();
                if general {
                    chunk.add_long_word(text.as_bytes(), IN_HEADING);
                } else {
                    chunk.add_ascii(text.as_bytes(), IN_HEADING);
                }
                let mut found: Vec<(String, u8)> = chunk
                    .found
                    .iter()
                    .map(|(id, f)| (chunk.stems.names[id as usize].to_string(), f))
                    .collect();
                found.sort();
                found
            };
            assert_eq!(run(false), run(true), "{text}");
        }
        let mut chunk = Chunk::new();
        chunk.add_ascii(short.as_bytes(), 0);
        let stems: Vec<&str> = chunk.stems.names.iter().map(|s| &**s).collect();
        assert!(
            stems.contains(&"abcdefghijklmnop") && stems.contains(&"dont"),
            "{stems:?}"
        );
        assert!(
            stems.contains(&"drive") && stems.contains(&"988"),
            "{stems:?}"
        );
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
