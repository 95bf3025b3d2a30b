//! Correcting a field and withdrawing an application, from the case view:
//! pick the field, type the value (codes as words in any language).

use super::{CORRECTABLE, Effect, open_case};
use crate::domain::record::CaseRecord;
use crate::tui::app::{App, Ask, Prompt, PromptKind, Question};
use crate::tui::field::TextField;
/// Asks for the reason of a withdrawal of the case in the detail view.
pub(super) fn withdraw(app: &mut App) -> Vec<Effect> {
    let Some((no, revision, _)) = open_case(app) else {
        return Vec::new();
    };
    app.prompt = Some(Prompt {
        kind: PromptKind::Withdraw,
        no,
        revision,
        field: TextField::new(),
        stale: false,
        applicant: app.applicant_of(no),
        error: None,
    });
    Vec::new()
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
    app.question = Some(Question::new(Ask::PickField {
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
