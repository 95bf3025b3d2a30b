//! The case tables of the half-year and yearly reports that count per
//! branch of law: T6 (civil), T7 (administrative), T8 (totals by branch)
//! and T9 (recipients by branch and group). Pure: [`cells`] says which
//! cells of them a case counts in; the store keeps their counters beside
//! the monthly table's (`report.rs`).

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::codes::{Channel, Group, Kind, Matter, ReasonCode, ResultCode, Status, Track};
use super::report::{Cell, Column, Month, aid_began, group_columns};

code_enum!(
    /// The branch of law a case is counted under in tables T5–T9. Stored
    /// as its index: append only.
    Branch {
        Criminal => "criminal",
        Civil => "civil",
        Administrative => "administrative",
    }
);

impl Branch {
    /// A case's branch: by its kind; a petition (申诉) by its matter;
    /// labour arbitration, non-litigation matters, notarization and
    /// forensic appraisal are civil.
    pub fn of(case: &Case) -> Branch {
        match case.kind {
            Kind::Criminal => Branch::Criminal,
            Kind::Administrative | Kind::StateCompensation => Branch::Administrative,
            Kind::Petition => match case.matter {
                Matter::Defense | Matter::Victim | Matter::CompulsoryTreatment => Branch::Criminal,
                Matter::StateCompensation => Branch::Administrative,
                _ => Branch::Civil,
            },
            Kind::Civil
            | Kind::LaborArbitration
            | Kind::NonLitigation
            | Kind::Notarization
            | Kind::Forensic => Branch::Civil,
        }
    }
}

/// A table's part: its id and its rows, the part's total first when it has one.
pub type Part = (&'static str, &'static [Column]);

/// The recipient rows every branch table has (T6, T7 and T9).
const GROUPS: &[Column] = Column::RECIPIENTS;

const DENIED: &[Column] = &[
    Column::Denied,
    Column::DeniedNotInScope,
    Column::DeniedNotHardship,
    Column::DeniedOther,
];

const CLOSED_LITIGATION: &[Column] = &[
    Column::Won,
    Column::Lost,
    Column::LitigationMediated,
    Column::Withdrawn,
    Column::LitigationTerminated,
];

const CLOSED_NON_LITIGATION: &[Column] = &[
    Column::NonLitigationMediated,
    Column::Settled,
    Column::ArbitrationAward,
    Column::NonLitigationTerminated,
];

const AMOUNTS: &[Column] = &[Column::Recovered, Column::WagesRecovered, Column::Open];

/// Table T6, civil cases: applications; granted by matter (the "of
/// which" rows after the row they belong to); denied by reason; the
/// recipients; closed by result; the money recovered; still open.
pub const T6: &[Part] = &[
    ("applications", &[Column::Applications]),
    (
        "granted",
        &[
            Column::Granted,
            Column::MatterSocialInsurance,
            Column::MatterSocialInsuranceMigrant,
            Column::MatterFamily,
            Column::MatterFamilySupport,
            Column::MatterFamilyViolence,
            Column::MatterWages,
            Column::MatterWagesMigrant,
            Column::MatterWorkInjury,
            Column::MatterOtherLabour,
            Column::MatterTraffic,
            Column::MatterMedical,
            Column::MatterProductQuality,
            Column::MatterOtherInjury,
            Column::MatterGoodSamaritan,
            Column::MatterPetition,
            Column::MatterOther,
        ],
    ),
    ("denied", DENIED),
    ("recipients", GROUPS),
    ("closed_litigation", CLOSED_LITIGATION),
    ("closed_non_litigation", CLOSED_NON_LITIGATION),
    ("amounts", AMOUNTS),
];

/// Table T7, administrative cases: the same shape, its own matters.
pub const T7: &[Part] = &[
    ("applications", &[Column::Applications]),
    (
        "granted",
        &[
            Column::Granted,
            Column::MatterStateCompensation,
            Column::MatterSocialInsurance,
            Column::MatterWorkInjury,
            Column::MatterPension,
            Column::MatterPetition,
            Column::MatterOther,
        ],
    ),
    ("denied", DENIED),
    ("recipients", GROUPS),
    ("closed_litigation", CLOSED_LITIGATION),
    ("closed_non_litigation", CLOSED_NON_LITIGATION),
    ("amounts", AMOUNTS),
];

/// Table T8, totals: a row per branch and the total row, these columns.
pub const T8: &[Column] = &[
    Column::Applications,
    Column::Granted,
    Column::Denied,
    Column::Concluded,
    Column::Open,
    Column::Recovered,
];

/// Table T9, recipients: a row per branch and the total row.
pub const T9: &[Column] = GROUPS;

/// Whether the rows of a part add up to its first row (the part's total);
/// the "of which" rows are left out of that sum.
pub fn is_of_which(column: Column) -> bool {
    matches!(
        column,
        Column::MatterSocialInsuranceMigrant
            | Column::MatterFamilySupport
            | Column::MatterFamilyViolence
            | Column::MatterWagesMigrant
    )
}

