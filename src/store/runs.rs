//! Index runs: the index entries of a bulk import, kept as sorted blocks.
//!
//! sled spends ~10 µs on every key it inserts, and a case has a dozen
//! index keys (eight or nine of them for search), so an import that gave
//! each entry its own key ran at a quarter of the speed asked. A bulk
//! import instead writes the entries that only grow (search `N`, history
//! `H`, provider clients `Q`) as one *run*: sorted and packed into blocks
//! of about 16 KB, each block a sled value keyed by its first entry. A
//! lookup reads the live keys (kept exact by every command) and, in every
//! run, the blocks that can hold its prefix, merged in key order. The
//! indexes that change with every step (status, due, board, open cases)
//! stay live keys.
//!
//! Runs are never rewritten by later commands. A case changed after its
//! import gets its new entries as live keys; a run may still hold old
//! search and client entries, so the store checks such a hit against the
//! case before using it (history entries never go stale: events stay).
//! Runs are merged (newest two while the older is at most twice the size)
//! so that a store holds about log2(imports) of them.
//!
//! Key: `G`, run id u32, the block's first entry. Value: a version byte,
//! then each entry as a u16 big-endian length and its bytes. Entries are
//! whole index keys (`N…`, `H…`, `Q…`, each ending in the case number or,
//! for history, the event sequence).

use serde::{Deserialize, Serialize};

use super::error::{Result, StoreError};
use super::keys;
use crate::codec::Stored;

/// Imports of this many cases or more put their index entries in a run.
pub const MIN_CASES: usize = 1_000;
/// Longer keys (a name of thousands of characters) go to the live index.
pub const MAX_ENTRY: usize = u16::MAX as usize;
const BLOCK_BYTES: usize = 16 * 1024;
const BLOCK_VERSION: u8 = 1;

/// One run, as listed in the meta record `Mruns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub id: u32,
    pub entries: u64,
}

/// The runs of a store, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Runs(pub Vec<Run>);

impl Stored for Runs {}

impl Runs {
    pub fn next_id(&self) -> u32 {
        self.0.iter().map(|r| r.id).max().map_or(1, |m| m + 1)
    }

    /// The two newest runs, when they are due to be merged.
    pub fn due_for_merge(&self) -> Option<(Run, Run)> {
        match self.0.as_slice() {
            [.., older, newer] if older.entries <= 2 * newer.entries => {
                Some((older.clone(), newer.clone()))
            }
            _ => None,
        }
    }
}

fn run_prefix(id: u32) -> Vec<u8> {
    let mut k = vec![keys::RUN];
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// The first key after every block of run `id`.
fn run_end(id: u32) -> Vec<u8> {
    match id.checked_add(1) {
        Some(next) => run_prefix(next),
        None => vec![keys::RUN + 1],
    }
}

fn block_key(id: u32, first: &[u8]) -> Vec<u8> {
    let mut k = run_prefix(id);
    k.extend_from_slice(first);
    k
}

/// The `(key, value)` pairs of a run's blocks, to write.
pub type Blocks = Vec<(Vec<u8>, Vec<u8>)>;

/// Packs sorted, distinct entries (each at most MAX_ENTRY bytes) into
/// blocks as they come.
struct Packer {
    id: u32,
    out: Blocks,
    first: Option<Vec<u8>>,
    block: Vec<u8>,
    entries: u64,
}

impl Packer {
    fn new(id: u32) -> Packer {
        Packer {
            id,
            out: Vec::new(),
            first: None,
            block: vec![BLOCK_VERSION],
            entries: 0,
        }
    }

    fn push(&mut self, e: &[u8]) {
        debug_assert!(e.len() <= MAX_ENTRY);
        self.block
            .extend_from_slice(&(e.len() as u16).to_be_bytes());
        self.block.extend_from_slice(e);
        self.entries += 1;
        if self.first.is_none() {
            self.first = Some(e.to_vec());
        }
        if self.block.len() >= BLOCK_BYTES {
            self.seal();
        }
    }

    fn seal(&mut self) {
        if let Some(first) = self.first.take() {
            let block = std::mem::replace(&mut self.block, vec![BLOCK_VERSION]);
            self.out.push((block_key(self.id, &first), block));
        }
    }

    /// The `(key, value)` pairs to write, and how many entries they hold.
    fn finish(mut self) -> (Blocks, u64) {
        self.seal();
        (self.out, self.entries)
    }
}

/// Packs sorted, distinct entries into blocks: `(key, value)` pairs to write.
pub fn blocks(id: u32, entries: impl IntoIterator<Item = Vec<u8>>) -> Blocks {
    let mut p = Packer::new(id);
    for e in entries {
        p.push(&e);
    }
    p.finish().0
}

/// The blocks of run `id` holding the entries of runs `a` and `b`, read a
/// block at a time (a merge never holds both runs' entries as values),
/// and how many entries it holds.
pub fn merge(db: &sled::Db, a: u32, b: u32, id: u32) -> Result<(Blocks, u64)> {
    use std::cmp::Ordering;
    let (mut xs, mut ys) = (Scan::new(db, a, &[])?, Scan::new(db, b, &[])?);
    let (mut x, mut y) = (xs.next().transpose()?, ys.next().transpose()?);
    let mut p = Packer::new(id);
    loop {
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(l), Some(r)) => l.cmp(r),
        };
        if order == Ordering::Greater {
            if let Some(e) = y.take() {
                p.push(&e);
            }
            y = ys.next().transpose()?;
            continue;
        }
        if let Some(e) = x.take() {
            p.push(&e);
        }
        x = xs.next().transpose()?;
        if order == Ordering::Equal {
            y = ys.next().transpose()?;
        }
    }
    Ok(p.finish())
}

