//! Home-screen icons and web manifests (`[share] icons = true`): the theme's logo on its
//! background colour, opaque (iOS fills transparency with black), as `apple-touch-icon.png`
//! (180x180, for iPhones and iPads), `icon-192.png` and `icon-512.png` (for the manifests);
//! and `manifest.webmanifest` per language (`es/manifest.webmanifest`): the site's name, a
//! short name for under the icon, its colours, both icons, and `start_url` and `scope` written
//! relative to the manifest, so they work under a project path (`/clinic-site/`).

use std::path::PathBuf;

use super::draw;
use super::kit::Kit;
use crate::output::{Body, OutputFile};
use crate::render::Languages;

pub(crate) const TOUCH_ICON: &str = "apple-touch-icon.png";
pub(crate) const MANIFEST: &str = "manifest.webmanifest";
/// Each icon: its file and its size.
const ICONS: [(&str, u32); 3] = [
    (TOUCH_ICON, 180),
    ("icon-192.png", 192),
    ("icon-512.png", 512),
];

/// Language `lang`'s folder in the output: `""`, or `es/`.
fn folder(languages: &Languages<'_>, lang: usize) -> String {
    match lang {
        0 => String::new(),
        _ => format!("{}/", languages.sites[lang].config.language),
    }
}

/// The paths of the icon files of language `lang` (the icons are the default language's).
pub(crate) fn paths(languages: &Languages<'_>, lang: usize) -> Vec<String> {
    if !languages.sites[lang].config.share.icons {
        return Vec::new();
    }
    let mut paths = vec![format!("{}{MANIFEST}", folder(languages, lang))];
    if lang == 0 {
        paths.extend(ICONS.iter().map(|(name, _)| name.to_string()));
    }
    paths
}

/// The icon files of language `lang`: its manifest and, for the default language, the icons
/// (an icon that cannot be drawn is left out, and the link check names the pages that link
/// to it).
pub(crate) fn files(languages: &Languages<'_>, lang: usize) -> Vec<OutputFile> {
    let site = languages.sites[lang];
    if !site.config.share.icons {
        return Vec::new();
    }
    let origin = PathBuf::from("site.toml");
    let mut out = vec![OutputFile {
        path: format!("{}{MANIFEST}", folder(languages, lang)),
        body: Body::Bytes(manifest(languages, lang).into_bytes()),
        origin: origin.clone(),
    }];
    if lang == 0 {
        let kit = Kit::load(site);
        for (name, size) in ICONS {
            if let Ok(png) = icon(&kit, size) {
                out.push(OutputFile {
                    path: name.to_string(),
                    body: Body::Bytes(png),
                    origin: origin.clone(),
                });
            }
        }
    }
    out
}

/// The logo on the theme's background, `size` pixels square, with a margin (the shapes
/// phones cut icons to keep it whole).
fn icon(kit: &Kit, size: u32) -> Result<Vec<u8>, String> {
    let margin = size as f32 * 0.1;
    let inner = size as f32 - 2.0 * margin;
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}"><rect width="{size}" height="{size}" fill="{bg}"/><image x="{margin}" y="{margin}" width="{inner}" height="{inner}" href="{logo}"/></svg>"#,
        bg = kit.color("bg", "#ffffff"),
        logo = kit.logo,
    );
    let key = draw::key(&[&kit.base_key.to_le_bytes(), svg.as_bytes()]);
    kit.painter.png(&svg, key, true)
}

/// Language `lang`'s web manifest.
pub(crate) fn manifest(languages: &Languages<'_>, lang: usize) -> String {
    let site = languages.sites[lang];
    let config = &site.config;
    let short_name = match config.share.short_name.trim() {
        "" => config.title.as_str(),
        short => short,
    };
    let up = "../".repeat(folder(languages, lang).matches('/').count());
    let colors = super::kit::Kit::colors_of(site);
    let color = |name: &str, fallback: &str| {
        colors
            .get(name)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    let icons: Vec<serde_json::Value> = ICONS[1..]
        .iter()
        .map(|(name, size)| {
            serde_json::json!({
                "src": format!("{up}{name}"),
                "sizes": format!("{size}x{size}"),
                "type": "image/png",
            })
        })
        .collect();
    let manifest = serde_json::json!({
        "name": config.title,
        "short_name": short_name,
        "description": config.description,
        "lang": config.language,
        "start_url": "./",
        "scope": "./",
        "display": "minimal-ui",
        "background_color": color("bg", "#ffffff"),
        "theme_color": color("brand", "#000000"),
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n"
}
