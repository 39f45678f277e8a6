//! The theme: Tera templates, CSS and JS embedded from `themes/default/` at compile time, any of
//! them replaced file by file from a theme folder (`--theme DIR` or `theme:` in handbook.yaml).
//!
//! Templates are compiled once per build. Files ending in `.html` are templates, read and never
//! published; of the rest only stylesheets, scripts, fonts and images ([`PUBLISHED`]) are copied
//! to the site's `_opsbook/` folder, so a README or a stray private file in a theme folder stays
//! private. Symlinks inside a theme folder are not followed.

use std::path::Path;

use tera::value::Key;
use tera::{Kwargs, Map, State, TeraResult, Value};

use super::RenderError;
use super::html::push_escaped;
use super::i18n::Lang;

/// The embedded default theme: (name, contents).
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/base.html")),
    (
        "components.html",
        include_str!("../../themes/default/components.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/default/article.html"),
    ),
    ("doc.html", include_str!("../../themes/default/doc.html")),
    ("home.html", include_str!("../../themes/default/home.html")),
    ("kind.html", include_str!("../../themes/default/kind.html")),
    (
        "review.html",
        include_str!("../../themes/default/review.html"),
    ),
    (
        "register.html",
        include_str!("../../themes/default/register.html"),
    ),
    (
        "print.html",
        include_str!("../../themes/default/print.html"),
    ),
    (
        "kinds/overview.html",
        include_str!("../../themes/default/kinds/overview.html"),
    ),
    (
        "kinds/role.html",
        include_str!("../../themes/default/kinds/role.html"),
    ),
    (
        "kinds/workflow.html",
        include_str!("../../themes/default/kinds/workflow.html"),
    ),
    (
        "kinds/sop.html",
        include_str!("../../themes/default/kinds/sop.html"),
    ),
    (
        "kinds/kpi.html",
        include_str!("../../themes/default/kinds/kpi.html"),
    ),
    (
        "kinds/contingency.html",
        include_str!("../../themes/default/kinds/contingency.html"),
    ),
    (
        "kinds/guide.html",
        include_str!("../../themes/default/kinds/guide.html"),
    ),
    (
        "kinds/report.html",
        include_str!("../../themes/default/kinds/report.html"),
    ),
    (
        "kinds/page.html",
        include_str!("../../themes/default/kinds/page.html"),
    ),
    ("style.css", include_str!("../../themes/default/style.css")),
    ("print.css", include_str!("../../themes/default/print.css")),
    ("site.js", include_str!("../../themes/default/site.js")),
];

/// The extensions of theme files copied into the site (compared without case).
pub(super) const PUBLISHED: &[&str] = &[
    "css", "js", "woff", "woff2", "ttf", "otf", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
];

/// Is `name` a template (`.html`) or a file the site publishes?
fn is_theme_file(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    ext.eq_ignore_ascii_case("html") || PUBLISHED.iter().any(|p| ext.eq_ignore_ascii_case(p))
}

/// A compiled theme.
pub(super) struct Theme {
    pub tera: tera::Tera,
    /// Files copied as they are into `_opsbook/`: (name, contents), sorted.
    pub statics: Vec<(String, Vec<u8>)>,
    /// A hash of every file of the theme: an incremental build renders everything when it
    /// changes.
    pub fingerprint: u64,
    /// Whether every template is the embedded theme's own (a theme folder may still change
    /// CSS and other files): what `print` relies on to render a part once for two pages.
    pub default_templates: bool,
}

impl Theme {
    /// Renders `template` for the output page `page`, whose name the error carries.
    pub(super) fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
        page: impl Into<String>,
    ) -> Result<String, RenderError> {
        self.tera
            .render(template, ctx)
            .map_err(|source| RenderError::Render {
                page: page.into(),
                source,
            })
    }

    /// Renders `template` for the output page `page` onto the end of `out`: no UTF-8 check of
    /// the result and no copy, as the page goes to disk as bytes.
    pub(super) fn render_to(
        &self,
        template: &str,
        ctx: &tera::Context,
        page: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        self.tera
            .render_to(template, ctx, out)
            .map_err(|source| RenderError::Render {
                page: page.into(),
                source,
            })
    }

    /// The default theme with the files of `dir` (if any) in place of or in addition to it.
    pub(super) fn load(dir: Option<&Path>, lang: Lang) -> Result<Theme, RenderError> {
        let mut files: Vec<(String, Vec<u8>)> = DEFAULT_THEME
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect();
        let mut default_templates = true;
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(RenderError::NoTheme(dir.to_path_buf()));
            }
            let walk = walkdir::WalkDir::new(dir).follow_links(false);
            for entry in walk.sort_by_file_name() {
                let entry = entry.map_err(|e| RenderError::Io {
                    path: dir.to_path_buf(),
                    source: e.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if name.iter().any(|part| part.starts_with('.')) {
                    continue;
                }
                let name = name.join("/");
                if !is_theme_file(&name) {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).map_err(|source| RenderError::Io {
                    path: entry.path().to_path_buf(),
                    source,
                })?;
                default_templates &= !name.ends_with(".html");
                match files.iter_mut().find(|(n, _)| *n == name) {
                    Some(file) => file.1 = bytes,
                    None => files.push((name, bytes)),
                }
            }
        }
        files.sort();
        let fingerprint = super::memo::hash_of(&files);
        let (templates, statics): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(name, _)| name.ends_with(".html"));
        let mut tera = tera::Tera::new();
        tera.register_filter("link", link_filter);
        tera.register_filter("links", links_filter);
        tera.register_filter("css_string", css_string_filter);
        let sources: Vec<(String, String)> = templates
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
            .collect();
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(RenderError::Template)?;
        let global = tera.global_context();
        global.insert("t", &lang.strings());
        global.insert("lang", lang.tag());
        global.insert(
            "ids",
            &super::ids::template_ids()
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        );
        Ok(Theme {
            tera,
            statics,
            fingerprint,
            default_templates,
        })
    }
}

/// A link `{label, href}` as HTML: an `<a>`, or a `<span class="unlinked">` without a target.
fn push_link(out: &mut String, link: &Map) {
    fn get<'m>(link: &'m Map, key: &'static str) -> Option<&'m str> {
        link.get(&Key::Str(key)).and_then(Value::as_str)
    }
    let label = get(link, "label").unwrap_or("");
    match get(link, "href") {
        Some(href) => {
            out.push_str("<a href=\"");
            push_escaped(out, href);
            out.push_str("\">");
            push_escaped(out, label);
            out.push_str("</a>");
        }
        None => {
            out.push_str("<span class=\"unlinked\">");
            push_escaped(out, label);
            out.push_str("</span>");
        }
    }
}

/// `{{ l | link }}`: a filter rather than a component because pages hold hundreds of links.
fn link_filter(link: &Map, _: Kwargs, _: &State) -> Value {
    let mut out = String::new();
    push_link(&mut out, link);
    Value::safe_string(&out)
}

/// `{{ list | links(sep=", ") }}`: links joined by `sep`.
fn links_filter(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let sep: &str = kwargs.get("sep")?.unwrap_or(", ");
    let mut out = String::new();
    for (n, item) in items.iter().filter_map(Value::as_map).enumerate() {
        if n > 0 {
            push_escaped(&mut out, sep);
        }
        push_link(&mut out, item);
    }
    Ok(Value::safe_string(&out))
}

/// `{{ text | css_string }}`: text safe inside a double-quoted CSS string in a `<style>`.
fn css_string_filter(text: &str, _: Kwargs, _: &State) -> Value {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // `<` could close the style element; newlines would end the string.
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    Value::safe_string(&out)
}
