//! Consultations: numbered, dated by the server, kept by day; each counts
//! in its month's `consultations` cell in the same batch.

use chrono::NaiveDate;

use crate::domain::case::CaseNo;
use crate::domain::consult::{Consultation, ValidConsult};
use crate::domain::refusal::Why;
use crate::domain::report::{Column, Month};

use super::*;

impl Tx<'_> {
    /// Links a consultation to the application it became (in the batch
    /// that adds the case): refused when there is no such consultation or
    /// it became another case already.
    pub(super) fn link_consultation(&mut self, day: NaiveDate, id: u64, no: CaseNo) -> Result<()> {
        let key = keys::consult(day, id);
        let Some(v) = self.get(&key)? else {
            return Err(StoreError::Refusal(
                Why::NoSuchConsultation {
                    id: id.to_string(),
                    day,
                }
                .into(),
            ));
        };
        let mut c: Consultation = codec::decode(&v)?;
        if let Some(other) = c.case {
            return Err(StoreError::Refusal(
                Why::ConsultationLinked {
                    id: id.to_string(),
                    case: other,
                }
                .into(),
            ));
        }
        c.case = Some(no);
        self.put(key, codec::encode(&c));
        Ok(())
    }
}

impl Store {
    /// Records consultations (one from the app or the CLI, or an import,
    /// all or nothing); their ids.
    pub fn add_consultations(&self, actor: &Actor, items: Vec<ValidConsult>) -> Result<Vec<u64>> {
        self.write(|tx| {
            if actor.op.is_some() {
                tx.op = actor.op;
            }
            let mut ids = Vec::with_capacity(items.len());
            let mut seq = tx.get_u64(keys::META_CONSULT_SEQ)?;
            for v in items {
                seq += 1;
                let c = Consultation {
                    id: seq,
                    on: v.on,
                    channel: v.channel,
                    topic: v.topic,
                    groups: v.groups,
                    note: v.note,
                    name: v.name,
                    phone: v.phone,
                    by: actor.user.clone(),
                    at: actor.at,
                    case: None,
                };
                tx.put(keys::consult(c.on, c.id), codec::encode(&c));
                tx.add(
                    keys::report_count(Month::of(c.on), None, Column::Consultations),
                    1,
                )?;
                ids.push(seq);
            }
            tx.put(keys::META_CONSULT_SEQ.to_vec(), seq.to_be_bytes().to_vec());
            Ok(ids)
        })
    }

    /// Consultations given from `from` to `to`, oldest first, at most `limit`.
    pub fn consultations(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Result<Vec<Consultation>> {
        let end = keys::consult_from(to.succ_opt().unwrap_or(to));
        let mut out = Vec::new();
        for item in self.db.range(keys::consult_from(from)..end).take(limit) {
            let (_, v) = item?;
            out.push(codec::decode(&v)?);
        }
        Ok(out)
    }

    /// Every consultation's month, for a recount.
    pub(super) fn consultation_months(&self) -> Result<Vec<Month>> {
        let mut out = Vec::new();
        for item in self.db.scan_prefix([keys::CONSULT]) {
            let (_, v) = item?;
            let c: Consultation = codec::decode(&v)?;
            out.push(Month::of(c.on));
        }
        Ok(out)
    }
}
