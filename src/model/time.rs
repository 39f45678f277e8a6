//! Dates and durations as authors write them (`2026-05-01`, `6 months`, `30分钟`, `P6M`).
//!
//! Parsing lives here so that the schema pattern, the loader and the rules agree on one grammar.

use std::borrow::Cow;
use std::fmt;

use jiff::civil;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::locale::{Arg, Lang};

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub civil::Date);

impl Date {
    /// Today by the system clock, in local time.
    pub fn today() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }

    /// Exactly `YYYY-MM-DD` (surrounding spaces allowed), and a day on the calendar.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // jiff accepts more than `YYYY-MM-DD`; the contract does not.
        if !Date::is_shaped(text) {
            return None;
        }
        text.parse::<civil::Date>().ok().map(Date)
    }

    /// Written as `YYYY-MM-DD` (ten characters, digits and two dashes), whether or not the
    /// day exists.
    pub fn is_shaped(text: &str) -> bool {
        let b = text.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    }

    /// `self + duration`, clamping to the month's end (2026-08-31 + 6 months = 2027-02-28).
    pub fn plus(self, duration: &Duration) -> Date {
        self.0
            .checked_add(duration.span)
            .map(Date)
            .unwrap_or(Date(civil::Date::MAX))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).get_days() as i64
    }
}

impl Date {
    /// As a reader of `lang` sees it (see [`Lang::date`]).
    pub fn in_lang(self, lang: Lang) -> String {
        lang.date(self.0)
    }
}

/// A date in a message, through [`Lang::date`] like a date on a page.
impl From<Date> for Arg {
    fn from(date: Date) -> Arg {
        Arg::localized(|lang| date.in_lang(lang))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a date `YYYY-MM-DD`"))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "format": "date", "description": "a date, YYYY-MM-DD"})
    }
}

/// A length of time as written (`6 months`, `30分钟`, `PT30M`), kept with its calendar meaning.
#[derive(Clone, Debug)]
pub struct Duration {
    /// As written, trimmed; shown back to readers, and what two durations compare by.
    pub text: String,
    /// Calendar units as written: `6 months` stays months, so adding it clamps to the month's end.
    pub span: jiff::Span,
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// The grammar of durations, as a JSON-Schema (ECMA-262) pattern for editors and the validator.
/// It is a little looser than [`Duration::parse`] (`P` alone matches); the validator also checks
/// the `opsbook-duration` format, which calls the parser itself.
pub const DURATION_PATTERN: &str = r"^\s*(\d+\s*(minutes?|hours?|days?|weeks?|months?|years?|mins?|分钟|小时|天|日|周|星期|个月|月|年)|P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?)\s*$";

/// The custom JSON-Schema format whose check is [`Duration::parse`].
pub const DURATION_FORMAT: &str = "opsbook-duration";

impl Duration {
    /// A whole number and one unit (`30 minutes`, `6个月`), or ISO 8601 starting with a capital
    /// `P` (`P6M`, `PT30M`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Duration> {
        let t = text.trim();
        let span = if t.starts_with('P') {
            t.parse::<jiff::Span>().ok()?
        } else {
            let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            let n: i64 = t[..digits].parse().ok()?;
            let unit = t[digits..].trim();
            let span = jiff::Span::new();
            match unit {
                "minute" | "minutes" | "min" | "mins" | "分钟" => span.try_minutes(n),
                "hour" | "hours" | "小时" => span.try_hours(n),
                "day" | "days" | "天" | "日" => span.try_days(n),
                "week" | "weeks" | "周" | "星期" => span.try_weeks(n),
                "month" | "months" | "个月" | "月" => span.try_months(n),
                "year" | "years" | "年" => span.try_years(n),
                _ => return None,
            }
            .ok()?
        };
        Some(Duration {
            text: t.to_string(),
            span,
        })
    }
}

impl Duration {
    /// As a reader of `lang` reads it, whatever the author's spelling: `30分钟` or
    /// `30 minutes` for `30 minutes`, `PT30M` and `30分钟` alike (see [`Lang::duration`]).
    pub fn in_lang(&self, lang: Lang) -> String {
        lang.duration(&self.span)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Duration::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a duration"))
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DURATION_PATTERN,
            "format": DURATION_FORMAT,
            "description": "a duration: `<n> <unit>` (minutes, hours, days, weeks, months, years, 分钟, 小时, 天, 周, 个月, 年) or ISO 8601 (`P6M`, `PT30M`)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn month_arithmetic_clamps_to_the_month_end() {
        let six = Duration::parse("6 months").unwrap();
        assert_eq!(date("2026-08-31").plus(&six), date("2027-02-28"));
    }

    #[test]
    fn chinese_and_iso_durations_parse() {
        assert_eq!(
            date("2026-01-01").plus(&Duration::parse("1年").unwrap()),
            date("2027-01-01")
        );
        assert_eq!(
            date("2026-01-01").plus(&Duration::parse("2 周").unwrap()),
            date("2026-01-15")
        );
        assert_eq!(
            date("2026-01-31").plus(&Duration::parse("P1M").unwrap()),
            date("2026-02-28")
        );
        assert!(Duration::parse("30分钟").is_some());
        assert!(Duration::parse("PT30M").is_some());
        assert!(Duration::parse("soon").is_none());
        assert!(Duration::parse("6 fortnights").is_none());
    }

    #[test]
    fn dates_must_be_iso_shaped() {
        assert!(Date::parse("2026-02-30").is_none());
        assert!(Date::parse("2026-2-3").is_none());
        assert!(Date::parse("20260203").is_none());
    }
}
