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
mod memo;
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
pub use memo::Memo;
pub use search::{shard_hash as search_shard_hash, terms as search_terms};
pub use site::{PRINT_BUDGET, PRINT_VOLUME};
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

/// What a site is built from: the handbook, its ids, each document's revisions from git (the
/// document pages' revision tables; none without it), and what to build where.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The handbook as loaded.
    pub handbook: &'a Handbook,
    /// Its ids.
    pub index: &'a Index,
    /// Its git history, when read.
    pub history: Option<&'a History>,
    /// Where to build, for which day, with which theme.
    pub options: &'a Options,
}

/// How far a build has come, for progress bars.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// Units of work finished: pages rendered, documents placed on the print pages, the search
    /// index and each print page.
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
    /// HTML pages, the print pages included.
    pub pages: usize,
    /// Files copied from the handbook as they are (not the theme's own files).
    pub assets: usize,
    /// Size of the HTML pages, the search index and the print page (assets and theme files not
    /// counted).
    pub bytes: u64,
    /// Size of the search index, all its parts.
    pub search_index_bytes: u64,
    /// Size of the print pages: `print.html` and each kind's `print/<kind>.html`.
    pub print_bytes: u64,
    /// Pages rendered by this build: all of them unless it was `incremental`.
    pub rendered: usize,
    /// Whether this build updated the site in place, rendering only what changed.
    pub incremental: bool,
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
            "rename one of them; `review.html`, `print.html`, `print/`, `_opsbook/` and `<kind folder>/index.html` are generated"
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

/// Build the site of `inputs` into its `options.out`. The site is made beside that folder
/// and put in its place in one step; the site it replaces is kept as the spare
/// ([`spare_path`]), which the next build writes over.
pub fn render_site(
    inputs: Inputs,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Stats, RenderError> {
    let build = Build::new(inputs, None)?;
    // The new folder holds no memo: one left by an incremental build goes with the old site.
    Ok(build.full(progress, false, &|| {})?.0)
}

/// The largest memo read (one of 10,000 documents is a few MB): the site folder may come from
/// a cache, and a memo that is a link to `/dev/zero` or a pipe must not hang the build.
const MEMO_CAP: u64 = 64 << 20;

/// The memo at `path` when it is a regular file (not a link) of at most [`MEMO_CAP`] bytes
/// that reads as one; else `None`, and the build is a full one.
fn read_memo(path: &Path) -> Option<Memo> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MEMO_CAP {
        return None;
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).ok()?;
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MEMO_CAP + 1), &mut bytes).ok()?;
    if bytes.len() as u64 > MEMO_CAP {
        return None;
    }
    Memo::from_bytes(&bytes)
}

/// The file in a site folder that `build --incremental` keeps its [`Memo`] in. It goes with
/// the site it describes: a full build, which replaces the folder, leaves none.
pub const MEMO_FILE: &str = ".opsbook-memo";

