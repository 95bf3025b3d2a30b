//! Legal aid funds (办案补贴): the dated rate table the policy keeps, the
//! ledger of payments a case carries, and the rules of paying: a case is
//! paid once for its handling (a second entry needs a reason), every entry
//! is approved by a director before it is paid, and a quality grade
//! adjusts what is not yet paid. Pure: the store fills in the facts it
//! knows (the rates in force, the payee) and applies the result.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::{Case, Payment};
use super::codes::{Kind, ProceedingStage, ResultCode, Status, Track};
use super::event::Detail;
use super::provider::ProviderKind;
use super::quality::Grade;
use super::refusal::{Refusal, Why};
use super::report::{Cell, Column, Month};
use super::user::Role;

code_enum!(
    /// The class of a case the rate table prices (criminal by stage).
    /// Stored as its index: append only.
    RateClass {
        CriminalInvestigation => "criminal_investigation",
        CriminalProsecution => "criminal_prosecution",
        CriminalTrial => "criminal_trial",
        CriminalSecondInstance => "criminal_second_instance",
        CivilLitigation => "civil_litigation",
        CivilNonLitigation => "civil_non_litigation",
        AdministrativeLitigation => "administrative_litigation",
        AdministrativeNonLitigation => "administrative_non_litigation",
        LaborArbitration => "labor_arbitration",
    }
);

code_enum!(
    /// The case classes of table T4 (funds spent).
    SpendClass {
        Criminal => "criminal",
        CivilLitigation => "civil_litigation",
        CivilNonLitigation => "civil_non_litigation",
        AdministrativeLitigation => "administrative_litigation",
        AdministrativeNonLitigation => "administrative_non_litigation",
    }
);

code_enum!(
    /// Who is paid, as table T4 counts them. Center staff get no labour fee.
    PayeeType {
        CenterStaff => "center_staff",
        Lawyer => "lawyer",
        LegalServiceWorker => "legal_service_worker",
        SocialOrganization => "social_organization",
        Volunteer => "volunteer",
    }
);

code_enum!(
    /// What a payment is for. Stored as its index: append only.
    SubsidyKind {
        Handling => "handling",
        Duty => "duty",
        Consultation => "consultation",
        Drafting => "drafting",
    }
);

code_enum!(
    /// Where the year's funds came from (table T3).
    Source {
        SameLevel => "same_level",
        HigherLevel => "higher_level",
        Lottery => "lottery",
        Donation => "donation",
    }
);

/// A payment is charged to the center's own budget unless said otherwise.
pub fn default_source() -> Source {
    Source::SameLevel
}

impl RateClass {
    /// The class a case is paid as: criminal by the stage it was handled
    /// in, the others by their kind and how they are fought.
    pub fn of(case: &Case) -> RateClass {
        let non_litigation = case
            .result
            .as_ref()
            .is_some_and(|r| matches!(r.code, ResultCode::Settled | ResultCode::ArbitrationAward));
        match case.kind {
            Kind::Criminal => match case.criminal.as_ref().and_then(|f| f.stage) {
                Some(ProceedingStage::Investigation) => RateClass::CriminalInvestigation,
                Some(ProceedingStage::ProsecutionReview) => RateClass::CriminalProsecution,
                Some(ProceedingStage::SecondInstance) => RateClass::CriminalSecondInstance,
                _ => RateClass::CriminalTrial,
            },
            Kind::LaborArbitration => RateClass::LaborArbitration,
            Kind::Administrative | Kind::StateCompensation if non_litigation => {
                RateClass::AdministrativeNonLitigation
            }
            Kind::Administrative | Kind::StateCompensation => RateClass::AdministrativeLitigation,
            k if k.track() == Track::NonLitigation || non_litigation => {
                RateClass::CivilNonLitigation
            }
            _ => RateClass::CivilLitigation,
        }
    }

