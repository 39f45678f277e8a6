//! Markdown facts shared by the loader, the rules and the site: heading anchors (GitHub's
//! rule), the links of a body, and how deep its raw HTML nests.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Heading, Link};
use crate::url::percent_decode;

/// The Markdown extensions opsbook reads: GitHub's, plus `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// GitHub's heading anchor: lower-case, punctuation other than `-` and `_` dropped, spaces
/// become `-`, letters of any script kept.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Hands out unique anchors in document order: `a`, `a-1`, `a-2`, …
#[derive(Default)]
pub struct Anchors(HashMap<String, usize>);

impl Anchors {
    /// The anchor for a heading whose own anchor is `base`: `base` the first time, then
    /// `base-1`, `base-2`, …
    pub fn unique(&mut self, base: String) -> String {
        match self.0.get_mut(&base) {
            None => {
                self.0.insert(base.clone(), 0);
                base
            }
            Some(n) => {
                *n += 1;
                let candidate = format!("{base}-{n}");
                self.0.insert(candidate.clone(), 0);
                candidate
            }
        }
    }
}

/// A heading's level as a number, 1 (`#`) to 6 (`######`).
pub fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// The headings (with anchors) and links of a body; link spans are offset by `offset` so they
/// are byte ranges in the whole file.
pub fn outline(body: &str, offset: usize) -> (Vec<Heading>, Vec<Link>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut anchors = Anchors::default();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text)) = current.take() {
                    let anchor = anchors.unique(id.unwrap_or_else(|| slug(&text)));
                    headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        anchor,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push(Link {
                // `<oncall@example.com>` is a mail link: its destination has no scheme written.
                dest: match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                },
                span: range.start + offset..range.end + offset,
                is_image: false,
                field: None,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => links.push(Link {
                dest: dest_url.to_string(),
                span: range.start + offset..range.end + offset,
                is_image: true,
                field: None,
            }),
            _ => {}
        }
    }
    (headings, links)
}

/// Is this link destination relative (not `https:`, `mailto:`, `//host`, or `/abs`)?
pub fn is_relative(dest: &str) -> bool {
    let scheme = dest.find(':').is_some_and(|i| {
        dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && i > 0
    });
    !scheme && !dest.starts_with("//") && !dest.is_empty()
}

/// HTML nested deeper than this is not cleaned on a sanitised site: its raw HTML shows as text
/// instead. The HTML parser behind the sanitiser does work in proportion to the depth for each
/// tag, so 40,000 nested `<div>`s (or `>` quotes) cost quadratic time; no handbook needs more
/// than a few levels.
pub const MAX_HTML_DEPTH: usize = 64;

/// Where the HTML a Markdown text renders to (its own elements and those of its raw HTML) first
/// nests deeper than [`MAX_HTML_DEPTH`]: the byte range in `text` of the event that opens one
/// element too many. Linear in the text.
pub fn too_deep_html(text: &str) -> Option<Range<usize>> {
    let mut depth = HtmlDepth::default();
    Parser::new_ext(text, options())
        .into_offset_iter()
        .find_map(|(event, range)| depth.deeper(&event).then_some(range))
}

/// Void elements never hold others.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track",
];

/// Start tags that close the open element of their group (`<li>a<li>b`, `<td>a<tr>`), unless
/// an element of the second list is open inside it (a nested `<ul>`).
const IMPLIED_ENDS: [(&[&str], &[&str]); 6] = [
    (&["p"], &["button", "table", "td", "th"]),
    (&["li"], &["ul", "ol"]),
    (&["dt", "dd"], &["dl"]),
    (&["tr"], &["table", "thead", "tbody", "tfoot"]),
    (&["td", "th"], &["tr", "table"]),
    (&["option"], &["select", "datalist", "optgroup"]),
];

/// How deep the HTML of a Markdown text nests, followed event by event: Markdown's own elements,
/// plus those open in raw HTML, followed tag by tag across events. Not an HTML parser: it only
/// has to see about the depth the sanitiser's parser would see, and never less for a pile of
/// nested tags. Stop feeding it once it says "deeper": it keeps no more than the cap.
#[derive(Default)]
pub struct HtmlDepth {
    /// Markdown elements open.
    markdown: usize,
    /// Raw HTML elements open.
    open: Vec<String>,
    scan: Scan,
    name: String,
    closing: bool,
}

