//! Changes to one case (withdraw, correct, deadlines, drafts) and to the
//! rules (policy, calendar).

use chrono::NaiveDate;

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo, MatterDeadline};
use crate::domain::event::Change;
use crate::domain::policy::Policy;
use crate::domain::refusal::Why;

use super::*;

impl Store {
    /// Corrects one field of a case (see `domain::correct`).
    pub fn correct(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        field: &str,
        value: &str,
        today: NaiveDate,
    ) -> Result<()> {
        self.change_case(actor, no, expected, |case| {
            let (fixed, change) = crate::domain::correct::correct(case, field, value, today)
                .map_err(StoreError::Refusal)?;
            *case = fixed;
            Ok(((), vec![change]))
        })
    }

    /// The user's saved registration draft, if any.
    pub fn draft(&self, user: &str) -> Result<Option<String>> {
        Ok(self
            .db
            .get(keys::draft(user))?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Saves (or, with None, discards) the user's registration draft. Not a
    /// case change, so no event; flushed like every command.
    pub fn save_draft(&self, user: &str, draft: Option<&str>) -> Result<()> {
        self.write(|tx| {
            match draft {
                Some(d) => tx.put(keys::draft(user), d.as_bytes().to_vec()),
                None => tx.remove(keys::draft(user)),
            }
            Ok(())
        })
    }

    /// Adds a date of the matter (hearing, limitation, appeal) to a case.
    pub fn add_deadline(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        date: NaiveDate,
        label: &str,
    ) -> Result<u32> {
        let label = crate::domain::text::clean(label)
            .map_err(|e| StoreError::Refusal(Why::text("label", e).into()))?;
        if label.is_empty() {
            return Err(StoreError::Refusal(Why::DeadlineNeedsLabel.into()));
        }
        use crate::domain::record::{EARLIEST, LATEST};
        if !(EARLIEST..=LATEST).contains(&date) {
            return Err(StoreError::Refusal(
                Why::DateOutOfRange {
                    date,
                    earliest: EARLIEST,
                    latest: LATEST,
                }
                .into(),
            ));
        }
        self.change_case(actor, no, expected, |case| {
            let id = case.next_deadline_id();
            case.deadlines.push(MatterDeadline {
                id,
                date,
                label: label.to_string(),
                done: None,
            });
            Ok((
                id,
                vec![Change::DeadlineAdded {
                    id,
                    date,
                    label: label.to_string(),
                }],
            ))
        })
    }

    /// Marks a matter deadline done.
    pub fn done_deadline(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        id: u32,
        on: NaiveDate,
    ) -> Result<()> {
        self.change_case(actor, no, expected, |case| {
            let d = case
                .deadlines
                .iter_mut()
                .find(|d| d.id == id)
                .ok_or(StoreError::NoDeadline { case: no, id })?;
            if let Some(done) = d.done {
                return Err(StoreError::Refusal(
                    Why::DeadlineAlreadyDone { id, case: no, done }.into(),
                ));
            }
            d.done = Some(on);
            Ok(((), vec![Change::DeadlineDone { id, on }]))
        })
    }

    /// Loads a case, lets `f` change it and say what changed, then saves it
    /// with its events and indexes in one command. With `expected`, a case
    /// changed since the caller read that revision is refused, naming who
    /// changed it and when: nothing is silently overwritten.
    pub(super) fn change_case<T: Serialize>(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        f: impl FnOnce(&mut Case) -> Result<(T, Vec<Change>)>,
    ) -> Result<T> {
        let rules = self.rules()?;
        self.write(|tx| {
            let old: Case = match tx.get(&keys::case(no))? {
                Some(v) => codec::decode(&v)?,
                None => return Err(StoreError::NoCase(no)),
            };
            if let Some(rev) = expected
                && rev != old.revision
            {
                let last = self.history(no)?.pop();
                return Err(StoreError::Conflict {
                    case: no,
                    who: last.as_ref().map(|e| e.who.clone()).unwrap_or_default(),
                    at: last
                        .map(|e| e.at.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default(),
                });
            }
            let mut new = old.clone();
            let (out, changes) = f(&mut new)?;
            new.revision = old.revision + 1;
            for change in changes {
                tx.append_event(actor, Some(no), change)?;
            }
            tx.save_case(&rules, Some(&old), &new)?;
            Ok(out)
        })
    }

    /// Replaces the center's policy and re-indexes every deadline.
    pub fn set_policy(&self, actor: &Actor, policy: Policy) -> Result<()> {
        let calendar = self.calendar()?;
        let text = policy.to_toml();
        self.replace_rules(Rules { policy, calendar }, |tx| {
            tx.append_event(actor, None, Change::PolicyChanged { policy: text })
        })
    }

    /// Adds or replaces calendar years and re-indexes every deadline.
    pub fn import_calendar(&self, actor: &Actor, years: Calendar) -> Result<Vec<i32>> {
        let policy = self.policy()?;
        let mut calendar = self.calendar()?;
        let changed = calendar.merge(years);
        let encoded = codec::encode(&calendar);
        let list = changed.clone();
        self.replace_rules(Rules { policy, calendar }, move |tx| {
            tx.put(keys::META_CALENDAR.to_vec(), encoded);
            tx.append_event(actor, None, Change::CalendarImported { years: list })
        })?;
        Ok(changed)
    }

    /// Rebuilds the due index under new rules, in the same command that
    /// stores the rules, so that index and rules never disagree.
    pub(super) fn replace_rules(
        &self,
        rules: Rules,
        store_rules: impl FnOnce(&mut Tx<'_>) -> Result<()>,
    ) -> Result<()> {
        let encoded_policy = codec::encode(&rules.policy);
        self.write(|tx| {
            for item in self.db.scan_prefix([keys::DUE]) {
                let (k, _) = item?;
                tx.remove(k.to_vec());
            }
            // Every case: an objection keeps even a closed case's deadline open.
            for case in self.cases() {
                let case = case?;
                for d in rules.deadlines(&case) {
                    tx.put(
                        keys::due(&due_key(case.no, &d)),
                        codec::encode(&d.uncovered),
                    );
                }
            }
            // The deadlines met and missed are dated by the rules too.
            tx.recount_reports(self, &rules)?;
            tx.put(keys::META_POLICY.to_vec(), encoded_policy);
            store_rules(tx)?;
            // Still under the write lock: no command computes deadlines
            // with the old rules once these are staged.
            *self.rules.write().unwrap_or_else(|p| p.into_inner()) = std::sync::Arc::new(rules);
            Ok(())
        })
        .or_else(|e| {
            // The batch did not land: go back to the rules on disk.
            self.reload_rules()?;
            Err(e)
        })
    }
}
