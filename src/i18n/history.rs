//! A case's history and fields in the user's words: shared by the app's
//! case view and `docket show`.

use super::{Lang, fill};
use crate::domain::case::Note;
use crate::domain::event::{Change, Detail};
use crate::domain::user::Names;

impl Lang {
    /// The catalog entry for `key`, or `fallback` when there is none.
    pub(super) fn word_or(self, key: &str, fallback: impl FnOnce() -> String) -> String {
        match self.t(key) {
            w if w == key => fallback(),
            w => w.to_string(),
        }
    }

    /// The name of a record field (`applicant.phone` → "Phone").
    pub fn field_word(self, path: &str) -> String {
        let last = path.rsplit('.').next().unwrap_or(path);
        self.word_or(&format!("tui.field.{last}"), || path.to_string())
    }

    /// A code of a coded field (status, kind, matter, channel, gender) in
    /// words; any other value as it is.
    pub fn code_word(self, field: &str, value: &str) -> String {
        match field.rsplit('.').next().unwrap_or(field) {
            table @ ("status" | "kind" | "matter" | "channel" | "gender") => {
                self.word_or(&format!("{table}.{value}"), || value.to_string())
            }
            table @ ("item" | "verdict") => {
                self.word_or(&format!("tui.{table}.{value}"), || value.to_string())
            }
            "serious" => match value {
                "true" => self.t("tui.field.yes").to_string(),
                "false" => self.t("tui.field.no").to_string(),
                other => other.to_string(),
            },
            _ => value.to_string(),
        }
    }

    /// One history entry. What a step recorded stays as it was written.
    pub fn change(self, change: &Change) -> String {
        let f = |k: &str, args: &[(&str, &str)]| fill(self.t(&format!("tui.history.{k}")), args);
        match change {
            Change::Created { via } => {
                let via = self.word_or(&format!("history.via.{via}"), || via.clone());
                f("created", &[("via", &via)])
            }
            Change::Updated { field, from, to } => {
                let name = self.word_or(&format!("step.{field}"), || self.field_word(field));
                let value = |v: &Option<String>| match v.as_deref() {
                    None => "-".to_string(),
                    Some(code) => self.code_word(field, code),
                };
                f(
                    "updated",
                    &[("field", &name), ("from", &value(from)), ("to", &value(to))],
                )
            }
            Change::DeadlineAdded { id, date, label } => f(
                "deadline_added",
                &[
                    ("id", &id.to_string()),
                    ("date", &date.to_string()),
                    ("label", label),
                ],
            ),
            Change::DeadlineDone { id, on } => f(
                "deadline_done",
                &[("id", &id.to_string()), ("date", &on.to_string())],
            ),
            Change::PolicyChanged { .. } => f("policy", &[]),
            Change::CalendarImported { years } => {
                let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
                f("calendar", &[("years", &years.join(", "))])
            }
            Change::BudgetSet { year, source, yuan } => {
                let source = self.word_or(&format!("funds.source.{source}"), || source.clone());
                f(
                    "budget",
                    &[
                        ("year", &year.to_string()),
                        ("source", &source),
                        ("yuan", &yuan.to_string()),
                    ],
                )
            }
            Change::SampleDrawn {
                period,
                seed,
                cases,
            } => f(
                "sample",
                &[
                    ("period", period),
                    ("seed", &seed.to_string()),
                    ("n", &cases.to_string()),
                ],
            ),
            Change::OtherPayment { no, step, amount } => f(
                &format!("other_payment_{step}"),
                &[("no", &no.to_string()), ("amount", &amount.to_string())],
            ),
            Change::Complaint { no, detail } => {
                // "filed: KIND against P" / "decided: OUTCOME" / "appealed: WAY".
                let (what, rest) = detail.split_once(": ").unwrap_or((detail.as_str(), ""));
                let code = rest.split(' ').next().unwrap_or("");
                let table = match what {
                    "filed" => "quality.complaint_kind",
                    "decided" => "quality.outcome",
                    _ => "quality.appeal",
                };
                let word = self.word_or(&format!("{table}.{code}"), || code.to_string());
                f(&format!("complaint_{what}"), &[("no", no), ("what", &word)])
            }
            Change::Step { step, detail } => {
                let name = self.word_or(&format!("tui.steps.{step}"), || step.replace('_', " "));
                if detail.is_empty() {
                    name
                } else {
                    f("step", &[("step", &name), ("detail", detail)])
                }
            }
            Change::UserSet { name, role } => {
                let role = self.word_or(&format!("tui.role.{role}"), || role.clone());
                f("user_set", &[("name", name), ("role", &role)])
            }
            Change::UserNamed { name, display_name } => f(
                "user_named",
                &[("name", name), ("display_name", display_name)],
            ),
            Change::UserActive {
                name, active: true, ..
            } => f("user_activated", &[("name", name)]),
            Change::UserActive { name, reason, .. } => {
                f("user_deactivated", &[("name", name), ("reason", reason)])
            }
            Change::Taken {
                step,
                detail,
                backdated,
            } => {
                let name = self.word_or(&format!("tui.steps.{step}"), || step.replace('_', " "));
                let detail = self.detail(detail);
                let line = if detail.is_empty() {
                    name
                } else {
                    f("step", &[("step", &name), ("detail", &detail)])
                };
                match backdated {
                    None => line,
                    Some(b) => fill(
                        self.t("history.backdated"),
                        &[
                            ("line", &line),
                            ("dated", &b.dated.to_string()),
                            ("entered", &b.entered.to_string()),
                        ],
                    ),
                }
            }
            other @ Change::ProviderSet { .. } => other.describe(),
        }
    }

