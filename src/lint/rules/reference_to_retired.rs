use crate::lint::{Context, Findings, Rule};
use crate::markdown::{LinkTarget, is_relative, resolve_link};
use crate::model::{Document, Kind, Level, Relation, Status, Target};

pub(super) static RULE: Rule = Rule {
    name: "reference-to-retired",
    default_level: Level::Warning,
    summary: "a document in force refers to a retired one, or `superseded_by` is set on a document not retired or leads in a circle",
    docs: "\
## What it does
Reports, in every active or draft document, each reference to a document with
`status: retired`: `related`, a step's `sop`, a workflow id, any other `kind:id` or id field, and
relative Markdown links to its file (in the body and in step `details`). The help names the
retired document's successor when it has `superseded_by`. Retired documents may refer to
retired ones: they are history.

It also checks `superseded_by`:
- set on a document that is not retired (a document still in force has no successor yet);
- pointing at the document itself, or at a chain of retired documents that leads back to it (a
  cycle of supersessions, where no version is current);
- pointing at a retired document whose own successors end without a document in force.

A `superseded_by` naming no document is `unknown-reference`'s finding. `status: retired` without
`superseded_by` is fine: not every retired document has a successor.

## Why it matters
A retired (作废) document is no longer in force. An SOP that sends its reader to a retired
procedure makes people follow withdrawn instructions; a successor chain that ends nowhere or in a
circle leaves readers of the old page without the current version.

## Example
```yaml
# sops/refund-v1.md
status: retired
superseded_by: sop:refund
# workflows/after-sales-return.md (active)
steps:
  - action: 退款
    sop: refund-v1      # retired: use `refund`
```

## Fix
Point the reference at the successor (the help names it), or remove it. For `superseded_by`,
name the document that is in force now, and set `status: retired` on the document it replaces.
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let docs = &cx.handbook.documents;
    let retired = |kind: Kind, id: &str| {
        let i = cx.index.get(kind, id)?;
        (docs[i].meta.status == Status::Retired).then_some(&docs[i])
    };
    for doc in docs {
        check_supersession(cx, doc, out);
        if doc.meta.status == Status::Retired {
            continue;
        }
        for r in doc.references() {
            let Target::Document(kind, id) = &r.target else {
                continue;
            };
            // `superseded_by` on a document in force is reported once, above.
            if r.relation == Relation::SupersededBy {
                continue;
            }
            if let Some(old) = retired(*kind, id) {
                let message = format!("`{}` is retired", old.key());
                out.at(doc, &r.pointer, false, message)
                    .help(successor_help(cx, old));
            }
        }
        for link in &doc.links {
            if !is_relative(&link.dest) {
                continue;
            }
            let LinkTarget::Inside { path, .. } = resolve_link(&doc.path, &link.dest) else {
                continue;
            };
            let Some(old) = cx.handbook.document(&path) else {
                continue;
            };
            if old.meta.status != Status::Retired || path == doc.path {
                continue;
            }
            let message = format!("link `{}` leads to retired `{}`", link.dest, old.key());
            let f = match &link.field {
                Some(pointer) => out.at(doc, pointer, false, message),
                None => out.at_span(doc, link.span.clone(), message),
            };
            f.help(successor_help(cx, old));
        }
    }
}

/// Where to go instead of the retired `old`.
fn successor_help(cx: &Context, old: &Document) -> String {
    match &old.meta.superseded_by {
        Some(next) if cx.index.get(next.kind, &next.id).is_some() => {
            format!("it is superseded by `{next}`; refer to that instead")
        }
        _ => "it has no successor (`superseded_by`); remove the reference or point at the document now in force".into(),
    }
}

/// The checks of a document's own `superseded_by`.
fn check_supersession(cx: &Context, doc: &Document, out: &mut Findings) {
    let Some(next) = &doc.meta.superseded_by else {
        return;
    };
    let docs = &cx.handbook.documents;
    if doc.meta.status != Status::Retired {
        out.at(
            doc,
            "/superseded_by",
            false,
            format!(
                "`superseded_by` is set but {} `{}` is not retired",
                doc.kind, doc.id
            ),
        )
        .help("set `status: retired` if the successor has replaced it, or remove `superseded_by`");
    }
    if next.kind == doc.kind && next.id == doc.id {
        out.at(
            doc,
            "/superseded_by",
            false,
            "document is superseded by itself",
        )
        .help("name the document that replaces this one");
        return;
    }
    // Follow the chain of successors; each step lands on a different document or ends.
    let mut chain = vec![doc.key()];
    let mut at = cx.index.get(next.kind, &next.id);
    while let Some(i) = at {
        let current = &docs[i];
        if current.meta.status != Status::Retired {
            return;
        }
        let key = current.key();
        if key == doc.key() {
            chain.push(key);
            let message = format!("supersessions form a cycle: {}", chain.join(" → "));
            out.at(doc, "/superseded_by", false, message)
                .help("one document of the cycle must be in force: remove its `status: retired` and `superseded_by`");
            return;
        }
        if chain.contains(&key) {
            // A cycle further down the chain, reported on its own members.
            return;
        }
        chain.push(key);
        at = current
            .meta
            .superseded_by
            .as_ref()
            .and_then(|n| cx.index.get(n.kind, &n.id));
        if current.meta.superseded_by.is_none() {
            let message = format!(
                "successor `{next}` is retired and no document in force supersedes it ({})",
                chain.join(" → ")
            );
            out.at(doc, "/superseded_by", false, message)
                .help("point `superseded_by` at the document now in force");
            return;
        }
    }
}
