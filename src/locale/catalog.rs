//! Every diagnostic text, English and Chinese side by side: finding messages and their help,
//! load and schema problems, the summary line, command-line errors.
//!
//! `{0}`, `{1}`, … are the message's arguments (a language may reorder them); `{{` and `}}`
//! are literal braces, and a brace not followed by digits and `}` is text (`{step, check}`).
//! Keys start with the rule or module that uses them. English: lower case, no final period,
//! identifiers in backticks. Chinese: 简体中文, concise, the same identifiers in backticks.
//! Tests check that both texts exist, name the same arguments, and that every key the code
//! names is here (and every key here is used).

/// (key, English, Chinese), sorted by key.
pub static CATALOG: &[(&str, &str, &str)] = &[
    // broken-link
    (
        "broken-link.anchor",
        "`{0}` has no heading with anchor `#{1}`",
        "`{0}` 中没有锚点为 `#{1}` 的标题",
    ),
    (
        "broken-link.anchor.help",
        "anchors are headings in lower case, punctuation dropped, spaces as `-`",
        "锚点由标题生成：字母转小写，去掉标点，空格换成 `-`",
    ),
    ("broken-link.empty", "link target is empty", "链接目标为空"),
    (
        "broken-link.empty.help",
        "write the target between the parentheses, or remove the link",
        "在括号里写上链接目标，或删除这个链接",
    ),
    (
        "broken-link.missing",
        "link target `{0}` does not exist",
        "链接目标 `{0}` 不存在",
    ),
    (
        "broken-link.outside",
        "link `{0}` leads outside the handbook",
        "链接 `{0}` 指向手册目录之外",
    ),
    (
        "broken-link.outside.help",
        "links and images must stay inside the handbook folder",
        "链接和图片必须位于手册目录之内",
    ),
    // changed-after-approval
    // `build`'s status lines
    (
        "build.built",
        "built {0} and {1} assets into {2} in {3}s ({4} KiB; search index {5} KiB, print pages {6} KiB)",
        "已生成 {0}、{1} 个资源文件，写入 {2}，用时 {3} 秒（共 {4} KiB；搜索索引 {5} KiB，打印页 {6} KiB）",
    ),
    (
        "build.not-built",
        "not built: fix the errors above first (the previous site is unchanged)",
        "未生成：请先修正上面的错误（原有站点保持不变）",
    ),
    ("build.pages", "{0} pages", "{0} 个页面"),
    (
        "build.pages-of",
        "{0} of {1} pages",
        "{1} 个页面中的 {0} 个",
    ),
    ("build.progress", "building {0}", "正在生成 {0}"),
    (
        "build.waiting",
        "waiting: another build is writing into `{0}`; this one starts when it is done",
        "等待中：另一次生成正在写入 `{0}`，它完成后本次生成才开始",
    ),
    (
        "changed-after-approval.commit",
        "`{0}` ({1}, \"{2}\")",
        "`{0}`（{1}，“{2}”）",
    ),
    (
        "changed-after-approval.help",
        "have the change approved, then set `approval.approved` to that date (and raise `version`), or revert the change",
        "先让这次修改通过审批，再把 `approval.approved` 改为审批日期（并提高 `version`），或撤销这次修改",
    ),
    (
        "changed-after-approval.many",
        "changed by {0} commits after its approval on {1}, the latest {2}",
        "{1} 审批后又被 {0} 个提交修改，最近一次为 {2}",
    ),
    (
        "changed-after-approval.one",
        "changed after its approval on {0}, by commit {1}",
        "{0} 审批后又被提交 {1}修改",
    ),
    (
        "changed-after-approval.uncommitted",
        "has uncommitted changes after its approval on {0}",
        "{0} 审批后有尚未提交的修改",
    ),
    // command-line errors of clap, the argument parser (`cli/usage.rs`)
    (
        "clap.conflict",
        "the argument '{0}' cannot be used with {1}",
        "参数 `{0}` 不能与 {1} 一起使用",
    ),
    ("clap.error", "error: {0}", "错误: {0}"),
    (
        "clap.invalid-subcommand",
        "unrecognized subcommand '{0}'",
        "无法识别的子命令 `{0}`",
    ),
    (
        "clap.invalid-utf8",
        "invalid UTF-8 was detected in one or more arguments",
        "参数中有无效的 UTF-8 文本",
    ),
    (
        "clap.invalid-value",
        "invalid value '{0}' for '{1}'",
        "`{1}` 的值 `{0}` 无效",
    ),
    (
        "clap.missing-required",
        "the following required arguments were not provided:{0}",
        "缺少以下必需的参数：{0}",
    ),
    (
        "clap.missing-subcommand",
        "'{0}' requires a subcommand but one was not provided",
        "`{0}` 需要一个子命令，但没有给出",
    ),
    (
        "clap.missing-value",
        "a value is required for '{0}' but none was supplied",
        "`{0}` 需要一个值，但没有给出",
    ),
    (
        "clap.more",
        "For more information, try '{0}'.",
        "如需更多信息，请使用 `{0}`。",
    ),
    (
        "clap.no-equals",
        "equal sign is needed when assigning values to '{0}'",
        "给 `{0}` 赋值时需要写等号",
    ),
    (
        "clap.possible-values",
        "[possible values: {0}]",
        "[可选值：{0}]",
    ),
    (
        "clap.similar-argument",
        "a similar argument exists: {0}",
        "有相近的参数：{0}",
    ),
    (
        "clap.similar-subcommand",
        "a similar subcommand exists: {0}",
        "有相近的子命令：{0}",
    ),
    (
        "clap.similar-value",
        "a similar value exists: {0}",
        "有相近的值：{0}",
    ),
    ("clap.subcommands", "[subcommands: {0}]", "[子命令：{0}]"),
    ("clap.tip", "tip: {0}", "提示: {0}"),
    (
        "clap.tip-as-value",
        "to pass '{0}' as a value, use '{1}'",
        "要把 `{0}` 作为值传入，请写 `{1}`",
    ),
    (
        "clap.tip-double-dash",
        "subcommand '{0}' exists; to use it, remove the '{1}' before it",
        "子命令 `{0}` 存在；要使用它，请删掉它前面的 `{1}`",
    ),
    ("clap.tip-exists", "'{0}' exists", "可以使用 `{0}`"),
    (
        "clap.too-many-values",
        "unexpected value '{0}' for '{1}' found; no more were expected",
        "`{1}` 不接受更多的值，多出了 `{0}`",
    ),
    (
        "clap.unknown-argument",
        "unexpected argument '{0}' found",
        "无法识别的参数 `{0}`",
    ),
    ("clap.usage", "Usage: {0}", "用法: {0}"),
    (
        "clap.used-twice",
        "the argument '{0}' cannot be used multiple times",
        "参数 `{0}` 不能多次使用",
    ),
    (
        "clap.value-invalid",
        "invalid value '{0}' for '{1}'",
        "`{1}` 的值 `{0}` 无效",
    ),
    (
        "clap.value-validation",
        "invalid value '{0}' for '{1}': {2}",
        "`{1}` 的值 `{0}` 无效：{2}",
    ),
    // command-line errors
    (
        "cli.bad-date",
        "`{0}` is not a date YYYY-MM-DD",
        "`{0}` 不是 YYYY-MM-DD 格式的日期",
    ),
    (
        "cli.bad-lang",
        "`{0}` is not a language: use `zh-CN` or `en`",
        "`{0}` 不是支持的语言：请使用 `zh-CN` 或 `en`",
    ),
    (
        "cli.cannot-listen",
        "cannot listen on 127.0.0.1:{0}: {1}",
        "无法监听 127.0.0.1:{0}：{1}",
    ),
    (
        "cli.document-exists",
        "{0} `{1}` already exists: `{2}`",
        "{0} `{1}` 已存在：`{2}`",
    ),
    (
        "cli.document-exists.help",
        "pick another id, or edit the existing document",
        "请换一个 id，或编辑已有的文档",
    ),
    ("cli.file-exists", "`{0}` already exists", "`{0}` 已存在"),
    ("cli.file-exists.help", "pick another id", "请换一个 id"),
    (
        "cli.init-clash",
        "`{0}` already has {1}",
        "`{0}` 中已有 {1}",
    ),
    (
        "cli.init-clash.help",
        "choose an empty folder, or give `--force` to overwrite these files",
        "请选择一个空目录，或加上 `--force` 覆盖这些文件",
    ),
    ("cli.kinds.help", "kinds: {0}", "可用类别：{0}"),
    (
        "cli.man-out-file",
        "`{0}` is a file, not a folder",
        "`{0}` 是文件，不是目录",
    ),
    (
        "cli.man-out-file.help",
        "`--out` names the folder the pages go into",
        "`--out` 应指向存放手册页的目录",
    ),
    (
        "cli.man-write",
        "cannot write the pages into {0}",
        "无法把手册页写入 {0}",
    ),
    (
        "cli.no-document",
        "there is no document `{0}`",
        "没有文档 `{0}`",
    ),
    (
        "cli.no-document.help",
        "give a path such as `sops/refund.md`, or `kind:id` such as `sop:refund`",
        "请给出路径，如 `sops/refund.md`，或 `kind:id`，如 `sop:refund`",
    ),
    ("cli.no-role", "there is no role `{0}`", "没有岗位 `{0}`"),
    (
        "cli.no-role.help",
        "give the id of a document under `roles/`",
        "请给出 `roles/` 下某个文档的 id",
    ),
    (
        "cli.no-such-document.help",
        "`opsbook new {0} {1}` creates it",
        "`opsbook new {0} {1}` 可以创建它",
    ),
    (
        "cli.no-such-kind-document",
        "there is no {0} `{1}`",
        "没有{0} `{1}`",
    ),
    (
        "cli.not-a-document",
        "`{0}` is not a document of the handbook",
        "`{0}` 不是手册中的文档",
    ),
    (
        "cli.not-a-document.help",
        "documents are the `.md` files of the handbook that `exclude:` does not skip",
        "文档是手册中未被 `exclude:` 排除的 `.md` 文件",
    ),
    ("cli.owners-missing", "`{0}` does not exist", "`{0}` 不存在"),
    (
        "cli.owners-missing.help",
        "run `opsbook owners --out {0}` and commit the result",
        "请运行 `opsbook owners --out {0}` 并提交结果",
    ),
    (
        "cli.port-in-use",
        "port {0} on 127.0.0.1 is in use",
        "127.0.0.1 的端口 {0} 已被占用",
    ),
    (
        "cli.port-in-use.help",
        "stop what uses it, or give another `--port` (`--port 0` picks a free one)",
        "请停止占用它的程序，或换一个 `--port`（`--port 0` 会自动选择空闲端口）",
    ),
    (
        "cli.review-earlier",
        "`{0}`: {1} is before the last recorded review, {2}",
        "`{0}`：{1} 早于上次记录的复审日期 {2}",
    ),
    (
        "cli.review-earlier.help",
        "give the date of this review; to correct a mistaken date, add `--allow-earlier`",
        "请填写本次复审的日期；如要更正写错的日期，请加上 `--allow-earlier`",
    ),
    (
        "cli.review-failed",
        "cannot record a review of `{0}`",
        "无法记录 `{0}` 的复审",
    ),
    (
        "cli.review-unreadable",
        "cannot record a review of `{0}`: its front matter has errors",
        "无法记录 `{0}` 的复审：它的前置元数据有错误",
    ),
    (
        "cli.review-unreadable.help",
        "fix the front matter (`opsbook check` shows the same), then record the review",
        "先修正前置元数据（`opsbook check` 会给出同样的问题），再记录复审",
    ),
    (
        "cli.schema-out.help",
        "`--out` names the folder the `*.schema.json` files go into",
        "`--out` 指定存放 `*.schema.json` 文件的目录",
    ),
    ("cli.schema-write", "cannot write {0}", "无法写入 {0}"),
    (
        "cli.stdin-outside",
        "`{0}` is not a file in the handbook at `{1}`",
        "`{0}` 不是 `{1}` 处手册中的文件",
    ),
    (
        "cli.stdin-outside.help",
        "--path names the file the text would be saved to, inside the handbook",
        "`--path` 指明这段文本将保存到的文件，它必须在手册目录之内",
    ),
    (
        "cli.stdin-unreadable",
        "cannot read the text from standard input",
        "无法从标准输入读取文本",
    ),
    (
        "cli.target-outside",
        "`{0}` is outside the handbook",
        "`{0}` 位于手册之外",
    ),
    (
        "cli.target-outside.help",
        "give a document inside the handbook at `{0}`",
        "请给出 `{0}` 手册内的文档",
    ),
    ("cli.unknown-kind", "unknown kind `{0}`", "未知的类别 `{0}`"),
    ("cli.unknown-rule", "unknown rule `{0}`", "未知规则 `{0}`"),
    // deep-html
    (
        "deep-html",
        "HTML nests more than {0} elements deep",
        "HTML 嵌套超过 {0} 层",
    ),
    (
        "deep-html.help",
        "flatten the nesting: past this depth the site shows raw HTML as text",
        "请减少嵌套：超过这个深度，网站会把 HTML 原样显示为文本",
    ),
    ("did-you-mean", "did you mean `{0}`?", "是否应为 `{0}`？"),
    // `diff`'s pull-request comment (the JSON stays English)
    ("diff.after", "after", "修改后"),
    ("diff.before", "before", "修改前"),
    ("diff.body", "body", "正文"),
    (
        "diff.body-changed",
        "Body changed: +{0} −{1} lines",
        "正文变更：+{0} −{1} 行",
    ),
    (
        "diff.brief-heading",
        "### Further changes, in brief",
        "### 其余变更（摘要）",
    ),
    ("diff.change.added", "added", "新增"),
    ("diff.change.modified", "modified", "修改"),
    ("diff.change.removed", "removed", "删除"),
    ("diff.change.renamed", "renamed", "重命名"),
    ("diff.count-change", "{0} {1}", "{1} {0}"),
    (
        "diff.cut",
        "✂️ To stay under GitHub's comment limit, {0}. Run `opsbook diff {1} --format json` for every change.",
        "✂️ 为了不超过 GitHub 评论的长度上限，{0}。运行 `opsbook diff {1} --format json` 可查看全部变更。",
    ),
    ("diff.cut.and", "{0} and {1}", "{0}，{1}"),
    (
        "diff.cut.brief.many",
        "{0} documents are shown in brief",
        "{0} 篇文档只列出摘要",
    ),
    (
        "diff.cut.brief.one",
        "{0} document is shown in brief",
        "{0} 篇文档只列出摘要",
    ),
    (
        "diff.cut.left-out.many",
        "{0} documents are left out",
        "{0} 篇文档未列出",
    ),
    (
        "diff.cut.left-out.one",
        "{0} document is left out",
        "{0} 篇文档未列出",
    ),
    ("diff.field", "field", "字段"),
    (
        "diff.field-changes.many",
        "{0} field changes",
        "{0} 处字段变更",
    ),
    (
        "diff.field-changes.one",
        "{0} field change",
        "{0} 处字段变更",
    ),
    ("diff.fields.many", "{0} fields", "{0} 个字段"),
    ("diff.fields.one", "{0} field", "{0} 个字段"),
    ("diff.flag.approved-on", " (approved {0})", "（{0} 审批）"),
    (
        "diff.flag.control-point-removed",
        "control point removed: {0}",
        "控制点被删除：{0}",
    ),
    (
        "diff.flag.every-step-removed",
        "every step removed",
        "所有步骤都被删除",
    ),
    (
        "diff.flag.invalid.many",
        "{0} schema problems in head: run `opsbook check`",
        "新版本有 {0} 处前置元数据问题：请运行 `opsbook check`",
    ),
    (
        "diff.flag.invalid.one",
        "{0} schema problem in head: run `opsbook check`",
        "新版本有 {0} 处前置元数据问题：请运行 `opsbook check`",
    ),
    (
        "diff.flag.needs-reapproval",
        "needs re-approval: {0} changed, `approval`{1} did not",
        "需要重新审批：{0} 已修改，而 `approval`{1}未更新",
    ),
    (
        "diff.flag.owner-removed",
        "owner `{0}` removed",
        "负责岗位 `{0}` 被移除",
    ),
    (
        "diff.flag.required-emptied",
        "required field `{0}` emptied",
        "必填字段 `{0}` 被清空",
    ),
    (
        "diff.flag.retargeted",
        "control point “{0}” on step `{1}` now checks {2}, no longer {3}",
        "步骤 `{1}` 上的控制点“{0}”现在检查的是 {2}，不再是 {3}",
    ),
    (
        "diff.flag.review-moved-back",
        "`{0}` moved back from {1} to {2}",
        "`{0}` 从 {1} 改回了更早的 {2}",
    ),
    (
        "diff.flag.unreadable",
        "front matter cannot be read in {0}: fields and steps not compared",
        "{0}的前置元数据无法读取：未比较字段和步骤",
    ),
    (
        "diff.heading",
        "## 📖 Handbook changes: {0} → {1}",
        "## 📖 手册变更：{0} → {1}",
    ),
    ("diff.kind", "kind", "类别"),
    ("diff.look-closely", "**Look closely:**", "**请重点查看：**"),
    (
        "diff.more-below",
        "… and {0} more, below",
        "… 另有 {0} 处，见下文",
    ),
    (
        "diff.more-lines",
        "… and {0} more changed lines",
        "… 另有 {0} 行变更",
    ),
    (
        "diff.more-unchanged",
        "{0} more unchanged",
        "另有 {0} 项未变",
    ),
    ("diff.no-change", "No document changed.", "没有文档变更。"),
    (
        "diff.renamed-from",
        "renamed from {0} to {1}",
        "由 {0} 重命名为 {1}",
    ),
    ("diff.side.base", "base", "旧版本"),
    ("diff.side.head", "head", "新版本"),
    ("diff.step", "step {0}", "步骤 {0}"),
    (
        "diff.step-changes.many",
        "{0} step changes",
        "{0} 处步骤变更",
    ),
    ("diff.step-changes.one", "{0} step change", "{0} 处步骤变更"),
    ("diff.step.added", "{0} added: {1}", "新增{0}：{1}"),
    (
        "diff.step.field",
        "step {0} {1}: {2} → {3}",
        "步骤 {0} 的 {1}：{2} → {3}",
    ),
    (
        "diff.step.moved",
        "{0} moved from position {1} to {2}: {3}",
        "{0} 从第 {1} 位移到第 {2} 位：{3}",
    ),
    ("diff.step.removed", "{0} removed: {1}", "删除{0}：{1}"),
    ("diff.step.reworded", "{0} reworded: {1}", "改写{0}：{1}"),
    ("diff.steps", "**Steps**", "**步骤**"),
    (
        "diff.summary",
        "**{0} changed:** {1}",
        "**{0}文档有变更：** {1}",
    ),
    ("diff.to-look-at", "⚠️ {0} to look at", "⚠️ {0} 处需要注意"),
    ("diff.working-tree", "working tree", "工作区"),
    // doc-no-format
    (
        "doc-no-format",
        "document number `{0}` does not match `control.doc_no_pattern`",
        "文件编号 `{0}` 不符合 `control.doc_no_pattern`",
    ),
    (
        "doc-no-format.help",
        "the pattern in handbook.yaml is `{0}`",
        "handbook.yaml 中规定的格式为 `{0}`",
    ),
    // drill-overdue
    (
        "drill-overdue",
        "drill was due on {0}, {1} days ago",
        "演练已于 {0} 到期，已逾期 {1} 天",
    ),
    (
        "drill-overdue.help",
        "run the drill, then set `drill.last` to its date",
        "组织演练，然后把 `drill.last` 设为演练日期",
    ),
    // duplicate-doc-no
    (
        "duplicate-doc-no",
        "document number `{0}` is already used",
        "文件编号 `{0}` 已被使用",
    ),
    (
        "duplicate-doc-no.help",
        "`{0}` has it first; give this document a number of its own",
        "`{0}` 已先使用这个编号；请给本文件另编一个号",
    ),
    // duplicate-id
    (
        "duplicate-id",
        "{0} id `{1}` is already used by `{2}`",
        "{0} id `{1}` 已被 `{2}` 使用",
    ),
    (
        "duplicate-id.help",
        "rename the file or set a different `id:`",
        "重命名文件，或设置另一个 `id:`",
    ),
    // errors of commands
    (
        "error.foreign-output",
        "`{0}` is not empty and was not written by opsbook",
        "`{0}` 不是空目录，也不是 opsbook 生成的",
    ),
    (
        "error.foreign-output.help",
        "the output folder is replaced as a whole; give an empty or new folder, or the handbook's `_site`",
        "输出目录会被整体替换；请指定一个空目录或新目录，或使用手册的 `_site`",
    ),
    (
        "error.git-failed",
        "`git {0}` failed: {1}",
        "`git {0}` 执行失败：{1}",
    ),
    (
        "error.git-io",
        "cannot read the output of `git {0}`",
        "无法读取 `git {0}` 的输出",
    ),
    ("error.git-missing", "cannot run `git`", "无法运行 `git`"),
    (
        "error.git-missing.help",
        "install git and make sure it is on PATH",
        "请安装 git，并确保它在 PATH 中",
    ),
    ("error.io-create", "cannot create `{0}`", "无法创建 `{0}`"),
    ("error.io-read", "cannot read `{0}`", "无法读取 `{0}`"),
    ("error.io-write", "cannot write `{0}`", "无法写入 `{0}`"),
    (
        "error.lang",
        "OPSBOOK_LANG=`{0}` is not a language: use `zh-CN` or `en`",
        "OPSBOOK_LANG=`{0}` 不是支持的语言：请使用 `zh-CN` 或 `en`",
    ),
    (
        "error.no-handbook-at",
        "there is no `{0}` at revision `{1}`",
        "版本 `{1}` 中没有 `{0}`",
    ),
    (
        "error.no-handbook-at.help",
        "the handbook may be new since that revision, or `--root` names another folder than the one it had then",
        "手册可能是在该版本之后才创建的，或者 `--root` 指定的目录与当时不同",
    ),
    (
        "error.no-root",
        "no handbook found at or above `{0}`",
        "在 `{0}` 及其上级目录中没有找到手册",
    ),
    (
        "error.no-root.help",
        "a handbook is a folder with `handbook.yaml`; run `opsbook init` to make one",
        "手册是一个含有 `handbook.yaml` 的目录；可运行 `opsbook init` 创建",
    ),
    (
        "error.no-theme",
        "theme folder `{0}` does not exist",
        "主题目录 `{0}` 不存在",
    ),
    (
        "error.not-a-handbook",
        "`{0}` is not a handbook: it has no `handbook.yaml`",
        "`{0}` 不是手册目录：其中没有 `handbook.yaml`",
    ),
    (
        "error.not-a-handbook.help",
        "give the folder that holds `handbook.yaml`",
        "请指定含有 `handbook.yaml` 的目录",
    ),
    (
        "error.not-a-repository",
        "`{0}` is not inside a git repository",
        "`{0}` 不在 git 仓库中",
    ),
    (
        "error.not-a-repository.help",
        "run it in a clone of the repository, or give `--root` inside one; to compare two folders, give both: `opsbook diff OLD_DIR NEW_DIR`",
        "请在仓库的克隆中运行，或用 `--root` 指定仓库内的目录；如要比较两个目录，请同时给出：`opsbook diff OLD_DIR NEW_DIR`",
    ),
    (
        "error.output-collision",
        "`{0}` would be written twice: by {1} and by {2}",
        "`{0}` 会被写入两次：来自 {1} 和 {2}",
    ),
    (
        "error.output-collision.help",
        "rename one of them; `review.html`, `print.html`, `print/`, `_opsbook/` and `<kind folder>/index.html` are generated",
        "请重命名其中一个；`review.html`、`print.html`、`print/`、`_opsbook/` 和 `<kind folder>/index.html` 由 opsbook 生成",
    ),
    (
        "error.output-file",
        "`{0}` is a file, not a folder",
        "`{0}` 是文件，不是目录",
    ),
    (
        "error.output-file.help",
        "the site is a folder; give a folder path such as `_site` or `/tmp/site`",
        "网站输出为目录；请指定目录路径，如 `_site` 或 `/tmp/site`",
    ),
    (
        "error.output-invalid",
        "`{0}` cannot be the output folder",
        "`{0}` 不能作为输出目录",
    ),
    (
        "error.output-invalid.help",
        "give a folder path such as `_site` or `/tmp/site`",
        "请指定目录路径，如 `_site` 或 `/tmp/site`",
    ),
    (
        "error.print-no-documents",
        "the theme's `print.html` does not place the documents",
        "主题的 `print.html` 没有放置文档内容",
    ),
    (
        "error.print-no-documents.help",
        "put `{{{{ documents | safe }}}}` where the documents go",
        "在文档内容的位置写上 `{{{{ documents | safe }}}}`",
    ),
    ("error.render", "cannot render `{0}`", "无法生成 `{0}`"),
    (
        "error.template",
        "the theme's templates do not compile",
        "主题模板无法编译",
    ),
    (
        "error.theme-outside",
        "theme folder `{0}` is outside the handbook",
        "主题目录 `{0}` 位于手册之外",
    ),
    (
        "error.theme-outside.help",
        "`theme:` in handbook.yaml must name a folder inside the handbook; to use a theme kept elsewhere, pass `--theme DIR`",
        "handbook.yaml 中的 `theme:` 必须指向手册内的目录；如要使用其他位置的主题，请传入 `--theme DIR`",
    ),
    (
        "error.today",
        "OPSBOOK_TODAY=`{0}` is not a date YYYY-MM-DD",
        "OPSBOOK_TODAY=`{0}` 不是 YYYY-MM-DD 格式的日期",
    ),
    (
        "error.today.help",
        "set it to a date such as 2026-11-23, or unset it to use the clock",
        "请设为日期，如 2026-11-23；或取消设置，改用系统时钟",
    ),
    (
        "error.unknown-revision",
        "unknown revision `{0}`",
        "未知的版本 `{0}`",
    ),
    (
        "error.unknown-revision.help",
        "give a branch, tag or commit this clone has, e.g. `main`, `origin/main`, `HEAD~1`; in CI, fetch the base branch first (actions/checkout with `fetch-depth: 0`)",
        "请给出本克隆中存在的分支、标签或提交，如 `main`、`origin/main`、`HEAD~1`；在 CI 中请先拉取基准分支（actions/checkout 设置 `fetch-depth: 0`）",
    ),
    // explain
    (
        "explain.default-level",
        "Default level: **{0}**. Fires when {1}.",
        "默认级别：**{0}**。触发条件：{1}。",
    ),
    (
        "explain.list-header",
        "| rule | default | fires when |",
        "| 规则 | 默认级别 | 触发条件 |",
    ),
    (
        "explain.page-intro",
        "Set a rule's level in `handbook.yaml`: `rules: {review-due-soon: off}` (`error`, `warning` or `off`).",
        "在 `handbook.yaml` 中设置规则级别：`rules: {review-due-soon: off}`（`error`、`warning` 或 `off`）。",
    ),
    ("explain.page-title", "Rules", "规则"),
    (
        "explain.unknown-rule.help",
        "`opsbook explain` lists the rules",
        "`opsbook explain` 可列出所有规则",
    ),
    // `init`'s success line
    (
        "init.created",
        "created a handbook in `{0}`; next: opsbook check {1}",
        "已在 `{0}` 中创建手册；下一步：运行 `opsbook check {1}`",
    ),
    // why a file could not be read or written, by the operating system's kind of error
    // (the English is the system's own; these say what it says)
    ("io.already-exists", "file exists", "文件已存在"),
    ("io.is-a-directory", "is a directory", "这是一个目录"),
    (
        "io.not-found",
        "no such file or directory",
        "没有这个文件或目录",
    ),
    ("io.permission-denied", "permission denied", "没有权限"),
    ("io.read-only", "read-only file system", "文件系统只读"),
    ("io.storage-full", "no space left on device", "磁盘空间不足"),
    // kinds, as nouns in messages
    ("kind.contingency", "contingency", "应急预案"),
    ("kind.guide", "guide", "服务指南"),
    ("kind.kpi", "kpi", "指标"),
    ("kind.overview", "overview", "企业概要"),
    ("kind.page", "page", "页面"),
    ("kind.report", "report", "报告"),
    ("kind.role", "role", "岗位"),
    ("kind.sop", "sop", "SOP"),
    ("kind.workflow", "workflow", "工作流程"),
    // labels of human output: miette's footer, notes on the side
    ("label.help", "help:", "帮助:"),
    ("label.note", "note: {0}", "注意: {0}"),
    // load
    (
        "load.binary",
        "binary file, not Markdown text",
        "这是二进制文件，不是 Markdown 文本",
    ),
    (
        "load.binary.help",
        "move it out of the content folders, or under `assets/`",
        "请把它移出内容目录，或放到 `assets/` 下",
    ),
    (
        "load.cannot-read",
        "cannot read file: {0}",
        "无法读取文件：{0}",
    ),
    (
        "load.file-name",
        "file name is not valid UTF-8",
        "文件名不是有效的 UTF-8",
    ),
    (
        "load.folder-name",
        "folder name is not valid UTF-8",
        "目录名不是有效的 UTF-8",
    ),
    (
        "load.glob",
        "`{0}` is not a valid glob pattern: {1}",
        "`{0}` 不是有效的通配模式：{1}",
    ),
    (
        "load.glob.dangling-escape",
        "dangling '\\'",
        "末尾有多余的 `\\`",
    ),
    (
        "load.glob.help",
        "patterns are relative to the root, e.g. `drafts/**` or `**/*.tmp.md`",
        "模式相对于手册根目录，如 `drafts/**` 或 `**/*.tmp.md`",
    ),
    (
        "load.glob.invalid-range",
        "invalid range; '{0}' > '{1}'",
        "范围无效：`{0}` 大于 `{1}`",
    ),
    (
        "load.glob.invalid-recursive",
        "invalid use of **; must be one path component",
        "`**` 用法无效：它必须单独作为一级路径",
    ),
    (
        "load.glob.nested-alternates",
        "nested alternate groups are not allowed",
        "不允许嵌套的 `{…}` 选择组",
    ),
    ("load.glob.other", "{0}", "`{0}`"),
    (
        "load.glob.unclosed-alternates",
        "unclosed alternate group; missing '}'",
        "`{…}` 选择组没有闭合：缺少 `}`",
    ),
    (
        "load.glob.unclosed-class",
        "unclosed character class; missing ']'",
        "字符类没有闭合：缺少 `]`",
    ),
    (
        "load.glob.unopened-alternates",
        "unopened alternate group; missing '{'",
        "`{…}` 选择组没有开头：缺少 `{`",
    ),
    (
        "load.invalid-id",
        "`{0}` is not a valid id",
        "`{0}` 不是有效的 id",
    ),
    (
        "load.invalid-id.help",
        "ids are letters (any script), digits, `-` and `_`",
        "id 只能由字母（任何文字均可）、数字、`-` 和 `_` 组成",
    ),
    (
        "load.invalid-stem",
        "file name `{0}` is not a valid id",
        "文件名 `{0}` 不是有效的 id",
    ),
    (
        "load.invalid-stem.help",
        "rename the file to letters, digits, `-` and `_`, or set `id:`",
        "请把文件名改为只含字母、数字、`-` 和 `_`，或设置 `id:`",
    ),
    (
        "load.misnamed.help",
        "rename it in UTF-8; names from Windows archives are often GBK, which `convmv -f gbk -t utf-8 -r --notest .` converts",
        "请用 UTF-8 重新命名；来自 Windows 压缩包的文件名常为 GBK 编码，可用 `convmv -f gbk -t utf-8 -r --notest .` 转换",
    ),
    ("load.no-front-matter", "no front matter", "缺少前置元数据"),
    (
        "load.no-front-matter.help",
        "start the file with a `---` line, `title: …`, and another `---` line",
        "文件应以一行 `---` 开头，接着写 `title: …`，再写一行 `---`",
    ),
    ("load.no-such-file", "no such file", "没有这个文件"),
    (
        "load.not-a-document",
        "not read: not a document",
        "未读取：不是文档",
    ),
    (
        "load.not-utf8",
        "file is not valid UTF-8",
        "文件不是有效的 UTF-8",
    ),
    (
        "load.not-utf8.help",
        "save the file as UTF-8",
        "请把文件另存为 UTF-8 编码",
    ),
    (
        "load.regex",
        "`{0}` is not a valid regular expression: {1}",
        "`{0}` 不是有效的正则表达式：`{1}`",
    ),
    (
        "load.regex.help",
        "write a regular expression such as `^OPS-(SOP|CP)-\\d{{3}}$`; in YAML, quote it with single quotes so that `\\` stays as written",
        "请写正则表达式，如 `^OPS-(SOP|CP)-\\d{{3}}$`；在 YAML 中用单引号括起来，`\\` 才能保持原样",
    ),
    (
        "load.theme-missing",
        "theme folder `{0}` does not exist",
        "主题目录 `{0}` 不存在",
    ),
    (
        "load.theme-missing.help",
        "give a folder inside the handbook, relative to `handbook.yaml`, or remove `theme:` to use the default theme",
        "请指定手册内的目录（相对于 `handbook.yaml`），或删除 `theme:` 以使用默认主题",
    ),
    (
        "load.theme-outside",
        "theme folder `{0}` is outside the handbook",
        "主题目录 `{0}` 位于手册之外",
    ),
    (
        "load.theme-outside.help",
        "`theme:` must name a folder inside the handbook (symlinks are resolved); to use a theme kept elsewhere, pass `--theme DIR` to `opsbook build`",
        "`theme:` 必须指向手册内的目录（符号链接按实际位置判断）；如要使用其他位置的主题，请给 `opsbook build` 传入 `--theme DIR`",
    ),
    (
        "load.too-large",
        "file is larger than {0} MiB",
        "文件大于 {0} MiB",
    ),
    (
        "load.typed",
        "front matter cannot be read: {0}",
        "前置元数据无法读取：`{0}`",
    ),
    (
        "load.unclosed",
        "front matter is not closed",
        "前置元数据没有结束行",
    ),
    (
        "load.unclosed.help",
        "end the front matter with a line `---` before the Markdown body",
        "请在 Markdown 正文之前用一行 `---` 结束前置元数据",
    ),
    ("load.utf16", "the file is UTF-16", "文件是 UTF-16 编码"),
    ("load.utf16.help", "save it as UTF-8", "请另存为 UTF-8 编码"),
    // missing-approval
    (
        "missing-approval",
        "{0} `{1}` has no approval",
        "{0} `{1}` 缺少审批信息",
    ),
    (
        "missing-approval.future",
        "approved in the future: {0} is after today ({1})",
        "审批日期在未来：{0} 晚于今天（{1}）",
    ),
    (
        "missing-approval.future.help",
        "write the date the approval was given; a document is approved only once signed off",
        "请填写实际签批的日期；文件签批后才算通过审批",
    ),
    (
        "missing-approval.help",
        "`control.require_approval` lists `{0}`: add `approval: {drafted_by, reviewed_by, approved_by, approved}`, or set `status: draft` until it is approved",
        "`control.require_approval` 包含 `{0}`：请添加 `approval: {drafted_by, reviewed_by, approved_by, approved}`，或在审批通过前设为 `status: draft`",
    ),
    (
        "missing-approval.no-date",
        "approval has no `approved` date",
        "审批信息缺少 `approved` 日期",
    ),
    (
        "missing-approval.no-date.help",
        "add `approved: YYYY-MM-DD`, the date it was signed off",
        "添加 `approved: YYYY-MM-DD`，即签批日期",
    ),
    // missing-owner
    (
        "missing-owner",
        "{0} `{1}` has no owner",
        "{0} `{1}` 没有负责岗位",
    ),
    (
        "missing-owner.help",
        "add `owners: [role-id]` naming the role accountable for it",
        "添加 `owners: [role-id]`，写明对它负责的岗位",
    ),
    // missing-review
    (
        "missing-review",
        "{0} `{1}` has no review date",
        "{0} `{1}` 没有复审日期",
    ),
    (
        "missing-review.help",
        "add `review: {last: YYYY-MM-DD, every: 12 months}`",
        "添加 `review: {last: YYYY-MM-DD, every: 12 months}`",
    ),
    // mkdocs-syntax
    (
        "mkdocs-syntax.admonition",
        "MkDocs admonition `{0} {1}` shows as literal text",
        "MkDocs 提示块 `{0} {1}` 会原样显示为文本",
    ),
    (
        "mkdocs-syntax.admonition.help",
        "write a GitHub alert: a quote starting `> [!{0}]`, its content on `> ` lines",
        "改用 GitHub 提示块：以 `> [!{0}]` 开头的引用，内容写在以 `> ` 开头的行上",
    ),
    (
        "mkdocs-syntax.attributes",
        "attribute list `{0}` shows as literal text",
        "属性列表 `{0}` 会原样显示为文本",
    ),
    (
        "mkdocs-syntax.attributes.help",
        "remove it: Markdown has no attribute lists",
        "请删除：Markdown 没有属性列表",
    ),
    // `new`'s success line
    (
        "new.created",
        "created `{0}`: fill in the `TODO:` values, then run `opsbook check`",
        "已创建 `{0}`：请填写其中的 `TODO:` 值，然后运行 `opsbook check`",
    ),
    // notes of `check` and `build`, printed on the side
    (
        "note.shallow",
        "this is a shallow clone: document history is partial (fetch the full history, e.g. `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)",
        "这是浅克隆：文档历史不完整（请拉取完整历史，如 `git fetch --unshallow`，或在 actions/checkout 中设置 `fetch-depth: 0`）",
    ),
    (
        "note.unreadable",
        "cannot read the git history ({0}): checks that need it were skipped",
        "无法读取 git 历史（`{0}`）：跳过了依赖它的检查",
    ),
    // nouns
    ("noun.department", "department", "部门"),
    ("noun.front-matter", "front matter", "前置元数据"),
    ("noun.step", "step", "步骤"),
    // `owners`' lines on stderr
    (
        "owners.error",
        "error: {0}\n  help: {1}",
        "错误: {0}\n  帮助: {1}",
    ),
    (
        "owners.no-reviewer",
        "warning: `{0}` gets no reviewer: its owners ({1}) list no `@handle` in `members`",
        "警告: `{0}` 没有审阅人：它的负责岗位（{1}）在 `members` 中都没有 `@handle`",
    ),
    (
        "owners.out-of-date",
        "error: `{0}` is out of date with the handbook's owners\n  help: run `opsbook owners --out {1}` and commit the result",
        "错误: `{0}` 与手册中的负责岗位不一致\n  帮助: 请运行 `opsbook owners --out {1}` 并提交结果",
    ),
    (
        "owners.unnamable",
        "error: `{0}` is left out of CODEOWNERS: its path holds a control character\n  help: rename the file",
        "错误: `{0}` 未写入 CODEOWNERS：它的路径含有控制字符\n  帮助: 请重命名这个文件",
    ),
    // placeholder
    (
        "placeholder",
        "placeholder value not filled in",
        "占位内容尚未填写",
    ),
    (
        "placeholder.help",
        "replace the `TODO:` text with the real content",
        "把 `TODO:` 文字替换为实际内容",
    ),
    ("quote", "{0}", "`{0}`"),
    // reference-to-retired
    ("reference-to-retired", "`{0}` is retired", "`{0}` 已废止"),
    (
        "reference-to-retired.chain-ends",
        "successor `{0}` is retired too and has no successor",
        "后继文件 `{0}` 也已废止，且没有后继文件",
    ),
    (
        "reference-to-retired.chain-ends-at",
        "successor `{0}` is retired too, and its successors end at retired `{1}`",
        "后继文件 `{0}` 也已废止，其后继链止于已废止的 `{1}`",
    ),
    (
        "reference-to-retired.cycle",
        "supersessions form a cycle: {0}",
        "取代关系构成循环：`{0}`",
    ),
    (
        "reference-to-retired.cycle-after",
        "the successors of `{0}` form a cycle: none is in force",
        "`{0}` 的后继文件构成循环，其中没有现行文件",
    ),
    (
        "reference-to-retired.cycle.help",
        "one document of the cycle must be in force: remove its `status: retired` and `superseded_by`",
        "循环中必须有一个现行文件：删除它的 `status: retired` 和 `superseded_by`",
    ),
    (
        "reference-to-retired.in-force.help",
        "point `superseded_by` at the document now in force",
        "请把 `superseded_by` 指向现行文件",
    ),
    (
        "reference-to-retired.link",
        "link `{0}` leads to retired `{1}`",
        "链接 `{0}` 指向已废止的 `{1}`",
    ),
    (
        "reference-to-retired.no-successor.help",
        "it has no successor (`superseded_by`); remove the reference or point at the document now in force",
        "它没有后继文件（`superseded_by`）；请删除这个引用，或改为指向现行文件",
    ),
    (
        "reference-to-retired.not-retired",
        "`superseded_by` is set but {0} `{1}` is not retired",
        "已设置 `superseded_by`，但{0} `{1}` 并未废止",
    ),
    (
        "reference-to-retired.not-retired.help",
        "set `status: retired` if the successor has replaced it, or remove `superseded_by`",
        "如果后继文件已取代它，请设置 `status: retired`；否则删除 `superseded_by`",
    ),
    (
        "reference-to-retired.self",
        "document is superseded by itself",
        "文件被它自己取代",
    ),
    (
        "reference-to-retired.self.help",
        "name the document that replaces this one",
        "请写明取代本文件的文件",
    ),
    (
        "reference-to-retired.successor.help",
        "it is superseded by `{0}`; refer to that instead",
        "它已被 `{0}` 取代，请改为引用后者",
    ),
    // the summary of `check`
    ("report.counts", "{0}, {1}", "{0}，{1}"),
    ("report.no-problems", "no problems", "未发现问题"),
    ("report.summary", "{0} checked: {1}", "已检查 {0}文档：{1}"),
    // reports-to-cycle
    (
        "reports-to-cycle",
        "reporting cycle: {0}",
        "汇报关系构成循环：`{0}`",
    ),
    (
        "reports-to-cycle.help",
        "the top role of a chain has no `reports_to`; remove it from one role",
        "汇报链最上层的岗位不设 `reports_to`；请从其中一个岗位删除它",
    ),
    // review-due-soon
    (
        "review-due-soon",
        "review is due on {0}, in {1} days",
        "复审将于 {0} 到期，还剩 {1} 天",
    ),
    (
        "review-due-soon.help",
        "schedule the review with the document's owners",
        "请与文件的负责岗位安排复审",
    ),
    // schema
    (
        "review.earlier",
        "{0} is before the last recorded review, {1}",
        "{0} 早于上次记录的复审日期 {1}",
    ),
    (
        "review.earlier.help",
        "give the date of this review; to correct a mistaken `review.last`, allow an earlier date",
        "请填写本次复审的日期；如要更正写错的 `review.last`，请允许更早的日期",
    ),
    (
        "review.front-matter",
        "the front matter cannot be read: {0}",
        "前置元数据无法读取：`{0}`",
    ),
    (
        "review.invalid-role",
        "`{0}` is not a valid role id",
        "`{0}` 不是有效的岗位 id",
    ),
    (
        "review.invalid-role.help",
        "role ids are letters (any script), digits, `-` and `_`",
        "岗位 id 只能由字母（任何文字均可）、数字、`-` 和 `_` 组成",
    ),
    (
        "review.last-not-a-date",
        "`review.last` is `{0}`, not a date YYYY-MM-DD",
        "`review.last` 为 `{0}`，不是 YYYY-MM-DD 格式的日期",
    ),
    (
        "review.last-not-a-date.help",
        "correct `review.last` by hand (the schema finding says the same), then record the review",
        "请手动改正 `review.last`（架构检查也会指出这一点），再记录复审",
    ),
    ("review.none", "(none)", "（无）"),
    (
        "review.not-a-map",
        "`review` is not a map of `last:`, `every:`, `due:` and `by:`",
        "`review` 不是由 `last:`、`every:`、`due:` 和 `by:` 组成的映射",
    ),
    (
        "review.not-a-map.help",
        "write `review:` with `last: YYYY-MM-DD` on the next line, indented",
        "先写 `review:`，在下一行缩进写 `last: YYYY-MM-DD`",
    ),
    (
        "review.unchanged",
        "{0}: review already recorded on {1}, nothing changed",
        "{0}：已于 {1} 记录过复审，未作改动",
    ),
    (
        "review.unsupported",
        "cannot edit `{0}` in place",
        "无法原地修改 `{0}`",
    ),
    (
        "review.unsupported.help",
        "write it as a plain `key: value` line, or edit the file by hand",
        "请写成普通的 `key: value` 行，或手动编辑文件",
    ),
    (
        "schema.anyof",
        "`{0}` should be a text or a map",
        "`{0}` 应为文本或映射",
    ),
    (
        "schema.anyof.help",
        "write the step as its action, or as `{action: …, role: …}`",
        "步骤可以直接写操作内容，或写成 `{action: …, role: …}`",
    ),
    ("schema.const", "`{0}`: {1}", "`{0}` 必须为 {1}"),
    (
        "schema.empty.help",
        "write its value after `{0}:`",
        "请在 `{0}:` 后面填写值",
    ),
    (
        "schema.empty.list.help",
        "fill it in: `{0}: [a, b]`, or one `- item` per line below it",
        "请填写：`{0}: [a, b]`，或在下方每行写一个 `- item`",
    ),
    (
        "schema.empty.map.help",
        "fill it in: `key: value` lines indented below `{0}:`",
        "请填写：在 `{0}:` 下方缩进写 `key: value` 行",
    ),
    (
        "schema.enum",
        "`{0}` is not a valid `{1}`",
        "`{0}` 不是有效的 `{1}`",
    ),
    ("schema.enum.help", "use one of: {0}", "可选值：{0}"),
    (
        "schema.impossible-day",
        "`{0}` is not a date: {1}",
        "`{0}` 不是有效日期：{1}",
    ),
    (
        "schema.impossible-day.help",
        "check the day and month of `{0}`; dates are `YYYY-MM-DD`",
        "请检查 `{0}` 的月份和日期；日期格式为 `YYYY-MM-DD`",
    ),
    (
        "schema.min-items",
        "`{0}` needs at least one item",
        "`{0}` 至少需要一项",
    ),
    ("schema.minimum", "`{0}`: {1}", "`{0}` 不能小于 {1}"),
    (
        "schema.month-days",
        "{0}-{1} has {2} days",
        "{0} 年 {1} 月只有 {2} 天",
    ),
    ("schema.no-month", "there is no month {0}", "没有 {0} 月"),
    (
        "schema.one-of",
        "`{0}`: {1}",
        "`{0}` 不符合任何一种允许的写法{1}",
    ),
    ("schema.other", "`{0}`: {1}", "`{0}` 的值不符合要求：`{1}`"),
    (
        "schema.required",
        "missing required field `{0}`",
        "缺少必填字段 `{0}`",
    ),
    ("schema.required.help", "add `{0}:`{1}", "添加 `{0}:`{1}"),
    (
        "schema.required.hint.control-points",
        " with at least one `{step, check}`",
        "，至少写一个 `{step, check}`",
    ),
    ("schema.required.hint.none", "", ""),
    (
        "schema.required.hint.resources",
        " with the tools and materials used",
        "，写明使用的工具和物料",
    ),
    (
        "schema.required.hint.responsibilities",
        " with at least one duty",
        "，至少写一项职责",
    ),
    (
        "schema.required.hint.steps",
        " with at least one step",
        "，至少写一个步骤",
    ),
    ("schema.shape", "`{0}` is not {1}", "`{0}` 不是{1}"),
    ("schema.shape.date", "a date", "有效的日期"),
    (
        "schema.shape.date.help",
        "write dates as `YYYY-MM-DD`, e.g. `2026-05-01`",
        "日期请写成 `YYYY-MM-DD`，如 `2026-05-01`",
    ),
    ("schema.shape.duration", "a duration", "有效的时长"),
    (
        "schema.shape.duration.help",
        "write durations like `30 minutes`, `6 months`, `30分钟` or `P6M`",
        "时长请写成 `30分钟`、`6个月`、`30 minutes` 或 `P6M` 这样的形式",
    ),
    (
        "schema.shape.language",
        "a supported language",
        "支持的语言",
    ),
    (
        "schema.shape.language.help",
        "use `zh-CN` or `en`",
        "请使用 `zh-CN` 或 `en`",
    ),
    ("schema.shape.reference", "a reference", "有效的引用"),
    (
        "schema.shape.reference.help",
        "write references as `kind:id`, e.g. `sop:complaint-handling`",
        "引用请写成 `kind:id`，如 `sop:complaint-handling`",
    ),
    ("schema.shape.target", "a target", "有效的目标值"),
    (
        "schema.shape.target.help",
        "write a comparator and a number, e.g. `\">= 95%\"` or `\"<= 2\"`",
        "请写比较符和数字，如 `\">= 95%\"` 或 `\"<= 2\"`",
    ),
    ("schema.type", "`{0}` should be {1}", "`{0}` 应为{1}"),
    (
        "schema.type.list.help",
        "write a list: `{0}: [{1}]` or one `- item` per line",
        "请写成列表：`{0}: [{1}]`，或每行一个 `- item`",
    ),
    (
        "schema.want.bool",
        "`true` or `false`",
        " `true` 或 `false`",
    ),
    ("schema.want.list", "a list", "列表"),
    (
        "schema.want.map",
        "a map of `key: value`",
        " `key: value` 形式的映射",
    ),
    ("schema.want.number", "a number", "数字"),
    ("schema.want.text", "a text value", "文本"),
    // stale-review
    // `serve`'s status lines
    (
        "serve.errors-shown",
        "the browser shows these errors until they are fixed",
        "修正之前，浏览器会一直显示这些错误",
    ),
    (
        "serve.rebuilt",
        "rebuilt in {0}s",
        "已重新生成，用时 {0} 秒",
    ),
    (
        "serve.rebuilt-pages",
        "rebuilt {0} of {1} pages: pages in {2}s, all in {3}s",
        "已重新生成 {0}/{1} 页：页面用时 {2} 秒，共用时 {3} 秒",
    ),
    (
        "serve.serving",
        "serving {0} at http://{1}/ (Ctrl-C to stop)",
        "正在预览 {0}：http://{1}/（按 Ctrl-C 停止）",
    ),
    (
        "stale-review",
        "review was due on {0}, {1} days ago",
        "复审已于 {0} 到期，已逾期 {1} 天",
    ),
    (
        "stale-review.help",
        "review the document, then set `review.last` to the date of the review",
        "复审文件后，把 `review.last` 设为复审日期",
    ),
    ("text", "{0}", "{0}"),
    // unknown-field
    ("unknown-field", "unknown field `{0}`", "未知字段 `{0}`"),
    (
        "unknown-field.extra.help",
        "put organisation-specific fields under `extra:`",
        "组织自定义的字段请放在 `extra:` 下",
    ),
    (
        "unknown-field.known.help",
        "known fields: {0}",
        "可用字段：{0}",
    ),
    ("unknown-field.rule", "unknown rule `{0}`", "未知规则 `{0}`"),
    (
        "unknown-field.rule.help",
        "`opsbook explain` lists the rules",
        "`opsbook explain` 可列出所有规则",
    ),
    // unknown-reference
    ("unknown-reference", "unknown {0} `{1}`", "未知的{0} `{1}`"),
    (
        "unknown-reference.departments.help",
        "departments are listed under `departments:` in an overview",
        "部门列在企业概要的 `departments:` 中",
    ),
    ("unknown-reference.known.help", "known: {0}", "现有：{0}"),
    (
        "unknown-reference.no-such.help",
        "no {0} has this id",
        "没有使用这个 id 的{0}",
    ),
    (
        "unknown-reference.none-yet.help",
        "the handbook has no {0} yet",
        "手册中还没有{0}",
    ),
    (
        "unknown-reference.title.help",
        "did you mean `{0}` ({1})? references use ids, not titles",
        "是否应为 `{0}`（{1}）？引用要写 id，不写标题",
    ),
    // yaml
    (
        "yaml.anchor",
        "anchors and aliases are not allowed in front matter",
        "前置元数据中不允许使用锚点和别名",
    ),
    (
        "yaml.anchor.help",
        "write the value out in full where it is used",
        "请在每个用到的地方完整写出这个值",
    ),
    (
        "yaml.document-marker",
        "a document marker inside front matter",
        "前置元数据中出现了文档分隔行",
    ),
    (
        "yaml.document-marker.help",
        "front matter is one YAML document; remove this line",
        "前置元数据只能是一个 YAML 文档；请删除这一行",
    ),
    (
        "yaml.duplicate-key",
        "duplicate key `{0}`",
        "重复的键 `{0}`",
    ),
    (
        "yaml.duplicate-key.help",
        "`{0}` is already set on line {1}; keep one",
        "`{0}` 已在第 {1} 行设置；请只保留一个",
    ),
    (
        "yaml.key-not-scalar",
        "a key must be a plain string",
        "键必须是普通字符串",
    ),
    (
        "yaml.key-not-scalar.help",
        "write keys as `name:`; lists and maps cannot be keys",
        "键写成 `name:` 的形式；列表和映射不能作键",
    ),
    (
        "yaml.not-list",
        "front matter is not a list",
        "前置元数据不是列表",
    ),
    (
        "yaml.not-map",
        "front matter is not a map",
        "前置元数据不是映射",
    ),
    (
        "yaml.not-map.help",
        "front matter is `key: value` lines, starting with `title: …`",
        "前置元数据由 `key: value` 行组成，以 `title: …` 开头",
    ),
    ("yaml.syntax", "{0}", "YAML 语法错误（`{0}`）"),
    (
        "yaml.syntax.help",
        "check the quoting and indentation of this line",
        "请检查这一行的引号和缩进",
    ),
    ("yaml.tab", "a tab in the indentation", "缩进中有制表符"),
    (
        "yaml.tab.help",
        "YAML does not allow tabs for indentation; use spaces",
        "YAML 不允许用制表符缩进；请改用空格",
    ),
    (
        "yaml.tag",
        "YAML tags (`!tag`) are not allowed in front matter",
        "前置元数据中不允许使用 YAML 标签（`!tag`）",
    ),
    (
        "yaml.tag.help",
        "remove the tag; values are plain strings, numbers, lists and maps",
        "请删除标签；值只能是字符串、数字、列表和映射",
    ),
    (
        "yaml.too-deep",
        "front matter is nested more than {0} levels deep",
        "前置元数据嵌套超过 {0} 层",
    ),
    (
        "yaml.too-deep.help",
        "flatten the data; front matter is a few levels deep at most",
        "请减少嵌套；前置元数据一般只有几层",
    ),
    (
        "yaml.unreadable",
        "front matter is not YAML this tool can read",
        "前置元数据不是本工具能读取的 YAML",
    ),
    (
        "yaml.unreadable.help",
        "keep front matter to plain `key: value` data",
        "前置元数据只写简单的 `key: value` 数据",
    ),
];

