//! [`Message`]: one diagnostic text, as a key of the catalogue and its arguments, rendered in
//! either language when it is shown.

use super::Lang;

/// A diagnostic text in both languages: a key of the catalogue
/// ([`CATALOG`](super::catalog::CATALOG)) and the values for its `{0}`, `{1}`, … Findings, load
/// issues and errors carry these, not strings, so that each text exists in both languages or
/// not at all (a test checks the catalogue, and that every key the code names is in it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Message {
    key: &'static str,
    args: Vec<Arg>,
}

/// A value filled into a [`Message`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Arg {
    /// Shown as it is in both languages: an identifier, a path, a value the author wrote.
    Text(String),
    /// Another message, rendered in the same language.
    Message(Message),
    /// A value already written in each language (a duration, a count, a list): Chinese, then
    /// English.
    Both(String, String),
}

impl Arg {
    /// A value written in each language by `show` (`|lang| lang.duration(&span)`).
    pub fn localized(show: impl Fn(Lang) -> String) -> Arg {
        Arg::Both(show(Lang::Zh), show(Lang::En))
    }
}

impl Arg {
    /// Identifiers as a list: in Chinese each in backticks, joined by `、`; in English as
    /// they are, joined by `, `.
    pub fn identifiers<S: AsRef<str>>(items: &[S]) -> Arg {
        let quoted: Vec<String> = items.iter().map(|i| format!("`{}`", i.as_ref())).collect();
        Arg::Both(Lang::Zh.list(&quoted), Lang::En.list(items))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(message)
    }
}

macro_rules! arg_from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Text(n.to_string())
            }
        }
    )*};
}
arg_from_number!(usize, u64, i64, u32, i32, u16, i16, u8, i8);

/// `msg!(KEY, a, b)`: the [`Message`] of catalogue key `KEY` (a literal) with arguments `a`, `b`
/// (anything [`Arg`] converts from). Written as a literal so that a test finds every key.
macro_rules! msg {
    ($key:literal $(, $arg:expr)* $(,)?) => {
        $crate::locale::Message::new($key, vec![$($crate::locale::Arg::from($arg)),*])
    };
}
pub(crate) use msg;

impl Message {
    /// The message of catalogue key `key` with `args` for its `{0}`, `{1}`, … (in the crate:
    /// `msg!`).
    pub fn new(key: &'static str, args: Vec<Arg>) -> Message {
        debug_assert!(
            super::catalog::find(key).is_some(),
            "no message `{key}` in the catalogue"
        );
        Message { key, args }
    }

    /// The catalogue key: stable, English, for tests and tools.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The text in `lang`. An unknown key renders as the key itself (in debug builds it
    /// fails first, in [`Message::new`]).
    pub fn render(&self, lang: Lang) -> String {
        let Some((_, en, zh)) = super::catalog::find(self.key) else {
            return self.key.to_string();
        };
        let mut out = String::with_capacity(zh.len().max(en.len()) + 16);
        for piece in pieces(lang.pick(zh, en)) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Arg(i) => match self.args.get(i) {
                    Some(arg) => push_arg(&mut out, arg, lang),
                    None => out.push_str(&format!("{{{i}}}")),
                },
            }
        }
        out
    }

    /// The English text (what the JSON of a library caller and the English tests read).
    pub fn en(&self) -> String {
        self.render(Lang::En)
    }
}

fn push_arg(out: &mut String, arg: &Arg, lang: Lang) {
    match arg {
        Arg::Text(text) => out.push_str(text),
        Arg::Message(message) => out.push_str(&message.render(lang)),
        Arg::Both(zh, en) => out.push_str(lang.pick(zh, en)),
    }
}

/// A part of a template: text, or the place of argument `i`.
enum Piece<'a> {
    Text(&'a str),
    Arg(usize),
}

/// A template cut into text and places: `{0}` is argument 0, `{{` and `}}` are one brace,
/// and any other brace is text.
fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        found.push(Piece::Text(&rest[..at]));
        let brace = &rest[at..at + 1];
        let after = &rest[at + 1..];
        if after.starts_with(brace) {
            found.push(Piece::Text(brace));
            rest = &after[1..];
            continue;
        }
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        match after[..digits].parse::<usize>() {
            Ok(i) if brace == "{" && after[digits..].starts_with('}') => {
                found.push(Piece::Arg(i));
                rest = &after[digits + 1..];
            }
            _ => {
                found.push(Piece::Text(brace));
                rest = after;
            }
        }
    }
    found.push(Piece::Text(rest));
    found
}

/// The places a template names, sorted: `{1} and {0}` → `[0, 1]`.
#[cfg(test)]
pub(super) fn placeholders(template: &str) -> Vec<usize> {
    let mut found: Vec<usize> = pieces(template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Arg(i) => Some(i),
            Piece::Text(_) => None,
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_fill_their_places_in_each_language() {
        let m = msg!(
            "missing-owner",
            Arg::Both("SOP".into(), "sop".into()),
            "refund"
        );
        assert_eq!(m.render(Lang::En), "sop `refund` has no owner");
        assert!(m.render(Lang::Zh).contains("`refund`"));
        assert!(m.render(Lang::Zh).contains("SOP"));
    }

    #[test]
    fn braces_that_are_not_placeholders_stay() {
        let m = msg!("schema.anyof.help");
        assert!(m.en().contains("`{action: …, role: …}`"), "{}", m.en());
        assert_eq!(placeholders("{1} and {0}, {x}, {}, {{2}}"), vec![0, 1]);
        let m = msg!("load.regex.help");
        assert!(m.en().contains(r"`^OPS-(SOP|CP)-\d{3}$`"), "{}", m.en());
    }

    #[test]
    fn nested_messages_render_in_the_same_language() {
        let m = msg!("schema.type", "owners", msg!("schema.want.list"));
        assert_eq!(m.en(), "`owners` should be a list");
        assert!(!m.render(Lang::Zh).contains("a list"));
    }
}
