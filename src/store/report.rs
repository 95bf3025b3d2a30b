//! The statistics behind the reports: a counter per (month, column), and
//! for each case the cells it counts in (the drill-down), both kept in the
//! same batch as every change of a case. A report adds up the counters of
//! its months: it never reads the cases.

use std::collections::BTreeMap;

use crate::domain::case::{Case, CaseNo};
use crate::domain::report::{self, Branch, Column, Counts, Month};
use crate::domain::tables::BranchCounts;

use super::*;

/// One cell a case counts in: its branch (None: the cells of every case),
/// its column and what it adds.
type Item = (Option<Branch>, Column, u64);

/// A case's cells as index entries: one per month it counts in, listing
/// its cells of that month.
type Entries = BTreeMap<Vec<u8>, Vec<Item>>;

fn entries(rules: &Rules, case: &Case) -> Entries {
    let mut out = Entries::new();
    for c in report::cells(case, &rules.policy, &rules.calendar) {
        out.entry(keys::report_case(c.month, case.no))
            .or_default()
            .push((c.branch, c.column, c.amount));
    }
    out
}

/// The counters a case's entries add to, with what each adds.
fn counter_adds(entries: &Entries) -> Result<Vec<(Vec<u8>, u64)>> {
    let mut out = Vec::new();
    for (k, cells) in entries {
        let (month, _) = keys::parse_report_case(k).ok_or_else(bad_counter)?;
        for (branch, column, n) in cells {
            out.push((keys::report_count(month, *branch, *column), *n));
        }
    }
    Ok(out)
}

impl Tx<'_> {
    /// Moves a case between the cells of the tables: what it counted in
    /// before (`old`) is taken out, what it counts in now (`new`) is added.
    pub(super) fn index_report(
        &mut self,
        rules: &Rules,
        old: Option<&Case>,
        new: Option<&Case>,
    ) -> Result<()> {
        let before = old.map(|c| entries(rules, c)).unwrap_or_default();
        let after = new.map(|c| entries(rules, c)).unwrap_or_default();
        let mut deltas: BTreeMap<Vec<u8>, i64> = BTreeMap::new();
        for (k, cells) in &before {
            if after.get(k) == Some(cells) {
                continue;
            }
            let (month, _) = keys::parse_report_case(k).ok_or_else(bad_counter)?;
            for (branch, column, n) in cells {
                *deltas
                    .entry(keys::report_count(month, *branch, *column))
                    .or_default() -= *n as i64;
            }
            if !after.contains_key(k) {
                self.remove(k.clone());
            }
        }
        for (k, cells) in &after {
            if before.get(k) == Some(cells) {
                continue;
            }
            let (month, _) = keys::parse_report_case(k).ok_or_else(bad_counter)?;
            for (branch, column, n) in cells {
                *deltas
                    .entry(keys::report_count(month, *branch, *column))
                    .or_default() += *n as i64;
            }
            self.put(k.clone(), keys::report_cells_value(cells));
        }
        for (key, d) in std::mem::take(&mut deltas) {
            if d != 0 {
                self.add(key, d)?;
            }
        }
        Ok(())
    }

    /// Counts every case again under `rules` (new rules date the
    /// deadlines differently): drops the tables' keys and adds each case.
    pub(super) fn recount_reports(&mut self, store: &Store, rules: &Rules) -> Result<()> {
        for prefix in [vec![keys::REPORT], vec![keys::COUNT, keys::REPORT]] {
            for item in store.db.scan_prefix(prefix) {
                self.remove(item?.0.to_vec());
            }
        }
        for case in store.cases() {
            self.index_report(rules, None, Some(&case?))?;
        }
        for m in store.consultation_months()? {
            self.add(keys::report_count(m, None, Column::Consultations), 1)?;
        }
        for (key, n) in store.other_payment_counts()? {
            self.add(key, n as i64)?;
        }
        Ok(())
    }
}

