//! A demo case's life: each step simulated and kept if reached by today,
//! its outcome, and the matter's own dates (hearing, limitation, appeal).

use super::*;

impl Generator {
    // --- the case's life --------------------------------------------------

    /// Simulates every step and keeps those reached by today. Normal lags
    /// meet the deadlines of domain.md (decision 7 days, assignment 3,
    /// agreement 5, objection 5, file 30 + 30); late ones miss them.
    pub(super) fn life(
        &mut self,
        kind: Kind,
        matter: Matter,
        channel: Channel,
        received: NaiveDate,
    ) -> Life {
        let today = self.today;
        let near = received >= self.near_from;
        let notified = channel == Channel::Notified;
        let mut l = Life::new();

        // Review, with a request for missing documents now and then.
        let mut ready = received;
        if !notified && self.chance(0.3) {
            let requested = self.after(received, (0, 1), None);
            if requested > today {
                return l;
            }
            let due = self.after(requested, (7, 14), None);
            l.documents_requested = Some(requested);
            l.documents_due = Some(due);
            l.status = Status::AwaitingDocuments;
            if self.chance(0.12) {
                // Never supplied: deemed withdrawn once the due date has passed.
                let late = self.late(near, (4, 8));
                if self.after(due, (1, 1), late) <= today {
                    l.status = Status::Withdrawn;
                }
                return l;
            }
            let late = self.late(near, (15, 20));
            let got = self.after(requested, (1, 3), late);
            if got > today {
                return l;
            }
            l.documents_received = Some(got);
            l.status = Status::Received;
            ready = got;
        }
        if !notified && self.chance(0.02) {
            if self.after(ready, (0, 3), None) <= today {
                l.status = Status::Withdrawn;
            }
            return l;
        }

        // Decision.
        let lag = match (notified, l.documents_received.is_some()) {
            (true, _) => (0, 1),
            (false, true) => (0, 2),
            (false, false) => (1, 5),
        };
        let late = self.late(near, (9, 14));
        let decided = self.after(ready, lag, late);
        if decided > today {
            return l;
        }
        // A notification is not decided: aid is due from the day it came
        // (Law Art. 25, 36), and the case waits as received for its
        // lawyer. The day drawn stays the base of the assignment.
        if !notified {
            l.decided = Some(decided);
        }
        let p_deny = match (notified, kind) {
            (true, _) => 0.0,
            (false, Kind::Criminal) => 0.05,
            (false, _) => 0.07,
        };
        if self.chance(p_deny) {
            l.status = Status::Denied;
            if self.chance(0.15) {
                let filed = self.after(decided, (2, 10), None);
                if filed <= today {
                    l.objection_filed = Some(filed);
                    let late = self.late(near, (7, 10));
                    let answered = self.after(filed, (1, 4), late);
                    l.objection_decided = (answered <= today).then_some(answered);
                }
            }
            return l;
        }
        if !notified {
            l.status = Status::Granted;
        }

        // Assignment and agreement.
        let lag = if notified { (0, 1) } else { (0, 2) };
        let late = self.late(near, (5, 8));
        let assigned = self.after(decided, lag, late);
        if assigned > today {
            return l;
        }
        l.assigned = Some(assigned);
        l.status = Status::Assigned;
        let late = self.late(near, (8, 12));
        let signed = self.after(assigned, (1, 4), late);
        l.agreement_signed = (signed <= today).then_some(signed);

        // Handling: ends in termination now and then, otherwise in a conclusion.
        if self.chance(0.03) {
            let ended = self.after(assigned, (14, 60), None);
            if ended <= today {
                l.agreement_signed = Some(signed);
                l.status = Status::Terminated;
                l.outcome = Some(self.pick(TERMINATIONS));
            }
            return l;
        }
        let (lo, hi) = match kind {
            Kind::Criminal => (10, 100),
            Kind::LaborArbitration | Kind::NonLitigation => (15, 80),
            _ => (20, 200),
        };
        let handling = self.skewed(lo, hi);
        let concluded = self.after(assigned, (handling, handling), None);
        if concluded > today {
            return l;
        }
        l.agreement_signed = Some(signed);
        l.concluded = Some(concluded);
        l.status = Status::Concluded;
        l.outcome = Some(self.outcome(kind, matter));

        // The file: submitted, reviewed (subsidy paid), archived.
        let late = self.late(near, (32, 40));
        let submitted = self.after(concluded, (3, 25), late);
        if submitted > today {
            return l;
        }
        l.file_submitted = Some(submitted);
        let late = self.late(near, (32, 40));
        let reviewed = self.after(submitted, (2, 20), late);
        if reviewed > today {
            return l;
        }
        l.file_reviewed = Some(reviewed);
        let archived = self.after(reviewed, (0, 3), None);
        if archived <= today {
            l.archived = Some(archived);
            l.status = Status::Archived;
        }
        l
    }

