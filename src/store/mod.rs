//! The case store: the only code that touches sled.
//!
//! Every change is a command: it reads what it needs, then appends its
//! events and updates the records and indexes in one atomic sled batch, and
//! flushes before it returns, so a command that returned survives kill -9.
//! Commands are serialized by a lock inside the process that owns the store.

mod changes;
mod consult;
mod funds;
use crate::codec;
pub mod error;
mod import;
pub mod keys;
mod legacy;
mod lookup;
pub mod modes;
mod pages;
mod procedure;
mod recovered;
mod report;
mod upgrade;
mod verify;
pub use modes::loose_modes;
pub use recovered::RECOVERED;
mod runs;
pub mod search;
mod stations;
mod supervision;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo};
use crate::domain::codes::Status;
use crate::domain::deadlines::{self, Deadline};
use crate::domain::event::{Change, Event};
use crate::domain::policy::Policy;
use crate::domain::record::ValidCase;
use crate::domain::stage::Stage;

use crate::api::views::{CasePage, DueEntry, DueKey, DuePage, Hit, PageWindow};
pub use error::{Result, StoreError};

/// The layout version of the store as a whole (keys and meta records).
/// 2: the search, board and provider indexes were added; a version 1 store
/// gets them on open. 3: provider clients are keyed by name; rebuilt on open.
/// 4: bulk imports keep their search keys in runs (`G` blocks, `Mruns`);
/// nothing to convert, but an older docket would not read the runs.
/// 5: names with a character whose reading came with it are indexed again.
/// 6: the board has a column of reviewed files to archive.
/// 7: applicants' given names are search keys.
/// 8: the national tables' counters and cells (`report.rs`).
/// 9: workstations are records (`W`); those cases named became records.
/// 10: the tables' cells and counters carry a branch (T6–T9); counted again.
/// 11: the supervision lists (`V`), budgets (`F`), complaints (`X`) and
/// peer-review draws (`Z`); the funds' counters; counted again.
pub const STORE_FORMAT: u32 = 11;

/// Who makes a change, and when; and the client's id for the command, so
/// that a retry of a committed command is answered, not done twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub at: DateTime<FixedOffset>,
    pub op: Option<keys::OpId>,
}

/// Imports larger than this are written in batches of this many cases.
const IMPORT_CHUNK: usize = 5_000;

/// What a batched import changed, so that one cut short can be undone.
#[derive(Serialize, Deserialize)]
struct ImportJournal {
    /// The last event before the import.
    events_before: u64,
    /// Each year's case counter before the import.
    years: Vec<(u16, u32)>,
}

impl codec::Stored for ImportJournal {}

pub struct Store {
    db: sled::Db,
    path: PathBuf,
    write_lock: Mutex<()>,
    /// Readers of index runs hold it shared; a merge, which deletes the
    /// merged runs' blocks, holds it exclusively while it lands.
    runs_lock: std::sync::RwLock<()>,
    commit: GroupCommit,
    /// The policy and calendar in force, decoded once; replaced by the
    /// commands that change them.
    rules: std::sync::RwLock<std::sync::Arc<Rules>>,
    /// Set when a write or a flush failed (a full disk): see `failed`.
    failed: std::sync::atomic::AtomicBool,
}

/// Space a change leaves free at least (sled writes whole segments).
const MIN_FREE: u64 = 16 * 1024 * 1024;
/// Space an imported case takes at most, with its indexes and log.
const BYTES_PER_CASE: u64 = 8 * 1024;

/// The bytes free to this user on the disk holding `dir`.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs fills the struct we own from a NUL-terminated path.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    Some(stat.f_bavail as u64 * stat.f_frsize as u64)
}

/// Commands that finish together share one flush: the first to arrive
/// flushes for everyone applied before it started; the others wait.
#[derive(Default)]
struct GroupCommit {
    state: Mutex<CommitState>,
    flushed: std::sync::Condvar,
}

#[derive(Default)]
struct CommitState {
    applied: u64,
    durable: u64,
    flushing: bool,
}

/// The rules in force for computing deadlines.
#[derive(Default)]
struct Rules {
    policy: Policy,
    calendar: Calendar,
}

impl Rules {
    fn deadlines(&self, case: &Case) -> Vec<Deadline> {
        deadlines::open_deadlines(case, &self.policy, &self.calendar)
    }
}

