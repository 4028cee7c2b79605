//! sitegen: a static site generator for a clinic's patient-information website, with
//! questions and cross-links as part of the data model.
//!
//! Data flows one way (see README "Architecture"):
//! `site.toml` + `content/` + `themes/` -> [`site::Site::load`] (an immutable model: pages,
//! sections, questions, link graph) -> [`render::render_site_into`] (Tera, in parallel; each
//! page scanned by [`linkcheck::scan`] and put into an [`output::Staging`] folder as it is
//! made) -> [`linkcheck::check_files`] (every href and #fragment of the output) ->
//! [`output::Staging::commit`] (swapped in atomically). [`build`] runs the whole chain; the
//! preview and `sitegen check` render in memory instead ([`build::build_in_memory`]).

// A `Diagnostic` is ~150 bytes and travels only on the error path, where boxing buys nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod faq;
pub mod html;
pub mod linkcheck;
pub mod links;
pub mod markdown;
pub mod output;
pub mod references;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod timings;
pub mod toml_source;
pub mod urls;
