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
/// 6: the policy gained `supplement_days`.
pub const VERSION: u8 = 6;

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

/// Decodes a payload, never allocating far more than its size allows: a
/// length inside a value (a string, a list) is taken on trust by bincode,
/// which allocates it before reading, so a 16-byte message or a damaged
/// record claiming 2^60 bytes would abort the process. What a value may
/// claim is bounded by a step of 64 times its own bytes (a list claims its
/// items' size in memory, several times their encoding), so it grows with
/// the bytes actually there, never with what they say.
fn payload_of<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
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

impl Stored for crate::domain::case::Case {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => payload_of::<super::legacy::CaseV1>(payload).map(Into::into),
            2 => payload_of::<super::legacy::CaseV2>(payload).map(Into::into),
            3 | 4 => payload_of::<super::legacy::CaseV3>(payload).map(Into::into),
            5 => payload_of(payload),
            v => Err(CodecError::Damaged(format!("unknown format version {v}"))),
        }
    }
}

impl Stored for crate::domain::policy::Policy {
    fn decode_old(version: u8, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1..=3 => payload_of::<super::legacy::PolicyV1>(payload).map(Into::into),
            4 | 5 => payload_of::<super::legacy::PolicyV4>(payload).map(Into::into),
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
    Vec<crate::domain::case::CaseNo>,
    u32,
    crate::domain::user::User,
    crate::domain::provider::Provider,
);

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_written_before_supplement_days_reads_with_the_default() {
        use crate::domain::policy::Policy;
        // The shape versions 4 and 5 wrote: today's policy without its last field.
        #[derive(serde::Serialize)]
        struct Before {
            review_days: u32,
            assign_after_grant_days: u32,
            assign_on_notice_days: u32,
            agreement_days: u32,
            objection_days: u32,
            case_file_days: u32,
            file_review_days: u32,
            emergency_days: u32,
            warning_days: u32,
            counting: crate::domain::calendar::Counting,
            clock_stop: bool,
            area_codes: Vec<String>,
            hardship_standards: Vec<crate::domain::policy::HardshipStandard>,
            extra_matters: Vec<String>,
            required_documents: Vec<crate::domain::policy::RequiredDocuments>,
            subsidy_standards: Vec<crate::domain::policy::SubsidyStandard>,
        }
        let d = Policy::default();
        let before = Before {
            review_days: 10,
            assign_after_grant_days: d.assign_after_grant_days,
            assign_on_notice_days: d.assign_on_notice_days,
            agreement_days: d.agreement_days,
            objection_days: d.objection_days,
            case_file_days: d.case_file_days,
            file_review_days: d.file_review_days,
            emergency_days: d.emergency_days,
            warning_days: d.warning_days,
            counting: d.counting,
            clock_stop: d.clock_stop,
            area_codes: d.area_codes.clone(),
            hardship_standards: d.hardship_standards.clone(),
            extra_matters: d.extra_matters.clone(),
            required_documents: d.required_documents.clone(),
            subsidy_standards: d.subsidy_standards.clone(),
        };
        for version in [4u8, 5] {
            let mut bytes = encode(&before);
            bytes[0] = version;
            let policy: Policy = decode(&bytes).expect("decodes");
            assert_eq!(policy.review_days, 10);
            assert_eq!(policy.supplement_days, 15);
            assert_eq!(policy.subsidy_standards, d.subsidy_standards);
        }
    }
}
