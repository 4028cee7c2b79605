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

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::clinic_values::{self, Builder, ClinicValues, Replaced};
use super::front_matter;
use crate::diagnostics::{did_you_mean, line_col, relative, slash_path, Diagnostic};
use crate::toml_source::TomlSource;

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

/// Front matter a block may have.
#[derive(serde::Deserialize, Default)]
struct BlockMeta {
    questions_page: Option<String>,
    source_version: Option<String>,
}

/// The keys a block's front matter may hold.
const SCHEMA: crate::toml_source::Schema = crate::toml_source::Schema {
    keys: &["questions_page", "source_version"],
    tables: &[],
    open_tables: &[],
};

/// Reads every block of `content/_blocks/` under `root`, once per language of `languages`
/// (the default one first; each language's blocks are `NAME.<code>.md`), with the clinic
/// values of each. Returns the blocks and every problem found in them.
pub(crate) fn load(
    root: &Path,
    languages: &[super::Language],
) -> (Vec<Arc<Blocks>>, Vec<Diagnostic>) {
    let folder = root.join("content").join(FOLDER);
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if folder.is_dir() {
        for entry in walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !super::is_ignorable(&e.file_name().to_string_lossy())
            })
        {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                Ok(_) => {}
                Err(err) => problems.push(
                    Diagnostic::error(relative(root, &folder), format!("cannot read: {err}"))
                        .help("check the folder's permissions"),
                ),
            }
        }
    }
    let mut by_language: Vec<Blocks> = languages
        .iter()
        .map(|l| Blocks {
            code: l.code.clone(),
            ..Blocks::default()
        })
        .collect();
    for path in files {
        let source = relative(root, &path);
        let rel = slash_path(path.strip_prefix(&folder).unwrap_or(&path));
        let Some(stem) = rel.strip_suffix(".md") else {
            problems.push(
                Diagnostic::error(
                    &source,
                    "this file in content/_blocks/ is not a markdown block",
                )
                .help("blocks must end in .md; put downloads and pictures beside the pages"),
            );
            continue;
        };
        let name_of = |code: &str| stem.strip_suffix(&format!(".{code}")).map(str::to_string);
        let (lang, name) = languages
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, l)| Some((i, name_of(l.code.as_deref()?)?)))
            .unwrap_or((0, stem.to_string()));
        match read_block(
            &path,
            &source,
            &name,
            lang > 0,
            languages[lang].values.as_ref(),
        ) {
            Ok((block, found)) => {
                // A block with a problem is still known, so pages showing it report no more.
                problems.extend(found);
                by_language[lang].by_name.insert(name, Arc::new(block));
            }
            Err(found) => problems.extend(found),
        }
    }
    let (default, others) = by_language
        .split_first_mut()
        .expect("one language at least");
    let source_names: Vec<String> = default.by_name.keys().cloned().collect();
    default.source_names = source_names.clone();
    for blocks in others.iter_mut() {
        blocks.source_names = source_names.clone();
        for (name, block) in blocks.by_name.iter_mut() {
            match default.by_name.get(name) {
                Some(source) => {
                    let block = Arc::make_mut(block);
                    block.questions_page = source.questions_page.clone();
                }
                None => problems.push(
                    Diagnostic::error(
                        &block.source,
                        format!("this translation has no block to translate: content/{FOLDER}/{name}.md does not exist"),
                    )
                    .help(match did_you_mean(name, source_names.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean to name it after `{near}`?"),
                        None => format!("write the block content/{FOLDER}/{name}.md first, or rename this file"),
                    }),
                ),
            }
        }
    }
    for blocks in &by_language {
        for block in blocks.by_name.values() {
            if !block.questions.is_empty()
                && block.questions_page.is_none()
                && blocks.code.is_none()
            {
                let (line, _) = block.questions[0].clone();
                problems.push(
                    Diagnostic::error(&block.source, "this block has a question, but does not say which page it belongs to")
                        .at(line, 1)
                        .help("add `questions_page = \"@/page.md\"` to the block's front matter (between `+++` lines): that page's FAQ entry and JSON-LD hold its questions, and other pages link there"),
                );
            }
        }
    }
    (by_language.into_iter().map(Arc::new).collect(), problems)
}

