//! The one module that knows how values are encoded on disk.
//!
//! Every stored value is one version byte followed by a bincode 2 (serde,
//! standard config) payload. Decoding reads the version first, so a later
//! format can keep reading stores written by this one. bincode is
//! unmaintained (RUSTSEC-2025-0141); keeping it behind these two functions
//! makes a switch a one-file change.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The format written by this version of docket.
pub const VERSION: u8 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("an empty value")]
    Empty,
    #[error(
        "format version {0} is newer than this docket understands (it reads up to {VERSION}); upgrade docket"
    )]
    TooNew(u8),
    #[error("a damaged value: {0}")]
    Damaged(String),
}

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![VERSION];
    // Serializing plain data into a Vec cannot fail.
    if let Err(e) = bincode::serde::encode_into_std_write(value, &mut out, config()) {
        unreachable!("encoding into memory failed: {e}");
    }
    out
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, payload) = bytes.split_first().ok_or(CodecError::Empty)?;
    match version {
        // Version 1 is the current layout; older ones would be upgraded here.
        1 => bincode::serde::decode_from_slice(payload, config())
            .map(|(v, _)| v)
            .map_err(|e| CodecError::Damaged(e.to_string())),
        v if v > VERSION => Err(CodecError::TooNew(v)),
        v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
    }
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}
