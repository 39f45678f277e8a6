//! The file that keeps a handbook's history between runs: where it lives, how it is written
//! (whole, then renamed into place) and read back, and the encoding of its values. What the
//! history puts in it is [`super`]'s business; this file knows nothing of revisions.
//!
//! A cache file is `MAGIC`, the format version, the body, then an FNV-1a hash of all that.
//! Strings are a `u32` length and UTF-8 bytes; numbers are little-endian. Anything that does
//! not read back exactly — another version, a truncated or altered file, garbage, a file
//! larger than any history could be — is no cache at all: the history is read from git again
//! and the file rewritten.

use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"opsbook history cache\n";

/// The format version: a file written with another one is not read. It is in the file name
/// too, so that two opsbook versions sharing a repository keep a file each.
const VERSION: u32 = 1;

/// Files larger than this are not read: no history of a handbook comes near it.
const MAX_SIZE: u64 = 1 << 30;

/// The cache file of the handbook folder at `prefix` (relative to the repository's top) in the
/// repository whose common git folder is `common_dir`: one file per folder, since two
/// handbooks may share a repository.
pub(super) fn path(common_dir: &Path, prefix: &str) -> PathBuf {
    common_dir.join("opsbook").join(format!(
        "history-v{VERSION}-{:016x}.bin",
        fnv(FNV_START, prefix.as_bytes())
    ))
}

/// The bytes of the cache file at `path`, if there is one and it is not too large.
pub(super) fn load(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_SIZE {
        return None;
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_SIZE + 1), &mut bytes).ok()?;
    Some(bytes)
}

/// Write `bytes` as the cache file at `path`: into a file of its own first, then renamed over
/// the old one, so that a reader sees the old file or the new one, never half of one, and two
/// runs writing at once leave one of their files whole.
pub(super) fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(bytes));
    let renamed = written.and_then(|()| std::fs::rename(&temp, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: the same on every machine and every Rust version, unlike `DefaultHasher`.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Encodes the values of a cache file, in order.
pub(super) struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub(super) fn new() -> Writer {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(VERSION.to_le_bytes());
        Writer { bytes }
    }

    pub(super) fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub(super) fn u32(&mut self, value: u32) {
        self.bytes.extend(value.to_le_bytes());
    }

    /// A count or an index: lengths beyond `u32` do not occur (files are capped far lower).
    pub(super) fn len(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    pub(super) fn str(&mut self, value: &str) {
        self.len(value.len());
        self.bytes.extend(value.as_bytes());
    }

    /// The file's bytes, its hash appended.
    pub(super) fn finish(mut self) -> Vec<u8> {
        let hash = fnv(FNV_START, &self.bytes);
        self.bytes.extend(hash.to_le_bytes());
        self.bytes
    }
}

/// Reads back what a [`Writer`] wrote; every read is `None` past the end.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader of the body of `bytes`, if they are a whole cache file of this version.
    pub(super) fn open(bytes: &'a [u8]) -> Option<Reader<'a>> {
        let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if fnv(FNV_START, body).to_le_bytes() != hash {
            return None;
        }
        let mut reader = Reader {
            bytes: body.strip_prefix(MAGIC)?,
        };
        (reader.u32()? == VERSION).then_some(reader)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(taken)
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A count of items that take at least `min_size` bytes each: never more than the bytes
    /// left can hold, so that a forged count cannot make a reader allocate without bound.
    pub(super) fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = usize::try_from(self.u32()?).ok()?;
        (n.checked_mul(min_size.max(1))? <= self.bytes.len()).then_some(n)
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// Whether everything was read: a body longer than its contents is not one this wrote.
    pub(super) fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_any_change_or_cut_reads_as_nothing() {
        let mut w = Writer::new();
        w.str("handbook/");
        w.u32(7);
        w.u8(3);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        assert_eq!(
            (r.str(), r.u32(), r.u8(), r.is_done()),
            (Some("handbook/"), Some(7), Some(3), true)
        );
        for cut in 0..bytes.len() {
            assert!(Reader::open(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut changed = bytes.clone();
        changed[MAGIC.len() + 6] ^= 1;
        assert!(Reader::open(&changed).is_none());
    }

    #[test]
    fn a_forged_count_larger_than_the_file_is_refused() {
        let mut w = Writer::new();
        w.u32(u32::MAX);
        let bytes = w.finish();
        assert_eq!(Reader::open(&bytes).unwrap().count(1), None);
    }
}
