//! What the flows' tests share: keys typed into the app and the effects read back.

pub(crate) use crate::domain::codes::ReasonCode;
pub(crate) use crate::domain::codes::{Against, Ground};
pub(crate) use crate::domain::eligibility::Verdict;
pub(crate) use crate::domain::provider::{Exclusion, Reason};
pub(crate) use crate::domain::workflow::Step;
pub(crate) use crate::tui::command::Outcome;
pub(crate) use crate::tui::intake::FieldId;
pub(crate) use crate::tui::intake::Form;
pub(crate) use crate::tui::paged::PAGE;
pub(crate) use crate::tui::sample::{self as fixtures, app_with_data};
pub(crate) use crate::tui::update::*;
pub(crate) use crossterm::event::KeyCode;

pub(crate) fn keys(app: &mut App, names: &[&str]) -> Vec<Effect> {
    names
        .iter()
        .flat_map(|n| handle_key(app, Key::parse(n).unwrap()))
        .collect()
}

pub(crate) fn loads(effects: &[Effect]) -> Vec<&Request> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load(r) => Some(r),
            _ => None,
        })
        .collect()
}

pub(crate) fn commands(effects: &[Effect]) -> Vec<&Command> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Do(c) => Some(c),
            _ => None,
        })
        .collect()
}

pub(crate) fn type_in(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| handle_key(app, Key::char(c)))
        .collect()
}

pub(crate) fn form(app: &App) -> &Form {
    &app.overlays.intake().expect("the form is open").form
}

pub(crate) fn open_detail(app: &mut App) -> (CaseNo, u64) {
    let no = app.queue.selected_case().unwrap();
    keys(app, &["enter"]);
    let mut view = fixtures::detail_for(app, no);
    view.case.revision = 5;
    view.case.applicant.phone = Some("13800000000".into());
    apply(app, Loaded::Detail(Box::new(view)));
    (no, 5)
}

pub(crate) fn step_of(effects: &[Effect]) -> (CaseNo, u64, Step) {
    match commands(effects)[..] {
        [
            Command::Step {
                no, revision, step, ..
            },
        ] => (*no, *revision, (**step).clone()),
        ref other => panic!("{other:?}"),
    }
}

pub(crate) fn selected_row(app: &App) -> (CaseNo, u64) {
    let r = app.queue.selected_row().unwrap();
    (r.no, r.revision)
}
