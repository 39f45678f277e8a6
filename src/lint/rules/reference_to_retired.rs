use crate::lint::{Context, Findings, Rule};
use crate::locale::{Message, msg};
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
    summary_zh: "现行文件引用了已废止的文件，或未废止的文件设置了 `superseded_by`，或取代关系构成循环",
    docs_zh: "\
## 作用
在每个现行或草稿文档中，报告对 `status: retired` 文档的每一处引用：`related`、步骤的 `sop`、工作流程 id、其他任何 `kind:id` 或 id 字段，以及指向其文件的相对 Markdown 链接（正文和步骤 `details` 中的）。已废止文档设有 `superseded_by` 时，帮助信息会给出其后继文件。已废止文档之间可以互相引用：它们是历史。

还会检查 `superseded_by`：
- 设在未废止的文档上（仍在生效的文档还没有后继文件）；
- 指向文档自身，或指向一串最终回到它的已废止文档（取代关系循环，没有一个版本是现行的）；
- 指向一个已废止文档，而它的后继链上没有现行文件。

`superseded_by` 指向不存在的文档，由 `unknown-reference` 报告。只有 `status: retired` 而没有 `superseded_by` 是可以的：并非每个废止的文档都有后继文件。

## 为什么重要
已作废的文档不再有效。让读者去看已废止流程的 SOP，会使人照着撤销的指令做事；后继链没有终点或绕成一圈，看旧页面的读者就找不到现行版本。

## 示例
```yaml
# sops/refund-v1.md
status: retired
superseded_by: sop:refund
# workflows/after-sales-return.md（现行）
steps:
  - action: 退款
    sop: refund-v1      # 已废止：应使用 `refund`
```

## 修复
把引用改为指向后继文件（帮助信息会给出），或删除该引用。对 `superseded_by`，写明现在生效的文件，并在被它取代的文档上设置 `status: retired`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let docs = &cx.handbook.documents;
    let retired = |kind: Kind, id: &str| {
        let i = cx.index.get(kind, id)?;
        (docs[i].meta.status == Status::Retired).then_some(&docs[i])
    };
    let chains = Chains::new(cx);
    for (i, doc) in docs.iter().enumerate() {
        check_supersession(cx, &chains, i, out);
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
                let message = msg!("reference-to-retired", old.key());
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
            let message = msg!("reference-to-retired.link", &link.dest, old.key());
            let mut f = match &link.field {
                Some(pointer) => out.at(doc, pointer, false, message),
                None => out.at_span(doc, link.span.clone(), message),
            };
            f.help(successor_help(cx, old));
        }
    }
}

/// Where to go instead of the retired `old`.
fn successor_help(cx: &Context, old: &Document) -> Message {
    match &old.meta.superseded_by {
        Some(next) if cx.index.get(next.kind, &next.id).is_some() => {
            msg!("reference-to-retired.successor.help", next.to_string())
        }
        _ => msg!("reference-to-retired.no-successor.help"),
    }
}

/// Where a retired document's chain of successors ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// At a document in force: readers of the old page reach the current version.
    InForce,
    /// At this retired document, which has no `superseded_by`.
    Retired(usize),
    /// At a `superseded_by` naming no document (`unknown-reference` reports it).
    Unknown,
    /// In a cycle of retired documents.
    Cycle,
}

/// The successors of every document (by index), and where each retired document's chain ends,
/// with the members of cycles. Each document is walked once however long the chains are: a
/// hostile handbook of 10,000 documents superseding each other in a line costs 10,000 steps.
struct Chains {
    next: Vec<Option<usize>>,
    end: Vec<Option<End>>,
    in_cycle: Vec<bool>,
}

impl Chains {
    fn new(cx: &Context) -> Chains {
        let docs = &cx.handbook.documents;
        let next: Vec<Option<usize>> = docs
            .iter()
            .map(|d| {
                let r = d.meta.superseded_by.as_ref()?;
                cx.index.get(r.kind, &r.id)
            })
            .collect();
        let retired = |i: usize| docs[i].meta.status == Status::Retired;
        let mut end: Vec<Option<End>> = vec![None; docs.len()];
        let mut in_cycle = vec![false; docs.len()];
        let mut on_path = vec![false; docs.len()];
        for start in (0..docs.len()).filter(|&i| retired(i)) {
            let mut path = Vec::new();
            let mut at = start;
            let result = loop {
                if let Some(found) = end[at] {
                    break found;
                }
                if !retired(at) {
                    break End::InForce;
                }
                if on_path[at] {
                    let from = path.iter().position(|&p| p == at).unwrap_or(0);
                    for &member in &path[from..] {
                        in_cycle[member] = true;
                    }
                    break End::Cycle;
                }
                on_path[at] = true;
                path.push(at);
                match (&docs[at].meta.superseded_by, next[at]) {
                    (None, _) => break End::Retired(at),
                    (Some(_), None) => break End::Unknown,
                    (Some(_), Some(n)) => at = n,
                }
            };
            for &p in &path {
                end[p] = Some(result);
                on_path[p] = false;
            }
        }
        Chains {
            next,
            end,
            in_cycle,
        }
    }

    /// The cycle from `doc` back to itself, at most a few names long.
    fn cycle(&self, cx: &Context, doc: usize) -> String {
        const SHOWN: usize = 6;
        let docs = &cx.handbook.documents;
        let mut names = vec![docs[doc].key()];
        let mut at = self.next[doc];
        while let Some(i) = at {
            names.push(docs[i].key());
            if i == doc {
                break;
            }
            if names.len() > SHOWN {
                names.push("…".into());
                break;
            }
            at = self.next[i];
        }
        names.join(" → ")
    }
}

/// The checks of a document's own `superseded_by`.
fn check_supersession(cx: &Context, chains: &Chains, i: usize, out: &mut Findings) {
    let docs = &cx.handbook.documents;
    let doc = &docs[i];
    let Some(next) = &doc.meta.superseded_by else {
        return;
    };
    if doc.meta.status != Status::Retired {
        out.at(
            doc,
            "/superseded_by",
            false,
            msg!("reference-to-retired.not-retired", doc.kind.noun(), &doc.id),
        )
        .help(msg!("reference-to-retired.not-retired.help"));
    }
    let Some(target) = chains.next[i] else {
        return;
    };
    if target == i {
        out.at(
            doc,
            "/superseded_by",
            false,
            msg!("reference-to-retired.self"),
        )
        .help(msg!("reference-to-retired.self.help"));
        return;
    }
    if docs[target].meta.status != Status::Retired {
        return;
    }
    match chains.end[target] {
        None | Some(End::InForce | End::Unknown) => {}
        Some(End::Retired(last)) => {
            let message = if last == target {
                msg!("reference-to-retired.chain-ends", next.to_string())
            } else {
                msg!(
                    "reference-to-retired.chain-ends-at",
                    next.to_string(),
                    docs[last].key()
                )
            };
            out.at(doc, "/superseded_by", false, message)
                .help(msg!("reference-to-retired.in-force.help"));
        }
        Some(End::Cycle) if chains.in_cycle[i] => {
            let message = msg!("reference-to-retired.cycle", chains.cycle(cx, i));
            out.at(doc, "/superseded_by", false, message)
                .help(msg!("reference-to-retired.cycle.help"));
        }
        Some(End::Cycle) => {
            let message = msg!("reference-to-retired.cycle-after", next.to_string());
            out.at(doc, "/superseded_by", false, message)
                .help(msg!("reference-to-retired.in-force.help"));
        }
    }
}
