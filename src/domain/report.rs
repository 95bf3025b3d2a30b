//! The center's statistics: the cells of the national tables a case counts
//! in, the periods reports cover, and the plan's targets. Pure: the store
//! keeps a counter per (month, column) from [`cells`], in the same batch as
//! every change of a case, and a report adds the months of its period.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::case::Case;
use super::codes::{Channel, Group, Kind, Matter, Status};
use super::idnumber::Gender;
use super::policy::Policy;
pub use super::tables::Branch;

code_enum!(
    /// A column of the monthly table (月报), by its national id, and the
    /// counts the plan's targets need. Stored as its index: append only.
    Column {
        Consultations => "consultations",
        Cases => "cases",
        CriminalApplication => "criminal_application",
        CriminalNotified => "criminal_notified",
        CriminalRequested => "criminal_requested",
        CriminalCompulsoryTreatment => "criminal_compulsory_treatment",
        CriminalTotal => "criminal_total",
        CivilLitigation => "civil_litigation",
        AdministrativeLitigation => "administrative_litigation",
        Petition => "petition",
        Notarization => "notarization",
        Forensic => "forensic",
        OtherNonLitigation => "other_non_litigation",
        // Yuan recovered or obtained (the table shows 10k yuan).
        Recovered => "recovered_10k_yuan",
        Recipients => "recipients",
        Women => "women",
        Disabled => "disabled",
        Farmers => "farmers",
        MigrantWorkers => "migrant_workers",
        Minors => "minors",
        Elderly => "elderly",
        EthnicMinorities => "ethnic_minorities",
        MilitaryFamilies => "military_families",
        Foreigners => "foreigners",
        // The targets' counts, not columns of the form.
        NonCriminal => "non_criminal",
        ViaWorkstation => "via_workstation",
        Concluded => "concluded",
        DeadlinesMet => "deadlines_met",
        DeadlinesMissed => "deadlines_missed",
        // Yuan of wages recovered for migrant workers (T6).
        WagesRecovered => "wages_recovered",
        // Table T5, criminal cases.
        NotifiedInvestigation => "notified_investigation",
        NotifiedProsecutionReview => "notified_prosecution_review",
        NotifiedFirstInstance => "notified_first_instance",
        NotifiedSecondInstance => "notified_second_instance",
        NotifiedOtherStage => "notified_other_stage",
        GroundMinor => "ground_minor",
        GroundBlindDeafMute => "ground_blind_deaf_mute",
        GroundMentalIllness => "ground_mental_illness",
        GroundLifeOrDeath => "ground_life_or_death",
        GroundOther => "ground_other",
        TransferredPolice => "transferred_police",
        TransferredProcuratorate => "transferred_procuratorate",
        TransferredCourt => "transferred_court",
        TransferredOther => "transferred_other",
        DirectSuspect => "direct_suspect",
        DirectDefendant => "direct_defendant",
        DirectVictim => "direct_victim",
        DirectPrivateProsecutor => "direct_private_prosecutor",
        CriminalOpinionAdopted => "criminal_opinion_adopted",
        CriminalOpinionPartlyAdopted => "criminal_opinion_partly_adopted",
        CriminalOpinionNotAdopted => "criminal_opinion_not_adopted",
        CriminalTerminated => "criminal_terminated",
        CriminalOpen => "criminal_open",
        // Tables T6–T9, counted per branch (`tables.rs`).
        Applications => "applications",
        Granted => "granted",
        Denied => "denied",
        DeniedNotInScope => "denied_not_in_scope",
        DeniedNotHardship => "denied_not_hardship",
        DeniedOther => "denied_other",
        MatterSocialInsurance => "matter_social_insurance",
        MatterSocialInsuranceMigrant => "matter_social_insurance_migrant",
        MatterFamily => "matter_family",
        MatterFamilySupport => "matter_family_support",
        MatterFamilyViolence => "matter_family_violence",
        MatterWages => "matter_wages",
        MatterWagesMigrant => "matter_wages_migrant",
        MatterWorkInjury => "matter_work_injury",
        MatterOtherLabour => "matter_other_labour",
        MatterTraffic => "matter_traffic",
        MatterMedical => "matter_medical",
        MatterProductQuality => "matter_product_quality",
        MatterOtherInjury => "matter_other_injury",
        MatterGoodSamaritan => "matter_good_samaritan",
        MatterPetition => "matter_petition",
        MatterOther => "matter_other",
        MatterStateCompensation => "matter_state_compensation",
        MatterPension => "matter_pension",
        Won => "won",
        Lost => "lost",
        LitigationMediated => "litigation_mediated",
        Withdrawn => "withdrawn",
        LitigationTerminated => "litigation_terminated",
        NonLitigationMediated => "non_litigation_mediated",
        Settled => "settled",
        ArbitrationAward => "arbitration_award",
        NonLitigationTerminated => "non_litigation_terminated",
        Open => "open",
        // Funds (T4, `docket report funds`), in yuan: paid in the month,
        // by payee type and by case class, with its parts; and committed
        // (files submitted in the month whose handling is not yet paid).
        Spent => "spent",
        Committed => "committed",
        SpentDirectCosts => "spent_direct_costs",
        SpentLabourFees => "spent_labour_fees",
        SpentCenterStaff => "spent_center_staff",
        SpentLawyer => "spent_lawyer",
        SpentLegalServiceWorker => "spent_legal_service_worker",
        SpentSocialOrganization => "spent_social_organization",
        SpentVolunteer => "spent_volunteer",
        SpentCriminal => "spent_criminal",
        SpentCivilLitigation => "spent_civil_litigation",
        SpentCivilNonLitigation => "spent_civil_non_litigation",
        SpentAdministrativeLitigation => "spent_administrative_litigation",
        SpentAdministrativeNonLitigation => "spent_administrative_non_litigation",
        // Payments that belong to no case, by kind (T4).
        SpentDuty => "spent_duty",
        SpentConsultation => "spent_consultation",
        SpentDrafting => "spent_drafting",
        // The central lottery project's quarterly table (中央专项彩票公益金
        // 法律援助项目): cases paid from it, yuan, and of the recipients each
        // group the project serves.
        LotteryCases => "lottery_cases",
        LotterySpent => "lottery_spent",
        LotteryMigrantWorkers => "lottery_migrant_workers",
        LotteryDisabled => "lottery_disabled",
        LotteryElderly => "lottery_elderly",
        LotteryWomen => "lottery_women",
        LotteryMinors => "lottery_minors",
        LotteryMilitary => "lottery_military_families",
    }
);

