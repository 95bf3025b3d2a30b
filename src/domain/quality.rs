//! The quality of the work (案件质量): peer review of a sample of closed
//! files (同行评估), one score sheet per file, a grade by the policy's
//! thresholds and a second review by two reviewers of a failing file; the
//! follow-up with the recipient (回访); complaints (投诉). Pure: the store
//! keeps the draws, the sheets and the complaints.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseNo};
use super::codes::Status;
use super::event::Detail;
use super::refusal::{Refusal, Why};
use super::report::Period;

code_enum!(
    /// A file's quality grade. Stored as its index: append only.
    Grade {
        Excellent => "excellent",
        Good => "good",
        Pass => "pass",
        Fail => "fail",
    }
);

impl Grade {
    pub fn index(self) -> usize {
        self as usize
    }
}

code_enum!(
    /// The items of the score sheet (评分表), in its order.
    ScoreItem {
        Instructions => "instructions",
        Communication => "communication",
        Investigation => "investigation",
        Documents => "documents",
        Hearing => "hearing",
        Result => "result",
        FileOrder => "file_order",
    }
);

/// The peer review's rules: the share drawn, the points of each item (out
/// of 100 in all) and the grades' thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityPolicy {
    /// Percent of the closed files drawn each period (15).
    pub share_percent: u32,
    /// The most points of each item, in `ScoreItem` order (they add to 100).
    pub points: Vec<u32>,
    /// The lowest totals of excellent, good and pass (90, 80, 60).
    pub thresholds: [u32; 3],
}

impl Default for QualityPolicy {
    fn default() -> QualityPolicy {
        QualityPolicy {
            share_percent: 15,
            points: vec![10, 15, 15, 20, 20, 10, 10],
            thresholds: [90, 80, 60],
        }
    }
}

impl QualityPolicy {
    pub fn grade(&self, total: u32) -> Grade {
        let [excellent, good, pass] = self.thresholds;
        if total >= excellent {
            Grade::Excellent
        } else if total >= good {
            Grade::Good
        } else if total >= pass {
            Grade::Pass
        } else {
            Grade::Fail
        }
    }

    /// The most points of an item.
    pub fn max_of(&self, item: ScoreItem) -> u32 {
        self.points.get(item as usize).copied().unwrap_or(0)
    }
}

/// One reviewer's sheet for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    pub by: String,
    pub on: NaiveDate,
    /// Points of each item in `ScoreItem` order; empty when only the total
    /// was entered.
    #[serde(default)]
    pub items: Vec<u32>,
    pub total: u32,
    #[serde(default)]
    pub note: String,
}

/// A file's peer review: the first sheet, and for a failing file the two
/// sheets of the second review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualityReview {
    #[serde(default)]
    pub sheets: Vec<ScoreSheet>,
    /// The grade so far (the final one once complete).
    #[serde(default)]
    pub grade: Option<Grade>,
}

impl QualityReview {
    /// A failing first sheet waits for the two sheets of the second review.
    pub fn second_review_due(&self) -> bool {
        self.grade == Some(Grade::Fail) && self.sheets.len() == 1 || self.sheets.len() == 2
    }

    pub fn complete(&self) -> bool {
        self.grade.is_some() && !self.second_review_due()
    }
}

/// Records a score sheet: a file closed and submitted, scored once; a
/// failing file twice more by two other reviewers, whose mean decides.
/// The grade it gives (the final one) adjusts the unpaid subsidy.
pub fn score(
    c: &mut Case,
    policy: &QualityPolicy,
    sheet: ScoreSheet,
) -> Result<(Detail, Option<Grade>), Refusal> {
    if c.steps.file_submitted.is_none() {
        return Err(Refusal::of(c, Why::ScoreOnlySubmitted));
    }
    if sheet.total > 100 {
        return Err(Why::PointsRange { total: sheet.total }.into());
    }
    if !sheet.items.is_empty() {
        let sum: u32 = sheet.items.iter().sum();
        let over = ScoreItem::ALL
            .iter()
            .zip(&sheet.items)
            .find(|(i, p)| **p > policy.max_of(**i));
        if sheet.items.len() != ScoreItem::ALL.len() || sum != sheet.total || over.is_some() {
            return Err(Why::BadScoreSheet.into());
        }
    }
    let q = c
        .handling
        .quality
        .get_or_insert_with(QualityReview::default);
    if q.complete() {
        let grade = q.grade.unwrap_or(Grade::Pass);
        return Err(Why::AlreadyScored {
            grade: super::refusal::Coded::new(super::refusal::Table::Grade, grade),
        }
        .into());
    }
    if q.sheets.iter().any(|s| s.by == sheet.by) {
        return Err(Why::SecondReviewOthers.into());
    }
    let total = sheet.total;
    q.sheets.push(sheet);
    let grade = match q.sheets.len() {
        1 => policy.grade(total),
        2 => Grade::Fail,
        _ => {
            let mean = (q.sheets[1].total + q.sheets[2].total).div_ceil(2);
            policy.grade(mean)
        }
    };
    q.grade = Some(grade);
    let settled = q.complete().then_some(grade);
    Ok((
        Detail::Scored {
            total,
            grade: grade.code().to_string(),
            second: q.sheets.len() > 1,
        },
        settled,
    ))
}

