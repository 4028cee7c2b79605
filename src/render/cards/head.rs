//! What a page's head says about its link preview and its icons: `share` in templates.
//!
//! * `share.image`: the picture a link preview shows (the page's own `image`, else its drawn
//!   card, else none): `url` (absolute, as Open Graph requires), `width`, `height`, `alt`
//!   (the page's title, in its language, for a card) and `mime`.
//! * `share.twitter_card`: `summary_large_image` with a picture, else `summary`.
//! * `share.touch_icon`, `share.manifest`: hrefs from the page, when site.toml asks for
//!   icons; never in the offline copy (a manifest opened from `file://` is an error in
//!   Chromium's console).

use serde::Serialize;

use super::{card_path, draws_cards, icons, own_image, CARD_HEIGHT, CARD_WIDTH};
use crate::model::{PageId, Site};
use crate::render::templates::Templates;
use crate::urls::Linker;

/// `share` in templates.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Share {
    pub image: Option<Image>,
    pub twitter_card: &'static str,
    pub touch_icon: Option<String>,
    pub manifest: Option<String>,
}

/// The picture of a link preview.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Image {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub mime: &'static str,
}

/// The `share` value of page `current` of `site` (`None`: the 404 page) written from
/// `linker`'s page; `lang_home` is its language's home path (`/`, `/es/`).
pub(crate) fn share(
    site: &Site,
    templates: &Templates,
    linker: &Linker,
    current: Option<PageId>,
    lang_home: &str,
    offline: bool,
) -> Share {
    let image = current.and_then(|id| image(site, templates, id));
    let icons = site.config.share.icons && !offline;
    Share {
        twitter_card: if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
        image,
        touch_icon: icons.then(|| linker.href(&format!("/{}", icons::TOUCH_ICON))),
        manifest: icons.then(|| linker.href(&format!("{lang_home}{}", icons::MANIFEST))),
    }
}

/// The picture of page `id`'s link preview.
fn image(site: &Site, templates: &Templates, id: PageId) -> Option<Image> {
    let page = &site.pages[id];
    if page.meta.image.is_some() {
        let own = own_image::find(site, id).ok()??;
        return Some(Image {
            url: site.config.absolute(&own.output),
            width: own.width,
            height: own.height,
            alt: page.meta.image_alt.clone().unwrap_or_default(),
            mime: own.mime,
        });
    }
    draws_cards(site, templates).then(|| Image {
        url: site.config.absolute(&card_path(&page.path)),
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        alt: page.meta.title.clone(),
        mime: "image/png",
    })
}