impl Column {
    /// The monthly table's columns, in the form's order.
    pub const MONTHLY: &'static [Column] = &[
        Column::Consultations,
        Column::Cases,
        Column::CriminalApplication,
        Column::CriminalNotified,
        Column::CriminalRequested,
        Column::CriminalCompulsoryTreatment,
        Column::CriminalTotal,
        Column::CivilLitigation,
        Column::AdministrativeLitigation,
        Column::Petition,
        Column::Notarization,
        Column::Forensic,
        Column::OtherNonLitigation,
        Column::Recovered,
        Column::Recipients,
        Column::Women,
        Column::Disabled,
        Column::Farmers,
        Column::MigrantWorkers,
        Column::Minors,
        Column::Elderly,
        Column::EthnicMinorities,
        Column::MilitaryFamilies,
        Column::Foreigners,
    ];

    /// The recipients and, of them, each group: the monthly table's last
    /// ten columns (and a part of tables T6, T7 and T9).
    pub const RECIPIENTS: &'static [Column] = Column::MONTHLY.split_at(14).1;

    /// The groups of recipients ("of whom"), in the form's order.
    pub const OF_WHOM: &'static [Column] = Column::MONTHLY.split_at(15).1;

    /// Whether the column adds up yuan rather than counting cases.
    pub fn is_amount(self) -> bool {
        use Column::*;
        matches!(
            self,
            Recovered
                | WagesRecovered
                | Spent
                | Committed
                | SpentDirectCosts
                | SpentLabourFees
                | SpentCenterStaff
                | SpentLawyer
                | SpentLegalServiceWorker
                | SpentSocialOrganization
                | SpentVolunteer
                | SpentCriminal
                | SpentCivilLitigation
                | SpentCivilNonLitigation
                | SpentAdministrativeLitigation
                | SpentAdministrativeNonLitigation
                | SpentDuty
                | SpentConsultation
                | SpentDrafting
                | LotterySpent
        )
    }

    /// The lottery project's table: its columns, in the form's order.
    pub const LOTTERY: &'static [Column] = &[
        Column::LotteryCases,
        Column::LotterySpent,
        Column::LotteryMigrantWorkers,
        Column::LotteryDisabled,
        Column::LotteryElderly,
        Column::LotteryWomen,
        Column::LotteryMinors,
        Column::LotteryMilitary,
    ];

    /// The lottery project's column of a recipients' group, if it serves it.
    pub fn lottery_group(group: Column) -> Option<Column> {
        Some(match group {
            Column::MigrantWorkers => Column::LotteryMigrantWorkers,
            Column::Disabled => Column::LotteryDisabled,
            Column::Elderly => Column::LotteryElderly,
            Column::Women => Column::LotteryWomen,
            Column::Minors => Column::LotteryMinors,
            Column::MilitaryFamilies => Column::LotteryMilitary,
            _ => return None,
        })
    }

    /// The column of the money paid to a type of payee (T4).
    pub fn spent_by_payee(p: super::funds::PayeeType) -> Column {
        use super::funds::PayeeType as P;
        match p {
            P::CenterStaff => Column::SpentCenterStaff,
            P::Lawyer => Column::SpentLawyer,
            P::LegalServiceWorker => Column::SpentLegalServiceWorker,
            P::SocialOrganization => Column::SpentSocialOrganization,
            P::Volunteer => Column::SpentVolunteer,
        }
    }

    /// The column of the money paid for a class of case (T4).
    pub fn spent_by_class(c: super::funds::SpendClass) -> Column {
        use super::funds::SpendClass as S;
        match c {
            S::Criminal => Column::SpentCriminal,
            S::CivilLitigation => Column::SpentCivilLitigation,
            S::CivilNonLitigation => Column::SpentCivilNonLitigation,
            S::AdministrativeLitigation => Column::SpentAdministrativeLitigation,
            S::AdministrativeNonLitigation => Column::SpentAdministrativeNonLitigation,
        }
    }

    /// The heading group of the paper form the column sits under.
    pub fn group(self) -> Option<&'static str> {
        use Column::*;
        match self {
            CriminalApplication
            | CriminalNotified
            | CriminalRequested
            | CriminalCompulsoryTreatment
            | CriminalTotal => Some("criminal"),
            CivilLitigation
            | AdministrativeLitigation
            | Petition
            | Notarization
            | Forensic
            | OtherNonLitigation => Some("civil_administrative"),
            Women | Disabled | Farmers | MigrantWorkers | Minors | Elderly | EthnicMinorities
            | MilitaryFamilies | Foreigners => Some("of_whom"),
            _ => None,
        }
    }
}

