//! Rendering: the [`Site`] model in, the files of the built site out, each handed to a sink
//! as soon as it is made. A pure function of the model: it fails only on a template's runtime
//! error, since loading checked everything else.
//!
//! | module | owns |
//! |---|---|
//! | [`body`] | a page's markdown as HTML: links written for the [`LinkStyle`], related questions after answers |
//! | [`page_html`] | pages and the 404 page through their Tera templates |
//! | [`context`] | what templates receive (every href computed here) |
//! | [`templates`] | loading and compiling the theme's and site's templates; template errors |
//! | [`include_memo`] | includes that many pages render alike, rendered once and copied |
//! | [`jsonld`] | each page's JSON-LD graph |
//! | [`files`] | alias redirects and static files |
//! | [`crawler_files`] | sitemap.xml, robots.txt, .nojekyll, CNAME |
//! | [`search`] | the search index: its manifest and shards |
//! | [`feed`] | `questions.json`, the questions feed, and its schema |
//! | [`anchors`] | the question map: where each question id (and old id) lives now |
//! | [`cards`] | link previews: share cards, home-screen icons, web manifests, their head tags |

pub(crate) mod alternates;
pub(crate) mod anchors;
mod body;
pub mod cards;
pub(crate) mod context;
pub(crate) mod crawler_files;
pub(crate) mod feed;
pub(crate) mod files;
pub(crate) mod filters;
mod include_memo;
pub(crate) mod jsonld;
pub(crate) mod page_fingerprint;
mod page_html;
pub mod search;
pub(crate) mod templates;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::{PageId, Table};
use crate::output::OutputFile;
use crate::urls::LinkStyle;
pub(crate) use alternates::Languages;
pub(crate) use body::{body_fingerprint, render_markdown, render_page_markdown};
use context::ContextBuilder;
use files::{alias_pages, static_files};
use page_html::{fingerprint_not_found, fingerprint_page, render_not_found, render_page};
use templates::Templates;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Write links that work from disk (`index.html` named in every link).
    pub offline: bool,
    /// Write `questions.json` into the offline copy too (the published site always has it).
    pub feed: bool,
    /// Draw the share cards (when site.toml asks for them; never in the offline copy),
    /// taking those the output folder given here already holds when what they show has not
    /// changed (see [`cards`]). `None`: no card is drawn (`check`; the preview draws each
    /// when asked for).
    pub draw_cards: Option<std::path::PathBuf>,
}

/// What to render.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Selection<'a> {
    /// Every file of the site: pages, the 404 page, alias redirects, static files and the
    /// publishing files (search index, sitemap...).
    Everything,
    /// These pages only (indices into the site's pages): what the preview renders again after
    /// an edit that cannot change any other page.
    Pages(&'a [PageId]),
    /// One part of the publishing files.
    Part(crawler_files::Part),
    /// The 404 page (of the default language).
    NotFound,
    /// The alias redirects.
    Aliases,
    /// The static files, and the files beside pages (of the default language).
    Statics,
}

