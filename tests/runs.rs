//! Bulk imports keep their search, history and provider-client entries in
//! index runs (src/store/runs.rs): everything must be found exactly as if
//! each entry had its own key, also after the cases change.

mod support;

use docket::domain::case::{Case, CaseNo};
use docket::store::{Store, keys};
use support::library::{actor, demo, today};
use tempfile::TempDir;

/// Opens a store that a just-dropped handle may hold a moment longer
/// (sled's flusher thread lets go of the lock after the drop).
fn when_free<T, E: std::fmt::Display>(mut open: impl FnMut() -> Result<T, E>) -> T {
    let mut tries = 0;
    loop {
        match open() {
            Ok(v) => return v,
            Err(e) if tries >= 100 => panic!("the store stayed locked: {e}"),
            Err(_) => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    }
}

fn found(store: &Store, query: &str, no: CaseNo) -> bool {
    store
        .find(query, 10_000)
        .unwrap()
        .iter()
        .any(|h| h.case.no == no)
}

/// A bulk-imported case with an ID number, a phone and a provider.
fn sample(store: &Store) -> Case {
    store
        .cases()
        .map(|c| c.unwrap())
        .find(|c| {
            c.applicant.id_number.is_some()
                && c.applicant.phone.is_some()
                && docket::store::provider_key(c).is_some()
        })
        .expect("a demo case with ID, phone and provider")
}

#[test]
fn a_bulk_import_is_found_like_single_registrations() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.import(&actor(), demo(2_000, 3), "test").unwrap();
    assert_eq!(
        store.run_sizes().unwrap().len(),
        1,
        "one run for the import"
    );
    let case = sample(&store);
    let no = case.no;
    let id = case.applicant.id_number.clone().unwrap();
    let phone = case.applicant.phone.clone().unwrap();
    let name_keys = docket::domain::search::name_keys(&case.applicant.name);
    assert!(found(&store, &case.applicant.name, no), "by name");
    assert!(found(&store, &name_keys.pinyin[0], no), "by pinyin");
    assert!(found(&store, &name_keys.initials[0], no), "by initials");
    assert!(
        found(&store, &id.as_str()[14..], no),
        "by the ID's last digits"
    );
    assert!(found(&store, &phone, no), "by phone");
    // History and the provider-client index come from the run too.
    assert_eq!(store.history(no).unwrap().len(), 1);
    let provider = docket::store::provider_key(&case).unwrap().to_string();
    let clients = store
        .provider_clients(&provider, &case.applicant.name)
        .unwrap();
    assert!(
        clients
            .iter()
            .any(|(n, name)| *n == no && *name == case.applicant.name)
    );
    // Intake's duplicate check sees imported cases.
    let same = store.same_person(&case.applicant).unwrap();
    assert!(
        same.iter()
            .any(|(n, why)| *n == no && *why == "same ID number")
    );
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn a_case_changed_after_its_import_is_found_as_it_is_now() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.import(&actor(), demo(1_500, 4), "test").unwrap();
    let case = sample(&store);
    let no = case.no;
    let old_name = case.applicant.name.clone();
    store
        .correct(&actor(), no, None, "applicant.name", "欧阳娜娜", today())
        .unwrap();
    assert!(!found(&store, &old_name, no), "the old name is gone");
    assert!(found(&store, "欧阳娜娜", no), "the new name is found");
    assert!(found(&store, "ouyangnana", no), "and its pinyin");
    // What did not change is still found through the run.
    let id = case.applicant.id_number.clone().unwrap();
    assert!(found(&store, id.as_str(), no));
    // The conflict rule follows the client's current name.
    let provider = docket::store::provider_key(&case).unwrap().to_string();
    assert!(
        store
            .provider_clients(&provider, &old_name)
            .unwrap()
            .iter()
            .all(|(n, _)| *n != no)
    );
    assert!(
        store
            .provider_clients(&provider, "欧阳娜娜")
            .unwrap()
            .iter()
            .any(|(n, _)| *n == no)
    );
    // Both events, the import's and the correction, are in the history.
    assert_eq!(store.history(no).unwrap().len(), 2);
    // Back to the old name: found once, not twice.
    store
        .correct(&actor(), no, None, "applicant.name", &old_name, today())
        .unwrap();
    let hits = store.find(&old_name, 10_000).unwrap();
    assert_eq!(hits.iter().filter(|h| h.case.no == no).count(), 1);
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn runs_are_merged_so_that_a_store_keeps_few() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let all = demo(8_000, 5);
    let mut rest = all.into_iter();
    let mut most = 0;
    for _ in 0..8 {
        store
            .import(&actor(), rest.by_ref().take(1_000).collect(), "test")
            .unwrap();
        let sizes = store.run_sizes().unwrap();
        most = most.max(sizes.len());
        // Each run is more than twice the size of the next newer one.
        assert!(sizes.windows(2).all(|w| w[0] > 2 * w[1]), "{sizes:?}");
    }
    assert!(most <= 3, "at most log2(8) runs at a time, saw {most}");
    drop(store);
    let store = when_free(|| Store::open(tmp.path()));
    assert_eq!(store.cases().count(), 8_000);
    let case = sample(&store);
    assert!(found(&store, &case.applicant.name, case.no));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn a_small_import_writes_no_run() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.import(&actor(), demo(20, 6), "test").unwrap();
    assert!(store.run_sizes().unwrap().is_empty());
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

/// Stores of format 3 indexed every status; since 4 only undecided cases
/// are in the status index, and opening an old store drops the rest.
#[test]
fn a_format_3_store_loses_its_decided_status_keys_on_open() {
    let tmp = TempDir::new().unwrap();
    let archived = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(40, 7), "test").unwrap();
        store
            .cases()
            .map(|c| c.unwrap())
            .find(|c| c.status == docket::domain::codes::Status::Archived)
            .expect("an archived demo case")
            .no
    };
    {
        let db = when_free(|| sled::open(tmp.path().join("db")));
        db.insert(
            keys::status(docket::domain::codes::Status::Archived, archived),
            Vec::<u8>::new(),
        )
        .unwrap();
        db.insert(keys::META_FORMAT, &3u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let store = when_free(|| Store::open(tmp.path()));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn a_damaged_run_block_is_reported_not_panicked_on() {
    let tmp = TempDir::new().unwrap();
    let name = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(1_200, 8), "test").unwrap();
        sample(&store).applicant.name
    };
    {
        let db = when_free(|| sled::open(tmp.path().join("db")));
        let keys: Vec<_> = db
            .scan_prefix([keys::RUN])
            .map(|item| item.unwrap().0)
            .collect();
        assert!(!keys.is_empty());
        for k in keys {
            // A length that runs past the end of the block.
            db.insert(k, vec![1u8, 0xff, 0xff, b'N']).unwrap();
        }
        db.flush().unwrap();
    }
    let store = when_free(|| Store::open(tmp.path()));
    let err = store.find(&name, 10).unwrap_err().to_string();
    assert!(err.contains("damaged"), "{err}");
}