/// The matter rows a granted case counts in: its row, and an "of which"
/// row under it when one fits. A good samaritan's claim (见义勇为) has no
/// matter code of its own: an "other" matter of a good samaritan counts
/// there.
fn matter_columns(case: &Case, branch: Branch) -> Vec<Column> {
    use Column::*;
    let migrant = case.applicant.groups.contains(&Group::MigrantWorker);
    if case.kind == Kind::Petition {
        return vec![MatterPetition];
    }
    match branch {
        Branch::Criminal => Vec::new(),
        Branch::Civil => match case.matter {
            Matter::SocialInsurance | Matter::Pension if migrant => {
                vec![MatterSocialInsurance, MatterSocialInsuranceMigrant]
            }
            Matter::SocialInsurance | Matter::Pension => vec![MatterSocialInsurance],
            Matter::Support => vec![MatterFamily, MatterFamilySupport],
            Matter::DomesticViolence => vec![MatterFamily, MatterFamilyViolence],
            Matter::Marriage => vec![MatterFamily],
            Matter::Wages if migrant => vec![MatterWages, MatterWagesMigrant],
            Matter::Wages => vec![MatterWages],
            Matter::WorkInjury => vec![MatterWorkInjury],
            Matter::LaborRelation => vec![MatterOtherLabour],
            Matter::TrafficAccident => vec![MatterTraffic],
            Matter::MedicalAccident => vec![MatterMedical],
            Matter::FoodDrug => vec![MatterProductQuality],
            Matter::Environment => vec![MatterOtherInjury],
            Matter::Other if case.applicant.groups.contains(&Group::GoodSamaritan) => {
                vec![MatterGoodSamaritan]
            }
            _ => vec![MatterOther],
        },
        Branch::Administrative => match case.matter {
            Matter::StateCompensation => vec![MatterStateCompensation],
            // Social insurance and social assistance, the minimum living
            // allowance (低保) among it.
            Matter::SocialInsurance => vec![MatterSocialInsurance],
            Matter::WorkInjury => vec![MatterWorkInjury],
            Matter::Pension => vec![MatterPension],
            _ if case.kind == Kind::StateCompensation => vec![MatterStateCompensation],
            _ => vec![MatterOther],
        },
    }
}

/// The closing row of a civil or administrative case: by the coded
/// result, on the track of its kind (a termination with no result code
/// counts as terminated).
fn closed_column(case: &Case) -> Option<Column> {
    use Column::*;
    let code = match (case.result.as_ref().map(|r| r.code), case.status) {
        (Some(code), _) => code,
        (None, Status::Terminated) => ResultCode::Terminated,
        _ => return None,
    };
    match (case.kind.track(), code) {
        (Track::Criminal, _) => None,
        (Track::Litigation, ResultCode::Won) => Some(Won),
        (Track::Litigation, ResultCode::Lost) => Some(Lost),
        (Track::Litigation, ResultCode::Mediated) => Some(LitigationMediated),
        (Track::Litigation, ResultCode::Withdrawn) => Some(Withdrawn),
        (Track::Litigation, _) => Some(LitigationTerminated),
        (Track::NonLitigation, ResultCode::Mediated) => Some(NonLitigationMediated),
        (Track::NonLitigation, ResultCode::Settled) => Some(Settled),
        (Track::NonLitigation, ResultCode::ArbitrationAward) => Some(ArbitrationAward),
        (Track::NonLitigation, _) => Some(NonLitigationTerminated),
    }
}

/// The denial's category in the tables: not in scope, not in hardship,
/// or another reason (jurisdiction, documents, other).
fn denied_column(case: &Case) -> Column {
    let code = case
        .review
        .decision
        .as_ref()
        .and_then(|d| ReasonCode::from_code(&d.reason_code));
    match code {
        Some(ReasonCode::NotInScope) => Column::DeniedNotInScope,
        Some(ReasonCode::NotHardship) => Column::DeniedNotHardship,
        _ => Column::DeniedOther,
    }
}

/// Every cell of T6–T9 a case counts in, under its branch: an
/// application in the month it was received; a denial in the month it
/// was decided; the rest in the month aid began (as the monthly table).
pub fn cells(case: &Case) -> Vec<Cell> {
    let branch = Branch::of(case);
    let mut out = Vec::new();
    let mut add = |day: chrono::NaiveDate, column: Column, amount: u64| {
        if amount > 0 {
            out.push(Cell {
                month: Month::of(day),
                branch: Some(branch),
                column,
                amount,
            });
        }
    };
    if !matches!(case.channel, Channel::Notified | Channel::Requested) {
        add(case.received, Column::Applications, 1);
    }
    if case.status == Status::Denied
        && let Some(day) = case.steps.decided
    {
        add(day, Column::Denied, 1);
        add(day, denied_column(case), 1);
    }
    if let Some(began) = aid_began(case) {
        add(began, Column::Granted, 1);
        add(began, Column::Recipients, 1);
        for c in group_columns(case) {
            add(began, c, 1);
        }
        for c in matter_columns(case, branch) {
            add(began, c, 1);
        }
        if let Some(c) = closed_column(case) {
            add(began, c, 1);
        }
        add(
            began,
            Column::Concluded,
            u64::from(case.steps.concluded.is_some()),
        );
        add(
            began,
            Column::Open,
            u64::from(matches!(case.status, Status::Granted | Status::Assigned)),
        );
        if let Some(r) = &case.result {
            add(began, Column::Recovered, r.recovered);
            add(began, Column::WagesRecovered, r.wages);
        }
    }
    out
}