/// A calendar month, the unit the store counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// `count` months from this one on.
    pub fn run(self, count: usize) -> Vec<Month> {
        std::iter::successors(Some(self), |m| Some(m.next()))
            .take(count)
            .collect()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The report a period belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Monthly,
    Quarterly,
    HalfYear,
    Yearly,
}

impl ReportKind {
    pub fn code(self) -> &'static str {
        match self {
            ReportKind::Monthly => "monthly",
            ReportKind::Quarterly => "quarterly",
            ReportKind::HalfYear => "half-year",
            ReportKind::Yearly => "yearly",
        }
    }
}

/// The period a report covers: `2026-11`, `2026-Q3`, `2026-H1`, `2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Month(Month),
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year(i32),
}

/// A period that cannot be read, with what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPeriod {
    pub text: String,
    pub kind: ReportKind,
}

impl Period {
    /// Reads a period of any kind: `2026-11`, `2026-Q4`, `2026-H2`, `2026`.
    pub fn parse_any(text: &str) -> Option<Period> {
        [
            ReportKind::Monthly,
            ReportKind::Quarterly,
            ReportKind::HalfYear,
            ReportKind::Yearly,
        ]
        .into_iter()
        .find_map(|k| Period::parse(k, text).ok())
    }

    /// Reads the period of a report of `kind`.
    pub fn parse(kind: ReportKind, text: &str) -> Result<Period, BadPeriod> {
        let bad = || BadPeriod {
            text: text.to_string(),
            kind,
        };
        let t = text.trim();
        let year = |s: &str| {
            s.parse::<i32>()
                .ok()
                .filter(|y| (1990..=2200).contains(y) && s.len() == 4)
        };
        let (y, rest) = match t.split_once('-') {
            Some((y, rest)) => (year(y).ok_or_else(bad)?, Some(rest)),
            None => (year(t).ok_or_else(bad)?, None),
        };
        let number = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| (1..=max).contains(n));
        match (kind, rest) {
            (ReportKind::Monthly, Some(m)) if m.len() == 2 => number(m, 12)
                .map(|month| Period::Month(Month { year: y, month }))
                .ok_or_else(bad),
            (ReportKind::Quarterly, Some(q)) => q
                .strip_prefix(['Q', 'q'])
                .and_then(|q| number(q, 4))
                .map(|quarter| Period::Quarter { year: y, quarter })
                .ok_or_else(bad),
            (ReportKind::HalfYear, Some(h)) => h
                .strip_prefix(['H', 'h'])
                .and_then(|h| number(h, 2))
                .map(|half| Period::Half { year: y, half })
                .ok_or_else(bad),
            (ReportKind::Yearly, None) => Ok(Period::Year(y)),
            _ => Err(bad()),
        }
    }

    /// The period of `kind` that holds `day`.
    pub fn holding(kind: ReportKind, day: NaiveDate, half_year_from: u32) -> Period {
        let m = Month::of(day);
        match kind {
            ReportKind::Monthly => Period::Month(m),
            ReportKind::Quarterly => Period::Quarter {
                year: m.year,
                quarter: (m.month - 1) / 3 + 1,
            },
            ReportKind::HalfYear => {
                let p = |year, half| Period::Half { year, half };
                [p(m.year, 1), p(m.year, 2), p(m.year + 1, 1)]
                    .into_iter()
                    .find(|p| p.months(half_year_from).contains(&m))
                    .unwrap_or(p(m.year, 1))
            }
            ReportKind::Yearly => Period::Year(m.year),
        }
    }

    /// Whether the period is one `parse` could give (a client sends it).
    pub fn is_valid(self) -> bool {
        let year = |y: i32| (1990..=2200).contains(&y);
        match self {
            Period::Month(m) => year(m.year) && (1..=12).contains(&m.month),
            Period::Quarter { year: y, quarter } => year(y) && (1..=4).contains(&quarter),
            Period::Half { year: y, half } => year(y) && (1..=2).contains(&half),
            Period::Year(y) => year(y),
        }
    }

    pub fn kind(self) -> ReportKind {
        match self {
            Period::Month(_) => ReportKind::Monthly,
            Period::Quarter { .. } => ReportKind::Quarterly,
            Period::Half { .. } => ReportKind::HalfYear,
            Period::Year(_) => ReportKind::Yearly,
        }
    }

    /// The months of the period. A half-year starts in the policy's month
    /// (`half_year_from`): 1 for Jan–Jun / Jul–Dec, 12 for the provincial
    /// Dec–May / Jun–Nov (the first half then starts in the year before).
    pub fn months(self, half_year_from: u32) -> Vec<Month> {
        match self {
            Period::Month(m) => vec![m],
            Period::Quarter { year, quarter } => Month {
                year,
                month: (quarter - 1) * 3 + 1,
            }
            .run(3),
            Period::Half { year, half } => {
                let from = half_year_from.clamp(1, 12);
                let first = if from == 1 {
                    Month { year, month: 1 }
                } else {
                    // The first half ends in the year named.
                    Month {
                        year: year - 1,
                        month: from,
                    }
                };
                let start = if half == 1 { first } else { first.run(7)[6] };
                start.run(6)
            }
            Period::Year(year) => Month { year, month: 1 }.run(12),
        }
    }

    /// The previous or next period of the same kind.
    pub fn step(self, forward: bool, half_year_from: u32) -> Period {
        let months = self.months(half_year_from);
        let day = if forward {
            months
                .last()
                .map(|m| m.last_day().succ_opt().unwrap_or(NaiveDate::MAX))
        } else {
            months
                .first()
                .map(|m| m.first_day().pred_opt().unwrap_or(NaiveDate::MIN))
        };
        Period::holding(self.kind(), day.unwrap_or(NaiveDate::MIN), half_year_from)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month(m) => m.fmt(f),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::Year(year) => write!(f, "{year}"),
        }
    }
}

