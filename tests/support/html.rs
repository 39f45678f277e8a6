//! Reading built pages back: element ids, link targets, and whether the tags balance.

use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// What a page holds.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub ids: HashSet<String>,
    /// `href` and `src` values, in order (the canonical URL aside).
    pub links: Vec<String>,
    pub canonical: Option<String>,
    /// Tokenizer errors and unbalanced tags, with line numbers.
    pub problems: Vec<String>,
}

#[derive(Default)]
struct Sink {
    page: RefCell<Page>,
    open: RefCell<Vec<(String, u64)>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut page = self.page.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        for attr in &tag.attrs {
                            let key = attr.name.local.to_string();
                            let value = attr.value.to_string();
                            if key == "id" {
                                if !page.ids.insert(value.clone()) {
                                    page.problems
                                        .push(format!("line {line}: duplicate id `{value}`"));
                                }
                            } else if key == "href" || key == "src" {
                                let canonical = name == "link"
                                    && tag.attrs.iter().any(|a| {
                                        &*a.name.local == "rel" && &*a.value == "canonical"
                                    });
                                if canonical {
                                    page.canonical = Some(value);
                                } else {
                                    page.links.push(value);
                                }
                            }
                        }
                        if tag.had_duplicate_attributes {
                            page.problems
                                .push(format!("line {line}: duplicate attribute on <{name}>"));
                        }
                        if !tag.self_closing && !VOID.contains(&name.as_str()) {
                            self.open.borrow_mut().push((name.clone(), line));
                            // Switch to the raw states a tree builder would.
                            return match name.as_str() {
                                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                                "style" => TokenSinkResult::RawData(RawKind::Rawtext),
                                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                                _ => TokenSinkResult::Continue,
                            };
                        }
                    }
                    TagKind::EndTag => {
                        if VOID.contains(&name.as_str()) {
                            page.problems
                                .push(format!("line {line}: end tag </{name}> of a void element"));
                        } else {
                            match self.open.borrow_mut().pop() {
                                Some((open, _)) if open == name => {}
                                Some((open, at)) => page.problems.push(format!(
                                    "line {line}: </{name}> closes <{open}> opened on line {at}"
                                )),
                                None => page.problems.push(format!("line {line}: stray </{name}>")),
                            }
                        }
                    }
                }
            }
            Token::ParseError(message) => page.problems.push(format!("line {line}: {message}")),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Tokenize a page and check that every element is closed in order.
pub(crate) fn parse(html: &str) -> Page {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let sink = tokenizer.sink;
    let mut page = sink.page.into_inner();
    for (name, line) in sink.open.into_inner() {
        page.problems
            .push(format!("<{name}> opened on line {line} is never closed"));
    }
    page
}

/// The element that starts at the first occurrence of `start` (e.g. `<ol class="steps">`),
/// up to its matching end tag.
pub(crate) fn fragment<'a>(html: &'a str, start: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the page"));
    let name: String = start[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0;
    let mut i = at;
    loop {
        let next_open = html[i..].find(&open).map(|p| p + i);
        let next_close = html[i..]
            .find(&close)
            .map(|p| p + i)
            .unwrap_or_else(|| panic!("`{start}` is never closed"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return &html[at..i];
                }
            }
        }
    }
}
