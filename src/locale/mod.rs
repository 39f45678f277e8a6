//! The language opsbook speaks, and values written in it: durations (`30分钟`, `30 minutes`),
//! dates, lists (`、`, `, `) and counts (`3 篇`, `3 documents`).
//!
//! One place for every value a reader sees, so that the site, the print page and the
//! diagnostics agree; and every diagnostic text ([`Message`]: a key of the [`catalog`], with
//! its English and Chinese side by side, and its arguments). The first module of all: it knows
//! nothing of the model, only numbers, calendar spans and text. It does not choose the
//! language either: `render` takes it from `handbook.yaml`, and `command` resolves the one for
//! diagnostics. The site's UI strings live in `render::i18n`.

pub mod catalog;
mod message;

use jiff::civil;

pub(crate) use message::msg;
pub use message::{Arg, Message};

/// A language of the site and of the diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, `zh-CN`.
    Zh,
    /// English, `en`.
    En,
}

impl Lang {
    /// The site's language for `language:` of handbook.yaml: `en` (any case) and `en-…` are
    /// English, anything else Chinese (the default handbook language).
    pub fn from_config(language: &str) -> Lang {
        if language.eq_ignore_ascii_case("en") || language.starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// A language tag as `--lang` or `OPSBOOK_LANG` takes it: `zh-CN`, `zh`, `en` and their
    /// regional forms (`zh_CN`, `en-GB`), any case; `None` for anything else.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['-', '_', '.']).next().unwrap_or_default();
        match primary {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale (`LANG`, `LC_ALL`): `zh*` (`zh_CN.UTF-8`, `zh_TW`) is
    /// Chinese, anything else set English; `None` when empty.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let locale = locale.trim();
        if locale.is_empty() {
            None
        } else if locale.to_ascii_lowercase().starts_with("zh") {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }

    /// The tag of the language: the pages' `lang` attribute, and what `--lang` accepts.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// One of two texts by language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A length of time in this language: `30分钟`, `1小时30分钟`, `6个月` / `30 minutes`,
    /// `1 hour 30 minutes`, `6 months`, however the author wrote it (`30 minutes`, `PT30M`,
    /// `30分钟`). A zero span reads `0 minutes` (`0分钟`).
    pub fn duration(self, span: &jiff::Span) -> String {
        let parts = [
            (i64::from(span.get_years()), Unit::Year),
            (i64::from(span.get_months()), Unit::Month),
            (i64::from(span.get_weeks()), Unit::Week),
            (i64::from(span.get_days()), Unit::Day),
            (i64::from(span.get_hours()), Unit::Hour),
            (span.get_minutes(), Unit::Minute),
            (span.get_seconds(), Unit::Second),
        ];
        let mut shown: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n != 0)
            .map(|&(n, unit)| self.amount(n.unsigned_abs(), unit))
            .collect();
        if shown.is_empty() {
            shown.push(self.amount(0, Unit::Minute));
        }
        shown.join(self.pick("", " "))
    }

    /// One number of one unit: `30分钟`, `1 hour`, `2 hours`.
    pub fn amount(self, n: u64, unit: Unit) -> String {
        let (zh, one, many) = match unit {
            Unit::Year => ("年", "year", "years"),
            Unit::Month => ("个月", "month", "months"),
            Unit::Week => ("周", "week", "weeks"),
            Unit::Day => ("天", "day", "days"),
            Unit::Hour => ("小时", "hour", "hours"),
            Unit::Minute => ("分钟", "minute", "minutes"),
            Unit::Second => ("秒", "second", "seconds"),
        };
        self.quantity(n, "", [zh, one, many])
    }

    /// A calendar date as shown to readers: `2026-05-01` in both languages. ISO 8601 is how
    /// dates are written in Chinese business documents (GB/T 7408) and what the handbook's
    /// authors write; it sorts, and reads the same in a printed register and a CSV file.
    pub fn date(self, date: civil::Date) -> String {
        date.to_string()
    }

    /// What joins the items of a list: `、` or `, `.
    pub fn separator(self) -> &'static str {
        self.pick(SEPARATOR_ZH, SEPARATOR_EN)
    }

    /// Items as one list: `a、b、c`, `a, b, c`.
    pub fn list<S: AsRef<str>>(self, items: &[S]) -> String {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        items.join(self.separator())
    }

    /// A number of things: "1 document", "2 documents", "3 篇" (Chinese has no plural).
    pub fn count(self, n: usize, noun: Noun) -> String {
        let (zh, one, many) = match noun {
            Noun::Document => ("篇", "document", "documents"),
            Noun::Step => ("个步骤", "step", "steps"),
            Noun::Error => ("个错误", "error", "errors"),
            Noun::Warning => ("个警告", "warning", "warnings"),
        };
        self.quantity(n as u64, " ", [zh, one, many])
    }

