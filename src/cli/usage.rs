//! clap's errors about the command line (an unknown flag, a missing or invalid value, an
//! unknown subcommand, …) in the language of the run.
//!
//! clap writes its errors in English only. In Chinese they are written again here, from the
//! error's context (the argument, the value, the suggestions, the usage line), in the layout
//! clap uses: the error, the tips, the usage line, where to find more. An error whose kind or
//! context this does not know is left to clap, in English, rather than half translated.
//! `--help` and `--version` are clap's own, in English.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use opsbook::locale::{Arg, Lang, Message};

/// `--lang` as written on the command line (`--lang zh-CN`, `--lang=zh`), before clap has
/// parsed it: the language of clap's own errors. `None` when absent or not a language; only
/// what comes before a `--` counts.
pub(crate) fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else {
            continue;
        };
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return Lang::from_tag(args.next()?.to_str()?);
        }
        if let Some(tag) = arg.strip_prefix("--lang=") {
            return Lang::from_tag(tag);
        }
    }
    None
}

/// The whole text of `error` in `lang`, as clap would print it but in that language; `None`
/// for English, for help and version (not errors), and for what is not covered here.
pub(crate) fn localized(error: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let mut text = what_is_wrong(error)?.render(lang);
    if let Some(listed) = listed(error) {
        text.push_str("\n  ");
        text.push_str(&listed.render(lang));
    }
    let tips = tips(error)?;
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            text.push_str("\n  ");
            text.push_str(&Message::new("clap.tip", vec![tip.into()]).render(lang));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage: ")?;
        text.push_str("\n\n");
        text.push_str(&Message::new("clap.usage", vec![line.into()]).render(lang));
    }
    let more = Message::new("clap.more", vec!["--help".into()]);
    Some(format!(
        "{}\n\n{}\n",
        Message::new("clap.error", vec![text.into()]).render(lang),
        more.render(lang)
    ))
}

/// A text of `error`'s context.
fn string(error: &clap::Error, kind: ContextKind) -> Option<&str> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// The texts of `error`'s context, one or many; none when it has none.
fn strings(error: &clap::Error, kind: ContextKind) -> Vec<&str> {
    match error.get(kind) {
        Some(ContextValue::String(one)) => vec![one.as_str()],
        Some(ContextValue::Strings(many)) => many.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The error's first line (and the missing arguments under it).
fn what_is_wrong(error: &clap::Error) -> Option<Message> {
    let arg = string(error, ContextKind::InvalidArg);
    let value = string(error, ContextKind::InvalidValue);
    let said = match error.kind() {
        ErrorKind::UnknownArgument => Message::new("clap.unknown-argument", vec![arg?.into()]),
        ErrorKind::InvalidSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand)?;
            Message::new("clap.invalid-subcommand", vec![sub.into()])
        }
        ErrorKind::InvalidValue if value?.is_empty() => {
            Message::new("clap.missing-value", vec![arg?.into()])
        }
        ErrorKind::InvalidValue => {
            Message::new("clap.invalid-value", vec![value?.into(), arg?.into()])
        }
        ErrorKind::ValueValidation => {
            // The reason of opsbook's own parsers (`parse_date`, `parse_lang`), already in the
            // language; clap's (a port that is not a number) are English and left out.
            let reason = std::error::Error::source(error)
                .and_then(|e| e.downcast_ref::<super::BadValue>())
                .map(ToString::to_string);
            match reason {
                Some(reason) => Message::new(
                    "clap.value-validation",
                    vec![value?.into(), arg?.into(), reason.into()],
                ),
                None => Message::new("clap.value-invalid", vec![value?.into(), arg?.into()]),
            }
        }
        ErrorKind::TooManyValues => {
            Message::new("clap.too-many-values", vec![value?.into(), arg?.into()])
        }
        ErrorKind::NoEquals => Message::new("clap.no-equals", vec![arg?.into()]),
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(error, ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            let lines: String = missing.iter().map(|name| format!("\n  {name}")).collect();
            Message::new("clap.missing-required", vec![lines.into()])
        }
        ErrorKind::MissingSubcommand => {
            let sub = string(error, ContextKind::InvalidSubcommand)?;
            Message::new("clap.missing-subcommand", vec![sub.into()])
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            let prior = strings(error, ContextKind::PriorArg);
            match prior.as_slice() {
                [] => return None,
                [one] if *one == arg => Message::new("clap.used-twice", vec![arg.into()]),
                _ => Message::new("clap.conflict", vec![arg.into(), quoted(&prior)]),
            }
        }
        ErrorKind::InvalidUtf8 => Message::new("clap.invalid-utf8", vec![]),
        _ => return None,
    };
    Some(said)
}

