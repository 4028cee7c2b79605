//! The model: the whole, validated site that loading builds once and everything after it
//! only reads (rendering, the link check, `sitegen check`, the preview).
//!
//! | module | owns |
//! |---|---|
//! | [`site`] | the [`Site`]: pages, sections, questions, links, references, aliases |
//! | [`sections`] | folders with an `_index.md`, and the order of their pages |
//! | [`faq`] | questions: site-wide ids, related questions |
//! | [`links`] | resolving `@/` and `@#` links, backlinks, orphans |
//! | [`link_graph`] | backlinks and links to questions, put together from each page's links |
//! | [`relink`] | links resolved again after pages came or went, keeping those that did not move |
//! | [`references`] | every `[[sources]]` entry once, numbered |
//! | [`aliases`] | old URLs that redirect to a page, validated |
//! | [`change`] | what an edit changed: of the model ([`change::PageChange`]), and of what each page's output read ([`change::Reads`], recorded by the context builder) |
//! | [`update`] | edited pages put into a site, working out again only what they change |

pub(crate) mod aliases;
pub(crate) mod change;
pub(crate) mod faq;
pub(crate) mod ids;
pub(crate) mod link_graph;
pub(crate) mod links;
pub(crate) mod references;
pub(crate) mod relink;
pub(crate) mod sections;
pub(crate) mod site;
pub(crate) mod update;

pub(crate) use ids::{PageId, QuestionId, SectionId, Table};
pub use site::{LoadOptions, Pages, Site};
