//! Pages through their Tera templates: the context each template gets (see
//! [`super::context`]), rendered straight into a buffer sized for the page, and the 404 page,
//! whose links are absolute because GitHub Pages serves it at any depth. The same code fills
//! a page's [fingerprint](super::page_fingerprint) for the preview.

use super::context::{ContextBuilder, PageContext};
use super::jsonld;
use super::page_fingerprint::{Fingerprint, Variables};
use super::templates::{self, Templates};
use crate::diagnostics::Diagnostic;
use crate::model::PageId;
use crate::output::output_path;
use crate::output::{Body, OutputFile};
use crate::urls::{LinkStyle, Linker};

fn base_context<V: Variables>(
    ctx: &mut V,
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    linker: &Linker,
    page: &PageContext,
    current: Option<PageId>,
) {
    let site = builder.site;
    // A fingerprint leaves out what depends on site.toml, the theme and the render options
    // alone (see `super::page_fingerprint`).
    let fingerprinting = ctx.fingerprinting();
    if !fingerprinting {
        ctx.put("site", builder.site_value.clone());
    }
    ctx.put("nav", builder.nav(linker, current));
    if templates.uses_site_tree {
        ctx.put("site_tree", builder.tree(linker));
    }
    ctx.insert("root", &linker.root());
    // The root of this page's language: its search index and question map live there.
    let lang_home = match builder.lang {
        0 => "/".to_string(),
        _ => format!("/{}/", site.config.language),
    };
    let lang_root = format!("{}{}", linker.root(), &lang_home[1..]);
    ctx.insert("lang_root", &lang_root);
    let rel = current.map(|id| site.pages[id].rel.as_str());
    let languages = builder.languages.links(builder.lang, rel, linker);
    if fingerprinting {
        // Without each language's code, name and strings (settings).
        let links: Vec<_> = languages
            .iter()
            .map(|l| (l.current, &l.href, l.missing, &l.permalink, &l.home_href))
            .collect();
        ctx.insert("languages", &links);
    } else {
        ctx.put("t", builder.strings_value.clone());
        ctx.insert("languages", &languages);
    }
    let alternates = rel.map(|rel| builder.languages.alternates(rel));
    ctx.insert("alternates", &alternates.unwrap_or_default());
    ctx.insert("home_href", &linker.href(&lang_home));
    ctx.insert("canonical", &page.permalink);
    // A page is medical content; the 404 page (no `current` page) is not. (Made of the page's
    // context and settings only, so a fingerprint needs it not.)
    if !fingerprinting {
        let graph = match current {
            Some(_) => jsonld::for_page(&builder.jsonld, page),
            None => jsonld::for_not_found(&builder.jsonld),
        };
        ctx.insert("jsonld", &graph);
    }
    crate::model::change::read_roles(site);
    ctx.insert("question_count", &site.questions.all.len());
    let offline = builder.style == LinkStyle::Offline;
    ctx.insert("offline", &offline);
    let share = super::cards::head::share(site, templates, linker, current, &lang_home, offline);
    ctx.insert("share", &share);
}

/// Room for what a template adds around a page's body (header, footer, JSON-LD), so that a
/// page's output buffer rarely grows.
const OUTPUT_ALLOWANCE: usize = 16 * 1024;

/// Fills `ctx` with everything page `index`'s template gets; returns the length of its body.
fn page_context<V: Variables>(
    ctx: &mut V,
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    index: PageId,
) -> usize {
    let site = builder.site;
    let page = &site.pages[index];
    let linker = Linker::new(&page.path, builder.style.clone());
    let page_ctx = builder.page(index, &linker);
    let content_len = page_ctx.content.len();
    base_context(ctx, builder, templates, &linker, &page_ctx, Some(index));
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
    content_len
}