    /// The column of table T4 it is spent under.
    pub fn spend_class(self) -> SpendClass {
        match self {
            RateClass::CriminalInvestigation
            | RateClass::CriminalProsecution
            | RateClass::CriminalTrial
            | RateClass::CriminalSecondInstance => SpendClass::Criminal,
            RateClass::CivilLitigation => SpendClass::CivilLitigation,
            RateClass::CivilNonLitigation | RateClass::LaborArbitration => {
                SpendClass::CivilNonLitigation
            }
            RateClass::AdministrativeLitigation => SpendClass::AdministrativeLitigation,
            RateClass::AdministrativeNonLitigation => SpendClass::AdministrativeNonLitigation,
        }
    }
}

impl PayeeType {
    pub fn of(kind: ProviderKind) -> PayeeType {
        match kind {
            ProviderKind::Lawyer => PayeeType::Lawyer,
            ProviderKind::LegalServiceWorker => PayeeType::LegalServiceWorker,
            // Staff of the center or of a judicial office are paid no labour fee.
            ProviderKind::CenterStaff | ProviderKind::JudicialOfficer => PayeeType::CenterStaff,
            ProviderKind::Volunteer => PayeeType::Volunteer,
            ProviderKind::SocialOrganization => PayeeType::SocialOrganization,
        }
    }
}

/// The standard of one class: direct costs and the labour fee, in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRate {
    pub class: RateClass,
    pub direct_costs: u32,
    pub labour_fee: u32,
}

/// The rates in force from a date (办案补贴标准), as the province sets
/// them. A case is paid by the table in force on the day its file was
/// submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTable {
    pub effective: NaiveDate,
    /// One entry per class; a class not listed is paid nothing.
    pub classes: Vec<ClassRate>,
    /// Yuan added to the direct costs of a case handled across regions.
    pub cross_region: u32,
    /// Percent of the standard for a possible life or death sentence (150).
    pub serious_percent: u32,
    /// Percent of the standard for a case ended early: terminated (Law
    /// Art. 48) or withdrawn by the recipient.
    pub early_end_percent: u32,
    /// Percent of the standard by the file's quality grade: excellent,
    /// good, pass, fail (peer review).
    pub grade_percent: [u32; 4],
    /// Yuan a day on duty (值班律师), a consultation, a document drafted.
    pub duty_per_day: u32,
    pub consultation_per_item: u32,
    pub drafting_per_item: u32,
}

impl Default for RateTable {
    /// Examples, not official figures: each province sets its own.
    fn default() -> RateTable {
        let rate = |class, direct_costs, labour_fee| ClassRate {
            class,
            direct_costs,
            labour_fee,
        };
        RateTable {
            effective: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN),
            classes: vec![
                rate(RateClass::CriminalInvestigation, 300, 900),
                rate(RateClass::CriminalProsecution, 300, 900),
                rate(RateClass::CriminalTrial, 500, 1500),
                rate(RateClass::CriminalSecondInstance, 500, 1500),
                rate(RateClass::CivilLitigation, 400, 1100),
                rate(RateClass::CivilNonLitigation, 200, 600),
                rate(RateClass::AdministrativeLitigation, 400, 1100),
                rate(RateClass::AdministrativeNonLitigation, 200, 600),
                rate(RateClass::LaborArbitration, 300, 900),
            ],
            cross_region: 500,
            serious_percent: 150,
            early_end_percent: 50,
            grade_percent: [110, 100, 90, 50],
            duty_per_day: 300,
            consultation_per_item: 50,
            drafting_per_item: 300,
        }
    }
}

impl RateTable {
    /// Yuan per unit of a payment that belongs to no case (None: handling,
    /// which is paid per case).
    pub fn per_unit(&self, kind: SubsidyKind) -> Option<u32> {
        match kind {
            SubsidyKind::Handling => None,
            SubsidyKind::Duty => Some(self.duty_per_day),
            SubsidyKind::Consultation => Some(self.consultation_per_item),
            SubsidyKind::Drafting => Some(self.drafting_per_item),
        }
    }
}

/// The table in force on `date`: the latest effective on or before it.
pub fn rates_on(tables: &[RateTable], date: NaiveDate) -> Option<&RateTable> {
    tables
        .iter()
        .filter(|t| t.effective <= date)
        .max_by_key(|t| t.effective)
}

