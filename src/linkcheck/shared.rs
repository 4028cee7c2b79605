//! The `href` and `src` values of every scan, each distinct value kept once for the whole
//! process, so that a scan holds numbers ([`SharedLinks`]) rather than text. Pages repeat
//! most of their links: every page at one depth has the same header menu, stylesheet and
//! scripts, and the pages of a section link to one another by the same relative hrefs. At
//! 100,000 pages (126 links a page) the scans held 330 MB of link text until the link check;
//! as numbers they hold a sixth of that, and the distinct values and their table a few
//! tens of MB.
//!
//! A scan numbers the links it finds as they come ([`LinksFound`]), and finds most in a memo of
//! its thread's recent links, by the text written in the page, before it decodes them or takes
//! a lock.
//!
//! Values are only ever added: a build is one process, and the preview adds only the new
//! values an edit writes. The table is cut into shards by hash, each behind its own lock, so
//! the threads scanning pages seldom wait for one another.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, Mutex, PoisonError};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// How many shards the table has (a power of two); a value's number keeps its shard in the
/// low bits.
const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;

/// The values of one shard, by number within the shard, and the number of each.
#[derive(Default)]
struct Shard {
    numbers: FxHashMap<&'static str, u32>,
    values: Vec<&'static str>,
}

static TABLE: LazyLock<Vec<Mutex<Shard>>> =
    LazyLock::new(|| (0..SHARDS).map(|_| Mutex::default()).collect());

fn shard(index: usize) -> std::sync::MutexGuard<'static, Shard> {
    // A shard only ever gains whole entries, so one a panicking thread held is still sound.
    TABLE[index].lock().unwrap_or_else(PoisonError::into_inner)
}

/// The number of `value`, the same for every scan of the process, and the value as kept.
fn number_of(value: &str) -> (u32, &'static str) {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    // The high bits of an Fx hash are its well-mixed ones.
    let index = (hasher.finish() >> (64 - SHARD_BITS)) as usize;
    let mut shard = shard(index);
    let (within, kept) = match shard.numbers.get_key_value(value) {
        Some((&kept, &within)) => (within, kept),
        None => {
            let kept: &'static str = Box::leak(Box::from(value));
            let within = shard.values.len() as u32;
            shard.values.push(kept);
            shard.numbers.insert(kept, within);
            (within, kept)
        }
    };
    ((within << SHARD_BITS) | index as u32, kept)
}

/// How many links each thread remembers by how they were written (a power of two).
const WRITTEN_SLOTS: usize = 1024;

/// A link a thread numbered lately: only links written as their value (no character
/// reference, valid UTF-8), so that `text` is both.
#[derive(Clone, Copy)]
struct Remembered {
    text: &'static str,
    number: u32,
    /// The last page ([`LinksFound::stamp`]) of this thread that had it.
    page: u64,
}

thread_local! {
    /// Links this thread numbered lately, each in the slot of a hash of its text (a scan
    /// takes it while it runs, and puts it back).
    static WRITTEN: RefCell<Vec<Option<Remembered>>> = const { RefCell::new(Vec::new()) };
    /// How many pages this thread began to scan.
    static PAGES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The distinct links of one page, by how they are written, in the order first found. Most are
/// in this thread's memo of recent links ([`WRITTEN`]), which also tells whether this page had
/// one already: no decoding, no lock and no set of the page's links for them.
pub(crate) struct LinksFound<'a> {
    /// This thread's memo, while the page is scanned.
    memo: Vec<Option<Remembered>>,
    /// This page, as the memo knows it.
    stamp: u64,
    numbers: Vec<u32>,
    /// Links of this page written as their value that the memo no longer holds as this page's
    /// (another link took their slot), by number: one value, one number, one way to write it.
    evicted: FxHashSet<u32>,
    /// The other links (with a character reference, or not UTF-8), by text: two spellings may
    /// share one value, and each is kept.
    decoded: FxHashSet<&'a [u8]>,
}

impl<'a> LinksFound<'a> {
    pub(crate) fn new() -> Self {
        let stamp = PAGES.with(|pages| {
            pages.set(pages.get() + 1);
            pages.get()
        });
        let mut memo = WRITTEN.take();
        if memo.is_empty() {
            memo = vec![None; WRITTEN_SLOTS];
        }
        LinksFound {
            memo,
            stamp,
            // A page of the clinic's theme has a few dozen distinct links.
            numbers: Vec::with_capacity(64),
            evicted: FxHashSet::default(),
            decoded: FxHashSet::default(),
        }
    }

    /// The link written `raw`, whose value is `value()` (called only when `raw` is not in this
    /// thread's memo).
    #[inline]
    pub(crate) fn add(&mut self, raw: &'a [u8], value: impl FnOnce() -> Cow<'a, str>) {
        let mut hasher = FxHasher::default();
        hasher.write(raw);
        let slot = (hasher.finish() >> (64 - WRITTEN_SLOTS.trailing_zeros())) as usize;
        let stamp = self.stamp;
        let remembered = match &mut self.memo[slot] {
            Some(link) if link.text.as_bytes() == raw => {
                let first = link.page != stamp;
                link.page = stamp;
                Some((link.number, first))
            }
            _ => None,
        };
        match remembered {
            Some((number, true)) => self.numbers.push(number),
            Some((_, false)) => {}
            None => self.add_new(raw, &value(), slot),
        }
    }

