//! Markdown facts shared by the loader, the rules and the site: heading anchors (GitHub's
//! rule) and the links of a body.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{Heading, Link};

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
            Event::Start(Tag::Link { dest_url, .. }) => links.push(Link {
                dest: dest_url.to_string(),
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
        path: String,
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

/// Decode `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
