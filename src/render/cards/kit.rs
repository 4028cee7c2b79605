//! What the theme gives the cards and icons besides the card template: its fonts
//! (`themes/<theme>/cards/*.ttf|otf`), its logo (`static/logo.svg`, the site's if it has
//! one) and its colours, declared once in the first `:root { --name: value }` block of its
//! `static/style.css` (the site's, if it replaces it) and read here for the cards and the
//! web manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::draw::{self, Painter};
use crate::model::Site;

/// The family name the theme's card font goes by in the card template.
pub(crate) const FAMILY: &str = "Open Sans";

/// The theme's drawing materials, read once per build.
pub struct Kit {
    /// What draws the cards' text and shapes.
    pub painter: Painter,
    /// The first font found (the bold one, by name order), for measuring titles; `None`
    /// when the theme ships no font.
    pub title_font: Option<Arc<Vec<u8>>>,
    /// The logo as a `data:` URI, for `<image href>`.
    pub logo: String,
    /// `--name` (without the dashes, `-` as `_`) -> value: `bg`, `brand`, `on_brand`...
    pub colors: BTreeMap<String, String>,
    /// A hash of the fonts and the renderer: what every image's key starts from.
    pub base_key: u64,
}

impl Kit {
    /// Reads the theme's materials for `site`.
    pub fn load(site: &Site) -> Kit {
        let fonts = fonts(&theme_dir(site).join("cards"));
        let title_font = fonts.first().cloned();
        let logo = first_existing(site, "logo.svg")
            .and_then(|p| std::fs::read(p).ok())
            .unwrap_or_default();
        let colors = Kit::colors_of(site);
        let mut parts: Vec<&[u8]> = fonts.iter().map(|f| f.as_slice()).collect();
        parts.push(draw::RENDERER.as_bytes());
        let base_key = draw::key(&parts);
        Kit {
            painter: Painter::new(&fonts, FAMILY),
            title_font,
            logo: data_uri(&logo),
            colors,
            base_key,
        }
    }

    /// The theme's colours (see [`root_colors`]), from the site's `static/style.css` if it
    /// has one, else the theme's.
    pub(crate) fn colors_of(site: &Site) -> BTreeMap<String, String> {
        first_existing(site, "style.css")
            .and_then(|p| std::fs::read_to_string(p).ok())
            .map(|css| root_colors(&css))
            .unwrap_or_default()
    }

    /// A colour by name, else `fallback`.
    pub(crate) fn color<'a>(&'a self, name: &str, fallback: &'a str) -> &'a str {
        self.colors.get(name).map_or(fallback, String::as_str)
    }
}

fn theme_dir(site: &Site) -> PathBuf {
    site.root.join("themes").join(&site.config.theme)
}

/// `static/<name>` of the site, else of the theme.
fn first_existing(site: &Site, name: &str) -> Option<PathBuf> {
    [site.root.join("static"), theme_dir(site).join("static")]
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The font files in `dir`, in name order.
pub(crate) fn fonts(dir: &Path) -> Vec<Arc<Vec<u8>>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf"))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(Arc::new)
        .collect()
}

/// The custom properties of the first `:root { ... }` block of `css`: `--on-brand: #fff`
/// becomes `on_brand` -> `#fff`.
pub(crate) fn root_colors(css: &str) -> BTreeMap<String, String> {
    let mut colors = BTreeMap::new();
    let Some(start) = css.find(":root") else {
        return colors;
    };
    let rest = &css[start..];
    let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) else {
        return colors;
    };
    if close < open {
        return colors;
    }
    for declaration in rest[open + 1..close].split(';') {
        let Some((name, value)) = declaration.split_once(':') else {
            continue;
        };
        if let Some(name) = name.trim().strip_prefix("--") {
            colors.insert(name.replace('-', "_"), value.trim().to_string());
        }
    }
    colors
}

/// `bytes` (an SVG) as a `data:` URI.
fn data_uri(svg: &[u8]) -> String {
    let text = String::from_utf8_lossy(svg);
    let encoded: String =
        percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    format!("data:image/svg+xml,{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_from_the_first_root_block_only() {
        let css = "/* c */\n:root {\n  color-scheme: light dark;\n  --bg: #fbf8f3; --on-brand: #fff;\n}\n@media (prefers-color-scheme: dark) { :root { --bg: #131a19; } }";
        let colors = root_colors(css);
        assert_eq!(colors.get("bg").map(String::as_str), Some("#fbf8f3"));
        assert_eq!(colors.get("on_brand").map(String::as_str), Some("#fff"));
        assert!(!colors.contains_key("color_scheme"));
    }
}