impl Store {
    /// Every counter of `months`, summed by (branch, column).
    fn report_sums(&self, months: &[Month]) -> Result<BTreeMap<(Option<Branch>, Column), u64>> {
        let mut out = BTreeMap::new();
        for m in months {
            for item in self.db.scan_prefix(keys::report_count_prefix(*m)) {
                let (k, v) = item?;
                let (_, branch, column) = keys::parse_report_count(&k).ok_or_else(bad_counter)?;
                let n = u64::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?);
                if n > 0 {
                    *out.entry((branch, column)).or_default() += n;
                }
            }
        }
        Ok(out)
    }

    /// The counts of each column of every case over `months`, read from
    /// the counters.
    pub fn report_counts(&self, months: &[Month]) -> Result<Counts> {
        Ok(self
            .report_sums(months)?
            .into_iter()
            .filter_map(|((b, c), n)| b.is_none().then_some((c, n)))
            .collect())
    }

    /// The counts of each branch's columns over `months` (tables T6–T9).
    pub fn report_branch_counts(&self, months: &[Month]) -> Result<BranchCounts> {
        let mut out = BranchCounts::new();
        for ((b, c), n) in self.report_sums(months)? {
            if let Some(b) = b {
                out.entry(b).or_default().insert(c, n);
            }
        }
        Ok(out)
    }

    /// The cases behind one cell over `months`, each once, in number order
    /// (reads the entries of the cases counted in those months).
    pub fn report_cases(
        &self,
        months: &[Month],
        branch: Option<Branch>,
        column: Column,
    ) -> Result<Vec<CaseNo>> {
        let mut out = std::collections::BTreeSet::new();
        for m in months {
            for item in self.db.scan_prefix(keys::report_month_prefix(*m)) {
                let (k, v) = item?;
                let (_, no) = keys::parse_report_case(&k).ok_or_else(bad_counter)?;
                let cells = keys::parse_report_cells(&v).ok_or_else(bad_counter)?;
                if cells
                    .iter()
                    .any(|(b, c, n)| *b == branch && *c == column && *n > 0)
                {
                    out.insert(no);
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Open deadlines whose day fell in `[from, until]` and has passed (a
    /// statutory deadline missed so far), or, with `statutory` false, any.
    pub fn open_due_between(
        &self,
        from: chrono::NaiveDate,
        until: chrono::NaiveDate,
        statutory: bool,
    ) -> Result<Vec<CaseNo>> {
        let mut out = Vec::new();
        for item in self
            .db
            .range(keys::due_after(from.pred_opt().unwrap_or(from))..keys::due_after(until))
        {
            let (k, _) = item?;
            let key = keys::parse_due(&k).ok_or_else(|| self.damaged("the due index"))?;
            if key.due < from {
                continue;
            }
            if !statutory || key.kind != crate::domain::deadlines::DeadlineKind::Matter {
                out.push(key.case);
            }
        }
        Ok(out)
    }

    /// A report's figures for `period`, as of `today`; with a column, the
    /// cases behind it too. Reads counters and index ranges only.
    pub fn report(
        &self,
        period: report::Period,
        cell: Option<(Option<Branch>, Column)>,
        today: chrono::NaiveDate,
    ) -> Result<report::Figures> {
        let policy = self.policy()?;
        let months = period.months(policy.half_year_from);
        let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
            return Err(StoreError::Sled("a period without months".into()));
        };
        let yesterday = today.pred_opt().unwrap_or(today);
        let missed_until = last.last_day().min(yesterday);
        let missed_open = if first.first_day() <= missed_until {
            self.open_due_between(first.first_day(), missed_until, true)?
        } else {
            Vec::new()
        };
        let overdue = self.open_due_between(chrono::NaiveDate::MIN, yesterday, false)?;
        let mut figures = report::figures(
            period,
            &policy,
            |m| self.report_counts(&[m]),
            missed_open.len() as u64,
            overdue.len() as u64,
        )?;
        if period.kind() != report::ReportKind::Monthly {
            let mut table = crate::domain::consult::Table::default();
            for c in self.consultations(first.first_day(), last.last_day(), usize::MAX)? {
                table.add(&c);
            }
            figures.consultations = Some(table);
        }
        if matches!(
            period.kind(),
            report::ReportKind::HalfYear | report::ReportKind::Yearly
        ) {
            figures.stations = Some(crate::domain::station::by_host(&self.stations()?));
            figures.branches = Some(self.report_branch_counts(&months)?);
            figures.funds = Some(self.funds_over(first.year, &months)?);
            figures.complaints = Some(self.complaint_table(first.first_day(), last.last_day())?);
        }
        if let report::Period::Quarter { year, quarter } = period {
            for q in 1..=quarter {
                let p = report::Period::Quarter { year, quarter: q };
                let f = if q == quarter {
                    figures.clone()
                } else {
                    self.report(p, None, today)?
                };
                figures.quarters.push(report::QuarterSheet::of(&f, q));
            }
        }
        figures.cases = match cell {
            None => None,
            Some((b, c)) => {
                let mut cases = self.report_cases(&months, b, c)?;
                if b.is_none() && c == Column::DeadlinesMissed {
                    cases.extend(missed_open);
                    cases.sort();
                    cases.dedup();
                }
                Some(cases)
            }
        };
        Ok(figures)
    }

    /// Whether the counters equal a recount of the cases (`docket check`).
    pub(super) fn verify_reports(&self, problems: &mut Vec<String>) -> Result<()> {
        let rules = self.rules()?;
        let mut want_cells = BTreeMap::new();
        let mut want_counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for case in self.cases() {
            let case = case?;
            let entries = entries(&rules, &case);
            for (key, n) in counter_adds(&entries)? {
                *want_counts.entry(key).or_default() += n;
            }
            for (k, cells) in entries {
                want_cells.insert(k, keys::report_cells_value(&cells));
            }
        }
        for m in self.consultation_months()? {
            *want_counts
                .entry(keys::report_count(m, None, Column::Consultations))
                .or_default() += 1;
        }
        for (key, n) in self.other_payment_counts()? {
            *want_counts.entry(key).or_default() += n;
        }
        let mut have_cells = BTreeMap::new();
        for item in self.db.scan_prefix([keys::REPORT]) {
            let (k, v) = item?;
            have_cells.insert(k.to_vec(), v.to_vec());
        }
        let mut have_counts = BTreeMap::new();
        for item in self.db.scan_prefix([keys::COUNT, keys::REPORT]) {
            let (k, v) = item?;
            let n = u64::from_be_bytes(v.as_ref().try_into().map_err(|_| bad_counter())?);
            if n > 0 {
                have_counts.insert(k.to_vec(), n);
            }
        }
        if have_cells != want_cells {
            problems.push("the report cells disagree with the cases".into());
        }
        if have_counts != want_counts {
            problems.push("the report counters disagree with a recount of the cases".into());
        }
        Ok(())
    }

    /// Upgrades a store of layout 7 to 9 (no tables yet) or 9 (the
    /// tables without branches): the tables' cells and counters, counted
    /// again from the cases and the consultations, then layout 10.
    pub(super) fn index_reports(&self, to_format: u32) -> Result<()> {
        let mut batch = sled::Batch::default();
        for prefix in [vec![keys::REPORT], vec![keys::COUNT, keys::REPORT]] {
            for item in self.db.scan_prefix(prefix) {
                batch.remove(item?.0);
            }
        }
        self.db.apply_batch(batch)?;
        let rules = self.rules()?;
        let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        let mut failed = None;
        self.upgrade_cases(|case, batch| {
            let entries = entries(&rules, case);
            match counter_adds(&entries) {
                Ok(adds) => {
                    for (key, n) in adds {
                        *counts.entry(key).or_default() += n;
                    }
                }
                Err(e) => failed = Some(e),
            }
            for (k, cells) in entries {
                batch.insert(k, keys::report_cells_value(&cells));
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        for m in self.consultation_months()? {
            *counts
                .entry(keys::report_count(m, None, Column::Consultations))
                .or_default() += 1;
        }
        for (key, n) in self.other_payment_counts()? {
            *counts.entry(key).or_default() += n;
        }
        let mut batch = sled::Batch::default();
        for (k, n) in counts {
            batch.insert(k, &n.to_be_bytes());
        }
        batch.insert(keys::META_FORMAT, &to_format.to_be_bytes());
        self.db.apply_batch(batch)?;
        self.db.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::CaseRecord;
    use chrono::NaiveDate;

    fn actor() -> Actor {
        Actor {
            user: "t".into(),
            at: chrono::Utc::now().fixed_offset(),
            op: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn filled(dir: &std::path::Path) -> Store {
        let store = Store::open(dir).unwrap();
        let cases: Vec<_> = crate::demo::cases(300, 5, today())
            .map(|r: CaseRecord| r.validate(today()).unwrap())
            .collect();
        store.import(&actor(), cases, "test").unwrap();
        store
    }

    fn year(store: &Store) -> Counts {
        store
            .report_counts(
                &Month {
                    year: 2026,
                    month: 1,
                }
                .run(12),
            )
            .unwrap()
    }

    #[test]
    fn a_damaged_counter_is_found_by_check() {
        let tmp = tempfile::TempDir::new().unwrap();
        let store = filled(tmp.path());
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
        let key = keys::report_count(
            Month {
                year: 2026,
                month: 11,
            },
            None,
            Column::Cases,
        );
        store.db.insert(key, &999u64.to_be_bytes()).unwrap();
        let problems = store.verify().unwrap();
        assert!(
            problems.iter().any(|p| p.contains("report counters")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_version_7_store_gets_its_counters_on_open() {
        let tmp = tempfile::TempDir::new().unwrap();
        let want = {
            let store = filled(tmp.path());
            let want = year(&store);
            assert!(want.get(&Column::Cases).copied().unwrap_or(0) > 0);
            let mut batch = sled::Batch::default();
            for prefix in [vec![keys::REPORT], vec![keys::COUNT, keys::REPORT]] {
                for item in store.db.scan_prefix(prefix) {
                    batch.remove(item.unwrap().0);
                }
            }
            batch.insert(keys::META_FORMAT, &7u32.to_be_bytes());
            store.db.apply_batch(batch).unwrap();
            store.flush().unwrap();
            assert!(year(&store).is_empty());
            want
        };
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(year(&store), want);
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }

    /// A format-10 store (no supervision lists, no funds counters) gets
    /// both on open, and `check` agrees with them.
    #[test]
    fn a_version_10_store_gets_its_lists_and_funds_on_open() {
        use crate::domain::supervision::List;
        let tmp = tempfile::TempDir::new().unwrap();
        let (due, spent) = {
            let store = filled(tmp.path());
            let due = store.supervision_count(List::FollowUpDue);
            let spent = year(&store).get(&Column::Spent).copied().unwrap_or(0);
            assert!(due > 0 && spent > 0, "{due} {spent}");
            let mut batch = sled::Batch::default();
            for item in store.db.scan_prefix([keys::SUPERVISE]) {
                batch.remove(item.unwrap().0);
            }
            batch.insert(keys::META_FORMAT, &10u32.to_be_bytes());
            store.db.apply_batch(batch).unwrap();
            store.flush().unwrap();
            assert_eq!(store.supervision_count(List::FollowUpDue), 0);
            (due, spent)
        };
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.supervision_count(List::FollowUpDue), due);
        assert_eq!(year(&store).get(&Column::Spent).copied(), Some(spent));
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }
}
