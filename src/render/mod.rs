//! Rendering: the static site employees read and the print page, from the model.
//!
//! Owns turning a loaded [`Handbook`] into files: a page per document laid out by kind, kind
//! index pages, the home and review pages, the search index and `print.html`. It does not decide
//! whether a handbook is fit to build (the binary runs the rules first) and never prints:
//! progress goes to a callback.
//!
//! Phases: compile the theme; compute the shared facts once (`site::Site`: reading order,
//! reverse references); claim every output path (two claims on one path are an error, not a
//! silent overwrite); render pages in parallel into a staging folder beside the target; swap
//! it into place in one step. A failure at any point leaves the previous site as it was. Two
//! builds into one folder take turns through a lock file beside it.

mod html;
mod i18n;
mod ids;
mod nav;
mod pages;
mod print;
mod register;
mod search;
mod site;
mod svg;
mod theme;
mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

pub use html::sanitize;
pub use i18n::Lang;
pub use search::{shard_hash as search_shard_hash, terms as search_terms};
pub use theme::DEFAULT_THEME;

use crate::history::History;
use crate::model::{Date, Handbook, Index, Kind};
use site::{Linker, Mode, Site};
use views::{Levels, Views};

/// What to build and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The site folder; replaced as a whole when the build succeeds.
    pub out: PathBuf,
    /// The date review statuses are computed against (and the print page's date).
    pub today: Date,
    /// A theme folder overriding the embedded theme file by file, chosen by the user
    /// (`--theme`): it may be anywhere. `None` uses `theme:` of handbook.yaml, which must lie
    /// inside the handbook.
    pub theme: Option<PathBuf>,
}

/// How far a build has come, for progress bars.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Units of work finished: pages rendered, documents placed on the print page, the search
    /// index and the print page.
    pub done: usize,
    /// Units of work in all; 0 while `waiting`.
    pub total: usize,
    /// Another build is writing into the same output folder and this one waits for it to
    /// finish (reported once, before anything is done).
    pub waiting: bool,
}

/// What a build wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// HTML pages, `print.html` included.
    pub pages: usize,
    /// Files copied from the handbook as they are (not the theme's own files).
    pub assets: usize,
    /// Size of the HTML pages, the search index and the print page (assets and theme files not
    /// counted).
    pub bytes: u64,
    /// Size of the search index, all its parts.
    pub search_index_bytes: u64,
    /// Size of `print.html`.
    pub print_bytes: u64,
}

/// The file in a site folder that says opsbook wrote it, so that only such folders are replaced.
pub const MARKER: &str = ".opsbook-site";

/// Why a site could not be built; the previous site, if any, is left as it was.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RenderError {
    /// A file or folder could not be written, read or moved.
    #[error("cannot write `{path}`")]
    #[diagnostic(code(opsbook::io))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    #[error("`{0}` is not empty and was not written by opsbook")]
    #[diagnostic(
        code(opsbook::foreign_output),
        help(
            "the output folder is replaced as a whole; give an empty or new folder, or the handbook's `_site`"
        )
    )]
    /// The output folder holds files but no [`MARKER`]: opsbook did not write it, so it is not
    /// replaced.
    ForeignOutput(PathBuf),
    #[error("`{0}` is a file, not a folder")]
    #[diagnostic(
        code(opsbook::bad_output),
        help("the site is a folder; give a folder path such as `_site` or `/tmp/site`")
    )]
    /// The output path is a file.
    OutputIsFile(PathBuf),
    #[error("`{0}` cannot be the output folder")]
    #[diagnostic(
        code(opsbook::bad_output),
        help("give a folder path such as `_site` or `/tmp/site`")
    )]
    /// The output path names no folder (`.`, `..`, `/`).
    BadOutput(PathBuf),
    #[error("theme folder `{0}` does not exist")]
    #[diagnostic(code(opsbook::no_theme))]
    /// The theme folder (`--theme`, or `theme:` in handbook.yaml) does not exist.
    NoTheme(PathBuf),
    #[error("theme folder `{0}` is outside the handbook")]
    #[diagnostic(
        code(opsbook::theme_outside),
        help(
            "`theme:` in handbook.yaml must name a folder inside the handbook; to use a theme kept elsewhere, pass `--theme DIR`"
        )
    )]
    /// `theme:` in handbook.yaml, as written, leads outside the handbook.
    ThemeOutside(String),
    #[error("the theme's templates do not compile")]
    #[diagnostic(code(opsbook::template))]
    /// A template of the theme does not parse.
    Template(#[source] tera::Error),
    #[error("cannot render `{page}`")]
    #[diagnostic(code(opsbook::template))]
    /// A template failed while rendering a page.
    Render {
        /// The output page, e.g. `sops/refund.html` or `print.html (sops/refund.md)`.
        page: String,
        /// Tera's error.
        #[source]
        source: tera::Error,
    },
    #[error("the theme's `print.html` does not place the documents")]
    #[diagnostic(
        code(opsbook::template),
        help("put `{{{{ documents | safe }}}}` where the documents go")
    )]
    /// The theme's `print.html` has no place for the documents.
    PrintFrame,
    #[error("`{path}` would be written twice: by {first} and by {second}")]
    #[diagnostic(
        code(opsbook::output_collision),
        help(
            "rename one of them; `review.html`, `print.html`, `_opsbook/` and `<kind folder>/index.html` are generated"
        )
    )]
    /// Two things would write the same file of the site.
    Collision {
        /// The file, relative to the site folder, `/`-separated.
        path: String,
        /// What claimed it first, e.g. `the review page` or a document's path in backticks.
        first: String,
        /// What claimed it next.
        second: String,
    },
}

