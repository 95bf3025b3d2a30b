//! Whether a decision (决定) stands on the evaluated checklist: the rules
//! of the law that no proposal or approval may pass over.
//!
//! - A grant needs every item to pass or not apply, or a caseworker's
//!   recorded override of it with a reason (the means test, Law Art. 34;
//!   a conflict of interest; the supplement date, Art. 43).
//! - The reason given must be what the checklist shows: `hardship_met`
//!   needs the means test passed, `exempt_art32` an Art. 32 ground,
//!   `not_verified_art42` an Art. 42 group, `mandatory_art25` a mandatory
//!   defence (Art. 25, 28).
//! - A notified defence (通知辩护, Art. 25, 36) is no application: it has no
//!   means test and no documents to ask for, and is declined only as
//!   outside Art. 25 and 28 or as another center's.
//! - A denial on the means needs the means test failed; one on missing
//!   documents needs documents missing.

use super::case::Case;
use super::codes::{Channel, ReasonCode};
use super::eligibility::{Check, Item, Reason, Verdict};
use super::refusal::{Coded, Refusal, Table, Why};

/// The denial reasons a notified defence may be declined on.
pub const NOTIFIED_DENIALS: &[ReasonCode] = &[ReasonCode::NotInScope, ReasonCode::NotJurisdiction];

/// Why the decision cannot be proposed or approved, naming the article; None
/// when the checklist supports it.
pub fn refusal(
    case: &Case,
    checks: &[Check],
    grant: bool,
    reason_code: ReasonCode,
) -> Option<Refusal> {
    if grant {
        grant_refusal(case, checks, reason_code)
    } else {
        denial_refusal(case, checks, reason_code)
    }
    .map(Refusal::from)
}

/// The reason the checklist supports, to start a proposal on: for a grant
/// the ground of the hardship item (Art. 32, 42, a mandatory defence, or
/// the means test); for a denial the first failing item's.
pub fn supported_reason(checks: &[Check], grant: bool) -> ReasonCode {
    let verdict = |i: Item| item(checks, i).map(|c| c.verdict);
    if grant {
        return match item(checks, Item::Hardship).map(computed) {
            Some((_, Reason::Exempt { .. } | Reason::ExemptIfAcquitted)) => ReasonCode::ExemptArt32,
            Some((_, Reason::NotVerified { .. })) => ReasonCode::NotVerifiedArt42,
            Some((_, Reason::NoMeansTest)) => ReasonCode::MandatoryArt25,
            _ => ReasonCode::HardshipMet,
        };
    }
    if verdict(Item::Scope) == Some(Verdict::Fail) {
        ReasonCode::NotInScope
    } else if verdict(Item::Jurisdiction) == Some(Verdict::Fail) {
        ReasonCode::NotJurisdiction
    } else if verdict(Item::Hardship) == Some(Verdict::Fail) {
        ReasonCode::NotHardship
    } else if verdict(Item::Documents) == Some(Verdict::Fail) {
        ReasonCode::DocumentsMissing
    } else {
        ReasonCode::NotInScope
    }
}

fn item(checks: &[Check], item: Item) -> Option<&Check> {
    checks.iter().find(|c| c.item == item)
}

/// The automatic verdict and reason of a check (before any override).
fn computed(check: &Check) -> (Verdict, &Reason) {
    match &check.automatic {
        Some((v, r)) => (*v, r),
        None => (check.verdict, &check.reason),
    }
}

fn grant_refusal(case: &Case, checks: &[Check], code: ReasonCode) -> Option<Why> {
    if let Some(check) = checks.iter().find(|c| c.verdict == Verdict::Fail) {
        return Some(failing(case, check));
    }
    let hardship = item(checks, Item::Hardship)?;
    let overridden = hardship.set_by().is_some();
    let (_, automatic) = computed(hardship);
    let ok = match code {
        ReasonCode::HardshipMet => hardship.verdict == Verdict::Pass,
        ReasonCode::ExemptArt32 => {
            overridden || matches!(automatic, Reason::Exempt { .. } | Reason::ExemptIfAcquitted)
        }
        ReasonCode::NotVerifiedArt42 => {
            overridden || matches!(automatic, Reason::NotVerified { .. })
        }
        ReasonCode::MandatoryArt25 => matches!(automatic, Reason::NoMeansTest),
        _ => true,
    };
    if ok {
        return None;
    }
    let case = case.no;
    Some(match code {
        ReasonCode::HardshipMet => Why::HardshipNotDone {
            case,
            pending: Box::new(pending_detail(automatic)),
        },
        ReasonCode::ExemptArt32 => Why::NoGroundArt32 { case },
        ReasonCode::NotVerifiedArt42 => Why::NoGroupArt42 { case },
        _ => Why::NotMandatoryArt25 { case },
    })
}

