//! Pages through their Tera templates: the context each template gets (see
//! [`super::context`]), rendered straight into a buffer sized for the page, and the 404 page,
//! whose links are absolute because GitHub Pages serves it at any depth.

use super::context::{ContextBuilder, PageContext};
use super::jsonld;
use super::templates::{self, Templates};
use crate::diagnostics::Diagnostic;
use crate::model::PageId;
use crate::output::output_path;
use crate::output::{Body, OutputFile};
use crate::urls::{LinkStyle, Linker};

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
    // The root of this page's language: its search index and question map live there.
    let lang_home = match builder.lang {
        0 => "/".to_string(),
        _ => format!("/{}/", site.config.language),
    };
    let lang_root = format!("{}{}", linker.root(), &lang_home[1..]);
    ctx.insert("lang_root", &lang_root);
    ctx.insert_value("t", builder.strings_value.clone());
    let rel = current.map(|id| site.pages[id].rel.as_str());
    ctx.insert(
        "languages",
        &builder.languages.links(builder.lang, rel, linker),
    );
    let alternates = rel.map(|rel| builder.languages.alternates(rel));
    ctx.insert("alternates", &alternates.unwrap_or_default());
    ctx.insert("home_href", &linker.href(&lang_home));
    ctx.insert("canonical", &page.permalink);
    // A page is medical content; the 404 page (no `current` page) is not.
    let graph = match current {
        Some(_) => jsonld::for_page(site, page),
        None => jsonld::for_not_found(site),
    };
    ctx.insert("jsonld", &graph);
    ctx.insert("question_count", &site.questions.all.len());
    ctx.insert("offline", &(builder.style == LinkStyle::Offline));
    ctx
}

/// Room for what a template adds around a page's body (header, footer, JSON-LD), so that a
/// page's output buffer rarely grows.
const OUTPUT_ALLOWANCE: usize = 16 * 1024;

pub(super) fn render_page(
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
pub(super) fn render_not_found(
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
    let abs_builder = ContextBuilder::new(
        site,
        builder.rendered,
        style,
        builder.languages,
        builder.lang,
    );
    let no_extra = toml::Table::new();
    let page = PageContext {
        title: site.strings.get("not_found_title"),
        description: site.strings.get("not_found_description"),
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