#[test]
fn a_very_long_name_stays_found_by_the_conflict_rule() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut cases = demo(1_000, 9);
    let i = cases
        .iter()
        .position(|vc| docket::store::provider_key(&vc.case).is_some())
        .expect("a demo case with a provider");
    // Index keys of over 64 KB cannot go into a run: they stay live keys.
    let long = "张".repeat(22_000);
    cases[i].case.applicant.name = long.clone();
    let provider = docket::store::provider_key(&cases[i].case)
        .unwrap()
        .to_string();
    let numbers = store.import(&actor(), cases, "test").unwrap();
    let clients = store.provider_clients(&provider, &long).unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].0, numbers[i]);
    assert!(found(&store, &long, numbers[i]));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
}

#[test]
fn lookups_during_merges_always_see_every_entry() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let mut rest = demo(9_000, 10).into_iter();
    let first = store
        .import(&actor(), rest.by_ref().take(1_000).collect(), "test")
        .unwrap()[0];
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut reads = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                assert_eq!(
                    store.history(first).unwrap().len(),
                    1,
                    "after {reads} reads"
                );
                reads += 1;
            }
            reads
        });
        // Eight more imports: runs merge again and again.
        for _ in 0..8 {
            store
                .import(&actor(), rest.by_ref().take(1_000).collect(), "test")
                .unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
    });
    assert!(store.run_sizes().unwrap().len() <= 4);
}

#[test]
fn a_format_5_store_gets_its_column_of_files_to_archive_on_open() {
    use docket::domain::stage::Stage;
    let tmp = TempDir::new().unwrap();
    let reviewed: Vec<_> = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(3_000, 11), "test").unwrap();
        store
            .cases()
            .map(|c| c.unwrap())
            .filter(|c| Stage::of(c) == Some(Stage::ToArchive))
            .map(|c| c.no)
            .collect()
    };
    assert!(!reviewed.is_empty(), "the demo has reviewed files");
    {
        // The store as version 5 left it: no such column, no counter.
        let db = when_free(|| sled::open(tmp.path().join("db")));
        for no in &reviewed {
            db.remove(keys::board(Stage::ToArchive, *no)).unwrap();
        }
        db.remove(keys::board_count(Stage::ToArchive)).unwrap();
        db.insert(keys::META_FORMAT, &5u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let store = when_free(|| Store::open(tmp.path()));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    let page = store
        .board_page(
            Stage::ToArchive,
            docket::api::views::PageWindow {
                offset: 0,
                limit: 1000,
                around: None,
            },
        )
        .unwrap();
    assert_eq!(page.total, reviewed.len());
}

/// Issue 16, 15: a store of layout 6 gets its applicants' given names
/// indexed on open, so that a search by one finds them.
#[test]
fn a_format_6_store_gets_its_given_names_indexed_on_open() {
    use docket::domain::search::{Field, given_name};
    let tmp = TempDir::new().unwrap();
    let someone = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(500, 12), "test").unwrap();
        store
            .cases()
            .map(|c| c.unwrap())
            .find(|c| given_name(&c.applicant.name).is_some_and(|g| g.chars().count() == 2))
            .expect("a demo applicant with a two-character given name")
    };
    {
        // The store as layout 6 left it: no given-name keys.
        let db = when_free(|| sled::open(tmp.path().join("db")));
        let given: Vec<_> = db
            .scan_prefix([keys::SEARCH, Field::Given.tag()])
            .map(|kv| kv.unwrap().0)
            .collect();
        assert!(!given.is_empty());
        for k in given {
            db.remove(k).unwrap();
        }
        db.insert(keys::META_FORMAT, &6u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let store = when_free(|| Store::open(tmp.path()));
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    let given = given_name(&someone.applicant.name).unwrap();
    let hits = store.find(&given, 50).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.case.no == someone.no && h.field == Some(Field::Given)),
        "{given} did not find {}",
        someone.applicant.name
    );
}
