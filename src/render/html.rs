//! Markdown to HTML for the site: bodies and Markdown-bearing fields.
//!
//! Relative `.md` links become links to pages (or print-page fragments), heading ids are the
//! anchors `markdown::outline` computed (the ones `broken-link` checks), GitHub alerts become
//! GitHub's alert markup, and raw HTML is cleaned with ammonia unless the handbook says
//! `html: trusted`. Does not know about templates.

use std::sync::LazyLock;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use super::i18n::Lang;
use super::site::Linker;
use crate::markdown::{HtmlDepth, LinkTarget, is_relative, options, resolve_link};
use crate::model::{Heading, HtmlMode};

/// The cleaner for raw HTML: ammonia's defaults (no scripts, no event handlers, no
/// `javascript:` URLs) plus what the rendering emits (ids, classes, table alignment, the labels
/// of task-list checkboxes). Form controls are dropped: an `<input>` in raw HTML has no purpose
/// on a static page and often no label, and a `label for` would then point at nothing.
/// Task-list checkboxes are put in after cleaning.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "title", "lang"])
        .add_tags(["label"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(std::collections::HashSet::from(["text-align"]))
        .link_rel(None);
    b
});

/// Task-list checkboxes while the HTML is cleaned: private-use characters right after the
/// opening of their label, which the cleaner passes as text. Only that pair becomes a checkbox
/// afterwards, so a checkbox always has its label.
const TASK_LABEL: &str = "<label class=\"task-list-label\">";
const UNCHECKED: char = '\u{E000}';
const CHECKED: char = '\u{E001}';

/// URL schemes that reach the page without cleaning; anything else goes through ammonia.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Clean HTML the way the site does (exposed for tests of the policy).
pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// A rendered document body.
pub(super) struct Body {
    pub html: String,
    /// The anchor of a first `# heading` that repeated the title and was left out: the page's
    /// title carries it instead, so links to it still land.
    pub title_id: Option<String>,
}

/// A document body: heading ids from the document's outline, headings shifted down by `shift`
/// levels (the print page nests documents one level deeper). A first `# heading` equal to
/// `title` is left out: the page shows the title already.
pub(super) fn body(
    text: &str,
    headings: &[Heading],
    linker: &Linker,
    shift: u8,
    title: &str,
) -> Body {
    render(text, linker, Some((headings, title.trim())), shift)
}

/// A Markdown field shown as a block (step details, FAQ answers).
pub(super) fn block(text: &str, linker: &Linker) -> String {
    if is_plain(text) {
        let mut out = String::from("<p>");
        push_escaped(&mut out, text.trim());
        out.push_str("</p>");
        return out;
    }
    render(text, linker, None, 0).html
}

/// A Markdown field shown inline (a step's action, a control point): one paragraph loses its `<p>`.
pub(super) fn inline(text: &str, linker: &Linker) -> String {
    if is_plain(text) {
        let mut out = String::new();
        push_escaped(&mut out, text.trim());
        return out;
    }
    let html = render(text, linker, None, 0).html;
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Text without Markdown syntax, for the search index.
pub(super) fn plain_text(text: &str, out: &mut String) {
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.push(' ');
}

/// Text with no Markdown syntax at all renders as itself, escaped: most Chinese field values.
fn is_plain(text: &str) -> bool {
    let first = text.trim_start().chars().next();
    !matches!(first, Some('-' | '+' | '>' | '=' | '0'..='9'))
        && !text.bytes().any(|b| {
            matches!(
                b,
                b'*' | b'_'
                    | b'['
                    | b']'
                    | b'`'
                    | b'<'
                    | b'>'
                    | b'&'
                    | b'\\'
                    | b'!'
                    | b'#'
                    | b'|'
                    | b'~'
                    | b'\n'
                    | b':'
            )
        })
}

/// Append `text` with `&`, `<`, `>`, `"` and `'` escaped: safe in HTML text and attributes.
pub(super) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    HeadingLevel::try_from((level as usize + shift as usize).min(6)).unwrap_or(HeadingLevel::H6)
}

