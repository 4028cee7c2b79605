//! Building the postings: for every stem of the site, the documents holding it, with the
//! fields it is in (see [`super::encoding`]).
//!
//! **Word forms.** Search terms ([`super::words`]) are reduced to their Snowball stem in the
//! site's [`StemLanguage`] with `rust-stemmers` ("effects" -> "effect", "driving" -> "drive",
//! "efectos" -> "efect"), accents folded (see [`super::language`] for the second key a word
//! with accents may have). The browser stems the query with JavaScript ports of the same
//! published algorithms in `search-stem-<code>.js`; tests/search.rs runs both over the clinic
//! site's vocabulary in each language and requires the same keys.
//!
//! **What is indexed.** Each page (its title, description, headings and the text that is not
//! part of a question's answer) and each question (the question and its answer). Every
//! occurrence of a word is indexed once: under its question if it is in an answer, under the
//! page otherwise.
//!
//! **How.** Runs of pages are indexed in parallel, each by one worker that numbers the stems it
//! meets (so collecting postings needs no string hashing) and remembers the stem of every
//! word it has seen (a site repeats the same few thousand words, and stemming is the costly
//! part), and writes each stem's postings encoded as they come (one or two bytes a document
//! rather than eight); the runs' lists are then joined in document order.

use std::sync::Arc;

use rayon::prelude::*;
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap as HashMap;

use super::docs::Numbering;
use super::encoding::{Writer, IN_HEADING, IN_TITLE};
use super::language::{keys, StemLanguage};
use super::packed_map::PackedMap;
use super::words::{for_each_term, packed, unpacked, TermSink};
use crate::model::{PageId, Site};

/// One stem's postings.
#[derive(Debug)]
pub(crate) struct Term {
    pub stem: String,
    /// The encoded list (see [`super::encoding`]).
    pub postings: String,
    /// How many documents hold the stem.
    pub count: u32,
}

/// The stem number given to stop words: they are looked up like any word, then skipped.
const STOP: u32 = u32::MAX;
/// The second stem number of a word that has only one.
const NONE: u32 = u32::MAX;

/// A word's stem numbers: its key, and its second key or [`NONE`] (see [`super::language`]).
type StemNumbers = (u32, u32);

/// A stemmer that remembers the stems it has worked out, numbering them per worker, so a
/// document collects small numbers rather than strings.
struct Stems {
    language: StemLanguage,
    stemmer: Stemmer,
    /// Words of up to 16 bytes (nearly all), by [`packed`] key; stop words map to [`STOP`].
    known_short: PackedMap<StemNumbers>,
    known_long: HashMap<String, StemNumbers>,
    by_stem: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
    /// Scratch space for lower-casing words.
    buffer: String,
}

impl Stems {
    fn new(language: StemLanguage) -> Self {
        let mut known_short = PackedMap::new();
        for word in language.stop_words() {
            if let Some(key) = packed(word) {
                known_short.insert(key, (STOP, NONE));
            }
        }
        Stems {
            language,
            stemmer: language.stemmer(),
            known_short,
            known_long: HashMap::default(),
            by_stem: HashMap::default(),
            names: Vec::new(),
            buffer: String::new(),
        }
    }

    /// The numbers of the keys of the word `key` packs ([`STOP`] for a stop word).
    #[inline(always)]
    fn packed_id(&mut self, key: u128) -> StemNumbers {
        match self.known_short.get(key) {
            Some(ids) => ids,
            None => self.new_packed_id(key),
        }
    }

    /// [`Stems::packed_id`] for a word not seen before.
    #[cold]
    #[inline(never)]
    fn new_packed_id(&mut self, key: u128) -> StemNumbers {
        self.id(&unpacked(key))
    }

    /// The numbers of `word`'s keys ([`STOP`] for a stop word).
    fn id(&mut self, word: &str) -> StemNumbers {
        let key = packed(word);
        let known = match key {
            Some(key) => self.known_short.get(key),
            None => self.known_long.get(word).copied(),
        };
        if let Some(ids) = known {
            return ids;
        }
        let ids = if self.language.is_stop_word(word) {
            (STOP, NONE)
        } else {
            let (first, second) = keys(&self.stemmer, word);
            (self.number(first), second.map_or(NONE, |s| self.number(s)))
        };
        match key {
            Some(key) => self.known_short.insert(key, ids),
            None => {
                self.known_long.insert(word.to_string(), ids);
            }
        }
        ids
    }

    /// The number of `stem`, numbering it if it is new.
    fn number(&mut self, stem: String) -> u32 {
        let stem: Arc<str> = Arc::from(stem);
        let next = self.names.len() as u32;
        let id = *self.by_stem.entry(stem.clone()).or_insert(next);
        if id == next {
            self.names.push(stem);
        }
        id
    }
}

/// The stems of the document being indexed, with the fields each is in: a table by stem
/// number (stems are numbered densely per run of pages), so adding a word costs no hashing.
#[derive(Default)]
struct StemsFound {
    /// By stem number: `PRESENT | fields`, or 0 if not in the document.
    fields: Vec<u8>,
    /// The stem numbers present, in the order first seen.
    present: Vec<u32>,
}

