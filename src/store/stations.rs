//! Workstations: records by id. A case names its workstation as typed; a
//! name that no record has becomes a new record (host `other`) in the
//! batch that adds the case, so that every workstation a case names is one.

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
    /// The workstation a case names, made a record when no record has that
    /// id or name.
    pub(super) fn ensure_station(&mut self, actor: &Actor, name: &str) -> Result<()> {
        if self.get(&keys::station(name))?.is_some() {
            return Ok(());
        }
        let mut count = 0u64;
        for item in self.db.scan_prefix([keys::STATION]) {
            let (_, v) = item?;
            let s: Station = codec::decode(&v)?;
            if s.name == name {
                return Ok(());
            }
            count += 1;
        }
        // Records staged in this batch (an import naming a new one twice).
        for (k, v) in self
            .pending
            .range(vec![keys::STATION]..vec![keys::STATION + 1])
        {
            if let Some(v) = v {
                let s: Station = codec::decode(v)?;
                if s.name == name {
                    return Ok(());
                }
            }
            if !self.db.contains_key(k)? {
                count += 1;
            }
        }
        let mut n = count + 1;
        let id = loop {
            let id = format!("ST-{n:03}");
            if self.get(&keys::station(&id))?.is_none() {
                break id;
            }
            n += 1;
        };
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
        Ok(())
    }

    /// [`Tx::ensure_station`] for a new case's workstation, if it names one.
    pub(super) fn station_of(&mut self, actor: &Actor, case: &Case) -> Result<()> {
        match &case.station {
            Some(name) => self.ensure_station(actor, name),
            None => Ok(()),
        }
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
            // As layout 8 left it: no workstation records.
            let mut batch = sled::Batch::default();
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
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }
}
