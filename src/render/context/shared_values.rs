//! Parts of a page's context that many pages have alike (a breadcrumb, the section, a
//! neighbour, the review dates), each made into a template value once and shared by every page
//! that shows it: tera values are reference-counted, so a shared one costs a page a count,
//! where making it costs a map of its fields (and dropping it, freeing them).

use std::ops::Deref;

use serde::{Serialize, Serializer};

use super::*;

/// A part of a page's context, with the template value made of it when one is shared.
///
/// A value is shared only in a context for a template, never in a fingerprint's: a template
/// value's maps have no set order, so their JSON would not fingerprint alike twice.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedValue<T> {
    data: T,
    value: Option<tera::Value>,
}

impl<T> SharedValue<T> {
    /// `data`, made into a template value where it is shown.
    pub(crate) fn plain(data: T) -> Self {
        SharedValue { data, value: None }
    }
}

impl<T> Deref for SharedValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}

/// The shared value when there is one (which a template value takes as it is), else the data.
impl<T: Serialize> Serialize for SharedValue<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Some(value) => value.serialize(serializer),
            None => self.data.serialize(serializer),
        }
    }
}

/// What a page's review dates are made of: the date of its last review, the date of its
/// next one, and its reviewer.
pub(super) type ReviewKey = (Option<Date>, Option<Date>, Option<String>);

/// The template values shared between pages, by what they are made of.
#[derive(Default)]
pub(crate) struct SharedValues {
    /// Links by page linked to, whether it is the current page and href.
    links: Memo<(PageId, bool, String), tera::Value>,
    /// Review dates and reviewer, by the dates and the reviewer.
    reviews: Memo<ReviewKey, tera::Value>,
}

impl<'a> ContextBuilder<'a> {
    /// Whether this builder's contexts share template values: not when they are fingerprinted.
    fn shares_values(&self) -> bool {
        !self.fingerprint_bodies
    }

    /// A link to `page` as [`ContextBuilder::link`] makes it, its value shared by every page
    /// that links to it with the same href: for links many pages have (breadcrumbs, sections,
    /// neighbours).
    pub(super) fn shared_link(
        &self,
        linker: &Linker,
        page: PageId,
        current: Option<PageId>,
    ) -> SharedValue<LinkContext<'a>> {
        let mut link = self.link(linker, page, current);
        if !self.shares_values() {
            return SharedValue::plain(link);
        }
        let key = (page, link.current, std::mem::take(&mut link.href));
        let value = self.shared.links.get_or_make(&key, || {
            tera::Value::from_serializable(&LinkContext {
                href: key.2.clone(),
                ..link.clone()
            })
        });
        link.href = key.2;
        SharedValue {
            data: link,
            value: Some(value),
        }
    }

    /// `review`, its value shared by every page with the same dates and reviewer.
    pub(super) fn shared_review(
        &self,
        review: ReviewContext,
        key: ReviewKey,
    ) -> SharedValue<ReviewContext> {
        if !self.shares_values() {
            return SharedValue::plain(review);
        }
        let value = self
            .shared
            .reviews
            .get_or_make(&key, || tera::Value::from_serializable(&review));
        SharedValue {
            data: review,
            value: Some(value),
        }
    }
}