/// What a link destination becomes.
enum Dest {
    Keep,
    Rewrite(String),
    /// Leads outside the handbook or to a page that is not there: keep the text, drop the link.
    Drop,
    /// A scheme the cleaner must judge (`javascript:`, `data:` …).
    Suspect,
}

fn rewrite(dest: &str, link_type: LinkType, linker: &Linker) -> Dest {
    if matches!(link_type, LinkType::Email) {
        return Dest::Keep;
    }
    if !is_relative(dest) {
        if dest.starts_with("//") {
            return Dest::Keep;
        }
        let scheme = dest.split(':').next().unwrap_or("").to_ascii_lowercase();
        return if SAFE_SCHEMES.contains(&scheme.as_str()) {
            Dest::Keep
        } else {
            Dest::Suspect
        };
    }
    let Some(doc) = linker.doc else {
        return Dest::Keep;
    };
    let hb = linker.site.hb;
    match resolve_link(&hb.documents[doc].path, dest) {
        LinkTarget::Outside => Dest::Drop,
        LinkTarget::Inside { path, fragment } => {
            let fragment = fragment.as_deref();
            if path.is_empty() {
                return match fragment {
                    Some(f) if !f.is_empty() => Dest::Rewrite(linker.local(f)),
                    _ => Dest::Keep,
                };
            }
            if let Ok(target) = hb
                .documents
                .binary_search_by(|d| d.path.as_str().cmp(&path))
            {
                return match linker.to_doc(target, fragment) {
                    Some(href) => Dest::Rewrite(href),
                    None => Dest::Drop,
                };
            }
            if hb.assets.binary_search(&path).is_ok() {
                return Dest::Rewrite(linker.file(&path));
            }
            Dest::Keep
        }
    }
}

/// Does this event end the line of text a task-list checkbox labels (a block starts or ends)?
fn ends_task_label(event: &Event) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Html(_) | Event::Rule => true,
        _ => false,
    }
}

/// GitHub's markup for an alert (`> [!WARNING]`), with the title in the site's language.
fn alert_start(kind: BlockQuoteKind, lang: Lang) -> String {
    let (class, key) = match kind {
        BlockQuoteKind::Note => ("note", "alert_note"),
        BlockQuoteKind::Tip => ("tip", "alert_tip"),
        BlockQuoteKind::Important => ("important", "alert_important"),
        BlockQuoteKind::Warning => ("warning", "alert_warning"),
        BlockQuoteKind::Caution => ("caution", "alert_caution"),
    };
    format!(
        "<div class=\"markdown-alert markdown-alert-{class}\">\n<p class=\"markdown-alert-title\">{}</p>\n",
        lang.text(key)
    )
}

/// `outline` is the body's headings and the document title (bodies only).
fn render(text: &str, linker: &Linker, outline: Option<(&[Heading], &str)>, shift: u8) -> Body {
    let clean = linker.site.hb.config.html == HtmlMode::Sanitize;
    let mut pass = render_pass(text, linker, outline, shift, false);
    if clean && pass.suspect && pass.too_deep {
        // Cleaning costs time in proportion to the depth for every tag. Past the cap, raw HTML
        // shows as text and links the cleaner would judge are dropped, so nothing needs
        // cleaning (`check` reports it: `deep-html`).
        pass = render_pass(text, linker, outline, shift, true);
    }
    let mut out = if clean && pass.suspect {
        sanitize(&pass.html)
    } else {
        pass.html
    };
    if out.contains(TASK_LABEL) {
        for (mark, input) in [
            (UNCHECKED, "<input type=\"checkbox\" disabled>"),
            (CHECKED, "<input type=\"checkbox\" disabled checked>"),
        ] {
            out = out.replace(
                &format!("{TASK_LABEL}{mark}"),
                &format!("{TASK_LABEL}{input}"),
            );
        }
    }
    // Code blocks scroll sideways on narrow screens; keyboard users need to reach them.
    if out.contains("<pre><code") {
        out = out.replace("<pre><code", "<pre tabindex=\"0\"><code");
    }
    Body {
        html: out,
        title_id: pass.title_id,
    }
}

