use std::path::PathBuf;
use std::process::ExitCode;

use miette::Result;
use opsbook::git::{GitError, Repo};
use opsbook::locale::Message;
use opsbook::model::Index;
use opsbook::owners::codeowners;
use similar::TextDiff;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The handbook folder [default: found from the current folder]
    root: Option<PathBuf>,
    /// Compare with the committed file instead; exit 1 when it differs
    #[arg(long)]
    check: bool,
    /// The file to write, or with --check to compare with
    /// [default: print; with --check, .github/CODEOWNERS at the repository's top, or in the
    /// handbook folder outside git]
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let handbook = super::load(args.root.as_deref())?;
    // Git only tells where the handbook sits in its repository; outside one, the handbook's
    // folder is taken as the top (CODEOWNERS paths are relative to it).
    let (top, prefix) = match Repo::open(&handbook.root) {
        Ok(repo) => (repo.top().to_path_buf(), repo.prefix().to_string()),
        Err(GitError::NotARepository(_)) => (handbook.root.clone(), String::new()),
        Err(e) => return Err(e.into()),
    };
    let owners = codeowners(&handbook, &Index::new(&handbook), &prefix);
    let lang = super::lang();
    for doc in &owners.unowned {
        let roles: Vec<&str> = doc.owners.iter().map(String::as_str).collect();
        let warning = Message::new(
            "owners.no-reviewer",
            vec![doc.path.as_str().into(), super::identifiers(&roles)],
        );
        eprintln!("{}", warning.render(lang));
    }
    for path in &owners.unnamable {
        let error = Message::new(
            "owners.unnamable",
            vec![path.escape_debug().to_string().into()],
        );
        eprintln!("{}", error.render(lang));
    }
    // Such a path is an error whatever the mode, so CI stops on it; the file is still complete
    // for every other document.
    let code = if owners.unnamable.is_empty() { 0 } else { 1 };
    if !args.check {
        match &args.out {
            Some(path) => write(path, &owners.text)?,
            None => print!("{}", owners.text),
        }
        return Ok(ExitCode::from(code));
    }
    let path = args.out.unwrap_or_else(|| {
        let path = top.join(".github").join("CODEOWNERS");
        // Said as the user would type it: relative to where they are, when below.
        let cwd = std::env::current_dir().unwrap_or_default();
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        path.strip_prefix(&cwd).map(PathBuf::from).unwrap_or(path)
    });
    let committed = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let shown = path.display().to_string();
            let message = Message::new("cli.owners-missing", vec![shown.as_str().into()]);
            let help = Message::new("cli.owners-missing.help", vec![shown.as_str().into()]);
            let error = Message::new("owners.error", vec![message.into(), help.into()]);
            eprintln!("{}", error.render(lang));
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            let message = Message::new("error.io-read", vec![path.display().to_string().into()]);
            return Err(super::io_failure(message, &e));
        }
    };
    if committed == owners.text {
        return Ok(ExitCode::from(code));
    }
    let shown = path.display().to_string();
    let error = Message::new(
        "owners.out-of-date",
        vec![shown.as_str().into(), shown.as_str().into()],
    );
    eprintln!("{}", error.render(lang));
    print!(
        "{}",
        TextDiff::from_lines(&committed, &owners.text)
            .unified_diff()
            .header("committed", "generated")
    );
    Ok(ExitCode::from(1))
}

fn write(path: &std::path::Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            let message =
                Message::new("error.io-create", vec![parent.display().to_string().into()]);
            super::io_failure(message, &e)
        })?;
    }
    std::fs::write(path, text).map_err(|e| {
        let message = Message::new("error.io-write", vec![path.display().to_string().into()]);
        super::io_failure(message, &e)
    })
}
