//! Loading the Tera templates: the theme's `templates/`, then the site's own `templates/`
//! folder, whose files replace the theme's of the same name. Compiled once per build.
//!
//! Tera 2 is used rather than 1.x because its errors carry the template's name, line and
//! column, which become `themes/clinic/templates/page.html:12:5` diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::include_memo;
use crate::diagnostics::{relative, Diagnostic};

/// The compiled templates and where each came from.
pub struct Templates {
    /// The templates as rendered: includes of partials that many pages render alike are
    /// remembered ([`include_memo`]).
    pub tera: Arc<tera::Tera>,
    /// The templates as written, for errors.
    original: tera::Tera,
    /// Template name -> file, relative to the site root.
    pub files: HashMap<String, PathBuf>,
    /// Some template names `site_tree`: it holds every page, so it is built only then.
    pub uses_site_tree: bool,
    /// Some template names `answer_html`: each answer's HTML is made only then (its text,
    /// for JSON-LD and the hub, always is).
    pub uses_answer_html: bool,
    /// The fields of a page's context that some template names: the others are left out.
    pub(crate) shown: Shown,
    /// The strings templates name (`t.key`), each with the first template that does.
    pub strings_used: std::collections::BTreeMap<String, PathBuf>,
}

/// The fields of a page's context that are made only when some template names them (as a
/// word of its own, see [`names_word`]): each is on many pages, or many times a page, and the
/// clinic theme names none of them. A field left out is one no template can show, so leaving
/// it out changes no page (nor its fingerprint's worth: it changes whenever the page would).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shown {
    /// A question's related questions (`q.related`): on every page that has questions, they
    /// are most of the links its context holds.
    pub related: bool,
    /// A question's answer as HTML and as text (`answer_html`, `answer_text`).
    pub answer_html: bool,
    pub answer_text: bool,
    /// A question's page's title and href (`page_title`, `page_href`).
    pub page_title: bool,
    pub page_href: bool,
    /// Whether a contents entry is a question (`is_question`).
    pub is_question: bool,
    /// The page's and each link's site path (`path`).
    pub path: bool,
    /// The page's `permalink`, `is_section` and `tags`.
    pub permalink: bool,
    pub is_section: bool,
    pub tags: bool,
}

impl Shown {
    /// Every field (a context made for no template in particular).
    pub(crate) const ALL: Shown = Shown {
        related: true,
        answer_html: true,
        answer_text: true,
        page_title: true,
        page_href: true,
        is_question: true,
        path: true,
        permalink: true,
        is_section: true,
        tags: true,
    };

    /// The fields some of `texts` (the templates) name.
    fn of<'t>(texts: impl Iterator<Item = &'t str> + Clone) -> Shown {
        let named = |word: &str| texts.clone().any(|text| names_word(text, word));
        Shown {
            related: named("related"),
            answer_html: named("answer_html"),
            answer_text: named("answer_text"),
            page_title: named("page_title"),
            page_href: named("page_href"),
            is_question: named("is_question"),
            path: named("path"),
            permalink: named("permalink"),
            is_section: named("is_section"),
            tags: named("tags"),
        }
    }
}

/// Whether `word` occurs in `text` as a name of its own, not inside a longer one
/// (`related_pages` does not name `related`; `q.related` and `q["related"]` do).
fn names_word(text: &str, word: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_name)
            && !text[at + word.len()..].chars().next().is_some_and(is_name)
    })
}

/// The folders templates are read from, lowest priority first.
pub(crate) fn template_dirs(root: &Path, theme: &str) -> Vec<PathBuf> {
    vec![
        root.join("themes").join(theme).join("templates"),
        root.join("templates"),
    ]
}

/// Reads and compiles every template.
pub(crate) fn load(root: &Path, theme: &str) -> Result<Templates, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(theme);
    if !theme_dir.is_dir() {
        return Err(vec![Diagnostic::error(
            "site.toml",
            format!("theme `{theme}` not found in themes/"),
        )
        .help(format!(
            "create themes/{theme}/templates/ or set `theme` to a folder under themes/"
        ))]);
    }
    let mut sources: HashMap<String, (PathBuf, String)> = HashMap::new();
    let mut problems = Vec::new();
    for dir in template_dirs(root, theme) {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let name_os = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || name_os.starts_with('.') || name_os.ends_with('~') {
                continue;
            }
            let name = crate::diagnostics::slash_path(&relative(&dir, entry.path()));
            let file = relative(root, entry.path());
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, (file, text));
                }
                Err(e) => problems.push(
                    Diagnostic::error(file, format!("cannot read template: {e}"))
                        .help("save it as UTF-8 text"),
                ),
            }
        }
    }
    let mut tera = new_tera();
    let files: HashMap<String, PathBuf> = sources
        .iter()
        .map(|(n, (f, _))| (n.clone(), f.clone()))
        .collect();
    // Add templates one by one first so that each syntax error is reported, not only the first.
    for (name, (file, text)) in &sources {
        let mut probe = tera::Tera::new();
        if let Err(e) = probe.add_raw_template(name, text) {
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                problems.push(template_error(&e, &files, Some(file)));
            }
        }
    }
    if problems.is_empty() {
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        {
            problems.push(template_error(&e, &files, None));
        }
    }
    let mentioned = |word: &str| sources.values().any(|(_, text)| text.contains(word));
    let uses_site_tree = mentioned("site_tree");
    let uses_answer_html = mentioned("answer_html");
    let shown = Shown::of(sources.values().map(|(_, text)| text.as_str()));
    if problems.is_empty() {
        let sorted: std::collections::BTreeMap<String, (PathBuf, String)> =
            sources.into_iter().collect();
        Ok(Templates {
            tera: with_remembered_includes(&tera, &sorted),
            original: tera,
            files,
            uses_site_tree,
            uses_answer_html,
            shown,
            strings_used: crate::theme_strings::keys_used(&sorted),
        })
    } else {
        Err(problems)
    }
}