const PRESENT: u8 = 0x80;

impl StemsFound {
    /// Records a word's keys (nothing for a stop word).
    #[inline(always)]
    fn add_ids(&mut self, (first, second): StemNumbers, fields: u8) {
        if first != STOP {
            self.add(first, fields);
        }
        if second != NONE {
            self.add(second, fields);
        }
    }

    #[inline(always)]
    fn add(&mut self, id: u32, fields: u8) {
        let index = id as usize;
        if index >= self.fields.len() {
            self.grow(index);
        }
        let slot = &mut self.fields[index];
        if *slot == 0 {
            self.present.push(id);
        }
        *slot |= PRESENT | fields;
    }

    /// Makes room for stem number `index` (numbered since the last document).
    #[cold]
    #[inline(never)]
    fn grow(&mut self, index: usize) {
        self.fields.resize(index + 1, 0);
    }

    /// The stems found with their fields, emptying the table for the next document.
    fn drain(&mut self) -> impl Iterator<Item = (u32, u8)> + '_ {
        let fields = &mut self.fields;
        self.present.drain(..).map(|id| {
            let slot = std::mem::take(&mut fields[id as usize]);
            (id, slot & !PRESENT)
        })
    }
}

/// Where the terms of a text of the document being indexed go: their stems, with the fields
/// the text is in, to the stems found.
struct DocumentTerms<'a> {
    stems: &'a mut Stems,
    found: &'a mut StemsFound,
    fields: u8,
}

impl TermSink for DocumentTerms<'_> {
    #[inline(always)]
    fn packed(&mut self, key: u128) {
        let ids = self.stems.packed_id(key);
        self.found.add_ids(ids, self.fields);
    }

    fn text(&mut self, term: &str) {
        let ids = self.stems.id(term);
        self.found.add_ids(ids, self.fields);
    }
}

/// Which list of a run a document's postings go to: questions are numbered before every page
/// (see [`super::docs`]), so a run's questions and its pages each come in order, apart.
#[derive(Clone, Copy)]
enum PostingList {
    Question = 0,
    Page = 1,
}

/// The postings of a run of consecutive pages, built by one worker: for each stem (by its
/// number within the run) the questions and the pages holding it, in document order, with
/// the fields it is in.
struct Chunk {
    stems: Stems,
    /// By stem number: `[questions, pages]`, each list encoded as it grows.
    postings: Vec<[Writer; 2]>,
    /// Scratch: the stems of the document being indexed, with their fields.
    found: StemsFound,
}

impl Chunk {
    fn new(language: StemLanguage) -> Self {
        Chunk {
            stems: Stems::new(language),
            postings: Vec::new(),
            found: StemsFound::default(),
        }
    }

    /// Indexes one document, number `number`: `texts` with the fields each is in.
    fn add_doc(&mut self, number: usize, kind: PostingList, texts: &[(&str, u8)]) {
        let mut buf = std::mem::take(&mut self.stems.buffer);
        for &(text, fields) in texts {
            let mut sink = DocumentTerms {
                stems: &mut self.stems,
                found: &mut self.found,
                fields,
            };
            for_each_term(text, &mut buf, &mut sink);
        }
        self.stems.buffer = buf;
        if self.postings.len() < self.stems.names.len() {
            self.postings
                .resize_with(self.stems.names.len(), Default::default);
        }
        for (id, fields) in self.found.drain() {
            self.postings[id as usize][kind as usize].push(number as u32, fields);
        }
    }

    /// Indexes page `index` of `site`: the page, then its questions.
    fn add_page(&mut self, site: &Site, numbering: &Numbering, index: PageId) {
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
        texts.push((&page.doc.words_outside_answers, 0));
        self.add_doc(numbering.page_doc(index), PostingList::Page, &texts);
        let answers = &page.doc.answer_texts;
        let first = numbering.first_question(index);
        for (offset, &q) in site.questions.of_page[index].iter().enumerate() {
            let question = &site.questions.all[q];
            let mut texts = vec![(&*question.text, IN_TITLE)];
            if let Some(text) = answers.get(question.block) {
                texts.push((text, 0));
            }
            self.add_doc(first + offset, PostingList::Question, &texts);
        }
    }
}

/// The postings of every stem of `site`, sorted by stem in the order JavaScript compares
/// strings (UTF-16 code units), which is how the browser finds a stem's shard.
pub(crate) fn build(site: &Site, numbering: &Numbering) -> Vec<Term> {
    let language = StemLanguage::of(&site.config.language);
    let mut chunks: Vec<Chunk> = (0..site.pages.len())
        .into_par_iter()
        .fold(
            || Chunk::new(language),
            |mut chunk, index| {
                chunk.add_page(site, numbering, PageId::new(index));
                chunk
            },
        )
        .collect();
    let _stage = crate::timings::stage("(postings)");
    let mut postings: HashMap<Arc<str>, Writer> = HashMap::default();
    // Every question comes before every page: first the questions of each run, then the pages.
    for kind in [PostingList::Question, PostingList::Page] {
        for chunk in &mut chunks {
            for (id, lists) in chunk.postings.iter_mut().enumerate() {
                let list = &mut lists[kind as usize];
                if list.count == 0 {
                    continue;
                }
                let stem = &chunk.stems.names[id];
                match postings.get_mut(stem) {
                    Some(writer) => writer.append(list),
                    None => {
                        postings.insert(stem.clone(), std::mem::take(list));
                    }
                }
            }
        }
    }
    drop(chunks);
    let mut terms: Vec<Term> = postings
        .into_iter()
        .map(|(stem, writer)| Term {
            stem: stem.to_string(),
            postings: writer.text,
            count: writer.count,
        })
        .collect();
    terms.sort_unstable_by(|a, b| utf16_order(&a.stem, &b.stem));
    terms
}

