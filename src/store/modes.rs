//! Who may touch a store's files: the modes `docket check` reports, and
//! `docket share`, which makes a private store group-shared (or private
//! again) and says what it changed. The data and the log are always the
//! owner's alone; a shared store's members only connect to its socket.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::RECOVERED;
use crate::server::SOCKET;

/// Files of the store that others than its owner may read or write, or
/// that belong to another account (which the server, running as the owner,
/// could not write), each with the command that fixes it: the data and the
/// log are the owner's alone (a shared store's members only connect to its
/// socket). `docket share` fixes them all.
pub fn loose_modes(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(top) = std::fs::metadata(dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = ["db", "server.log", "server.lock", RECOVERED]
        .iter()
        .map(|n| dir.join(n))
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir.join("db")) {
        files.extend(entries.flatten().map(|e| e.path()));
    }
    let owner = crate::users::user_name(top.uid());
    for path in &files {
        if let Ok(meta) = std::fs::symlink_metadata(path)
            && meta.uid() != top.uid()
        {
            out.push(format!(
                "{} belongs to {}, not to the store's owner {owner}, whose server cannot write it; sudo chown {owner} {}",
                path.display(),
                crate::users::user_name(meta.uid()),
                path.display()
            ));
        }
    }
    // Inside a directory only its owner may enter, no mode matters.
    if top.permissions().mode() & 0o077 == 0 {
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
    for path in &files {
        look(path, 0o700);
    }
    out
}

/// Who a store is to be for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// Its owner only.
    Private,
    /// Members of group `gid` connect; with `service`, the files become that
    /// account's (root only), which then runs the server.
    Group { gid: u32, service: Option<u32> },
}

/// One change `share` made to a file of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    Owner { path: PathBuf, from: u32, to: u32 },
    Group { path: PathBuf, from: u32, to: u32 },
    Mode { path: PathBuf, from: u32, to: u32 },
}

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("there is no store at {0}")]
    NoStore(PathBuf),
    #[error(
        "the store {path} belongs to {owner}: only that account or root may change who shares it"
    )]
    NotOwner { path: PathBuf, owner: String },
    #[error(
        "only root may give the store to a service account (sudo docket share ... --service ...)"
    )]
    ServiceNeedsRoot,
    #[error(
        "cannot change {path}: {source}; run the command as root (sudo docket --store ... share ...); what was changed before is listed"
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
        done: Vec<Fix>,
    },
}

/// Makes the store at `dir` private or shared with a group: the directory
/// 0700 or 0750 (its group the members'), everything in it its owner's
/// only (0700 / 0600, never group- or world-readable), owned by the service
/// account when one is given. Returns what it changed, nothing when all
/// was right already. The server's socket is left to the server, which
/// makes it again, with the directory's group, when it next starts.
pub fn share(dir: &Path, sharing: Sharing) -> Result<Vec<Fix>, ShareError> {
    let meta = std::fs::metadata(dir).map_err(|_| ShareError::NoStore(dir.to_path_buf()))?;
    if !meta.is_dir() || !dir.join("db").is_dir() {
        return Err(ShareError::NoStore(dir.to_path_buf()));
    }
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    if me != 0 && me != meta.uid() {
        return Err(ShareError::NotOwner {
            path: dir.to_path_buf(),
            owner: crate::users::user_name(meta.uid()),
        });
    }
    let (group, service) = match sharing {
        Sharing::Private => (None, None),
        Sharing::Group { gid, service } => (Some(gid), service),
    };
    if service.is_some() && me != 0 {
        return Err(ShareError::ServiceNeedsRoot);
    }
    let owner = service.unwrap_or(meta.uid());
    let mut done = Vec::new();
    let fix = |path: &Path, top: bool, done: &mut Vec<Fix>| -> std::io::Result<()> {
        let m = std::fs::symlink_metadata(path)?;
        if m.file_type().is_symlink() {
            return Ok(());
        }
        // Inside, the group stays as it was unless the files change hands.
        let gid = match (top, service) {
            (true, _) | (false, Some(_)) => group.unwrap_or(m.gid()),
            (false, None) => m.gid(),
        };
        if m.uid() != owner || m.gid() != gid {
            std::os::unix::fs::lchown(path, Some(owner), Some(gid))?;
            if m.uid() != owner {
                done.push(Fix::Owner {
                    path: path.to_path_buf(),
                    from: m.uid(),
                    to: owner,
                });
            }
            if m.gid() != gid {
                done.push(Fix::Group {
                    path: path.to_path_buf(),
                    from: m.gid(),
                    to: gid,
                });
            }
        }
        let mode = m.permissions().mode() & 0o7777;
        let wanted = match (top, group) {
            (true, Some(_)) => 0o750,
            (true, None) => 0o700,
            (false, _) if m.is_dir() => 0o700,
            (false, _) => (mode & 0o700) | 0o600,
        };
        if mode != wanted {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
            done.push(Fix::Mode {
                path: path.to_path_buf(),
                from: mode,
                to: wanted,
            });
        }
        Ok(())
    };
    let mut pending = vec![(dir.to_path_buf(), true)];
    while let Some((path, top)) = pending.pop() {
        if path.file_name().is_some_and(|n| n == SOCKET) {
            continue;
        }
        if let Err(source) = fix(&path, top, &mut done) {
            return Err(ShareError::Io { path, source, done });
        }
        if path.is_dir() && !path.is_symlink() {
            let entries = std::fs::read_dir(&path).map_err(|source| ShareError::Io {
                path: path.clone(),
                source,
                done: done.clone(),
            })?;
            let mut inside: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            inside.sort();
            pending.extend(inside.into_iter().rev().map(|p| (p, false)));
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn sharing_opens_the_directory_to_its_group_only_and_closes_every_file() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = tmp.path().join("store");
        std::fs::create_dir_all(dir.join("db")).unwrap();
        std::fs::write(dir.join("db").join("conf"), "x").unwrap();
        std::fs::write(dir.join("server.log"), "").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(
            dir.join("server.log"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        // SAFETY: getegid has no preconditions.
        let gid = unsafe { libc::getegid() };
        let fixes = share(&dir, Sharing::Group { gid, service: None }).unwrap();
        assert_eq!(mode(&dir), 0o750);
        assert_eq!(mode(&dir.join("server.log")), 0o600);
        assert_eq!(mode(&dir.join("db")), 0o700);
        assert!(fixes.contains(&Fix::Mode {
            path: dir.join("server.log"),
            from: 0o644,
            to: 0o600
        }));
        assert!(loose_modes(&dir).is_empty(), "{:?}", loose_modes(&dir));
        // Again: nothing to change.
        assert_eq!(
            share(&dir, Sharing::Group { gid, service: None }).unwrap(),
            []
        );
        // Private again: only the directory changes.
        let fixes = share(&dir, Sharing::Private).unwrap();
        assert_eq!(
            fixes,
            [Fix::Mode {
                path: dir.clone(),
                from: 0o750,
                to: 0o700
            }]
        );
        assert!(matches!(
            share(&tmp.path().join("none"), Sharing::Private),
            Err(ShareError::NoStore(_))
        ));
    }
}