/// [`render_site`] as `opsbook build --incremental` runs it: the memo of the last such build,
/// kept in the site folder ([`MEMO_FILE`]), says which pages need rendering again; only files
/// whose contents change are written, each in one step. A missing, stale or broken memo, or a
/// site changed since, means a full build. The site is the same either way.
pub fn render_site_incremental(
    inputs: Inputs,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Stats, RenderError> {
    let mut memo = read_memo(&inputs.options.out.join(MEMO_FILE));
    render_site_with(inputs, &mut memo, true, &|| {}, progress)
}

/// [`render_site`] after the build that left `memo` (`None` at first, or after a failure): only
/// the pages whose reads changed are rendered again, and `memo` is replaced by this build's.
/// With `on_disk` (`build --incremental`) the memo is also written into the site folder, and
/// every file of the site is compared with it first (someone else may have changed the site);
/// `serve`, whose site is its own, keeps it in memory only. `pages_done` is called once the
/// pages are written, before the search index and the print page: `serve` reloads the browser
/// then.
pub fn render_site_with(
    inputs: Inputs,
    memo: &mut Option<Memo>,
    on_disk: bool,
    pages_done: &(dyn Fn() + Sync),
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Stats, RenderError> {
    // Taken first: a build that fails leaves no memo (and the next one is a full build).
    let old = memo.take();
    let shape = old.as_ref().and_then(|old| old.shape_for(inputs.handbook));
    let build = Build::new(inputs, shape)?;
    let (stats, new) = match old {
        Some(old) => match build.update(old, on_disk, pages_done, progress)? {
            Ok(done) => done,
            Err(Stale) => build.full(progress, true, pages_done)?,
        },
        None => build.full(progress, true, pages_done)?,
    };
    if let (true, Some(new)) = (on_disk && !stats.incremental, &new) {
        // After a full build, in a step of its own: should another build replace the site in
        // between, its files' times differ from the memo's, and the next build is a full one.
        let writer = InPlace::open(&inputs.options.out, progress)?;
        if let Some(writer) = writer {
            writer.put(MEMO_FILE, &new.to_bytes(), None)?;
        }
    }
    *memo = new;
    Ok(stats)
}

/// What every way of building shares: the theme, the site's facts, the pages and files to write.
struct Build<'a> {
    hb: &'a Handbook,
    opts: &'a Options,
    lang: Lang,
    theme: theme::Theme,
    site: Site<'a>,
    counts: Vec<(Kind, usize)>,
    assets: Vec<&'a String>,
    jobs: Vec<Job>,
}

impl<'a> Build<'a> {
    fn new(
        inputs: Inputs<'a>,
        shape: Option<std::sync::Arc<site::Shape>>,
    ) -> Result<Build<'a>, RenderError> {
        let Inputs {
            handbook: hb,
            index,
            history,
            options: opts,
        } = inputs;
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
                today: opts.today.in_lang(lang),
                base_url: hb.config.base_url.clone(),
                language: lang.tag(),
            },
        );
        let site = Site::new(hb, index, opts.today, history, shape);
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
        Ok(Build {
            hb,
            opts,
            lang,
            theme,
            site,
            counts,
            assets,
            jobs,
        })
    }

    fn render(&self, job: Job) -> Result<(String, Vec<u8>), RenderError> {
        render_job(&self.site, &self.theme, self.lang, &self.counts, job)
    }

    /// The print pages: `print.html`, then each kind's.
    fn print_scopes(&self) -> Vec<site::PrintScope> {
        let kinds: Vec<Kind> = self.counts.iter().map(|&(k, _)| k).collect();
        print::scopes(&self.site, &kinds)
    }

    fn register_csv(&self) -> String {
        let linker = Linker::site_page(&self.site, site::REGISTER_PAGE.into(), None);
        let rows = register::rows(&self.site, &linker, self.lang);
        register::csv(&rows, self.lang)
    }

    /// Build the whole site into a staging folder and swap it into place. With `remember`,
    /// note what each page read and return the memo of the result.
    fn full(
        &self,
        progress: &(dyn Fn(Progress) + Sync),
        remember: bool,
        pages_done: &(dyn Fn() + Sync),
    ) -> Result<(Stats, Option<Memo>), RenderError> {
        let (site, theme, lang, hb) = (&self.site, &self.theme, self.lang, self.hb);
        let jobs = &self.jobs;
        let facts = remember.then(|| memo::Facts::new(site, theme.fingerprint, &self.assets, None));
        // The spare only inside the handbook, where the sources it was made from already are.
        let keep = inside(&hb.root, &self.opts.out).is_some();
        let staging = Staging::create(&self.opts.out, keep, progress)?;
        let print_total: usize = self
            .print_scopes()
            .into_iter()
            .map(|scope| print::size(site, scope) + 1)
            .sum();
        let total = jobs.len() + print_total + 1;
        let done = AtomicUsize::new(0);
        let tick = |n: usize| {
            let done = done.fetch_add(n, Ordering::Relaxed) + n;
            progress(Progress {
                done,
                total,
                waiting: false,
            });
        };
        let hash = |bytes: &[u8]| if remember { memo::hash_bytes(bytes) } else { 0 };
        let bytes = AtomicUsize::new(0);
        let pages: Vec<(String, u64, Vec<site::Read>)> = jobs
            .par_iter()
            .map(|&job| {
                let (rendered, reads) = if remember {
                    site::record(|| self.render(job))
                } else {
                    (self.render(job), Vec::new())
                };
                let (path, html) = rendered?;
                staging.write(&path, &html)?;
                bytes.fetch_add(html.len(), Ordering::Relaxed);
                tick(1);
                Ok::<_, RenderError>((path, hash(&html), reads))
            })
            .collect::<Result<_, _>>()?;
        let mut written: Vec<(String, u64)> = Vec::new();
        let mut memo = facts.as_ref().map(|f| memo::Memo::new(f, site));
        for (path, h, reads) in pages {
            if let (Some(memo), Some(facts)) = (&mut memo, &facts) {
                memo.pages.insert(path.clone(), facts.read_ids(&reads));
            }
            written.push((path, h));
        }
        if !site.register.is_empty() {
            let (csv, reads) = site::record(|| self.register_csv());
            staging.write(site::REGISTER_CSV, csv.as_bytes())?;
            if let (Some(memo), Some(facts)) = (&mut memo, &facts) {
                memo.pages
                    .insert(site::REGISTER_CSV.into(), facts.read_ids(&reads));
            }
            written.push((site::REGISTER_CSV.into(), hash(csv.as_bytes())));
        }
        pages_done();

        let search_files = search::build(site, lang).write(|path, bytes| {
            staging.write(path, bytes)?;
            Ok::<_, RenderError>(hash(bytes))
        })?;
        let search_bytes = search_files.iter().map(|(_, size, _)| size).sum();
        let mut search_files: Vec<_> = search_files
            .into_iter()
            .map(|(path, _, hash)| (path, hash))
            .collect();
        search_files.sort();
        written.extend(search_files);
        tick(1);
        for (name, contents) in &theme.statics {
            let path = format!("{}/{name}", site::STATIC_DIR);
            staging.write(&path, contents)?;
            written.push((path, hash(contents)));
        }
        staging.write(".nojekyll", b"")?;
        written.push((".nojekyll".into(), hash(b"")));
        // `print.html`, then each kind's own print page (see `print`).
        let mut print_bytes = 0;
        let shared = print::Shared::default();
        for scope in self.print_scopes() {
            let rel = scope.path();
            let (path, file) = staging.open(&rel)?;
            let mut file = HashingWriter::new(std::io::BufWriter::new(file), remember);
            let (size, recorded) = print::write(
                site,
                theme,
                lang,
                scope,
                &mut file,
                &tick,
                &print::Fresh,
                &shared,
            )?;
            let (file, h) = file.finish();
            let file = file
                .into_inner()
                .map_err(|e| io_error(&path)(e.into_error()))?;
            file.set_len(size).map_err(io_error(&path))?;
            if let (Some(memo), Some(facts)) = (&mut memo, &facts) {
                memo.print
                    .insert(rel.clone(), print_memo(site, facts, &recorded));
            }
            written.push((rel, h));
            print_bytes += size;
            tick(1);
        }
        self.assets
            .par_iter()
            .try_for_each(|asset| staging.copy(&hb.root.join(asset.as_str()), asset))?;
        if remember {
            for asset in &self.assets {
                let bytes = std::fs::read(hb.root.join(asset.as_str()))
                    .map_err(io_error(&hb.root.join(asset.as_str())))?;
                written.push((asset.to_string(), hash(&bytes)));
            }
        }
        staging.commit()?;
        if let Some(memo) = &mut memo {
            for (path, h) in written {
                let meta = std::fs::metadata(self.opts.out.join(&path))
                    .map_err(io_error(&self.opts.out.join(&path)))?;
                memo.outputs.insert(
                    path,
                    memo::Output {
                        hash: h,
                        size: meta.len(),
                        mtime: memo::mtime(&meta),
                    },
                );
            }
        }
        let pages = jobs.len() + self.print_scopes().len();
        let stats = Stats {
            pages,
            assets: self.assets.len(),
            bytes: bytes.into_inner() as u64 + search_bytes + print_bytes,
            search_index_bytes: search_bytes,
            print_bytes,
            rendered: pages,
            incremental: false,
        };
        Ok((stats, memo))
    }
}

