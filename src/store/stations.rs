//! Workstations: records by id. A new case names its workstation by id or
//! by name and is saved naming it by id; a name that no record has becomes
//! a new record (host `other`) in the batch that adds the case, so that
//! every workstation a case names is one.

use crate::domain::case::Case;
use crate::domain::station::{Host, Station, ValidStation};

use super::*;

impl Store {
    /// Every workstation, by id.
    pub fn stations(&self) -> Result<Vec<Station>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix([keys::STATION]) {
            let (_, v) = item?;
            out.push(codec::decode(&v)?);
        }
        Ok(out)
    }

    /// Adds or replaces workstations, all or nothing.
    pub fn set_stations(&self, actor: &Actor, items: Vec<ValidStation>) -> Result<()> {
        self.write(|tx| {
            if actor.op.is_some() {
                tx.op = actor.op;
            }
            for v in items {
                let s = Station {
                    id: v.id,
                    name: v.name,
                    host: v.host,
                    staffed: v.staffed,
                    active: v.active,
                    by: actor.user.clone(),
                    at: actor.at,
                };
                tx.put(keys::station(&s.id), codec::encode(&s));
            }
            Ok(())
        })
    }

    /// Upgrades a version 9 store: a case that names its workstation by
    /// name names it by the record's id (layout 10 ends with the tables'
    /// recount, `index_reports`).
    pub(super) fn name_stations_by_id(&self) -> Result<()> {
        let ids: std::collections::HashMap<String, String> = self
            .stations()?
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        self.upgrade_cases(|case, batch| {
            if let Some(id) = case.station.as_ref().and_then(|n| ids.get(n)) {
                let mut case = case.clone();
                case.station = Some(id.clone());
                batch.insert(keys::case(case.no), codec::encode(&case));
            }
        })
    }

    /// Upgrades a version 8 store: each workstation its cases name becomes
    /// a record (host `other`), as a new case's would.
    pub(super) fn index_stations(&self) -> Result<()> {
        let actor = Actor {
            user: "docket".into(),
            at: chrono::Utc::now().fixed_offset(),
            op: None,
        };
        let mut names = std::collections::BTreeSet::new();
        self.upgrade_cases(|case, _| {
            if let Some(n) = &case.station {
                names.insert(n.clone());
            }
        })?;
        let mut tx = Tx::new(&self.db);
        for name in names {
            tx.ensure_station(&actor, &name)?;
        }
        tx.put(keys::META_FORMAT.to_vec(), 9u32.to_be_bytes().to_vec());
        self.apply(tx)?;
        self.db.flush()?;
        Ok(())
    }
}

