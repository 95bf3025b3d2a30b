//! The registration form: moving between fields, saving, the draft.

use super::Effect;
use crate::tui::app::{App, Ask, Question};
use crate::tui::command::Command;
use crate::tui::intake;
use crate::tui::intake::Form;
/// Tab or Shift-Tab in the registration form.
pub(super) fn intake_focus(app: &mut App, step: isize) -> Vec<Effect> {
    if let Some(i) = app.intake.as_mut() {
        i.form.move_focus(step);
    }
    Vec::new()
}

/// The catalog word of the form's matter deadline label, stored on the case.
pub(super) fn deadline_label(app: &App, form: &Form) -> String {
    form.deadline
        .map(|d| {
            app.t(&format!("tui.deadline_kind.{}", d.code()))
                .to_string()
        })
        .unwrap_or_default()
}

/// Save: check the form, then ask the store for cases of the same person
/// and applicants named like the adverse party before registering.
pub(super) fn save(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let result = i.form.finish(app.today(), &app.status.user, &label);
    let Some(i) = app.intake.as_mut() else {
        return Vec::new();
    };
    match result {
        Err(problems) => {
            i.form.tried = true;
            if let Some(f) = problems.iter().find_map(|(f, _)| *f) {
                i.form.focus = f;
            }
            // A problem that belongs to no field is shown as it is.
            let text = match problems.iter().find(|(f, _)| f.is_none()) {
                Some((_, intake::Problem::Record(why))) => app.lang.refusal_why(why),
                _ => app.t("tui.intake.fix").to_string(),
            };
            app.set_message(text, true);
            Vec::new()
        }
        Ok((record, applicant)) => {
            i.stage = intake::Stage::Checking;
            let adverse_party = record.adverse_party;
            app.set_message(app.t("tui.intake.checking"), false);
            vec![Effect::Do(Command::CheckPerson {
                applicant: Box::new(applicant),
                adverse_party,
            })]
        }
    }
}

/// Registers the form as checked (it cannot change while the check and
/// its question are open).
pub(super) fn register(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let record = i.form.record(app.today(), &app.status.user, &label);
    if let Some(i) = app.intake.as_mut() {
        i.stage = intake::Stage::Saving;
    }
    vec![Effect::Do(Command::Register(Box::new(record)))]
}

/// Esc in the form: close at once when nothing was typed, else ask.
pub(super) fn leave_form(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    if i.form.is_blank() {
        let stored = i.saved.is_some();
        app.intake = None;
        return if stored {
            vec![Effect::Do(Command::SaveDraft(None))]
        } else {
            Vec::new()
        };
    }
    app.question = Some(Question::new(Ask::LeaveForm));
    Vec::new()
}