/// One thing a case adds to one cell: 1 for a count, yuan for an amount.
/// A cell of the monthly table and T5 counts every case (`branch` None);
/// a cell of T6–T9 counts the cases of one branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    pub month: Month,
    pub branch: Option<Branch>,
    pub column: Column,
    pub amount: u64,
}

/// The day aid began, which decides the period a case counts in: the
/// received date of a notification (no review), else the grant's date.
/// None for a case not (or not yet) granted.
pub fn aid_began(case: &Case) -> Option<NaiveDate> {
    match case.status {
        Status::Denied | Status::Withdrawn => None,
        // Aid on a notification is due from the day it came, before a
        // lawyer is assigned (Law Art. 25, 36).
        _ if case.channel == Channel::Notified => Some(case.received),
        Status::Received | Status::AwaitingDocuments => None,
        _ => case.steps.decided,
    }
}

/// The recipient's age on the received date, from the birth date (which
/// the ID number gives).
pub(super) fn age(case: &Case) -> Option<i64> {
    let birth = case.applicant.birth_date?;
    Some(i64::from(case.received.years_since(birth)?))
}

/// Every cell a case counts in, under the rules in force (the calendar and
/// the policy date the statutory deadlines met or missed).
pub fn cells(case: &Case, policy: &Policy, calendar: &Calendar) -> Vec<Cell> {
    let mut out = Vec::new();
    if let Some(began) = aid_began(case) {
        let month = Month::of(began);
        let mut add = |column: Column, amount: u64| {
            if amount > 0 {
                out.push(Cell {
                    month,
                    branch: None,
                    column,
                    amount,
                })
            }
        };
        add(Column::Cases, 1);
        add(Column::Recipients, 1);
        for c in kind_columns(case) {
            add(*c, 1);
        }
        if case.kind != Kind::Criminal {
            add(Column::NonCriminal, 1);
            add(
                Column::ViaWorkstation,
                u64::from(case.channel == Channel::Workstation),
            );
        }
        add(Column::Concluded, u64::from(case.steps.concluded.is_some()));
        if let Some(r) = &case.result {
            add(Column::Recovered, r.recovered);
            add(Column::WagesRecovered, r.wages);
        }
        for c in group_columns(case) {
            add(c, 1);
        }
        for c in criminal_columns(case) {
            add(c, 1);
        }
    }
    let mut met: std::collections::BTreeMap<(Month, Column), u64> = Default::default();
    for (due, done) in super::deadlines::kept(case, policy, calendar) {
        let column = if done <= due {
            Column::DeadlinesMet
        } else {
            Column::DeadlinesMissed
        };
        *met.entry((Month::of(due), column)).or_default() += 1;
    }
    out.extend(met.into_iter().map(|((month, column), amount)| Cell {
        month,
        branch: None,
        column,
        amount,
    }));
    out.extend(super::tables::cells(case));
    out.extend(super::funds::cells(case, policy));
    out.sort();
    out
}

