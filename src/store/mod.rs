//! The case store: the only code that touches sled.
//!
//! Every change is a command: it reads what it needs, then appends its
//! events and updates the records and indexes in one atomic sled batch, and
//! flushes before it returns, so a command that returned survives kill -9.
//! Commands are serialized by a lock inside the process that owns the store.

pub mod codec;
pub mod error;
pub mod keys;
mod legacy;
mod procedure;
pub use procedure::Choice;
mod recovered;
pub use recovered::RECOVERED;
mod runs;
pub mod search;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseNo, MatterDeadline};
use crate::domain::codes::Status;
use crate::domain::deadlines::{self, Deadline};
use crate::domain::event::{Change, Event};
use crate::domain::policy::Policy;
use crate::domain::record::ValidCase;
use crate::domain::stage::Stage;

pub use error::{Result, StoreError};
pub use keys::DueKey;

/// The layout version of the store as a whole (keys and meta records).
/// 2: the search, board and provider indexes were added; a version 1 store
/// gets them on open. 3: provider clients are keyed by name; rebuilt on open.
/// 4: bulk imports keep their search keys in runs (`G` blocks, `Mruns`);
/// nothing to convert, but an older docket would not read the runs.
pub const STORE_FORMAT: u32 = 4;

/// Who makes a change, and when; and the client's id for the command, so
/// that a retry of a committed command is answered, not done twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub at: DateTime<FixedOffset>,
    pub op: Option<keys::OpId>,
}

/// Which part of a list to read: `limit` items from `offset`, or the page
/// that holds the case `around` when it is in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageWindow {
    pub offset: usize,
    pub limit: usize,
    pub around: Option<CaseNo>,
}

/// Cases `offset..offset + cases.len()` of a list of `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    pub offset: usize,
    pub total: usize,
    pub cases: Vec<Case>,
}

/// Deadlines `offset..` of the due list, each with its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuePage {
    pub offset: usize,
    pub total: usize,
    pub items: Vec<(DueEntry, Case)>,
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

/// A case found by a query, with how well it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub case: Case,
    pub rank: search::Rank,
    /// The index the hit came from (`None`: the case number).
    pub field: Option<search::Field>,
}

/// A deadline read from the due index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueEntry {
    pub key: DueKey,
    /// Calendar years the computation needed but the calendar lacks.
    pub uncovered: Vec<i32>,
}

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
}

