//! Drawing an SVG into a PNG with resvg, using only the theme's fonts (no system fonts: the
//! result is the same on every machine), and the cache key each PNG carries: a `tEXt` chunk
//! `sitegen-key` holding a hash of everything the image shows, so a build can tell that a
//! card from the last build is still right by reading its first bytes.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;

/// The PNG text chunk's keyword under which sitegen writes an image's cache key.
const KEY_WORD: &str = "sitegen-key";
/// What draws the images: part of every cache key, so a new renderer redraws them. The
/// resvg version is checked against Cargo.lock by a test.
pub(crate) const RENDERER: &str = concat!("sitegen ", env!("CARGO_PKG_VERSION"), "; resvg 0.49");

/// Draws SVG documents with a fixed set of fonts.
pub struct Painter {
    options: usvg::Options<'static>,
}

impl Painter {
    /// A painter whose text can use the fonts in `fonts` (file contents) and no others; text
    /// without a `font-family`, or naming `sans-serif`, gets `family`.
    pub(crate) fn new(fonts: &[Arc<Vec<u8>>], family: &str) -> Painter {
        let mut db = usvg::fontdb::Database::new();
        for font in fonts {
            db.load_font_data(font.as_ref().clone());
        }
        db.set_sans_serif_family(family);
        let options = usvg::Options {
            font_family: family.to_string(),
            fontdb: Arc::new(db),
            // An image names only a data: URI; files are never read.
            resources_dir: None,
            ..usvg::Options::default()
        };
        Painter { options }
    }

    /// `svg` drawn at its own size into a PNG (without alpha when `opaque`) that carries `key`.
    pub(crate) fn png(&self, svg: &str, key: u64, opaque: bool) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or("the SVG has no size (give its root width and height)")?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        encode(&pixmap, key, opaque).map_err(|e| e.to_string())
    }
}

/// The pixmap as a PNG with `key` in a text chunk before the image data. An opaque image's
/// pixels are the same premultiplied or not, so they are taken as they are, without alpha.
/// `Balanced` compression: as small as `High` on cards (41.0 against 41.2 KB) in half the time.
fn encode(
    pixmap: &tiny_skia::Pixmap,
    key: u64,
    opaque: bool,
) -> Result<Vec<u8>, png::EncodingError> {
    let (color, data) = if opaque {
        let rgb: Vec<u8> = pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (png::ColorType::Rgb, rgb)
    } else {
        (png::ColorType::Rgba, pixmap.clone().take_demultiplied())
    };
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        encoder.add_text_chunk(KEY_WORD.to_string(), format!("{key:016x}"))?;
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&data)?;
        writer.finish()?;
    }
    Ok(out)
}

/// The cache key a PNG sitegen wrote carries, read from its first chunks; `None` for any
/// other file.
pub(crate) fn key_of(png: &[u8]) -> Option<u64> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut rest = png.strip_prefix(SIGNATURE)?;
    // The key is written right after the header; look at the first few chunks only.
    for _ in 0..4 {
        let length = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let kind = rest.get(4..8)?;
        let data = rest.get(8..8 + length)?;
        if kind == b"tEXt" {
            if let Some(hex) = data
                .strip_prefix(KEY_WORD.as_bytes())
                .and_then(|d| d.strip_prefix(b"\0"))
            {
                return u64::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok();
            }
        }
        if kind == b"IDAT" {
            return None;
        }
        rest = rest.get(8 + length + 4..)?;
    }
    None
}

/// The PNG at `path` if it carries `key` (an image drawn before from the same inputs).
pub(crate) fn reusable(path: &Path, key: u64) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 256];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]).ok()? {
            0 => break,
            n => read += n,
        }
    }
    if key_of(&head[..read]) != Some(key) {
        return None;
    }
    std::fs::read(path).ok()
}

/// A stable hash of `parts` (the same in every run and on every machine).
pub(crate) fn key(parts: &[&[u8]]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    for part in parts {
        hasher.write(part);
        hasher.write_usize(part.len());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_written_is_the_key_read_back() {
        let painter = Painter::new(&[], "Open Sans");
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4" fill="#1f6660"/></svg>"##;
        let png = painter.png(svg, 0xfeed_beef_0123, true).unwrap();
        assert_eq!(key_of(&png), Some(0xfeed_beef_0123));
        assert_eq!(
            imagesize::blob_size(&png).map(|s| (s.width, s.height)).ok(),
            Some((8, 4))
        );
        assert_eq!(key_of(b"\x89PNG\r\n\x1a\nnot really"), None);
    }

    #[test]
    fn the_renderer_named_in_every_key_is_the_one_cargo_lock_holds() {
        let lock = include_str!("../../../Cargo.lock");
        let version = lock
            .split("[[package]]")
            .find(|p| p.contains("\nname = \"resvg\"\n"))
            .and_then(|p| p.split("version = \"").nth(1))
            .and_then(|v| v.split('"').next())
            .unwrap();
        let minor = version.rsplit_once('.').map_or(version, |(m, _)| m);
        assert!(
            RENDERER.ends_with(&format!("resvg {minor}")),
            "update RENDERER to resvg {minor}, so every card is drawn again"
        );
    }
}
