//! Upgrading a store of an older layout, step by step, on open.

use crate::domain::case::Case;
use crate::domain::codes::Status;
use crate::domain::stage::Stage;

use super::*;

impl Store {
    pub(super) fn check_format(&self) -> Result<()> {
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
                if found < 5 {
                    self.reindex_new_readings()?;
                }
                if found < 6 {
                    self.add_to_archive_column()?;
                }
                if found < 7 {
                    self.index_given_names()?;
                }
                if found < 9 {
                    self.index_stations()?;
                }
                if found < 10 {
                    self.name_stations_by_id()?;
                    self.index_reports(10)?;
                }
                if found < 11 {
                    self.upgrade_supervision()?;
                    self.index_reports(11)?;
                }
                Ok(())
            }
        }
    }

    /// Upgrades a version 1 store: builds the search, board and provider
    /// indexes of every case, in batches, then the board counters, then records the
    /// new format (a crash part-way simply redoes it at the next open).
    pub(super) fn add_indexes_v2(&self) -> Result<()> {
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
    pub(super) fn upgrade_cases(&self, mut add: impl FnMut(&Case, &mut sled::Batch)) -> Result<()> {
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
    pub(super) fn rebuild_provider_clients(&self) -> Result<()> {
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
    pub(super) fn drop_decided_status_keys(&self) -> Result<()> {
        let mut batch = sled::Batch::default();
        for status in Status::ALL.iter().filter(|s| !s.is_undecided()) {
            for item in self.db.scan_prefix(keys::status_prefix(*status)) {
                batch.remove(item?.0);
            }
        }
        batch.insert(keys::META_FORMAT, &4u32.to_be_bytes());
        self.db.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
    }

    /// Upgrades a version 5 store: the board gained the column of files
    /// reviewed and not yet archived, with its counter.
    pub(super) fn add_to_archive_column(&self) -> Result<()> {
        let mut count = 0u64;
        self.upgrade_cases(|case, batch| {
            if Stage::of(case) == Some(Stage::ToArchive) {
                batch.insert(keys::board(Stage::ToArchive, case.no), Vec::<u8>::new());
                count += 1;
            }
        })?;
        let mut batch = sled::Batch::default();
        batch.insert(keys::board_count(Stage::ToArchive), &count.to_be_bytes());
        batch.insert(keys::META_FORMAT, &6u32.to_be_bytes());
        self.db.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
    }

    /// Upgrades a version 6 store: each applicant's given name (志强 of
    /// 王志强) gets its search key, so that a search by it finds them.
    pub(super) fn index_given_names(&self) -> Result<()> {
        self.upgrade_cases(|case, batch| {
            if let Some(k) = search::given_key(case) {
                batch.insert(k, Vec::<u8>::new());
            }
        })?;
        self.db.insert(keys::META_FORMAT, &7u32.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// Upgrades a version 4 store: names with a character whose reading
    /// came with version 5 (a surname read yùn, a character the pinyin data
    /// lacks) get today's search keys, and lose the live keys the old
    /// readings gave them. Entries in index runs are left: a run hit counts
    /// only when the case still has it.
    pub(super) fn reindex_new_readings(&self) -> Result<()> {
        use crate::domain::search::{ADDED_IN_LAYOUT_5, Readings};
        let touched = |case: &Case| {
            let mut names =
                std::iter::once(case.applicant.name.as_str()).chain(case.adverse_party.as_deref());
            names.any(|n| n.chars().any(|c| ADDED_IN_LAYOUT_5.contains(&c)))
        };
        self.upgrade_cases(|case, batch| {
            if !touched(case) {
                return;
            }
            let now = search::case_keys(case);
            for old in search::case_keys_as_of(case, Readings::Layout4) {
                if !now.contains(&old) {
                    batch.remove(old);
                }
            }
            for k in now {
                batch.insert(k, Vec::<u8>::new());
            }
        })?;
        self.db.insert(keys::META_FORMAT, &5u32.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{Channel, Kind, Matter};
    use crate::domain::record::ValidCase;
    use crate::domain::search::Readings;

    fn actor() -> Actor {
        Actor {
            user: "t".into(),
            at: chrono::Utc::now().fixed_offset(),
            op: None,
        }
    }

    #[test]
    fn a_version_4_store_gets_the_new_readings_and_loses_the_old_keys() {
        let tmp = tempfile::TempDir::new().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let no = {
            let store = Store::open(tmp.path()).unwrap();
            let mut case = Case::received(
                CaseNo::new(0, 0),
                day,
                Kind::Civil,
                Matter::Wages,
                Channel::WalkIn,
            );
            case.applicant.name = "\u{20BB7}天春".into();
            case.adverse_party = Some("贠建华".into());
            let vc = ValidCase {
                no: None,
                case,
                history: Vec::new(),
            };
            let no = store.import(&actor(), vec![vc], "test").unwrap()[0];
            // As version 4 indexed it: the old readings' keys.
            let case = store.case(no).unwrap().unwrap();
            let mut batch = sled::Batch::default();
            for k in search::case_keys(&case) {
                batch.remove(k);
            }
            for k in search::case_keys_as_of(&case, Readings::Layout4) {
                batch.insert(k, Vec::<u8>::new());
            }
            batch.insert(keys::META_FORMAT, &4u32.to_be_bytes());
            store.db.apply_batch(batch).unwrap();
            store.flush().unwrap();
            assert!(!store.verify().unwrap().is_empty(), "out of date before");
            no
        };
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
        let found = |q: &str| store.find(q, 10).unwrap().iter().any(|h| h.case.no == no);
        assert!(found("jitianchun"));
        assert!(!found("tianchun"), "the old key is gone");
        let adverse = store.find("yunjianhua", 10).unwrap();
        assert!(adverse.iter().any(|h| h.case.no == no));
    }
}
