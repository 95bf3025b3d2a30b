//! Workstations (工作站, 站点): where applications are taken outside the
//! center, by host organisation. The plan counts the share of non-criminal
//! cases applied for through them; table T10 counts them by host.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::record::{Checker, FieldError};
use super::refusal::Why;

crate::code_enum!(
    /// The organisation a workstation is hosted by (T10's lines).
    Host {
        JudicialOffice => "judicial_office",
        LabourUnion => "labour_union",
        YouthLeague => "youth_league",
        WomensFederation => "womens_federation",
        ElderlyCommittee => "elderly_committee",
        DisabledFederation => "disabled_federation",
        PetitionOffice => "petition_office",
        University => "university",
        Prison => "prison",
        DetentionCenter => "detention_center",
        Court => "court",
        Military => "military",
        Other => "other",
    }
);

/// A workstation as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    /// A short id, such as ST-01.
    pub id: String,
    pub name: String,
    pub host: Host,
    /// Has staff of its own (专职人员), as T10 asks.
    pub staffed: bool,
    /// Still taking applications.
    pub active: bool,
    /// Who last set it, and when, by the server's clock.
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A workstation as a client sends it and JSON Lines carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StationRecord {
    pub id: String,
    pub name: String,
    pub host: String,
    #[serde(default)]
    pub staffed: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A validated workstation, before the server signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidStation {
    pub id: String,
    pub name: String,
    pub host: Host,
    pub staffed: bool,
    pub active: bool,
}

/// Whether an id is short letters, digits and dashes.
pub fn valid_id(id: &str) -> bool {
    (1..=20).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl StationRecord {
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<ValidStation, Vec<FieldError>> {
        let mut c = Checker::new(today);
        if !valid_id(&self.id) {
            c.fail(
                "id",
                Why::NotOneOf {
                    value: self.id.clone(),
                    expected: "letters, digits and - (1 to 20), such as ST-01".into(),
                },
            );
        }
        let name = c.text("name", &self.name);
        if name.is_empty() {
            c.fail("name", Why::NameRequired);
        }
        let host = c.code("host", &self.host, Host::from_code, Host::codes);
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let Some(host) = host else {
            return Err(vec![FieldError {
                field: "record".into(),
                why: Why::RecordIncomplete,
            }]);
        };
        Ok(ValidStation {
            id: self.id.clone(),
            name,
            host,
            staffed: self.staffed,
            active: self.active,
        })
    }

    pub fn from_station(s: &Station) -> StationRecord {
        StationRecord {
            id: s.id.clone(),
            name: s.name.clone(),
            host: s.host.code().into(),
            staffed: s.staffed,
            active: s.active,
        }
    }
}

impl ValidStation {
    /// Whether what a client sent is as docket validates it.
    pub fn checked(&self, today: chrono::NaiveDate) -> bool {
        let record = StationRecord {
            id: self.id.clone(),
            name: self.name.clone(),
            host: self.host.code().into(),
            staffed: self.staffed,
            active: self.active,
        };
        record.validate(today).as_ref() == Ok(self)
    }
}

/// Table T10: workstations by host, and of them those with staff.
pub fn by_host(stations: &[Station]) -> Vec<(Host, u64, u64)> {
    Host::ALL
        .iter()
        .map(|h| {
            let of: Vec<&Station> = stations
                .iter()
                .filter(|s| s.host == *h && s.active)
                .collect();
            (
                *h,
                of.len() as u64,
                of.iter().filter(|s| s.staffed).count() as u64,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn a_record_is_checked() {
        let ok = StationRecord {
            id: "ST-01".into(),
            name: " 清水塘街道司法所工作站 ".into(),
            host: "judicial_office".into(),
            staffed: true,
            active: true,
        };
        let v = ok.validate(today()).unwrap();
        assert_eq!(v.name, "清水塘街道司法所工作站");
        assert!(v.checked(today()));
        let bad = StationRecord {
            id: "ST 01".into(),
            name: "".into(),
            host: "church".into(),
            ..StationRecord::default()
        };
        let fields: Vec<String> = bad
            .validate(today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["id", "name", "host"]);
    }
}
