//! Typed ids for the model's tables: a [`PageId`] indexes pages, a [`QuestionId`] questions and
//! a [`SectionId`] sections, and a [`Table`] can only be indexed by its own kind of id, so a
//! page id used as a question id does not compile.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(u32);

        impl $name {
            /// The id of the `index`th row.
            pub(crate) fn new(index: usize) -> Self {
                // The model never holds four billion of anything.
                Self(index as u32)
            }

            /// Its row in the table.
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.index()
            }
        }
    };
}

typed_id!(
    /// A page of the site (a markdown file, section pages included).
    PageId
);
typed_id!(
    /// A question: a heading ending in `?`, anywhere on the site.
    QuestionId
);
typed_id!(
    /// A section: a folder with an `_index.md`, or the root.
    SectionId
);

impl SectionId {
    /// content/ itself, always the first section.
    pub(crate) const ROOT: SectionId = SectionId(0);
}

/// Rows of `T`, indexed by id `I` only.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<I, T> {
    rows: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Self {
        Table {
            rows: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I: Copy + Into<usize>, T> Table<I, T> {
    /// `len` rows of `T::default()`.
    pub(crate) fn filled(len: usize) -> Self
    where
        T: Default,
    {
        (0..len).map(|_| T::default()).collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(crate) fn get(&self, id: I) -> Option<&T> {
        self.rows.get(id.into())
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.rows.iter()
    }

    pub(crate) fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.rows.iter_mut()
    }

    /// The rows as a slice, for parallel iteration (ids are positions).
    pub(crate) fn as_slice(&self) -> &[T] {
        &self.rows
    }

    /// Sets row `id` to `value`, returning the row it had.
    pub(crate) fn replace(&mut self, id: I, value: T) -> T {
        std::mem::replace(&mut self.rows[id.into()], value)
    }
}

macro_rules! table_ids {
    ($name:ident) => {
        impl RowId for $name {
            fn of_row(index: usize) -> Self {
                $name::new(index)
            }
        }

        impl<T> Table<$name, T> {
            /// Every id, in order.
            pub fn ids(&self) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator {
                (0..self.rows.len()).map($name::new)
            }
        }
    };
}

/// An id that names a row by its number: what [`Table`] needs to hand out ids.
pub(crate) trait RowId: Copy + Into<usize> {
    /// The id of the `index`th row.
    fn of_row(index: usize) -> Self;
}

// The bound is on each method: the trait is the crate's own, and `Table` is public.
impl<I, T> Table<I, T> {
    /// Every row with its id.
    pub(crate) fn enumerate(&self) -> impl Iterator<Item = (I, &T)>
    where
        I: RowId,
    {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, row)| (I::of_row(i), row))
    }

    /// Appends a row and returns its id.
    pub(crate) fn push(&mut self, value: T) -> I
    where
        I: RowId,
    {
        self.rows.push(value);
        I::of_row(self.rows.len() - 1)
    }

    /// The id of the first row `f` accepts.
    pub(crate) fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I>
    where
        I: RowId,
    {
        self.rows.iter().position(f).map(I::of_row)
    }
}

table_ids!(PageId);
table_ids!(QuestionId);
table_ids!(SectionId);

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(rows: Vec<T>) -> Self {
        Table {
            rows,
            id: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Table<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<I: Into<usize>, T> Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.rows[id.into()]
    }
}

impl<I: Into<usize>, T> IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.rows[id.into()]
    }
}

impl<'a, I, T> IntoIterator for &'a Table<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_indexed_by_its_own_ids() {
        let mut pages: Table<PageId, &str> = Table::default();
        let home = pages.push("home");
        let safety = pages.push("safety");
        assert_eq!(pages[safety], "safety");
        assert_eq!(pages.ids().collect::<Vec<_>>(), [home, safety]);
        assert_eq!(pages.position(|p| *p == "home"), Some(home));
        assert_eq!(
            pages
                .enumerate()
                .map(|(id, p)| (id.index(), *p))
                .collect::<Vec<_>>(),
            [(0, "home"), (1, "safety")]
        );
    }
}
