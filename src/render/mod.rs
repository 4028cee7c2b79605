//! Rendering: the [`Site`] model in, the files of the built site out (in memory).
//!
//! Markdown bodies are turned into HTML first (in parallel; links resolved by
//! [`crate::model::links`] become hrefs for the chosen [`LinkStyle`]), then every page goes through
//! its Tera template (in parallel), then the 404 page, alias redirects, static files and the
//! publishing extras are added. Nothing here touches the disk but to read static files.

pub mod context;
pub mod filters;
pub mod jsonld;
pub mod publish;
pub mod search;
pub mod templates;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::{PageId, QuestionId, Site, Table};
pub use crate::output::{output_path, Body, OutputFile};
use crate::urls::{LinkStyle, Linker};
use context::{ContextBuilder, PageContext};
use templates::Templates;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Write links that work from disk (`index.html` named in every link).
    pub offline: bool,
}

/// What to render.
#[derive(Debug, Clone, Copy)]
pub enum Selection<'a> {
    /// Every file of the site: pages, the 404 page, alias redirects, static files and the
    /// publishing files (search index, sitemap...).
    Everything,
    /// These pages only (indices into the site's pages): what the preview renders again after
    /// an edit that cannot change any other page.
    Pages(&'a [PageId]),
    /// The site-wide publishing files only (search index, sitemap...).
    Publishing,
}

/// Renders `selection` of the site, handing each file to `sink` as soon as it is made, on the
/// thread that made it (so `sitegen build` scans and writes each page while it is still in
/// the cache, rather than holding the whole site in memory). Returns what `sink` returned for
/// each file: pages in site order, then the 404 page, alias redirects, static files and the
/// publishing files. Problems from every file are reported together; rendering fails only on
/// template runtime errors, since loading checked everything else.
pub fn render<T: Send>(
    site: &Site,
    templates: &Templates,
    options: &RenderOptions,
    selection: Selection<'_>,
    sink: &(dyn Fn(OutputFile) -> Result<T, Diagnostic> + Sync),
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let style = link_style(options);
    // Bodies are rendered ahead only if a template shows answers' HTML (then every page's
    // markdown is needed first); otherwise each page renders its own body in its task.
    let stage = crate::timings::stage("markdown");
    let rendered = if templates.uses_answer_html && !matches!(selection, Selection::Publishing) {
        render_markdown(site, &style, true)
    } else {
        Table::default()
    };
    drop(stage);
    let builder = ContextBuilder::new(site, &rendered, style.clone());
    let mut problems = Vec::new();
    let mut outputs = Vec::new();
    let mut collect = |results: Vec<Result<T, Diagnostic>>| {
        for result in results {
            match result {
                Ok(output) => outputs.push(output),
                Err(d) => problems.push(d),
            }
        }
    };
    match selection {
        Selection::Pages(indices) => collect(
            indices
                .par_iter()
                .map(|&index| render_page(&builder, templates, index).and_then(sink))
                .collect(),
        ),
        Selection::Publishing => collect(
            publish::files(site, options)
                .into_par_iter()
                .map(sink)
                .collect(),
        ),
        Selection::Everything => {
            let stage = crate::timings::stage("pages+publish");
            // Pages and the publishing extras (search index, sitemap) are independent: run
            // them side by side so the index's sequential part overlaps page rendering.
            let (pages, extras) = rayon::join(
                || {
                    let _stage = crate::timings::stage("(pages)");
                    (0..site.pages.len())
                        .into_par_iter()
                        .map(|index| {
                            render_page(&builder, templates, PageId::new(index)).and_then(sink)
                        })
                        .collect::<Vec<Result<T, Diagnostic>>>()
                },
                || {
                    let _stage = crate::timings::stage("(publish)");
                    publish::files(site, options)
                },
            );
            drop(stage);
            collect(pages);
            let mut others: Vec<Result<OutputFile, Diagnostic>> =
                Vec::with_capacity(extras.len() + 16);
            others.extend(render_not_found(&builder, templates).transpose());
            others.extend(alias_pages(site, &style).into_iter().map(Ok));
            others.extend(static_files(site).into_iter().map(Ok));
            others.extend(extras.into_iter().map(Ok));
            collect(
                others
                    .into_par_iter()
                    .map(|file| file.and_then(sink))
                    .collect(),
            );
        }
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        Err(problems)
    }
}

/// Markdown of every page as HTML, links written for `style`, each answer followed by its
/// related questions.
/// Each answer's own HTML is made only if `answer_html` is set (see [`markdown::render`]).
pub fn render_markdown(
    site: &Site,
    style: &LinkStyle,
    answer_html: bool,
) -> Table<PageId, Rendered> {
    let rendered: Vec<Rendered> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| render_page_markdown(site, style, PageId::new(index), answer_html))
        .collect();
    rendered.into()
}