/// How JavaScript orders two strings: by UTF-16 code units (which differs from the order of
/// bytes or code points only for characters beyond U+FFFF against U+E000..U+FFFF).
pub(crate) fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::super::encoding::decode;
    use super::super::words::split_words;
    use super::*;

    #[test]
    fn words_with_one_stem_share_one_number() {
        let mut stems = Stems::new(StemLanguage::English);
        let drive = stems.id("drive");
        assert_eq!(stems.id("driving"), drive);
        assert_ne!(stems.id("home"), drive);
        let mut chunk = Chunk::new(StemLanguage::English);
        chunk.add_doc(7, PostingList::Page, &[("Driving home? Drive home.", 0)]);
        chunk.add_doc(2, PostingList::Question, &[("Home?", 0)]);
        assert_eq!(chunk.stems.names.len(), 2);
        let postings: Vec<[Vec<(usize, u8)>; 2]> = chunk
            .postings
            .iter()
            .map(|lists| lists.each_ref().map(|list| decode(&list.text)))
            .collect();
        assert_eq!(
            postings,
            [[vec![], vec![(7, 0)]], [vec![(2, 0)], vec![(7, 0)]]]
        );
    }

    #[test]
    fn stop_words_and_long_words_are_indexed_like_the_browser_expects() {
        let mut chunk = Chunk::new(StemLanguage::English);
        let text = "The psychotherapeutically THE Psychotherapeutically";
        chunk.add_doc(
            0,
            PostingList::Page,
            &[(text, IN_TITLE), ("psychotherapeutically", IN_HEADING)],
        );
        assert_eq!(chunk.stems.names.len(), 1, "{:?}", chunk.stems.names);
        assert_eq!(&*chunk.stems.names[0], "psychotherapeut");
        assert_eq!(
            decode(&chunk.postings[0][1].text),
            [(0, IN_TITLE | IN_HEADING)]
        );
    }

    #[test]
    fn every_term_is_indexed_under_the_stems_the_general_splitter_finds() {
        let short = "It's 16-letter ABCDEFGHIJKLMNOP and a b c9 don't DON'T the The \
                     driving drive x'y '' 988 end.";
        let long = "Seventeen-letters abcdefghijklmnopq, psychotherapeutically and drive.";
        let accents = "Café ÉTÉ don\u{2019}t año x é the-end";
        for text in [short, long, accents] {
            let mut chunk = Chunk::new(StemLanguage::English);
            chunk.add_doc(3, PostingList::Page, &[(text, IN_HEADING)]);
            let indexed: Vec<(String, Vec<(usize, u8)>)> = (chunk.postings.iter().enumerate())
                .filter(|(_, lists)| lists[PostingList::Page as usize].count > 0)
                .map(|(id, lists)| {
                    let postings = decode(&lists[PostingList::Page as usize].text);
                    (chunk.stems.names[id].to_string(), postings)
                })
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .collect();
            let mut stems = Stems::new(StemLanguage::English);
            let mut want = std::collections::BTreeSet::new();
            split_words(text, &mut String::new(), |word| {
                let (first, second) = stems.id(word);
                for id in [first, second].into_iter().filter(|&id| id != STOP) {
                    want.insert((stems.names[id as usize].to_string(), vec![(3, IN_HEADING)]));
                }
            });
            assert_eq!(indexed, want.into_iter().collect::<Vec<_>>(), "{text}");
        }
        let mut chunk = Chunk::new(StemLanguage::English);
        chunk.add_doc(0, PostingList::Page, &[(short, 0)]);
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
    fn word_forms_share_a_stem() {
        let s = StemLanguage::English.stemmer();
        assert_eq!(s.stem("effects"), s.stem("effect"));
        assert_eq!(s.stem("driving"), s.stem("drive"));
    }

    #[test]
    fn stems_are_ordered_as_javascript_compares_strings() {
        use std::cmp::Ordering::*;
        assert_eq!(utf16_order("drive", "effect"), Less);
        assert_eq!(utf16_order("b", "ab"), Greater);
        // U+FF41 (fullwidth a) is one code unit; U+1D41A (bold a) is a surrogate pair,
        // which JavaScript sorts first although its code point is larger.
        assert_eq!(utf16_order("\u{1D41A}", "\u{FF41}"), Less);
        assert_eq!("\u{1D41A}".cmp("\u{FF41}"), Greater);
    }
}