fn read_block(
    path: &Path,
    source: &Path,
    name: &str,
    is_translation: bool,
    values: Option<&ClinicValues>,
) -> Result<(Block, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(source, format!("cannot read this block: {e}"))
                .help("check that the file is UTF-8 text you may read"),
        ]
    })?;
    Ok(Block::from_text(source, name, text, is_translation, values))
}

impl Block {
    /// The block a file holds (`source`, relative to the site root, for messages), and the
    /// problems found in it.
    pub(crate) fn from_text(
        source: &Path,
        name: &str,
        text: String,
        is_translation: bool,
        values: Option<&ClinicValues>,
    ) -> (Block, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let has_front_matter = text.trim_start_matches('\u{feff}').starts_with("+++");
        let (meta, body_offset, key_lines) = match has_front_matter {
            true => match front_matter::split(source, &text) {
                Ok(split) => {
                    let toml = TomlSource {
                        file: source,
                        file_source: &text,
                        text: split.toml,
                        offset: split.toml_offset,
                        what: "block front matter key",
                    };
                    match toml.parse::<BlockMeta>(&SCHEMA) {
                        Ok(parsed) => {
                            let lines: Vec<(String, usize)> = SCHEMA
                                .keys
                                .iter()
                                .filter_map(|k| {
                                    let offset = parsed.key_offset(k)?;
                                    Some((k.to_string(), line_col(&text, offset).0))
                                })
                                .collect();
                            (parsed.value, split.body_offset, lines)
                        }
                        Err(found) => {
                            problems.extend(found);
                            (BlockMeta::default(), split.body_offset, Vec::new())
                        }
                    }
                }
                Err(found) => {
                    problems.push(found);
                    (BlockMeta::default(), 0, Vec::new())
                }
            },
            false => (BlockMeta::default(), 0, Vec::new()),
        };
        let key_line = |key: &str| {
            key_lines
                .iter()
                .find(|(k, _)| k == key)
                .map_or(1, |(_, line)| *line)
        };
        if is_translation && meta.questions_page.is_some() {
            problems.push(
                Diagnostic::error(
                    source,
                    "a translated block takes `questions_page` from the block it translates",
                )
                .at(key_line("questions_page"), 1)
                .help("remove the line; set `questions_page` in the block it translates"),
            );
        }
        let questions_page = meta
            .questions_page
            .map(|p| p.trim_start_matches("@/").to_string());
        let source_version = meta.source_version.map(|v| (v, key_line("source_version")));
        // Clinic values are checked once here, not on every page that shows the block.
        let mut scratch = Builder::default();
        problems.extend(clinic_values::replace_into(
            source,
            &text,
            body_offset..text.len(),
            0,
            values,
            &mut scratch,
        ));
        let doc = crate::markdown::parse(text.clone(), body_offset, true);
        let questions = doc
            .questions
            .iter()
            .map(|q| {
                let h = &doc.headings[q.heading];
                (h.line, h.id.clone())
            })
            .collect();
        let block = Block {
            name: name.to_string(),
            source: source.to_path_buf(),
            text,
            body_offset,
            questions_page,
            questions_page_line: key_line("questions_page"),
            source_version,
            questions,
        };
        (block, problems)
    }

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

/// What to call a directive's block when a page cannot show it.
const DIRECTIVE_HELP: &str =
    "write `{{ block \"NAME\" }}` on a line of its own (NAME is a file of content/_blocks/ without .md)";

/// Puts the blocks a page's body names into it, with its clinic values. `None` when the page
/// shows no block. `rel` is the page's file under content/ (to know whose questions a block's
/// are), `file` its path for messages.
pub(crate) fn expand(
    file: &Path,
    rel: &str,
    text: &str,
    body_offset: usize,
    blocks: &Blocks,
    values: Option<&ClinicValues>,
) -> Option<Result<Expanded, Vec<Diagnostic>>> {
    let body = &text[body_offset..];
    let names_a_block = |l: &str| directive(l).is_some() || malformed_directive(l).is_some();
    if !body.contains("{{") || !body.lines().any(names_a_block) {
        return None;
    }
    let mut expander = Expander {
        page: file,
        rel,
        blocks,
        values,
        source: text.to_string(),
        body_offset,
        builder: Builder::default(),
        included: Vec::new(),
        borrowed: Vec::new(),
        problems: Vec::new(),
        page_line: 0,
    };
    if !expander.source.ends_with('\n') {
        expander.source.push('\n');
    }
    let file_len = text.len();
    let unit = BlockOrPage {
        file,
        text,
        body_offset,
        base: 0,
        block: None,
    };
    let mut stack = Vec::new();
    expander.emit(&unit, "", 0, &mut stack);
    if !expander.problems.is_empty() {
        return Some(Err(expander.problems));
    }
    Some(Ok(Expanded {
        source: expander.source,
        file_len,
        replaced: expander.builder.finish(),
        included: expander.included,
        borrowed: expander.borrowed,
    }))
}

/// A file being put into a page: the page itself, or a block.
struct BlockOrPage<'a> {
    file: &'a Path,
    text: &'a str,
    body_offset: usize,
    /// Where `text` starts in the page's source.
    base: usize,
    block: Option<&'a Block>,
}