/// A standard worked out: the parts and what the whole came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    pub class: RateClass,
    pub direct_costs: u32,
    pub labour_fee: u32,
    /// The table's effective date.
    pub effective: NaiveDate,
}

impl Standard {
    pub fn total(&self) -> u32 {
        self.direct_costs + self.labour_fee
    }
}

fn percent(n: u32, p: u32) -> u32 {
    ((u64::from(n) * u64::from(p) + 50) / 100) as u32
}

/// Whether the case ended before its end: terminated, or withdrawn by the
/// recipient (a coded result of withdrawal or termination).
pub fn ended_early(case: &Case) -> bool {
    case.handling.termination_ground.is_some()
        || case.status == Status::Terminated
        || case
            .result
            .as_ref()
            .is_some_and(|r| matches!(r.code, ResultCode::Withdrawn | ResultCode::Terminated))
}

/// The handling standard of a case under `table`, before any quality
/// grade: the class's parts (no labour fee for center staff), ×
/// `serious_percent` for a possible life or death sentence, the
/// cross-region supplement, × `early_end_percent` for a case ended early.
pub fn standard(case: &Case, table: &RateTable, payee: PayeeType, cross_region: bool) -> Standard {
    let class = RateClass::of(case);
    let rate = table.classes.iter().find(|r| r.class == class);
    let mut direct = rate.map_or(0, |r| r.direct_costs);
    let mut labour = match payee {
        PayeeType::CenterStaff => 0,
        _ => rate.map_or(0, |r| r.labour_fee),
    };
    if case.serious {
        direct = percent(direct, table.serious_percent);
        labour = percent(labour, table.serious_percent);
    }
    if cross_region {
        direct += table.cross_region;
    }
    if ended_early(case) {
        direct = percent(direct, table.early_end_percent);
        labour = percent(labour, table.early_end_percent);
    }
    Standard {
        class,
        direct_costs: direct,
        labour_fee: labour,
        effective: table.effective,
    }
}

/// The standard of a case of `kind` before its facts are known (a lawyer,
/// first instance, no supplement): what a screen offers as a hint.
pub fn kind_standard(table: &RateTable, kind: Kind) -> u32 {
    let day = table.effective;
    let c = Case::received(
        super::case::CaseNo::new(2000, 1),
        day,
        kind,
        super::codes::Matter::Other,
        super::codes::Channel::WalkIn,
    );
    standard(&c, table, PayeeType::Lawyer, false).total()
}

/// The standard with a grade's percent applied to both parts.
pub fn graded(s: Standard, grade: Option<Grade>, table: &RateTable) -> Standard {
    let Some(g) = grade else { return s };
    let p = table.grade_percent[g.index()];
    Standard {
        direct_costs: percent(s.direct_costs, p),
        labour_fee: percent(s.labour_fee, p),
        ..s
    }
}

/// What the store found for a payment proposal: the payee, the rate table
/// in force and its standard (graded when the file was scored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    pub payee: String,
    pub payee_type: PayeeType,
    /// Before the grade.
    pub base: Standard,
    /// After the grade, if any: the amount proposed unless one is given.
    pub standard: Standard,
}

/// The handling payments of a case that count (every entry: none is ever
/// taken back once approved).
fn handling(c: &Case) -> impl Iterator<Item = &Payment> {
    c.handling
        .payments
        .iter()
        .filter(|p| p.kind == SubsidyKind::Handling)
}

