//! What every controlled document shows, whatever its kind: the control block (文件编号, 版本,
//! 生效日期, 制定 / 审核 / 批准, 状态), the revision history from git (修订记录), and the successor
//! of a retired document.

use serde::Serialize;

use super::Views;
use crate::history::Change;
use crate::model::{Document, Kind, Status};
use crate::render::i18n::Lang;
use crate::render::site::LinkView;

/// The control block of a document that has a `doc_no` or an `approval`.
#[derive(Serialize)]
pub(crate) struct ControlView {
    pub doc_no: Option<String>,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub drafted_by: Option<LinkView>,
    pub reviewed_by: Option<LinkView>,
    pub approved_by: Option<LinkView>,
    pub approved: Option<String>,
    /// `draft`, `active` or `retired`, for the CSS class.
    pub status: &'static str,
    pub status_label: &'static str,
}

/// One row of the revision history: a commit that changed the document.
#[derive(Serialize)]
pub(crate) struct RevisionView {
    pub date: String,
    pub version: Option<String>,
    pub author: String,
    pub subject: String,
    pub short_hash: String,
    /// The commit's page at `repo_url`, when handbook.yaml names an http(s) repository.
    pub href: Option<String>,
    /// `content`, `review` (only the review dates changed) or `moved`.
    pub change: &'static str,
}

/// A document status as the register and the control block name it (现行 / 草稿 / 已作废).
pub(crate) fn status_label(lang: Lang, status: Status) -> &'static str {
    lang.text(match status {
        Status::Draft => "doc_status_draft",
        Status::Active => "doc_status_active",
        Status::Retired => "doc_status_retired",
    })
}

impl Views<'_, '_, '_> {
    /// The control block, when the document carries any control data.
    pub(super) fn control(&self, doc: &Document) -> Option<ControlView> {
        let meta = &doc.meta;
        if meta.doc_no.is_none() && meta.approval.is_none() {
            return None;
        }
        let approval = meta.approval.as_ref();
        let role = |id: Option<&String>| id.map(|r| self.linker.reference(Kind::Role, r));
        Some(ControlView {
            doc_no: meta.doc_no.clone(),
            version: meta.version.as_ref().map(|v| v.0.clone()),
            effective: meta.effective.map(|d| d.in_lang(self.lang)),
            drafted_by: role(approval.and_then(|a| a.drafted_by.as_ref())),
            reviewed_by: role(approval.and_then(|a| a.reviewed_by.as_ref())),
            approved_by: role(approval.and_then(|a| a.approved_by.as_ref())),
            approved: approval
                .and_then(|a| a.approved)
                .map(|d| d.in_lang(self.lang)),
            status: super::doc_status(meta.status),
            status_label: status_label(self.lang, meta.status),
        })
    }

    /// The document's revisions from git, newest first; empty without git.
    pub(super) fn revisions(&self, doc: &Document) -> Vec<RevisionView> {
        let site = self.site();
        let Some(history) = site.history else {
            return Vec::new();
        };
        history
            .revisions(&doc.path)
            .iter()
            .map(|r| RevisionView {
                date: r.date.in_lang(self.lang),
                version: r.version.clone(),
                author: r.author.clone(),
                subject: r.subject.clone(),
                short_hash: r.short_hash.clone(),
                href: site.repo_url.as_ref().and_then(|url| {
                    // A commit id is hex; anything else is not linked.
                    r.hash
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit())
                        .then(|| format!("{url}/commit/{}", r.hash))
                }),
                change: match r.change {
                    Some(Change::Content) | None => "content",
                    Some(Change::ReviewOnly) => "review",
                    Some(Change::Moved) => "moved",
                },
            })
            .collect()
    }

    /// The successor a retired document names.
    pub(super) fn successor(&self, doc: &Document) -> Option<LinkView> {
        let next = doc.meta.superseded_by.as_ref()?;
        Some(self.linker.reference(next.kind, &next.id))
    }
}
