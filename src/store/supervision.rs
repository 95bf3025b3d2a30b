//! The store's side of supervision: the director's lists kept as an index
//! in the same batch as every case, the peer-review draws, complaints, and
//! a provider's scorecard.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::domain::case::{Case, CaseNo};
use crate::domain::event::Change;
use crate::domain::quality::{
    self, Appeal, Complaint, ComplaintKind, ComplaintNo, ComplaintOutcome, ComplaintTable, Sample,
    Scorecard,
};
use crate::domain::refusal::{Refusal, Why};
use crate::domain::report::Period;
use crate::domain::supervision::{self, List};

use super::*;

fn entry_keys(case: &Case) -> BTreeSet<Vec<u8>> {
    supervision::entries(case)
        .into_iter()
        .map(|(list, day)| keys::supervise(list as u8, day, case.no))
        .collect()
}

fn refused(why: Why) -> StoreError {
    StoreError::Refusal(Refusal::from(why))
}

impl Tx<'_> {
    /// Keeps the case's entries of the supervision lists.
    pub(super) fn index_supervision(&mut self, old: Option<&Case>, new: Option<&Case>) {
        let before = old.map(entry_keys).unwrap_or_default();
        let after = new.map(entry_keys).unwrap_or_default();
        for k in before.difference(&after) {
            self.remove(k.clone());
        }
        for k in after.difference(&before) {
            self.put(k.clone(), Vec::new());
        }
    }
}

impl Store {
    /// Upgrades a store of layout 10: the supervision lists of every case.
    pub(super) fn upgrade_supervision(&self) -> Result<()> {
        let mut batch = sled::Batch::default();
        for item in self.db.scan_prefix([keys::SUPERVISE]) {
            batch.remove(item?.0);
        }
        self.db.apply_batch(batch)?;
        self.upgrade_cases(|case, batch| {
            for k in entry_keys(case) {
                batch.insert(k, &[] as &[u8]);
            }
        })
    }