/// The entry of `key`.
pub fn find(key: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    CATALOG
        .binary_search_by(|(k, _, _)| (*k).cmp(key))
        .ok()
        .map(|i| &CATALOG[i])
}

#[cfg(test)]
mod tests {
    use super::super::message::placeholders;
    use super::*;

    fn is_han(c: char) -> bool {
        matches!(c, '\u{3400}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
    }

    /// The text outside backticks: identifiers and quoted values are the same in both.
    fn prose(text: &str) -> String {
        text.split('`').step_by(2).collect()
    }

    #[test]
    fn keys_are_sorted_and_unique() {
        for pair in CATALOG.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "`{}` before `{}`",
                pair[0].0,
                pair[1].0
            );
        }
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_arguments() {
        for (key, en, zh) in CATALOG {
            // Only the empty hint is empty, in both.
            assert_eq!(
                en.is_empty(),
                zh.is_empty(),
                "`{key}` is empty in one language"
            );
            assert_eq!(
                placeholders(en),
                placeholders(zh),
                "`{key}` names other arguments in Chinese: {en} / {zh}"
            );
            assert!(!prose(en).contains(is_han), "en `{key}` has Chinese: {en}");
            // The Chinese says something in Chinese, unless it is a value as it is (`{0}`) or
            // a name (`SOP`).
            let words = prose(zh).replace(|c: char| c == '{' || c == '}' || c.is_ascii_digit(), "");
            let bare = words.trim().is_empty() || words.chars().all(|c| c.is_ascii_uppercase());
            assert!(
                bare || words.contains(is_han),
                "zh-CN `{key}` is not Chinese: {zh}"
            );
            // …and no English words outside backticks, but for names of tools and formats.
            const NAMES: &[&str] = &[
                "id",
                "opsbook",
                "git",
                "handbook",
                "yaml",
                "MkDocs",
                "GitHub",
                "Markdown",
                "Windows",
                "HTML",
                "YAML",
                "UTF",
                "GBK",
                "PATH",
                "CI",
                "SOP",
                "MiB",
                "KiB",
                "CODEOWNERS",
                "OPSBOOK_TODAY",
                "OPSBOOK_LANG",
                "YYYY",
                "MM",
                "DD",
                "actions",
                "checkout",
                "http",
                "Ctrl",
            ];
            let english: Vec<&str> = words
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.len() > 1 && w.chars().any(|c| c.is_ascii_alphabetic()))
                .filter(|w| !NAMES.contains(w))
                .collect();
            assert!(
                english.is_empty(),
                "zh-CN `{key}` has English {english:?}: {zh}"
            );
        }
    }

    /// Every `msg!("key"` and `Message::new("key"` in the sources.
    fn keys_used() -> Vec<(String, String)> {
        let mut keys = Vec::new();
        for (path, text) in super::super::source_files(&["src"]) {
            // This file names the keys it defines, and the patterns below.
            if path == "src/locale/catalog.rs" {
                continue;
            }
            for open in ["msg!(", "Message::new("] {
                for (at, _) in text.match_indices(open) {
                    // `cargo fmt` may put the key on the next line.
                    let Some(rest) = text[at + open.len()..].trim_start().strip_prefix('"') else {
                        continue;
                    };
                    if let Some(end) = rest.find('"') {
                        keys.push((path.clone(), rest[..end].to_string()));
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_the_code_names_is_in_the_catalogue_and_every_entry_is_used() {
        let used = keys_used();
        assert!(used.iter().any(|(_, k)| k == "missing-owner"));
        let missing: Vec<_> = used.iter().filter(|(_, key)| find(key).is_none()).collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
        let unused: Vec<_> = CATALOG
            .iter()
            .filter(|(key, _, _)| !used.iter().any(|(_, k)| k == key))
            .map(|(key, _, _)| key)
            .collect();
        assert!(unused.is_empty(), "never used: {unused:?}");
    }
}