/// Markdown of page `index` as HTML (see [`render_markdown`]).
pub fn render_page_markdown(
    site: &Site,
    style: &LinkStyle,
    index: PageId,
    answer_html: bool,
) -> Rendered {
    let page = &site.pages[index];
    let linker = Linker::new(&page.path, style.clone());
    let hrefs = &site.links.hrefs[index];
    let folder = page.rel.rfind('/').map(|i| &page.rel[..=i]).unwrap_or("");
    let resolve = |i: usize, link: &markdown::LinkRef| match &hrefs[i] {
        Some(target) => Some(linker.href(target)),
        None if is_relative_file(&link.dest) => {
            Some(linker.href(&format!("/{folder}{}", link.dest)))
        }
        None => None,
    };
    let related = |block: usize| {
        let q = *site.questions.of_page[index].get(block)?;
        related_questions_html(site, &linker, q)
    };
    markdown::render(
        &page.doc,
        &resolve,
        &related,
        answer_html,
        &site.config.clinic,
    )
}

/// How links are written for `options`.
pub fn link_style(options: &RenderOptions) -> LinkStyle {
    if options.offline {
        LinkStyle::Offline
    } else {
        LinkStyle::Relative
    }
}

/// The small "Related questions" list written under an answer.
/// The aside is labelled with its question, so each one on a page is a distinct landmark.
fn related_questions_html(site: &Site, linker: &Linker, question: QuestionId) -> Option<String> {
    let related = &site.questions.related[question];
    if related.is_empty() {
        return None;
    }
    let mut html = format!(
        "<aside class=\"related-questions\" aria-label=\"Questions related to: {}\"><p class=\"related-title\">Related questions</p><ul>",
        escape_html(&site.questions.all[question].text)
    );
    for &q in related {
        let question = &site.questions.all[q];
        let page = &site.pages[question.page];
        let href = linker.href(&format!("{}#{}", page.path, question.id));
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <span class=\"related-page\">({})</span></li>",
            escape_html(&href),
            escape_html(&question.text),
            escape_html(&page.meta.title)
        ));
    }
    html.push_str("</ul></aside>\n");
    Some(html)
}

/// A link to a file beside the page (`diagram.png`), as opposed to a URL or an anchor.
fn is_relative_file(dest: &str) -> bool {
    !(dest.is_empty() || dest.starts_with(['#', '/', '@']) || dest.contains(':'))
}

fn base_context(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    linker: &Linker,
    page: &PageContext,
    current: Option<PageId>,
) -> tera::Context {
    let site = builder.site;
    let mut ctx = tera::Context::new();
    ctx.insert_value("site", builder.site_value.clone());
    ctx.insert_value("nav", builder.nav(linker, current));
    if templates.uses_site_tree {
        ctx.insert_value("site_tree", builder.tree(linker));
    }
    ctx.insert("root", &linker.root());
    ctx.insert("home_href", &linker.href("/"));
    ctx.insert("canonical", &page.permalink);
    ctx.insert("jsonld", &jsonld::for_page(site, page));
    ctx.insert("question_count", &site.questions.all.len());
    ctx.insert("offline", &(builder.style == LinkStyle::Offline));
    ctx
}

/// Room for what a template adds around a page's body (header, footer, JSON-LD), so that a
/// page's output buffer rarely grows.
const OUTPUT_ALLOWANCE: usize = 16 * 1024;

fn render_page(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    index: PageId,
) -> Result<OutputFile, Diagnostic> {
    let site = builder.site;
    let page = &site.pages[index];
    let linker = Linker::new(&page.path, builder.style.clone());
    let page_ctx = builder.page(index, &linker);
    let content_len = page_ctx.content.len();
    let mut ctx = base_context(builder, templates, &linker, &page_ctx, Some(index));
    let template = site.template_of(index);
    if site.faq_hub() == Some(index) {
        ctx.insert("faq_groups", &builder.faq_groups(&linker));
    } else {
        ctx.insert("faq_groups", &Vec::<()>::new());
    }
    if site.references_page() == Some(index) {
        ctx.insert("references", &builder.references(&linker));
    } else {
        ctx.insert("references", &Vec::<()>::new());
    }
    ctx.insert("page", &page_ctx);
    // Rendered straight into a buffer big enough for the page: no regrowing, and no check
    // that Tera's output is UTF-8 (it is made of strings).
    let mut html = Vec::with_capacity(OUTPUT_ALLOWANCE + 2 * content_len);
    templates
        .tera
        .render_to(template, &ctx, &mut html)
        .map_err(|e| templates::template_error(&e, &templates.files, Some(&page.source)))?;
    Ok(OutputFile {
        path: output_path(&page.path),
        body: Body::Bytes(html),
        origin: page.source.clone(),
    })
}