/// A peer-review draw (抽查): the closed files of a period drawn with a
/// recorded seed, so that anyone can draw them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub period: Period,
    pub share_percent: u32,
    pub seed: u64,
    pub drawn_by: String,
    pub drawn_on: NaiveDate,
    /// How many files were closed in the period (the population).
    pub closed: u32,
    pub cases: Vec<CaseNo>,
}

/// Draws `share_percent` of `closed` (each file with its provider's id),
/// at least one file of every provider: the same files, seed and share
/// always give the same draw.
pub fn draw(closed: &[(CaseNo, String)], share_percent: u32, seed: u64) -> Vec<CaseNo> {
    let mut by_provider: BTreeMap<&str, Vec<CaseNo>> = BTreeMap::new();
    let mut files: Vec<(CaseNo, &str)> = closed.iter().map(|(n, p)| (*n, p.as_str())).collect();
    files.sort();
    files.dedup();
    for (no, p) in &files {
        by_provider.entry(p).or_default().push(*no);
    }
    let want = (files.len() as u64 * u64::from(share_percent)).div_ceil(100) as usize;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for cases in by_provider.values() {
        out.push(cases[rng.random_range(0..cases.len())]);
    }
    let mut rest: Vec<CaseNo> = files
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !out.contains(n))
        .collect();
    rest.shuffle(&mut rng);
    let more = want.saturating_sub(out.len());
    out.extend(rest.into_iter().take(more));
    out.sort();
    out
}

code_enum!(
    /// How the recipient was asked. Stored as its index: append only.
    Method {
        Phone => "phone",
        Visit => "visit",
        Message => "message",
    }
);

code_enum!(
    /// When: while the case was handled, or after it was closed.
    Timing {
        During => "during",
        After => "after",
    }
);

code_enum!(
    /// The recipient's satisfaction. Stored as its index: append only.
    Satisfaction {
        Satisfied => "satisfied",
        Fair => "fair",
        Dissatisfied => "dissatisfied",
    }
);

impl Satisfaction {
    /// A score of the old 1–5 scale as a level: 4 and 5 satisfied, 3 fair,
    /// 1 and 2 not satisfied.
    pub fn from_score(score: u8) -> Satisfaction {
        match score {
            4.. => Satisfaction::Satisfied,
            3 => Satisfaction::Fair,
            _ => Satisfaction::Dissatisfied,
        }
    }
}

/// The answers to the follow-up's questions (None: not asked or no answer).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// Did the provider ask for or take money or gifts?
    #[serde(default)]
    pub charged: Option<bool>,
    /// Did the provider meet the recipient?
    #[serde(default)]
    pub met: Option<bool>,
    /// Did the provider appear on time (hearings, meetings)?
    #[serde(default)]
    pub on_time: Option<bool>,
    /// Did the provider gather evidence?
    #[serde(default)]
    pub evidence: Option<bool>,
    /// Was the provider courteous?
    #[serde(default)]
    pub courteous: Option<bool>,
}

/// A follow-up with the recipient (回访记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub on: NaiveDate,
    #[serde(default)]
    pub by: String,
    /// None: a record from before docket kept the method (the 1–5 scale).
    #[serde(default)]
    pub method: Option<Method>,
    pub timing: Timing,
    pub reached: bool,
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub comments: String,
    /// What the center did about it.
    #[serde(default)]
    pub action: String,
}

/// What a follow-up step carries (the date and who come from the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub method: Method,
    pub reached: bool,
    pub answers: Answers,
    pub satisfaction: Option<Satisfaction>,
    pub comments: String,
    pub action: String,
}

/// Records a follow-up: during the case (assigned) or after it (concluded,
/// archived). A recipient reached gives their satisfaction.
pub fn follow_up(
    c: &mut Case,
    who: &str,
    today: NaiveDate,
    input: &FollowUpInput,
) -> Result<Detail, Refusal> {
    let timing = match c.status {
        Status::Assigned => Timing::During,
        Status::Concluded | Status::Archived => Timing::After,
        _ => return Err(Refusal::of(c, Why::FollowUpOnlyConcluded)),
    };
    if input.reached && input.satisfaction.is_none() {
        return Err(Why::SatisfactionNeeded.into());
    }
    let satisfaction = input.satisfaction.filter(|_| input.reached);
    c.handling.follow_ups.push(FollowUp {
        on: today,
        by: who.to_string(),
        method: Some(input.method),
        timing,
        reached: input.reached,
        answers: if input.reached {
            input.answers.clone()
        } else {
            Answers::default()
        },
        satisfaction,
        comments: input.comments.trim().to_string(),
        action: input.action.trim().to_string(),
    });
    Ok(Detail::FollowedUp {
        method: input.method.code().to_string(),
        reached: input.reached,
        satisfaction: satisfaction.map(|s| s.code().to_string()),
        comments: input.comments.trim().to_string(),
    })
}

