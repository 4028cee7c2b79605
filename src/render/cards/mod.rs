//! Link previews and home-screen icons (README "Link previews"), switched on by `[share]` in
//! site.toml:
//!
//! * `cards = true`: a share card per page and language, `cards/<page path>card.png`
//!   (`cards/card.png` for the home page, `cards/es/safety/card.png`), 1200x630: the theme's
//!   `templates/card.svg` (a Tera template; a site replaces it with its own) filled with the
//!   page's title wrapped to fit, its section, the site's name, logo and colours, then drawn
//!   by resvg with the theme's own font. A page whose front matter names its own `image`
//!   (with `image_alt`) gets that instead.
//! * `icons = true`: `apple-touch-icon.png` (180x180), `icon-192.png` and `icon-512.png`
//!   from the theme's logo, and a `manifest.webmanifest` per language (see [`icons`]).
//!
//! Each page's head names its card (`og:image`, absolute, with its size and alt text, and
//! `twitter:card`), the touch icon and the manifest ([`head`]); the offline copy names no
//! icon and no manifest, and draws no card.
//!
//! **The cache is the output itself**: every PNG carries a key, a hash of the SVG it was
//! drawn from (title, section, language, the template, the logo and the colours are all in
//! that text), the fonts and the renderer ([`draw::RENDERER`]). `sitegen build` reads the
//! key of the card the last build left in the output folder and, when it is the same, hands
//! the staging folder those bytes, which it hard-links rather than rewrites; only a card
//! whose key changed is drawn. The preview draws a card when it is asked for, never ahead.
//!
//! | module | owns |
//! |---|---|
//! | [`kit`] | the theme's fonts, logo and colours |
//! | [`layout`] | the title wrapped to the card's width, never inside a word |
//! | [`draw`] | SVG to PNG with resvg; the key in the PNG |
//! | [`icons`] | the touch icon, the manifest icons and the manifests |
//! | [`head`] | what the head tags of a page say |
//! | [`own_image`] | a page's own `image`: where it is, its size, and the problems with it |

pub(crate) mod draw;
pub(crate) mod head;
pub(crate) mod icons;
pub mod kit;
pub(crate) mod layout;
pub(crate) mod own_image;

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::{PageId, SectionId, Site};
use crate::output::{Body, OutputFile};
use crate::render::templates::{self, Templates};
use crate::render::{Languages, RenderOptions};
use kit::Kit;

/// A card's size in pixels: what link previews of every large network show.
pub(crate) const CARD_WIDTH: u32 = 1200;
pub(crate) const CARD_HEIGHT: u32 = 630;
/// The card template, among the theme's (or the site's) templates.
pub(crate) const TEMPLATE: &str = "card.svg";

/// The card of the page at site path `page_path` (`/es/safety/`): `cards/es/safety/card.png`.
pub(crate) fn card_path(page_path: &str) -> String {
    format!("cards{page_path}card.png")
}

/// Whether `site` gets drawn cards: site.toml asks for them and there is a card template.
pub(crate) fn draws_cards(site: &Site, templates: &Templates) -> bool {
    site.config.share.cards && templates.tera.contains_template(TEMPLATE)
}

/// What stops a site that asks for share cards from drawing them: no card template, or no
/// font in the theme's `cards/` folder (found at load, before anything is rendered).
pub(crate) fn problems(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    if !site.config.share.cards {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let theme = &site.config.theme;
    if !templates.tera.contains_template(TEMPLATE) {
        problems.push(
            Diagnostic::error("site.toml", format!("`cards = true` under [share], but there is no {TEMPLATE} template"))
                .help(format!("add templates/{TEMPLATE} (themes/clinic has one to start from), or set cards = false")),
        );
    }
    if kit::fonts(&site.root.join("themes").join(theme).join("cards")).is_empty() {
        problems.push(
            Diagnostic::error("site.toml", format!("`cards = true` under [share], but themes/{theme}/cards/ has no font"))
                .help("put the .ttf or .otf file the card template names there (with its licence), or set cards = false"),
        );
    }
    problems
}

/// The pages of `site` that get a drawn card (those without their own `image`).
pub(crate) fn carded_pages(site: &Site, templates: &Templates) -> Vec<PageId> {
    if !draws_cards(site, templates) {
        return Vec::new();
    }
    site.pages
        .enumerate()
        .filter(|(_, page)| page.meta.image.is_none())
        .map(|(id, _)| id)
        .collect()
}

/// Every file this feature writes for language `lang` of `languages`, by its path in the
/// output: its cards (when `options` draw them), and its manifest and, for the default
/// language, the icons (unless `options.offline`).
pub fn paths(
    languages: &Languages<'_>,
    lang: usize,
    templates: &Templates,
    options: &RenderOptions,
) -> Vec<String> {
    let site = languages.sites[lang];
    let mut paths = Vec::new();
    if options.draw_cards.is_some() && !options.offline {
        paths.extend(
            carded_pages(site, templates)
                .into_iter()
                .map(|id| card_path(&site.pages[id].path)),
        );
    }
    if !options.offline {
        paths.extend(icons::paths(languages, lang));
    }
    paths
}

/// What the card template gets for one page.
#[derive(Debug, Serialize)]
struct CardContext<'a> {
    title_lines: Vec<Line>,
    title_size: f32,
    title_width: f32,
    label: &'a str,
    site_name: &'a str,
    address: &'a str,
    logo: &'a str,
    colors: &'a std::collections::BTreeMap<String, String>,
    lang: &'a str,
    width: u32,
    height: u32,
}