    /// Why a case closed, in words: a termination by its ground (Art. 48),
    /// a deemed withdrawal (Art. 43) or a denial after emergency aid
    /// (Art. 44) by the catalog, and what a person wrote (an applicant's
    /// reason for withdrawing) as written.
    pub fn closing_reason(self, case: &crate::domain::case::Case) -> Option<String> {
        use crate::domain::codes::Status;
        use crate::domain::workflow::{DEEMED_WITHDRAWN, DENIED_AFTER_EMERGENCY};
        let reason = case.closing_reason.as_deref()?;
        Some(match (case.status, &case.handling.termination_ground) {
            (Status::Terminated, Some(ground)) => {
                let ground = self.word_or(&format!("tui.ground.{ground}"), || ground.clone());
                fill(self.t("show.terminated"), &[("ground", &ground)])
            }
            _ if reason == DEEMED_WITHDRAWN => self.t("show.deemed_withdrawn").to_string(),
            _ if reason == DENIED_AFTER_EMERGENCY => {
                self.t("show.denied_after_emergency").to_string()
            }
            _ => reason.to_string(),
        })
    }

    /// A case's note `number` (from 1) on one line: "2. 2026-11-20 李伟: …",
    /// with who struck it out, when and why.
    pub fn note_line(self, number: usize, note: &Note, names: &Names) -> String {
        let line = format!(
            "{number}. {} {}: {}",
            note.on,
            names.of(&note.who),
            note.text.replace('\n', " ")
        );
        match &note.struck {
            None => line,
            Some(s) => fill(
                self.t("show.struck"),
                &[
                    ("note", &line),
                    ("on", &s.on.to_string()),
                    ("who", names.of(&s.who)),
                    ("reason", &s.reason),
                ],
            ),
        }
    }