/// Proposes the handling payment of a reviewed file: the standard unless
/// an amount is given with its reason; a second entry for the same case
/// needs a reason (no double payment).
#[allow(clippy::too_many_arguments)]
pub fn propose(
    c: &mut Case,
    who: &str,
    today: NaiveDate,
    priced: &Priced,
    amount: Option<u32>,
    reason: Option<String>,
    cross_region: bool,
    source: Source,
) -> Result<Detail, Refusal> {
    if c.steps.file_reviewed.is_none() {
        return Err(Refusal::of(c, Why::PayOnlyReviewed));
    }
    if let Some(first) = handling(c).next()
        && reason.is_none()
    {
        return Err(Refusal::of(
            c,
            Why::PaidOnce {
                on: first.proposed_on,
            },
        ));
    }
    let standard = priced.standard.total();
    let amount = amount.unwrap_or(standard);
    if amount != standard && reason.is_none() {
        return Err(Why::SubsidyDiffers { amount, standard }.into());
    }
    // The parts of a given amount: the direct costs first, the rest labour
    // (none for center staff, who are paid their costs only).
    let (direct_costs, labour_fee) = if priced.payee_type == PayeeType::CenterStaff {
        (amount, 0)
    } else {
        let direct = amount.min(priced.standard.direct_costs);
        (direct, amount - direct)
    };
    let seq = c.handling.payments.len() as u32 + 1;
    c.handling.payments.push(Payment {
        seq,
        kind: SubsidyKind::Handling,
        payee: priced.payee.clone(),
        payee_type: priced.payee_type,
        class: priced.base.class,
        direct_costs,
        labour_fee,
        base: priced.base.total(),
        standard,
        reason: reason.clone(),
        cross_region,
        source,
        proposed_by: who.to_string(),
        proposed_on: today,
        approved_by: None,
        approved_on: None,
        paid_on: None,
        voucher: None,
    });
    Ok(Detail::PaymentProposed {
        seq,
        amount,
        standard,
        reason,
    })
}

/// The fields approving and paying an entry touch, in a case's ledger or
/// among the payments that belong to no case.
trait Ledgered {
    fn proposed_by(&self) -> &str;
    fn amount(&self) -> u32;
    fn approval(&mut self) -> (&mut Option<String>, &mut Option<NaiveDate>);
    fn payment(&mut self) -> (&mut Option<NaiveDate>, &mut Option<String>);
}

macro_rules! ledgered {
    ($t:ty) => {
        impl Ledgered for $t {
            fn proposed_by(&self) -> &str {
                &self.proposed_by
            }
            fn amount(&self) -> u32 {
                <$t>::amount(self)
            }
            fn approval(&mut self) -> (&mut Option<String>, &mut Option<NaiveDate>) {
                (&mut self.approved_by, &mut self.approved_on)
            }
            fn payment(&mut self) -> (&mut Option<NaiveDate>, &mut Option<String>) {
                (&mut self.paid_on, &mut self.voucher)
            }
        }
    };
}
ledgered!(Payment);
ledgered!(OtherPayment);

/// A director approves entry `seq` (not their own proposal unless one
/// person may do both); its amount.
fn approve_entry(
    e: &mut impl Ledgered,
    seq: u32,
    who: &str,
    role: Role,
    today: NaiveDate,
    self_approval: bool,
) -> Result<u32, Refusal> {
    if !role.may_approve() {
        return Err(Why::PaymentApproverOnly.into());
    }
    if e.proposed_by() == who && !self_approval {
        return Err(Why::OwnPayment { seq }.into());
    }
    let (by, on) = e.approval();
    if let Some(on) = *on {
        return Err(Why::PaymentApproved { seq, on }.into());
    }
    *by = Some(who.to_string());
    *on = Some(today);
    Ok(e.amount())
}

/// Finance paid approved entry `seq` against a voucher; its amount.
fn pay_entry(
    e: &mut impl Ledgered,
    seq: u32,
    today: NaiveDate,
    voucher: &str,
) -> Result<u32, Refusal> {
    if e.approval().1.is_none() {
        return Err(Why::PayBeforeApproval { seq }.into());
    }
    let voucher = voucher.trim();
    if voucher.is_empty() {
        return Err(Why::VoucherNeeded.into());
    }
    let (paid_on, kept) = e.payment();
    if let Some(on) = *paid_on {
        return Err(Why::PaymentPaid { seq, on }.into());
    }
    *paid_on = Some(today);
    *kept = Some(voucher.to_string());
    Ok(e.amount())
}