/// Why an incremental update gave way to a full build.
struct Stale;

impl Build<'_> {
    /// Bring the site `old` describes up to date in place: render the pages whose reads
    /// changed, write the files whose contents changed (each in one step), remove the files no
    /// longer built. `Ok(Err(Stale))` when that cannot be done safely (no such site, a site
    /// changed since, facts every page shares changed): then nothing was written. With
    /// `on_disk`, the site's files are compared with the memo first, and the memo is written.
    fn update(
        &self,
        old: Memo,
        on_disk: bool,
        pages_done: &(dyn Fn() + Sync),
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Result<(Stats, Option<Memo>), Stale>, RenderError> {
        let (site, theme, lang, hb) = (&self.site, &self.theme, self.lang, self.hb);
        let out = &self.opts.out;
        let facts = memo::Facts::new(site, theme.fingerprint, &self.assets, Some(&old));
        let Some(changed) = old.changes(&facts, site) else {
            return Ok(Err(Stale));
        };
        let Some(writer) = InPlace::open(out, progress)? else {
            return Ok(Err(Stale));
        };
        if on_disk
            && !old
                .outputs
                .iter()
                .all(|(path, o)| unchanged(&out.join(path), o))
        {
            return Ok(Err(Stale));
        }
        // Should this update stop half way, the memo file must not describe the site.
        if on_disk {
            writer.remove(MEMO_FILE)?;
        }
        // Reads are sorted (see `Memo::from_bytes`): a page is looked at with as many binary
        // searches as there are changes, or as it has reads, whichever is fewer.
        let mut changed: Vec<u64> = changed.into_iter().collect();
        changed.sort_unstable();
        let dirty = |reads: Option<&Vec<u64>>| {
            reads.is_none_or(|reads| match changed.len() <= reads.len() {
                true => changed.iter().any(|c| reads.binary_search(c).is_ok()),
                false => reads.iter().any(|r| changed.binary_search(r).is_ok()),
            })
        };
        // The same pages as before (what decides which pages there are did not change): the
        // rendered ones take new reads, the others keep theirs.
        let Memo {
            mut pages,
            mut outputs,
            print: old_print,
            ..
        } = old;
        let todo: Vec<Job> = self
            .jobs
            .iter()
            .copied()
            .filter(|&job| dirty(pages.get(&job_path(site, job))))
            .collect();
        let total = todo.len() + 2;
        let done = AtomicUsize::new(0);
        let tick = |n: usize| {
            let done = done.fetch_add(n, Ordering::Relaxed) + n;
            progress(Progress {
                done,
                total,
                waiting: false,
            });
        };
        let mut files: Vec<(String, Vec<u8>, Vec<site::Read>)> = todo
            .par_iter()
            .map(|&job| {
                let (rendered, reads) = site::record(|| self.render(job));
                let (path, html) = rendered?;
                tick(1);
                Ok::<_, RenderError>((path, html, reads))
            })
            .collect::<Result<_, _>>()?;
        if !site.register.is_empty() && dirty(pages.get(site::REGISTER_CSV)) {
            let (csv, reads) = site::record(|| self.register_csv());
            files.push((site::REGISTER_CSV.into(), csv.into_bytes(), reads));
        }
        let rendered = files.len();
        let written = files
            .par_iter()
            .map(|(path, bytes, _)| writer.put(path, bytes, outputs.get(path)))
            .collect::<Result<Vec<_>, _>>()?;
        for ((path, _, reads), output) in files.into_iter().zip(written) {
            pages.insert(path.clone(), facts.read_ids(&reads));
            outputs.insert(path, output);
        }
        pages_done();

        // The index holds every document's text: any change may change it. Its parts are
        // named as it is built; unchanged parts are not written again.
        let search_paths: Vec<String> = if changed.is_empty() {
            outputs
                .keys()
                .filter(|p| search::is_part(p))
                .cloned()
                .collect()
        } else {
            let put = search::build(site, lang)
                .write(|path, bytes| writer.put(path, bytes, outputs.get(path)))?;
            put.into_iter()
                .map(|(path, _, output)| {
                    outputs.insert(path.clone(), output);
                    path
                })
                .collect()
        };
        tick(1);
        let mut print = BTreeMap::new();
        let shared = print::Shared::default();
        for scope in self.print_scopes() {
            let rel = scope.path();
            let before = old_print.get(&rel);
            let memo = self.update_print(
                scope,
                before,
                (&facts, &dirty),
                (&writer, &mut outputs),
                &shared,
            )?;
            print.insert(rel, memo);
            tick(1);
        }
        for asset in &self.assets {
            let from = hb.root.join(asset.as_str());
            let bytes = std::fs::read(&from).map_err(io_error(&from))?;
            let output = writer.put(asset, &bytes, outputs.get(asset.as_str()))?;
            outputs.insert(asset.to_string(), output);
        }
        let mut memo = Memo::new(&facts, site);
        memo.pages = pages;
        memo.outputs = outputs;
        memo.print = print;
        // Files the build before wrote and this one does not.
        let mut wanted: std::collections::HashSet<String> =
            self.jobs.iter().map(|&job| job_path(site, job)).collect();
        wanted.extend(self.assets.iter().map(|a| a.to_string()));
        wanted.extend(
            theme
                .statics
                .iter()
                .map(|(name, _)| format!("{}/{name}", site::STATIC_DIR)),
        );
        wanted.extend(self.print_scopes().into_iter().map(|scope| scope.path()));
        wanted.extend(search_paths.iter().cloned());
        wanted.insert(".nojekyll".into());
        if !site.register.is_empty() {
            wanted.insert(site::REGISTER_CSV.into());
        }
        let gone: Vec<String> = memo
            .outputs
            .keys()
            .filter(|path| !wanted.contains(*path))
            .cloned()
            .collect();
        for path in gone {
            writer.remove(&path)?;
            memo.outputs.remove(&path);
        }
        if on_disk {
            writer.put(MEMO_FILE, &memo.to_bytes(), None)?;
        }
        drop(writer);
        let size = |path: &str| memo.outputs.get(path).map_or(0, |o| o.size);
        let search_bytes = search_paths.iter().map(|path| size(path)).sum();
        let print_bytes = self
            .print_scopes()
            .into_iter()
            .map(|scope| size(&scope.path()))
            .sum();
        let page_bytes: u64 = self
            .jobs
            .iter()
            .map(|&job| size(&job_path(site, job)))
            .sum();
        let stats = Stats {
            pages: self.jobs.len() + self.print_scopes().len(),
            assets: self.assets.len(),
            bytes: page_bytes + search_bytes + print_bytes,
            search_index_bytes: search_bytes,
            print_bytes,
            rendered,
            incremental: true,
        };
        Ok(Ok((stats, Some(memo))))
    }

    /// Bring the print page of `scope` up to date: parts whose reads did not change are copied
    /// from the file as it is, the others rendered.
    fn update_print(
        &self,
        scope: site::PrintScope,
        old: Option<&memo::PrintMemo>,
        (facts, dirty): (&memo::Facts, Dirty),
        (writer, outputs): (&InPlace, &mut BTreeMap<String, memo::Output>),
        shared: &print::Shared,
    ) -> Result<memo::PrintMemo, RenderError> {
        let site = &self.site;
        let rel = scope.path();
        let empty = memo::PrintMemo::default();
        let old = old.unwrap_or(&empty);
        let frame_dirty = dirty(Some(&old.frame)) || old.parts.is_empty() && old.head == 0;
        let parts_dirty: Vec<bool> = old.parts.iter().map(|p| dirty(Some(&p.reads))).collect();
        if !frame_dirty && !parts_dirty.contains(&true) {
            return Ok(old.clone());
        }
        // The previous file is read a part at a time and the new one written as it is made:
        // a print page of many megabytes is never held in memory.
        let previous = std::fs::File::open(self.opts.out.join(&rel)).ok();
        let reuse = OldPrint::new(old, previous, frame_dirty, parts_dirty);
        let (output, recorded) = writer.put_with(&rel, outputs.get(&rel), |file| {
            let (theme, lang) = (&self.theme, self.lang);
            print::write(site, theme, lang, scope, file, &|_| {}, &reuse, shared)
        })?;
        // Parts copied as they were keep what they read before.
        let mut fresh = print_memo(site, facts, &recorded);
        for (n, part) in fresh.parts.iter_mut().enumerate() {
            if reuse.parts.get(n).is_some_and(Option::is_some) {
                part.reads = old.parts[n].reads.clone();
            }
        }
        if reuse.frame.is_some() {
            fresh.frame = old.frame.clone();
        }
        outputs.insert(rel, output);
        Ok(fresh)
    }
}

