use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::diff::{self, markdown};
use opsbook::git::Repo;
use opsbook::load::{self, find_root};
use opsbook::locale::Message;
use opsbook::model::Handbook;

#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub(crate) enum Format {
    /// A pull-request comment
    #[default]
    Markdown,
    /// Every change, as `{"documents": […]}`
    Json,
}

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The older side: a git revision (`origin/main`, `HEAD~1`) or a handbook folder
    base: String,
    /// The newer side: a git revision or a handbook folder [default: the working tree]
    head: Option<String>,
    /// The handbook folder in the repository [default: found from the current folder]
    #[arg(long)]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Put before Markdown file links, e.g. https://github.com/OWNER/REPO/blob/SHA/
    /// [default: links relative to the repository]
    #[arg(long)]
    link_base: Option<String>,
}

/// One side of the comparison. An argument naming an existing folder is a folder, anything
/// else a revision.
enum Side<'a> {
    Folder(&'a Path),
    Revision(&'a str),
    WorkingTree,
}

impl<'a> Side<'a> {
    fn parse(text: &'a str) -> Side<'a> {
        let path = Path::new(text);
        if path.is_dir() {
            Side::Folder(path)
        } else {
            Side::Revision(text)
        }
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let base = Side::parse(&args.base);
    let head = args.head.as_deref().map_or(Side::WorkingTree, Side::parse);
    let (old, new, prefix) = match (&base, &head) {
        (Side::Folder(a), Side::Folder(b)) => {
            (super::load(Some(a))?, super::load(Some(b))?, String::new())
        }
        _ => {
            let root = match &args.root {
                Some(root) => root.clone(),
                None => find_root(None, &std::env::current_dir().into_diagnostic()?)?,
            };
            let uses_git = matches!(base, Side::Revision(_)) || matches!(head, Side::Revision(_));
            let repo = if uses_git {
                Some(Repo::open(&root)?)
            } else {
                None
            };
            let read = |side: &Side| -> Result<Handbook> {
                match side {
                    Side::Folder(path) => super::load(Some(path)),
                    Side::WorkingTree => super::load(Some(&root)),
                    Side::Revision(rev) => {
                        let repo = repo.as_ref().expect("opened for revisions");
                        Ok(load::load_revision(repo, rev, &root)?)
                    }
                }
            };
            let prefix = repo
                .as_ref()
                .map(|r| r.prefix().to_string())
                .unwrap_or_default();
            (read(&base)?, read(&head)?, prefix)
        }
    };
    let changes = diff::diff_handbooks(&old, &new);
    // The newer side's `language:` (for a revision, the one on disk), unless `--lang` or
    // OPSBOOK_LANG say otherwise.
    let lang = super::lang_with(Some(&new.root));
    let working_tree = Message::new("diff.working-tree", vec![]).render(lang);
    let text = match args.format {
        Format::Json => diff::json(&changes),
        Format::Markdown => markdown::render(
            &changes,
            &markdown::Comment {
                base: &args.base,
                head: args.head.as_deref().unwrap_or(&working_tree),
                prefix: &prefix,
                link_base: args.link_base.as_deref().unwrap_or_default(),
                limit: markdown::GITHUB_COMMENT_LIMIT,
                lang,
            },
        ),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
