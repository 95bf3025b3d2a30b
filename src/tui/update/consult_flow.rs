//! The consultation flow: `C` opens the one-screen form, digits take the
//! choices, Ctrl-S saves it (F3 saves it and opens the registration form
//! prefilled with what the consultation said).

use super::{Effect, edit};
use crate::domain::codes::Channel;
use crate::domain::consult::ConsultChannel;
use crate::i18n::fill;
use crate::tui::action::Action;
use crate::tui::app::{App, Intake};
use crate::tui::command::Command;
use crate::tui::consult::ConsultForm;
use crate::tui::field::TextField;

pub(super) fn open(app: &mut App) -> Vec<Effect> {
    if app.overlays.consult().is_none() && app.overlays.intake().is_none() {
        app.overlays.close_help();
        app.overlays.open_consult(ConsultForm::default());
    }
    Vec::new()
}

pub(super) fn focus(app: &mut App, step: isize) -> Vec<Effect> {
    if let Some(f) = app.overlays.consult_mut() {
        f.move_focus(step);
    }
    Vec::new()
}

/// A character typed on the form: a digit takes a choice, anything on a
/// text line is text.
pub(super) fn type_char(app: &mut App, c: char) {
    let Some(f) = app.overlays.consult_mut() else {
        return;
    };
    if f.focus.is_choice() {
        f.pick(c);
    } else if let Some(field) = f.text_mut() {
        field.insert(&c.to_string());
        f.errors
            .retain(|e| ConsultForm::line_of(&e.field) != Some(f.focus));
    }
}

/// Pasted text on a text line.
pub(super) fn paste(app: &mut App, text: &str) {
    if let Some(field) = app.overlays.consult_mut().and_then(|f| f.text_mut()) {
        field.insert(text);
    }
}

/// An editing key (and Esc, which closes the form without saving).
pub(super) fn editing(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(f) = app.overlays.consult_mut() else {
        return Vec::new();
    };
    match action {
        Action::Cancel => {
            app.overlays.close_consult();
            let text = app.t("tui.consult.not_saved").to_string();
            app.set_message(text, false);
        }
        Action::Submit => f.move_focus(1),
        other => {
            if let Some(field) = f.text_mut() {
                edit(field, other);
            }
        }
    }
    Vec::new()
}

/// Checks the form and sends it; `then_apply`: open the registration form
/// prefilled once it is saved.
pub(super) fn save(app: &mut App, then_apply: bool) -> Vec<Effect> {
    let today = app.today();
    let Some(f) = app.overlays.consult_mut() else {
        return Vec::new();
    };
    match f.record().validate(today) {
        Ok(valid) => {
            f.errors.clear();
            vec![Effect::Do(Command::AddConsultation {
                consult: Box::new(valid),
                then_apply,
            })]
        }
        Err(errors) => {
            if let Some(line) = errors.first().and_then(|e| ConsultForm::line_of(&e.field)) {
                f.focus = line;
            }
            f.errors = errors;
            Vec::new()
        }
    }
}

/// Saved as number `id`: the form closes, the status bar says so, and the
/// registration form opens prefilled when asked.
pub(super) fn saved(app: &mut App, (on, id): (chrono::NaiveDate, u64), then_apply: bool) {
    let Some(f) = app.overlays.take_consult() else {
        return;
    };
    let text = fill(app.t("tui.consult.saved"), &[("id", &id.to_string())]);
    app.set_message(text, false);
    if then_apply && app.overlays.intake().is_none() {
        let mut intake = Intake::default();
        let form = &mut intake.form;
        form.name = TextField::with_text(f.name.text().trim());
        form.phone = TextField::with_text(f.phone.text().trim());
        form.summary = TextField::with_text(f.note.text().trim());
        form.groups = f.groups.clone();
        form.consultation = Some((on, id));
        form.channel = match f.channel {
            ConsultChannel::Visit | ConsultChannel::Other => Channel::WalkIn,
            ConsultChannel::Phone | ConsultChannel::Hotline12348 => Channel::Hotline,
            ConsultChannel::Letter => Channel::Letter,
            ConsultChannel::Online => Channel::Online,
        };
        app.pending_draft = None;
        app.overlays.open_intake(intake);
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::update::testing::*;

    #[test]
    fn c_opens_the_form_digits_fill_it_and_ctrl_s_sends_it() {
        let mut app = app_with_data();
        keys(&mut app, &["C"]);
        assert_eq!(app.context(), Context::Consult);
        // Hotline 12348, civil, wages (the fourth civil topic), migrant worker.
        keys(&mut app, &["3", "2", "4", "3", "tab"]);
        type_in(&mut app, "欠薪三个月，告知可申请");
        let e = keys(&mut app, &["ctrl-s"]);
        match commands(&e)[..] {
            [
                Command::AddConsultation {
                    consult,
                    then_apply: false,
                },
            ] => {
                assert_eq!(consult.channel.code(), "hotline_12348");
                assert_eq!(consult.topic.code(), "wages");
                assert_eq!(consult.groups.len(), 1);
                assert_eq!(consult.note, "欠薪三个月，告知可申请");
            }
            ref other => panic!("{other:?}"),
        }
        let today = app.today();
        apply(
            &mut app,
            Loaded::Done(Outcome::Consulted {
                id: 7,
                on: today,
                then_apply: false,
            }),
        );
        assert!(app.overlays.consult().is_none());
        assert!(app.status.message.as_ref().unwrap().text.contains('7'));
    }

    #[test]
    fn a_bad_phone_keeps_the_form_on_that_line() {
        let mut app = app_with_data();
        keys(&mut app, &["C", "tab", "tab", "tab", "tab", "tab", "tab"]);
        type_in(&mut app, "abc");
        assert!(keys(&mut app, &["ctrl-s"]).is_empty());
        let f = app.overlays.consult().unwrap();
        assert_eq!(f.focus, crate::tui::consult::Line::Phone);
        assert_eq!(f.errors.len(), 1);
        // Esc closes it without saving.
        keys(&mut app, &["esc"]);
        assert!(app.overlays.consult().is_none());
    }

    #[test]
    fn f3_saves_and_opens_the_registration_prefilled() {
        let mut app = app_with_data();
        keys(&mut app, &["C", "1", "2", "4", "tab", "tab"]);
        type_in(&mut app, "王小二");
        keys(&mut app, &["tab"]);
        type_in(&mut app, "13812345678");
        let e = keys(&mut app, &["f3"]);
        assert!(matches!(
            commands(&e)[..],
            [Command::AddConsultation {
                then_apply: true,
                ..
            }]
        ));
        let today = app.today();
        apply(
            &mut app,
            Loaded::Done(Outcome::Consulted {
                id: 8,
                on: today,
                then_apply: true,
            }),
        );
        let form = &app
            .overlays
            .intake()
            .expect("the registration is open")
            .form;
        assert_eq!(form.name.text(), "王小二");
        assert_eq!(form.phone.text(), "13812345678");
        assert_eq!(form.channel, crate::domain::codes::Channel::WalkIn);
        // Registering it links the consultation to the new case.
        keys(&mut app, &["ctrl-s"]);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![],
                conflicts: vec![],
            }),
        );
        assert!(
            matches!(
                commands(&e)[..],
                [Command::Register { consultation: Some((day, 8)), .. }] if *day == today
            ),
            "{e:?}"
        );
    }
}