/// A page to render.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Doc(usize),
    Kind(Kind),
    Review,
    Register,
}

/// Site-wide values every template sees as `site`.
#[derive(Serialize)]
struct SiteView {
    title: String,
    today: String,
    base_url: String,
    language: &'static str,
}

/// The running header and footer of a document page printed on its own.
#[derive(Serialize)]
struct Running {
    /// Top left: the document number and title.
    left: String,
    /// Top right: the version.
    right: String,
    /// Bottom left: the controlled notice.
    notice: String,
}

/// Build the site for `hb` into `opts.out`. `history`, each document's revisions from git,
/// gives document pages their revision history (none without it).
pub fn render_site(
    hb: &Handbook,
    index: &Index,
    history: Option<&History>,
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Stats, RenderError> {
    let lang = Lang::from_config(&hb.config.language);
    let theme_dir = match &opts.theme {
        Some(dir) => Some(dir.clone()),
        None => configured_theme(hb)?,
    };
    let mut theme = theme::Theme::load(theme_dir.as_deref(), lang)?;
    theme.tera.global_context().insert(
        "site",
        &SiteView {
            title: hb.config.title.clone(),
            today: opts.today.to_string(),
            base_url: hb.config.base_url.clone(),
            language: lang.tag(),
        },
    );
    let site = Site::new(hb, index, opts.today, history);
    let counts = nav::kind_counts(&site);
    // A previous site or the theme folder inside the handbook is not content to copy.
    let not_content: Vec<String> = [Some(opts.out.as_path()), theme_dir.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|dir| inside(&hb.root, dir))
        .collect();
    let assets: Vec<&String> = hb
        .assets
        .iter()
        .filter(|a| !not_content.iter().any(|dir| a.starts_with(dir.as_str())))
        .collect();

    let mut jobs = vec![Job::Home, Job::Review];
    if !site.register.is_empty() {
        jobs.push(Job::Register);
    }
    jobs.extend(counts.iter().map(|&(k, _)| Job::Kind(k)));
    jobs.extend(
        (0..hb.documents.len())
            .filter(|&i| Some(i) != site.home)
            .map(Job::Doc),
    );
    claim_outputs(&site, &jobs, &theme, &assets)?;

    let staging = Staging::create(&opts.out, progress)?;
    let total = jobs.len() + site.order.len() + usize::from(site.home.is_some()) + 2;
    let done = AtomicUsize::new(0);
    let tick = |n: usize| {
        let done = done.fetch_add(n, Ordering::Relaxed) + n;
        progress(Progress {
            done,
            total,
            waiting: false,
        });
    };
    let bytes = AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|&job| {
        let (path, html) = render_job(&site, &theme, lang, &counts, job)?;
        staging.write(&path, html.as_bytes())?;
        bytes.fetch_add(html.len(), Ordering::Relaxed);
        tick(1);
        Ok::<_, RenderError>(())
    })?;

    let search_bytes =
        search::build(&site, lang).write(|path, bytes| staging.write(path, bytes))?;
    tick(1);
    for (name, contents) in &theme.statics {
        staging.write(&format!("{}/{name}", site::STATIC_DIR), contents)?;
    }
    staging.write(".nojekyll", b"")?;
    if !site.register.is_empty() {
        let linker = Linker::site_page(&site, site::REGISTER_PAGE.into(), None);
        let rows = register::rows(&site, &linker, lang);
        staging.write(site::REGISTER_CSV, register::csv(&rows, lang).as_bytes())?;
    }
    let print_bytes = {
        let path = staging.dir.join(site::PRINT_PAGE);
        let file = std::fs::File::create(&path).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
        let mut file = std::io::BufWriter::new(file);
        let size = print::write(&site, &theme, lang, &mut file, &tick)?;
        std::io::Write::flush(&mut file).map_err(|source| RenderError::Io { path, source })?;
        tick(1);
        size
    };
    assets
        .par_iter()
        .try_for_each(|asset| staging.copy(&hb.root.join(asset.as_str()), asset))?;

    staging.commit()?;
    Ok(Stats {
        pages: jobs.len() + 1,
        assets: assets.len(),
        bytes: bytes.into_inner() as u64 + search_bytes + print_bytes,
        search_index_bytes: search_bytes,
        print_bytes,
    })
}