#[derive(Clone, Copy, Default)]
enum Scan {
    #[default]
    Text,
    /// After `<`.
    Open,
    /// After `</`.
    Close,
    Name,
    /// Inside a tag after its name, maybe inside a quoted value.
    Attributes(Option<u8>),
    /// After `<!`, counting the dashes of a comment's start.
    Bang(u8),
    /// Inside `<!-- -->`, counting dashes seen in a row.
    Comment(u8),
    /// `<?…>` and `<!DOCTYPE …>`.
    Bogus,
}

impl HtmlDepth {
    /// Follow one event; true when it opens an element deeper than [`MAX_HTML_DEPTH`].
    pub fn deeper(&mut self, event: &Event) -> bool {
        match event {
            // An HTML block is no element of its own.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => false,
            Event::Start(_) => {
                self.markdown += 1;
                self.markdown + self.open.len() > MAX_HTML_DEPTH
            }
            Event::End(_) => {
                self.markdown = self.markdown.saturating_sub(1);
                false
            }
            Event::Html(html) | Event::InlineHtml(html) => self.feed(html),
            _ => false,
        }
    }

    /// Read more raw HTML; true once an element opens deeper than [`MAX_HTML_DEPTH`].
    fn feed(&mut self, html: &str) -> bool {
        for &b in html.as_bytes() {
            self.scan = match (self.scan, b) {
                (Scan::Text, b'<') | (Scan::Open, b'<') => {
                    self.name.clear();
                    self.closing = false;
                    Scan::Open
                }
                (Scan::Text, _) => Scan::Text,
                (Scan::Open, b'/') => Scan::Close,
                (Scan::Open, b'!') => Scan::Bang(0),
                (Scan::Open, b'?') => Scan::Bogus,
                (Scan::Open | Scan::Close, b) if b.is_ascii_alphabetic() => {
                    self.closing = matches!(self.scan, Scan::Close);
                    self.name.push(b.to_ascii_lowercase() as char);
                    Scan::Name
                }
                (Scan::Open, _) => Scan::Text,
                (Scan::Close, _) => Scan::Bogus,
                (Scan::Name, b) if b.is_ascii_alphanumeric() || b == b'-' || b == b':' => {
                    self.name.push(b.to_ascii_lowercase() as char);
                    Scan::Name
                }
                (Scan::Name | Scan::Attributes(None), b'>') => {
                    if self.tag_ends() {
                        return true;
                    }
                    Scan::Text
                }
                (Scan::Name | Scan::Attributes(None), b'"' | b'\'') => Scan::Attributes(Some(b)),
                (Scan::Name | Scan::Attributes(None), _) => Scan::Attributes(None),
                (Scan::Attributes(Some(q)), b) if b == q => Scan::Attributes(None),
                (Scan::Attributes(quote), _) => Scan::Attributes(quote),
                (Scan::Bang(1), b'-') => Scan::Comment(0),
                (Scan::Bang(n), b'-') => Scan::Bang(n + 1),
                (Scan::Bang(_) | Scan::Bogus, b'>') => Scan::Text,
                (Scan::Bang(_) | Scan::Bogus, _) => Scan::Bogus,
                (Scan::Comment(dashes), b'>') if dashes >= 2 => Scan::Text,
                (Scan::Comment(dashes), b'-') => Scan::Comment(dashes.saturating_add(1)),
                (Scan::Comment(_), _) => Scan::Comment(0),
            };
        }
        false
    }

