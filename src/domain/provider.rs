//! Providers (法律援助人员): the people who do the legal work, and the
//! institutions they belong to.

use serde::{Deserialize, Serialize};

use super::codes::{Kind, Matter};

code_enum!(
    /// What kind of provider a person is.
    ProviderKind {
        Lawyer => "lawyer",
        LegalServiceWorker => "legal_service_worker",
        JudicialOfficer => "judicial_officer",
        CenterStaff => "center_staff",
        Volunteer => "volunteer",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// A short stable id, such as P-0001.
    pub id: String,
    pub name: String,
    /// The law firm, legal service office, judicial office or the center.
    pub organization: String,
    pub kind: ProviderKind,
    /// Kinds and matters the provider specializes in.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub matters: Vec<Matter>,
    /// Years of criminal defence practice (Law Art. 26 needs 3+ for cases
    /// with a possible life sentence or death penalty).
    #[serde(default)]
    pub criminal_defense_years: u32,
    /// Familiar with minors' cases (MOJ rules 2023 Art. 26).
    #[serde(default)]
    pub juvenile: bool,
    /// Open cases at most.
    pub capacity: u32,
    pub active: bool,
    #[serde(default)]
    pub phone: Option<String>,
}
