//! The registration form: moving between fields, saving, the draft.

use super::Effect;
use crate::tui::app::{App, Ask, Question};
use crate::tui::command::Command;
use crate::tui::intake;
use crate::tui::intake::Form;
/// Tab or Shift-Tab in the registration form.
pub(super) fn intake_focus(app: &mut App, step: isize) -> Vec<Effect> {
    let stations = &app.status.summary.stations;
    if let Some(i) = app.overlays.intake_mut()
        && !(step == 1 && i.form.take_station(stations))
    {
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
    let Some(i) = app.overlays.intake() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let result = i.form.finish(app.today(), &app.status.user, &label);
    let Some(i) = app.overlays.intake_mut() else {
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
    let Some(i) = app.overlays.intake() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let record = i.form.record(app.today(), &app.status.user, &label);
    if let Some(i) = app.overlays.intake_mut() {
        i.stage = intake::Stage::Saving;
    }
    let consultation = app.overlays.intake().and_then(|i| i.form.consultation);
    vec![Effect::Do(Command::Register {
        record: Box::new(record),
        consultation,
    })]
}

/// Esc in the form: close at once when nothing was typed, else ask.
pub(super) fn leave_form(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.overlays.intake() else {
        return Vec::new();
    };
    if i.form.is_blank() {
        let stored = i.saved.is_some();
        app.overlays.close_intake();
        return if stored {
            vec![Effect::Do(Command::SaveDraft(None))]
        } else {
            Vec::new()
        };
    }
    app.overlays.open_question(Question::new(Ask::LeaveForm));
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    #[test]
    fn n_opens_the_form_and_typing_saves_the_draft() {
        let mut app = app_with_data();
        assert_eq!(app.context(), Context::Queue);
        assert!(keys(&mut app, &["n"]).is_empty());
        assert_eq!(app.context(), Context::Intake);
        // q and j are text in the form; Chinese arrives as characters.
        let e = type_in(&mut app, "张三q");
        let saved: Vec<&Command> = commands(&e);
        assert_eq!(saved.len(), 3, "one save per change");
        let Command::SaveDraft(Some(json)) = saved[2] else {
            panic!("{saved:?}")
        };
        assert_eq!(Form::from_draft(json).unwrap().name.text(), "张三q");
        // A key that changes nothing saves nothing.
        keys(&mut app, &["backspace"]);
        assert!(commands(&keys(&mut app, &["home", "left"])).is_empty());
        assert_eq!(form(&app).name.text(), "张三");
        // Tab moves on (and the draft remembers where).
        let e = keys(&mut app, &["tab"]);
        assert_eq!(form(&app).focus, FieldId::IdNumber);
        assert_eq!(commands(&e).len(), 1);
        keys(&mut app, &["shift-tab", "shift-tab"]);
        assert_eq!(form(&app).focus, FieldId::DeadlineDate);
        // On a choice, left and right change it.
        for _ in 0..7 {
            keys(&mut app, &["shift-tab"]);
        }
        assert_eq!(form(&app).focus, FieldId::Kind);
        keys(&mut app, &["right"]);
        assert_eq!(form(&app).kind, crate::domain::codes::Kind::Administrative);
        // A paste goes into the focused text field, on one line.
        keys(&mut app, &["shift-tab", "shift-tab"]);
        let e = paste_effects(&mut app, "荷塘区\n建设路1号");
        assert_eq!(form(&app).address.text(), "荷塘区 建设路1号");
        assert_eq!(commands(&e).len(), 1);
        // A paste the shell does not save is saved with the next key.
        paste(&mut app, "2栋");
        let e = keys(&mut app, &["end"]);
        let [Command::SaveDraft(Some(json))] = commands(&e)[..] else {
            panic!("{e:?}")
        };
        assert!(json.contains("2栋"), "{json}");
    }

    #[test]
    fn esc_asks_to_keep_or_discard_and_n_offers_the_kept_draft() {
        let mut app = app_with_data();
        // An untouched form closes at once.
        keys(&mut app, &["n", "tab", "esc"]);
        assert!(app.overlays.intake().is_none() && app.overlays.question().is_none());
        keys(&mut app, &["n"]);
        type_in(&mut app, "王五");
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Question);
        // Esc on the question goes back to the form.
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Intake);
        keys(&mut app, &["esc", "l"]);
        assert!(app.overlays.intake().is_none());
        assert!(app.pending_draft.is_some());
        assert!(app.status.message.as_ref().unwrap().text.contains(" n "));
        // n offers the draft again; r resumes it as it was.
        keys(&mut app, &["n"]);
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::DraftOffer(_)
        ));
        keys(&mut app, &["r"]);
        assert_eq!(form(&app).name.text(), "王五");
        // Discarding removes the stored draft.
        keys(&mut app, &["esc"]);
        let e = keys(&mut app, &["d"]);
        assert_eq!(commands(&e), [&Command::SaveDraft(None)]);
        assert!(app.overlays.intake().is_none() && app.pending_draft.is_none());
    }

    #[test]
    fn a_draft_from_before_is_offered_at_start() {
        let mut app = app_with_data();
        let mut f = Form::new();
        f.name = TextField::with_text("赵六");
        apply(&mut app, Loaded::Done(Outcome::Draft(Some(f.to_draft()))));
        let q = app.overlays.question().unwrap();
        assert!(matches!(&q.ask, Ask::DraftOffer(d) if d.name.text() == "赵六"));
        // Later: the draft waits for n.
        keys(&mut app, &["esc"]);
        assert!(app.overlays.question().is_none() && app.pending_draft.is_some());
        keys(&mut app, &["n", "enter"]);
        assert_eq!(form(&app).name.text(), "赵六");
        // Resumed drafts are not saved again until something changes.
        assert!(commands(&keys(&mut app, &["tab", "shift-tab"])).len() <= 2);
        // No draft, or a blank one: nothing is offered.
        let mut app = app_with_data();
        apply(&mut app, Loaded::Done(Outcome::Draft(None)));
        apply(
            &mut app,
            Loaded::Done(Outcome::Draft(Some(Form::new().to_draft()))),
        );
        assert!(app.overlays.question().is_none());
        apply(&mut app, Loaded::Done(Outcome::Draft(Some("{".into()))));
        assert!(app.status.message.as_ref().unwrap().error);
    }

    fn filled_form(app: &mut App) {
        keys(app, &["n"]);
        type_in(app, "张三");
        keys(app, &["tab"]);
        type_in(app, "11010519491231002X");
        for _ in 0..8 {
            keys(app, &["tab"]);
        }
        assert_eq!(form(app).focus, FieldId::AdverseParty);
        type_in(app, "李四");
    }

    #[test]
    fn saving_checks_then_registers_and_shows_the_number() {
        let mut app = app_with_data();
        keys(&mut app, &["n", "tab"]);
        type_in(&mut app, "123");
        // Problems: nothing is checked, the focus goes to the first.
        let e = keys(&mut app, &["ctrl-s"]);
        assert!(
            commands(&e)
                .iter()
                .all(|c| matches!(c, Command::SaveDraft(_))),
            "{e:?}"
        );
        assert_eq!(form(&app).focus, FieldId::Name);
        assert!(form(&app).tried);
        assert!(app.status.message.as_ref().unwrap().error);
        keys(&mut app, &["esc", "d"]);

        filled_form(&mut app);
        let e = keys(&mut app, &["ctrl-s"]);
        let [
            Command::CheckPerson {
                applicant,
                adverse_party,
            },
        ] = commands(&e)[..]
        else {
            panic!("{e:?}")
        };
        assert_eq!(applicant.name, "张三");
        assert!(applicant.birth_date.is_some(), "derived from the ID");
        assert_eq!(adverse_party.as_deref(), Some("李四"));
        // No duplicates: register at once.
        let conflict = CaseNo::new(2026, 7);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![],
                conflicts: vec![conflict],
            }),
        );
        let [Command::Register { record, .. }] = commands(&e)[..] else {
            panic!("{e:?}")
        };
        assert_eq!(record.applicant.name, "张三");
        assert_eq!(record.caseworker.as_deref(), Some("liwei"));
        assert_eq!(record.applicant.groups, ["elderly"]);
        let no = CaseNo::new(2026, 931);
        let e = apply(&mut app, Loaded::Done(Outcome::Registered(no)));
        assert_eq!(commands(&e), [&Command::SaveDraft(None)]);
        assert!(app.overlays.intake().is_none());
        let msg = &app.status.message.as_ref().unwrap().text;
        assert!(
            msg.contains("2026-0931") && msg.contains("2026-0007"),
            "{msg}"
        );
    }

    #[test]
    fn duplicates_are_shown_before_saving() {
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        let dup = CaseNo::new(2026, 12);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![(dup, "same ID number".into())],
                conflicts: vec![],
            }),
        );
        assert!(commands(&e).is_empty());
        assert_eq!(app.context(), Context::Question);
        // Back to the form, then save again and continue.
        keys(&mut app, &["esc"]);
        assert_eq!(app.overlays.intake().unwrap().stage, intake::Stage::Editing);
        keys(&mut app, &["ctrl-s"]);
        let person = Outcome::Person {
            duplicates: vec![(dup, "same ID number".into())],
            conflicts: vec![],
        };
        apply(&mut app, Loaded::Done(person.clone()));
        let e = keys(&mut app, &["c"]);
        assert!(matches!(commands(&e)[..], [Command::Register { .. }]));
        // Or open the existing case: the draft is kept.
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        apply(&mut app, Loaded::Done(person));
        let e = keys(&mut app, &["o"]);
        assert_eq!(loads(&e), [&Request::Detail(dup)]);
        assert!(app.overlays.intake().is_none() && app.pending_draft.is_some());
        assert_eq!(app.context(), Context::Detail);
    }

    #[test]
    fn a_refused_registration_keeps_the_form() {
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![],
                conflicts: vec![],
            }),
        );
        apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "store is read-only".into(),
                stale: false,
            }),
        );
        let i = app.overlays.intake().unwrap();
        assert_eq!(i.stage, intake::Stage::Editing);
        assert_eq!(i.form.name.text(), "张三");
    }
}
