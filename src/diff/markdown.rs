//! The change list as Markdown to post on a pull request as is.