/// The values the argument takes, or the subcommands, when clap lists them.
fn listed(error: &clap::Error) -> Option<Message> {
    let subcommands = error.kind() == ErrorKind::MissingSubcommand;
    let list = if subcommands {
        strings(error, ContextKind::ValidSubcommand)
    } else {
        strings(error, ContextKind::ValidValue)
    };
    if list.is_empty() {
        return None;
    }
    let names = Arg::identifiers(&list);
    Some(if subcommands {
        Message::new("clap.subcommands", vec![names])
    } else {
        Message::new("clap.possible-values", vec![names])
    })
}

/// The tips: similar names, and clap's own advice; `None` when clap gives advice not known
/// here.
fn tips(error: &clap::Error) -> Option<Vec<Message>> {
    let mut tips = Vec::new();
    let similar = |kind| {
        let names = strings(error, kind);
        (!names.is_empty()).then(|| quoted(&names))
    };
    if let Some(names) = similar(ContextKind::SuggestedSubcommand) {
        tips.push(Message::new("clap.similar-subcommand", vec![names]));
    }
    if let Some(names) = similar(ContextKind::SuggestedArg) {
        tips.push(Message::new("clap.similar-argument", vec![names]));
    }
    if let Some(names) = similar(ContextKind::SuggestedValue) {
        tips.push(Message::new("clap.similar-value", vec![names]));
    }
    if let Some(ContextValue::StyledStrs(suggested)) = error.get(ContextKind::Suggested) {
        for tip in suggested {
            tips.push(tip_in(&tip.to_string())?);
        }
    }
    Some(tips)
}

/// Names as a list: `` `a`、`b` `` in Chinese, `'a', 'b'` in English (as clap quotes them).
fn quoted(items: &[&str]) -> Arg {
    let en: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
    match Arg::identifiers(items) {
        Arg::Both(zh, _) => Arg::Both(zh, Lang::En.list(&en)),
        other => other,
    }
}

/// One of clap's tips (written in English, with the names in single quotes) as a message,
/// when it is one of those clap gives.
fn tip_in(tip: &str) -> Option<Message> {
    let names: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    let shape: String = tip
        .split('\'')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "'_'" } else { part })
        .collect();
    let args = names.iter().map(|n| Arg::from(*n)).collect();
    Some(match shape.as_str() {
        "to pass '_' as a value, use '_'" => Message::new("clap.tip-as-value", args),
        "'_' exists" => Message::new("clap.tip-exists", args),
        "subcommand '_' exists; to use it, remove the '_' before it" => {
            Message::new("clap.tip-double-dash", args)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_from_the_arguments_before_a_double_dash() {
        let found = |list: &[&str]| lang_in_args(&args(list));
        assert_eq!(
            found(&["opsbook", "--lang", "zh-CN", "chek"]),
            Some(Lang::Zh)
        );
        assert_eq!(found(&["opsbook", "check", "--lang=en"]), Some(Lang::En));
        assert_eq!(found(&["opsbook", "check", "--lang", "fr"]), None);
        assert_eq!(found(&["opsbook", "check", "--lang"]), None);
        assert_eq!(found(&["opsbook", "check", "--", "--lang", "zh"]), None);
        assert_eq!(found(&["opsbook", "--lang"]), None);
    }

    #[test]
    fn known_tips_are_translated_and_others_are_not() {
        let tip = tip_in("to pass '--x' as a value, use '-- --x'").expect("known");
        let tip = tip.render(Lang::Zh);
        assert!(tip.contains("`--x`") && tip.contains("`-- --x`"), "{tip}");
        assert_eq!(tip_in("something 'new' from clap"), None);
    }
}
