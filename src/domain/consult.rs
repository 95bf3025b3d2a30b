//! Consultations (法律咨询): the most frequent thing a center does, and the
//! first column of the monthly report. A consultation is a short record —
//! how it came, what it was about, who asked — never a case; one may become
//! an application.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::case::CaseNo;
use super::codes::Group;
use super::record::{Checker, FieldError, valid_phone};
use super::refusal::Why;

code_enum!(
    /// How a consultation came to the center.
    ConsultChannel {
        Visit => "visit",
        Phone => "phone",
        Hotline12348 => "hotline_12348",
        Letter => "letter",
        Online => "online",
        Other => "other",
    }
);

code_enum!(
    /// The area of law of a consultation, as the quarterly table groups it.
    Area {
        Criminal => "criminal",
        Civil => "civil",
        Administrative => "administrative",
        Economic => "economic",
        Other => "other",
    }
);

code_enum!(
    /// What a consultation was about: the quarterly table's sub-types, each
    /// in one area; `*_other` for the rest of an area.
    Topic {
        Homicide => "homicide",
        Assault => "assault",
        Robbery => "robbery",
        Rape => "rape",
        Drugs => "drugs",
        Theft => "theft",
        Fraud => "fraud",
        Bribery => "bribery",
        TrafficOffence => "traffic_offence",
        CriminalOther => "criminal_other",
        SupportParents => "support_parents",
        SupportSpouse => "support_spouse",
        SupportChildren => "support_children",
        Wages => "wages",
        GoodSamaritan => "good_samaritan",
        WorkInjury => "work_injury",
        TrafficAccident => "traffic_accident",
        MedicalAccident => "medical_accident",
        MarriageFamily => "marriage_family",
        CivilOther => "civil_other",
        StateCompensation => "state_compensation",
        SocialInsurance => "social_insurance",
        MinimumLiving => "minimum_living",
        PensionRelief => "pension_relief",
        AdministrativeOther => "administrative_other",
        PrivateLending => "private_lending",
        Contracts => "contracts",
        ConsumerRights => "consumer_rights",
        EconomicOther => "economic_other",
        Other => "other",
    }
);

impl Topic {
    pub fn area(self) -> Area {
        use Topic::*;
        match self {
            Homicide | Assault | Robbery | Rape | Drugs | Theft | Fraud | Bribery
            | TrafficOffence | CriminalOther => Area::Criminal,
            SupportParents | SupportSpouse | SupportChildren | Wages | GoodSamaritan
            | WorkInjury | TrafficAccident | MedicalAccident | MarriageFamily | CivilOther => {
                Area::Civil
            }
            StateCompensation | SocialInsurance | MinimumLiving | PensionRelief
            | AdministrativeOther => Area::Administrative,
            PrivateLending | Contracts | ConsumerRights | EconomicOther => Area::Economic,
            Other => Area::Other,
        }
    }

    /// The topics of an area, in the table's order.
    pub fn of(area: Area) -> Vec<Topic> {
        Topic::ALL
            .iter()
            .copied()
            .filter(|t| t.area() == area)
            .collect()
    }
}

/// A consultation as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Numbered from 1 in the store; never reused.
    pub id: u64,
    /// The day it was given.
    pub on: NaiveDate,
    pub channel: ConsultChannel,
    pub topic: Topic,
    pub groups: Vec<Group>,
    pub note: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// Who recorded it (OS user name), and when, by the server's clock.
    pub by: String,
    pub at: DateTime<FixedOffset>,
    /// The application it became, if it did.
    pub case: Option<CaseNo>,
}

/// The longest note of a consultation: a line or two, not a file.
pub const MAX_NOTE: usize = 500;

/// A consultation as a client sends it and as JSON Lines carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConsultRecord {
    /// The day; today when missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    pub channel: String,
    pub topic: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Present in a listing: the id, who and when (an import gives new ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
}

/// A validated consultation, before the store numbers and dates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidConsult {
    pub on: NaiveDate,
    pub channel: ConsultChannel,
    pub topic: Topic,
    pub groups: Vec<Group>,
    pub note: String,
    pub name: Option<String>,
    pub phone: Option<String>,
}