/// The folder `theme:` names. Checked here as well as by `check`: a build must not publish
/// files from outside the handbook even when the rules were turned off or skipped.
fn configured_theme(hb: &Handbook) -> Result<Option<PathBuf>, RenderError> {
    let named = || hb.config.theme.clone().unwrap_or_default();
    crate::load::resolve_theme(&hb.root, &hb.config).map_err(|problem| match problem {
        crate::load::ThemeProblem::Missing => RenderError::NoTheme(hb.root.join(named())),
        crate::load::ThemeProblem::Outside => RenderError::ThemeOutside(named()),
    })
}

/// Every output path with what writes it; the same path twice is an error.
fn claim_outputs(
    site: &Site,
    jobs: &[Job],
    theme: &theme::Theme,
    assets: &[&String],
) -> Result<(), RenderError> {
    let mut claims: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |path: String, by: String| match claims.get(&path) {
        Some(first) => Err(RenderError::Collision {
            path,
            first: first.clone(),
            second: by,
        }),
        None => {
            claims.insert(path, by);
            Ok(())
        }
    };
    for &job in jobs {
        let (path, by) = match job {
            Job::Home => ("index.html".to_string(), "the home page".to_string()),
            Job::Review => (site::REVIEW_PAGE.to_string(), "the review page".to_string()),
            Job::Register => {
                claim(site::REGISTER_CSV.into(), "the register".into())?;
                (site::REGISTER_PAGE.to_string(), "the register".to_string())
            }
            Job::Kind(k) => (site::kind_index_path(k), format!("the index of kind `{k}`")),
            Job::Doc(i) => {
                let doc = site.doc(i);
                (site::page_path(doc), format!("`{}`", doc.path))
            }
        };
        claim(path, by)?;
    }
    claim(site::PRINT_PAGE.into(), "the print page".into())?;
    claim(site::SEARCH_INDEX.into(), "the search index".into())?;
    for (name, _) in &theme.statics {
        claim(format!("{}/{name}", site::STATIC_DIR), "the theme".into())?;
    }
    for asset in assets {
        claim(asset.to_string(), format!("asset `{asset}`"))?;
    }
    // The search index's other parts are named only once it is built: their folder is its own.
    let folder = format!("{}/", search::PARTS_DIR);
    match claims.range(folder.clone()..).next() {
        Some((path, by)) if path.starts_with(&folder) => Err(RenderError::Collision {
            path: path.clone(),
            first: "the search index".into(),
            second: by.clone(),
        }),
        _ => Ok(()),
    }
}