fn entry(c: &mut Case, seq: u32) -> Result<&mut Payment, Refusal> {
    let no = c.no;
    c.handling
        .payments
        .iter_mut()
        .find(|p| p.seq == seq)
        .ok_or_else(|| Why::NoSuchPayment { case: no, seq }.into())
}

/// The director approves a proposed payment (not their own proposal unless
/// the policy lets one person do both).
pub fn approve(
    c: &mut Case,
    who: &str,
    role: Role,
    today: NaiveDate,
    seq: u32,
    self_approval: bool,
) -> Result<Detail, Refusal> {
    if !role.may_approve() {
        return Err(Why::PaymentApproverOnly.into());
    }
    let amount = approve_entry(entry(c, seq)?, seq, who, role, today, self_approval)?;
    Ok(Detail::PaymentApproved { seq, amount })
}

/// Finance paid an approved entry: the date and the voucher number.
pub fn paid(c: &mut Case, today: NaiveDate, seq: u32, voucher: &str) -> Result<Detail, Refusal> {
    let amount = pay_entry(entry(c, seq)?, seq, today, voucher)?;
    Ok(Detail::PaymentPaid {
        seq,
        amount,
        voucher: voucher.trim().to_string(),
    })
}

/// A grade adjusts what is not yet paid: each unpaid handling entry's
/// standard becomes its base at the grade's percent, and an entry paid at
/// the standard follows it. A paid entry never changes.
pub fn regrade(c: &mut Case, grade: Grade, grade_percent: [u32; 4]) {
    let p = grade_percent[grade.index()];
    for e in c
        .handling
        .payments
        .iter_mut()
        .filter(|e| e.kind == SubsidyKind::Handling && e.paid_on.is_none())
    {
        let new = percent(e.base, p);
        if e.amount() == e.standard {
            // The parts keep their proportion.
            let direct = if e.standard == 0 {
                0
            } else {
                ((u64::from(e.direct_costs) * u64::from(new)) / u64::from(e.standard)) as u32
            };
            e.direct_costs = direct.min(new);
            e.labour_fee = new - e.direct_costs;
        }
        e.standard = new;
    }
}

/// A case's handling money for the funds report: what was paid, and what
/// is committed (the file is submitted and its handling not yet paid: the
/// proposal's amount, or the standard under `table`).
pub fn committed(case: &Case, table: Option<&RateTable>) -> u64 {
    if case.steps.file_submitted.is_none() {
        return 0;
    }
    let mut entries = handling(case).peekable();
    if entries.peek().is_none() {
        // The file review's assessment (priced for the case's own payee),
        // or before it the standard of a provider paid a labour fee.
        if let Some(s) = &case.handling.subsidy {
            return u64::from(s.amount);
        }
        let Some(table) = table else { return 0 };
        return u64::from(standard(case, table, PayeeType::Lawyer, false).total());
    }
    entries
        .filter(|p| p.paid_on.is_none())
        .map(|p| u64::from(p.amount()))
        .sum()
}

/// A payment that belongs to no case: days on duty (值班律师), consultations
/// given, documents drafted, paid per unit by the rate table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherPayment {
    pub no: u32,
    pub kind: SubsidyKind,
    /// The provider's id.
    pub payee: String,
    pub payee_type: PayeeType,
    /// Days on duty, consultations given, documents drafted.
    pub units: u32,
    pub standard: u32,
    pub amount: u32,
    pub reason: Option<String>,
    pub proposed_by: String,
    pub proposed_on: NaiveDate,
    pub approved_by: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub voucher: Option<String>,
}

impl OtherPayment {
    pub fn amount(&self) -> u32 {
        self.amount
    }

