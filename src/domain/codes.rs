//! The closed vocabularies of a case: kinds, matters, channels, statuses and
//! applicant groups. Each value has a stable lowercase code used in files, on
//! the command line and in the store (the store keeps the variant index, so
//! new values are only ever appended).

use serde::{Deserialize, Serialize};

/// Declares a code enum: `code()`, `from_code()`, `ALL` and serde as the code.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The accepted codes, for error messages: "a, b or c".
            pub fn choices() -> String {
                let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                $crate::domain::codes::or_list(&codes)
            }

            /// The accepted codes with no word between them, for a message
            /// in any language: "a, b, c".
            pub fn codes() -> String {
                let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                codes.join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// "a", "a or b", "a, b or c".
pub fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

code_enum!(
    /// The kind of a case (案件类别).
    Kind {
        Criminal => "criminal",
        Civil => "civil",
        Administrative => "administrative",
        StateCompensation => "state_compensation",
        LaborArbitration => "labor_arbitration",
        NonLitigation => "non_litigation",
        Petition => "petition",
        Notarization => "notarization",
        Forensic => "forensic",
    }
);

code_enum!(
    /// The matter of a case (案由), from the matters table of domain.md.
    Matter {
        Defense => "defense",
        Victim => "victim",
        CompulsoryTreatment => "compulsory_treatment",
        StateCompensation => "state_compensation",
        SocialInsurance => "social_insurance",
        Pension => "pension",
        Support => "support",
        LaborRelation => "labor_relation",
        Wages => "wages",
        WorkInjury => "work_injury",
        TrafficAccident => "traffic_accident",
        MedicalAccident => "medical_accident",
        FoodDrug => "food_drug",
        Environment => "environment",
        Incapacity => "incapacity",
        DomesticViolence => "domestic_violence",
        Marriage => "marriage",
        Other => "other",
    }
);

impl Matter {
    /// The kinds a matter can belong to (`Other` belongs to any kind). A
    /// petition (申诉) against a judgment may concern any matter; forensic
    /// appraisal (司法鉴定) serves injury and accident claims; notarization
    /// serves capacity and family matters.
    pub fn kinds(self) -> &'static [Kind] {
        use Kind::*;
        match self {
            Matter::Defense | Matter::Victim | Matter::CompulsoryTreatment => &[Criminal, Petition],
            Matter::StateCompensation => &[StateCompensation, Administrative, Petition],
            Matter::SocialInsurance | Matter::Pension => &[Civil, Administrative, Petition],
            Matter::Support => &[Civil, Petition],
            Matter::LaborRelation | Matter::Wages => &[Civil, LaborArbitration, Petition],
            Matter::WorkInjury => &[Civil, LaborArbitration, Administrative, Petition, Forensic],
            Matter::TrafficAccident | Matter::MedicalAccident => &[Civil, Petition, Forensic],
            Matter::FoodDrug | Matter::Environment | Matter::DomesticViolence => &[Civil, Petition],
            Matter::Marriage => &[Civil, Petition, Notarization],
            Matter::Incapacity => &[Civil, NonLitigation, Petition, Notarization],
            Matter::Other => Kind::ALL,
        }
    }

    pub fn fits(self, kind: Kind) -> bool {
        self.kinds().contains(&kind)
    }

    /// The matters that fit a kind, in table order.
    pub fn for_kind(kind: Kind) -> Vec<Matter> {
        Matter::ALL
            .iter()
            .copied()
            .filter(|m| m.fits(kind))
            .collect()
    }
}

code_enum!(
    /// How an application reached the center (受理渠道).
    Channel {
        WalkIn => "walk_in",
        Workstation => "workstation",
        Hotline => "hotline",
        Online => "online",
        Letter => "letter",
        Notified => "notified",
        Requested => "requested",
    }
);

code_enum!(
    /// Where a case is in its life.
    Status {
        Received => "received",
        AwaitingDocuments => "awaiting_documents",
        Granted => "granted",
        Denied => "denied",
        Assigned => "assigned",
        Concluded => "concluded",
        Archived => "archived",
        Terminated => "terminated",
        Withdrawn => "withdrawn",
    }
);

impl Status {
    /// Closed cases have no open deadlines.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Denied | Status::Archived | Status::Terminated | Status::Withdrawn
        )
    }

    /// Not yet decided: the intake queue.
    pub fn is_undecided(self) -> bool {
        matches!(self, Status::Received | Status::AwaitingDocuments)
    }
}

code_enum!(
    /// Groups an applicant belongs to; they drive exemptions and statistics.
    Group {
        Minor => "minor",
        Elderly => "elderly",
        Disabled => "disabled",
        MigrantWorker => "migrant_worker",
        DomesticViolenceVictim => "domestic_violence_victim",
        MartyrRelative => "martyr_relative",
        GoodSamaritan => "good_samaritan",
        SocialAssistance => "social_assistance",
        PreferentialCare => "preferential_care",
        Farmer => "farmer",
        EthnicMinority => "ethnic_minority",
        MilitaryFamily => "military_family",
        Foreigner => "foreigner",
        BlindDeafMute => "blind_deaf_mute",
        Poor => "poor",
    }
);

