//! Putting the blocks a page shows into its markdown, with their clinic values: block text
//! is quoted as its directive is, a borrowed question's heading made plain, and each block's
//! file kept after the page's own so positions in it are lines of the page's source.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::directive::{heading_parts, malformed_directive, DIRECTIVE_HELP};
use super::shown_on::shown_on;
use super::{directive, Block, Blocks, Expanded, Included, FOLDER};
use crate::content::clinic_values::{self, Builder, ClinicValues};
use crate::diagnostics::{did_you_mean, line_col, Diagnostic};

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
    // memchr's substring search: most bodies name no block, and this looks through each.
    let names_something = memchr::memmem::find(body.as_bytes(), b"{{").is_some();
    if !names_something || !body.lines().any(names_a_block) {
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

/// The byte offset where 1-based line `line` of `text` starts.
fn offset_of_line(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line - 2)
        .map_or(text.len(), |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::blocks::relocate;

    use std::collections::BTreeMap;
    use std::sync::Arc;

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
        let language = crate::content::Language {
            code: None,
            values: Some(ClinicValues::new(&clinic)),
            blocks: Arc::new(blocks(
                "Intro.\nCall {{ clinic.phone }} or read [x](@/a.md).\n",
            )),
            skip_prose: false,
        };
        let text = "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nCall {{ clinic.phone }}.\n\n> {{ block \"b\" }}\n\nEnd [y](@/c.md).\n";
        let page = crate::content::Page::from_text_with_blocks(
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
}
