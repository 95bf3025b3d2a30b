//! A case's history and fields in the user's words: shared by the app's
//! case view and `docket show`.

use super::{Lang, fill};
use crate::domain::event::Change;

impl Lang {
    /// The catalog entry for `key`, or `fallback` when there is none.
    fn word_or(self, key: &str, fallback: impl FnOnce() -> String) -> String {
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
            Change::Created { via } => f("created", &[("via", via)]),
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
            other @ Change::ProviderSet { .. } => other.describe(),
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
}
