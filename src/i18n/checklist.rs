//! The eligibility checklist's reasons in the user's words: shared by the
//! app's checklist pane and `docket show`.

use super::{Lang, fill};
use crate::domain::codes::{Group, Matter};
use crate::domain::eligibility::{Means, Reason};

impl Lang {
    /// Why a checklist item has its verdict, in this language.
    pub fn check_reason(self, r: &Reason) -> String {
        let f = |k: &str, args: &[(&str, &str)]| fill(self.t(&format!("tui.reason.{k}")), args);
        let t = |k: &str| f(k, &[]);
        let matter = |m: &Matter| self.t(&format!("matter.{}", m.code())).to_string();
        let group = |g: &Group| self.t(&format!("group.{}", g.code())).to_string();
        let with_means = |k: &str, m: &Means| {
            let fields = m.fields();
            let args: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            f(k, &args)
        };
        match r {
            Reason::IdValid { masked } => f("id_valid", &[("masked", masked)]),
            Reason::NoIdNumber => t("no_id_number"),
            Reason::NotifiedLocally => t("notified_locally"),
            Reason::AddressInArea { area } => f("address_in_area", &[("area", area)]),
            Reason::IdInArea { code, area } => f("id_in_area", &[("place", &place(code, area))]),
            Reason::IdNearby { code, area } => f("id_nearby", &[("place", &place(code, area))]),
            Reason::IdElsewhere { code, area } => {
                f("id_elsewhere", &[("place", &place(code, area))])
            }
            Reason::NoPlaceKnown => t("no_place_known"),
            Reason::MandatoryNotified => t("mandatory_notified"),
            Reason::MandatoryMinor => t("mandatory_minor"),
            Reason::MandatorySerious => t("mandatory_serious"),
            Reason::CompulsoryTreatment => t("compulsory_treatment"),
            Reason::DefenceOnApplication => t("defence_on_application"),
            Reason::VictimAgency => t("victim_agency"),
            Reason::CivilMatter { matter: m } => f("civil_matter", &[("matter", &matter(m))]),
            Reason::DomesticViolenceMatter => t("domestic_violence_matter"),
            Reason::ProvincialMatter { matter: m } => {
                f("provincial_matter", &[("matter", &matter(m))])
            }
            Reason::NoMeansTest => t("no_means_test"),
            Reason::Exempt { group: g } => f("exempt", &[("group", &group(g))]),
            Reason::ExemptIfAcquitted => t("exempt_if_acquitted"),
            Reason::NotVerified { group: g } => f("not_verified", &[("group", &group(g))]),
            Reason::ToVerify => t("to_verify"),
            Reason::DocumentsReceived { on } => {
                f("documents_received", &[("date", &on.to_string())])
            }
            Reason::DocumentsAwaited {
                requested,
                due: Some(due),
            } => f(
                "documents_awaited",
                &[
                    ("requested", &requested.to_string()),
                    ("due", &due.to_string()),
                ],
            ),
            Reason::DocumentsAwaited {
                requested,
                due: None,
            } => f(
                "documents_requested",
                &[("requested", &requested.to_string())],
            ),
            Reason::DocumentsLate { due } => f("documents_late", &[("due", &due.to_string())]),
            Reason::DocumentsToCheck => t("documents_to_check"),
            Reason::NoPrivateAdverse => t("no_private_adverse"),
            Reason::NoAdverseParty => t("no_adverse_party"),
            Reason::ConflictsNotChecked { party } => {
                f("conflicts_not_checked", &[("party", party)])
            }
            Reason::NoConflict { party } => f("no_conflict", &[("party", party)]),
            Reason::Conflict { party, cases } => {
                let cases: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
                f(
                    "conflict",
                    &[("party", party), ("cases", &cases.join(", "))],
                )
            }
            Reason::MandatoryDisabled => t("mandatory_disabled"),
            Reason::ExtraMatter { name } => f("extra_matter", &[("name", name)]),
            Reason::ExtraMatterToCheck { matter: m, names } => f(
                "extra_matter_to_check",
                &[("matter", &matter(m)), ("names", &names.join(", "))],
            ),
            Reason::HardshipMet { means } => with_means("hardship_met", means),
            Reason::HardshipNotMet { means } => with_means("hardship_not_met", means),
            Reason::NotMetUnlessSerious { means } => with_means("not_met_unless_serious", means),
            Reason::NotMetUnlessAcquitted { means } => {
                with_means("not_met_unless_acquitted", means)
            }
            Reason::IncomeNotRecorded {
                standard,
                effective,
            } => f(
                "income_not_recorded",
                &[
                    ("standard", &standard.to_string()),
                    ("effective", &effective.to_string()),
                ],
            ),
            Reason::NoStandard { received } => f("no_standard", &[("date", &received.to_string())]),
            Reason::DocumentsMissing {
                items,
                due: Some(due),
            } => f(
                "documents_missing_due",
                &[("items", &items.join(", ")), ("due", &due.to_string())],
            ),
            Reason::DocumentsMissing { items, due: None } => {
                f("documents_missing", &[("items", &items.join(", "))])
            }
            Reason::Override { who, on, note } => f(
                "override",
                &[("who", who), ("date", &on.to_string()), ("note", note)],
            ),
        }
    }
}

/// "石峰区 (430204)", or the bare code when the table lacks it.
fn place(code: &str, area: &Option<String>) -> String {
    match area {
        Some(a) => format!("{a} ({code})"),
        None => code.to_string(),
    }
}