/// The fingerprint of page `index` (`builder` made with fingerprinted bodies); `None` for the
/// FAQ hub when templates show answers' HTML, which is not fingerprinted.
pub(super) fn fingerprint_page(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    index: PageId,
) -> Option<u64> {
    if templates.uses_answer_html && builder.site.faq_hub() == Some(index) {
        return None;
    }
    let mut f = Fingerprint::new();
    // What the context does not hold: the template, and the file the page came from (which
    // the link check names).
    f.text(builder.site.template_of(index));
    f.text(&builder.site.pages[index].source.to_string_lossy());
    page_context(&mut f, builder, templates, index);
    Some(f.finish())
}

pub(super) fn render_page(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
    index: PageId,
) -> Result<OutputFile, Diagnostic> {
    let site = builder.site;
    let page = &site.pages[index];
    let template = site.template_of(index);
    let mut ctx = tera::Context::new();
    let content_len = page_context(&mut ctx, builder, templates, index);
    // Rendered straight into a buffer big enough for the page: no regrowing, and no check
    // that Tera's output is UTF-8 (it is made of strings).
    let mut html = Vec::with_capacity(OUTPUT_ALLOWANCE + 2 * content_len);
    templates
        .render_to(template, &ctx, &mut html)
        .map_err(|e| templates::template_error(&e, &templates.files, Some(&page.source)))?;
    Ok(OutputFile {
        path: output_path(&page.path),
        body: Body::Bytes(html),
        origin: page.source.clone(),
    })
}

/// `404.html`, served by GitHub Pages at any depth, so its links are absolute.
pub(super) fn render_not_found(
    builder: &ContextBuilder<'_>,
    templates: &Templates,
) -> Result<Option<OutputFile>, Diagnostic> {
    if !templates.tera.contains_template("404.html") {
        return Ok(None);
    }
    let mut ctx = tera::Context::new();
    not_found_context(&mut ctx, builder, templates);
    let file = templates
        .files
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| "404.html".into());
    let mut html = Vec::with_capacity(OUTPUT_ALLOWANCE);
    templates
        .render_to("404.html", &ctx, &mut html)
        .map_err(|e| templates::template_error(&e, &templates.files, Some(&file)))?;
    Ok(Some(OutputFile {
        path: "404.html".into(),
        body: Body::Bytes(html),
        origin: file,
    }))
}

/// The fingerprint of the 404 page.
pub(super) fn fingerprint_not_found(builder: &ContextBuilder<'_>, templates: &Templates) -> u64 {
    let mut f = Fingerprint::new();
    f.option(templates.files.get("404.html").and_then(|f| f.to_str()));
    not_found_context(&mut f, builder, templates);
    f.finish()
}

/// Fills `ctx` with everything the 404 page's template gets.
fn not_found_context<V: Variables>(
    ctx: &mut V,
    builder: &ContextBuilder<'_>,
    templates: &Templates,
) {
    let site = builder.site;
    let style = match builder.style {
        LinkStyle::Offline => LinkStyle::Offline,
        _ => LinkStyle::Absolute {
            base_path: site.config.base_path().to_string(),
        },
    };
    let linker = Linker::new("/404.html", style.clone());
    let mut abs_builder = ContextBuilder::new(
        site,
        builder.rendered,
        style,
        builder.languages,
        builder.lang,
    );
    abs_builder.shown = builder.shown;
    let no_extra = toml::Table::new();
    let page = PageContext {
        title: site.strings.get("not_found_title"),
        description: site.strings.get("not_found_description"),
        content: String::new(),
        path: builder.shown.path.then_some("/404.html"),
        permalink: site.config.absolute("/404.html"),
        permalink_shown: builder
            .shown
            .permalink
            .then(|| site.config.absolute("/404.html")),
        is_home: false,
        is_section: builder.shown.is_section.then_some(false),
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
        tags: builder.shown.tags.then_some(&[]),
        mental_health: false,
        word_count: 0,
        reading_minutes: 0,
        extra: &no_extra,
    };
    base_context(ctx, &abs_builder, templates, &linker, &page, None);
    ctx.insert("faq_groups", &Vec::<()>::new());
    ctx.insert("references", &Vec::<()>::new());
    ctx.insert("page", &page);
}
