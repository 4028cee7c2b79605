//! A map from [`packed`](super::words::packed) words to a small value (their stem numbers),
//! where building the postings looks up every term of the site (millions on a large one):
//! open addressing with linear probing in a table of a power of two slots, at most half
//! full, so a look-up costs a multiply and nearly always one comparison, in one cache line.

/// Packed words (never 0, the mark of a free slot) and their values.
pub(super) struct PackedMap<V> {
    slots: Vec<(u128, V)>,
    len: usize,
    /// How far a key's hash is shifted down to give its first slot (64 - log2 of the slots).
    shift: u32,
}

impl<V: Copy + Default> PackedMap<V> {
    /// Slots of a new table.
    const FIRST_SIZE: usize = 1024;

    pub(super) fn new() -> Self {
        PackedMap {
            slots: vec![(0, V::default()); Self::FIRST_SIZE],
            len: 0,
            shift: 64 - Self::FIRST_SIZE.trailing_zeros(),
        }
    }

    /// The value of `key`.
    #[inline(always)]
    pub(super) fn get(&self, key: u128) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(key);
        loop {
            let (there, value) = self.slots[slot];
            if there == key && key != 0 {
                return Some(value);
            }
            if there == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Sets the value of `key` (a key of 0 is not kept).
    pub(super) fn insert(&mut self, key: u128, value: V) {
        if key == 0 {
            return;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(key);
        loop {
            let there = self.slots[slot].0;
            if there == key || there == 0 {
                if there == 0 {
                    self.len += 1;
                }
                self.slots[slot] = (key, value);
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Where `key`'s probe starts: its halves mixed, multiplied, the best mixed (top) bits.
    #[inline(always)]
    fn first_slot(&self, key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Twice the slots, every key put in again.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, V::default()); size]);
        self.shift -= 1;
        self.len = 0;
        for (key, value) in old {
            if key != 0 {
                self.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::words::packed;

    #[test]
    fn keys_are_found_after_the_table_grows() {
        let mut map = PackedMap::new();
        let words: Vec<String> = (0..5000).map(|n| format!("w{n}")).collect();
        for (n, word) in words.iter().enumerate() {
            map.insert(packed(word).unwrap(), n as u32);
        }
        map.insert(packed("w7").unwrap(), 70);
        for (n, word) in words.iter().enumerate() {
            let want = if n == 7 { 70 } else { n as u32 };
            assert_eq!(map.get(packed(word).unwrap()), Some(want), "{word}");
        }
        assert_eq!(map.get(packed("x1").unwrap()), None);
        assert_eq!(map.get(0), None);
        map.insert(0, 1);
        assert_eq!(map.get(0), None);
    }
}
