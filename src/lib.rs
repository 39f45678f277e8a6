//! opsbook: an operations handbook as code.
//!
//! One pipeline, one model: [`load`] reads a handbook folder into the [`model`], [`lint`]
//! validates it (schema and rules), [`report`] formats findings, [`render`] builds the site and
//! the print page, [`diff`] compares two revisions. [`check`] and [`build`] run the pipeline
//! for one set of resolved [`Settings`]; the binary in `main.rs` calls them, prints, and picks
//! the exit code. `ARCHITECTURE.md` tells the whole story.
//!
//! # Module order
//!
//! A module may use only the modules on the lines above its own, never one on its own line or
//! below (`tests/architecture.rs` fails on any other edge, and on a cycle between the files of
//! one module):
//!
//! 1. `locale`
//! 2. `text`, `url`, `yaml`, `git`
//! 3. `model`
//! 4. `markdown`, `validate`
//! 5. `load`
//! 6. `history`
//! 7. `lint`
//! 8. `report`, `render`, `scaffold`, `owners`, `edit`
//! 9. `diff`, `preview`
//! 10. `command`

pub mod command;
pub mod diff;
pub mod edit;
pub mod git;
pub mod history;
pub mod lint;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod owners;
pub mod preview;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod text;
pub mod url;
pub mod validate;
pub mod yaml;

pub use command::{
    Built, Checked, Flags, Preview, Rebuilt, Settings, Today, build, build_after, check,
    check_after, check_buffer, write_site,
};