code_enum!(
    /// Why aid is granted (给予) or denied (不予法律援助): one list, each
    /// reason fitting one decision (`other` fits both, with the text).
    ReasonCode {
        HardshipMet => "hardship_met",
        ExemptArt32 => "exempt_art32",
        NotVerifiedArt42 => "not_verified_art42",
        MandatoryArt25 => "mandatory_art25",
        NotInScope => "not_in_scope",
        NotHardship => "not_hardship",
        NotJurisdiction => "not_jurisdiction",
        DocumentsMissing => "documents_missing",
        Other => "other",
    }
);

impl ReasonCode {
    /// The reasons of a grant (Law Art. 32, 34, 42, 25) or of a denial
    /// (Art. 24-31, 34, 38, 43), in the order offered.
    pub fn for_decision(grant: bool) -> &'static [ReasonCode] {
        use ReasonCode::*;
        if grant {
            &[
                HardshipMet,
                ExemptArt32,
                NotVerifiedArt42,
                MandatoryArt25,
                Other,
            ]
        } else {
            &[
                NotInScope,
                NotHardship,
                NotJurisdiction,
                DocumentsMissing,
                Other,
            ]
        }
    }

    pub fn fits(self, grant: bool) -> bool {
        ReasonCode::for_decision(grant).contains(&self)
    }
}

code_enum!(
    /// Grounds for terminating aid (终止, Legal Aid Law Art. 48(1)-(8)).
    Ground {
        Fraud => "fraud",
        Concealment => "concealment",
        IllegalPurpose => "illegal_purpose",
        NoLongerEligible => "no_longer_eligible",
        CaseEnded => "case_ended",
        OwnLawyer => "own_lawyer",
        RecipientRequest => "recipient_request",
        Other => "other",
    }
);

code_enum!(
    /// What an objection (异议, Law Art. 49) is against.
    Against {
        Denial => "denial",
        Termination => "termination",
    }
);

code_enum!(
    /// The result of a concluded case, as the national tables count it:
    /// a defence or representation in a criminal case (the opinion adopted
    /// fully, partly or not), a lawsuit (won, lost, mediated, withdrawn) or
    /// a non-litigation matter (mediated, settled, an arbitration award);
    /// `terminated` fits every kind.
    ResultCode {
        OpinionAdopted => "opinion_adopted",
        OpinionPartlyAdopted => "opinion_partly_adopted",
        OpinionNotAdopted => "opinion_not_adopted",
        Won => "won",
        Lost => "lost",
        Mediated => "mediated",
        Withdrawn => "withdrawn",
        Settled => "settled",
        ArbitrationAward => "arbitration_award",
        Terminated => "terminated",
    }
);

/// How a kind of case is fought, which decides the results it can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    Criminal,
    Litigation,
    NonLitigation,
}

impl Kind {
    pub fn track(self) -> Track {
        match self {
            Kind::Criminal => Track::Criminal,
            Kind::Civil | Kind::Administrative | Kind::StateCompensation | Kind::Petition => {
                Track::Litigation
            }
            Kind::LaborArbitration | Kind::NonLitigation | Kind::Notarization | Kind::Forensic => {
                Track::NonLitigation
            }
        }
    }
}

impl ResultCode {
    /// The results a kind of case can end with, in the order offered.
    pub fn for_kind(kind: Kind) -> &'static [ResultCode] {
        use ResultCode::*;
        match kind.track() {
            Track::Criminal => &[
                OpinionAdopted,
                OpinionPartlyAdopted,
                OpinionNotAdopted,
                Terminated,
            ],
            Track::Litigation => &[Won, Lost, Mediated, Withdrawn, Terminated],
            Track::NonLitigation => &[Mediated, Settled, ArbitrationAward, Terminated],
        }
    }

    pub fn fits(self, kind: Kind) -> bool {
        ResultCode::for_kind(kind).contains(&self)
    }
}

code_enum!(
    /// The stage of the proceedings a notification (通知辩护) came at (T5).
    ProceedingStage {
        Investigation => "investigation",
        ProsecutionReview => "prosecution_review",
        FirstInstance => "first_instance",
        SecondInstance => "second_instance",
        Other => "other",
    }
);

code_enum!(
    /// Why a notification came (T5): the person is a minor, blind, deaf or
    /// mute, mentally ill, or may be sentenced to life or death (the fact
    /// of Law Art. 26), or other.
    NoticeGround {
        Minor => "minor",
        BlindDeafMute => "blind_deaf_mute",
        MentalIllness => "mental_illness",
        LifeOrDeath => "life_or_death",
        Other => "other",
    }
);

code_enum!(
    /// How a criminal application came (T5): transferred by the police,
    /// the procuratorate, a court or another organ, or applied for directly
    /// by a suspect, a defendant, a victim or a private prosecutor.
    Source {
        Police => "police",
        Procuratorate => "procuratorate",
        Court => "court",
        OtherOrgan => "other_organ",
        Suspect => "suspect",
        Defendant => "defendant",
        Victim => "victim",
        PrivateProsecutor => "private_prosecutor",
    }
);
