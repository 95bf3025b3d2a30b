//! `docket check`: every index recomputed from the records and compared.

use crate::domain::codes::Status;
use crate::domain::stage::Stage;

use super::*;

impl Store {
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
        let mut want_supervise = BTreeSet::new();
        let mut board_counts = [0u64; Stage::ALL.len()];
        let providers: std::collections::HashMap<String, String> = self
            .providers()?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        for case in self.cases() {
            let case = case?;
            problems.extend(disagreements(&case, &providers));
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
            for (list, day) in crate::domain::supervision::entries(&case) {
                want_supervise.insert(keys::supervise(list as u8, day, case.no));
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
        self.verify_reports(&mut problems)?;
        let stations = self.stations()?;
        let mut unnamed = std::collections::BTreeSet::new();
        for case in self.cases() {
            let case = case?;
            if let Some(n) = &case.station
                && !stations.iter().any(|s| &s.id == n)
            {
                unnamed.insert(n.clone());
            }
        }
        for n in unnamed {
            problems.push(format!(
                "the workstation \"{n}\" named by cases has no record"
            ));
        }
        for item in self.db.scan_prefix([keys::CONSULT]) {
            let (_, v) = item?;
            let c: crate::domain::consult::Consultation = codec::decode(&v)?;
            if let Some(no) = c.case
                && !self.db.contains_key(keys::case(no))?
            {
                problems.push(format!(
                    "consultation {} names application {no}, which is not in the store",
                    c.id
                ));
            }
        }
        if have(keys::DUE)? != want_due {
            problems.push("the due index disagrees with the cases".into());
        }
        if have(keys::SUPERVISE)? != want_supervise {
            problems.push("the supervision lists disagree with the cases".into());
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
}

/// Where a case's fields owned by a step disagree with the steps: a
/// provider other than the last one assigned (changed without the
/// reassignment Law Art. 55 asks for), a status without its step's date.
fn disagreements(
    case: &crate::domain::case::Case,
    providers: &std::collections::HashMap<String, String>,
) -> Vec<String> {
    let no = case.no;
    let mut out = Vec::new();
    if let Some(last) = case.handling.assignments.last() {
        // Shown as "name（organization）" when assigned by docket, or as the
        // id in imported data; a provider docket has no record of cannot
        // be told apart, unless it names another provider's id.
        let agrees = case.provider.as_deref().is_some_and(|p| {
            p == last.provider
                || match providers.get(&last.provider) {
                    Some(name) => !name.is_empty() && p.starts_with(name.as_str()),
                    None => !providers.contains_key(p),
                }
        });
        if !agrees {
            out.push(format!(
                "case {no}: the provider is {}, but the last assignment (on {}) is to {}; a provider changes only by a reassignment with its reason (Law Art. 55)",
                case.provider.as_deref().unwrap_or("none"),
                last.on,
                last.provider
            ));
        }
    }
    for step in case.steps.missing_for(case.status) {
        out.push(format!(
            "case {no} is {} but has no {step} date",
            case.status
        ));
    }
    if matches!(case.status, Status::Assigned | Status::Concluded) && case.provider.is_none() {
        out.push(format!("case {no} is {} but has no provider", case.status));
    }
    out
}
