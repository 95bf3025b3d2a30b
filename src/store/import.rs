//! Imports (batched under a journal, with index runs) and registration.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::case::CaseNo;
use crate::domain::deadlines;
use crate::domain::event::Event;
use crate::domain::record::ValidCase;

use super::*;

impl Store {
    /// Imports validated cases: all of them or, on any error, none.
    /// Cases without a number get the next number of their received year.
    /// Every number is planned and checked before anything is written; a
    /// large import is written in batches under a journal, so that one cut
    /// short (a crash, a full disk) is undone, here or at the next open.
    pub fn import(&self, actor: &Actor, cases: Vec<ValidCase>, via: &str) -> Result<Vec<CaseNo>> {
        self.import_linked(actor, cases, via, None)
    }

    /// [`Store::import`], linking the consultation (day, id) to the first
    /// case in the batch that adds it.
    fn import_linked(
        &self,
        actor: &Actor,
        cases: Vec<ValidCase>,
        via: &str,
        consultation: Option<(NaiveDate, u64)>,
    ) -> Result<Vec<CaseNo>> {
        self.room_for(cases.len())?;
        let rules = self.rules()?;
        let guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        // An import whose undo failed earlier is undone before anything
        // else is written (its undo removes every event after it began).
        self.finish_interrupted_import()?;
        let mut year_last: BTreeMap<u16, u32> = BTreeMap::new();
        let last_of = |year: u16, map: &mut BTreeMap<u16, u32>| -> Result<u32> {
            if let Some(v) = map.get(&year) {
                return Ok(*v);
            }
            let v = match self.db.get(keys::year_seq(year))? {
                Some(v) => u32::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?),
                None => 0,
            };
            map.insert(year, v);
            Ok(v)
        };
        // Numbers given in the file are reserved first, so that numbering
        // the others never collides with them.
        let mut years_before = Vec::new();
        for vc in &cases {
            if let Some(no) = vc.no {
                let last = last_of(no.year, &mut year_last)?;
                year_last.insert(no.year, last.max(no.seq));
            }
        }
        let mut numbered = Vec::with_capacity(cases.len());
        let mut seen = std::collections::HashSet::new();
        for vc in cases {
            let no = match vc.no {
                Some(no) => no,
                None => {
                    let year = chrono::Datelike::year(&vc.case.received) as u16;
                    let next = last_of(year, &mut year_last)? + 1;
                    year_last.insert(year, next);
                    CaseNo::new(year, next)
                }
            };
            if !seen.insert(no) || self.db.contains_key(keys::case(no))? {
                return Err(StoreError::CaseExists(no));
            }
            numbered.push((no, vc));
        }
        for year in year_last.keys() {
            let before = match self.db.get(keys::year_seq(*year))? {
                Some(v) => u32::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?),
                None => 0,
            };
            years_before.push((*year, before));
        }
        let journal = ImportJournal {
            events_before: self.last_event_seq()?,
            years: years_before,
        };
        let numbers: Vec<CaseNo> = numbered.iter().map(|(no, _)| *no).collect();
        let many = numbered.len() > IMPORT_CHUNK;
        let bulk = numbered.len() >= runs::MIN_CASES;
        let chunks = numbered.len().div_ceil(IMPORT_CHUNK).max(1);
        let mut rest = numbered.into_iter();
        // One thread stages the next batch while this one applies the last:
        // sled's apply and the staging (deadlines, search keys, encoding)
        // each take about half the time.
        let (send, staged) = std::sync::mpsc::sync_channel::<Result<Tx<'_>>>(1);
        let (journal, rules, year_last, all) = (&journal, &rules, &year_last, &numbers);
        std::thread::scope(|scope| -> Result<()> {
            scope.spawn(move || {
                let mut carried = BTreeMap::new();
                let mut run_keys: Vec<Vec<u8>> = Vec::new();
                for i in 0..chunks {
                    let mut tx = Tx::new(&self.db);
                    // Counters staged by the batch before, not yet applied.
                    tx.pending = std::mem::take(&mut carried);
                    tx.run = bulk.then(Vec::new);
                    let result = (|| -> Result<()> {
                        if many && i == 0 {
                            tx.put(keys::META_IMPORT.to_vec(), codec::encode(journal));
                        }
                        for (no, vc) in rest.by_ref().take(IMPORT_CHUNK) {
                            tx.add_case(actor, rules, via, no, vc)?;
                        }
                        run_keys.append(tx.run.as_mut().unwrap_or(&mut Vec::new()));
                        if i + 1 < chunks {
                            return Ok(());
                        }
                        if bulk {
                            let list = self.runs()?;
                            let id = list.next_id();
                            Self::stage_run(&mut tx, list, id, std::mem::take(&mut run_keys));
                        }
                        for (year, last) in year_last {
                            tx.put(keys::year_seq(*year), last.to_be_bytes().to_vec());
                        }
                        if many {
                            tx.remove(keys::META_IMPORT.to_vec());
                        }
                        if let (Some((day, id)), Some(no)) = (consultation, all.first()) {
                            tx.link_consultation(day, id, *no)?;
                        }
                        // The command's id lands with its last batch.
                        tx.op = actor.op;
                        tx.commit_op(all)?;
                        Ok(())
                    })();
                    let result = result.and_then(|()| {
                        carried = tx.counters()?;
                        Ok(())
                    });
                    let failed = result.is_err();
                    if send.send(result.map(|()| tx)).is_err() || failed {
                        return;
                    }
                }
            });
            // Owned here, so that returning early hangs up on the stager.
            for (i, tx) in staged.into_iter().enumerate() {
                let result = tx.and_then(|tx| self.apply(tx)).and_then(|()| {
                    // The journal is on disk before anything it covers; sled
                    // recovers batches in order, so later ones need no flush.
                    if many && i == 0 {
                        self.db.flush().map(|_| ()).map_err(Into::into)
                    } else {
                        Ok(())
                    }
                });
                if let Err(e) = result {
                    // Even batch 0 may have landed, without its flush;
                    // undoing what did not land changes nothing.
                    if many {
                        let _ = self.undo_import(journal);
                    }
                    return Err(e);
                }
            }
            Ok(())
        })?;
        if bulk && let Err(e) = self.merge_runs() {
            // The import is whole without it; the next bulk import merges.
            tracing::warn!("merging index runs failed: {e}");
        }
        drop(guard);
        self.make_durable()?;
        Ok(numbers)
    }

    /// How many entries each index run holds, oldest first (diagnostics).
    pub fn run_sizes(&self) -> Result<Vec<u64>> {
        Ok(self.runs()?.0.iter().map(|r| r.entries).collect())
    }

    /// The index runs of the store, oldest first.
    pub(super) fn runs(&self) -> Result<runs::Runs> {
        Ok(self.get(keys::META_RUNS)?.unwrap_or_default())
    }

    /// Stages a new run holding `entries` (index keys of new cases) and
    /// the list of runs with it added.
    pub(super) fn stage_run(
        tx: &mut Tx<'_>,
        mut list: runs::Runs,
        id: u32,
        mut entries: Vec<Vec<u8>>,
    ) {
        entries.sort_unstable();
        entries.dedup();
        list.0.push(runs::Run {
            id,
            entries: entries.len() as u64,
        });
        for (k, v) in runs::blocks(id, entries) {
            tx.put(k, v);
        }
        tx.put(keys::META_RUNS.to_vec(), codec::encode(&list));
    }

    /// Merges the newest runs while the older of the two is at most twice
    /// the size of the newer, each merge one batch.
    pub(super) fn merge_runs(&self) -> Result<()> {
        loop {
            let mut list = self.runs()?;
            let Some((older, newer)) = list.due_for_merge() else {
                return Ok(());
            };
            let mut tx = Tx::new(&self.db);
            for run in [&older, &newer] {
                for k in runs::block_keys(&self.db, run.id)? {
                    tx.remove(k);
                }
            }
            // A fresh id, so that no block of the new run shares a key
            // with a block being removed.
            let id = list.next_id();
            let (blocks, entries) = runs::merge(&self.db, older.id, newer.id, id)?;
            for (k, v) in blocks {
                tx.put(k, v);
            }
            list.0.truncate(list.0.len() - 2);
            list.0.push(runs::Run { id, entries });
            tx.put(keys::META_RUNS.to_vec(), codec::encode(&list));
            let _readers_out = self.runs_lock.write().unwrap_or_else(|p| p.into_inner());
            self.apply(tx)?;
        }
    }

    /// Undoes an import cut short: removes every case and event it wrote
    /// and puts the counters back (the journal says what was there before).
    pub(super) fn undo_import(&self, journal: &ImportJournal) -> Result<()> {
        let rules = self.rules()?;
        let mut tx = Tx::new(&self.db);
        let mut cases = std::collections::BTreeSet::new();
        for item in self
            .db
            .range(keys::event(journal.events_before + 1)..vec![keys::EVENT + 1])
        {
            let (k, v) = item?;
            let event: Event = codec::decode(&v)?;
            if let Some(no) = event.case {
                cases.insert(no);
                tx.remove(keys::history(no, event.seq));
            }
            tx.remove(k.to_vec());
        }
        for no in cases {
            if let Some(case) = self.case(no)? {
                tx.forget_case(&rules, &case)?;
            }
        }
        tx.put(
            keys::META_EVENT_SEQ.to_vec(),
            journal.events_before.to_be_bytes().to_vec(),
        );
        for (year, before) in &journal.years {
            tx.put(keys::year_seq(*year), before.to_be_bytes().to_vec());
        }
        tx.remove(keys::META_IMPORT.to_vec());
        self.apply(tx)?;
        self.db.flush()?;
        Ok(())
    }

    /// At open: an import that was cut short is undone.
    pub(super) fn finish_interrupted_import(&self) -> Result<()> {
        if let Some(v) = self.db.get(keys::META_IMPORT)? {
            let journal: ImportJournal = codec::decode(&v)?;
            self.undo_import(&journal)?;
        }
        Ok(())
    }

    /// Registers one application (the intake form): numbered like an
    /// import, with what intake finds recorded on the case: possible
    /// duplicates (same ID number, phone, or name and birth date), possible
    /// conflicts (the adverse party is an applicant), and emergency.
    pub fn register(
        &self,
        actor: &Actor,
        vc: ValidCase,
        today: NaiveDate,
        consultation: Option<(NaiveDate, u64)>,
    ) -> Result<CaseNo> {
        let mut case = vc.case;
        case.flags.possible_duplicates = self
            .same_person(&case.applicant)?
            .into_iter()
            .map(|(no, _)| no)
            .collect();
        case.flags.possible_conflicts =
            self.possible_conflicts(&case.applicant.name, case.adverse_party.as_deref())?;
        let rules = self.rules()?;
        case.flags.emergency = deadlines::is_emergency(&case, &rules.policy, today);
        let numbers = self.import_linked(
            actor,
            vec![ValidCase {
                no: None,
                case,
                history: Vec::new(),
            }],
            "register",
            consultation,
        )?;
        numbers
            .first()
            .copied()
            .ok_or_else(|| StoreError::Refused("nothing was registered".into()))
    }
}
