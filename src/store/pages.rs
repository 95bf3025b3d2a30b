//! The pages the screens read: the intake queue, the board columns, the
//! due list (index ranges, never whole tables).

use chrono::NaiveDate;

use crate::domain::case::{Case, CaseNo};
use crate::domain::codes::Status;
use crate::domain::deadlines;
use crate::domain::stage::Stage;

use super::*;

impl Store {
    /// Open deadlines due on or before `until`, earliest first, read from
    /// the due index (never a scan of the cases).
    pub fn due_until(&self, until: NaiveDate) -> impl Iterator<Item = Result<DueEntry>> + '_ {
        self.db
            .range(vec![keys::DUE]..keys::due_after(until))
            .map(|item| {
                let (k, v) = item?;
                let key = keys::parse_due(&k).ok_or_else(|| self.damaged("the due index"))?;
                Ok(DueEntry {
                    key,
                    uncovered: codec::decode(&v)?,
                })
            })
    }

    /// Open deadlines due by `until`, each with its case (read once per case).
    pub fn due_with_cases(&self, until: NaiveDate) -> Result<Vec<(DueEntry, Case)>> {
        let mut out = Vec::new();
        let mut seen: std::collections::HashMap<CaseNo, Case> = Default::default();
        for entry in self.due_until(until) {
            let entry = entry?;
            let no = entry.key.case;
            let case = match seen.get(&no) {
                Some(c) => c.clone(),
                None => match self.case(no)? {
                    Some(c) => {
                        seen.insert(no, c.clone());
                        c
                    }
                    None => continue,
                },
            };
            out.push((entry, case));
        }
        Ok(out)
    }

    /// Cases in a board column: `total` from the column's counter, `limit`
    /// cases from `offset` (or the page holding `around`), read from the
    /// column's index page by page.
    pub fn board_page(&self, stage: Stage, window: PageWindow) -> Result<CasePage> {
        let total = self.board_total(stage)?;
        let prefix = keys::board_prefix(stage);
        let offset = match window.around {
            Some(no) => {
                let target = keys::board(stage, no);
                let before = self.db.range(prefix.clone()..target).count();
                before / window.limit.max(1) * window.limit.max(1)
            }
            None => window.offset,
        };
        let mut cases = Vec::new();
        for item in self.db.scan_prefix(&prefix).skip(offset).take(window.limit) {
            let (k, _) = item?;
            let no =
                keys::case_no_of_status_key(&k).ok_or_else(|| self.damaged("the board index"))?;
            if let Some(c) = self.case(no)? {
                cases.push(c);
            }
        }
        Ok(CasePage {
            offset,
            total,
            cases,
        })
    }

    pub fn board_total(&self, stage: Stage) -> Result<usize> {
        Ok(match self.db.get(keys::board_count(stage))? {
            Some(v) => {
                u64::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?) as usize
            }
            None => 0,
        })
    }

    /// Undecided applications (received, awaiting documents), most urgent
    /// first: emergencies, then the nearest deadline, then the oldest.
    /// The queue holds only undecided cases, so it is read whole from the
    /// status index and sorted; a page of it is returned.
    pub fn queue_page(
        &self,
        today: NaiveDate,
        window: PageWindow,
        filter: &crate::domain::queue::QueueFilter,
    ) -> Result<CasePage> {
        let rules = self.rules()?;
        let mut keyed = Vec::new();
        for status in [Status::Received, Status::AwaitingDocuments] {
            for no in self.with_status(status) {
                if let Some(case) = self.case(no?)?
                    && filter.matches(&case)
                {
                    let key = deadlines::urgency(&case, &rules.policy, &rules.calendar, today);
                    keyed.push((key, case));
                }
            }
        }
        keyed.sort_by_key(|(key, _)| *key);
        let total = keyed.len();
        let offset = match window
            .around
            .and_then(|no| keyed.iter().position(|(_, c)| c.no == no))
        {
            Some(i) => i / window.limit.max(1) * window.limit.max(1),
            None => window.offset.min(total),
        };
        let cases = keyed
            .into_iter()
            .skip(offset)
            .take(window.limit)
            .map(|(_, c)| c)
            .collect();
        Ok(CasePage {
            offset,
            total,
            cases,
        })
    }

    /// A page of the open deadlines due by `until`, with their cases.
    pub fn due_page(&self, until: NaiveDate, window: PageWindow) -> Result<DuePage> {
        let mut total = 0;
        let mut around_at = None;
        for entry in self.due_until(until) {
            let entry = entry?;
            if window.around == Some(entry.key.case) && around_at.is_none() {
                around_at = Some(total);
            }
            total += 1;
        }
        let offset = match around_at {
            Some(i) => i / window.limit.max(1) * window.limit.max(1),
            None => window.offset.min(total),
        };
        let mut items = Vec::new();
        for entry in self.due_until(until).skip(offset).take(window.limit) {
            let entry = entry?;
            if let Some(case) = self.case(entry.key.case)? {
                items.push((entry, case));
            }
        }
        Ok(DuePage {
            offset,
            total,
            items,
        })
    }

    /// Case numbers with an undecided status (the only ones the status
    /// index holds), in case-number order.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = Result<CaseNo>> + '_ {
        self.db
            .scan_prefix(keys::status_prefix(status))
            .map(|item| {
                let (k, _) = item?;
                keys::case_no_of_status_key(&k).ok_or_else(|| self.damaged("the status index"))
            })
    }
}
