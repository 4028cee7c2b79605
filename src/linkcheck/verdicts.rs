//! What is wrong with each link of the build, if anything, worked out once for every page that
//! reaches the same place by the same href. Pages in one folder write the same relative hrefs,
//! and every page at one depth the same header menu (`../../../g09/`): where a link leads
//! depends only on the href and on the folder its `..` segments climb to, so a verdict is kept
//! by those two ([`VerdictMemo`]) and each link after the first costs two lookups.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHasher};

use super::{resolve, ScannedFile};
use crate::html::url::is_off_site;

/// The files of a build and what a link needs to be checked against them.
pub(crate) struct Targets<'a> {
    pub files: &'a [ScannedFile<'a>],
    pub by_path: HashMap<&'a str, usize, std::hash::BuildHasherDefault<FxHasher>>,
    pub base_path: &'a str,
}

impl Targets<'_> {
    /// What is wrong with `href`, written in the file at `from`: the end of the error's
    /// message, or `None` for a link that leads to a file of the build (and to an id in it).
    pub(crate) fn problem(&self, from: &str, href: &str) -> Option<String> {
        let Some((target, fragment)) = resolve(from, href, self.base_path) else {
            return Some(format!("`{href}` points outside the site"));
        };
        let target_index = self
            .by_path
            .get(target.as_str())
            .or_else(|| self.by_path.get(format!("{target}/index.html").as_str()));
        match target_index {
            None => Some(format!(
                "`{href}` leads to `{target}`, which the build does not produce"
            )),
            Some(&t) if !fragment.is_empty() => match self.files[t].scan {
                Some(s) if !s.ids.contains(&fragment) => Some(format!(
                    "`{href}`: `{}` has no element with id `{fragment}`",
                    self.files[t].path
                )),
                _ => None,
            },
            Some(_) => None,
        }
    }
}

/// Where a link leads from, as far as its href tells.
#[derive(Clone, Copy)]
enum Reach {
    /// Not checked: empty, `#`, or off the site.
    Skipped,
    /// A fragment or query of the page itself: depends on the whole page.
    SamePage,
    /// A path from the site's root: the same from every page.
    Root,
    /// A relative path whose `..` segments climb this many folders above the page's.
    Climbs(u32),
}

impl Reach {
    fn of(href: &str) -> Reach {
        if href.is_empty() || is_off_site(href) || href == "#" {
            return Reach::Skipped;
        }
        let path = href.split_once('#').map_or(href, |(path, _)| path);
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        if path.is_empty() {
            return Reach::SamePage;
        }
        if path.starts_with('/') {
            return Reach::Root;
        }
        // [`resolve`] pops a folder for each `..` and pushes one for each name: the folders
        // of the page it climbs above are the most `..` ever outnumber the names.
        let (mut depth, mut climbs) = (0i64, 0i64);
        for segment in path.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    depth -= 1;
                    climbs = climbs.max(-depth);
                }
                _ => depth += 1,
            }
        }
        Reach::Climbs(climbs as u32)
    }
}

/// Verdicts already worked out, for the pages one thread checks: the reach of each href (by its
/// number in [`super::SharedLinks`]), and the verdict on each href from each folder it is
/// resolved from.
#[derive(Default)]
pub(crate) struct VerdictMemo<'a> {
    reach: FxHashMap<u32, Reach>,
    verdicts: FxHashMap<(&'a str, u32), Option<String>>,
}

impl<'a> VerdictMemo<'a> {
    /// [`Targets::problem`] of the href numbered `number`, `href`, in the file at `from`.
    pub(crate) fn problem(
        &mut self,
        targets: &Targets<'_>,
        from: &'a str,
        number: u32,
        href: &str,
    ) -> Option<Cow<'_, str>> {
        let reach = *self.reach.entry(number).or_insert_with(|| Reach::of(href));
        let folder = match reach {
            Reach::Skipped => return None,
            Reach::Root => "",
            Reach::Climbs(climbs) => match climb(from, climbs) {
                Some(folder) => folder,
                None => return targets.problem(from, href).map(Cow::Owned),
            },
            // Each page's own: nothing to share.
            Reach::SamePage => return targets.problem(from, href).map(Cow::Owned),
        };
        self.verdicts
            .entry((folder, number))
            .or_insert_with(|| targets.problem(from, href))
            .as_deref()
            .map(Cow::Borrowed)
    }
}

/// The folder `climbs` folders above that of the file at `from`, as [`resolve`] cuts it back
/// (`None` above the site's root).
fn climb(from: &str, climbs: u32) -> Option<&str> {
    // Paths are short: a plain loop back to the last `/` beats `rfind`'s set-up.
    let last_slash = |path: &str| path.bytes().rposition(|b| b == b'/');
    let mut folder = last_slash(from).map_or("", |at| &from[..at]);
    for _ in 0..climbs {
        if folder.is_empty() {
            return None;
        }
        folder = &folder[..last_slash(folder).unwrap_or(0)];
    }
    Some(folder)
}
