//! A guide's view: principles, channels and the FAQ.

use serde::Serialize;

use super::Views;
use crate::model::{Document, KindData};
use crate::render::{html, ids};

/// One question and answer of a guide.
#[derive(Serialize)]
pub(crate) struct FaqView {
    pub anchor: String,
    pub q: String,
    pub a: String,
}

/// A guide as its page shows it.
#[derive(Serialize)]
pub(crate) struct GuideView {
    pub principles: Vec<String>,
    pub channels: Vec<String>,
    pub faq: Vec<FaqView>,
}

impl Views<'_, '_, '_> {
    pub(super) fn guide(&self, doc: &Document) -> GuideView {
        let KindData::Guide(guide) = &doc.data else {
            unreachable!("called for guides")
        };
        GuideView {
            principles: self.inlines(&guide.principles),
            channels: self.inlines(&guide.channels),
            faq: guide
                .faq
                .iter()
                .enumerate()
                .map(|(n, f)| FaqView {
                    anchor: self.linker.anchor(&ids::faq(n + 1)),
                    q: self.inline(&f.q),
                    a: html::block(&f.a, self.linker),
                })
                .collect(),
        }
    }
}
