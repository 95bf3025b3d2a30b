//! How values are encoded, on disk and in a committed command's answer.
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
/// 6: the policy gained `supplement_days`.
/// 7: the policy gained `self_approval`.
/// 8: users gained a display name.
/// 9: a case's notes may be struck out.
/// 10: a case's coded result; the policy's name and targets; consultations.
/// 11: a case's ledger, peer review and follow-up records; the policy's
///     rate tables and peer-review rules.
pub const VERSION: u8 = 11;

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
    encode_into(value, &mut out);
    out
}

/// A value's payload alone, without the version byte: for frames, whose
/// shape the protocol's greeting settles instead (`api`).
pub fn encode_payload<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    encode_into(value, &mut out);
    out
}

fn encode_into<T: Serialize>(value: &T, out: &mut Vec<u8>) {
    // Serializing plain data into a Vec cannot fail.
    if let Err(e) = bincode::serde::encode_into_std_write(value, out, config()) {
        unreachable!("encoding into memory failed: {e}");
    }
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

/// Decodes a payload, never allocating far more than its size allows: a
/// length inside a value (a string, a list) is taken on trust by bincode,
/// which allocates it before reading, so a 16-byte message or a damaged
/// record claiming 2^60 bytes would abort the process. What a value may
/// claim is bounded by a step of 64 times its own bytes (a list claims its
/// items' size in memory, several times their encoding), so it grows with
/// the bytes actually there, never with what they say.
pub fn payload_of<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    const KIB: usize = 1024;
    const MIB: usize = KIB * KIB;
    macro_rules! within {
        ($limit:expr) => {
            bincode::serde::decode_from_slice(payload, config().with_limit::<{ $limit }>())
                .map(|(v, _)| v)
        };
    }
    let n = payload.len();
    let decoded = if n <= 64 * KIB {
        within!(4 * MIB)
    } else if n <= MIB {
        within!(64 * MIB)
    } else if n <= 16 * MIB {
        within!(1024 * MIB)
    } else {
        within!(32 * 1024 * MIB)
    };
    decoded.map_err(|e| CodecError::Damaged(e.to_string()))
}

/// Types whose layout is the same in every version so far.
macro_rules! unchanged_since_v1 {
    ($($t:ty),* $(,)?) => { $(impl Stored for $t {})* };
}

unchanged_since_v1!(
    crate::domain::event::Event,
    crate::domain::calendar::Calendar,
    Vec<i32>,
    Vec<crate::domain::case::CaseNo>,
    u32,
    crate::domain::provider::Provider,
);

// Types first written by format 10, which no older version wrote.
unchanged_since_v1!(
    crate::domain::consult::Consultation,
    crate::domain::station::Station,
    Vec<u64>
);

// Types first written by format 11.
unchanged_since_v1!(
    crate::domain::quality::Sample,
    crate::domain::quality::Complaint,
    crate::domain::quality::ComplaintNo,
    crate::domain::funds::OtherPayment,
);

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}
