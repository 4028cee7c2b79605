//! A page's own picture for link previews (`image` and `image_alt` in its front matter),
//! instead of its drawn card: a file beside the page (`image = "waiting-room.jpg"`, copied
//! with it) or in `static/` (`image = "/photos/clinic.jpg"`). Its width and height are read
//! from the file, so the head tags always tell the truth about it.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::model::{PageId, Site};

/// A page's own picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnImage {
    /// Its path in the output: `guides/parking/entrance.jpg`.
    pub output: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
}

/// Page `id`'s own picture: `Ok(None)` when it names none, an error naming the front
/// matter's line when the file is not there or is not a picture a link preview can show.
pub(crate) fn find(site: &Site, id: PageId) -> Result<Option<OwnImage>, Diagnostic> {
    let page = &site.pages[id];
    let Some(image) = page.meta.image.as_deref() else {
        return Ok(None);
    };
    let problem = |message: String, help: &str| {
        Diagnostic::error(&page.source, message)
            .at(page.meta.key_line("image"), 1)
            .help(help)
    };
    if image.contains("://") || image.starts_with("//") {
        return Err(problem(
            format!("`image = \"{image}\"` is on another site"),
            "put the picture beside the page (or in static/) and name it by its file name: the site makes no request to another host",
        ));
    }
    let (file, output) = match locate(site, &page.source, image) {
        Some(found) => found,
        None => {
            return Err(problem(
                format!("`image = \"{image}\"` not found"),
                "name a file beside the page (`image = \"photo.jpg\"`) or in static/ (`image = \"/photo.jpg\"`)",
            ))
        }
    };
    let mime = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "",
    };
    let size = imagesize::size(&file).ok();
    match (mime, size) {
        ("", _) | (_, None) => Err(problem(
            format!("`image = \"{image}\"` is not a PNG, JPEG, WebP or GIF picture"),
            "link previews show those four kinds; save the picture as one of them (1200x630 suits most)",
        )),
        (mime, Some(size)) => Ok(Some(OwnImage {
            output,
            width: size.width as u32,
            height: size.height as u32,
            mime,
        })),
    }
}

/// The file `image` names for the page at `source`, and its path in the output.
fn locate(site: &Site, source: &Path, image: &str) -> Option<(PathBuf, String)> {
    if let Some(in_static) = image.strip_prefix('/') {
        if in_static.split('/').any(|part| part == "..") {
            return None;
        }
        let dirs = [
            site.root.join("static"),
            site.root
                .join("themes")
                .join(&site.config.theme)
                .join("static"),
        ];
        return dirs
            .iter()
            .map(|dir| dir.join(in_static))
            .find(|p| p.is_file())
            .map(|p| (p, in_static.to_string()));
    }
    let beside = source.parent().unwrap_or(Path::new("")).join(image);
    let asset = site.assets.iter().find(|a| a.source == beside)?;
    Some((site.root.join(&asset.source), asset.output.clone()))
}

/// A problem for each page of `site` whose own `image` is missing or not a picture.
pub(crate) fn problems(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .ids()
        .filter_map(|id| find(site, id).err())
        .collect()
}