/// What a pending hardship item still lacks.
fn pending_detail(reason: &Reason) -> Why {
    match reason {
        Reason::IncomeNotRecorded {
            standard,
            effective,
        } => Why::PendingNoMeans {
            standard: *standard,
            effective: *effective,
        },
        Reason::NoStandard { received } => Why::PendingNoStandard {
            received: *received,
        },
        Reason::NotMetUnlessSerious { means } | Reason::NotMetUnlessAcquitted { means } => {
            Why::PendingAbove {
                per_member: means.per_member,
                standard: means.standard,
            }
        }
        _ => Why::PendingHardship,
    }
}

/// A failing item, in one sentence with its article and what to do.
fn failing(case: &Case, check: &Check) -> Why {
    let no = case.no;
    let item = Coded::new(Table::Item, check.item.code());
    match &check.reason {
        Reason::HardshipNotMet { means } => Why::HardshipNotMet {
            case: no,
            per_member: means.per_member,
            income: means.monthly_income,
            household: means.household_size,
            standard: means.standard,
            received: case.received,
            effective: means.effective,
        },
        Reason::Conflict { party, cases } => Why::ConflictBlocksGrant {
            case: no,
            party: party.clone(),
            cases: super::case::CaseNo::list(cases),
        },
        Reason::DocumentsLate { due } => Why::DocumentsLate {
            case: no,
            due: *due,
        },
        Reason::Override { who, on, note } => Why::FailedByOverride {
            case: no,
            who: who.clone(),
            on: *on,
            note: note.clone(),
            item,
        },
        _ => Why::ItemFails { case: no, item },
    }
}

