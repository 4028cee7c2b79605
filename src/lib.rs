//! sitegen: a static site generator for a clinic's patient-information website, with
//! questions and cross-links as part of the data model.
//!
//! Data flows one way, through one [`pipeline`] that `build`, `check` and `serve` share:
//! [`pipeline::load`] reads and validates every input (site.toml by [`config`], pages by
//! [`content`] and [`markdown`], templates by [`render::templates`]) into a [`model::Site`]
//! that keeps where everything was written; [`render`] turns it into files, each handed to a
//! sink as it is made ([`output::Staging`] for `build`, memory for `check` and `serve`);
//! [`owners`] checks at load that every output file has one source;
//! [`linkcheck`] checks every href and `#fragment` of what was made, and [`hreflang`] that
//! language alternates name each other. [`build`] swaps the
//! staging folder in; [`check`] reads the model and the rendered pages; [`serve`] keeps the
//! model and re-renders what an edit changed. README.md's developer section has the full map,
//! file by file.
//!
//! **Layers**, top to bottom, under `main.rs`: every module uses only modules of its own layer
//! and of those below (`tests/layers.rs` reads this table and fails on a `crate::` path that
//! looks up, naming its file and line).
//!
//! | layer | modules | what they own |
//! |---|---|---|
//! | 5 commands | `build`, `check/`, `serve/`, `scaffold` | the commands `build`, `check`, `serve` and `new` |
//! | 4 | `pipeline` | load, render a selection into a sink, link check |
//! | 3 output | `render/`, `hreflang`, `linkcheck`, `output/`, `owners` | files from the model; alternates; hrefs and fragments; the output folder; one owner per file |
//! | 2 model | `model/` | the `Site`: typed ids, sections, questions (`faq.rs`), links, aliases, edits put in place and what they changed (`change/`) |
//! | 1 inputs | `config/`, `toml_source`, `theme_strings`, `content/`, `markdown/` | site.toml and its languages and clinic values; TOML with spans; the theme's words per language; content/ read into pages (front matter, blocks, clinic values); markdown parsed once and rendered |
//! | 0 tools | `diagnostics`, `text`, `html/`, `urls`, `paths`, `date`, `slug`, `timings`, `memo`, `json_string` | errors with their place, the word splitter, the HTML scanner and escaper, relative hrefs, `/`-named paths, calendar dates, URL-safe ids, stage timings, values made once per key, JSON strings as serde_json writes them |
//!
//! The binary (`main.rs`) and the integration tests use only the `pub` items; everything else
//! is `pub(crate)`, so the compiler reports code nothing uses.

// A `Diagnostic` is ~150 bytes and travels only on the error path, where boxing buys nothing.
#![allow(clippy::result_large_err)]
// Every `pub` item is the library's API, and says what it is for.
#![warn(missing_docs)]

pub mod build;
pub mod check;
pub(crate) mod config;
pub(crate) mod content;
pub mod date;
pub mod diagnostics;
pub(crate) mod hreflang;
pub(crate) mod html;
pub(crate) mod json_string;
pub mod linkcheck;
pub mod markdown;
pub(crate) mod memo;
pub mod model;
pub mod output;
pub(crate) mod owners;
pub(crate) mod paths;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub(crate) mod slug;
pub(crate) mod text;
pub(crate) mod theme_strings;
pub(crate) mod timings;
pub(crate) mod toml_source;
pub(crate) mod urls;