    /// `n` with its word: the Chinese measure word after `zh_gap`, else English singular or plural.
    fn quantity(self, n: u64, zh_gap: &str, [zh, one, many]: [&str; 3]) -> String {
        match self {
            Lang::Zh => format!("{n}{zh_gap}{zh}"),
            Lang::En if n == 1 => format!("{n} {one}"),
            Lang::En => format!("{n} {many}"),
        }
    }
}

/// Why a file could not be read or written, as the operating system said it (English) and in
/// Chinese by the kind of error. A kind without a Chinese text keeps the system's words, in
/// backticks (see the catalogue's `quote`).
pub fn io_reason(error: &std::io::Error) -> Arg {
    use std::io::ErrorKind as K;
    let en = error.to_string();
    let zh = match error.kind() {
        K::NotFound => msg!("io.not-found"),
        K::PermissionDenied => msg!("io.permission-denied"),
        K::AlreadyExists => msg!("io.already-exists"),
        K::IsADirectory => msg!("io.is-a-directory"),
        K::ReadOnlyFilesystem => msg!("io.read-only"),
        K::StorageFull => msg!("io.storage-full"),
        _ => msg!("quote", en.as_str()),
    };
    Arg::Both(zh.render(Lang::Zh), en)
}

/// The list separator of Chinese text, the enumeration comma.
pub const SEPARATOR_ZH: &str = "、";
/// The list separator of English text.
pub const SEPARATOR_EN: &str = ", ";

/// A calendar unit of [`Lang::amount`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 年, year.
    Year,
    /// 个月, month.
    Month,
    /// 周, week.
    Week,
    /// 天, day.
    Day,
    /// 小时, hour.
    Hour,
    /// 分钟, minute.
    Minute,
    /// 秒, second (ISO durations may name them).
    Second,
}

/// What [`Lang::count`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Noun {
    /// 篇, document.
    Document,
    /// 个步骤, step.
    Step,
    /// 个错误, error (a finding).
    Error,
    /// 个警告, warning (a finding).
    Warning,
}

/// The `.rs` and `.html` files under `dirs` (relative to the crate, searched through), by
/// their `/`-separated path from the crate's root, with their text: what the tests that tie the
/// catalogues to the code that names their keys read.
#[cfg(test)]
pub(crate) fn source_files(dirs: &[&str]) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let path = entry.expect("readable").into_path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("html" | "rs")
            ) {
                let text = std::fs::read_to_string(&path).expect("readable");
                let rel = path.strip_prefix(root).expect("under the crate");
                let rel: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
                files.push((rel.join("/"), text));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> jiff::Span {
        text.parse().expect("an ISO duration")
    }

    #[test]
    fn durations_read_in_the_language_whatever_their_spelling() {
        assert_eq!(Lang::Zh.duration(&span("PT30M")), "30分钟");
        assert_eq!(Lang::Zh.duration(&span("PT2H")), "2小时");
        assert_eq!(Lang::Zh.duration(&span("P6M")), "6个月");
        assert_eq!(Lang::Zh.duration(&span("P1Y2M")), "1年2个月");
        assert_eq!(Lang::Zh.duration(&span("P2W")), "2周");
        assert_eq!(Lang::En.duration(&span("PT1H30M")), "1 hour 30 minutes");
        assert_eq!(Lang::En.duration(&span("P1D")), "1 day");
        assert_eq!(Lang::En.duration(&span("P12M")), "12 months");
        assert_eq!(Lang::En.duration(&span("PT0S")), "0 minutes");
        assert_eq!(Lang::Zh.duration(&span("PT0S")), "0分钟");
    }

    #[test]
    fn lists_and_counts_follow_the_language() {
        assert_eq!(
            Lang::Zh.list(&["客服主管", "质检专员"]),
            "客服主管、质检专员"
        );
        assert_eq!(Lang::En.list(&["a", "b", "c"]), "a, b, c");
        assert_eq!(Lang::En.list::<&str>(&[]), "");
        assert_eq!(Lang::En.count(1, Noun::Document), "1 document");
        assert_eq!(Lang::En.count(2, Noun::Document), "2 documents");
        assert_eq!(Lang::En.count(0, Noun::Step), "0 steps");
        assert_eq!(Lang::Zh.count(1, Noun::Document), "1 篇");
        assert_eq!(Lang::Zh.count(3, Noun::Error), "3 个错误");
    }

    #[test]
    fn tags_and_locales_name_a_language() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("ZH_cn"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale(""), None);
        assert_eq!(Lang::from_config("en-GB"), Lang::En);
        assert_eq!(Lang::from_config("zh-CN"), Lang::Zh);
    }
}
