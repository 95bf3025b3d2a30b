//! Lookups by name, number and party: search, the duplicate and conflict
//! checks, over live index keys and index runs.

use crate::domain::case::{Case, CaseNo};

use super::*;

impl Store {
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
                    rank: crate::domain::search::Rank::Exact,
                    field: None,
                })
                .into_iter()
                .collect());
        }
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // A case number's sequence alone ("940"): that case of each year,
        // the newest year first; the digits are searched as usual after.
        if let Some(seq) = crate::domain::search::case_sequence(query) {
            let mut years: Vec<u16> = Vec::new();
            for item in self.db.scan_prefix([keys::YEAR_SEQ]) {
                let (k, _) = item?;
                if let [_, hi, lo] = k.as_ref() {
                    years.push(u16::from_be_bytes([*hi, *lo]));
                }
            }
            years.sort_unstable_by(|a, b| b.cmp(a));
            for year in years {
                if hits.len() >= limit {
                    break;
                }
                if let Some(case) = self.case(CaseNo::new(year, seq))? {
                    seen.insert(case.no);
                    hits.push(Hit {
                        case,
                        rank: crate::domain::search::Rank::Exact,
                        field: None,
                    });
                }
            }
        }
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
    pub(super) fn index_keys(&self, prefix: &[u8]) -> Result<runs::Merged<'_>> {
        let guard = self.runs_lock.read().unwrap_or_else(|p| p.into_inner());
        // The list is read under the guard, so its blocks stay until it drops.
        let list = self.runs()?;
        runs::Merged::new(guard, &self.db, &list, prefix)
    }

    /// Up to `limit` cases whose index key starts with `prefix` and is
    /// still theirs, in key order.
    pub(super) fn current_cases(&self, prefix: &[u8], limit: usize) -> Result<Vec<Case>> {
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
    pub(super) fn case_of_key(&self, key: &[u8], from_run: bool) -> Result<Option<Case>> {
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
        use crate::domain::search::Field;
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

    /// Possible conflicts of interest, both ways: earlier cases whose
    /// applicant is this case's adverse party, and earlier cases whose
    /// adverse party is this case's applicant.
    pub fn possible_conflicts(
        &self,
        applicant: &str,
        adverse_party: Option<&str>,
    ) -> Result<Vec<CaseNo>> {
        let mut out = match adverse_party.filter(|p| !p.trim().is_empty()) {
            Some(party) => self.named(
                party,
                crate::domain::search::Field::Name,
                crate::domain::search::Field::Pinyin,
            )?,
            None => Vec::new(),
        };
        if !applicant.trim().is_empty() {
            for no in self.named(
                applicant,
                crate::domain::search::Field::Adverse,
                crate::domain::search::Field::AdversePinyin,
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
    pub(super) fn conflicts_of(&self, case: &Case) -> Result<Vec<CaseNo>> {
        let mut found =
            self.possible_conflicts(&case.applicant.name, case.adverse_party.as_deref())?;
        found.retain(|no| *no != case.no);
        Ok(found)
    }

    /// Cases with this name in one field (applicant or adverse party),
    /// exactly or by its most likely pinyin.
    pub(super) fn named(
        &self,
        name: &str,
        exact: crate::domain::search::Field,
        pinyin: crate::domain::search::Field,
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
}
