//! The site search index, read by the theme's `search-engine.js` in the browser: a small
//! manifest (`search-index.js`) and shards in `search/`, so that a query loads only what it
//! needs, at any size of site, from a web server or from a folder on disk.
//!
//! | module | owns |
//! |---|---|
//! | [`words`] | the search terms of text (the one word splitter, cut into letters and digits) |
//! | [`language`] | the index's language: its stemmer (English or Spanish), stop words, accent folding |
//! | [`postings`] | stems and their postings, built in parallel |
//! | [`packed_map`] | the table of short words' stem numbers the postings look every term up in |
//! | [`encoding`] | how a postings list is written (gaps and fields in base 32) |
//! | [`docs`] | document numbers (questions first) and the record a result shows |
//! | [`shards`] | cutting it all into files: manifest, term shards, postings files, record shards |
//! | [`single`] | the whole index in one piece, which tests compare the shards with |
//!
//! **Why shards, and why scripts.** One index file grows with the site: at 10,000 pages of
//! about 600 words it is megabytes, and a patient on a phone would wait for all of it before
//! the first result. Split by what a query asks for, a query loads a few of many small files.
//! They are plain scripts, added as `<script>` elements, because that is the one way to
//! load data that works from `file://` (the offline copy), where `fetch`, XHR and WebAssembly
//! are refused; each calls `sitegenSearchShard(name, data)`, set by the engine.
//!
//! **What a query loads.** `search-language.js`, `search-engine.js`, `search-ui.js`, the
//! manifest and the stemmer of its language (`search-stem-en.js`, `search-stem-es.js`) when
//! the box is first used; then, for each word, the term shard of its stem's range (with the last word, which may be
//! half typed, the shards of every stem it begins); the postings files of the common stems
//! among them; and, once the results are ranked, the record shards of the ten shown. A word
//! that matches nothing, of five letters or more, is tried with one typo after its first
//! letter: only the term shards holding a candidate are loaded, and term shards are lists of
//! words rather than postings, so that stays cheap. The manifest grows with the number of
//! term shards, which [`shards::term_shard_bytes`] keeps near 256, and names no record
//! shards: a document's record shard is its number divided by [`shards::block_size`].
//!
//! **Why by stem range.** A half-typed last word needs every stem it begins, and a typo's
//! candidates keep its first letter: both are ranges of stems in order, so a few neighbouring
//! shards answer them, where shards by hash would all be needed. Documents are numbered
//! questions first (see [`docs`]), so ranking needs nothing but the postings, and records are
//! loaded only for the ten results shown.
//!
//! **Same answers as one file.** The shards are cut from the same postings as the whole index
//! in one piece ([`single`]); tests read a build's shards back and require exactly that index,
//! and run the engine over both, requiring the same results in the same order. What "no
//! results" offers (the FAQ hub, the clinic's phone) and the words the box says (the theme's
//! `search_*` strings in the site's language) are in the manifest, so the pages' HTML does
//! not change with the search, and one script serves every language.
//!
//! **Why not elasticlunr-rs or Pagefind.** elasticlunr-rs is only passively maintained, its
//! English pipeline uses the older Porter stemmer, and its index is one file several times
//! larger than this one that needs the elasticlunr.js runtime. Pagefind shards its index
//! too, but loads it with `fetch` and WebAssembly, which fail from `file://`. A map of stems
//! to delta-coded postings, cut by stem range, is all a 50-page site, or a 100,000-page one,
//! needs; the language work (stemming) comes from a crate.

mod docs;
mod encoding;
mod language;
mod packed_map;
mod postings;
mod shards;
mod single;
mod words;

pub use docs::Record;
pub use encoding::decode;
pub use language::{keys, StemLanguage};
pub use shards::block_size;
pub(crate) use shards::{INDEX_FILE, SHARD_DIR};
pub use single::{read, single, Single};

use crate::model::Site;
use crate::output::OutputFile;

/// Makes the search files of `site`, handing each to `put` as soon as it is made (the
/// manifest last).
pub(crate) fn files(site: &Site, put: &mut dyn FnMut(OutputFile)) {
    let _stage = crate::timings::stage("(search)");
    let numbering = docs::Numbering::new(site);
    let terms = postings::build(site, &numbering);
    let _stage = crate::timings::stage("(search files)");
    shards::write(site, &numbering, &terms, put);
}
