//! Writing hrefs that work wherever the site is opened.
//!
//! Pages link to each other with paths relative to the page (`../safety/#risks`), as mdBook
//! does, so the same files work under a GitHub Pages project path (`/clinic-site/`), from the
//! preview server and from disk. The offline variant also names `index.html`, because a
//! browser opening `file://` shows a folder listing for a directory link. The 404 page, which
//! GitHub Pages serves at any depth, uses absolute paths under the base path instead.

/// How hrefs are written into a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkStyle {
    /// `../safety/`: for the published site and the preview server.
    Relative,
    /// `../safety/index.html`: for a copy opened from disk.
    Offline,
    /// `/clinic-site/safety/`: for pages served at unknown depths (404.html).
    Absolute { base_path: String },
}

/// Writes hrefs from one page (at site path `from`, like `/effects/`) to site paths.
#[derive(Debug, Clone)]
pub(crate) struct Linker {
    from_dir: String,
    style: LinkStyle,
}

impl Linker {
    /// `from` is the page's site path: `/`, `/effects/` or `/404.html`.
    pub(crate) fn new(from: &str, style: LinkStyle) -> Self {
        let from_dir = match from.rfind('/') {
            Some(i) => from[..=i].to_string(),
            None => "/".to_string(),
        };
        Self { from_dir, style }
    }

    /// Prefix that leads from this page to the site root: `""`, `"../"`, `"../../"`, or the base path.
    pub(crate) fn root(&self) -> String {
        match &self.style {
            LinkStyle::Absolute { base_path } => base_path.clone(),
            _ => "../".repeat(self.from_dir.matches('/').count().saturating_sub(1)),
        }
    }

    /// The href for a site path through the root prefix (`../../safety/`): the same for every
    /// page at one depth, so menus can be shared between pages.
    pub(crate) fn rooted(&self, target: &str) -> String {
        let Some(path) = target.strip_prefix('/') else {
            return target.to_string();
        };
        let mut href = self.root();
        href.push_str(path);
        if self.style == LinkStyle::Offline && (href.is_empty() || href.ends_with('/')) {
            href.push_str("index.html");
        }
        if href.is_empty() {
            href.push_str("./");
        }
        href
    }

    /// The href for a site path (`/safety/#risks`, `/about/?from=home`, `/style.css`, `#top`):
    /// a query and a fragment are kept as they are.
    pub(crate) fn href(&self, target: &str) -> String {
        if target.starts_with('#') || !target.starts_with('/') {
            return target.to_string();
        }
        // Bytes, not chars: both are ASCII, so no UTF-8 sequence holds them.
        let (path, fragment) = match memchr::memchr2(b'?', b'#', target.as_bytes()) {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        if let LinkStyle::Absolute { base_path } = &self.style {
            return format!("{}{}{}", base_path, &path[1..], fragment);
        }
        let offline_index = self.style == LinkStyle::Offline && path.ends_with('/');
        let same_page = path == self.from_dir
            || path.strip_suffix("index.html") == Some(self.from_dir.as_str());
        if same_page && fragment.starts_with('#') {
            return fragment.to_string();
        }
        let mut rel = relative_path(&self.from_dir, path, "index.html".len() + fragment.len());
        if offline_index {
            rel.push_str("index.html");
        }
        if rel.is_empty() {
            rel.push_str("./");
        }
        rel.push_str(fragment);
        rel
    }
}

/// The shortest relative path from folder `from_dir` (`/guides/a/`) to site path `to`
/// (both starting with `/`), without allocating anything but the result (with room for
/// `room` more bytes).
fn relative_path(from_dir: &str, to: &str, room: usize) -> String {
    let to_dir_end = to.rfind('/').map_or(0, |i| i + 1);
    // Length of the longest common prefix that ends on a `/` in both.
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to[..to_dir_end].bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = from_dir[common..].matches('/').count();
    let rest = &to[common.min(to.len())..];
    let mut out = String::with_capacity(ups * 3 + rest.len() + room);
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        let l = Linker::new("/effects/", LinkStyle::Relative);
        assert_eq!(l.href("/safety/#risks"), "../safety/#risks");
        assert_eq!(l.href("/"), "../");
        assert_eq!(l.href("/effects/#q"), "#q");
        assert_eq!(l.href("/style.css"), "../style.css");
        let home = Linker::new("/", LinkStyle::Relative);
        assert_eq!(home.href("/safety/"), "safety/");
        assert_eq!(home.href("/"), "./");
        let deep = Linker::new("/a/b/", LinkStyle::Relative);
        assert_eq!(deep.href("/a/"), "../");
        assert_eq!(deep.href("/a/c/#x"), "../c/#x");
        assert_eq!(deep.href("/style.css"), "../../style.css");
        assert_eq!(deep.href("/about/?from=home#x"), "../../about/?from=home#x");
        assert_eq!(deep.href("/a/b/?x=1"), "./?x=1");
        assert_eq!(
            Linker::new("/a/", LinkStyle::Offline).href("/b/?x=1#y"),
            "../b/index.html?x=1#y"
        );
    }

    #[test]
    fn rooted_links_go_through_the_root() {
        assert_eq!(
            Linker::new("/a/b/", LinkStyle::Relative).rooted("/a/"),
            "../../a/"
        );
        assert_eq!(Linker::new("/", LinkStyle::Relative).rooted("/"), "./");
        assert_eq!(
            Linker::new("/a/", LinkStyle::Offline).rooted("/"),
            "../index.html"
        );
        let abs = Linker::new(
            "/404.html",
            LinkStyle::Absolute {
                base_path: "/x/".into(),
            },
        );
        assert_eq!(abs.rooted("/a/"), "/x/a/");
    }

    #[test]
    fn offline_links_name_index_html() {
        let l = Linker::new("/effects/", LinkStyle::Offline);
        assert_eq!(l.href("/safety/#risks"), "../safety/index.html#risks");
        assert_eq!(l.href("/"), "../index.html");
        assert_eq!(l.href("/effects/#q"), "#q");
        assert_eq!(l.href("/effects/"), "index.html");
        assert_eq!(Linker::new("/", LinkStyle::Offline).href("/"), "index.html");
    }

    #[test]
    fn the_404_page_uses_the_base_path() {
        let l = Linker::new(
            "/404.html",
            LinkStyle::Absolute {
                base_path: "/clinic-site/".into(),
            },
        );
        assert_eq!(l.href("/safety/"), "/clinic-site/safety/");
        assert_eq!(l.root(), "/clinic-site/");
        assert_eq!(l.href("https://x.org/"), "https://x.org/");
    }
}