/// Whether a page (or part) with these reads must be rendered again (`None`: never rendered).
type Dirty<'d> = &'d dyn Fn(Option<&Vec<u64>>) -> bool;

/// The previous print page cut into its frame and parts as its memo says, for the pieces that
/// need no rendering; each is read from the file when it is copied. Nothing is reused when the
/// file does not have the length the memo says.
struct OldPrint {
    file: Option<std::sync::Mutex<std::fs::File>>,
    /// The head and the tail: where each starts and its length.
    frame: Option<((u64, u64), (u64, u64))>,
    /// Per part: where it starts and its length.
    parts: Vec<Option<(u64, u64)>>,
}

impl OldPrint {
    /// The parts are those of the same documents in the same order: an update requires the
    /// reading order unchanged.
    fn new(
        memo: &memo::PrintMemo,
        file: Option<std::fs::File>,
        frame_dirty: bool,
        parts_dirty: Vec<bool>,
    ) -> OldPrint {
        // Lengths come from a file: summed without overflow.
        let total = memo
            .parts
            .iter()
            .fold(memo.head.checked_add(memo.tail), |sum, p| {
                sum.and_then(|s| s.checked_add(p.len))
            });
        let len = file
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map(|m| m.len());
        let (Some(file), Some(total)) = (file, total.filter(|&t| Some(t) == len)) else {
            return OldPrint {
                file: None,
                frame: None,
                parts: Vec::new(),
            };
        };
        let mut at = memo.head;
        let parts = memo
            .parts
            .iter()
            .zip(parts_dirty)
            .map(|(part, dirty)| {
                let piece = (at, part.len);
                at += part.len;
                (!dirty).then_some(piece)
            })
            .collect();
        OldPrint {
            file: Some(std::sync::Mutex::new(file)),
            frame: (!frame_dirty).then_some(((0, memo.head), (total - memo.tail, memo.tail))),
            parts,
        }
    }

    /// The bytes at `(start, len)` of the file; `None` if it cannot be read (then the piece is
    /// rendered).
    fn read(&self, (start, len): (u64, u64)) -> Option<Vec<u8>> {
        use std::io::{Read, Seek};
        let mut file = self
            .file
            .as_ref()?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        file.seek(std::io::SeekFrom::Start(start)).ok()?;
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    }
}

impl print::Reuse for OldPrint {
    fn frame(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        let (head, tail) = self.frame?;
        Some((self.read(head)?, self.read(tail)?))
    }
    fn part(&self, n: usize) -> Option<Vec<u8>> {
        self.read(self.parts.get(n).copied().flatten()?)
    }
}

/// Does the file at `path` still look as the build that wrote it left it (size and time)?
fn unchanged(path: &Path, output: &memo::Output) -> bool {
    std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() == output.size && memo::mtime(&m) == output.mtime)
}

/// The output path of a page.
fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Home => "index.html".to_string(),
        Job::Review => site::REVIEW_PAGE.to_string(),
        Job::Register => site::REGISTER_PAGE.to_string(),
        Job::Kind(k) => site::kind_index_path(k),
        Job::Doc(i) => site::page_path(&site.hb.documents[i]),
    }
}

/// Writes into a site in place, under the output's lock: each file written beside in a
/// scratch folder of its own, then renamed over the old one, so a reader sees the old file or
/// the new one, never part of one.
struct InPlace {
    out: PathBuf,
    scratch: PathBuf,
    next: AtomicUsize,
    _lock: OutputLock,
}