    /// Proposes a payment of `kind` for `units` at the table's rate, or
    /// `amount` with the reason why it differs.
    #[allow(clippy::too_many_arguments)]
    pub fn propose(
        no: u32,
        kind: SubsidyKind,
        payee: (String, PayeeType),
        units: u32,
        amount: Option<u32>,
        reason: Option<String>,
        table: &RateTable,
        who: &str,
        today: NaiveDate,
    ) -> Result<OtherPayment, Refusal> {
        let per_unit = table.per_unit(kind).ok_or(Why::HandlingIsPerCase)?;
        if units == 0 {
            return Err(Why::UnitsAtLeastOne.into());
        }
        let standard = per_unit.saturating_mul(units);
        let amount = amount.unwrap_or(standard);
        if amount != standard && reason.is_none() {
            return Err(Why::SubsidyDiffers { amount, standard }.into());
        }
        Ok(OtherPayment {
            no,
            kind,
            payee: payee.0,
            payee_type: payee.1,
            units,
            standard,
            amount,
            reason,
            proposed_by: who.to_string(),
            proposed_on: today,
            approved_by: None,
            approved_on: None,
            paid_on: None,
            voucher: None,
        })
    }

    pub fn approve(
        &mut self,
        who: &str,
        role: Role,
        today: NaiveDate,
        self_approval: bool,
    ) -> Result<u32, Refusal> {
        let no = self.no;
        approve_entry(self, no, who, role, today, self_approval)
    }

    pub fn pay(&mut self, today: NaiveDate, voucher: &str) -> Result<u32, Refusal> {
        let no = self.no;
        pay_entry(self, no, today, voucher)
    }

    /// The counters it adds to once paid: the month's spending and its kind's.
    pub fn cells(&self) -> Vec<Cell> {
        let Some(on) = self.paid_on else {
            return Vec::new();
        };
        let column = match self.kind {
            SubsidyKind::Duty => Column::SpentDuty,
            SubsidyKind::Consultation => Column::SpentConsultation,
            _ => Column::SpentDrafting,
        };
        [Column::Spent, column]
            .into_iter()
            .map(|column| Cell {
                month: Month::of(on),
                branch: None,
                column,
                amount: u64::from(self.amount),
            })
            .filter(|c| c.amount > 0)
            .collect()
    }
}

/// The cells of the funds a case counts in: each payment in the month it
/// was paid (its amount, its parts, its payee type and case class), and
/// what is committed in the month the file was submitted.
pub fn cells(case: &Case, policy: &super::policy::Policy) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut add = |month: Month, column: Column, amount: u64| {
        if amount > 0 {
            out.push(Cell {
                month,
                branch: None,
                column,
                amount,
            });
        }
    };
    for p in case.handling.payments.iter() {
        let Some(on) = p.paid_on else { continue };
        let m = Month::of(on);
        add(m, Column::Spent, u64::from(p.amount()));
        add(m, Column::SpentDirectCosts, u64::from(p.direct_costs));
        add(m, Column::SpentLabourFees, u64::from(p.labour_fee));
        add(
            m,
            Column::spent_by_payee(p.payee_type),
            u64::from(p.amount()),
        );
        add(
            m,
            Column::spent_by_class(p.class.spend_class()),
            u64::from(p.amount()),
        );
    }
    if let Some(on) = case.steps.file_submitted {
        add(
            Month::of(on),
            Column::Committed,
            committed(case, policy.rates_on(on)),
        );
    }
    // The central lottery project's table: each month a payment charged to
    // it was paid, the case, what was paid and the recipient's groups.
    let mut lottery: std::collections::BTreeMap<Month, u64> = Default::default();
    for p in &case.handling.payments {
        if let (Some(on), Source::Lottery) = (p.paid_on, p.source) {
            *lottery.entry(Month::of(on)).or_default() += u64::from(p.amount());
        }
    }
    for (m, spent) in lottery {
        add(m, Column::LotteryCases, 1);
        add(m, Column::LotterySpent, spent);
        for c in super::report::group_columns(case) {
            if let Some(l) = Column::lottery_group(c) {
                add(m, l, 1);
            }
        }
    }
    out
}