fn render_job(
    site: &Site,
    theme: &theme::Theme,
    lang: Lang,
    counts: &[(Kind, usize)],
    job: Job,
) -> Result<(String, String), RenderError> {
    let (path, doc, kind) = match job {
        Job::Home => ("index.html".to_string(), site.home, None),
        Job::Review => (site::REVIEW_PAGE.to_string(), None, None),
        Job::Register => (site::REGISTER_PAGE.to_string(), None, None),
        Job::Kind(k) => (site::kind_index_path(k), None, Some(k)),
        Job::Doc(i) => (
            site::page_path(site.doc(i)),
            Some(i),
            Some(site.doc(i).kind),
        ),
    };
    let linker = Linker::site_page(site, path.clone(), doc);
    let views = Views {
        linker: &linker,
        lang,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("root", &site::root_prefix(&path));
    ctx.insert("path", &crate::url::encode_path(&path));
    ctx.insert("canonical", &canonical(&site.hb.config.base_url, &path));
    ctx.insert("print", &false);
    ctx.insert("h", &Levels::for_mode(Mode::Site));
    ctx.insert("crumbs", &Vec::<site::LinkView>::new());
    ctx.insert("prev", &None::<site::LinkView>);
    ctx.insert("next", &None::<site::LinkView>);
    ctx.insert(
        "nav",
        &nav::sidebar(
            site,
            &linker,
            lang,
            counts,
            doc.filter(|_| !matches!(job, Job::Home)),
            kind,
        ),
    );
    let template = match job {
        Job::Home => {
            ctx.insert("doc", &site.home.map(|h| views.document(h, String::new())));
            ctx.insert("kinds", &pages::home_kinds(site, &linker, lang, counts));
            ctx.insert("counts", &pages::review_rows(site, &linker, lang).1);
            ctx.insert("title", &site.hb.config.title);
            "home.html".to_string()
        }
        Job::Review => {
            let (rows, counts) = pages::review_rows(site, &linker, lang);
            ctx.insert("rows", &rows);
            ctx.insert("counts", &counts);
            ctx.insert("title", lang.text("review_title"));
            ctx.insert(
                "crumbs",
                &home_crumbs(&linker, lang, lang.text("review_title")),
            );
            "review.html".to_string()
        }
        Job::Register => {
            ctx.insert("rows", &register::rows(site, &linker, lang));
            ctx.insert("csv", &linker.file(site::REGISTER_CSV));
            ctx.insert("title", lang.text("register"));
            ctx.insert("crumbs", &home_crumbs(&linker, lang, lang.text("register")));
            "register.html".to_string()
        }
        Job::Kind(k) => {
            ctx.insert("list", &pages::kind_page(site, &linker, lang, k));
            ctx.insert("title", lang.kind_label(k));
            ctx.insert("crumbs", &home_crumbs(&linker, lang, lang.kind_label(k)));
            "kind.html".to_string()
        }
        Job::Doc(i) => {
            let d = site.doc(i);
            let (prev, next) = nav::pager(site, &linker, i);
            let mut article = tera::Context::new();
            article.insert("doc", &views.document(i, String::new()));
            article.insert("h", &Levels::for_mode(Mode::Site));
            article.insert("print", &false);
            article.insert("chapter", &None::<()>);
            let template = format!("kinds/{}.html", d.kind);
            let html = theme.render(&template, &article, path.clone())?;
            ctx.insert("article", &html);
            ctx.insert("title", d.title());
            ctx.insert("crumbs", &nav::crumbs(site, &linker, lang, i));
            ctx.insert("prev", &prev);
            ctx.insert("next", &next);
            ctx.insert("running", &running(site, lang, i));
            "doc.html".to_string()
        }
    };
    let html = theme.render(&template, &ctx, path.clone())?;
    Ok((path, html))
}

fn running(site: &Site, lang: Lang, i: usize) -> Running {
    let doc = site.doc(i);
    let meta = &doc.meta;
    let left = match &meta.doc_no {
        Some(no) => format!("{no} {}", doc.title()),
        None => doc.title().to_string(),
    };
    let version = meta
        .version
        .as_ref()
        .map_or(lang.text("no_version"), |v| &v.0);
    Running {
        left,
        right: format!("{} {version}", lang.text("version")),
        notice: lang.controlled_notice(&site.hb.config.control).to_string(),
    }
}

/// The page's address under `base_url` (pages link each other relatively; this is only for
/// search engines and shared links).
fn canonical(base_url: &str, path: &str) -> String {
    let base = if base_url.is_empty() { "/" } else { base_url };
    let page = crate::url::encode_path(path);
    if base.ends_with('/') {
        format!("{base}{page}")
    } else {
        format!("{base}/{page}")
    }
}

fn home_crumbs(linker: &Linker, lang: Lang, label: &str) -> Vec<site::LinkView> {
    vec![
        site::LinkView {
            label: lang.text("home").into(),
            href: Some(linker.file("index.html")),
        },
        site::LinkView {
            label: label.into(),
            href: None,
        },
    ]
}

/// `dir` relative to `root` (`/`-separated, with a trailing `/`) when it lies inside it.
fn inside(root: &Path, dir: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let dir = absolute(dir)?;
    let rel = dir.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| format!("{}/", parts.join("/")))
}