/// The columns of table T5 a criminal case counts in: a notification's
/// stage and ground, an application's source, the result, still open.
fn criminal_columns(case: &Case) -> Vec<Column> {
    use super::codes::{NoticeGround as G, ProceedingStage as S, ResultCode as R, Source as O};
    use Column::*;
    if case.kind != Kind::Criminal {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(f) = &case.criminal {
        out.extend(f.stage.map(|s| match s {
            S::Investigation => NotifiedInvestigation,
            S::ProsecutionReview => NotifiedProsecutionReview,
            S::FirstInstance => NotifiedFirstInstance,
            S::SecondInstance => NotifiedSecondInstance,
            S::Other => NotifiedOtherStage,
        }));
        out.extend(f.ground.map(|g| match g {
            G::Minor => GroundMinor,
            G::BlindDeafMute => GroundBlindDeafMute,
            G::MentalIllness => GroundMentalIllness,
            G::LifeOrDeath => GroundLifeOrDeath,
            G::Other => GroundOther,
        }));
        out.extend(f.source.map(|s| match s {
            O::Police => TransferredPolice,
            O::Procuratorate => TransferredProcuratorate,
            O::Court => TransferredCourt,
            O::OtherOrgan => TransferredOther,
            O::Suspect => DirectSuspect,
            O::Defendant => DirectDefendant,
            O::Victim => DirectVictim,
            O::PrivateProsecutor => DirectPrivateProsecutor,
        }));
    }
    match (case.status, case.result.as_ref().map(|r| r.code)) {
        (Status::Terminated, _) | (_, Some(R::Terminated)) => out.push(CriminalTerminated),
        (_, Some(R::OpinionAdopted)) => out.push(CriminalOpinionAdopted),
        (_, Some(R::OpinionPartlyAdopted)) => out.push(CriminalOpinionPartlyAdopted),
        (_, Some(R::OpinionNotAdopted)) => out.push(CriminalOpinionNotAdopted),
        (Status::Granted | Status::Assigned, _) => out.push(CriminalOpen),
        _ => {}
    }
    out
}

/// The kind columns of the monthly table a case counts in.
fn kind_columns(case: &Case) -> &'static [Column] {
    use Column::*;
    match case.kind {
        Kind::Criminal => {
            if case.matter == Matter::CompulsoryTreatment {
                &[CriminalCompulsoryTreatment, CriminalTotal]
            } else {
                match case.channel {
                    Channel::Notified => &[CriminalNotified, CriminalTotal],
                    Channel::Requested => &[CriminalRequested, CriminalTotal],
                    _ => &[CriminalApplication, CriminalTotal],
                }
            }
        }
        Kind::Civil => &[CivilLitigation],
        Kind::Administrative | Kind::StateCompensation => &[AdministrativeLitigation],
        Kind::LaborArbitration | Kind::NonLitigation => &[OtherNonLitigation],
        Kind::Petition => &[Petition],
        Kind::Notarization => &[Notarization],
        Kind::Forensic => &[Forensic],
    }
}

/// The recipient groups of the monthly table. Women, minors and the
/// elderly come from the ID number at the received date (the typed group
/// only when the birth date is unknown); blind, deaf or mute people count
/// as disabled too.
pub(super) fn group_columns(case: &Case) -> Vec<Column> {
    let a = &case.applicant;
    let has = |g: Group| a.groups.contains(&g);
    let age = age(case);
    let mut out = Vec::new();
    let mut add = |yes: bool, c: Column| {
        if yes {
            out.push(c)
        }
    };
    add(a.gender == Some(Gender::Female), Column::Women);
    add(
        has(Group::Disabled) || has(Group::BlindDeafMute),
        Column::Disabled,
    );
    add(has(Group::Farmer), Column::Farmers);
    add(has(Group::MigrantWorker), Column::MigrantWorkers);
    add(age.map_or(has(Group::Minor), |a| a < 18), Column::Minors);
    add(
        age.map_or(has(Group::Elderly), |a| a >= 60),
        Column::Elderly,
    );
    add(has(Group::EthnicMinority), Column::EthnicMinorities);
    add(has(Group::MilitaryFamily), Column::MilitaryFamilies);
    add(has(Group::Foreigner), Column::Foreigners);
    out
}

/// The counts of a period, by column, as the store summed them.
pub type Counts = std::collections::BTreeMap<Column, u64>;

/// The plan's targets, year to date through the end of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targets {
    pub cases_year_to_date: u64,
    pub cases_target: u32,
    /// Non-criminal cases applied for through a workstation, over all
    /// non-criminal cases (0–1).
    pub workstation_share: f64,
    pub workstation_share_target: f64,
    /// Concluded over cases (办结率), year to date.
    pub conclusion_rate: f64,
    /// Statutory deadlines that fell due in the period, done on time.
    pub deadlines_met: u64,
    /// … done late, or still open past their day.
    pub deadlines_missed: u64,
    /// Open deadlines already past, today.
    pub overdue_now: u64,
}

/// The figures the store read for the targets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInputs {
    pub cases: u64,
    pub non_criminal: u64,
    pub via_workstation: u64,
    pub concluded: u64,
    pub deadlines_met: u64,
    pub deadlines_missed: u64,
    /// Open statutory deadlines whose day fell in the period and passed.
    pub missed_open: u64,
    pub overdue_now: u64,
}

impl TargetInputs {
    /// Adds another center's inputs (a merge of reports).
    pub fn add(&mut self, b: &TargetInputs) {
        self.cases += b.cases;
        self.non_criminal += b.non_criminal;
        self.via_workstation += b.via_workstation;
        self.concluded += b.concluded;
        self.deadlines_met += b.deadlines_met;
        self.deadlines_missed += b.deadlines_missed;
        self.missed_open += b.missed_open;
        self.overdue_now += b.overdue_now;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        // Rounded to four places, so that files compare exactly.
        ((a as f64 / b as f64) * 10_000.0).round() / 10_000.0
    }
}

impl Targets {
    pub fn of(i: TargetInputs, policy: &Policy) -> Targets {
        Targets::against(i, policy.cases_per_year, policy.workstation_share_percent)
    }

