//! Files that would keep a store from opening, set aside (never deleted)
//! in `recovered/`, with a log of what was moved, when and why.

use std::path::Path;

use super::{Result, Store, StoreError, create_private_dir};

/// Where files that would keep a store from opening are set aside, never
/// deleted; `RECOVERED_LOG` in it says what was moved, when and why.
pub const RECOVERED: &str = "recovered";
const RECOVERED_LOG: &str = "recovered.log";

/// A crash while sled writes a snapshot leaves a partial
/// `db/snap.*.generating`, which sled then reads as a damaged store (a known
/// sled fault). Such a file holds nothing the log does not: it is moved to
/// `recovered/` and the move logged, so that the store opens.
pub(super) fn set_aside_leftovers(dir: &Path) -> Result<Vec<String>> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let db = dir.join("db");
    let Ok(entries) = std::fs::read_dir(&db) else {
        return Ok(Vec::new());
    };
    let mut moved = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("snap.") && name.ends_with(".generating")) {
            continue;
        }
        let place = dir.join(RECOVERED);
        create_private_dir(&place)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let to = place.join(format!("{name}.{stamp}"));
        std::fs::rename(entry.path(), &to).map_err(io(&entry.path()))?;
        let line = format!(
            "{stamp} moved db/{name} to {}: a snapshot left half-written by a crash, which sled would read as a damaged store\n",
            to.display()
        );
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(place.join(RECOVERED_LOG))
            .and_then(|mut f| f.write_all(line.as_bytes()))
            .map_err(io(&place))?;
        tracing::warn!("{}", line.trim_end());
        moved.push(line.trim_end().to_string());
    }
    Ok(moved)
}

impl Store {
    /// What was set aside in `recovered/` when the store was opened, oldest
    /// first (`docket check` reports it).
    pub fn recovered(&self) -> Result<Vec<String>> {
        let log = self.path.join(RECOVERED).join(RECOVERED_LOG);
        match std::fs::read_to_string(&log) {
            Ok(text) => Ok(text.lines().map(str::to_string).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(source) => Err(StoreError::Io { path: log, source }),
        }
    }
}