/// The counts of a period per branch, as the store summed them.
pub type BranchCounts = std::collections::BTreeMap<Branch, super::report::Counts>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseNo, CaseResult, Decision};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(kind: Kind, matter: Matter, status: Status) -> Case {
        let mut c = Case::received(
            CaseNo::new(2026, 1),
            d("2026-03-20"),
            kind,
            matter,
            Channel::WalkIn,
        );
        c.status = status;
        c.steps.decided = Some(d("2026-04-02"));
        c
    }

    fn columns(c: &Case) -> Vec<(String, Column)> {
        cells(c)
            .into_iter()
            .map(|x| (x.month.to_string(), x.column))
            .collect()
    }

    #[test]
    fn branches_follow_the_kind_and_a_petition_its_matter() {
        let b = |k, m| Branch::of(&case(k, m, Status::Granted));
        assert_eq!(b(Kind::Criminal, Matter::Defense), Branch::Criminal);
        assert_eq!(b(Kind::Petition, Matter::Victim), Branch::Criminal);
        assert_eq!(b(Kind::Petition, Matter::Wages), Branch::Civil);
        assert_eq!(
            b(Kind::Petition, Matter::StateCompensation),
            Branch::Administrative
        );
        assert_eq!(
            b(Kind::StateCompensation, Matter::Other),
            Branch::Administrative
        );
        assert_eq!(b(Kind::LaborArbitration, Matter::Wages), Branch::Civil);
        assert_eq!(b(Kind::Notarization, Matter::Marriage), Branch::Civil);
    }

    #[test]
    fn a_granted_case_counts_its_application_matter_and_result() {
        let mut c = case(Kind::Civil, Matter::Wages, Status::Concluded);
        c.applicant.groups = vec![Group::MigrantWorker];
        c.steps.concluded = Some(d("2026-06-01"));
        c.result = Some(CaseResult {
            code: ResultCode::Mediated,
            recovered: 20_000,
            wages: 18_000,
        });
        let cols = columns(&c);
        assert!(cols.contains(&("2026-03".into(), Column::Applications)));
        for col in [
            Column::Granted,
            Column::MatterWages,
            Column::MatterWagesMigrant,
            Column::MigrantWorkers,
            Column::LitigationMediated,
            Column::Concluded,
        ] {
            assert!(cols.contains(&("2026-04".into(), col)), "{col}");
        }
        assert!(!cols.iter().any(|(_, c)| *c == Column::Open));
        assert!(cells(&c).iter().all(|x| x.branch == Some(Branch::Civil)));
        let amount = |col| {
            cells(&c)
                .into_iter()
                .find(|x| x.column == col)
                .map(|x| x.amount)
        };
        assert_eq!(amount(Column::Recovered), Some(20_000));
        assert_eq!(amount(Column::WagesRecovered), Some(18_000));
    }

    #[test]
    fn a_denial_counts_its_reason_in_the_month_decided() {
        let mut c = case(Kind::Administrative, Matter::Pension, Status::Denied);
        c.review.decision = Some(Decision {
            grant: false,
            reason_code: "not_hardship".into(),
            text: String::new(),
            proposed_by: "a".into(),
            proposed_on: d("2026-04-01"),
            approved_by: None,
            approved_on: None,
            standard: None,
        });
        assert_eq!(
            columns(&c),
            [
                ("2026-03".into(), Column::Applications),
                ("2026-04".into(), Column::Denied),
                ("2026-04".into(), Column::DeniedNotHardship),
            ]
        );
        c.review.decision.as_mut().unwrap().reason_code = "documents_missing".into();
        assert!(columns(&c).contains(&("2026-04".into(), Column::DeniedOther)));
    }

    #[test]
    fn a_notification_is_no_application_and_stays_open_until_concluded() {
        let mut c = case(Kind::Criminal, Matter::Defense, Status::Assigned);
        c.channel = Channel::Notified;
        let cols = columns(&c);
        assert!(!cols.iter().any(|(_, c)| *c == Column::Applications));
        assert!(cols.contains(&("2026-03".into(), Column::Open)));
        assert!(cols.contains(&("2026-03".into(), Column::Granted)));
    }

    #[test]
    fn matter_rows_partition_the_granted_cases() {
        for branch_kind in [Kind::Civil, Kind::Administrative] {
            let table = if branch_kind == Kind::Civil { T6 } else { T7 };
            let rows = table[1].1;
            for m in Matter::for_kind(branch_kind) {
                let c = case(branch_kind, m, Status::Granted);
                let own: Vec<Column> = columns(&c)
                    .into_iter()
                    .map(|(_, c)| c)
                    .filter(|c| rows[1..].contains(c) && !is_of_which(*c))
                    .collect();
                assert_eq!(own.len(), 1, "{branch_kind} {m}: {own:?}");
            }
        }
    }
}
