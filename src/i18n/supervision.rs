//! The words of funds and quality: a ledger entry, a peer review and a
//! follow-up on one line each, as `docket show` and the case view give them.

use crate::domain::case::Payment;
use crate::domain::quality::{FollowUp, QualityReview};
use crate::domain::user::Names;

use super::{Lang, fill};

impl Lang {
    /// A code of a table in the reader's words.
    pub fn code_in(self, table: &str, code: &str) -> String {
        self.word_or(&format!("{table}.{code}"), || code.replace('_', " "))
    }

    /// "#1 1500 元（标准 1500）律师 P-0001 — 李伟 2026-11-20 提出；…".
    pub fn payment_line(self, p: &Payment, names: &Names) -> String {
        let state = match (&p.approved_by, p.approved_on, p.paid_on) {
            (_, _, Some(on)) => fill(
                self.t("funds.state_paid"),
                &[
                    ("on", &on.to_string()),
                    ("voucher", p.voucher.as_deref().unwrap_or("")),
                ],
            ),
            (Some(by), Some(on), None) => fill(
                self.t("funds.state_approved"),
                &[("by", names.of(by)), ("on", &on.to_string())],
            ),
            _ => self.t("funds.state_proposed").to_string(),
        };
        let line = fill(
            self.t("funds.entry"),
            &[
                ("seq", &p.seq.to_string()),
                ("amount", &p.amount().to_string()),
                ("standard", &p.standard.to_string()),
                ("direct", &p.direct_costs.to_string()),
                ("labour", &p.labour_fee.to_string()),
                ("payee", &p.payee),
                (
                    "payee_type",
                    &self.code_in("funds.payee", p.payee_type.code()),
                ),
                ("by", names.of(&p.proposed_by)),
                ("on", &p.proposed_on.to_string()),
                ("state", &state),
            ],
        );
        match &p.reason {
            Some(r) => fill(self.t("history.with_text"), &[("head", &line), ("text", r)]),
            None => line,
        }
    }

    /// "良好（86 分，王芳 2026-12-01）" with each sheet of a second review.
    pub fn quality_line(self, q: &QualityReview, names: &Names) -> String {
        let sheets: Vec<String> = q
            .sheets
            .iter()
            .map(|s| {
                fill(
                    self.t("quality.sheet"),
                    &[
                        ("total", &s.total.to_string()),
                        ("by", names.of(&s.by)),
                        ("on", &s.on.to_string()),
                    ],
                )
            })
            .collect();
        let grade = q
            .grade
            .map(|g| self.code_in("quality.grade", g.code()))
            .unwrap_or_default();
        let mut line = fill(
            self.t("quality.review_line"),
            &[
                ("grade", &grade),
                ("sheets", &sheets.join(self.t("history.list_separator"))),
            ],
        );
        if q.second_review_due() {
            line = format!("{line} {}", self.t("quality.second_review_due"));
        }
        line
    }

    /// "2026-12-01 电话 回访后 满意 — 说明".
    pub fn follow_up_line(self, f: &FollowUp, names: &Names) -> String {
        let method = match f.method {
            Some(m) => self.code_in("quality.method", m.code()),
            None => self.t("quality.method_unknown").to_string(),
        };
        let result = match (f.reached, f.satisfaction) {
            (true, Some(s)) => self.code_in("quality.satisfaction", s.code()),
            (true, None) => self.t("quality.reached").to_string(),
            (false, _) => self.t("quality.not_reached").to_string(),
        };
        let mut line = format!(
            "{} {} {} {}",
            f.on,
            method,
            self.code_in("quality.timing", f.timing.code()),
            result
        );
        if !f.by.is_empty() {
            line = format!("{line} ({})", names.of(&f.by));
        }
        let answers = [
            ("charged", f.answers.charged),
            ("met", f.answers.met),
            ("on_time", f.answers.on_time),
            ("evidence", f.answers.evidence),
            ("courteous", f.answers.courteous),
        ];
        let said: Vec<String> = answers
            .iter()
            .filter_map(|(q, a)| {
                let yes_no = if (*a)? { "yes" } else { "no" };
                Some(format!(
                    "{}{}",
                    self.t(&format!("quality.question.{q}")),
                    self.t(&format!("quality.{yes_no}"))
                ))
            })
            .collect();
        if !said.is_empty() {
            line = format!("{line}；{}", said.join(self.t("history.list_separator")));
        }
        for text in [&f.comments, &f.action] {
            if !text.is_empty() {
                line = fill(
                    self.t("history.with_text"),
                    &[("head", &line), ("text", text)],
                );
            }
        }
        line
    }
}