    /// The cases on `list`, oldest first, with the day each waits since.
    pub fn supervision_list(&self, list: List, limit: usize) -> Result<Vec<(NaiveDate, Case)>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix(keys::supervise_prefix(list as u8)) {
            if out.len() >= limit {
                break;
            }
            let (k, _) = item?;
            let (day, no) =
                keys::parse_supervise(&k).ok_or_else(|| self.damaged("the supervision index"))?;
            if let Some(case) = self.case(no)? {
                out.push((day, case));
            }
        }
        Ok(out)
    }

    /// How many cases are on `list` (a count of index keys).
    pub fn supervision_count(&self, list: List) -> usize {
        self.db
            .scan_prefix(keys::supervise_prefix(list as u8))
            .count()
    }

    /// The closed files of a period, each with its provider's id.
    fn closed_in(&self, period: Period) -> Result<Vec<(CaseNo, String)>> {
        let months = period.months(self.policy()?.half_year_from);
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Ok(Vec::new());
        };
        let from = keys::supervise(List::Closed as u8, first.first_day(), CaseNo::new(0, 0));
        let to = keys::supervise(
            List::Closed as u8,
            last.last_day().succ_opt().unwrap_or(NaiveDate::MAX),
            CaseNo::new(0, 0),
        );
        let mut out = Vec::new();
        for item in self.db.range(from..to) {
            let (k, _) = item?;
            let (_, no) =
                keys::parse_supervise(&k).ok_or_else(|| self.damaged("the supervision index"))?;
            if let Some(case) = self.case(no)? {
                let provider = provider_key(&case).unwrap_or_default().to_string();
                out.push((no, provider));
            }
        }
        Ok(out)
    }

    pub fn sample(&self, period: Period) -> Result<Option<Sample>> {
        self.get(&keys::sample(period))
    }

    /// Draws the period's peer-review sample (directors), or gives the one
    /// drawn before: a draw is recorded with its seed and never drawn
    /// again with another (no choosing the files).
    pub fn draw_sample(
        &self,
        actor: &Actor,
        period: Period,
        share: Option<u32>,
        seed: Option<u64>,
        today: NaiveDate,
    ) -> Result<Sample> {
        if let Some(s) = self.sample(period)? {
            if seed.is_some_and(|x| x != s.seed) || share.is_some_and(|x| x != s.share_percent) {
                return Err(refused(Why::SampleDrawn {
                    period: period.to_string(),
                    seed: s.seed,
                }));
            }
            return Ok(s);
        }
        if !self.role_of(&actor.user)?.may_approve() {
            return Err(refused(Why::SampleDirectorOnly));
        }
        let closed = self.closed_in(period)?;
        if closed.is_empty() {
            return Err(refused(Why::NoClosedFiles {
                period: period.to_string(),
            }));
        }
        let share = share.unwrap_or(self.policy()?.quality.share_percent);
        let seed = seed.unwrap_or_else(rand::random);
        let sample = Sample {
            period,
            share_percent: share,
            seed,
            drawn_by: actor.user.clone(),
            drawn_on: today,
            closed: closed.len() as u32,
            cases: quality::draw(&closed, share, seed),
        };
        self.write(|tx| {
            tx.put(keys::sample(period), codec::encode(&sample));
            tx.append_event(
                actor,
                None,
                Change::SampleDrawn {
                    period: period.to_string(),
                    seed,
                    cases: sample.cases.len() as u32,
                },
            )?;
            Ok(sample.clone())
        })
    }

    pub fn complaint(&self, no: ComplaintNo) -> Result<Option<Complaint>> {
        self.get(&keys::complaint(no))
    }

    /// Every complaint, oldest first (a center has a few a year).
    pub fn complaints(&self) -> Result<Vec<Complaint>> {
        self.db
            .scan_prefix([keys::COMPLAINT])
            .map(|item| Ok(codec::decode(&item?.1)?))
            .collect()
    }

    /// Table T11 of the complaints filed in `from..=to`.
    pub fn complaint_table(&self, from: NaiveDate, to: NaiveDate) -> Result<ComplaintTable> {
        let all = self.complaints()?;
        Ok(ComplaintTable::of(
            all.iter().filter(|c| (from..=to).contains(&c.filed_on)),
        ))
    }

    /// Records a complaint against a provider (or the center, None).
    #[allow(clippy::too_many_arguments)]
    pub fn file_complaint(
        &self,
        actor: &Actor,
        provider: Option<String>,
        case: Option<CaseNo>,
        kind: ComplaintKind,
        facts: &str,
        today: NaiveDate,
    ) -> Result<ComplaintNo> {
        let facts = crate::domain::text::clean_multiline(facts)
            .map_err(|e| StoreError::Refusal(Why::text("facts", e).into()))?;
        if facts.trim().is_empty() {
            return Err(refused(Why::ComplaintNeedsFacts));
        }
        if let Some(p) = &provider
            && self.provider(p)?.is_none()
        {
            return Err(refused(Why::NoProvider { id: p.clone() }));
        }
        if let Some(no) = case
            && self.case(no)?.is_none()
        {
            return Err(StoreError::NoCase(no));
        }
        self.write(|tx| {
            use chrono::Datelike;
            let year = today.year() as u16;
            let last = match tx.db.scan_prefix(keys::complaint_year(year)).next_back() {
                Some(item) => {
                    let (k, _) = item?;
                    k.get(3..7)
                        .and_then(|b| b.try_into().ok())
                        .map_or(0, u32::from_be_bytes)
                }
                None => 0,
            };
            let no = ComplaintNo {
                year,
                seq: last + 1,
            };
            let c = Complaint {
                no,
                filed_on: today,
                filed_by: actor.user.clone(),
                provider: provider.clone(),
                case,
                kind,
                facts: facts.trim().to_string(),
                investigation: String::new(),
                outcome: None,
                decided_on: None,
                decided_by: None,
                appeal: None,
            };
            tx.put(keys::complaint(no), codec::encode(&c));
            tx.append_event(
                actor,
                case,
                Change::Complaint {
                    no: no.to_string(),
                    detail: format!(
                        "filed: {} against {}",
                        kind.code(),
                        provider.as_deref().unwrap_or("the center")
                    ),
                },
            )?;
            Ok(no)
        })
    }

    /// Decides a complaint (directors): the investigation and the outcome.
    pub fn decide_complaint(
        &self,
        actor: &Actor,
        no: ComplaintNo,
        outcome: ComplaintOutcome,
        investigation: &str,
        today: NaiveDate,
    ) -> Result<()> {
        if !self.role_of(&actor.user)?.may_approve() {
            return Err(refused(Why::ComplaintDirectorOnly));
        }
        let investigation = crate::domain::text::clean_multiline(investigation)
            .map_err(|e| StoreError::Refusal(Why::text("investigation", e).into()))?;
        let mut c = self
            .complaint(no)?
            .ok_or_else(|| refused(Why::NoSuchComplaint { no: no.to_string() }))?;
        if let Some(on) = c.decided_on {
            return Err(refused(Why::ComplaintDecided {
                no: no.to_string(),
                on,
            }));
        }
        c.outcome = Some(outcome);
        c.investigation = investigation.trim().to_string();
        c.decided_on = Some(today);
        c.decided_by = Some(actor.user.clone());
        self.write(|tx| {
            tx.put(keys::complaint(no), codec::encode(&c));
            tx.append_event(
                actor,
                c.case,
                Change::Complaint {
                    no: no.to_string(),
                    detail: format!("decided: {}", outcome.code()),
                },
            )
        })
    }

    /// Records that the complainant appealed a decided complaint.
    pub fn appeal_complaint(&self, actor: &Actor, no: ComplaintNo, appeal: Appeal) -> Result<()> {
        let mut c = self
            .complaint(no)?
            .ok_or_else(|| refused(Why::NoSuchComplaint { no: no.to_string() }))?;
        c.appeal = Some(appeal);
        self.write(|tx| {
            tx.put(keys::complaint(no), codec::encode(&c));
            tx.append_event(
                actor,
                c.case,
                Change::Complaint {
                    no: no.to_string(),
                    detail: format!("appealed: {}", appeal.code()),
                },
            )
        })
    }

    /// A provider's scorecard as of `today`.
    pub fn scorecard(&self, id: &str, today: NaiveDate) -> Result<Scorecard> {
        use chrono::Datelike;
        let provider = self
            .provider(id)?
            .ok_or_else(|| refused(Why::NoProvider { id: id.to_string() }))?;
        let rules = self.rules()?;
        let open = self.provider_open_cases(id)?;
        let mut overdue = Vec::new();
        for no in &open {
            if let Some(c) = self.case(*no)?
                && rules.deadlines(&c).iter().any(|d| d.due < today)
            {
                overdue.push(*no);
            }
        }
        let year = today.year();
        let mut grades = vec![0u32; quality::Grade::ALL.len()];
        let mut satisfaction = vec![0u32; quality::Satisfaction::ALL.len()];
        let mut paid = 0u64;
        let every = self.current_cases(
            &keys::provider_case_prefix(keys::PROVIDER_CLIENT, id),
            usize::MAX,
        )?;
        for c in every.iter().filter(|c| provider_key(c) == Some(id)) {
            if let Some(g) = c
                .handling
                .quality
                .as_ref()
                .filter(|q| q.complete())
                .and_then(|q| q.grade)
            {
                grades[g.index()] += 1;
            }
            for f in c.handling.follow_ups.iter().filter(|f| f.reached) {
                if let Some(s) = f.satisfaction {
                    satisfaction[s as usize] += 1;
                }
            }
            paid += c
                .handling
                .payments
                .iter()
                .filter(|p| p.payee == id && p.paid_on.is_some_and(|d| d.year() == year))
                .map(|p| u64::from(p.amount()))
                .sum::<u64>();
        }
        let complaints: Vec<Complaint> = self
            .complaints()?
            .into_iter()
            .filter(|c| c.provider.as_deref() == Some(id))
            .collect();
        Ok(Scorecard {
            open: open.len() as u32,
            overdue,
            grades: quality::Grade::ALL.iter().copied().zip(grades).collect(),
            satisfaction: quality::Satisfaction::ALL
                .iter()
                .copied()
                .zip(satisfaction)
                .collect(),
            complaints: complaints.len() as u32,
            complaints_open: complaints.iter().filter(|c| c.is_open()).count() as u32,
            paid_this_year: paid,
            year,
            provider,
        })
    }
}
