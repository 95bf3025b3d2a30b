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
/// 1: first release. 2: cases gained flags, closing reason and notes.
/// 3: cases gained review and handling.
/// 4: the policy gained area, hardship standards, scope, documents, subsidies.
/// 5: cases gained `serious` (a possible life or death sentence, Art. 26).
pub const VERSION: u8 = 5;

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

/// A value the store keeps. Each type says how to read its older versions.
pub trait Stored: Sized + DeserializeOwned {
    /// Decodes a payload written by format `version` (older than VERSION).
    /// The default is for types whose layout has not changed since.
    fn decode_old(_version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        payload_of(payload)
    }
}

pub fn decode<T: Stored>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&version, payload) = bytes.split_first().ok_or(CodecError::Empty)?;
    match version {
        VERSION => payload_of(payload),
        v if v > VERSION => Err(CodecError::TooNew(v)),
        0 => Err(CodecError::Damaged("format version 0".into())),
        v => T::decode_old(v, payload),
    }
}

fn payload_of<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    bincode::serde::decode_from_slice(payload, config())
        .map(|(v, _)| v)
        .map_err(|e| CodecError::Damaged(e.to_string()))
}

impl Stored for crate::domain::case::Case {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => payload_of::<super::legacy::CaseV1>(payload).map(Into::into),
            2 => payload_of::<super::legacy::CaseV2>(payload).map(Into::into),
            3 | 4 => payload_of::<super::legacy::CaseV3>(payload).map(Into::into),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

impl Stored for crate::domain::policy::Policy {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1..=3 => payload_of::<super::legacy::PolicyV1>(payload).map(Into::into),
            4 => payload_of(payload),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

/// Types whose layout is the same in every version so far.
macro_rules! unchanged_since_v1 {
    ($($t:ty),* $(,)?) => { $(impl Stored for $t {})* };
}

unchanged_since_v1!(
    crate::domain::event::Event,
    crate::domain::calendar::Calendar,
    Vec<i32>,
    crate::domain::user::User,
    crate::domain::provider::Provider,
    crate::server::protocol::Request,
    crate::server::protocol::Response,
);

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}
