//! The `href` and `src` values of every scan, each distinct value kept once for the whole
//! process, so that a scan holds numbers ([`SharedLinks`]) rather than text. Pages repeat
//! most of their links: every page at one depth has the same header menu, stylesheet and
//! scripts, and the pages of a section link to one another by the same relative hrefs. At
//! 100,000 pages (126 links a page) the scans held 330 MB of link text until the link check;
//! as numbers they hold a sixth of that, and the distinct values and their table a few
//! tens of MB.
//!
//! Values are only ever added: a build is one process, and the preview adds only the new
//! values an edit writes. The table is cut into shards by hash, each behind its own lock, so
//! the threads scanning pages seldom wait for one another.

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

/// The number of `value`, the same for every scan of the process.
fn number_of(value: &str) -> u32 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    // The high bits of an Fx hash are its well-mixed ones.
    let index = (hasher.finish() >> (64 - SHARD_BITS)) as usize;
    let mut shard = shard(index);
    let within = match shard.numbers.get(value) {
        Some(&within) => within,
        None => {
            let kept: &'static str = Box::leak(Box::from(value));
            let within = shard.values.len() as u32;
            shard.values.push(kept);
            shard.numbers.insert(kept, within);
            within
        }
    };
    (within << SHARD_BITS) | index as u32
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
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        SharedLinks {
            numbers: values.into_iter().map(number_of).collect(),
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
}