impl ConsultRecord {
    /// Every problem of the record, or the consultation it describes.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidConsult, Vec<FieldError>> {
        let mut c = Checker::new(today);
        let on = match &self.on {
            Some(d) => c.date("on", d),
            None => Some(today),
        };
        let channel = c.code(
            "channel",
            &self.channel,
            ConsultChannel::from_code,
            ConsultChannel::codes,
        );
        let topic = c.code("topic", &self.topic, Topic::from_code, Topic::codes);
        let mut groups = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            if let Some(g) = c.code(&format!("groups[{i}]"), g, Group::from_code, Group::codes)
                && !groups.contains(&g)
            {
                groups.push(g);
            }
        }
        let note = c.text("note", &self.note);
        if note.chars().count() > MAX_NOTE {
            c.fail(
                "note",
                Why::TextTooLong {
                    field: super::refusal::Coded::new(super::refusal::Table::Word, "note"),
                    len: note.chars().count() as u32,
                    max: MAX_NOTE as u32,
                },
            );
        }
        let name = c.opt_text("name", &self.name);
        let phone = c.opt_text("phone", &self.phone);
        if let Some(p) = &phone
            && !valid_phone(p)
        {
            c.fail("phone", Why::NotAPhone { value: p.clone() });
        }
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let (Some(on), Some(channel), Some(topic)) = (on, channel, topic) else {
            return Err(vec![FieldError {
                field: "record".into(),
                why: Why::RecordIncomplete,
            }]);
        };
        Ok(ValidConsult {
            on,
            channel,
            topic,
            groups,
            note,
            name,
            phone,
        })
    }

    /// The record of a stored consultation, for a listing or an export.
    pub fn from_consultation(c: &Consultation) -> ConsultRecord {
        ConsultRecord {
            on: Some(c.on.to_string()),
            channel: c.channel.code().into(),
            topic: c.topic.code().into(),
            groups: c.groups.iter().map(|g| g.code().to_string()).collect(),
            note: c.note.clone(),
            name: c.name.clone(),
            phone: c.phone.clone(),
            id: Some(c.id),
            by: Some(c.by.clone()),
            case: c.case.map(|n| n.to_string()),
        }
    }
}

impl ValidConsult {
    /// Whether what a client sent is as docket validates it (the server
    /// does not take a client's checking on trust).
    pub fn checked(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let record = ConsultRecord {
            on: Some(self.on.to_string()),
            channel: self.channel.code().into(),
            topic: self.topic.code().into(),
            groups: self.groups.iter().map(|g| g.code().to_string()).collect(),
            note: self.note.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            ..ConsultRecord::default()
        };
        let again = record.validate(today)?;
        if &again == self {
            Ok(())
        } else {
            Err(vec![FieldError {
                field: "record".into(),
                why: Why::RecordIncomplete,
            }])
        }
    }
}

/// The quarterly consultation table: how many, by channel, by group and
/// by topic (the area subtotals are the topics added up).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    pub total: u64,
    pub channels: std::collections::BTreeMap<ConsultChannel, u64>,
    pub groups: std::collections::BTreeMap<Group, u64>,
    pub topics: std::collections::BTreeMap<Topic, u64>,
    /// Consultations with none of the table's groups.
    pub no_group: u64,
}

impl Table {
    pub fn add(&mut self, c: &Consultation) {
        self.total += 1;
        if !c.groups.iter().any(|g| TABLE_GROUPS.contains(g)) {
            self.no_group += 1;
        }
        *self.channels.entry(c.channel).or_default() += 1;
        for g in &c.groups {
            *self.groups.entry(*g).or_default() += 1;
        }
        *self.topics.entry(c.topic).or_default() += 1;
    }

    /// Another center's table added to this one.
    pub fn merge(&mut self, other: &Table) {
        self.total += other.total;
        self.no_group += other.no_group;
        for (k, n) in &other.channels {
            *self.channels.entry(*k).or_default() += n;
        }
        for (k, n) in &other.groups {
            *self.groups.entry(*k).or_default() += n;
        }
        for (k, n) in &other.topics {
            *self.topics.entry(*k).or_default() += n;
        }
    }

    pub fn channel(&self, c: ConsultChannel) -> u64 {
        self.channels.get(&c).copied().unwrap_or(0)
    }

    pub fn topic(&self, t: Topic) -> u64 {
        self.topics.get(&t).copied().unwrap_or(0)
    }

    pub fn area(&self, a: Area) -> u64 {
        Topic::of(a).into_iter().map(|t| self.topic(t)).sum()
    }

    pub fn group(&self, g: Group) -> u64 {
        self.groups.get(&g).copied().unwrap_or(0)
    }
}

/// The groups the quarterly table counts, in its order.
pub const TABLE_GROUPS: [Group; 8] = [
    Group::Disabled,
    Group::Farmer,
    Group::MigrantWorker,
    Group::MilitaryFamily,
    Group::Minor,
    Group::Elderly,
    Group::Foreigner,
    Group::Poor,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn every_topic_has_an_area_and_every_area_topics() {
        for a in Area::ALL {
            assert!(!Topic::of(*a).is_empty(), "{a}");
        }
        assert_eq!(Topic::Wages.area(), Area::Civil);
        assert_eq!(Topic::Fraud.area(), Area::Criminal);
    }

    #[test]
    fn a_record_is_checked_field_by_field() {
        let r = ConsultRecord {
            channel: "phone".into(),
            topic: "wages".into(),
            groups: vec!["migrant_worker".into(), "migrant_worker".into()],
            note: "  欠薪三个月  ".into(),
            phone: Some("138 0000 0000".into()),
            ..ConsultRecord::default()
        };
        let v = r.validate(today()).unwrap();
        assert_eq!(v.on, today());
        assert_eq!(v.note, "欠薪三个月");
        assert_eq!(v.groups, [Group::MigrantWorker]);
        assert_eq!(v.checked(today()), Ok(()));
        let bad = ConsultRecord {
            on: Some("2026-12-01".into()),
            channel: "fax".into(),
            topic: "wage".into(),
            phone: Some("abc".into()),
            note: "x".repeat(MAX_NOTE + 1),
            ..ConsultRecord::default()
        };
        let errors = bad.validate(today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["on", "channel", "topic", "note", "phone"]);
    }
}