    /// [`Self::add`] for a link not in the memo: numbered, and remembered in `slot` if written
    /// as its value.
    #[inline(never)]
    fn add_new(&mut self, raw: &'a [u8], value: &str, slot: usize) {
        let (number, kept) = number_of(value);
        if value.as_bytes() != raw {
            if self.decoded.insert(raw) {
                self.numbers.push(number);
            }
            return;
        }
        let link = Remembered {
            text: kept,
            number,
            page: self.stamp,
        };
        let replaced = self.memo[slot].replace(link);
        if let Some(replaced) = replaced.filter(|r| r.page == self.stamp) {
            self.evicted.insert(replaced.number);
        }
        // Not in the memo as this page's: new to the page unless evicted from it.
        if !self.evicted.contains(&number) {
            self.numbers.push(number);
        }
    }

    pub(crate) fn finish(self) -> SharedLinks {
        WRITTEN.set(self.memo);
        SharedLinks {
            numbers: self.numbers.into_boxed_slice(),
        }
    }
}

/// How many values each thread remembers by number (a power of two).
const RECENT_SLOTS: usize = 4096;

thread_local! {
    /// Values this thread read lately, by number: a number takes the slot of its low bits,
    /// replacing the one there. The link check reads the links every page repeats (the
    /// header menu) from here, without taking a lock.
    static RECENT: std::cell::RefCell<Vec<Option<(u32, &'static str)>>> =
        std::cell::RefCell::new(vec![None; RECENT_SLOTS]);
}

/// The value numbered `number` by [`number_of`].
fn value_of(number: u32) -> &'static str {
    let slot = (number as usize) & (RECENT_SLOTS - 1);
    let recent = RECENT.with(|recent| recent.borrow()[slot]);
    if let Some((_, value)) = recent.filter(|&(kept, _)| kept == number) {
        return value;
    }
    let index = (number as usize) & (SHARDS - 1);
    let value = shard(index)
        .values
        .get((number >> SHARD_BITS) as usize)
        .copied()
        .unwrap_or("");
    RECENT.with(|recent| recent.borrow_mut()[slot] = Some((number, value)));
    value
}

/// The distinct links of one document, in the order first seen, as numbers of the shared
/// table (see the module docs). Two lists are equal when their values are.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SharedLinks {
    numbers: Box<[u32]>,
}

impl SharedLinks {
    /// `values`, in order, kept as numbers.
    #[cfg(test)]
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        SharedLinks {
            numbers: values.into_iter().map(|value| number_of(value).0).collect(),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.numbers.iter().map(|&n| value_of(n))
    }

    /// The links, in order, each with its number (equal numbers, equal links).
    pub(crate) fn numbered(&self) -> impl Iterator<Item = (u32, &'static str)> + '_ {
        self.numbers.iter().map(|&n| (n, value_of(n)))
    }

    /// The links, in order, each as its own `String`.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl<'a> IntoIterator for &'a SharedLinks {
    type Item = &'static str;
    type IntoIter = Box<dyn Iterator<Item = &'static str> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_one_number_and_read_back_as_written() {
        let a = SharedLinks::new(["../style.css", "../../g01/", "#main", ""]);
        let b = SharedLinks::new(["../style.css", "../../g01/", "#main", ""]);
        assert_eq!(a, b);
        assert_ne!(a, SharedLinks::new(["../style.css", "../../g02/"]));
        assert_eq!(a.to_vec(), ["../style.css", "../../g01/", "#main", ""]);
        let many: Vec<String> = (0..5000).map(|i| format!("../p{i}/")).collect();
        let links = SharedLinks::new(many.iter().map(String::as_str));
        assert_eq!(links.to_vec(), many);
    }

    fn found(links: &[&'static str]) -> Vec<String> {
        let mut found = LinksFound::new();
        for &raw in links {
            found.add(raw.as_bytes(), || {
                crate::html::entities::decode_in_attribute(raw)
            });
        }
        found.finish().to_vec()
    }

    #[test]
    fn a_page_keeps_each_link_once_by_how_it_is_written() {
        let links = [
            "../a/?x=1&y",
            "../a/?x=1&amp;y",
            "b",
            "../a/?x=1&y",
            "../a/?x=1&amp;y",
            "b",
        ];
        assert_eq!(found(&links), ["../a/?x=1&y", "../a/?x=1&y", "b"]);
        assert_eq!(
            found(&["b", "b", "c"]),
            ["b", "c"],
            "a new page, the memo warm"
        );
    }

    #[test]
    fn links_the_memo_forgets_within_a_page_are_still_kept_once() {
        let many: Vec<&'static str> = (0..5000)
            .map(|i| &*Box::leak(format!("../q{i}/").into_boxed_str()))
            .collect();
        let twice: Vec<&'static str> = many.iter().chain(&many).copied().collect();
        assert_eq!(found(&twice), many);
        assert_eq!(found(&many[..3]), many[..3]);
    }
}