/// An absolute form of `path` whose existing part is canonical.
fn absolute(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let name = path.file_name()?.to_owned();
    let parent = path.parent()?.canonicalize().ok()?;
    Some(parent.join(name))
}

/// The folder a build writes into, beside the target; swapped into place by `commit`, removed
/// when dropped before that. It holds the output's lock from before the output is looked at
/// until the new site is in place.
struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
    _lock: OutputLock,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RenderError {
    let path = path.to_path_buf();
    move |source| RenderError::Io { path, source }
}

impl Staging {
    fn create(out: &Path, progress: &(dyn Fn(Progress) + Sync)) -> Result<Staging, RenderError> {
        let name = out
            .file_name()
            .filter(|n| *n != "." && *n != "..")
            .ok_or_else(|| RenderError::BadOutput(out.to_path_buf()))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let lock = OutputLock::acquire(parent.join(format!(".{name}.opsbook-lock")), || {
            progress(Progress {
                done: 0,
                total: 0,
                waiting: true,
            })
        })?;
        remove_stale_staging(&parent, &name);
        // Looked at only under the lock: the build before may just have replaced it.
        if out.exists() {
            if !out.is_dir() {
                return Err(RenderError::OutputIsFile(out.to_path_buf()));
            }
            let empty = std::fs::read_dir(out)
                .map_err(io_error(out))?
                .next()
                .is_none();
            if !empty && !out.join(MARKER).is_file() {
                return Err(RenderError::ForeignOutput(out.to_path_buf()));
            }
        }
        let dir = parent.join(format!(".{name}.opsbook-new-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(io_error(&dir))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    fn target(&self, rel: &str) -> Result<PathBuf, RenderError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        Ok(path)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let path = self.target(rel)?;
        std::fs::write(&path, bytes).map_err(|source| RenderError::Io { path, source })
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), RenderError> {
        let path = self.target(rel)?;
        std::fs::copy(from, &path)
            .map(drop)
            .map_err(|source| RenderError::Io { path, source })
    }

    /// Mark the staged site as opsbook's and put it in place.
    fn commit(mut self) -> Result<(), RenderError> {
        self.write(
            MARKER,
            b"written by opsbook build; this folder is replaced on every build\n",
        )?;
        self.swap()?;
        self.committed = true;
        Ok(())
    }

    /// Put the staged site in place of the old one in one step where the system can
    /// ([`exchange`]), then delete the old; elsewhere with two renames.
    fn swap(&self) -> Result<(), RenderError> {
        if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out).map_err(io_error(&self.out))?;
        } else if exchange(&self.dir, &self.out).map_err(io_error(&self.out))? {
            // The staging folder now holds the old site. Should removing it be cut short, the
            // next build removes the rest.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            self.swap_by_renames()?;
        }
        Ok(())
    }