impl InPlace {
    /// `None` when `out` is not a site opsbook wrote (an update is then not possible).
    fn open(
        out: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Option<InPlace>, RenderError> {
        let (parent, name) = split_output(out)?;
        let lock = OutputLock::acquire(parent.join(format!(".{name}.opsbook-lock")), || {
            progress(Progress {
                done: 0,
                total: 0,
                waiting: true,
            })
        })?;
        if !out.join(MARKER).is_file() || !out.is_dir() {
            return Ok(None);
        }
        remove_stale_staging(&parent, &name);
        let scratch = parent.join(format!(".{name}.opsbook-new-{}", std::process::id()));
        std::fs::create_dir(&scratch).map_err(io_error(&scratch))?;
        Ok(Some(InPlace {
            out: out.to_path_buf(),
            scratch,
            next: AtomicUsize::new(0),
            _lock: lock,
        }))
    }

    /// Put `bytes` at `rel` unless the file there already holds them (as `before` says).
    fn put(
        &self,
        rel: &str,
        bytes: &[u8],
        before: Option<&memo::Output>,
    ) -> Result<memo::Output, RenderError> {
        let hash = memo::hash_bytes(bytes);
        if let Some(before) = before
            && before.hash == hash
            && before.size == bytes.len() as u64
        {
            return Ok(before.clone());
        }
        let tmp = self.scratch_file();
        std::fs::write(&tmp, bytes).map_err(io_error(&tmp))?;
        self.rename_in(&tmp, rel, hash)
    }

    /// [`InPlace::put`] for a file too large to hold: `write` streams it into the scratch
    /// folder and says how many bytes it wrote, and the file replaces the one at `rel` unless
    /// that already holds the same bytes. Returns what `write` gave besides.
    fn put_with<T>(
        &self,
        rel: &str,
        before: Option<&memo::Output>,
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<(u64, T), RenderError>,
    ) -> Result<(memo::Output, T), RenderError> {
        let tmp = self.scratch_file();
        let file = std::fs::File::create(&tmp).map_err(io_error(&tmp))?;
        let mut file = HashingWriter::new(std::io::BufWriter::new(file), true);
        let (size, made) = write(&mut file)?;
        let (file, hash) = file.finish();
        file.into_inner()
            .map_err(|e| io_error(&tmp)(e.into_error()))?;
        if let Some(before) = before
            && before.hash == hash
            && before.size == size
        {
            let _ = std::fs::remove_file(&tmp);
            return Ok((before.clone(), made));
        }
        Ok((self.rename_in(&tmp, rel, hash)?, made))
    }

    /// A new file name in the scratch folder.
    fn scratch_file(&self) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        self.scratch.join(n.to_string())
    }

    /// Move the scratch file `tmp`, whose contents hash to `hash`, to `rel` in one step.
    fn rename_in(&self, tmp: &Path, rel: &str, hash: u64) -> Result<memo::Output, RenderError> {
        let path = self.out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::rename(tmp, &path).map_err(io_error(&path))?;
        let meta = std::fs::metadata(&path).map_err(io_error(&path))?;
        Ok(memo::Output {
            hash,
            size: meta.len(),
            mtime: memo::mtime(&meta),
        })
    }

    /// Remove the file at `rel`, and its folders as they become empty.
    fn remove(&self, rel: &str) -> Result<(), RenderError> {
        let path = self.out.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path)(e)),
        }
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.out) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

impl Drop for InPlace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// The print page's part of a memo.
fn print_memo(site: &Site, facts: &memo::Facts, recorded: &print::Recorded) -> memo::PrintMemo {
    memo::PrintMemo {
        head: recorded.head.0 as u64,
        tail: recorded.tail as u64,
        frame: facts.read_ids(&recorded.head.1),
        parts: recorded
            .parts
            .iter()
            .map(|(doc, len, reads)| memo::PrintPart {
                doc: site.hb.documents[*doc].path.clone(),
                len: *len as u64,
                reads: facts.read_ids(reads),
            })
            .collect(),
    }
}

/// A writer that hashes what passes through it (when asked to): the print page is streamed,
/// never held whole.
struct HashingWriter<W> {
    inner: W,
    hasher: Option<std::hash::DefaultHasher>,
}

impl<W: std::io::Write> HashingWriter<W> {
    fn new(inner: W, hash: bool) -> Self {
        HashingWriter {
            inner,
            hasher: hash.then(std::hash::DefaultHasher::new),
        }
    }