    /// The targets from their inputs and the plan's two figures.
    pub fn against(i: TargetInputs, cases_target: u32, share_percent: u32) -> Targets {
        Targets {
            cases_year_to_date: i.cases,
            cases_target,
            workstation_share: ratio(i.via_workstation, i.non_criminal),
            workstation_share_target: f64::from(share_percent) / 100.0,
            conclusion_rate: ratio(i.concluded, i.cases),
            deadlines_met: i.deadlines_met,
            deadlines_missed: i.deadlines_missed + i.missed_open,
            overdue_now: i.overdue_now,
        }
    }
}

/// A report's figures as the store read them: each month's counts, the
/// period's totals, the targets, and the cases behind one cell if asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub center: String,
    pub period: Period,
    pub months: Vec<(Month, Counts)>,
    pub totals: Counts,
    pub targets: Targets,
    /// What the targets were computed from (year to date), so that the
    /// reports of several centers add up into one (`docket report merge`).
    pub basis: TargetInputs,
    /// The cases behind the column asked for, over the period.
    pub cases: Option<Vec<super::case::CaseNo>>,
    /// A quarter or longer: the consultation table of the period.
    pub consultations: Option<super::consult::Table>,
    /// A quarterly report: the self-evaluation, each quarter of the year
    /// up to this one against the plan.
    pub quarters: Vec<QuarterSheet>,
    /// A half-year or a year: table T10, the workstations by host (active
    /// ones, and of them those with their own staff).
    pub stations: Option<Vec<(super::station::Host, u64, u64)>>,
    /// A half-year or a year: the counts of each branch (T6–T9).
    pub branches: Option<super::tables::BranchCounts>,
    /// A half-year or a year: the funds received (T3) and spent (T4).
    pub funds: Option<super::funds::Funds>,
    /// A half-year or a year: the complaints (T11).
    pub complaints: Option<super::quality::ComplaintTable>,
}

/// One quarter of the self-evaluation sheet (季自评).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterSheet {
    pub quarter: String,
    /// Cases begun in the quarter.
    pub cases: u64,
    pub cases_year_to_date: u64,
    /// The year's target, pro rata to the end of the quarter.
    pub cases_target_to_date: u64,
    pub workstation_share: f64,
    pub conclusion_rate: f64,
    pub deadlines_met: u64,
    pub deadlines_missed: u64,
    /// What the ratios were computed from, so that the sheets of several
    /// centers add up (`docket report merge`).
    pub basis: TargetInputs,
}

impl QuarterSheet {
    /// The sheets of several centers for one quarter added up: the counts
    /// add, the ratios are computed again from the added inputs.
    pub fn merged(sheets: &[QuarterSheet]) -> Option<QuarterSheet> {
        let first = sheets.first()?;
        let mut basis = TargetInputs::default();
        let mut out = QuarterSheet {
            quarter: first.quarter.clone(),
            cases: 0,
            cases_year_to_date: 0,
            cases_target_to_date: 0,
            workstation_share: 0.0,
            conclusion_rate: 0.0,
            deadlines_met: 0,
            deadlines_missed: 0,
            basis,
        };
        for s in sheets {
            out.cases += s.cases;
            out.cases_year_to_date += s.cases_year_to_date;
            out.cases_target_to_date += s.cases_target_to_date;
            out.deadlines_met += s.deadlines_met;
            out.deadlines_missed += s.deadlines_missed;
            basis.add(&s.basis);
        }
        out.workstation_share = ratio(basis.via_workstation, basis.non_criminal);
        out.conclusion_rate = ratio(basis.concluded, basis.cases);
        out.basis = basis;
        Some(out)
    }

    pub fn of(figures: &Figures, quarter: u32) -> QuarterSheet {
        let t = &figures.targets;
        QuarterSheet {
            basis: figures.basis,
            quarter: figures.period.to_string(),
            cases: figures.total(Column::Cases),
            cases_year_to_date: t.cases_year_to_date,
            cases_target_to_date: (u64::from(t.cases_target) * u64::from(quarter)).div_ceil(4),
            workstation_share: t.workstation_share,
            conclusion_rate: t.conclusion_rate,
            deadlines_met: t.deadlines_met,
            deadlines_missed: t.deadlines_missed,
        }
    }
}

impl Figures {
    /// A column's total over the period (0 when nothing counted).
    pub fn total(&self, column: Column) -> u64 {
        self.totals.get(&column).copied().unwrap_or(0)
    }
}

/// A report's figures from the counts of each month (`counts`), the open
/// statutory deadlines of the period already past (`missed_open`) and the
/// deadlines overdue today: the one way the store and the samples add a
/// period up. The months of the year up to the period's end give the targets.
pub fn figures<E>(
    period: Period,
    policy: &Policy,
    mut counts: impl FnMut(Month) -> Result<Counts, E>,
    missed_open: u64,
    overdue_now: u64,
) -> Result<Figures, E> {
    let months = period.months(policy.half_year_from);
    let mut by_month = Vec::new();
    let mut totals = Counts::new();
    for m in &months {
        let c = counts(*m)?;
        for (col, n) in &c {
            *totals.entry(*col).or_default() += n;
        }
        by_month.push((*m, c));
    }
    let last = months.last().copied().unwrap_or(Month {
        year: 1990,
        month: 1,
    });
    let mut ytd = Counts::new();
    let january = Month {
        year: last.year,
        month: 1,
    };
    for m in january.run(last.month as usize) {
        let c = match by_month.iter().find(|(have, _)| *have == m) {
            Some((_, c)) => c.clone(),
            None => counts(m)?,
        };
        for (col, n) in c {
            *ytd.entry(col).or_default() += n;
        }
    }
    let get = |c: &Counts, col| c.get(&col).copied().unwrap_or(0);
    let basis = TargetInputs {
        cases: get(&ytd, Column::Cases),
        non_criminal: get(&ytd, Column::NonCriminal),
        via_workstation: get(&ytd, Column::ViaWorkstation),
        concluded: get(&ytd, Column::Concluded),
        deadlines_met: get(&totals, Column::DeadlinesMet),
        deadlines_missed: get(&totals, Column::DeadlinesMissed),
        missed_open,
        overdue_now,
    };
    let targets = Targets::of(basis, policy);
    Ok(Figures {
        center: policy.center_name.clone(),
        period,
        months: by_month,
        totals,
        targets,
        basis,
        cases: None,
        consultations: None,
        quarters: Vec::new(),
        stations: None,
        branches: None,
        funds: None,
        complaints: None,
    })
}

