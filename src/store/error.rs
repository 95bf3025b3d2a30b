//! Store errors, each a sentence that says what happened and what to do.

use std::path::PathBuf;

use crate::domain::case::CaseNo;

use crate::codec::CodecError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store {0} is in use by another docket process; wait for it to finish, or close the other docket"
    )]
    InUse(PathBuf),
    #[error(
        "the store {path} is damaged ({detail}); restore it from a backup, or run `docket export` on a copy to save what can be read"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("cannot use the store directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the store {path} was written by a newer docket (format {found}, this one reads {known}); upgrade docket"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    #[error("no case {0}")]
    NoCase(CaseNo),
    /// The command with this id was committed before: nothing was done
    /// again (the caller answers with the first result).
    #[error("this command was already done")]
    AlreadyDone,
    #[error("case {0} already exists")]
    CaseExists(CaseNo),
    #[error("case {case} has no deadline #{id}")]
    NoDeadline { case: CaseNo, id: u32 },
    #[error(
        "case {case} was changed by {who} at {at} after you loaded it; nothing was saved: reload the case and make your change again"
    )]
    Conflict {
        case: CaseNo,
        who: String,
        at: String,
    },
    #[error("{0}")]
    Refused(String),
    /// A step the procedure refuses, worded in the reader's language.
    #[error("{0}")]
    Refusal(crate::domain::refusal::Refusal),
    #[error("a store value could not be read: {0}")]
    Codec(#[from] CodecError),
    #[error("the store failed: {0}")]
    Sled(String),
    #[error(
        "the disk holding {path} is nearly full ({free_mb} MB free, {needed_mb} MB needed): nothing was written. Free some space and try again; reading the store still works"
    )]
    DiskFull {
        path: PathBuf,
        free_mb: u64,
        needed_mb: u64,
    },
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        match e {
            // sled words its I/O errors with Rust's debug form.
            sled::Error::Io(io) => StoreError::Sled(format!("the disk could not be used: {io}")),
            other => StoreError::Sled(other.to_string()),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
