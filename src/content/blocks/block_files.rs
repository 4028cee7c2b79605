//! Reading `content/_blocks/`: each block file in each language, its front matter
//! (`questions_page`, `source_version`), clinic values and questions.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Block, Blocks, FOLDER};
use crate::content::clinic_values::{self, Builder, ClinicValues};
use crate::content::front_matter;
use crate::diagnostics::{did_you_mean, line_col, relative, slash_path, Diagnostic};
use crate::toml_source::TomlSource;

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
    languages: &[crate::content::Language],
) -> (Vec<Arc<Blocks>>, Vec<Diagnostic>) {
    let folder = root.join("content").join(FOLDER);
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    if folder.is_dir() {
        for entry in walkdir::WalkDir::new(&folder)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !crate::content::is_ignorable(&e.file_name().to_string_lossy())
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
}