/// A closed case waits for its follow-up until one after it reached the
/// recipient: the day it closed (the follow-up list, oldest first).
pub fn follow_up_due(case: &Case) -> Option<NaiveDate> {
    if !matches!(case.status, Status::Concluded | Status::Archived) {
        return None;
    }
    let done = case
        .handling
        .follow_ups
        .iter()
        .any(|f| f.timing == Timing::After && f.reached);
    (!done).then_some(case.steps.concluded?)
}

code_enum!(
    /// What a complaint is about (table T11). Stored as its index: append only.
    ComplaintKind {
        IrregularIntake => "irregular_intake",
        IrregularReview => "irregular_review",
        IrregularAssignment => "irregular_assignment",
        Neglect => "neglect",
        TookMoney => "took_money",
        Other => "other",
    }
);

code_enum!(
    /// How a complaint was decided (T11).
    ComplaintOutcome {
        Sanction => "sanction",
        Correction => "correction",
        Unfounded => "unfounded",
    }
);

code_enum!(
    /// How the complainant appealed the decision (T11).
    Appeal {
        Reconsideration => "reconsideration",
        Lawsuit => "lawsuit",
    }
);

/// A complaint's number: the year it was filed and its place in the year,
/// shown as `T2026-003`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ComplaintNo {
    pub year: u16,
    pub seq: u32,
}

impl std::fmt::Display for ComplaintNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "T{:04}-{:03}", self.year, self.seq)
    }
}

impl std::str::FromStr for ComplaintNo {
    type Err = ();
    fn from_str(s: &str) -> Result<ComplaintNo, ()> {
        let rest = s.trim().strip_prefix(['T', 't']).ok_or(())?;
        let (y, n) = rest.split_once('-').ok_or(())?;
        let year: u16 = y.parse().map_err(|_| ())?;
        let seq: u32 = n.parse().map_err(|_| ())?;
        (y.len() == 4 && seq > 0)
            .then_some(ComplaintNo { year, seq })
            .ok_or(())
    }
}

/// A complaint (投诉) against a provider or the center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub no: ComplaintNo,
    pub filed_on: NaiveDate,
    pub filed_by: String,
    /// The provider's id; None: against the center.
    pub provider: Option<String>,
    /// The case it is about, if any.
    pub case: Option<CaseNo>,
    pub kind: ComplaintKind,
    /// The complainant's account.
    pub facts: String,
    pub investigation: String,
    pub outcome: Option<ComplaintOutcome>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub appeal: Option<Appeal>,
}

impl Complaint {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }
}

/// Table T11: complaints filed in a period by kind, decided by outcome,
/// appealed by way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintTable {
    pub filed: u64,
    pub by_kind: Vec<(ComplaintKind, u64)>,
    pub by_outcome: Vec<(ComplaintOutcome, u64)>,
    pub appealed: Vec<(Appeal, u64)>,
    pub open: u64,
}

impl ComplaintTable {
    /// Another center's table added in (`docket report merge`).
    pub fn add(&mut self, other: &ComplaintTable) {
        self.filed += other.filed;
        self.open += other.open;
        for (into, from) in self.by_kind.iter_mut().zip(&other.by_kind) {
            into.1 += from.1;
        }
        for (into, from) in self.by_outcome.iter_mut().zip(&other.by_outcome) {
            into.1 += from.1;
        }
        for (into, from) in self.appealed.iter_mut().zip(&other.appealed) {
            into.1 += from.1;
        }
    }

    pub fn of<'a>(complaints: impl IntoIterator<Item = &'a Complaint>) -> ComplaintTable {
        let mut t = ComplaintTable {
            by_kind: ComplaintKind::ALL.iter().map(|k| (*k, 0)).collect(),
            by_outcome: ComplaintOutcome::ALL.iter().map(|k| (*k, 0)).collect(),
            appealed: Appeal::ALL.iter().map(|k| (*k, 0)).collect(),
            ..ComplaintTable::default()
        };
        for c in complaints {
            t.filed += 1;
            t.by_kind[c.kind as usize].1 += 1;
            match c.outcome {
                Some(o) => t.by_outcome[o as usize].1 += 1,
                None => t.open += 1,
            }
            if let Some(a) = c.appeal {
                t.appealed[a as usize].1 += 1;
            }
        }
        t
    }
}