fn denial_refusal(case: &Case, checks: &[Check], code: ReasonCode) -> Option<Why> {
    let no = case.no;
    if case.channel == Channel::Notified && !NOTIFIED_DENIALS.contains(&code) {
        return Some(Why::NotifiedDeclinedOnly {
            case: no,
            code: code.code().to_string(),
        });
    }
    let verdict = |i: Item| item(checks, i).map(|c| c.verdict);
    match code {
        ReasonCode::NotHardship if verdict(Item::Hardship) != Some(Verdict::Fail) => {
            let why = match item(checks, Item::Hardship).map(computed) {
                Some((Verdict::NotApplicable, Reason::NoMeansTest)) => Why::MandatoryNoMeansTest,
                Some((Verdict::NotApplicable, _)) => Why::ExemptFromHardship,
                Some((Verdict::Pass, Reason::NotVerified { .. })) => Why::HardshipNotVerified,
                Some((Verdict::Pass, _)) => Why::MeansMeetStandard,
                _ => Why::MeansTestNotDone,
            };
            Some(Why::NotDeniedOnHardship {
                case: no,
                why: Box::new(why),
            })
        }
        ReasonCode::DocumentsMissing if verdict(Item::Documents) == Some(Verdict::Pass) => {
            Some(Why::DocumentsComplete { case: no })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseNo, CheckOverride};
    use crate::domain::codes::{Group, Kind, Matter};
    use crate::domain::eligibility::{Facts, evaluate_with};
    use crate::domain::policy::{HardshipStandard, Policy};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 1320 yuan per member, then 1600 from 2026-07-01.
    fn policy() -> Policy {
        let mut p = Policy::default();
        p.hardship_standards.push(HardshipStandard {
            effective: d("2026-07-01"),
            monthly_income_per_member: 1600,
        });
        p
    }

    /// Received 2026-06-15, when 1320 yuan per member was in force.
    fn wages(household: u32, income: u32) -> Case {
        let mut c = Case::received(
            CaseNo::new(2026, 7),
            d("2026-06-15"),
            Kind::Civil,
            Matter::Wages,
            Channel::WalkIn,
        );
        c.applicant.name = "张丽华".into();
        c.review.household_size = Some(household);
        c.review.monthly_income = Some(income);
        c
    }

    fn checks(c: &Case) -> Vec<Check> {
        let facts = Facts {
            today: d("2026-06-20"),
            home_area: "430204",
            conflicts: Some(&[]),
        };
        evaluate_with(c, &facts, &policy())
    }

    fn why(c: &Case, grant: bool, code: &str) -> Option<String> {
        let code = ReasonCode::from_code(code).expect("a reason code");
        refusal(c, &checks(c), grant, code).map(|r| crate::i18n::Lang::En.refusal(&r))
    }

    #[test]
    fn a_grant_over_the_standard_in_force_is_refused_with_the_figures() {
        assert_eq!(
            policy()
                .standard_on(d("2026-06-15"))
                .unwrap()
                .monthly_income_per_member,
            1320
        );
        let c = wages(2, 3000);
        let err = why(&c, true, "hardship_met").expect("refused");
        assert!(err.contains("1500 > 1320"), "{err}");
        assert!(err.contains("Art. 34"), "{err}");
        // Whatever grant reason is given.
        assert!(why(&c, true, "other").is_some());
        // The later standard does not apply to it: 1500 <= 1600 only then.
        let mut later = wages(2, 3000);
        later.received = d("2026-07-02");
        assert_eq!(why(&later, true, "hardship_met"), None);
        // At or below the standard: granted.
        assert_eq!(why(&wages(2, 2640), true, "hardship_met"), None);
    }

    #[test]
    fn an_override_of_the_hardship_item_with_a_reason_lets_it_pass() {
        let mut c = wages(2, 3000);
        c.review.overrides.push(CheckOverride {
            item: "hardship".into(),
            verdict: "pass".into(),
            reason: "大额医疗支出，实际困难".into(),
            who: "liwei".into(),
            on: d("2026-06-18"),
        });
        assert_eq!(why(&c, true, "hardship_met"), None);
    }

    #[test]
    fn hardship_met_needs_the_means_test_done() {
        let mut c = wages(2, 3000);
        c.review.household_size = None;
        c.review.monthly_income = None;
        let err = why(&c, true, "hardship_met").unwrap();
        assert!(err.contains("not done") && err.contains("Art. 34"), "{err}");
    }

    #[test]
    fn each_grant_reason_needs_its_ground_on_the_checklist() {
        let c = wages(2, 2000);
        assert!(why(&c, true, "exempt_art32").unwrap().contains("Art. 32"));
        assert!(
            why(&c, true, "not_verified_art42")
                .unwrap()
                .contains("Art. 42")
        );
        assert!(
            why(&c, true, "mandatory_art25")
                .unwrap()
                .contains("Art. 25")
        );
        let mut migrant = wages(2, 9000);
        migrant.applicant.groups = vec![Group::MigrantWorker];
        assert_eq!(why(&migrant, true, "not_verified_art42"), None);
        let mut victim = wages(2, 9000);
        victim.applicant.groups = vec![Group::DomesticViolenceVictim];
        assert_eq!(why(&victim, true, "exempt_art32"), None);
    }

    #[test]
    fn a_notified_defence_is_declined_only_on_the_grounds_the_law_allows() {
        let mut c = Case::received(
            CaseNo::new(2026, 9),
            d("2026-06-15"),
            Kind::Criminal,
            Matter::Defense,
            Channel::Notified,
        );
        c.applicant.name = "赵某".into();
        for code in ["not_hardship", "documents_missing", "other"] {
            let err = why(&c, false, code).unwrap_or_else(|| panic!("{code} allowed"));
            assert!(err.contains("Art. 25, 36"), "{err}");
        }
        for code in NOTIFIED_DENIALS {
            assert_eq!(why(&c, false, code.code()), None, "{code}");
        }
        assert_eq!(why(&c, true, "mandatory_art25"), None);
    }

    #[test]
    fn a_denial_on_the_means_needs_the_means_test_failed() {
        assert_eq!(why(&wages(2, 3000), false, "not_hardship"), None);
        let err = why(&wages(2, 2000), false, "not_hardship").unwrap();
        assert!(err.contains("meet the standard"), "{err}");
        let mut victim = wages(2, 9000);
        victim.applicant.groups = vec![Group::DomesticViolenceVictim];
        let err = why(&victim, false, "not_hardship").unwrap();
        assert!(err.contains("Art. 32"), "{err}");
    }

    #[test]
    fn a_conflict_blocks_a_grant_until_it_is_cleared_with_a_reason() {
        let mut c = wages(2, 2000);
        c.adverse_party = Some("王志强".into());
        let conflicts = [CaseNo::new(2026, 1)];
        let facts = Facts {
            today: d("2026-06-20"),
            home_area: "430204",
            conflicts: Some(&conflicts),
        };
        let checks = evaluate_with(&c, &facts, &policy());
        let err = crate::i18n::Lang::En
            .refusal(&refusal(&c, &checks, true, ReasonCode::HardshipMet).unwrap());
        assert!(
            err.contains("conflict of interest") && err.contains("2026-0001"),
            "{err}"
        );
        c.review.overrides.push(CheckOverride {
            item: "conflicts".into(),
            verdict: "pass".into(),
            reason: "身份证号不同，非同一人".into(),
            who: "liwei".into(),
            on: d("2026-06-18"),
        });
        let checks = evaluate_with(&c, &facts, &policy());
        assert_eq!(refusal(&c, &checks, true, ReasonCode::HardshipMet), None);
    }
}