/// The year's budget (T3), spending and what is left, in yuan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funds {
    pub year: i32,
    /// Received by source.
    pub received: Vec<(Source, u64)>,
    pub spent: u64,
    pub committed: u64,
    /// Spent by payee type and by case class (T4).
    pub by_payee: Vec<(PayeeType, u64)>,
    pub by_class: Vec<(SpendClass, u64)>,
    pub direct_costs: u64,
    pub labour_fees: u64,
    /// Spent on payments that belong to no case: duty, consultation, drafting.
    pub other: Vec<(SubsidyKind, u64)>,
}

impl Funds {
    /// Another center's funds added in (`docket report merge`).
    pub fn add(&mut self, other: &Funds) {
        fn add_pairs<K: PartialEq + Copy>(into: &mut Vec<(K, u64)>, from: &[(K, u64)]) {
            for (k, n) in from {
                match into.iter_mut().find(|(x, _)| x == k) {
                    Some((_, m)) => *m += n,
                    None => into.push((*k, *n)),
                }
            }
        }
        add_pairs(&mut self.received, &other.received);
        add_pairs(&mut self.by_payee, &other.by_payee);
        add_pairs(&mut self.by_class, &other.by_class);
        add_pairs(&mut self.other, &other.other);
        self.spent += other.spent;
        self.committed += other.committed;
        self.direct_costs += other.direct_costs;
        self.labour_fees += other.labour_fees;
    }

    pub fn received_total(&self) -> u64 {
        self.received.iter().map(|(_, n)| n).sum()
    }

    /// Received less spent and committed (never below zero).
    pub fn left(&self) -> u64 {
        self.received_total()
            .saturating_sub(self.spent + self.committed)
    }

    /// Spent and committed pass 90% of what was received (or anything is
    /// spent of nothing received).
    pub fn warning(&self) -> bool {
        let used = u128::from(self.spent + self.committed);
        used * 10 > u128::from(self.received_total()) * 9 && used > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::CaseNo;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn case(kind: Kind) -> Case {
        Case::received(
            CaseNo::new(2026, 1),
            d("2026-03-01"),
            kind,
            crate::domain::codes::Matter::Wages,
            crate::domain::codes::Channel::WalkIn,
        )
    }

    #[test]
    fn the_rates_in_force_are_the_latest_effective_on_the_day() {
        let old = RateTable::default();
        let new = RateTable {
            effective: d("2026-07-01"),
            cross_region: 800,
            ..RateTable::default()
        };
        let tables = [new.clone(), old.clone()];
        assert_eq!(rates_on(&tables, d("2026-06-30")), Some(&old));
        assert_eq!(rates_on(&tables, d("2026-07-01")), Some(&new));
        assert_eq!(rates_on(&tables, d("2023-12-31")), None);
    }

    #[test]
    fn a_standard_is_the_class_with_its_supplements_and_reductions() {
        let t = RateTable::default();
        let mut c = case(Kind::Civil);
        let s = standard(&c, &t, PayeeType::Lawyer, false);
        assert_eq!((s.class, s.total()), (RateClass::CivilLitigation, 1500));
        // Center staff get the direct costs only.
        assert_eq!(standard(&c, &t, PayeeType::CenterStaff, false).total(), 400);
        assert_eq!(standard(&c, &t, PayeeType::Lawyer, true).total(), 2000);
        c.kind = Kind::Criminal;
        c.serious = true;
        let s = standard(&c, &t, PayeeType::Lawyer, false);
        assert_eq!((s.class, s.total()), (RateClass::CriminalTrial, 3000));
        c.result = Some(crate::domain::case::CaseResult {
            code: ResultCode::Terminated,
            recovered: 0,
            wages: 0,
        });
        assert_eq!(standard(&c, &t, PayeeType::Lawyer, false).total(), 1500);
        let g = graded(s, Some(Grade::Excellent), &t);
        assert_eq!(g.total(), 3300);
    }

    #[test]
    fn the_budget_warns_past_ninety_percent() {
        let mut f = Funds {
            received: vec![(Source::SameLevel, 100_000)],
            spent: 80_000,
            committed: 10_000,
            ..Funds::default()
        };
        assert!(!f.warning());
        assert_eq!(f.left(), 10_000);
        f.committed = 10_001;
        assert!(f.warning());
    }
}