    /// The writer and the hash of everything written (0 when not hashing): the same as
    /// `memo::hash_bytes` of all the bytes at once.
    fn finish(self) -> (W, u64) {
        let h = self.hasher.map_or(0, |h| std::hash::Hasher::finish(&h));
        (self.inner, h)
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(h) = &mut self.hasher {
            std::hash::Hasher::write(h, &buf[..n]);
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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
    for &job in jobs {
        if let Job::Kind(k) = job {
            for section in site.print_sections(k) {
                claim(section.path(), format!("the print page of kind `{k}`"))?;
            }
        }
    }
    claim(site::SEARCH_INDEX.into(), "the search index".into())?;
    for (name, _) in &theme.statics {
        claim(format!("{}/{name}", site::STATIC_DIR), "the theme".into())?;
    }
    for asset in assets {
        claim(asset.to_string(), format!("asset `{asset}`"))?;
    }
    // A file where another output needs a folder (an asset `print` and `print/sop.html`).
    for (path, by) in &claims {
        let folder = format!("{path}/");
        if let Some((inner, other)) = claims.range(folder.clone()..).next()
            && inner.starts_with(&folder)
        {
            return Err(RenderError::Collision {
                path: path.clone(),
                first: other.clone(),
                second: by.clone(),
            });
        }
    }
    // The search index's other parts are named only once it is built: their folder is its own.
    let folder = format!("{}/", search::PARTS_DIR);
    let taken = claims
        .get_key_value(search::PARTS_DIR)
        .or_else(|| claims.range(folder.clone()..).next())
        .filter(|(path, _)| *path == search::PARTS_DIR || path.starts_with(&folder));
    match taken {
        Some((path, by)) => Err(RenderError::Collision {
            path: path.clone(),
            first: "the search index".into(),
            second: by.clone(),
        }),
        None => Ok(()),
    }
}

/// Where `doc.html` places the article: the frame is rendered around this and the article, an
/// HTML fragment rendered apart, goes in its place as bytes, not as a template value (no copy
/// into Tera, no second escape check). Tera escapes `<` in every value, so no handbook text can
/// forge it.
const ARTICLE_MARKER: &str = "<!--opsbook:article-->";

/// Render `job`: its path in the site and its HTML.
fn render_job(
    site: &Site,
    theme: &theme::Theme,
    lang: Lang,
    counts: &[(Kind, usize)],
    job: Job,
) -> Result<(String, Vec<u8>), RenderError> {
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
            "home.html"
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
            "review.html"
        }
        Job::Register => {
            ctx.insert("rows", &register::rows(site, &linker, lang));
            ctx.insert("csv", &linker.file(site::REGISTER_CSV));
            ctx.insert("title", lang.text("register"));
            ctx.insert("crumbs", &home_crumbs(&linker, lang, lang.text("register")));
            "register.html"
        }
        Job::Kind(k) => {
            ctx.insert("list", &pages::kind_page(site, &linker, lang, k));
            ctx.insert("title", lang.kind_label(k));
            ctx.insert("crumbs", &home_crumbs(&linker, lang, lang.kind_label(k)));
            "kind.html"
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
            let mut html = Vec::with_capacity(16 * 1024);
            theme.render_to(&template, &article, &path, &mut html)?;
            ctx.insert("article", ARTICLE_MARKER);
            ctx.insert("title", d.title());
            ctx.insert("crumbs", &nav::crumbs(site, &linker, lang, i));
            ctx.insert("prev", &prev);
            ctx.insert("next", &next);
            ctx.insert("running", &running(site, lang, i));
            let mut frame = Vec::with_capacity(8 * 1024);
            theme.render_to("doc.html", &ctx, &path, &mut frame)?;
            let page = splice(&frame, ARTICLE_MARKER.as_bytes(), &html);
            return Ok((path, page));
        }
    };
    let mut html = Vec::with_capacity(16 * 1024);
    theme.render_to(template, &ctx, &path, &mut html)?;
    Ok((path, html))
}

