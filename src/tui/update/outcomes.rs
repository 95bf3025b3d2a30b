//! What the shell reports back after a change: each outcome, the message it leaves and what to load next.

use super::assign::providers;
use super::intake_flow::register;
use super::steps::step_done_message;
use super::{Effect, Loaded, Request, board_request};
use super::{apply, reload};
use crate::domain::case::CaseNo;
use crate::i18n::fill;
use crate::tui::app::{App, Ask, Pane, PromptKind, Question};
use crate::tui::command::{Command, Outcome};
use crate::tui::intake;
use crate::tui::intake::Form;
/// The outcome of a change the screen asked for.
pub(super) fn done(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Draft(Some(json)) => {
            if app.overlays.intake().is_some() || app.overlays.question().is_some() {
                return Vec::new();
            }
            match Form::from_draft(&json) {
                Some(form) if !form.is_blank() => {
                    app.overlays
                        .open_question(Question::new(Ask::DraftOffer(Box::new(form))));
                }
                Some(_) => {}
                None => app.set_message(app.t("tui.intake.unreadable"), true),
            }
            Vec::new()
        }
        Outcome::Draft(None) | Outcome::DraftSaved => Vec::new(),
        Outcome::Providers { no, choices } => {
            providers(app, no, choices);
            Vec::new()
        }
        Outcome::Me { role, names } => {
            app.role = Some(role);
            app.names = names;
            Vec::new()
        }
        Outcome::Person {
            duplicates,
            conflicts,
        } => {
            let Some(i) = app
                .overlays
                .intake_mut()
                .filter(|i| i.stage == intake::Stage::Checking)
            else {
                return Vec::new();
            };
            i.conflicts = conflicts.clone();
            if duplicates.is_empty() {
                return register(app);
            }
            app.status.message = None;
            app.overlays.open_question(Question::new(Ask::Duplicates {
                cases: duplicates,
                conflicts,
            }));
            Vec::new()
        }
        Outcome::Consulted { id, on, then_apply } => {
            super::consult_flow::saved(app, (on, id), then_apply);
            Vec::new()
        }
        Outcome::Registered(no) => {
            let conflicts = app
                .overlays
                .take_intake()
                .map(|i| i.conflicts)
                .unwrap_or_default();
            app.pending_draft = None;
            let mut text = fill(app.t("tui.intake.registered"), &[("case", &no.to_string())]);
            if !conflicts.is_empty() {
                text.push_str(&fill(
                    app.t("tui.intake.conflict_noted"),
                    &[("cases", &CaseNo::list(&conflicts))],
                ));
            }
            app.set_message(text, false);
            vec![Effect::Do(Command::SaveDraft(None))]
        }
        Outcome::Stepped { text, no, stage } => {
            // The selection follows the case to the column it moved to, so
            // that the next key acts on it, not on the card that took its slot.
            let mut out = Vec::new();
            if app.focus == Pane::Board
                && let Some(stage) = stage
            {
                app.board.column = stage.index();
                app.board.columns[stage.index()].follow(no);
                let window = app.board.column(stage).window();
                out.push(Effect::Load(board_request(app, stage, window)));
            }
            out.extend(apply(app, Loaded::Done(Outcome::Changed(text))));
            out
        }
        Outcome::Changed(text) => {
            let sent = app.take_step_sent();
            if matches!(
                app.overlays.prompt().map(|p| &p.kind),
                Some(PromptKind::Step(_))
            ) {
                app.overlays.close_prompt();
            }
            let Some(p) = app.overlays.take_prompt() else {
                let text = match sent {
                    Some((no, code)) => step_done_message(app, no, code),
                    None => text,
                };
                app.set_message(text, false);
                return Vec::new();
            };
            let case = p.no.to_string();
            let text = match &p.kind {
                PromptKind::Step(_) => text,
                PromptKind::Correct { field } => fill(
                    app.t("tui.msg.corrected"),
                    &[("case", &case), ("field", &app.lang.field_word(field))],
                ),
            };
            app.set_message(text, false);
            vec![Effect::Load(Request::Detail(p.no))]
        }
        Outcome::Refused { message, stale } => {
            if let Some(i) = app.overlays.intake_mut() {
                i.stage = intake::Stage::Editing;
            }
            let mut out = Vec::new();
            let stepping = matches!(
                app.in_flight.take(),
                Some(crate::tui::app::InFlight::Step { .. })
            );
            if stepping && stale {
                // The rows carry revisions: read everything again.
                out.extend(reload(app));
            }
            if let Some(p) = app
                .overlays
                .prompt_mut()
                .filter(|p| matches!(p.kind, PromptKind::Step(_)))
            {
                p.stale = stale;
                // The prompt keeps the focus and what was typed, and says
                // why in full: the next keys edit the text, Esc leaves.
                p.error = Some(message.clone());
            } else if let Some(p) = app.overlays.prompt_mut() {
                p.error = Some(message.clone());
                // What was typed stays; the case is read again.
                p.stale = stale;
                if stale {
                    out.push(Effect::Load(Request::Detail(p.no)));
                }
            }
            let text = if stale {
                format!("{} ({message})", app.t("tui.msg.stale"))
            } else {
                message
            };
            app.set_message(text, true);
            out
        }
    }
}
