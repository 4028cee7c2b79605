//! The `href` and `src` values of every scan, each distinct value kept once for the whole
//! process, so that a scan holds numbers ([`SharedLinks`]) rather than text. Pages repeat
//! most of their links: every page at one depth has the same header menu, stylesheet and
//! scripts, and the pages of a section link to one another by the same relative hrefs. At
//! 100,000 pages (126 links a page) the scans held 330 MB of link text until the link check;
//! as numbers they hold a sixth of that, and the distinct values and their table a few
//! tens of MB.
//!
//! A scan numbers the links it finds as they come ([`number_of_written`]), and most it finds in
//! a memo of its thread's recent links, by the text written in the page, before it decodes
//! them or takes a lock.
//!
//! Values are only ever added: a build is one process, and the preview adds only the new
//! values an edit writes. The table is cut into shards by hash, each behind its own lock, so
//! the threads scanning pages seldom wait for one another.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, Mutex, PoisonError};

use rustc_hash::{FxHashMap, FxHasher};

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

thread_local! {
    /// Links this thread numbered lately, each in the slot of a hash of its text: only links
    /// written as their value (no character reference, valid UTF-8), so the text kept is both.
    static WRITTEN: RefCell<Vec<Option<(&'static str, u32)>>> =
        RefCell::new(vec![None; WRITTEN_SLOTS]);
}

/// The number of the link written `raw` in a page, whose value is `value()` (called only when
/// `raw` is not in this thread's memo), and whether that value is `raw` itself.
#[inline]
pub(crate) fn number_of_written<'a>(
    raw: &[u8],
    value: impl FnOnce() -> Cow<'a, str>,
) -> (u32, bool) {
    let mut hasher = FxHasher::default();
    hasher.write(raw);
    let slot = (hasher.finish() >> (64 - WRITTEN_SLOTS.trailing_zeros())) as usize;
    let remembered = WRITTEN.with(|written| written.borrow()[slot]);
    if let Some((_, number)) = remembered.filter(|(kept, _)| kept.as_bytes() == raw) {
        return (number, true);
    }
    number_and_remember(raw, &value(), slot)
}

/// [`number_of_written`] for a link not in the memo: numbered, and remembered in `slot` if
/// written as its value.
#[inline(never)]
fn number_and_remember(raw: &[u8], value: &str, slot: usize) -> (u32, bool) {
    let (number, kept) = number_of(value);
    let as_written = value.as_bytes() == raw;
    if as_written {
        WRITTEN.with(|written| written.borrow_mut()[slot] = Some((kept, number)));
    }
    (number, as_written)
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

    /// Links already numbered (by [`number_of_written`]), in order.
    pub(crate) fn from_numbers(numbers: Vec<u32>) -> Self {
        SharedLinks {
            numbers: numbers.into_boxed_slice(),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.numbers.iter().map(|&n| value_of(n))
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

    #[test]
    fn a_link_written_as_its_value_is_remembered_and_numbered_as_its_value() {
        let decode = |raw: &'static str| move || crate::html::entities::decode_in_attribute(raw);
        let (plain, as_written) = number_of_written(b"../a/?x=1&y", decode("../a/?x=1&y"));
        assert!(as_written);
        let (again, _) = number_of_written(b"../a/?x=1&y", || unreachable!("remembered"));
        let (decoded, as_written) =
            number_of_written(b"../a/?x=1&amp;y", decode("../a/?x=1&amp;y"));
        assert!(!as_written);
        assert_eq!((again, decoded), (plain, plain));
        let read_back = SharedLinks::from_numbers(vec![plain, decoded]);
        assert_eq!(read_back.to_vec(), ["../a/?x=1&y", "../a/?x=1&y"]);
    }
}