/// A Tera instance with sitegen's settings and filters.
fn new_tera() -> tera::Tera {
    let mut tera = tera::Tera::new();
    // The share card's SVG (templates/card.svg) is XML: its values are escaped too.
    tera.autoescape_on(include_memo::AUTOESCAPED.to_vec());
    crate::render::filters::register(&mut tera);
    tera
}

/// The templates of `original` (compiled from `sources`) with includes remembered; as they
/// are written if the rewritten ones do not compile (they always should).
fn with_remembered_includes(
    original: &tera::Tera,
    sources: &std::collections::BTreeMap<String, (PathBuf, String)>,
) -> Arc<tera::Tera> {
    let texts: Vec<(String, String)> = sources
        .iter()
        .map(|(name, (_, text))| (name.clone(), text.clone()))
        .collect();
    let mut fast = new_tera();
    let rendered_with = include_memo::RenderedWith::default();
    let rewritten = include_memo::rewrite(
        original,
        &texts,
        &super::context::PER_PAGE,
        &mut fast,
        &rendered_with,
    );
    if fast.add_raw_templates(rewritten).is_ok() {
        let fast = Arc::new(fast);
        let _ = rendered_with.set(Arc::downgrade(&fast));
        return fast;
    }
    let mut plain = new_tera();
    plain
        .add_raw_templates(texts)
        .expect("these templates compiled once already");
    Arc::new(plain)
}

impl Templates {
    /// Renders template `name` into `out`. When that fails, renders it again as written,
    /// with no include remembered, so that the error is the one Tera gives for the include
    /// itself (with its partial's name and line).
    pub(crate) fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), tera::Error> {
        let written = out.len();
        if self.tera.render_to(name, context, &mut *out).is_ok() {
            return Ok(());
        }
        out.truncate(written);
        self.original.render_to(name, context, out)
    }
}

/// A problem for each page whose template does not exist, at its `template` key when it
/// names one.
pub(crate) fn missing_for_pages(
    site: &crate::model::Site,
    templates: &Templates,
) -> Vec<Diagnostic> {
    site.pages
        .ids()
        .filter_map(|index| {
            let template = site.template_of(index);
            if templates.tera.contains_template(template) {
                return None;
            }
            let page = &site.pages[index];
            Some(
                page.meta
                    .place_at_key(
                        Diagnostic::error(&page.source, format!("template `{template}` not found")),
                        "template",
                        &page.doc,
                    )
                    .help(format!(
                        "create templates/{template} or themes/{}/templates/{template}",
                        site.config.theme
                    )),
            )
        })
        .collect()
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
pub(crate) fn template_error(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    fallback: Option<&Path>,
) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = if report.filename().is_empty() {
                fallback
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| "templates".into())
            } else {
                file_of(report.filename())
            };
            let span = report.span();
            let kind = if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut d = Diagnostic::error(file.clone(), format!("{kind}: {}", report.message()))
                .at(span.start_line, span.start_col + 1)
                .help(
                    "fix the template at this place; `sitegen serve` shows the result as you save",
                );
            if let Ok(text) = std::fs::read_to_string(&file) {
                if let Some(line) = text.lines().nth(span.start_line.saturating_sub(1)) {
                    let width = if span.end_line == span.start_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    d = d.with_snippet(line, width);
                }
            }
            d
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            fallback
                .map(Path::to_path_buf)
                .unwrap_or_else(|| "templates".into()),
            format!("template `{name}` not found"),
        )
        .help("create it in the theme's templates/ folder or the site's templates/ folder"),
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            file_of(current),
            format!("template extends `{parent}`, which does not exist"),
        )
        .help("check the name in its {% extends %} line"),
        _ => Diagnostic::error(
            fallback
                .map(Path::to_path_buf)
                .unwrap_or_else(|| "templates".into()),
            format!("template error: {err}"),
        )
        .help("check the templates named in the message"),
    }
}

#[cfg(test)]
mod tests {
    use super::{names_word, Shown};

    #[test]
    fn a_field_is_shown_when_some_template_names_it() {
        let shown = Shown::of(
            [
                "{{ page.title }}",
                "{% for q in page.questions %}{{ q.answer_text }}{% endfor %}",
            ]
            .into_iter(),
        );
        assert!(shown.answer_text);
        assert!(!shown.answer_html && !shown.related && !shown.path && !shown.tags);
    }

    #[test]
    fn a_word_is_named_only_on_its_own() {
        assert!(names_word("{% for r in q.related %}", "related"));
        assert!(names_word(r#"{{ q["related"] | length }}"#, "related"));
        assert!(names_word("related", "related"));
        assert!(!names_word(
            "{{ page.related_pages }} {{ t.related_questions }}",
            "related"
        ));
        assert!(!names_word(
            "{{ unrelated }} {{ q.relatedness }}",
            "related"
        ));
    }
}
