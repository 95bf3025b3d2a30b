//! Correcting a field and withdrawing an application, from the case view:
//! pick the field, type the value (codes as words in any language).

use super::{CORRECTABLE, Effect, open_case};
use crate::domain::record::CaseRecord;
use crate::tui::app::{App, Ask, Question, StepDraft};
/// Asks for the reason of a withdrawal of the case in the detail view.
pub(super) fn withdraw(app: &mut App) -> Vec<Effect> {
    let Some((no, revision, _)) = open_case(app) else {
        return Vec::new();
    };
    super::steps::ask_text(app, no, revision, StepDraft::Withdraw, "")
}

/// The code table of a coded field (its catalog prefix), if it is one.
pub(super) fn code_table(path: &str) -> Option<&'static str> {
    Some(match path {
        "kind" => "kind",
        "matter" => "matter",
        "channel" => "channel",
        "applicant.gender" => "gender",
        "applicant.groups" => "group",
        _ => return None,
    })
}

pub(super) fn codes_of(table: &str) -> Vec<&'static str> {
    use crate::domain::codes::{Channel, Group, Kind, Matter};
    match table {
        "kind" => Kind::ALL.iter().map(|c| c.code()).collect(),
        "matter" => Matter::ALL.iter().map(|c| c.code()).collect(),
        "channel" => Channel::ALL.iter().map(|c| c.code()).collect(),
        "group" => Group::ALL.iter().map(|c| c.code()).collect(),
        "gender" => vec!["male", "female"],
        _ => Vec::new(),
    }
}

/// The code a word stands for, in any of the languages (or the code
/// itself); other text is left for the store to refuse with the choices.
pub(super) fn to_code(table: &str, text: &str) -> String {
    use crate::i18n::Lang;
    let t = text.trim();
    codes_of(table)
        .into_iter()
        .find(|code| {
            code.eq_ignore_ascii_case(t)
                || [Lang::En, Lang::ZhHans, Lang::ZhHant]
                    .iter()
                    .any(|l| l.t(&format!("{table}.{code}")).eq_ignore_ascii_case(t))
        })
        .map_or_else(|| t.to_string(), str::to_string)
}

/// The value of a record path as the prompt shows it: text as it is,
/// codes as words, lists joined by commas, nothing for an empty field.
pub fn field_value(app: &App, case: &crate::domain::case::Case, path: &str) -> String {
    let record = serde_json::to_value(CaseRecord::from_case(case)).unwrap_or_default();
    let mut at = &record;
    for part in path.split('.') {
        at = &at[part];
    }
    let shown = |v: &serde_json::Value| {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        match code_table(path) {
            Some(table) => app.word(table, &text),
            None => text,
        }
    };
    if path == "serious" {
        let yes = at.as_bool().unwrap_or(false);
        return app
            .t(if yes { "tui.field.yes" } else { "tui.field.no" })
            .to_string();
    }
    match at {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => shown(other),
    }
}

/// Asks which field of the case in the detail view to correct.
pub(super) fn correct(app: &mut App) -> Vec<Effect> {
    let Some((no, revision, case)) = open_case(app) else {
        return Vec::new();
    };
    // With an ID number, gender and birth date follow from it.
    let derived = case.applicant.id_number.is_some();
    let fields = CORRECTABLE
        .iter()
        .filter(|f| !(derived && matches!(**f, "applicant.gender" | "applicant.birth_date")))
        // Art. 26 is a fact of criminal cases only.
        .filter(|f| **f != "serious" || case.kind == crate::domain::codes::Kind::Criminal)
        .map(|f| (f.to_string(), field_value(app, case, f)))
        .collect();
    app.overlays.open_question(Question::new(Ask::PickField {
        no,
        revision,
        fields,
    }));
    Vec::new()
}

/// What a corrected field is sent as: codes for words (in any language),
/// groups as a JSON list of codes (typed separated by commas).
pub fn correction_value(field: &str, text: &str) -> String {
    match code_table(field) {
        Some("group") if !text.trim_start().starts_with('[') => {
            let codes: Vec<String> = crate::domain::input::items(text)
                .iter()
                .map(|w| to_code("group", w))
                .collect();
            serde_json::to_string(&codes).unwrap_or_default()
        }
        Some("group") | None => text.to_string(),
        Some(table) => to_code(table, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    #[test]
    fn withdraw_asks_for_a_reason_and_keeps_it_when_stale() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        keys(&mut app, &["w"]);
        assert_eq!(app.context(), Context::Prompt);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        type_in(&mut app, "已和解");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            commands(&e),
            [&Command::Step {
                no,
                revision,
                step: Box::new(crate::domain::workflow::Step::Withdraw {
                    reason: "已和解".into()
                }),
                on: None,
            }]
        );
        // Someone else changed the case first: the reason stays, the case
        // is read again, and the next try carries the new revision.
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "conflict".into(),
                stale: true,
            }),
        );
        assert!(loads(&e).contains(&&Request::Detail(no)), "{e:?}");
        assert_eq!(app.overlays.prompt().unwrap().field.text(), "已和解");
        let mut view = fixtures::detail_for(&app, no);
        view.case.revision = 6;
        apply(&mut app, Loaded::Detail(Box::new(view)));
        let e = keys(&mut app, &["enter"]);
        assert!(matches!(
            commands(&e)[..],
            [Command::Step { revision: 6, .. }]
        ));
        apply(&mut app, Loaded::Done(Outcome::Changed("done".into())));
        assert!(app.overlays.prompt().is_none());
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("withdrawn")
        );
        // Esc closes a prompt.
        keys(&mut app, &["w", "x", "esc"]);
        assert!(app.overlays.prompt().is_none() && app.overlays.detail().is_some());
    }

    #[test]
    fn correct_picks_a_field_and_sends_the_new_value() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        keys(&mut app, &["e"]);
        let Some(Question {
            ask: Ask::PickField { fields, .. },
            ..
        }) = app.overlays.question()
        else {
            panic!("{:?}", app.overlays.question())
        };
        let phone = fields
            .iter()
            .position(|(f, _)| f == "applicant.phone")
            .unwrap();
        for _ in 0..phone {
            keys(&mut app, &["down"]);
        }
        keys(&mut app, &["enter"]);
        let p = app.overlays.prompt().unwrap();
        assert_eq!(p.field.text(), "13800000000", "the current value to edit");
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "13912345678");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            commands(&e),
            [&Command::Correct {
                no,
                revision,
                field: "applicant.phone".into(),
                value: "13912345678".into()
            }]
        );
    }

    #[test]
    fn corrected_words_become_codes() {
        assert_eq!(correction_value("matter", "劳动报酬"), "wages");
        assert_eq!(correction_value("matter", "unpaid wages"), "wages");
        assert_eq!(correction_value("channel", "walk_in"), "walk_in");
        assert_eq!(correction_value("kind", "刑事"), "criminal");
        assert_eq!(
            correction_value("applicant.groups", "老年人, migrant worker"),
            r#"["elderly","migrant_worker"]"#
        );
        assert_eq!(correction_value("applicant.groups", ""), "[]");
        assert_eq!(correction_value("applicant.phone", "138"), "138");
        assert_eq!(correction_value("matter", "nonsense"), "nonsense");
    }
}