/// Reads see the command's own pending writes; nothing reaches sled until
/// the command commits them as one batch.
struct Tx<'a> {
    db: &'a sled::Db,
    pending: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    /// When set (a bulk import), the search, history and provider-client
    /// entries of new cases are collected here for a run (see `runs.rs`).
    run: Option<Vec<Vec<u8>>>,
    /// The id of the command this batch commits (from the actor).
    op: Option<keys::OpId>,
    /// The workstations' ids and names, each to its id, read once per
    /// batch when a new case names one (`stations.rs`).
    stations: Option<std::collections::HashMap<String, String>>,
}

impl<'a> Tx<'a> {
    fn new(db: &'a sled::Db) -> Tx<'a> {
        Tx {
            db,
            pending: BTreeMap::new(),
            run: None,
            op: None,
            stations: None,
        }
    }

    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some(v) = self.pending.get(key) {
            return Ok(v.clone());
        }
        Ok(self.db.get(key)?.map(|v| v.to_vec()))
    }

    fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.pending.insert(key, Some(value));
    }

    fn remove(&mut self, key: Vec<u8>) {
        self.pending.insert(key, None);
    }

    fn get_u64(&self, key: &[u8]) -> Result<u64> {
        Ok(match self.get(key)? {
            Some(v) => u64::from_be_bytes(v.as_slice().try_into().map_err(|_| bad_counter())?),
            None => 0,
        })
    }

    /// Removes a case and every index entry of it (undoing an import).
    fn forget_case(&mut self, rules: &Rules, case: &Case) -> Result<()> {
        for d in rules.deadlines(case) {
            self.remove(keys::due(&due_key(case.no, &d)));
        }
        for k in search::case_keys(case) {
            self.remove(k);
        }
        if let Some(s) = Stage::of(case) {
            self.remove(keys::board(s, case.no));
            self.add(keys::board_count(s), -1)?;
        }
        if let Some(p) = provider_key(case) {
            self.remove(keys::provider_case(keys::PROVIDER_OPEN, p, case.no));
            self.remove(client_key(p, case));
        }
        self.index_report(rules, Some(case), None)?;
        self.index_supervision(Some(case), None);
        if case.status.is_undecided() {
            self.remove(keys::status(case.status, case.no));
        }
        self.remove(keys::case(case.no));
        Ok(())
    }

    /// Keeps the provider indexes: open cases (for load) and every case
    /// with its applicant's name (for the conflict rule).
    fn index_provider(&mut self, old: Option<&Case>, new: &Case) {
        let entries = |c: &Case| -> Vec<(Vec<u8>, Vec<u8>)> {
            let Some(p) = provider_key(c) else {
                return Vec::new();
            };
            let mut out = vec![(client_key(p, c), c.applicant.name.as_bytes().to_vec())];
            if matches!(c.status, Status::Assigned | Status::Concluded) {
                out.push((
                    keys::provider_case(keys::PROVIDER_OPEN, p, c.no),
                    Vec::new(),
                ));
            }
            out
        };
        let before = old.map(entries).unwrap_or_default();
        let after = entries(new);
        for (k, _) in before.iter().filter(|e| !after.contains(e)) {
            if !after.iter().any(|(a, _)| a == k) {
                self.remove(k.clone());
            }
        }
        for (k, v) in after.iter().filter(|e| !before.contains(e)) {
            match self.run.as_mut() {
                Some(run)
                    if old.is_none()
                        && k[0] == keys::PROVIDER_CLIENT
                        && k.len() <= runs::MAX_ENTRY =>
                {
                    run.push(k.clone())
                }
                _ => self.put(k.clone(), v.clone()),
            }
        }
    }

    /// Adds `delta` to a counter.
    fn add(&mut self, key: Vec<u8>, delta: i64) -> Result<()> {
        let n = self.get_u64(&key)?.saturating_add_signed(delta);
        self.put(key, n.to_be_bytes().to_vec());
        Ok(())
    }

    /// Stages an imported case with its history (or a creation event).
    fn add_case(
        &mut self,
        actor: &Actor,
        rules: &Rules,
        via: &str,
        no: CaseNo,
        vc: ValidCase,
    ) -> Result<()> {
        let mut case = vc.case;
        case.no = no;
        case.revision = 1;
        self.station_of(actor, &mut case)?;
        if vc.history.is_empty() {
            self.append_event(actor, Some(no), Change::Created { via: via.into() })?;
        } else {
            for e in vc.history {
                self.restore_event(e.at, &e.who, Some(no), e.change)?;
            }
        }
        self.save_case(rules, None, &case)
    }

    /// The counters this batch has staged (the event sequence, the board
    /// and report counts) and the workstations it made, for a batch staged
    /// before this one is applied.
    fn counters(&self) -> Result<BTreeMap<Vec<u8>, Option<Vec<u8>>>> {
        Ok(self
            .pending
            .iter()
            .filter(|(k, _)| {
                k.as_slice() == keys::META_EVENT_SEQ
                    || k.first() == Some(&keys::COUNT)
                    || k.first() == Some(&keys::STATION)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    fn append_event(&mut self, actor: &Actor, case: Option<CaseNo>, change: Change) -> Result<()> {
        if actor.op.is_some() {
            self.op = actor.op;
        }
        self.restore_event(actor.at, &actor.user, case, change)
    }

    /// Records the command's id with its result, in the command's batch;
    /// refuses a command whose id was committed already (a retry racing
    /// the first attempt), so that nothing is done twice.
    fn commit_op<T: Serialize>(&mut self, out: &T) -> Result<()> {
        if let Some(op) = self.op {
            if self.db.contains_key(keys::op(&op))? {
                return Err(StoreError::AlreadyDone);
            }
            self.put(keys::op(&op), codec::encode(out));
        }
        Ok(())
    }

    fn restore_event(
        &mut self,
        at: DateTime<FixedOffset>,
        who: &str,
        case: Option<CaseNo>,
        change: Change,
    ) -> Result<()> {
        let seq = self.get_u64(keys::META_EVENT_SEQ)? + 1;
        self.put(keys::META_EVENT_SEQ.to_vec(), seq.to_be_bytes().to_vec());
        let event = Event {
            seq,
            at,
            who: who.to_string(),
            case,
            change,
        };
        self.put(keys::event(seq), codec::encode(&event));
        if let Some(no) = case {
            // Events are never removed, so a run's history entry never goes stale.
            match self.run.as_mut() {
                Some(run) => run.push(keys::history(no, seq)),
                None => self.put(keys::history(no, seq), Vec::new()),
            }
        }
        Ok(())
    }

    /// Writes a case and keeps its status and due indexes in step.
    fn save_case(&mut self, rules: &Rules, old: Option<&Case>, new: &Case) -> Result<()> {
        // Only the index entries that differ are written, so that a change
        // costs the same however many deadlines a case has.
        let before = old.map(|o| rules.deadlines(o)).unwrap_or_default();
        let after = rules.deadlines(new);
        for d in before.iter().filter(|d| !after.contains(d)) {
            self.remove(keys::due(&due_key(new.no, d)));
        }
        for d in after.iter().filter(|d| !before.contains(d)) {
            self.put(keys::due(&due_key(new.no, d)), codec::encode(&d.uncovered));
        }
        let old_keys = old.map(search::case_keys).unwrap_or_default();
        let new_keys = search::case_keys(new);
        for k in old_keys.difference(&new_keys) {
            self.remove(k.clone());
        }
        for k in new_keys.difference(&old_keys) {
            match self.run.as_mut() {
                Some(run) if old.is_none() && k.len() <= runs::MAX_ENTRY => run.push(k.clone()),
                _ => self.put(k.clone(), Vec::new()),
            }
        }
        let old_stage = old.and_then(Stage::of);
        let new_stage = Stage::of(new);
        if old_stage != new_stage || old.is_some_and(|o| o.no != new.no) {
            if let Some(s) = old_stage {
                self.remove(keys::board(s, new.no));
                self.add(keys::board_count(s), -1)?;
            }
            if let Some(s) = new_stage {
                self.put(keys::board(s, new.no), Vec::new());
                self.add(keys::board_count(s), 1)?;
            }
        }
        self.index_provider(old, new);
        self.index_report(rules, old, Some(new))?;
        self.index_supervision(old, Some(new));
        // The status index holds the undecided cases only (the intake
        // queue); the board index has the granted ones.
        if let Some(old) = old
            && old.status != new.status
            && old.status.is_undecided()
        {
            self.remove(keys::status(old.status, old.no));
        }
        if old.is_none_or(|o| o.status != new.status) && new.status.is_undecided() {
            self.put(keys::status(new.status, new.no), Vec::new());
        }
        self.put(keys::case(new.no), codec::encode(new));
        Ok(())
    }
}

/// The provider a case is with: the id of its last assignment, or else
/// the provider named on an imported case.
pub fn provider_key(case: &Case) -> Option<&str> {
    crate::domain::case::provider_of(case)
}

/// The provider-client index key of a case.
fn client_key(provider: &str, case: &Case) -> Vec<u8> {
    let name = crate::domain::provider::name_key(&case.applicant.name);
    keys::provider_client(provider, &name, case.no)
}

fn bad_counter() -> StoreError {
    StoreError::Sled("a counter in the store is damaged".into())
}

fn due_key(case: CaseNo, d: &Deadline) -> DueKey {
    DueKey {
        due: d.due,
        case,
        kind: d.kind,
        sub: d.sub,
    }
}

impl Store {
    /// Opens (creating if needed, owner-only) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        create_private_dir(dir)?;
        recovered::set_aside_leftovers(dir)?;
        let config = sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(64 * 1024 * 1024);
        // A store just closed (a server that stepped aside, a restart) may
        // hold its lock a moment longer while sled's threads finish.
        let patience = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let db = loop {
            match config.open() {
                Ok(db) => break db,
                Err(e) => match open_error(dir, e) {
                    StoreError::InUse(_) if std::time::Instant::now() < patience => {
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    other => return Err(other),
                },
            }
        };
        let store = Store {
            db,
            path: dir.to_path_buf(),
            write_lock: Mutex::new(()),
            runs_lock: Default::default(),
            commit: GroupCommit::default(),
            rules: Default::default(),
            failed: Default::default(),
        };
        // The rules first: an upgrade may compute with them.
        store.reload_rules()?;
        store.check_format()?;
        store.finish_interrupted_import()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first result of a committed command, by the client's id for it.
    pub fn committed(&self, op: &keys::OpId) -> Result<Option<Vec<u8>>> {
        Ok(self.db.get(keys::op(op))?.map(|v| v.to_vec()))
    }

    fn damaged(&self, detail: &str) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            detail: detail.to_string(),
        }
    }

    fn get<T: codec::Stored>(&self, key: &[u8]) -> Result<Option<T>> {
        match self.db.get(key)? {
            Some(v) => Ok(Some(codec::decode(&v)?)),
            None => Ok(None),
        }
    }

    /// Runs a command: `f` stages its writes; they are applied atomically
    /// and flushed to disk before this returns.
    fn write<T: Serialize>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        self.room_for(0)?;
        let out = {
            let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
            self.finish_interrupted_import()?;
            let mut tx = Tx::new(&self.db);
            let out = f(&mut tx)?;
            tx.commit_op(&out)?;
            self.apply(tx)?;
            out
        };
        self.make_durable()?;
        Ok(out)
    }

    /// Refuses a change, before anything is written, when the disk would
    /// fill up under it: sled cannot take back a batch it could not write,
    /// and is not usable afterwards. `cases`: how many an import adds.
    fn room_for(&self, cases: usize) -> Result<()> {
        const MB: u64 = 1024 * 1024;
        let needed = MIN_FREE + cases as u64 * BYTES_PER_CASE;
        let Some(free) = free_bytes(&self.path) else {
            return Ok(());
        };
        if free < needed {
            return Err(StoreError::DiskFull {
                path: self.path.clone(),
                free_mb: free / MB,
                needed_mb: needed.div_ceil(MB),
            });
        }
        Ok(())
    }

    /// Whether a write failed under the store: its server should stop so
    /// that a fresh one opens the store again.
    pub fn failed(&self) -> bool {
        self.failed.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Applies a command's staged writes as one atomic batch (the caller
    /// holds the write lock).
    fn apply(&self, tx: Tx<'_>) -> Result<()> {
        let mut batch = sled::Batch::default();
        for (k, v) in tx.pending {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        self.db.apply_batch(batch).inspect_err(|_| {
            self.failed.store(true, std::sync::atomic::Ordering::SeqCst);
        })?;
        Ok(())
    }

    /// Returns once everything applied so far is on disk.
    fn make_durable(&self) -> Result<()> {
        let lock = || self.commit.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut state = lock();
        state.applied += 1;
        let ticket = state.applied;
        loop {
            if state.durable >= ticket {
                return Ok(());
            }
            if state.flushing {
                state = self
                    .commit
                    .flushed
                    .wait(state)
                    .unwrap_or_else(|p| p.into_inner());
                continue;
            }
            state.flushing = true;
            let upto = state.applied;
            drop(state);
            let result = self.db.flush();
            state = lock();
            state.flushing = false;
            match &result {
                Ok(_) => state.durable = state.durable.max(upto),
                Err(_) => self.failed.store(true, std::sync::atomic::Ordering::SeqCst),
            }
            self.commit.flushed.notify_all();
            result?;
        }
    }

    fn rules(&self) -> Result<std::sync::Arc<Rules>> {
        Ok(self.rules.read().unwrap_or_else(|p| p.into_inner()).clone())
    }

    fn reload_rules(&self) -> Result<()> {
        let rules = Rules {
            policy: self.get(keys::META_POLICY)?.unwrap_or_default(),
            calendar: self
                .get(keys::META_CALENDAR)?
                .unwrap_or_else(Calendar::builtin),
        };
        *self.rules.write().unwrap_or_else(|p| p.into_inner()) = std::sync::Arc::new(rules);
        Ok(())
    }

    // ----- queries -----

    pub fn policy(&self) -> Result<Policy> {
        Ok(self.rules()?.policy.clone())
    }

    pub fn calendar(&self) -> Result<Calendar> {
        Ok(self.rules()?.calendar.clone())
    }

    pub fn case(&self, no: CaseNo) -> Result<Option<Case>> {
        self.get(&keys::case(no))
    }

    /// The case's events, oldest first.
    pub fn history(&self, no: CaseNo) -> Result<Vec<Event>> {
        let mut events = Vec::new();
        for item in self.index_keys(&keys::history_prefix(no))? {
            let (k, _) = item?;
            let seq = keys::event_seq_of_history_key(&k).ok_or_else(|| self.damaged("history"))?;
            let event = self
                .get(&keys::event(seq))?
                .ok_or_else(|| self.damaged("an event is missing"))?;
            events.push(event);
        }
        Ok(events)
    }

    /// Every case in case-number order (for export).
    pub fn cases(&self) -> impl Iterator<Item = Result<Case>> + '_ {
        self.db.scan_prefix([keys::CASE]).map(|item| {
            let (_, v) = item?;
            Ok(codec::decode(&v)?)
        })
    }

    /// Up to `limit` cases after `after`, in case-number order (paging).
    pub fn cases_after(&self, after: Option<CaseNo>, limit: usize) -> Result<Vec<Case>> {
        let start = match after {
            Some(no) => {
                let mut k = keys::case(no);
                k.push(0);
                k
            }
            None => vec![keys::CASE],
        };
        self.db
            .range(start..vec![keys::CASE + 1])
            .take(limit)
            .map(|item| {
                let (_, v) = item?;
                Ok(codec::decode(&v)?)
            })
            .collect()
    }

    /// The sequence number of the newest event (0 for a new store).
    pub fn last_event_seq(&self) -> Result<u64> {
        Ok(match self.db.get(keys::META_EVENT_SEQ)? {
            Some(v) => u64::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?),
            None => 0,
        })
    }

    /// Events after `seq`, oldest first, at most `limit`.
    pub fn events_after(&self, seq: u64, limit: usize) -> Result<Vec<Event>> {
        self.db
            .range(keys::event(seq + 1)..vec![keys::EVENT + 1])
            .take(limit)
            .map(|item| {
                let (_, v) = item?;
                Ok(codec::decode(&v)?)
            })
            .collect()
    }

    /// Every event in store order.
    pub fn events(&self) -> impl Iterator<Item = Result<Event>> + '_ {
        self.db.scan_prefix([keys::EVENT]).map(|item| {
            let (_, v) = item?;
            Ok(codec::decode(&v)?)
        })
    }

    /// Writes everything sled holds in memory to disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }
}

/// Creates the store directory readable by its owner only (a center that
/// shares a store makes it group-accessible itself: see docs/server.md).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    let io = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io)?;
    }
    Ok(())
}

fn open_error(dir: &Path, e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
            StoreError::InUse(dir.to_path_buf())
        }
        sled::Error::Io(source) => StoreError::Io {
            path: dir.to_path_buf(),
            source,
        },
        sled::Error::Corruption { .. } => StoreError::Damaged {
            path: dir.to_path_buf(),
            detail: "sled found corrupted data".into(),
        },
        other => StoreError::Damaged {
            path: dir.to_path_buf(),
            detail: other.to_string(),
        },
    }
}
