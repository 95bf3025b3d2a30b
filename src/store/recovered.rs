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

/// Files of the store that others than its owner may read or write, each
/// with the command that fixes it: the data and the log are the owner's
/// alone (a shared store's members only connect to its socket).
pub fn loose_modes(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    // Inside a directory only its owner may enter, nothing else matters.
    let private = std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o077 == 0);
    if private {
        return out;
    }
    let mut look = |path: &Path, allowed: u32| {
        if let Ok(meta) = std::fs::symlink_metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & !allowed != 0 {
                out.push(format!(
                    "{} is mode {mode:03o}: others may use it; chmod {} {}",
                    path.display(),
                    if meta.is_dir() { "go-w" } else { "go-rwx" },
                    path.display()
                ));
            }
        }
    };
    // The directory may be open to its group for reading and passing.
    look(dir, 0o755);
    for name in ["db", "server.log", "server.lock", RECOVERED] {
        look(&dir.join(name), 0o700);
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("db")) {
        for e in entries.flatten() {
            look(&e.path(), 0o700);
        }
    }
    out
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