#[derive(Debug, Serialize)]
struct Line {
    text: String,
    y: f32,
}

/// The SVG of page `id`'s card: the card template filled in for it.
pub fn card_svg(
    site: &Site,
    templates: &Templates,
    kit: &Kit,
    id: PageId,
) -> Result<String, Diagnostic> {
    let page = &site.pages[id];
    let title = &page.meta.title;
    let measure = kit
        .title_font
        .as_ref()
        .and_then(|f| layout::Measure::new(f, title));
    let layout = match measure {
        Some(measure) => layout::fit_title(title, &measure),
        None => layout::TitleLayout {
            lines: vec![title.clone()],
            size: 56.0,
            baselines: vec![306.0],
        },
    };
    let address = site
        .config
        .base_url
        .split_once("://")
        .map_or("", |(_, r)| r);
    let context = CardContext {
        title_lines: layout
            .lines
            .into_iter()
            .zip(layout.baselines)
            .map(|(text, y)| Line { text, y })
            .collect(),
        title_size: layout.size,
        title_width: layout::TITLE_WIDTH,
        label: section_label(site, id),
        site_name: &site.config.title,
        address: address.trim_end_matches('/'),
        logo: &kit.logo,
        colors: &kit.colors,
        lang: &site.config.language,
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
    };
    let mut ctx = tera::Context::from_serialize(&context)
        .map_err(|e| Diagnostic::error(&page.source, format!("cannot make the card: {e}")))?;
    ctx.insert("t", &site.strings);
    templates
        .tera
        .render(TEMPLATE, &ctx)
        .map_err(|e| templates::template_error(&e, &templates.files, Some(&page.source)))
}

/// The title of the section page `id` is in (`Safety` for a page under content/safety/),
/// its menu label when it has one; empty for the home page and pages at the top level.
fn section_label(site: &Site, id: PageId) -> &str {
    let mut section = site.section_of[id];
    // A section's own page belongs to the section above it.
    if site.section_of_index_page(id) == Some(section) {
        match site.sections[section].parent {
            Some(parent) => section = parent,
            None => return "",
        }
    }
    if section == SectionId::ROOT {
        return "";
    }
    match site.sections[section].page {
        Some(p) => {
            let meta = &site.pages[p].meta;
            meta.extra
                .get("nav_title")
                .and_then(|v| v.as_str())
                .unwrap_or(&meta.title)
        }
        None => "",
    }
}

/// Page `id`'s card as an output file: the card `previous_output` holds at its path when it
/// was drawn from the same inputs, else drawn now.
pub(crate) fn card_file(
    site: &Site,
    templates: &Templates,
    kit: &Kit,
    id: PageId,
    previous_output: &Path,
) -> Result<OutputFile, Diagnostic> {
    let page = &site.pages[id];
    let path = card_path(&page.path);
    let svg = card_svg(site, templates, kit, id)?;
    let key = card_key(kit, &svg);
    let previous = crate::paths::join_slash(previous_output, &path);
    let bytes = match draw::reusable(&previous, key) {
        Some(bytes) => bytes,
        None => draw_card(kit, &svg, key, &page.source)?,
    };
    Ok(OutputFile {
        path,
        body: Body::Bytes(bytes),
        origin: page.source.clone(),
    })
}

fn card_key(kit: &Kit, svg: &str) -> u64 {
    draw::key(&[&kit.base_key.to_le_bytes(), svg.as_bytes()])
}

fn draw_card(kit: &Kit, svg: &str, key: u64, source: &Path) -> Result<Vec<u8>, Diagnostic> {
    kit.painter.png(svg, key, true).map_err(|e| {
        Diagnostic::error(
            source,
            format!("cannot draw this page's share card from {TEMPLATE}: {e}"),
        )
        .help(format!(
            "fix templates/{TEMPLATE} (the site's, or the theme's): it must be an SVG with a width and a height"
        ))
    })
}

/// For the preview: the card at output path `path`, drawn now, if `path` is one of the
/// site's cards (in any language).
pub fn drawn_on_request(
    languages: &Languages<'_>,
    templates: &Templates,
    path: &str,
) -> Option<Result<Vec<u8>, Diagnostic>> {
    let page_path = path.strip_prefix("cards")?.strip_suffix("card.png")?;
    let (site, id) = languages.sites.iter().find_map(|site| {
        let (id, page) = site.pages.enumerate().find(|(_, p)| p.path == page_path)?;
        (page.meta.image.is_none() && draws_cards(site, templates)).then_some((*site, id))
    })?;
    let kit = Kit::load(site);
    Some(card_svg(site, templates, &kit, id).and_then(|svg| {
        let key = card_key(&kit, &svg);
        draw_card(&kit, &svg, key, &site.pages[id].source)
    }))
}