    /// A tag named `self.name` ended; true when it opened an element too deep.
    fn tag_ends(&mut self) -> bool {
        let name = self.name.as_str();
        if self.closing {
            // An end tag closes the innermost element of its name and all inside it; a stray
            // one closes nothing. The search is bounded: the stack never passes the cap.
            if let Some(at) = self.open.iter().rposition(|open| open == name) {
                self.open.truncate(at);
            }
            return false;
        }
        if VOID.contains(&name) {
            return false;
        }
        if let Some((group, scope)) = IMPLIED_ENDS.iter().find(|(g, _)| g.contains(&name)) {
            let inner = self
                .open
                .iter()
                .rposition(|e| group.contains(&e.as_str()) || scope.contains(&e.as_str()));
            if let Some(at) = inner.filter(|&at| group.contains(&self.open[at].as_str())) {
                self.open.truncate(at);
            }
        }
        self.open.push(self.name.clone());
        self.markdown + self.open.len() > MAX_HTML_DEPTH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("Step 1: 受理"), "step-1-受理");
        assert_eq!(slug("一、目的与范围"), "一目的与范围");
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("a_b-c"), "a_b-c");
    }

    #[test]
    fn repeated_and_custom_anchors() {
        let (h, _) = outline("# 步骤\n\n## 步骤\n\n## 自定义 {#custom}\n", 0);
        let anchors: Vec<_> = h.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["步骤", "步骤-1", "custom"]);
    }

    #[test]
    fn links_carry_file_offsets() {
        let body = "see [退款](refund.md#步骤) and ![logo](a.svg)";
        let (_, links) = outline(body, 100);
        assert_eq!(links[0].dest, "refund.md#步骤");
        assert_eq!(links[0].span.start, 104);
        assert!(links[1].is_image);
    }

    #[test]
    fn email_autolinks_are_mailto_links() {
        let (_, links) = outline(
            "call <oncall@example.com> or [us](mailto:us@example.com)",
            0,
        );
        let dests: Vec<_> = links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            ["mailto:oncall@example.com", "mailto:us@example.com"]
        );
        assert!(!is_relative(&links[0].dest));
    }

    #[test]
    fn html_deeper_than_the_cap_is_found_at_the_element_too_many() {
        let nested = |n: usize| format!("{}{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep_html(&nested(MAX_HTML_DEPTH)), None);
        let deep = format!("text\n\n{}", nested(MAX_HTML_DEPTH + 1));
        assert_eq!(too_deep_html(&deep), Some(6..deep.len()));
        // Inside a paragraph, one level less is left for raw HTML.
        let inline = format!("a {} b", "<span>".repeat(MAX_HTML_DEPTH));
        assert!(too_deep_html(&inline).is_some());
        let quotes = format!("{} deep", ">".repeat(MAX_HTML_DEPTH + 1));
        assert_eq!(too_deep_html(&quotes), Some(MAX_HTML_DEPTH..quotes.len()));
        let list: String = (0..MAX_HTML_DEPTH)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep_html(&list).is_some());
    }

    #[test]
    fn flat_raw_html_of_any_length_is_not_too_deep() {
        for flat in [
            "<div></div>".repeat(1000),
            "<br><img src=x><hr/>".repeat(1000),
            format!("<ul>{}</ul>", "<li>item".repeat(1000)),
            format!("<ul>{}</ul>", "<li>a<ul><li>b</ul>".repeat(1000)),
            format!("<table>{}</table>", "<tr><td>a<th>b".repeat(1000)),
            "<p>para".repeat(1000),
            "<!-- <div> -- <div> --> <!DOCTYPE html> <?x <div> ?>".repeat(1000),
            "<div title=\"<div>\" class='>'></div>".repeat(1000),
            "</div></span>".repeat(1000),
        ] {
            assert_eq!(too_deep_html(&flat), None, "{}", &flat[..60]);
        }
    }

    #[test]
    fn relative_means_no_scheme_and_no_host() {
        assert!(is_relative("../sops/refund.md"));
        assert!(is_relative("#top"));
        assert!(!is_relative("https://example.com"));
        assert!(!is_relative("mailto:a@b.c"));
        assert!(!is_relative("//cdn.example.com/x.js"));
    }
}

/// Where a relative link from a document leads.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// The link climbs above the handbook root.
    Outside,
    /// A path relative to the root (empty for the document itself) and an optional anchor.
    Inside {
        /// The target file, `/`-separated from the root with `.` and `..` resolved;
        /// percent-decoded, `?query` dropped.
        path: String,
        /// The percent-decoded anchor without `#`; `None` when the link has no `#`.
        fragment: Option<String>,
    },
}

/// Resolve a relative link `dest` written in the document at `from` (both root-relative).
pub fn resolve_link(from: &str, dest: &str) -> LinkTarget {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_decode(path);
    if path.is_empty() {
        return LinkTarget::Inside {
            path: String::new(),
            fragment,
        };
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect::<Vec<_>>()
    };
    if !path.starts_with('/') {
        parts.pop(); // the file name of `from`
    }
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return LinkTarget::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    LinkTarget::Inside {
        path: parts.join("/"),
        fragment,
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    fn inside(path: &str, fragment: Option<&str>) -> LinkTarget {
        LinkTarget::Inside {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn links_resolve_against_the_document_folder() {
        assert_eq!(
            resolve_link("sops/cs/refund.md", "../../roles/a.md#x"),
            inside("roles/a.md", Some("x"))
        );
        assert_eq!(
            resolve_link("index.md", "sops/%E9%80%80.md"),
            inside("sops/退.md", None)
        );
        assert_eq!(resolve_link("sops/a.md", "#步骤"), inside("", Some("步骤")));
        assert_eq!(
            resolve_link("sops/a.md", "../../etc/passwd"),
            LinkTarget::Outside
        );
        assert_eq!(
            resolve_link("sops/a.md", "/roles/a.md"),
            inside("roles/a.md", None)
        );
    }
}