/// Cases per month over the twelve months that end with the period's last
/// month, for a trend line.
pub fn trend<E>(
    period: Period,
    half_year_from: u32,
    mut cases: impl FnMut(Month) -> Result<u64, E>,
) -> Result<Vec<(Month, u64)>, E> {
    let Some(last) = period.months(half_year_from).last().copied() else {
        return Ok(Vec::new());
    };
    let first = Month {
        year: last.year - 1,
        month: last.month,
    }
    .next();
    first
        .run(12)
        .into_iter()
        .map(|m| Ok((m, cases(m)?)))
        .collect()
}

/// A number of the monthly table as the form shows it: yuan as 10k yuan
/// with two decimals, counts as they are.
pub fn shown(column: Column, value: u64) -> String {
    if column.is_amount() {
        format!("{:.2}", value as f64 / 10_000.0)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{CaseNo, CaseResult};
    use crate::domain::codes::ResultCode;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_read_and_cover_their_months() {
        let p = |k, s| Period::parse(k, s).unwrap();
        assert_eq!(
            p(ReportKind::Monthly, "2026-11").months(1),
            vec![Month {
                year: 2026,
                month: 11
            }]
        );
        let q3 = p(ReportKind::Quarterly, "2026-Q3").months(1);
        assert_eq!((q3[0].month, q3[2].month), (7, 9));
        let h1 = p(ReportKind::HalfYear, "2026-H1");
        assert_eq!(h1.months(1).len(), 6);
        // The provincial cut: Dec–May, then Jun–Nov.
        let dec = h1.months(12);
        assert_eq!(dec[0].to_string(), "2025-12");
        assert_eq!(dec[5].to_string(), "2026-05");
        let h2 = p(ReportKind::HalfYear, "2026-H2").months(12);
        assert_eq!(
            (h2[0].to_string(), h2[5].to_string()),
            ("2026-06".into(), "2026-11".into())
        );
        assert_eq!(p(ReportKind::Yearly, "2026").months(1).len(), 12);
        for (k, bad) in [
            (ReportKind::Monthly, "2026-13"),
            (ReportKind::Monthly, "2026-Q1"),
            (ReportKind::Monthly, "2026"),
            (ReportKind::Quarterly, "2026-Q5"),
            (ReportKind::HalfYear, "2026-H3"),
            (ReportKind::Yearly, "26"),
            (ReportKind::Yearly, "2026-01"),
        ] {
            assert!(Period::parse(k, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_step_back_and_forth() {
        let m = Period::parse(ReportKind::Monthly, "2026-01").unwrap();
        assert_eq!(m.step(false, 1).to_string(), "2025-12");
        assert_eq!(m.step(true, 1).to_string(), "2026-02");
        let h = Period::parse(ReportKind::HalfYear, "2026-H1").unwrap();
        assert_eq!(h.step(true, 12).to_string(), "2026-H2");
        assert_eq!(h.step(false, 12).to_string(), "2025-H2");
        assert_eq!(
            Period::holding(ReportKind::HalfYear, d("2026-12-03"), 12).to_string(),
            "2027-H1"
        );
    }

    fn granted(kind: Kind, matter: Matter, channel: Channel) -> Case {
        let mut c = Case::received(CaseNo::new(2026, 1), d("2026-10-20"), kind, matter, channel);
        c.status = Status::Granted;
        c.steps.decided = Some(d("2026-11-02"));
        c
    }

    fn columns(c: &Case) -> Vec<Column> {
        cells(c, &Policy::default(), &Calendar::default())
            .into_iter()
            .filter(|c| c.branch.is_none())
            .filter(|c| c.column.group().is_some() || c.column == Column::Cases)
            .map(|c| c.column)
            .collect()
    }

    #[test]
    fn a_case_counts_in_the_month_aid_began_by_kind_and_source() {
        let c = granted(Kind::Civil, Matter::Wages, Channel::Workstation);
        let all = cells(&c, &Policy::default(), &Calendar::default());
        let all: Vec<Cell> = all.into_iter().filter(|c| c.branch.is_none()).collect();
        assert!(all.iter().all(|c| c.month.to_string() == "2026-11"
            || c.column == Column::DeadlinesMet
            || c.column == Column::DeadlinesMissed));
        assert_eq!(columns(&c), [Column::Cases, Column::CivilLitigation]);
        let cols: Vec<Column> = all.iter().map(|c| c.column).collect();
        assert!(cols.contains(&Column::ViaWorkstation) && cols.contains(&Column::NonCriminal));

        // A notification counts from the day it was received.
        let mut n = granted(Kind::Criminal, Matter::Defense, Channel::Notified);
        n.steps.decided = None;
        n.status = Status::Assigned;
        let month = cells(&n, &Policy::default(), &Calendar::default())[0].month;
        assert_eq!(month.to_string(), "2026-10");
        assert_eq!(
            columns(&n),
            [
                Column::Cases,
                Column::CriminalNotified,
                Column::CriminalTotal
            ]
        );
        let r = granted(Kind::Criminal, Matter::Defense, Channel::Requested);
        assert!(columns(&r).contains(&Column::CriminalRequested));
        let t = granted(Kind::Criminal, Matter::CompulsoryTreatment, Channel::WalkIn);
        assert!(columns(&t).contains(&Column::CriminalCompulsoryTreatment));
        for (kind, column) in [
            (Kind::Administrative, Column::AdministrativeLitigation),
            (Kind::StateCompensation, Column::AdministrativeLitigation),
            (Kind::LaborArbitration, Column::OtherNonLitigation),
            (Kind::NonLitigation, Column::OtherNonLitigation),
            (Kind::Petition, Column::Petition),
            (Kind::Notarization, Column::Notarization),
            (Kind::Forensic, Column::Forensic),
        ] {
            assert_eq!(
                columns(&granted(kind, Matter::Other, Channel::WalkIn)),
                [Column::Cases, column]
            );
        }
        // A notification waiting for its lawyer already counts, from the
        // day it came (Law Art. 25, 36); a declined one does not.
        let mut waiting = granted(Kind::Criminal, Matter::Defense, Channel::Notified);
        waiting.status = Status::Received;
        waiting.steps.decided = None;
        let first = cells(&waiting, &Policy::default(), &Calendar::default());
        assert!(
            first
                .iter()
                .any(|c| c.column == Column::CriminalNotified && c.month.to_string() == "2026-10")
        );
        waiting.status = Status::Denied;
        assert!(columns(&waiting).is_empty());
        // Not granted: in no case column.
        let mut denied = c.clone();
        denied.status = Status::Denied;
        assert!(columns(&denied).is_empty());
    }

    #[test]
    fn groups_come_from_the_id_number_at_the_received_date() {
        let mut c = granted(Kind::Civil, Matter::Support, Channel::WalkIn);
        c.applicant.gender = Some(Gender::Female);
        c.applicant.birth_date = Some(d("2008-10-21"));
        // Typed "elderly" is wrong; the birth date rules: 17 on the received date.
        c.applicant.groups = vec![Group::Elderly, Group::BlindDeafMute, Group::Farmer];
        let cols = columns(&c);
        assert!(cols.contains(&Column::Women));
        assert!(cols.contains(&Column::Minors));
        assert!(!cols.contains(&Column::Elderly));
        assert!(cols.contains(&Column::Disabled));
        assert!(cols.contains(&Column::Farmers));
        c.applicant.birth_date = Some(d("2008-10-20"));
        assert!(!columns(&c).contains(&Column::Minors), "18 that day");
    }

    #[test]
    fn amounts_and_conclusions_count_with_the_case() {
        let mut c = granted(Kind::Civil, Matter::Wages, Channel::WalkIn);
        c.status = Status::Concluded;
        c.steps.concluded = Some(d("2026-11-20"));
        c.result = Some(CaseResult {
            code: ResultCode::Won,
            recovered: 35_000,
            wages: 30_000,
        });
        let all = cells(&c, &Policy::default(), &Calendar::default());
        let amount = |col| {
            all.iter()
                .find(|c| c.column == col && c.branch.is_none())
                .map(|c| c.amount)
        };
        assert_eq!(amount(Column::Recovered), Some(35_000));
        assert_eq!(amount(Column::WagesRecovered), Some(30_000));
        assert_eq!(amount(Column::Concluded), Some(1));
        assert_eq!(shown(Column::Recovered, 35_000), "3.50");
    }

    #[test]
    fn the_recipient_columns_are_the_monthly_tables_last() {
        assert_eq!(Column::RECIPIENTS[0], Column::Recipients);
        assert_eq!(Column::RECIPIENTS[1..], *Column::OF_WHOM);
        assert_eq!(Column::OF_WHOM.len(), 9);
        assert!(Column::OF_WHOM.iter().all(|c| c.group() == Some("of_whom")));
    }

    #[test]
    fn targets_are_ratios_of_the_counts() {
        let t = Targets::of(
            TargetInputs {
                cases: 90,
                non_criminal: 50,
                via_workstation: 21,
                concluded: 60,
                deadlines_met: 40,
                deadlines_missed: 2,
                missed_open: 1,
                overdue_now: 3,
            },
            &Policy::default(),
        );
        assert_eq!(t.cases_target, 120);
        assert_eq!(t.workstation_share, 0.42);
        assert_eq!(t.workstation_share_target, 0.4);
        assert_eq!(t.conclusion_rate, 0.6667);
        assert_eq!(t.deadlines_missed, 3);
    }
}
