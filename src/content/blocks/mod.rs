//! Blocks: text written once and shown on several pages. A block is a markdown file under
//! `content/_blocks/` (`content/_blocks/warning-signs.md`, its Spanish translation
//! `warning-signs.es.md` beside it); a page shows it with a line of its own,
//! `{{ block "warning-signs" }}`, which may sit inside a quote or care card (`> {{ block
//! "warning-signs" }}`: every line of the block is then quoted too). Blocks are never pages.
//!
//! A page's block text is put into its markdown before it is parsed, as clinic values are, so
//! links, questions, search and the checks see it as the page's own text. The page's
//! [`Document`](crate::markdown::Document) keeps the file of each block it shows after the
//! page's own file ([`Expanded::source`]), so a position in block text is a line of that
//! tail: [`relocate`] turns it into the block's `file:line:column`, naming the page showing it.
//!
//! A question inside a block belongs to the one page the block's `questions_page` names: there
//! it is a question (its id, FAQ hub entry and JSON-LD). Everywhere else its heading is a plain
//! heading that links to the question on that page.
//!
//! | module | owns |
//! |---|---|
//! | [`block_files`] | reading `content/_blocks/`: each block's file, front matter and questions |
//! | [`directive`](mod@directive) | the `{{ block "NAME" }}` line, and heading lines a block's question is in |
//! | [`expand`](mod@expand) | putting a page's blocks into its markdown, with their clinic values |
//! | [`question_pages`] | checking that the page a block gives its questions to shows it |
//! | [`shown_on`] | findings in block text, placed at the block's line and naming the page |

mod block_files;
mod directive;
mod expand;
mod question_pages;
mod shown_on;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::clinic_values::Replaced;

pub(crate) use block_files::load;
pub(crate) use directive::directive;
pub(crate) use expand::expand;
pub(crate) use question_pages::check_question_pages;
pub(crate) use shown_on::relocate;

/// The folder under `content/` that holds blocks.
pub(crate) const FOLDER: &str = "_blocks";

/// One block file, in one language.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Its name, as pages name it: `warning-signs` (`care/fever` for a file in a folder).
    pub name: String,
    /// The file, relative to the site root: `content/_blocks/warning-signs.es.md`.
    pub source: PathBuf,
    /// The file as written.
    pub text: String,
    /// Where its markdown starts (after its front matter, if it has one).
    pub body_offset: usize,
    /// The page its questions belong to (as `@/` links name it: `side-effects.md`), from the
    /// default language's block.
    pub questions_page: Option<String>,
    /// The line of `questions_page` in the file (1 when it has none).
    pub questions_page_line: usize,
    /// For a translation: the version of its source it was made from, and that key's line.
    pub source_version: Option<(String, usize)>,
    /// Its question headings, by their line in the file, with the id each has.
    questions: Vec<(usize, String)>,
}

/// The blocks of one language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Blocks {
    /// The language's code (`None`: the site's default language).
    pub code: Option<String>,
    pub by_name: BTreeMap<String, Arc<Block>>,
    /// The default language's blocks' names: a translation that lacks one is missing, not
    /// unknown.
    pub source_names: Vec<String>,
}

impl Block {
    /// The block's markdown as written.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Whether the block has questions.
    pub(crate) fn has_questions(&self) -> bool {
        !self.questions.is_empty()
    }
}

/// A block file a page shows, kept after the page's own file in its [`Expanded::source`].
#[derive(Debug, Clone)]
pub(crate) struct Included {
    /// The block's file: `content/_blocks/warning-signs.md`.
    pub file: PathBuf,
    /// The block's name.
    pub name: String,
    /// The line of the page's source where the block's first line is.
    pub first_line: usize,
    /// The line of the page's file that shows it (first shown there).
    pub shown_at: usize,
}

/// A page's markdown with its blocks put in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expanded {
    /// The page's file, then each block file it shows (each from a line of its own).
    pub source: String,
    /// The length of the page's own file in `source`.
    pub file_len: usize,
    /// The body to parse (clinic values put in), mapped back to `source`.
    pub replaced: Replaced,
    pub included: Vec<Included>,
    /// Ranges of the body whose question headings belong to another page.
    pub borrowed: Vec<Range<usize>>,
}

/// The version of a block its translations record (`source_version`), as a page's.
pub(crate) fn version(block: &Block) -> String {
    super::version::text_version(block.body())
}
