//! The store's side of the funds: pricing a case by the rates in force,
//! the year's budget by source, and the funds report read from counters.

use chrono::NaiveDate;

use crate::domain::case::Case;
use crate::domain::event::Change;
use crate::domain::funds::{self, Funds, OtherPayment, PayeeType, Priced, Source, SubsidyKind};
use crate::domain::policy::Policy;
use crate::domain::refusal::Why;
use crate::domain::report::{Column, Month};

use super::*;

impl Store {
    /// The payments that belong to no case, oldest first (a few a month).
    pub fn other_payments(&self) -> Result<Vec<OtherPayment>> {
        self.db
            .scan_prefix([keys::OTHER_PAYMENT])
            .map(|item| Ok(codec::decode(&item?.1)?))
            .collect()
    }

    /// The counters the paid ones add to (a recount, `check`).
    pub(super) fn other_payment_counts(&self) -> Result<Vec<(Vec<u8>, u64)>> {
        Ok(self
            .other_payments()?
            .iter()
            .flat_map(OtherPayment::cells)
            .map(|c| (keys::report_count(c.month, None, c.column), c.amount))
            .collect())
    }

    /// Proposes a payment that belongs to no case (duty days,
    /// consultations, drafting) at the rates in force today; its number.
    #[allow(clippy::too_many_arguments)]
    pub fn propose_other(
        &self,
        actor: &Actor,
        kind: SubsidyKind,
        payee: &str,
        units: u32,
        amount: Option<u32>,
        reason: Option<String>,
        today: NaiveDate,
    ) -> Result<u32> {
        let refused = |why: Why| StoreError::Refusal(why.into());
        let reason = match reason {
            Some(r) => Some(
                crate::domain::text::clean(&r)
                    .map_err(|e| StoreError::Refusal(Why::text("reason", e).into()))?,
            )
            .filter(|r| !r.trim().is_empty()),
            None => None,
        };
        let provider = self.provider(payee)?.ok_or_else(|| {
            refused(Why::NoProvider {
                id: payee.to_string(),
            })
        })?;
        let policy = self.policy()?;
        let table = policy
            .rates_on(today)
            .ok_or_else(|| refused(Why::NoRates { date: today }))?;
        self.write(|tx| {
            let no = match tx.db.scan_prefix([keys::OTHER_PAYMENT]).next_back() {
                Some(item) => {
                    let (k, _) = item?;
                    k.get(1..5)
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u32::from_be_bytes)
                }
                None => 0,
            } + 1;
            let p = OtherPayment::propose(
                no,
                kind,
                (provider.id.clone(), PayeeType::of(provider.kind)),
                units,
                amount,
                reason.clone(),
                table,
                &actor.user,
                today,
            )
            .map_err(StoreError::Refusal)?;
            tx.put(keys::other_payment(no), codec::encode(&p));
            tx.append_event(
                actor,
                None,
                Change::OtherPayment {
                    no,
                    step: "proposed".into(),
                    amount: p.amount,
                },
            )?;
            Ok(no)
        })
    }

    /// Approves (directors) or records as paid (with the voucher) payment
    /// `no` that belongs to no case; a payment counts in the month paid.
    pub fn settle_other(
        &self,
        actor: &Actor,
        no: u32,
        voucher: Option<&str>,
        today: NaiveDate,
    ) -> Result<()> {
        let role = self.role_of(&actor.user)?;
        let self_approval = self.policy()?.self_approval;
        let mut p: OtherPayment = self
            .get(&keys::other_payment(no))?
            .ok_or_else(|| StoreError::Refusal(Why::NoSuchOtherPayment { no }.into()))?;
        let (step, amount) = match voucher {
            None => (
                "approved",
                p.approve(&actor.user, role, today, self_approval)
                    .map_err(StoreError::Refusal)?,
            ),
            Some(v) => ("paid", p.pay(today, v).map_err(StoreError::Refusal)?),
        };
        self.write(|tx| {
            tx.put(keys::other_payment(no), codec::encode(&p));
            for c in p.cells() {
                tx.add(keys::report_count(c.month, None, c.column), c.amount as i64)?;
            }
            tx.append_event(
                actor,
                None,
                Change::OtherPayment {
                    no,
                    step: step.into(),
                    amount,
                },
            )
        })
    }

    /// The payee of a case and its standard under the rates in force on
    /// the day its file was submitted (today for a file not yet in).
    pub(super) fn price(
        &self,
        case: &Case,
        policy: &Policy,
        cross_region: bool,
        today: NaiveDate,
    ) -> Result<Priced> {
        let day = case.steps.file_submitted.unwrap_or(today);
        let refused =
            |why: Why| StoreError::Refusal(crate::domain::refusal::Refusal::of(case, why));
        let table = policy
            .rates_on(day)
            .ok_or_else(|| refused(Why::NoRates { date: day }))?;
        let payee = provider_key(case).ok_or_else(|| refused(Why::NoPayee))?;
        let provider = self.provider(payee)?.ok_or_else(|| refused(Why::NoPayee))?;
        let payee_type = PayeeType::of(provider.kind);
        let base = funds::standard(case, table, payee_type, cross_region);
        let grade = case
            .handling
            .quality
            .as_ref()
            .filter(|q| q.complete())
            .and_then(|q| q.grade);
        Ok(Priced {
            payee: payee.to_string(),
            payee_type,
            base,
            standard: funds::graded(base, grade, table),
        })
    }

    /// The standard the file review records: the case priced, or the
    /// kind's standard when its payee is not a provider of the store.
    pub(super) fn standard_of(&self, case: &Case, policy: &Policy, today: NaiveDate) -> u32 {
        match self.price(case, policy, false, today) {
            Ok(p) => p.standard.total(),
            Err(_) => {
                let day = case.steps.file_submitted.unwrap_or(today);
                policy
                    .rates_on(day)
                    .map_or(0, |t| funds::kind_standard(t, case.kind))
            }
        }
    }

    /// Sets the funds a source gave for a year (directors and admins).
    pub fn set_budget(&self, actor: &Actor, year: i32, source: Source, yuan: u64) -> Result<()> {
        if !self.role_of(&actor.user)?.may_approve() {
            return Err(StoreError::Refusal(Why::BudgetDirectorOnly.into()));
        }
        self.write(|tx| {
            tx.put(keys::budget(year, source), yuan.to_be_bytes().to_vec());
            tx.append_event(
                actor,
                None,
                Change::BudgetSet {
                    year,
                    source: source.code().to_string(),
                    yuan,
                },
            )
        })
    }

    /// The funds of `year`: received by source, and spent and committed
    /// from the counters of its months.
    pub fn funds(&self, year: i32) -> Result<Funds> {
        self.funds_over(year, &Month { year, month: 1 }.run(12))
    }

    /// The budget of `year` with what was spent and committed in `months`
    /// (a half-year's report gives the year's budget).
    pub fn funds_over(&self, year: i32, months: &[Month]) -> Result<Funds> {
        let mut received = Vec::new();
        for s in Source::ALL {
            let v = self.db.get(keys::budget(year, *s))?;
            let n = match v {
                Some(v) => u64::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?),
                None => 0,
            };
            received.push((*s, n));
        }
        let counts = self.report_counts(months)?;
        let get = |c: Column| counts.get(&c).copied().unwrap_or(0);
        Ok(Funds {
            year,
            received,
            spent: get(Column::Spent),
            committed: get(Column::Committed),
            by_payee: PayeeType::ALL
                .iter()
                .map(|p| (*p, get(Column::spent_by_payee(*p))))
                .collect(),
            by_class: funds::SpendClass::ALL
                .iter()
                .map(|c| (*c, get(Column::spent_by_class(*c))))
                .collect(),
            direct_costs: get(Column::SpentDirectCosts),
            labour_fees: get(Column::SpentLabourFees),
            other: vec![
                (funds::SubsidyKind::Duty, get(Column::SpentDuty)),
                (
                    funds::SubsidyKind::Consultation,
                    get(Column::SpentConsultation),
                ),
                (funds::SubsidyKind::Drafting, get(Column::SpentDrafting)),
            ],
        })
    }
}