fn damaged() -> StoreError {
    StoreError::Sled(
        "an index run block in the store is damaged; restore the store from a backup".into(),
    )
}

/// The entry at `offset` of a block and the offset after it.
fn entry_at(block: &[u8], offset: usize) -> Result<(&[u8], usize)> {
    let len = block
        .get(offset..offset + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
        .ok_or_else(damaged)?;
    let end = offset + 2 + len;
    Ok((block.get(offset + 2..end).ok_or_else(damaged)?, end))
}

/// The keys of every block of a run (to delete it).
pub fn block_keys(db: &sled::Db, id: u32) -> Result<Vec<Vec<u8>>> {
    db.scan_prefix(run_prefix(id))
        .map(|item| Ok(item?.0.to_vec()))
        .collect()
}

/// The entries of a run that start with `prefix`, in order: the scan
/// starts at the last block whose first entry is not after the prefix.
pub struct Scan {
    blocks: sled::Iter,
    prefix: Vec<u8>,
    /// The block being read and the offset of its next entry; entries
    /// are read in place, and only those that match are copied.
    block: Option<(sled::IVec, usize)>,
    done: bool,
}

impl Scan {
    pub fn new(db: &sled::Db, id: u32, prefix: &[u8]) -> Result<Scan> {
        let start = match db.range(run_prefix(id)..=block_key(id, prefix)).next_back() {
            Some(item) => item?.0.to_vec(),
            None => run_prefix(id),
        };
        Ok(Scan {
            blocks: db.range(start..run_end(id)),
            prefix: prefix.to_vec(),
            block: None,
            done: false,
        })
    }

    /// The next entry at or after the prefix, or None at the end of the run.
    fn next_entry(&mut self) -> Result<Option<Vec<u8>>> {
        loop {
            if let Some((block, offset)) = &mut self.block {
                if *offset < block.len() {
                    let (entry, next) = entry_at(block, *offset)?;
                    *offset = next;
                    if entry >= self.prefix.as_slice() {
                        return Ok(Some(entry.to_vec()));
                    }
                    continue;
                }
                self.block = None;
            }
            match self.blocks.next() {
                None => return Ok(None),
                Some(item) => {
                    let (_, v) = item?;
                    if v.first() != Some(&BLOCK_VERSION) {
                        return Err(damaged());
                    }
                    self.block = Some((v, 1));
                }
            }
        }
    }
}

impl Iterator for Scan {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Result<Vec<u8>>> {
        if self.done {
            return None;
        }
        let next = self.next_entry();
        if !matches!(&next, Ok(Some(e)) if e.starts_with(&self.prefix)) {
            self.done = true;
        }
        match next {
            Ok(Some(e)) if e.starts_with(&self.prefix) => Some(Ok(e)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

type Source = std::iter::Peekable<Box<dyn Iterator<Item = Result<Vec<u8>>>>>;

/// The search keys starting with `prefix` in the live index and in every
/// run, in key order, each once, with whether it came from a run only
/// (such a hit may be out of date and is checked against its case).
///
/// It holds a read guard on the run list: a merge, which deletes the
/// blocks of the runs it merges, waits until no reader is between reading
/// the list and reading the blocks. Never hold two at once.
pub struct Merged<'a> {
    _list: std::sync::RwLockReadGuard<'a, ()>,
    live: Source,
    runs: Vec<Source>,
}

impl<'a> Merged<'a> {
    pub fn new(
        guard: std::sync::RwLockReadGuard<'a, ()>,
        db: &sled::Db,
        list: &Runs,
        prefix: &[u8],
    ) -> Result<Merged<'a>> {
        let live: Box<dyn Iterator<Item = Result<Vec<u8>>>> = Box::new(
            db.scan_prefix(prefix)
                .map(|item| Ok(item.map_err(StoreError::from)?.0.to_vec())),
        );
        let mut runs = Vec::with_capacity(list.0.len());
        for run in &list.0 {
            let scan: Box<dyn Iterator<Item = Result<Vec<u8>>>> =
                Box::new(Scan::new(db, run.id, prefix)?);
            runs.push(scan.peekable());
        }
        Ok(Merged {
            _list: guard,
            live: live.peekable(),
            runs,
        })
    }
}

impl Iterator for Merged<'_> {
    type Item = Result<(Vec<u8>, bool)>;

    fn next(&mut self) -> Option<Self::Item> {
        // The smallest head among the sources; an error ends the scan.
        let mut least: Option<Vec<u8>> = None;
        for source in std::iter::once(&mut self.live).chain(self.runs.iter_mut()) {
            match source.peek() {
                Some(Err(_)) => return source.next().map(|r| r.map(|e| (e, false))),
                Some(Ok(e)) if least.as_ref().is_none_or(|l| e < l) => least = Some(e.clone()),
                _ => {}
            }
        }
        let least = least?;
        let mut in_live = false;
        if self
            .live
            .next_if(|e| e.as_ref().is_ok_and(|e| *e == least))
            .is_some()
        {
            in_live = true;
        }
        for source in &mut self.runs {
            source.next_if(|e| e.as_ref().is_ok_and(|e| *e == least));
        }
        Some(Ok((least, !in_live)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: u32) -> Vec<u8> {
        let mut e = vec![keys::SEARCH, b'n'];
        e.extend_from_slice(format!("name{:06}", i).as_bytes());
        e.push(0);
        e.extend_from_slice(&[0x07, 0xea, 0, 0, 0, 1]);
        e
    }

    fn store_with(entries: &[Vec<u8>]) -> sled::Db {
        let db = sled::Config::new().temporary(true).open().expect("temp db");
        for (k, v) in blocks(7, entries.iter().cloned()) {
            db.insert(k, v).expect("insert");
        }
        db
    }

    fn scan(db: &sled::Db, prefix: &[u8]) -> Vec<Vec<u8>> {
        Scan::new(db, 7, prefix)
            .expect("scan")
            .collect::<Result<_>>()
            .expect("entries")
    }

    #[test]
    fn a_prefix_finds_exactly_its_entries_across_blocks() {
        let all: Vec<Vec<u8>> = (0..5_000).map(entry).collect();
        let db = store_with(&all);
        assert!(
            block_keys(&db, 7).expect("blocks").len() > 5,
            "several blocks"
        );
        let mut p = vec![keys::SEARCH, b'n'];
        p.extend_from_slice(b"name001");
        let want: Vec<_> = all.iter().filter(|e| e.starts_with(&p)).cloned().collect();
        assert_eq!(want.len(), 1_000);
        assert_eq!(scan(&db, &p), want);
        assert_eq!(scan(&db, &[keys::SEARCH]), all);
        assert!(scan(&db, b"Nz").is_empty());
        assert!(scan(&db, &[keys::SEARCH, b'a']).is_empty());
        // Another run's blocks are not read.
        assert!(Scan::new(&db, 8, &p).expect("scan").next().is_none());
    }

    #[test]
    fn a_merge_holds_the_union_of_both_runs_once_and_in_order() {
        let db = sled::Config::new().temporary(true).open().expect("temp db");
        let evens: Vec<Vec<u8>> = (0..3_000).step_by(2).map(entry).collect();
        let some: Vec<Vec<u8>> = (0..3_000).filter(|i| i % 3 == 0).map(entry).collect();
        for (id, entries) in [(1, &evens), (2, &some)] {
            for (k, v) in blocks(id, entries.iter().cloned()) {
                db.insert(k, v).expect("insert");
            }
        }
        let (merged, n) = merge(&db, 1, 2, 3).expect("merge");
        for (k, v) in merged {
            db.insert(k, v).expect("insert");
        }
        let want: Vec<Vec<u8>> = (0..3_000)
            .filter(|i| i % 2 == 0 || i % 3 == 0)
            .map(entry)
            .collect();
        assert_eq!(n, want.len() as u64);
        let got: Vec<Vec<u8>> = Scan::new(&db, 3, &[])
            .expect("scan")
            .collect::<Result<_>>()
            .expect("entries");
        assert_eq!(got, want);
    }

    #[test]
    fn the_newest_runs_merge_while_the_older_is_at_most_twice_as_big() {
        let runs = |sizes: &[u64]| {
            Runs(
                sizes
                    .iter()
                    .enumerate()
                    .map(|(i, &entries)| Run {
                        id: i as u32 + 1,
                        entries,
                    })
                    .collect(),
            )
        };
        assert!(runs(&[10]).due_for_merge().is_none());
        assert!(runs(&[30, 10]).due_for_merge().is_none());
        let (a, b) = runs(&[100, 20, 10]).due_for_merge().expect("due");
        assert_eq!((a.id, b.id), (2, 3));
        assert_eq!(runs(&[5, 9]).next_id(), 3);
        assert_eq!(Runs::default().next_id(), 1);
    }
}
