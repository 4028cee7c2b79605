//! A table of values made once per key and shared by threads: the caches the renderer and the
//! preview keep for one build or one edit (dates as written, header menus, link hashes). The
//! lock is held only to look up and to store, never while a value is made, so two threads may
//! make the same value once each; both get equal values.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap;

/// Values of type `V` by key `K`, each made the first time it is asked for.
pub(crate) struct Memo<K, V>(Mutex<FxHashMap<K, V>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Mutex::new(FxHashMap::default()))
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The value for `key`: the one kept, or `make()`, kept for the next time.
    pub(crate) fn get_or_make<Q>(&self, key: &Q, make: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        // A panic elsewhere while the lock was held leaves the table whole: use it anyway.
        let kept = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned();
        if let Some(value) = kept {
            return value;
        }
        let value = make();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_owned(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_per_key() {
        let memo: Memo<String, usize> = Memo::default();
        let mut made = 0;
        for key in ["a", "b", "a", "a", "b"] {
            memo.get_or_make(key, || {
                made += 1;
                key.len() * made
            });
        }
        assert_eq!(made, 2);
        assert_eq!(memo.get_or_make("a", || 99), 1);
        assert_eq!(memo.get_or_make("b", || 99), 2);
    }
}