/// `frame` with every `marker` replaced by `part`.
fn splice(frame: &[u8], marker: &[u8], part: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(frame.len() + part.len());
    let mut rest = frame;
    while let Some(at) = find(rest, marker) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(part);
        rest = &rest[at + marker.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Where `needle` (not empty) first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    (0..hay.len())
        .filter(|&i| hay[i] == first)
        .find(|&i| hay[i..].starts_with(needle))
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
///
/// When the output lies inside the handbook (the default `_site`), the site it replaces is
/// kept beside it as the spare (`.NAME.opsbook-spare`, ignored by git) and becomes the next
/// build's staging folder: its files are written over rather than made anew. On ext4 a file
/// made soon after thousands were deleted costs a scan past every recently freed inode
/// (`recently_deleted` in the kernel's profile: half a 10,000-document build's time), and
/// written over it costs none. Elsewhere (a folder a web server may serve from its parent)
/// no old copy is left beside the site: it is deleted, and so is a spare found there.
struct Staging {
    dir: PathBuf,
    out: PathBuf,
    spare: PathBuf,
    /// Whether to keep the site replaced as the spare.
    keep: bool,
    /// When the spare was taken: the files and folders it held (relative to `dir`; folders
    /// parents first), and what this build wrote. Files not written are removed before the
    /// swap, so the site holds what this build made and nothing else.
    reused: Option<Reused>,
    committed: bool,
    _lock: OutputLock,
}

/// What a spare taken as the staging folder held, and what the build has written into it.
struct Reused {
    files: Vec<String>,
    dirs: Vec<PathBuf>,
    written: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// Whether the file of `entry` may be written over: writable, and its only name.
fn writable_alone(entry: &walkdir::DirEntry) -> bool {
    let Ok(meta) = entry.metadata() else {
        return false;
    };
    #[cfg(unix)]
    let alone = std::os::unix::fs::MetadataExt::nlink(&meta) == 1;
    #[cfg(not(unix))]
    let alone = true;
    alone && !meta.permissions().readonly()
}

/// The spare's name beside the output folder `name`.
fn spare_name(name: &str) -> String {
    format!(".{name}.opsbook-spare")
}

/// Where a full build into `out` keeps the site it replaced, to write the next one over it
/// (see [`render_site`]): whoever removes the site for good removes this too.
pub fn spare_path(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.with_file_name(spare_name(&name)))
}

/// The regular files and folders under `dir` (relative), removing anything else: a symbolic
/// link written into the spare must not lead a write outside it, a file with other hard links
/// (a deduplicating tool may link the spare's copy of an asset to the handbook's) must not be
/// written through, and a read-only file (copied with its asset's mode) could not be written.
fn survey(dir: &Path) -> Result<(Vec<String>, Vec<PathBuf>), RenderError> {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| io_error(dir)(e.into()))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let kind = entry.file_type();
        if kind.is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if let (true, Some(rel)) = (kind.is_file() && writable_alone(&entry), rel.to_str()) {
            files.push(if cfg!(windows) {
                rel.replace('\\', "/")
            } else {
                rel.to_string()
            });
        } else {
            std::fs::remove_file(entry.path()).map_err(io_error(entry.path()))?;
        }
    }
    Ok((files, dirs))
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RenderError {
    let path = path.to_path_buf();
    move |source| RenderError::Io { path, source }
}

/// The folder a site folder lies in (made if missing) and the site folder's name.
fn split_output(out: &Path) -> Result<(PathBuf, String), RenderError> {
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
    Ok((parent, name))
}

impl Staging {
    fn create(
        out: &Path,
        keep: bool,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Staging, RenderError> {
        let (parent, name) = split_output(out)?;
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
        let spare = parent.join(spare_name(&name));
        // Linux only: where names may differ in case or form and still be one file (macOS,
        // Windows) a page written as `a.html` would be removed as the spare's `A.html`. Where
        // it is not kept, a spare found is removed and the old site deleted after the swap.
        let keep = keep && cfg!(target_os = "linux");
        let reused = match std::fs::symlink_metadata(&spare) {
            Ok(meta) if keep && meta.is_dir() && std::fs::rename(&spare, &dir).is_ok() => {
                let (files, dirs) = survey(&dir)?;
                Some(Reused {
                    files,
                    dirs,
                    written: Default::default(),
                })
            }
            Ok(meta) => {
                // Not to be kept, not a folder, or one that cannot be moved: removed (and made
                // anew after the swap when kept).
                let _ = if meta.is_dir() {
                    std::fs::remove_dir_all(&spare)
                } else {
                    std::fs::remove_file(&spare)
                };
                None
            }
            Err(_) => None,
        };
        if reused.is_none() {
            std::fs::create_dir(&dir).map_err(io_error(&dir))?;
        }
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            spare,
            keep,
            reused,
            committed: false,
            _lock: lock,
        })
    }

    fn target(&self, rel: &str) -> Result<PathBuf, RenderError> {
        let path = self.dir.join(rel);
        let Some(reused) = &self.reused else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            return Ok(path);
        };
        reused
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        // The spare's folders may stand where this build writes a file, or its files where
        // this build needs a folder: those give way.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            std::fs::remove_dir_all(&path).map_err(io_error(&path))?;
        }
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            for ancestor in parent.ancestors().take_while(|a| *a != self.dir) {
                if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
                    // Another page's write may have removed it just now.
                    match std::fs::remove_file(ancestor) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(io_error(ancestor)(e));
                        }
                        _ => {}
                    }
                }
            }
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        Ok(path)
    }

    /// Open the file at `rel` for writing from its start, made if missing. A file of the
    /// spare is written over and not emptied first: emptying makes ext4 write the new contents
    /// out to disk as the file is closed (its `auto_da_alloc` guard against files left empty
    /// by a crash), which the staging folder, swapped in whole, does not need. The caller
    /// cuts the file to the length it wrote ([`std::fs::File::set_len`]).
    fn open(&self, rel: &str) -> Result<(PathBuf, std::fs::File), RenderError> {
        let path = self.target(rel)?;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error(&path))?;
        Ok((path, file))
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let (path, mut file) = self.open(rel)?;
        std::io::Write::write_all(&mut file, bytes)
            .and_then(|()| file.set_len(bytes.len() as u64))
            .map_err(|source| RenderError::Io { path, source })
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
        self.remove_unwritten()?;
        self.swap()?;
        self.committed = true;
        Ok(())
    }

    /// In a spare taken as the staging folder, remove what this build did not write: files,
    /// then the folders left empty.
    fn remove_unwritten(&mut self) -> Result<(), RenderError> {
        let Some(reused) = self.reused.take() else {
            return Ok(());
        };
        let written = reused
            .written
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        for rel in reused.files.iter().filter(|rel| !written.contains(*rel)) {
            let path = self.dir.join(rel);
            // Gone already where this build put a folder in its place, or a file in place of
            // a folder above it.
            let gone = |e: &std::io::Error| {
                use std::io::ErrorKind::{NotADirectory, NotFound};
                matches!(e.kind(), NotFound | NotADirectory)
                    || std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            };
            match std::fs::remove_file(&path) {
                Err(e) if !gone(&e) => return Err(io_error(&path)(e)),
                _ => {}
            }
        }
        for dir in reused.dirs.iter().rev() {
            // Fails for the folders that still hold files, as it should.
            let _ = std::fs::remove_dir(dir);
        }
        Ok(())
    }

    /// Put the staged site in place of the old one in one step where the system can
    /// ([`exchange`]), else with two renames; the old one becomes the spare.
    fn swap(&self) -> Result<(), RenderError> {
        if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out).map_err(io_error(&self.out))?;
        } else if exchange(&self.dir, &self.out).map_err(io_error(&self.out))? {
            // The staging folder now holds the old site.
            self.keep_spare(&self.dir);
        } else {
            self.swap_by_renames()?;
        }
        Ok(())
    }

    /// Keep the old site at `old` as the spare, ignored by git (it lies in the handbook's
    /// repository), when the spare is kept; else, or should that fail, remove it.
    fn keep_spare(&self, old: &Path) {
        let kept = self.keep
            && std::fs::rename(old, &self.spare).is_ok()
            && std::fs::write(self.spare.join(".gitignore"), "*\n").is_ok();
        if !kept {
            // An old copy that cannot be removed is only litter: the next build removes it.
            let _ = std::fs::remove_dir_all(old);
            let _ = std::fs::remove_dir_all(&self.spare);
        }
    }

    /// Rename the old site aside, the new one in, then keep the old as the spare. Between the
    /// two renames there is no site; if the second fails the old one is put back.
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
        self.keep_spare(&old);
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

    #[test]
    fn a_volume_copies_the_parts_print_html_rendered_but_the_one_opening_it() {
        // One role and one more note than a volume holds: print.html renders every part once
        // and gives each kind's page its own; the notes' second volume opens with its only
        // note, which print.html renders without the chapter heading.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("hb");
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::create_dir_all(root.join("roles")).unwrap();
        std::fs::write(root.join("handbook.yaml"), "title: Big\n").unwrap();
        let role = "---\nkind: role\nid: clerk\ntitle: Clerk\nresponsibilities: [File]\n---\n";
        std::fs::write(root.join("roles/clerk.md"), role).unwrap();
        for i in 0..=PRINT_VOLUME {
            let text = format!("---\ntitle: Note {i:04}\n---\n\n[Clerk](../roles/clerk.md)\n");
            std::fs::write(root.join(format!("notes/n{i:04}.md")), text).unwrap();
        }
        let hb = crate::load::load_handbook(&root).unwrap();
        let index = Index::new(&hb);
        let options = Options {
            out: dir.path().join("site"),
            today: Date::parse("2026-11-23").unwrap(),
            theme: None,
        };
        let inputs = Inputs {
            handbook: &hb,
            index: &index,
            history: None,
            options: &options,
        };
        let build = Build::new(inputs, None).unwrap();
        let shared = print::Shared::default();
        let mut pages = Vec::new();
        for scope in build.print_scopes() {
            let mut html = Vec::new();
            let write = print::write;
            let (lang, theme) = (build.lang, &build.theme);
            write(
                &build.site,
                theme,
                lang,
                scope,
                &mut html,
                &|_| {},
                &print::Fresh,
                &shared,
            )
            .unwrap();
            pages.push((scope.path(), shared.counts()));
        }
        let counts: Vec<_> = pages.iter().map(|(p, n)| (p.as_str(), *n)).collect();
        // print.html leaves the role's and the 501 notes' parts (held, given): the role's page
        // takes its one, the first volume its 500, the second finds its one not fit and
        // renders it.
        let notes = PRINT_VOLUME + 1;
        assert_eq!(
            counts,
            [
                ("print.html", (notes + 1, 0)),
                ("print/role.html", (notes, 1)),
                ("print/page-1.html", (1, notes)),
                ("print/page-2.html", (0, notes)),
            ]
        );
    }

    /// An old site at `dir/site` and a staged new one beside it.
    fn old_and_staged(dir: &Path) -> (PathBuf, Staging) {
        let out = dir.join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        std::fs::write(out.join("page.html"), "old").unwrap();
        let staging = Staging::create(&out, true, &|_| {}).unwrap();
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
    fn commit_replaces_the_old_site_and_keeps_it_as_the_spare_ignored_by_git() {
        let dir = tempfile::tempdir().unwrap();
        let (out, staging) = old_and_staged(dir.path());
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("page.html")).unwrap(),
            "new"
        );
        assert_eq!(entries(dir.path()), [".site.opsbook-spare", "site"]);
        let spare = spare_path(&out).unwrap();
        assert_eq!(
            std::fs::read_to_string(spare.join("page.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_to_string(spare.join(".gitignore")).unwrap(),
            "*\n"
        );
    }

    #[test]
    fn outside_the_handbook_the_old_site_is_deleted_and_a_spare_found_there_too() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        stage(&out, &[("a.html", "1")]);
        stage(&out, &[("a.html", "2")]);
        assert_eq!(entries(dir.path()), [".site.opsbook-spare", "site"]);
        let staging = Staging::create(&out, false, &|_| {}).unwrap();
        staging.write("a.html", b"3").unwrap();
        staging.commit().unwrap();
        assert_eq!(entries(dir.path()), ["site"]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "3");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_or_read_only_file_of_the_spare_is_replaced_not_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        stage(&out, &[("a.html", "1"), ("b.png", "1")]);
        stage(&out, &[("a.html", "2"), ("b.png", "2")]);
        let spare = spare_path(&out).unwrap();
        // As a deduplicating tool leaves it: the spare's file one inode with a source file.
        let source = dir.path().join("source.html");
        std::fs::write(&source, "the source").unwrap();
        std::fs::remove_file(spare.join("a.html")).unwrap();
        std::fs::hard_link(&source, spare.join("a.html")).unwrap();
        let ro = spare.join("b.png");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
        stage(&out, &[("a.html", "3"), ("b.png", "3")]);
        assert_eq!(std::fs::read_to_string(&source).unwrap(), "the source");
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "3");
        assert_eq!(std::fs::read_to_string(out.join("b.png")).unwrap(), "3");
        // Made anew, not written through (which root, running the tests, could do): the
        // read-only mode is gone with the old file.
        assert!(
            !std::fs::metadata(out.join("b.png"))
                .unwrap()
                .permissions()
                .readonly()
        );
    }

    #[test]
    fn a_memo_that_is_a_link_or_too_large_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MEMO_CAP + 1)
            .unwrap();
        assert!(read_memo(&big).is_none());
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            assert!(read_memo(&link).is_none());
        }
    }

    /// Build `files` (path, contents) into `out` through a staging folder.
    fn stage(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::create(out, true, &|_| {}).unwrap();
        for (path, text) in files {
            staging.write(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    /// Every file under `dir`, relative, with its contents.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_build_over_the_spare_holds_what_it_wrote_and_nothing_the_spare_held() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        stage(
            &out,
            &[("a.html", "1"), ("gone/b.html", "1"), ("x", "file")],
        );
        stage(&out, &[("a.html", "2"), ("c.html", "2")]);
        // The spare (the first site) is written over: its `gone/` and `b.html` go, its file `x`
        // gives way to a folder, and the second site's `c.html` (not in the spare) is made.
        let third: &[(&str, &str)] = &[("a.html", "3"), ("x/y.html", "3"), ("d/e.html", "3")];
        stage(&out, third);
        let mut want: Vec<(String, String)> = third
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        want.push((
            MARKER.to_string(),
            String::from_utf8_lossy(
                b"written by opsbook build; this folder is replaced on every build\n",
            )
            .into_owned(),
        ));
        want.sort();
        assert_eq!(tree(&out), want);
        // And a folder of the spare gives way to a file.
        stage(&out, &[("a.html", "4"), ("x", "file again")]);
        stage(&out, &[("a.html", "5"), ("x", "file again")]);
        assert_eq!(
            std::fs::read_to_string(out.join("x")).unwrap(),
            "file again"
        );
        assert_eq!(entries(dir.path()), [".site.opsbook-spare", "site"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_spare_is_removed_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        stage(&out, &[("a.html", "1")]);
        stage(&out, &[("a.html", "2")]);
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "untouched").unwrap();
        let spare = spare_path(&out).unwrap();
        std::fs::remove_file(spare.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&outside, spare.join("a.html")).unwrap();
        std::os::unix::fs::symlink(dir.path(), spare.join("sub")).unwrap();
        stage(&out, &[("a.html", "3"), ("sub/b.html", "3")]);
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "untouched");
        assert!(!dir.path().join("b.html").exists());
        assert!(
            std::fs::symlink_metadata(out.join("a.html"))
                .unwrap()
                .is_file()
        );
        assert!(std::fs::symlink_metadata(out.join("sub")).unwrap().is_dir());
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