impl Tx<'_> {
    /// The id of the workstation a case names (by id or by name), made a
    /// record when no record has that id or name.
    pub(super) fn ensure_station(&mut self, actor: &Actor, name: &str) -> Result<String> {
        if self.stations.is_none() {
            let mut known = std::collections::HashMap::new();
            let mut add = |s: Station| {
                known.insert(s.name, s.id.clone());
                known.insert(s.id.clone(), s.id);
            };
            for item in self.db.scan_prefix([keys::STATION]) {
                let (_, v) = item?;
                add(codec::decode(&v)?);
            }
            // Made by a batch of this import not yet applied.
            let staged = vec![keys::STATION]..vec![keys::STATION + 1];
            for v in self.pending.range(staged).filter_map(|(_, v)| v.as_ref()) {
                add(codec::decode(v)?);
            }
            self.stations = Some(known);
        }
        let known = self.stations.take().unwrap_or_default();
        if let Some(id) = known.get(name) {
            let id = id.clone();
            self.stations = Some(known);
            return Ok(id);
        }
        let mut n = known.len() as u64 / 2 + 1;
        let id = loop {
            let id = format!("ST-{n:03}");
            if !known.contains_key(&id) && self.get(&keys::station(&id))?.is_none() {
                break id;
            }
            n += 1;
        };
        self.stations = Some(known);
        let s = Station {
            id: id.clone(),
            name: name.to_string(),
            host: Host::Other,
            staffed: false,
            active: true,
            by: actor.user.clone(),
            at: actor.at,
        };
        self.put(keys::station(&id), codec::encode(&s));
        if let Some(known) = self.stations.as_mut() {
            known.insert(id.clone(), id.clone());
            known.insert(name.to_string(), id.clone());
        }
        Ok(id)
    }

    /// A new case names its workstation by the record's id: the one whose
    /// id or name it gave, or a new record.
    pub(super) fn station_of(&mut self, actor: &Actor, case: &mut Case) -> Result<()> {
        if let Some(name) = case.station.take() {
            case.station = Some(self.ensure_station(actor, &name)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{Channel, Kind, Matter};
    use crate::domain::record::ValidCase;

    #[test]
    fn a_version_8_store_makes_records_of_the_workstations_its_cases_name() {
        let tmp = tempfile::TempDir::new().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        {
            let store = Store::open(tmp.path()).unwrap();
            let mut case = Case::received(
                crate::domain::case::CaseNo::new(0, 0),
                day,
                Kind::Civil,
                Matter::Wages,
                Channel::Workstation,
            );
            case.applicant.name = "周一".into();
            case.station = Some("车站路社区工作站".into());
            let actor = Actor {
                user: "t".into(),
                at: chrono::Utc::now().fixed_offset(),
                op: None,
            };
            let vc = ValidCase {
                no: None,
                case,
                history: Vec::new(),
            };
            store.import(&actor, vec![vc], "test").unwrap();
            // As layout 8 left it: the case names its workstation as typed,
            // and there are no workstation records.
            let mut batch = sled::Batch::default();
            let mut old = store.cases().next().unwrap().unwrap();
            assert_eq!(old.station.as_deref(), Some("ST-001"), "by id");
            old.station = Some("车站路社区工作站".into());
            batch.insert(keys::case(old.no), codec::encode(&old));
            for item in store.db.scan_prefix([keys::STATION]) {
                batch.remove(item.unwrap().0);
            }
            batch.insert(keys::META_FORMAT, &8u32.to_be_bytes());
            store.db.apply_batch(batch).unwrap();
            store.flush().unwrap();
            assert!(!store.verify().unwrap().is_empty());
        }
        let store = Store::open(tmp.path()).unwrap();
        let stations = store.stations().unwrap();
        assert_eq!(stations.len(), 1);
        assert_eq!(stations[0].name, "车站路社区工作站");
        assert_eq!(stations[0].host, Host::Other);
        let case = store.cases().next().unwrap().unwrap();
        assert_eq!(case.station.as_ref(), Some(&stations[0].id), "by id");
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }
}

#[cfg(test)]
mod batches {
    use super::*;
    use crate::domain::codes::{Channel, Kind, Matter};
    use crate::domain::record::ValidCase;

    /// An import of several batches naming new workstations in each: one
    /// record per name, ids never given twice (a batch sees the records the
    /// batches before it staged and did not yet apply).
    #[test]
    fn an_import_of_many_batches_gives_each_new_workstation_one_id() {
        let tmp = tempfile::TempDir::new().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let n = IMPORT_CHUNK * 2 + 10;
        let cases: Vec<ValidCase> = (0..n)
            .map(|i| {
                let mut case = Case::received(
                    crate::domain::case::CaseNo::new(0, 0),
                    day,
                    Kind::Civil,
                    Matter::Wages,
                    Channel::Workstation,
                );
                case.applicant.name = "周一".into();
                // A new name every 1,000 cases, in every batch.
                case.station = Some(format!("工作站{}", i / 1_000));
                ValidCase {
                    no: None,
                    case,
                    history: Vec::new(),
                }
            })
            .collect();
        let actor = Actor {
            user: "t".into(),
            at: chrono::Utc::now().fixed_offset(),
            op: None,
        };
        store.import(&actor, cases, "test").unwrap();
        let stations = store.stations().unwrap();
        let names: std::collections::BTreeSet<_> = stations.iter().map(|s| &s.name).collect();
        let ids: std::collections::BTreeSet<_> = stations.iter().map(|s| &s.id).collect();
        assert_eq!(names.len(), n.div_ceil(1_000));
        assert_eq!(stations.len(), names.len());
        assert_eq!(ids.len(), stations.len());
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }
}