    /// Rename the old site aside, the new one in, then delete the old. Between the two renames
    /// there is no site; if the second fails the old one is put back.
    fn swap_by_renames(&self) -> Result<(), RenderError> {
        let name = self.out.file_name().unwrap_or_default().to_string_lossy();
        let old = self
            .dir
            .with_file_name(format!(".{name}.opsbook-old-{}", std::process::id()));
        std::fs::rename(&self.out, &old).map_err(io_error(&self.out))?;
        if let Err(source) = std::fs::rename(&self.dir, &self.out) {
            let _ = std::fs::rename(&old, &self.out);
            return Err(RenderError::Io {
                path: self.out.clone(),
                source,
            });
        }
        // The new site is in place; an old copy that cannot be removed is only litter.
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Swap the folders at `a` and `b` in one step (`renameat2` with `RENAME_EXCHANGE`): readers
/// see the old site or the new one, never neither. `false` when the system or file system
/// cannot, so the caller falls back to renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c_path = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both pointers are NUL-terminated strings that outlive the call.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Remove the staging folders of earlier builds into `name` that were killed before they
/// finished (`.NAME.opsbook-new-PID`, `.NAME.opsbook-old-PID`). Called under the output's lock,
/// so no running build owns one.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.opsbook-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            // Litter that cannot be removed now is tried again by the next build.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// An exclusive lock on a file beside the output folder (`.NAME.opsbook-lock`), so that two
/// builds into one folder take turns. The file is removed as the lock is let go.
struct OutputLock {
    path: PathBuf,
    _file: std::fs::File,
}

impl OutputLock {
    /// Take the lock, calling `waiting` once first if another build holds it.
    fn acquire(path: PathBuf, waiting: impl Fn()) -> Result<OutputLock, RenderError> {
        let mut told = false;
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_error(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !told {
                        waiting();
                        told = true;
                    }
                    file.lock().map_err(io_error(&path))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
            }
            // The build before removed the file as it let go: a lock on a file no longer at
            // `path` keeps nobody out, so take it again.
            if still_at(&file, &path) {
                return Ok(OutputLock { path, _file: file });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held (the file is closed after this), so no one locks a file that
        // is about to go. Where a file cannot be checked for identity it is left in place.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Is `file` the file at `path`?
#[cfg(unix)]
fn still_at(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &std::fs::File, _: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An old site at `dir/site` and a staged new one beside it.
    fn old_and_staged(dir: &Path) -> (PathBuf, Staging) {
        let out = dir.join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::write(out.join("page.html"), "old").unwrap();
        let staging = Staging::create(&out, &|_| {}).unwrap();
        staging.write("page.html", b"new").unwrap();
        (out, staging)
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_old_site_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_staged(dir.path());
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("page.html")).unwrap(),
            "new"
        );
        assert_eq!(entries(dir.path()), ["site"]);
    }

    #[test]
    fn exchange_swaps_two_folders_or_says_it_cannot() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for (folder, name) in [(&a, "in-a"), (&b, "in-b")] {
            std::fs::create_dir(folder).unwrap();
            std::fs::write(folder.join(name), "").unwrap();
        }
        if exchange(&a, &b).unwrap() {
            assert_eq!(entries(&a), ["in-b"]);
            assert_eq!(entries(&b), ["in-a"]);
        } else {
            assert_eq!(entries(&a), ["in-a"], "nothing moved");
        }
        // A missing folder is an error, not "unsupported".
        assert!(exchange(&dir.path().join("nope"), &b).is_err());
    }

    #[test]
    fn a_commit_that_fails_leaves_the_old_site_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_staged(dir.path());
        // The staged site vanishes before it is swapped in: the swap cannot happen.
        std::fs::remove_dir_all(&staging.dir).unwrap();
        assert!(matches!(staging.swap(), Err(RenderError::Io { .. })));
        assert_eq!(
            std::fs::read_to_string(out.join("page.html")).unwrap(),
            "old"
        );
        drop(staging);
        assert_eq!(entries(dir.path()), ["site"]);
    }

    #[test]
    fn the_fallback_renames_swap_the_site_or_put_the_old_one_back() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_staged(dir.path());
        staging.swap_by_renames().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("page.html")).unwrap(),
            "new"
        );
        drop(staging);

        let (out, staging) = {
            std::fs::remove_dir_all(&out).unwrap();
            old_and_staged(dir.path())
        };
        std::fs::remove_dir_all(&staging.dir).unwrap();
        assert!(staging.swap_by_renames().is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("page.html")).unwrap(),
            "old"
        );
        drop(staging);
        assert_eq!(entries(dir.path()), ["site"]);
    }
}