    /// What a step recorded, in words: codes by their catalog word, what a
    /// person typed as typed ("" when the step records nothing more).
    pub fn detail(self, detail: &Detail) -> String {
        let f = |k: &str, args: &[(&str, &str)]| fill(self.t(&format!("history.{k}")), args);
        let word = |table: &str, code: &str| {
            self.word_or(&format!("{table}.{code}"), || code.replace('_', " "))
        };
        let decision = |grant: bool| word("refusal.word", if grant { "grant" } else { "denial" });
        let reason =
            |grant: bool, code: &str| word(if grant { "tui.grant" } else { "tui.deny" }, code);
        // What was typed, after what the step says ("… — 同意").
        let with_text = |head: String, text: &str| {
            if text.trim().is_empty() {
                head
            } else {
                f("with_text", &[("head", &head), ("text", text.trim())])
            }
        };
        match detail {
            Detail::Nothing => String::new(),
            Detail::Means {
                household_size,
                monthly_income,
            } => f(
                "means",
                &[
                    ("size", &household_size.to_string()),
                    ("income", &monthly_income.to_string()),
                    (
                        "per_member",
                        &(monthly_income / (*household_size).max(1)).to_string(),
                    ),
                ],
            ),
            Detail::Confirmed {
                item,
                verdict,
                reason,
            } => with_text(
                f(
                    "confirmed",
                    &[
                        ("item", &word("tui.item", item)),
                        ("verdict", &word("tui.verdict", verdict)),
                    ],
                ),
                reason,
            ),
            Detail::DocumentsRequested { items, due } => f(
                "documents_requested",
                &[
                    ("items", &items.join(self.t("history.list_separator"))),
                    ("due", &due.to_string()),
                ],
            ),
            Detail::DocumentsReceived { waited_days } => {
                f("documents_received", &[("days", &waited_days.to_string())])
            }
            Detail::DeemedWithdrawn { due } => f("deemed_withdrawn", &[("due", &due.to_string())]),
            Detail::Proposed {
                grant,
                reason_code,
                text,
            } => with_text(
                f(
                    "proposed",
                    &[
                        ("decision", &decision(*grant)),
                        ("reason", &reason(*grant, reason_code)),
                    ],
                ),
                text,
            ),
            Detail::Approved {
                grant,
                reason_code,
                note,
            } => with_text(
                f(
                    "approved",
                    &[
                        ("decision", &decision(*grant)),
                        ("reason", &reason(*grant, reason_code)),
                    ],
                ),
                note,
            ),
            Detail::Returned { grant, note } => f(
                "returned",
                &[("decision", &decision(*grant)), ("note", note)],
            ),
            Detail::EmergencyAid => f("emergency_aid", &[]),
            Detail::Objection { against } => {
                f("objection", &[("against", &word("refusal.word", against))])
            }
            Detail::ObjectionDecided {
                against,
                upheld,
                note,
            } => {
                let key = match (upheld, against.as_str()) {
                    (true, _) => "objection_upheld",
                    (false, "denial") => "denial_corrected",
                    (false, _) => "termination_corrected",
                };
                with_text(f(key, &[("against", &word("refusal.word", against))]), note)
            }
            Detail::Assigned { provider, reason } => {
                with_text(f("assigned", &[("provider", provider)]), reason)
            }
            Detail::Reassigned { from, to, reason } => f(
                "reassigned",
                &[("from", from), ("to", to), ("reason", reason)],
            ),
            Detail::Agreement { provider } | Detail::FileSubmitted { provider } => {
                let key = if matches!(detail, Detail::Agreement { .. }) {
                    "agreement"
                } else {
                    "file_submitted"
                };
                provider
                    .as_deref()
                    .map_or(String::new(), |p| f(key, &[("provider", p)]))
            }
            Detail::Note { text } => text.clone(),
            Detail::NoteStruck { note, text, reason } => f(
                "note_struck",
                &[("n", &note.to_string()), ("text", text), ("reason", reason)],
            ),
            Detail::Concluded { outcome } => outcome.clone(),
            Detail::Terminated { ground } => word("tui.ground", ground),
            Detail::FileReviewed {
                amount,
                standard,
                reason,
            } => {
                let args = [
                    ("amount", amount.to_string()),
                    ("standard", standard.to_string()),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let head = if amount == standard {
                    f("subsidy_standard", &args)
                } else {
                    f("subsidy", &args)
                };
                match reason {
                    Some(r) => f("subsidy_reason", &[("head", &head), ("reason", r)]),
                    None => head,
                }
            }
            Detail::FollowUp { satisfaction, note } => {
                with_text(f("follow_up", &[("n", &satisfaction.to_string())]), note)
            }
            Detail::Withdrawn { reason } => f("withdrawn", &[("reason", reason)]),
            Detail::PaymentProposed {
                seq,
                amount,
                standard,
                reason,
            } => {
                let head = f(
                    "payment_proposed",
                    &[
                        ("seq", &seq.to_string()),
                        ("amount", &amount.to_string()),
                        ("standard", &standard.to_string()),
                    ],
                );
                with_text(head, reason.as_deref().unwrap_or(""))
            }
            Detail::PaymentApproved { seq, amount } => f(
                "payment_approved",
                &[("seq", &seq.to_string()), ("amount", &amount.to_string())],
            ),
            Detail::PaymentPaid {
                seq,
                amount,
                voucher,
            } => f(
                "payment_paid",
                &[
                    ("seq", &seq.to_string()),
                    ("amount", &amount.to_string()),
                    ("voucher", voucher),
                ],
            ),
            Detail::Scored {
                total,
                grade,
                second,
            } => f(
                if *second { "scored_second" } else { "scored" },
                &[
                    ("total", &total.to_string()),
                    ("grade", &word("quality.grade", grade)),
                ],
            ),
            Detail::FollowedUp {
                method,
                reached,
                satisfaction,
                comments,
            } => {
                let method = word("quality.method", method);
                let head = match (reached, satisfaction) {
                    (true, Some(s)) => f(
                        "followed_up",
                        &[
                            ("method", &method),
                            ("satisfaction", &word("quality.satisfaction", s)),
                        ],
                    ),
                    _ => f("not_reached", &[("method", &method)]),
                };
                with_text(head, comments)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(field: &str, from: Option<&str>, to: Option<&str>) -> Change {
        Change::Updated {
            field: field.into(),
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        }
    }

    #[test]
    fn every_step_has_a_word_for_the_history() {
        let codes = [
            "set_means",
            "confirm",
            "request_documents",
            "documents_received",
            "deem_withdrawn",
            "propose",
            "approve",
            "return",
            "emergency_aid",
            "object",
            "decide_objection",
            "assign",
            "reassign",
            "agreement_signed",
            "note",
            "conclude",
            "terminate",
            "submit_file",
            "review_file",
            "archive",
            "follow_up",
        ];
        for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
            for code in codes {
                let key = format!("tui.steps.{code}");
                assert_ne!(lang.t(&key), key, "{lang:?}");
            }
        }
        let step = Change::Step {
            step: "terminate".into(),
            detail: "own_lawyer".into(),
        };
        assert_eq!(Lang::ZhHans.change(&step), "已终止法律援助：own_lawyer");
    }

    #[test]
    fn the_history_says_what_changed_from_what_to_what_in_words() {
        let e = updated("applicant.phone", Some("13800000000"), Some("13912345678"));
        assert_eq!(Lang::En.change(&e), "Phone: 13800000000 → 13912345678");
        let zh = Lang::ZhHans;
        let e = updated("status", Some("received"), Some("withdrawn"));
        assert_eq!(zh.change(&e), "状态：已受理 → 已撤回");
        let e = updated("matter", Some("wages"), Some("work_injury"));
        assert!(
            zh.change(&e).ends_with("劳动报酬 → 工伤"),
            "{}",
            zh.change(&e)
        );
        let e = updated("adverse_party", None, Some("株洲某公司"));
        assert_eq!(zh.change(&e), "对方当事人：- → 株洲某公司");
    }

    /// ASCII words of two letters or more: on a Chinese screen, a raw code
    /// or an English word slipped through (case numbers, IDs, dates and
    /// figures have none).
    pub(crate) fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .map(str::to_string)
            .collect()
    }

    /// One of each kind of detail, as the steps record them (the match
    /// makes a new kind fail to compile here until it is added).
    fn every_detail() -> Vec<Detail> {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let all = vec![
            Detail::Nothing,
            Detail::Means {
                household_size: 3,
                monthly_income: 2400,
            },
            Detail::Confirmed {
                item: "hardship".into(),
                verdict: "pass".into(),
                reason: "低保证明已核验".into(),
            },
            Detail::DocumentsRequested {
                items: vec!["收入证明".into(), "户口簿".into()],
                due: d("2026-12-10"),
            },
            Detail::DocumentsReceived { waited_days: 4 },
            Detail::DeemedWithdrawn {
                due: d("2026-12-10"),
            },
            Detail::Proposed {
                grant: true,
                reason_code: "not_verified_art42".into(),
                text: "农民工讨薪".into(),
            },
            Detail::Proposed {
                grant: false,
                reason_code: "not_hardship".into(),
                text: "收入高于标准".into(),
            },
            Detail::Approved {
                grant: true,
                reason_code: "hardship_met".into(),
                note: "同意".into(),
            },
            Detail::Returned {
                grant: false,
                note: "请补充收入证明".into(),
            },
            Detail::EmergencyAid,
            Detail::Objection {
                against: "denial".into(),
            },
            Detail::ObjectionDecided {
                against: "denial".into(),
                upheld: false,
                note: "重新审查".into(),
            },
            Detail::ObjectionDecided {
                against: "termination".into(),
                upheld: true,
                note: String::new(),
            },
            Detail::ObjectionDecided {
                against: "termination".into(),
                upheld: false,
                note: String::new(),
            },
            Detail::Assigned {
                provider: "P-0003".into(),
                reason: "熟悉劳动争议".into(),
            },
            Detail::Reassigned {
                from: "P-0003".into(),
                to: "P-0004".into(),
                reason: "受援人投诉".into(),
            },
            Detail::Agreement {
                provider: Some("P-0003".into()),
            },
            Detail::Note {
                text: "电话联系申请人".into(),
            },
            Detail::NoteStruck {
                note: 2,
                text: "误记".into(),
                reason: "记错案件".into(),
            },
            Detail::Concluded {
                outcome: "调解结案".into(),
            },
            Detail::Terminated {
                ground: "own_lawyer".into(),
            },
            Detail::FileSubmitted {
                provider: Some("P-0003".into()),
            },
            Detail::FileReviewed {
                amount: 1200,
                standard: 1200,
                reason: None,
            },
            Detail::FileReviewed {
                amount: 900,
                standard: 1200,
                reason: Some("提前结案".into()),
            },
            Detail::FollowUp {
                satisfaction: 5,
                note: "很满意".into(),
            },
            Detail::Withdrawn {
                reason: "已与对方和解".into(),
            },
            Detail::PaymentProposed {
                seq: 2,
                amount: 900,
                standard: 1500,
                reason: Some("提前结案".into()),
            },
            Detail::PaymentApproved {
                seq: 1,
                amount: 1500,
            },
            Detail::PaymentPaid {
                seq: 1,
                amount: 1500,
                voucher: "记-2026-118".into(),
            },
            Detail::Scored {
                total: 86,
                grade: "good".into(),
                second: false,
            },
            Detail::Scored {
                total: 58,
                grade: "fail".into(),
                second: true,
            },
            Detail::FollowedUp {
                method: "phone".into(),
                reached: true,
                satisfaction: Some("fair".into()),
                comments: "律师很耐心".into(),
            },
            Detail::FollowedUp {
                method: "visit".into(),
                reached: false,
                satisfaction: None,
                comments: String::new(),
            },
        ];
        for detail in &all {
            match detail {
                Detail::Nothing
                | Detail::Means { .. }
                | Detail::Confirmed { .. }
                | Detail::DocumentsRequested { .. }
                | Detail::DocumentsReceived { .. }
                | Detail::DeemedWithdrawn { .. }
                | Detail::Proposed { .. }
                | Detail::Approved { .. }
                | Detail::Returned { .. }
                | Detail::EmergencyAid
                | Detail::Objection { .. }
                | Detail::ObjectionDecided { .. }
                | Detail::Assigned { .. }
                | Detail::Reassigned { .. }
                | Detail::Agreement { .. }
                | Detail::Note { .. }
                | Detail::NoteStruck { .. }
                | Detail::Concluded { .. }
                | Detail::Terminated { .. }
                | Detail::FileSubmitted { .. }
                | Detail::FileReviewed { .. }
                | Detail::FollowUp { .. }
                | Detail::Withdrawn { .. }
                | Detail::PaymentProposed { .. }
                | Detail::PaymentApproved { .. }
                | Detail::PaymentPaid { .. }
                | Detail::Scored { .. }
                | Detail::FollowedUp { .. } => {}
            }
        }
        all
    }

    /// Issue 16, 19: every history line a step, a correction or a user
    /// change writes reads in Chinese, with no raw code or English word.
    #[test]
    fn every_history_line_reads_in_chinese() {
        let mut changes: Vec<Change> = every_detail()
            .into_iter()
            .map(|detail| Change::Taken {
                step: "approve".into(),
                detail,
                backdated: Some(crate::domain::event::Backdated {
                    dated: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                    entered: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
                }),
            })
            .collect();
        changes.extend([
            Change::Created {
                via: "register".into(),
            },
            updated("status", Some("received"), Some("granted")),
            updated("kind", Some("civil"), Some("criminal")),
            updated("serious", Some("false"), Some("true")),
            updated("applicant.phone", None, Some("13800138000")),
            Change::DeadlineAdded {
                id: 1,
                date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                label: "开庭".into(),
            },
            Change::DeadlineDone {
                id: 1,
                on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            },
            Change::PolicyChanged {
                policy: String::new(),
            },
            Change::CalendarImported { years: vec![2027] },
            Change::UserSet {
                name: "liwei".into(),
                role: "director".into(),
            },
            Change::UserNamed {
                name: "liwei".into(),
                display_name: "李伟".into(),
            },
            Change::UserActive {
                name: "liwei".into(),
                active: false,
                reason: "调离".into(),
            },
        ]);
        for lang in [Lang::ZhHans, Lang::ZhHant] {
            for change in &changes {
                let line = lang.change(change);
                let words: Vec<String> = english_words(&line)
                    .into_iter()
                    .filter(|w| w != "liwei")
                    .collect();
                assert!(words.is_empty(), "{lang:?}: {line:?} has {words:?}");
            }
        }
        let approved = Change::Taken {
            step: "approve".into(),
            detail: Detail::Approved {
                grant: true,
                reason_code: "not_verified_art42".into(),
                note: "同意".into(),
            },
            backdated: None,
        };
        assert_eq!(
            Lang::ZhHans.change(&approved),
            "已审批同意：给予法律援助：无需核查经济困难状况（第四十二条）——同意"
        );
    }
}