impl<'a> Tx<'a> {
    fn new(db: &'a sled::Db) -> Tx<'a> {
        Tx {
            db,
            pending: BTreeMap::new(),
            run: None,
            op: None,
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
    /// counts), for a batch staged before this one is applied.
    fn counters(&self) -> BTreeMap<Vec<u8>, Option<Vec<u8>>> {
        self.pending
            .iter()
            .filter(|(k, _)| {
                k.as_slice() == keys::META_EVENT_SEQ || k.first() == Some(&keys::COUNT)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
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
    case.handling
        .assignments
        .last()
        .map(|a| a.provider.as_str())
        .or(case.provider.as_deref())
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
        store.check_format()?;
        store.reload_rules()?;
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

    fn check_format(&self) -> Result<()> {
        match self.db.get(keys::META_FORMAT)? {
            None => {
                self.db
                    .insert(keys::META_FORMAT, &STORE_FORMAT.to_be_bytes())?;
                self.db.flush()?;
                Ok(())
            }
            Some(v) => {
                let found = v
                    .as_ref()
                    .try_into()
                    .map(u32::from_be_bytes)
                    .map_err(|_| self.damaged("the format marker is unreadable"))?;
                if found > STORE_FORMAT {
                    return Err(StoreError::TooNew {
                        path: self.path.clone(),
                        found,
                        known: STORE_FORMAT,
                    });
                }
                // Each step records the version it reaches, so that a crash
                // part-way redoes only what is left at the next open.
                if found < 2 {
                    self.add_indexes_v2()?;
                } else if found < 3 {
                    self.rebuild_provider_clients()?;
                }
                if found < 4 {
                    self.drop_decided_status_keys()?;
                }
                Ok(())
            }
        }
    }

    /// Upgrades a version 1 store: builds the search, board and provider
    /// indexes of every case, in batches, then the board counters, then records the
    /// new format (a crash part-way simply redoes it at the next open).
    fn add_indexes_v2(&self) -> Result<()> {
        let mut counts = [0u64; Stage::ALL.len()];
        self.upgrade_cases(|case, batch| {
            for k in search::case_keys(case) {
                batch.insert(k, Vec::<u8>::new());
            }
            if let Some(stage) = Stage::of(case) {
                batch.insert(keys::board(stage, case.no), Vec::<u8>::new());
                counts[stage.index()] += 1;
            }
            if let Some(p) = provider_key(case) {
                batch.insert(client_key(p, case), case.applicant.name.as_bytes());
                if matches!(case.status, Status::Assigned | Status::Concluded) {
                    batch.insert(
                        keys::provider_case(keys::PROVIDER_OPEN, p, case.no),
                        Vec::<u8>::new(),
                    );
                }
            }
        })?;
        for stage in Stage::ALL {
            self.db.insert(
                keys::board_count(stage),
                &counts[stage.index()].to_be_bytes(),
            )?;
        }
        self.db.insert(keys::META_FORMAT, &3u32.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// Stages `add`'s writes for every case, a batch per 10,000 cases (an
    /// upgrade on open; one cut short is done again at the next open).
    fn upgrade_cases(&self, mut add: impl FnMut(&Case, &mut sled::Batch)) -> Result<()> {
        let mut after = None;
        loop {
            let cases = self.cases_after(after, 10_000)?;
            let Some(last) = cases.last() else {
                return Ok(());
            };
            after = Some(last.no);
            let mut batch = sled::Batch::default();
            for case in &cases {
                add(case, &mut batch);
            }
            self.db.apply_batch(batch)?;
        }
    }

    /// Upgrades a version 2 store: the provider-client index is keyed by
    /// the client's name since version 3.
    fn rebuild_provider_clients(&self) -> Result<()> {
        let mut batch = sled::Batch::default();
        for item in self.db.scan_prefix([keys::PROVIDER_CLIENT]) {
            batch.remove(item?.0);
        }
        self.db.apply_batch(batch)?;
        self.upgrade_cases(|case, batch| {
            if let Some(p) = provider_key(case) {
                batch.insert(client_key(p, case), case.applicant.name.as_bytes());
            }
        })?;
        self.db.insert(keys::META_FORMAT, &3u32.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// Upgrades a version 3 store: since version 4 the status index holds
    /// only undecided cases.
    fn drop_decided_status_keys(&self) -> Result<()> {
        let mut batch = sled::Batch::default();
        for status in Status::ALL.iter().filter(|s| !s.is_undecided()) {
            for item in self.db.scan_prefix(keys::status_prefix(*status)) {
                batch.remove(item?.0);
            }
        }
        batch.insert(keys::META_FORMAT, &STORE_FORMAT.to_be_bytes());
        self.db.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
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

    /// Checks that the indexes agree with the records and the history is
    /// one gapless sequence; returns each disagreement found (a full scan:
    /// for tests and `docket check`, never for daily work).
    pub fn verify(&self) -> Result<Vec<String>> {
        use std::collections::BTreeSet;
        let rules = self.rules()?;
        let mut problems = Vec::new();
        let mut want_due = BTreeSet::new();
        let mut want_status = BTreeSet::new();
        let mut want_search = BTreeSet::new();
        let mut want_board = BTreeSet::new();
        let mut want_provider = BTreeSet::new();
        let mut board_counts = [0u64; Stage::ALL.len()];
        for case in self.cases() {
            let case = case?;
            if case.status.is_undecided() {
                want_status.insert(keys::status(case.status, case.no));
            }
            want_search.extend(search::case_keys(&case));
            if let Some(stage) = Stage::of(&case) {
                want_board.insert(keys::board(stage, case.no));
                board_counts[stage.index()] += 1;
            }
            if let Some(p) = provider_key(&case) {
                want_provider.insert(client_key(p, &case));
                if matches!(case.status, Status::Assigned | Status::Concluded) {
                    want_provider.insert(keys::provider_case(keys::PROVIDER_OPEN, p, case.no));
                }
            }
            for d in rules.deadlines(&case) {
                want_due.insert(keys::due(&due_key(case.no, &d)));
            }
            if self.history(case.no)?.is_empty() {
                problems.push(format!("case {} has no history", case.no));
            }
        }
        let have = |prefix: u8| -> Result<BTreeSet<Vec<u8>>> {
            self.db
                .scan_prefix([prefix])
                .map(|item| Ok(item?.0.to_vec()))
                .collect()
        };
        if have(keys::DUE)? != want_due {
            problems.push("the due index disagrees with the cases".into());
        }
        if have(keys::STATUS)? != want_status {
            problems.push("the status index disagrees with the cases".into());
        }
        // The live index holds only keys of the cases as they are; the runs
        // of bulk imports may also hold keys a later change replaced.
        let live = have(keys::SEARCH)?;
        let mut in_runs = BTreeSet::new();
        {
            let _list = self.runs_lock.read().unwrap_or_else(|p| p.into_inner());
            for run in self.runs()?.0 {
                for e in runs::Scan::new(&self.db, run.id, &[])? {
                    in_runs.insert(e?);
                }
            }
        }
        if !live.is_subset(&want_search)
            || want_search
                .iter()
                .any(|k| !live.contains(k) && !in_runs.contains(k))
        {
            problems.push("the search index disagrees with the cases".into());
        }
        if have(keys::BOARD)? != want_board {
            problems.push("the board index disagrees with the cases".into());
        }
        let (want_clients, want_open): (BTreeSet<_>, BTreeSet<_>) = want_provider
            .into_iter()
            .partition(|k| k[0] == keys::PROVIDER_CLIENT);
        let live_clients = have(keys::PROVIDER_CLIENT)?;
        if have(keys::PROVIDER_OPEN)? != want_open
            || !live_clients.is_subset(&want_clients)
            || want_clients
                .iter()
                .any(|k| !live_clients.contains(k) && !in_runs.contains(k))
        {
            problems.push("the provider indexes disagree with the cases".into());
        }
        for stage in Stage::ALL {
            if self.board_total(stage)? != board_counts[stage.index()] as usize {
                problems.push(format!("the {} counter is wrong", stage.code()));
            }
        }
        let mut expected = 1;
        for event in self.events() {
            let seq = event?.seq;
            if seq != expected {
                problems.push(format!("event {expected} is missing (found {seq})"));
            }
            expected = seq + 1;
        }
        if expected - 1 != self.last_event_seq()? {
            problems.push("the event counter disagrees with the events".into());
        }
        Ok(problems)
    }

    /// Cases matching a query (case number, name, pinyin, initials, ID number
    /// or phone, whole or last digits, adverse party), best first, at most
    /// `limit`. Each index range is read only as far as needed.
    pub fn find(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        use crate::domain::search::{QueryKind, classify};
        if let QueryKind::CaseNo(no) = classify(query) {
            return Ok(self
                .case(no)?
                .map(|case| Hit {
                    case,
                    rank: search::Rank::Exact,
                    field: None,
                })
                .into_iter()
                .collect());
        }
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for probe in search::probes(query) {
            if hits.len() >= limit {
                break;
            }
            for item in self.index_keys(&probe.prefix)? {
                let (k, from_run) = item?;
                let Some((no, exact)) = search::parse_hit(&k, probe.prefix.len()) else {
                    continue;
                };
                if probe.exact && !exact || seen.contains(&no) {
                    continue;
                }
                if let Some(case) = self.case_of_key(&k, from_run)? {
                    seen.insert(no);
                    hits.push(Hit {
                        case,
                        rank: probe.rank,
                        field: Some(probe.field),
                    });
                }
                if hits.len() >= limit {
                    break;
                }
            }
        }
        Ok(hits)
    }

    /// Index keys starting with `prefix`, from the live index and the
    /// runs, in key order, each with whether only a run holds it.
    fn index_keys(&self, prefix: &[u8]) -> Result<runs::Merged<'_>> {
        let guard = self.runs_lock.read().unwrap_or_else(|p| p.into_inner());
        // The list is read under the guard, so its blocks stay until it drops.
        let list = self.runs()?;
        runs::Merged::new(guard, &self.db, &list, prefix)
    }

    /// Up to `limit` cases whose index key starts with `prefix` and is
    /// still theirs, in key order.
    fn current_cases(&self, prefix: &[u8], limit: usize) -> Result<Vec<Case>> {
        let mut out = Vec::new();
        for item in self.index_keys(prefix)? {
            if out.len() >= limit {
                break;
            }
            let (k, from_run) = item?;
            if let Some(case) = self.case_of_key(&k, from_run)? {
                out.push(case);
            }
        }
        Ok(out)
    }

    /// The case a search or provider-client key points to. A key found
    /// only in a run counts only while the case still has it (the case may
    /// have changed since its import).
    fn case_of_key(&self, key: &[u8], from_run: bool) -> Result<Option<Case>> {
        let Some(no) = keys::case_no_of_case_key(&key[key.len().saturating_sub(7)..]) else {
            return Ok(None);
        };
        Ok(self.case(no)?.filter(|case| {
            !from_run
                || match key.first() {
                    Some(&keys::PROVIDER_CLIENT) => {
                        provider_key(case).is_some_and(|p| client_key(p, case) == key)
                    }
                    _ => search::case_keys(case).contains(key),
                }
        }))
    }

    /// Cases of the same person: the same ID number, the same phone, or the
    /// same name and birth date. Each with the reason.
    pub fn same_person(
        &self,
        applicant: &crate::domain::case::Applicant,
    ) -> Result<Vec<(CaseNo, &'static str)>> {
        use search::Field;
        let mut out: Vec<(CaseNo, &'static str)> = Vec::new();
        let mut probe = |field: Field, text: &str, why: &'static str| -> Result<()> {
            let prefix = search::exact_prefix(field, text);
            for case in self.current_cases(&prefix, 50)? {
                if !out.iter().any(|(n, _)| *n == case.no) {
                    out.push((case.no, why));
                }
            }
            Ok(())
        };
        if let Some(id) = &applicant.id_number {
            probe(Field::IdNumber, id.as_str(), "same ID number")?;
        }
        if let Some(p) = &applicant.phone {
            let d = crate::domain::search::digits(p);
            if !d.is_empty() {
                probe(Field::Phone, &d, "same phone")?;
            }
        }
        if let Some(birth) = applicant.birth_date {
            let name = crate::domain::search::name_keys(&applicant.name)
                .name
                .to_lowercase();
            let prefix = search::exact_prefix(Field::Name, &name);
            for case in self.current_cases(&prefix, 200)? {
                if !out.iter().any(|(n, _)| *n == case.no)
                    && case.applicant.birth_date == Some(birth)
                {
                    out.push((case.no, "same name and birth date"));
                }
            }
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

    /// Writes everything sled holds in memory to disk.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
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

    // ----- commands -----

    /// Imports validated cases: all of them or, on any error, none.
    /// Cases without a number get the next number of their received year.
    /// Every number is planned and checked before anything is written; a
    /// large import is written in batches under a journal, so that one cut
    /// short (a crash, a full disk) is undone, here or at the next open.
    pub fn import(&self, actor: &Actor, cases: Vec<ValidCase>, via: &str) -> Result<Vec<CaseNo>> {
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
                        // The command's id lands with its last batch.
                        tx.op = actor.op;
                        tx.commit_op(all)?;
                        Ok(())
                    })();
                    carried = tx.counters();
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
    fn runs(&self) -> Result<runs::Runs> {
        Ok(self.get(keys::META_RUNS)?.unwrap_or_default())
    }

    /// Stages a new run holding `entries` (index keys of new cases) and
    /// the list of runs with it added.
    fn stage_run(tx: &mut Tx<'_>, mut list: runs::Runs, id: u32, mut entries: Vec<Vec<u8>>) {
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
    fn merge_runs(&self) -> Result<()> {
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
    fn undo_import(&self, journal: &ImportJournal) -> Result<()> {
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
    fn finish_interrupted_import(&self) -> Result<()> {
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
    pub fn register(&self, actor: &Actor, vc: ValidCase, today: NaiveDate) -> Result<CaseNo> {
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
        let numbers = self.import(
            actor,
            vec![ValidCase {
                no: None,
                case,
                history: Vec::new(),
            }],
            "register",
        )?;
        numbers
            .first()
            .copied()
            .ok_or_else(|| StoreError::Refused("nothing was registered".into()))
    }

    /// Possible conflicts of interest, both ways: earlier cases whose
    /// applicant is this case's adverse party, and earlier cases whose
    /// adverse party is this case's applicant.
    pub fn possible_conflicts(
        &self,
        applicant: &str,
        adverse_party: Option<&str>,
    ) -> Result<Vec<CaseNo>> {
        let mut out = match adverse_party.filter(|p| !p.trim().is_empty()) {
            Some(party) => self.named(party, search::Field::Name, search::Field::Pinyin)?,
            None => Vec::new(),
        };
        if !applicant.trim().is_empty() {
            for no in self.named(
                applicant,
                search::Field::Adverse,
                search::Field::AdversePinyin,
            )? {
                if !out.contains(&no) {
                    out.push(no);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The conflicts of a stored case (itself left out).
    fn conflicts_of(&self, case: &Case) -> Result<Vec<CaseNo>> {
        let mut found =
            self.possible_conflicts(&case.applicant.name, case.adverse_party.as_deref())?;
        found.retain(|no| *no != case.no);
        Ok(found)
    }

    /// Cases with this name in one field (applicant or adverse party),
    /// exactly or by its most likely pinyin.
    fn named(
        &self,
        name: &str,
        exact: search::Field,
        pinyin: search::Field,
    ) -> Result<Vec<CaseNo>> {
        let keys = crate::domain::search::name_keys(name);
        let mut out = Vec::new();
        let mut probes = vec![search::exact_prefix(exact, &keys.name.to_lowercase())];
        if let Some(p) = keys.pinyin.first() {
            probes.push(search::exact_prefix(pinyin, p));
        }
        for prefix in probes {
            for case in self.current_cases(&prefix, 50)? {
                if !out.contains(&case.no) {
                    out.push(case.no);
                }
            }
        }
        Ok(out)
    }

    /// Withdraws an application (撤回) with the applicant's reason.
    pub fn withdraw(
        &self,
        actor: &Actor,
        no: CaseNo,
        expected: Option<u64>,
        reason: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let reason = crate::domain::text::clean(reason)
            .map_err(|e| StoreError::Refused(format!("the reason {e}")))?;
        if reason.is_empty() {
            return Err(StoreError::Refused(
                "a withdrawal needs the applicant's reason".into(),
            ));
        }
        self.change_case(actor, no, expected, |case| {
            if case.status.is_closed() || case.status == Status::Concluded {
                return Err(StoreError::Refused(format!(
                    "case {no} is {}: only an open case can be withdrawn",
                    case.status
                )));
            }
            let from = case.status;
            case.status = Status::Withdrawn;
            case.closing_reason = Some(reason.to_string());
            Ok((
                (),
                vec![
                    Change::Updated {
                        field: "status".into(),
                        from: Some(from.code().into()),
                        to: Some(Status::Withdrawn.code().into()),
                    },
                    Change::Updated {
                        field: "closing_reason".into(),
                        from: None,
                        to: Some(format!("{reason} ({on})")),
                    },
                ],
            ))
        })
    }

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
                .map_err(StoreError::Refused)?;
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
            .map_err(|e| StoreError::Refused(format!("the label {e}")))?;
        if label.is_empty() {
            return Err(StoreError::Refused("a deadline needs a label".into()));
        }
        use crate::domain::record::{EARLIEST, LATEST};
        if !(EARLIEST..=LATEST).contains(&date) {
            return Err(StoreError::Refused(format!(
                "{date} is outside {EARLIEST} to {LATEST}: a typing error?"
            )));
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
                return Err(StoreError::Refused(format!(
                    "deadline #{id} of case {no} was already done on {done}"
                )));
            }
            d.done = Some(on);
            Ok(((), vec![Change::DeadlineDone { id, on }]))
        })
    }

    /// Loads a case, lets `f` change it and say what changed, then saves it
    /// with its events and indexes in one command. With `expected`, a case
    /// changed since the caller read that revision is refused, naming who
    /// changed it and when: nothing is silently overwritten.
    fn change_case<T: Serialize>(
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
    fn replace_rules(
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