/// Renders `selection` of the site, handing each file to `sink` as soon as it is made, on the
/// thread that made it (so `sitegen build` scans and writes each page while it is still in
/// the cache, rather than holding the whole site in memory). Returns what `sink` returned for
/// each file: pages in site order, then the 404 page, alias redirects, static files and the
/// publishing files. Problems from every file are reported together; rendering fails only on
/// template runtime errors, since loading checked everything else.
///
/// `lang` picks the site's language among `languages` (0: the default one). The default
/// language renders everything site-wide once (the 404 page, static files, the hosting files
/// with every language's pages in the sitemap); another language renders its pages, aliases
/// and its own search index, question map and feed under `<code>/`.
pub(crate) fn render<T: Send>(
    languages: &Languages<'_>,
    lang: usize,
    templates: &Templates,
    options: &RenderOptions,
    selection: Selection<'_>,
    sink: &(dyn Fn(OutputFile) -> Result<T, Diagnostic> + Sync),
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let site = languages.sites[lang];
    let style = link_style(options);
    // Bodies are rendered ahead only if a template shows answers' HTML (then every page's
    // markdown is needed first); otherwise each page renders its own body in its task.
    let stage = crate::timings::stage("markdown");
    let needs_markdown = matches!(selection, Selection::Everything | Selection::Pages(_));
    let rendered = if templates.uses_answer_html && needs_markdown {
        render_markdown(site, &style, true)
    } else {
        Table::default()
    };
    drop(stage);
    let mut builder = ContextBuilder::new(site, &rendered, style.clone(), languages, lang);
    builder.shown = templates.shown;
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
        // One page (what the preview asks for most) on the asking thread.
        Selection::Pages(&[index]) => {
            collect(vec![render_page(&builder, templates, index).and_then(sink)])
        }
        Selection::Pages(indices) => collect(
            indices
                .par_iter()
                .map(|&index| render_page(&builder, templates, index).and_then(sink))
                .collect(),
        ),
        Selection::Part(part) => {
            let mut made = Vec::new();
            crawler_files::part_files(languages, lang, part, &mut |file| made.push(sink(file)));
            collect(made);
        }
        Selection::NotFound => {
            if lang == 0 {
                collect(
                    render_not_found(&builder, templates)
                        .transpose()
                        .map(|file| file.and_then(sink))
                        .into_iter()
                        .collect(),
                );
            }
        }
        Selection::Aliases => collect(alias_pages(site, &style).into_iter().map(sink).collect()),
        Selection::Statics => {
            if lang == 0 {
                collect(static_files(site).into_iter().map(sink).collect());
            }
        }
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
                    // Each site-wide file goes to the sink as soon as it is made, rather than
                    // waiting in memory for the pages.
                    let _stage = crate::timings::stage("(publish)");
                    let mut made = Vec::new();
                    crawler_files::for_each_file(languages, lang, options, &mut |file| {
                        made.push(sink(file))
                    });
                    made
                },
            );
            drop(stage);
            collect(pages);
            collect(extras);
            let mut others: Vec<Result<OutputFile, Diagnostic>> = Vec::new();
            if lang == 0 {
                others.extend(render_not_found(&builder, templates).transpose());
                others.extend(static_files(site).into_iter().map(Ok));
            }
            others.extend(alias_pages(site, &style).into_iter().map(Ok));
            collect(
                others
                    .into_par_iter()
                    .map(|file| file.and_then(sink))
                    .collect(),
            );
            collect(share_cards(site, templates, options, sink));
        }
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        Err(problems)
    }
}

/// The share cards of `site`, each handed to `sink` as soon as it is drawn (or found
/// unchanged in the last build's output), in parallel: when `options` draw them.
fn share_cards<T: Send>(
    site: &crate::model::Site,
    templates: &Templates,
    options: &RenderOptions,
    sink: &(dyn Fn(OutputFile) -> Result<T, Diagnostic> + Sync),
) -> Vec<Result<T, Diagnostic>> {
    let Some(previous) = options.draw_cards.as_deref().filter(|_| !options.offline) else {
        return Vec::new();
    };
    let pages = cards::carded_pages(site, templates);
    if pages.is_empty() {
        return Vec::new();
    }
    let _stage = crate::timings::stage("share cards");
    // Loading made sure the theme has a font (`cards::problems`).
    let kit = cards::kit::Kit::load(site);
    pages
        .into_par_iter()
        .map(|id| cards::card_file(site, templates, &kit, id, previous).and_then(sink))
        .collect()
}

/// What a fingerprint is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fingerprinted {
    Page(PageId),
    /// The 404 page (of the default language).
    NotFound,
}

/// The [fingerprint](page_fingerprint) of each of `of` in language `lang`: a hash of everything its
/// template gets, so a page whose fingerprint is the same as when it was last rendered (with
/// the same templates, site.toml and `options`) renders to the same bytes. `None` for what has
/// no fingerprint: the FAQ hub when templates show answers' HTML, a 404 page without its
/// template. Each comes with what its context read of the site ([`crate::model::change`]).
pub(crate) fn fingerprints(
    languages: &Languages<'_>,
    lang: usize,
    templates: &Templates,
    options: &RenderOptions,
    of: &[Fingerprinted],
) -> Vec<(Option<u64>, crate::model::change::Reads)> {
    let site = languages.sites[lang];
    let rendered = Table::default();
    let mut builder = ContextBuilder::new(site, &rendered, link_style(options), languages, lang);
    builder.fingerprint_bodies = true;
    builder.shown = templates.shown;
    let one = |what: &Fingerprinted| {
        crate::model::change::record(|| match *what {
            Fingerprinted::Page(index) => fingerprint_page(&builder, templates, index),
            Fingerprinted::NotFound => (lang == 0 && templates.tera.contains_template("404.html"))
                .then(|| fingerprint_not_found(&builder, templates)),
        })
    };
    match of {
        [what] => vec![one(what)],
        _ => of.par_iter().map(one).collect(),
    }
}

/// How links are written for `options`.
pub(crate) fn link_style(options: &RenderOptions) -> LinkStyle {
    if options.offline {
        LinkStyle::Offline
    } else {
        LinkStyle::Relative
    }
}