    pub(super) fn outcome(&mut self, kind: Kind, matter: Matter) -> &'static str {
        let table = match (kind, matter) {
            (_, Matter::Victim) => CRIMINAL_AGENCY_OUTCOMES,
            (_, Matter::CompulsoryTreatment) => COMPULSORY_OUTCOMES,
            (_, Matter::Incapacity) => NON_LITIGATION_OUTCOMES,
            (Kind::Criminal, _) => CRIMINAL_DEFENSE_OUTCOMES,
            (Kind::Civil, _) => CIVIL_OUTCOMES,
            (Kind::LaborArbitration, _) => ARBITRATION_OUTCOMES,
            (Kind::Administrative | Kind::StateCompensation, _) => ADMINISTRATIVE_OUTCOMES,
            (Kind::NonLitigation | Kind::Notarization | Kind::Forensic, _) => {
                NON_LITIGATION_OUTCOMES
            }
            (Kind::Petition, _) => CIVIL_OUTCOMES,
        };
        self.pick(table)
    }

    // --- the matter's own dates --------------------------------------------

    pub(super) fn deadlines(&mut self, kind: Kind, life: &Life) -> Vec<DeadlineRecord> {
        let mut out = Vec::new();
        let civil_like = matches!(
            kind,
            Kind::Civil | Kind::LaborArbitration | Kind::Administrative
        );
        if !civil_like {
            return out;
        }
        let today = self.today;
        if life.status == Status::Archived {
            // Now and then a hearing held while the case was open.
            if let (Some(a), Some(c)) = (life.assigned, life.concluded)
                && self.chance(0.05)
            {
                let span = (c - a).num_days().max(0) as u64;
                let held = a + Days::new(self.rng.random_range(0..=span));
                out.push(done(held, hearing(kind)));
            }
            return out;
        }
        if life.status.is_closed() || !self.chance(0.2) {
            return out;
        }
        // An open deadline ahead of today, a few of them within 7 days.
        let ahead = if self.chance(self.p_soon) {
            self.rng.random_range(1..=6)
        } else {
            self.skewed(7, 150)
        };
        let (label, ahead) = match life.status {
            Status::Concluded => ("上诉期届满", ahead.min(15)),
            Status::Assigned => (hearing(kind), ahead),
            _ => (limitation(kind), ahead),
        };
        // A hearing already held, before the next one.
        if let Some(a) = life.assigned
            && life.status == Status::Assigned
            && (today - a).num_days() > 10
            && self.chance(0.3)
        {
            let span = ((today - a).num_days() - 1).max(1) as u64;
            let held = a + Days::new(self.rng.random_range(1..=span));
            out.push(done(held, "庭前调解"));
        }
        out.push(DeadlineRecord {
            date: ymd(today + Days::new(u64::from(ahead))),
            label: label.to_string(),
            id: None,
            done: None,
        });
        out
    }
}

pub(super) fn hearing(kind: Kind) -> &'static str {
    match kind {
        Kind::LaborArbitration => "仲裁开庭",
        _ => "开庭",
    }
}

pub(super) fn limitation(kind: Kind) -> &'static str {
    match kind {
        Kind::LaborArbitration => "仲裁时效届满",
        Kind::Administrative => "起诉期限届满",
        _ => "诉讼时效届满",
    }
}

pub(super) fn done(date: NaiveDate, label: &str) -> DeadlineRecord {
    DeadlineRecord {
        date: ymd(date),
        label: label.to_string(),
        id: None,
        done: Some(ymd(date)),
    }
}