/// `404.html`, served by GitHub Pages at any depth, so its links are absolute.
fn render_not_found(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
) -> Result<Option<OutputFile>, Diagnostic> {
    if !templates.tera.contains_template("404.html") {
        return Ok(None);
    }
    let site = builder.site;
    let style = match builder.style {
        LinkStyle::Offline => LinkStyle::Offline,
        _ => LinkStyle::Absolute {
            base_path: site.config.base_path().to_string(),
        },
    };
    let linker = Linker::new("/404.html", style.clone());
    let abs_builder = ContextBuilder::new(site, builder.rendered, style);
    let no_extra = toml::Table::new();
    let page = PageContext {
        title: "Page not found",
        description: "The page you asked for is not here.",
        content: String::new(),
        path: "/404.html",
        permalink: site.config.absolute("/404.html"),
        is_home: false,
        is_section: false,
        toc: vec![],
        questions: vec![],
        related_pages: vec![],
        related_questions: vec![],
        backlinks: vec![],
        breadcrumbs: vec![],
        prev: None,
        next: None,
        children: site
            .home()
            .map(|h| abs_builder.children(h, &linker))
            .unwrap_or_default(),
        section: None,
        review: Default::default(),
        sources: Vec::new(),
        tags: &[],
        mental_health: false,
        word_count: 0,
        reading_minutes: 0,
        extra: &no_extra,
    };
    let mut ctx = base_context(&abs_builder, templates, &linker, &page, None);
    ctx.insert("faq_groups", &Vec::<()>::new());
    ctx.insert("references", &Vec::<()>::new());
    ctx.insert("page", &page);
    let file = templates
        .files
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| "404.html".into());
    let html = templates
        .tera
        .render("404.html", &ctx)
        .map_err(|e| templates::template_error(&e, &templates.files, Some(&file)))?;
    Ok(Some(OutputFile {
        path: "404.html".into(),
        body: Body::Bytes(html.into_bytes()),
        origin: file,
    }))
}

/// Small redirect pages for each alias (an old URL of a page; validated at load).
fn alias_pages(site: &Site, style: &LinkStyle) -> Vec<OutputFile> {
    site.aliases
        .iter()
        .map(|alias| {
            let page = &site.pages[alias.page];
            let linker = Linker::new(&alias.path, style.clone());
            let target = linker.href(&page.path);
            let canonical = site.config.absolute(&page.path);
            let title = escape_html(&page.meta.title);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<link rel=\"canonical\" href=\"{canonical}\"><meta name=\"robots\" content=\"noindex\">\
<meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
<body><p>This page has moved to <a href=\"{target}\">{title}</a>.</p></body></html>\n",
                lang = site.config.language,
            );
            OutputFile {
                path: output_path(&alias.path),
                body: Body::Bytes(html.into_bytes()),
                origin: page.source.clone(),
            }
        })
        .collect()
}

/// The theme's `static/`, then the site's `static/` (which wins), then content assets.
fn static_files(site: &Site) -> Vec<OutputFile> {
    let mut by_path: std::collections::BTreeMap<String, OutputFile> = Default::default();
    let dirs = [
        site.root
            .join("themes")
            .join(&site.config.theme)
            .join("static"),
        site.root.join("static"),
    ];
    for dir in dirs {
        for entry in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let path =
                crate::diagnostics::slash_path(&crate::diagnostics::relative(&dir, entry.path()));
            let origin = crate::diagnostics::relative(&site.root, entry.path());
            by_path.insert(
                path.clone(),
                OutputFile {
                    path,
                    body: Body::Copy(entry.path().to_path_buf()),
                    origin,
                },
            );
        }
    }
    for asset in &site.assets {
        by_path.insert(
            asset.output.clone(),
            OutputFile {
                path: asset.output.clone(),
                body: Body::Copy(site.root.join(&asset.source)),
                origin: asset.source.clone(),
            },
        );
    }
    by_path.into_values().collect()
}

/// Escapes text for HTML content and attribute values, as the templates' autoescaping does
/// (Tera's escaper: `&`, `<`, `>`, `"` and `'`), so text is written the same way whether a template
/// or sitegen writes it.
pub fn escape_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 16);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn html_escaping_matches_the_templates_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"Tom & "Jerry's" <b>é</b>"#),
            "Tom &amp; &quot;Jerry&#39;s&quot; &lt;b&gt;é&lt;/b&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain"), "plain");
    }
}