/// A provider's record as the director reads it (`docket provider show`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    pub provider: super::provider::Provider,
    pub open: u32,
    /// Open cases with a deadline passed.
    pub overdue: Vec<CaseNo>,
    /// Each grade's files.
    pub grades: Vec<(Grade, u32)>,
    /// Each satisfaction level of the follow-ups that reached the recipient.
    pub satisfaction: Vec<(Satisfaction, u32)>,
    /// Complaints against the provider, and of them those still open.
    pub complaints: u32,
    pub complaints_open: u32,
    /// Yuan paid to the provider in the year.
    pub paid_this_year: u64,
    pub year: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(n: u32, providers: &[&str]) -> Vec<(CaseNo, String)> {
        (1..=n)
            .map(|i| {
                let p = providers[(i as usize) % providers.len()];
                (CaseNo::new(2026, i), p.to_string())
            })
            .collect()
    }

    #[test]
    fn a_draw_is_its_seed_and_covers_every_provider() {
        let closed = files(100, &["P-1", "P-2", "P-3", "P-4"]);
        let a = draw(&closed, 15, 7);
        assert_eq!(a.len(), 15);
        assert_eq!(
            a,
            draw(&closed, 15, 7),
            "the same seed draws the same files"
        );
        assert_ne!(a, draw(&closed, 15, 8));
        // A provider with one file among many is still drawn.
        let mut closed = files(60, &["P-1", "P-2"]);
        closed.push((CaseNo::new(2026, 99), "P-9".into()));
        for seed in 0..20 {
            let s = draw(&closed, 5, seed);
            assert!(s.contains(&CaseNo::new(2026, 99)), "seed {seed}");
            assert_eq!(s.len(), 4);
        }
        assert!(draw(&[], 15, 1).is_empty());
    }

    #[test]
    fn grades_follow_the_thresholds() {
        let q = QualityPolicy::default();
        assert_eq!(q.grade(95), Grade::Excellent);
        assert_eq!(q.grade(80), Grade::Good);
        assert_eq!(q.grade(60), Grade::Pass);
        assert_eq!(q.grade(59), Grade::Fail);
        assert_eq!(q.points.iter().sum::<u32>(), 100);
    }

    #[test]
    fn old_scores_become_levels() {
        assert_eq!(Satisfaction::from_score(5), Satisfaction::Satisfied);
        assert_eq!(Satisfaction::from_score(3), Satisfaction::Fair);
        assert_eq!(Satisfaction::from_score(1), Satisfaction::Dissatisfied);
    }

    #[test]
    fn complaint_numbers_read_back() {
        let n: ComplaintNo = "T2026-003".parse().unwrap();
        assert_eq!(n.to_string(), "T2026-003");
        assert!("2026-003".parse::<ComplaintNo>().is_err());
        assert!("T2026-0".parse::<ComplaintNo>().is_err());
    }
}

/// A follow-up as docket wrote it before the structured record: a score
/// of 1 to 5 and a note (a case's `handling.follow_up`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldFollowUp {
    pub on: NaiveDate,
    pub satisfaction: u8,
    #[serde(default)]
    pub note: String,
}

impl From<OldFollowUp> for FollowUp {
    /// The old record as the new one: the recipient was reached after the
    /// case; the method was not recorded; the score as a level.
    fn from(old: OldFollowUp) -> FollowUp {
        FollowUp {
            on: old.on,
            by: String::new(),
            method: None,
            timing: Timing::After,
            reached: true,
            answers: Answers::default(),
            satisfaction: Some(Satisfaction::from_score(old.satisfaction)),
            comments: old.note,
            action: String::new(),
        }
    }
}

/// A case's handling as an export gives it, today's or an older one's
/// (`follow_up` with a 1–5 score, which becomes a follow-up record).
pub fn handling_with_old_follow_up<'de, D>(d: D) -> Result<super::case::Handling, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use super::case::{Assignment, Handling, Payment, Subsidy};
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Either {
        #[serde(default)]
        assignments: Vec<Assignment>,
        #[serde(default)]
        termination_ground: Option<String>,
        #[serde(default)]
        subsidy: Option<Subsidy>,
        #[serde(default)]
        follow_up: Option<OldFollowUp>,
        #[serde(default)]
        follow_ups: Vec<FollowUp>,
        #[serde(default)]
        payments: Vec<Payment>,
        #[serde(default)]
        quality: Option<QualityReview>,
    }
    let e = Either::deserialize(d)?;
    let mut follow_ups: Vec<FollowUp> = e.follow_up.map(Into::into).into_iter().collect();
    follow_ups.extend(e.follow_ups);
    Ok(Handling {
        assignments: e.assignments,
        termination_ground: e.termination_ground,
        subsidy: e.subsidy,
        follow_ups,
        payments: e.payments,
        quality: e.quality,
    })
}