struct Expander<'a> {
    page: &'a Path,
    rel: &'a str,
    blocks: &'a Blocks,
    values: Option<&'a ClinicValues>,
    source: String,
    body_offset: usize,
    builder: Builder,
    included: Vec<Included>,
    borrowed: Vec<Range<usize>>,
    problems: Vec<Diagnostic>,
    /// The line of the page's file being put in (for `Included::shown_at`).
    page_line: usize,
}

impl Expander<'_> {
    /// Appends the body of `unit`, each line after `prefix` (put in for the page's text at
    /// `prefix_at`); `stack` is the blocks being put in, outermost first.
    fn emit(
        &mut self,
        unit: &BlockOrPage<'_>,
        prefix: &str,
        prefix_at: usize,
        stack: &mut Vec<String>,
    ) {
        let mut offset = unit.body_offset;
        let page_body_offset = self.body_offset;
        let first_line = line_col(unit.text, unit.body_offset).0;
        for (n, line) in unit.text[unit.body_offset..]
            .split_inclusive('\n')
            .enumerate()
        {
            let line_no = first_line + n;
            if unit.block.is_none() {
                self.page_line = line_no;
            }
            let line_range = offset..offset + line.len();
            offset += line.len();
            // Offsets of the page's body as written (the tail follows the page's file).
            let old = |at: usize| unit.base + at - page_body_offset;
            self.builder.put(prefix, prefix_at);
            if let Some((inner, name, at)) = directive(line) {
                let at = line_range.start + at;
                let inner_prefix = format!("{prefix}{inner}");
                self.show(unit, name, at, &inner_prefix, old(line_range.start), stack);
                continue;
            }
            if let Some(at) = malformed_directive(line) {
                self.problems.push(self.problem(
                    unit,
                    line_range.start + at,
                    "a block must be named on a line of its own".into(),
                    DIRECTIVE_HELP.into(),
                ));
            }
            let borrowed_question = unit.block.and_then(|block| {
                let owner = block.questions_page.as_deref()?;
                if owner == self.rel {
                    return None;
                }
                let id = block
                    .questions
                    .iter()
                    .find(|(l, _)| *l == line_no)?
                    .1
                    .clone();
                Some(id)
            });
            let start = self.builder.body().len();
            match borrowed_question.and_then(|id| Some((heading_parts(line)?, id))) {
                Some(((marker, words, rest), id)) => {
                    let at = line_range.start;
                    self.copy(unit, at..at + marker, old(at));
                    self.builder.put("[", old(at + marker));
                    self.copy(unit, at + marker..at + marker + words, old(at + marker));
                    self.builder
                        .put(&format!("](@#{id})"), old(at + marker + words));
                    let tail = at + marker + words;
                    self.copy(unit, tail..tail + rest, old(tail));
                    self.borrowed.push(start..self.builder.body().len());
                }
                None => self.copy(unit, line_range.clone(), old(line_range.start)),
            }
            if !line.ends_with('\n') {
                self.builder.put("\n", old(line_range.end));
            }
        }
    }

    /// Appends `unit.text[range]` with its clinic values (problems in blocks were reported
    /// once, when the block was read).
    fn copy(&mut self, unit: &BlockOrPage<'_>, range: Range<usize>, old: usize) {
        let found = clinic_values::replace_into(
            unit.file,
            unit.text,
            range,
            old,
            self.values,
            &mut self.builder,
        );
        if unit.block.is_none() {
            self.problems.extend(found);
        }
    }

    /// Puts in the block `name`, named at offset `at` of `unit`.
    fn show(
        &mut self,
        unit: &BlockOrPage<'_>,
        name: &str,
        at: usize,
        prefix: &str,
        prefix_at: usize,
        stack: &mut Vec<String>,
    ) {
        let blocks = self.blocks;
        let Some(block) = blocks.by_name.get(name) else {
            let (message, help) = match (blocks.code.as_deref(), blocks.source_names.iter().any(|n| n == name)) {
                (Some(code), true) => (
                    format!("the block `{name}` has no translation into `{code}`"),
                    format!("translate content/{FOLDER}/{name}.md into content/{FOLDER}/{name}.{code}.md (a page in this language shows only blocks in it)"),
                ),
                _ => (
                    format!("unknown block `{name}`"),
                    match did_you_mean(name, blocks.source_names.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{{{{ block \"{near}\" }}}}`?"),
                        None if blocks.source_names.is_empty() => format!("write it as content/{FOLDER}/{name}.md"),
                        None => format!(
                            "write it as content/{FOLDER}/{name}.md, or use one of: {}",
                            blocks.source_names.join(", ")
                        ),
                    },
                ),
            };
            self.problems.push(self.problem(unit, at, message, help));
            return;
        };
        if let Some(from) = stack.iter().position(|n| n == name) {
            let mut chain: Vec<&str> = stack[from..].iter().map(String::as_str).collect();
            chain.push(name);
            self.problems.push(self.problem(
                unit,
                at,
                format!("the block `{name}` shows itself: {}", chain.join(" -> ")),
                "a block cannot show itself, directly or through another block; remove one of these lines".into(),
            ));
            return;
        }
        let base = match self.included.iter().find(|i| i.name == *name) {
            Some(included) => offset_of_line(&self.source, included.first_line),
            None => {
                let base = self.source.len();
                let first_line = self.source.matches('\n').count() + 1;
                self.source.push_str(&block.text);
                if !self.source.ends_with('\n') {
                    self.source.push('\n');
                }
                self.included.push(Included {
                    file: block.source.clone(),
                    name: name.to_string(),
                    first_line,
                    shown_at: self.page_line,
                });
                base
            }
        };
        let block = Arc::clone(block);
        let inner = BlockOrPage {
            file: &block.source,
            text: &block.text,
            body_offset: block.body_offset,
            base,
            block: Some(&block),
        };
        stack.push(name.to_string());
        self.emit(&inner, prefix, prefix_at, stack);
        stack.pop();
    }

    /// A problem at offset `at` of `unit`: of the page, or of a block (naming the page).
    fn problem(
        &self,
        unit: &BlockOrPage<'_>,
        at: usize,
        message: String,
        help: String,
    ) -> Diagnostic {
        let width = unit.text[at..].find('\n').unwrap_or(unit.text.len() - at);
        let width = unit.text[at..at + width].trim_end().chars().count();
        let d = Diagnostic::error(unit.file, message).at_offset(unit.text, at, width);
        let d = match unit.block {
            Some(_) => shown_on(d, self.page, self.page_line),
            None => d,
        };
        d.help(help)
    }
}

/// Problems with the pages blocks give their questions to (`questions_page`): a page that
/// does not exist or does not show the block. `pages` are the default language's, `failed`
/// the files that did not load (they have problems of their own).
pub(crate) fn check_question_pages(
    blocks: &Blocks,
    pages: &[Arc<super::Page>],
    failed: &[super::FailedPage],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for block in blocks.by_name.values().filter(|b| b.has_questions()) {
        let Some(owner) = block.questions_page.as_deref() else {
            continue;
        };
        if failed.iter().any(|f| f.rel == owner) {
            continue;
        }
        let at = |d: Diagnostic| d.at(block.questions_page_line, 1);
        match pages.iter().find(|p| p.rel == owner) {
            None => problems.push(at(Diagnostic::error(
                &block.source,
                format!("questions_page names `@/{owner}`, which is not a page"),
            )
            .help(match did_you_mean(owner, pages.iter().map(|p| p.rel.as_str())) {
                Some(near) => format!("did you mean `@/{near}`?"),
                None => "name the page that answers the block's questions by its file under content/, like \"@/safety.md\"".into(),
            }))),
            Some(page) if !page.doc.included().iter().any(|i| i.name == block.name) => problems
                .push(at(Diagnostic::error(
                    &block.source,
                    format!(
                        "questions_page names {}, which does not show this block",
                        slash_path(&page.source)
                    ),
                )
                .help(format!(
                    "show it there with `{{{{ block \"{}\" }}}}`, or name a page that shows it",
                    block.name
                )))),
            Some(_) => {}
        }
    }
    problems
}

/// The byte offset where 1-based line `line` of `text` starts.
fn offset_of_line(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map_or(text.len(), |i| i + 1)
}

/// A line that shows a block: optional spaces and `>` quote marks, then
/// `{{ block "NAME" }}` and nothing else. Gives the quote marks, the name and the offset of
/// `{{` in the line.
pub(crate) fn directive(line: &str) -> Option<(&str, &str, usize)> {
    let content = line.trim_end_matches(['\n', '\r']);
    let start = content.find("{{")?;
    let prefix = &content[..start];
    if !prefix.chars().all(|c| c == ' ' || c == '>' || c == '\t') {
        return None;
    }
    let inside = content[start + 2..].trim_end().strip_suffix("}}")?.trim();
    let quoted = inside.strip_prefix("block")?.trim_start();
    let name = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if name.is_empty() || name.contains('"') {
        return None;
    }
    Some((prefix, name, start))
}

/// Where a line names a block other than as [`directive`] allows (`{{ block name }}`, or
/// text beside it), if it does.
fn malformed_directive(line: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(found) = line[search..].find("{{") {
        let at = search + found;
        search = at + 2;
        if line[..at].ends_with('\\') {
            continue;
        }
        if line[at + 2..].trim_start().starts_with("block") {
            return Some(at);
        }
    }
    None
}

/// An ATX heading line split into its marker (`### `), its words and the rest (an `{#id}`
/// attribute and the line break), as lengths.
fn heading_parts(line: &str) -> Option<(usize, usize, usize)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || !line[hashes..].starts_with([' ', '\t']) {
        return None;
    }
    let marker = hashes + (line[hashes..].len() - line[hashes..].trim_start().len());
    let content = line[marker..].trim_end();
    let words = match content.ends_with('}') {
        true => content
            .rfind('{')
            .map_or(content.len(), |i| content[..i].trim_end().len()),
        false => content.len(),
    };
    Some((marker, words, line.len() - marker - words))
}

/// `d`, about text of a block, saying which page shows it.
fn shown_on(mut d: Diagnostic, page: &Path, line: usize) -> Diagnostic {
    d.message = format!(
        "{} (in a block shown on {}:{line})",
        d.message,
        slash_path(page)
    );
    d
}

/// Diagnostics placed in the block text a page shows (a line of the page's source beyond
/// its own file) made to name the block's file and line, and the page showing it.
pub(crate) fn relocate<'a>(
    pages: impl IntoIterator<Item = &'a super::Page>,
    diagnostics: &mut [Diagnostic],
) {
    let mut with_blocks: BTreeMap<&Path, &super::Page> = BTreeMap::new();
    for page in pages {
        if !page.doc.included().is_empty() {
            with_blocks.insert(&page.source, page);
        }
    }
    if with_blocks.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        let (Some(page), Some(line)) = (with_blocks.get(d.file.as_path()), d.line) else {
            continue;
        };
        let Some(included) = page
            .doc
            .included()
            .iter()
            .rev()
            .find(|i| i.first_line <= line)
        else {
            continue;
        };
        d.file = included.file.clone();
        d.line = Some(line - included.first_line + 1);
        let moved = std::mem::replace(d, Diagnostic::error("", ""));
        *d = shown_on(moved, &page.source, included.shown_at);
    }
}