/// HTML rendered from Markdown, before cleaning.
struct Pass {
    html: String,
    title_id: Option<String>,
    /// Holds raw HTML or a link only the cleaner can judge.
    suspect: bool,
    /// Nests deeper than [`crate::markdown::MAX_HTML_DEPTH`].
    too_deep: bool,
}

/// One rendering; `plain` turns raw HTML into text and drops links the cleaner would judge.
fn render_pass(
    text: &str,
    linker: &Linker,
    outline: Option<(&[Heading], &str)>,
    shift: u8,
    plain: bool,
) -> Pass {
    let lang = Lang::from_config(&linker.site.hb.config.language);
    let mut depth = HtmlDepth::default();
    let mut too_deep = false;
    let mut suspect = false;
    let mut anchors = outline.map(|(h, _)| h.iter());
    let mut title_id = None;
    // Inside the first heading when it repeats the title (its events are left out).
    let mut in_title = false;
    let mut first = true;
    let mut pending_task = None;
    let mut task_label = false;
    // For each open link or image: was it kept?
    let mut kept: Vec<bool> = Vec::new();
    let events = Parser::new_ext(text, options()).flat_map(|mut event| {
        too_deep = too_deep || depth.deeper(&event);
        // A task-list checkbox and the text after it go in one label, so the checkbox has a name.
        let label = match pending_task.take() {
            // An empty item: no checkbox rather than one without a name.
            Some(_) if ends_task_label(&event) => None,
            Some(mark) => {
                task_label = true;
                Some(Event::InlineHtml(format!("{TASK_LABEL}{mark} ").into()))
            }
            None if task_label && ends_task_label(&event) => {
                task_label = false;
                Some(Event::InlineHtml("</label>".into()))
            }
            None => None,
        };
        let is_first = std::mem::take(&mut first);
        let event = match event {
            _ if in_title => {
                in_title = !matches!(event, Event::End(TagEnd::Heading(_)));
                None
            }
            Event::Html(html) | Event::InlineHtml(html) if plain => Some(Event::Text(html)),
            Event::Html(_) | Event::InlineHtml(_) => {
                suspect = true;
                Some(event)
            }
            Event::TaskListMarker(checked) => {
                pending_task = Some(if checked { CHECKED } else { UNCHECKED });
                None
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                Some(Event::Html(alert_start(kind, lang).into()))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Some(Event::Html("</div>\n".into())),
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let heading = anchors.as_mut().and_then(|a| a.next());
                // An empty heading has an empty anchor: it gets no id rather than `id=""`.
                let id = heading
                    .filter(|h| !h.anchor.is_empty())
                    .map(|h| linker.anchor(&h.anchor));
                let repeats_title = is_first
                    && level == HeadingLevel::H1
                    && outline
                        .zip(heading)
                        .is_some_and(|((_, title), h)| h.text == title);
                if repeats_title {
                    in_title = true;
                    title_id = id;
                    return [label, None];
                }
                // Attributes other than id and classes (`{onclick=…}`) are dropped: they would be a
                // way to inject script without raw HTML.
                Some(Event::Start(Tag::Heading {
                    level: shifted(level, shift),
                    id: id.map(CowStr::from),
                    classes,
                    attrs: Vec::new(),
                }))
            }
            Event::End(TagEnd::Heading(level)) => {
                Some(Event::End(TagEnd::Heading(shifted(level, shift))))
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    ref mut dest_url,
                    ..
                }
                | Tag::Image {
                    link_type,
                    ref mut dest_url,
                    ..
                },
            ) => {
                let keep = match rewrite(dest_url, link_type, linker) {
                    Dest::Keep => true,
                    Dest::Rewrite(href) => {
                        *dest_url = href.into();
                        true
                    }
                    Dest::Suspect => {
                        suspect |= !plain;
                        !plain
                    }
                    Dest::Drop => false,
                };
                kept.push(keep);
                keep.then_some(event)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => kept.pop().unwrap_or(true).then_some(event),
            _ => Some(event),
        };
        [label, event]
    });
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.flatten());
    Pass {
        html,
        title_id,
        suspect,
        too_deep,
    }
}