/// The version of a block its translations record (`source_version`), as a page's.
pub(crate) fn version(block: &Block) -> String {
    super::version::text_version(block.body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directive_is_a_line_of_its_own_maybe_quoted() {
        assert_eq!(
            directive("{{ block \"warning-signs\" }}\n"),
            Some(("", "warning-signs", 0))
        );
        assert_eq!(directive("> {{block \"a/b\"}}"), Some(("> ", "a/b", 2)));
        assert_eq!(directive("See {{ block \"x\" }}"), None);
        assert_eq!(directive("{{ block x }}"), None);
        assert_eq!(directive("{{ clinic.phone }}"), None);
        assert_eq!(malformed_directive("See {{ block \"x\" }} here"), Some(4));
        assert_eq!(malformed_directive("\\{{ block \"x\" }}"), None);
    }

    fn blocks(text: &str) -> Blocks {
        let clinic = crate::config::Clinic {
            phone: "+1 (555) 010-0199".into(),
            ..Default::default()
        };
        let values = ClinicValues::new(&clinic);
        let (block, problems) = Block::from_text(
            Path::new("content/_blocks/b.md"),
            "b",
            text.into(),
            false,
            Some(&values),
        );
        assert!(problems.is_empty(), "{problems:?}");
        Blocks {
            by_name: BTreeMap::from([("b".to_string(), Arc::new(block))]),
            source_names: vec!["b".into()],
            ..Blocks::default()
        }
    }

    #[test]
    fn a_link_in_a_quoted_block_is_placed_at_its_line_in_the_block() {
        let clinic = crate::config::Clinic {
            phone: "+1 (555) 010-0199".into(),
            ..Default::default()
        };
        let language = super::super::Language {
            code: None,
            values: Some(ClinicValues::new(&clinic)),
            blocks: Arc::new(blocks(
                "Intro.\nCall {{ clinic.phone }} or read [x](@/a.md).\n",
            )),
            skip_prose: false,
        };
        let text = "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nCall {{ clinic.phone }}.\n\n> {{ block \"b\" }}\n\nEnd [y](@/c.md).\n";
        let page = super::super::Page::from_text_with_blocks(
            Path::new("content/p.md"),
            "p.md",
            text.into(),
            &language,
        )
        .unwrap();
        let body = page.doc.body();
        assert!(
            body.contains("> Intro.\n> Call \\+1 \\(555\\) 010\\-0199 or read [x](@/a.md).\n"),
            "{body}"
        );
        assert_eq!(page.doc.written_body(), &text[text.find("Call").unwrap()..]);
        let links: Vec<(&str, usize, usize)> = page
            .doc
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line, l.column))
            .collect();
        // The page's file has 9 lines; the block's follow it.
        assert_eq!(links, [("@/a.md", 11, 33), ("@/c.md", 9, 5)]);
        let mut found = vec![
            Diagnostic::error("content/p.md", "broken").at(11, 33),
            Diagnostic::error("content/p.md", "broken").at(9, 5),
        ];
        relocate([&page], &mut found);
        assert_eq!(found[0].location(), "content/_blocks/b.md:2:33");
        assert_eq!(
            found[0].message,
            "broken (in a block shown on content/p.md:7)"
        );
        assert_eq!(found[1].location(), "content/p.md:9:5");
    }

    #[test]
    fn heading_parts_keep_the_id_attribute_apart() {
        let line = "### Is it safe? {#safe}\n";
        let (marker, words, rest) = heading_parts(line).unwrap();
        assert_eq!(&line[..marker], "### ");
        assert_eq!(&line[marker..marker + words], "Is it safe?");
        assert_eq!(&line[marker + words..marker + words + rest], " {#safe}\n");
        assert_eq!(heading_parts("#hashtag\n"), None);
    }
}
