//! The answers to questions: the choice taken in each kind of box, the draft kept or dropped, a box dismissed.

use super::assign::pick_provider;
use super::assign::rank_providers;
use super::finding::set_board_filter;
use super::intake_flow::register;
use super::navigation::focus;
use super::steps::{ask_text, send_step};
use super::{Effect, Request};
use crate::domain::codes::ReasonCode;
use crate::domain::workflow::Step;
use crate::i18n::fill;
use crate::tui::action::{Action, Context};
use crate::tui::app::{
    App, Ask, Choice, Detail, Intake, Pane, Prompt, PromptKind, Question, StepDraft,
};
use crate::tui::command::Command;
use crate::tui::field::TextField;
use crate::tui::intake;
use crate::tui::rows::{BoardFilter, ProviderRow};
/// A key of a question: a choice by its letter, or the selected one.
pub(super) fn answer(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(q) = app.overlays.question() else {
        return Vec::new();
    };
    let choices = q.choices();
    let selected = choices.get(q.cursor).copied();
    let choice = match action {
        Action::Choose => selected,
        Action::Resume => choices.iter().copied().find(|c| *c == Choice::Resume),
        Action::Keep => choices.iter().copied().find(|c| *c == Choice::Keep),
        Action::Discard => choices.iter().copied().find(|c| *c == Choice::Discard),
        Action::Proceed => choices.iter().copied().find(|c| *c == Choice::Proceed),
        Action::OpenExisting => selected
            .filter(|c| matches!(c, Choice::Open(_)))
            .or_else(|| {
                choices
                    .iter()
                    .copied()
                    .find(|c| matches!(c, Choice::Open(_)))
            }),
        _ => None,
    };
    match choice {
        Some(c) => choose(app, c),
        None => Vec::new(),
    }
}

pub(super) fn choose(app: &mut App, choice: Choice) -> Vec<Effect> {
    let Some(Question { ask, cursor }) = app.overlays.take_question() else {
        return Vec::new();
    };
    match (ask, choice) {
        (Ask::DraftOffer(form), Choice::Resume) => {
            app.pending_draft = None;
            app.overlays.open_intake(Intake::resumed(*form));
            Vec::new()
        }
        (Ask::DraftOffer(_), Choice::Discard) | (Ask::LeaveForm, Choice::Discard) => {
            app.pending_draft = None;
            app.overlays.close_intake();
            app.set_message(app.t("tui.intake.discarded"), false);
            vec![Effect::Do(Command::SaveDraft(None))]
        }
        (Ask::LeaveForm, Choice::Keep) => {
            keep_draft(app);
            Vec::new()
        }
        (Ask::ApprovePayments { items, .. }, Choice::Pick(0)) => {
            super::supervision::confirmed(items)
        }
        (Ask::ApprovePayments { .. }, _) => Vec::new(),
        (Ask::Duplicates { .. }, Choice::Proceed) => register(app),
        (Ask::Duplicates { .. }, Choice::Open(no)) => {
            // The existing case instead: the draft stays for later.
            keep_draft(app);
            app.overlays.close_help();
            app.overlays.open_detail(Detail {
                no,
                view: None,
                scroll: 0,
            });
            vec![Effect::Load(Request::Detail(no))]
        }
        (
            Ask::PickField {
                no,
                revision,
                fields,
            },
            Choice::Field(i),
        ) => {
            if let Some((field, value)) = fields.get(i) {
                app.overlays.open_prompt(Prompt {
                    kind: PromptKind::Correct {
                        field: field.clone(),
                    },
                    no,
                    revision,
                    field: TextField::with_text(value),
                    stale: false,
                    applicant: app.applicant_of(no),
                    error: None,
                });
            }
            Vec::new()
        }
        (Ask::PickItem { no, revision }, Choice::Pick(i)) => {
            let items = crate::domain::eligibility::Item::ALL;
            let item = items.get(i).copied().unwrap_or(items[0]);
            app.overlays
                .open_question(Question::new(Ask::Verdict { no, revision, item }));
            Vec::new()
        }
        (
            Ask::PickNote {
                no,
                revision,
                notes,
            },
            Choice::Pick(i),
        ) => match notes.get(i) {
            Some((note, _)) => {
                ask_text(app, no, revision, StepDraft::StrikeNote { note: *note }, "")
            }
            None => Vec::new(),
        },
        (Ask::Verdict { no, revision, item }, Choice::Pick(i)) => {
            let verdicts = crate::domain::eligibility::Verdict::ALL;
            let verdict = verdicts.get(i).copied().unwrap_or(verdicts[0]);
            ask_text(app, no, revision, StepDraft::Confirm { item, verdict }, "")
        }
        (Ask::Ground { no, revision }, Choice::Pick(i)) => {
            let grounds = crate::domain::codes::Ground::ALL;
            let ground = grounds.get(i).copied().unwrap_or(grounds[0]);
            send_step(app, no, revision, Step::Terminate { ground })
        }
        (
            Ask::Result {
                no,
                revision,
                kind,
                outcome,
            },
            Choice::Pick(i),
        ) => {
            use crate::domain::codes::ResultCode;
            match ResultCode::for_kind(kind).get(i).copied() {
                // Something obtained for the recipient: how much.
                Some(code)
                    if kind != crate::domain::codes::Kind::Criminal
                        && matches!(
                            code,
                            ResultCode::Won
                                | ResultCode::Mediated
                                | ResultCode::Settled
                                | ResultCode::ArbitrationAward
                        ) =>
                {
                    ask_text(
                        app,
                        no,
                        revision,
                        StepDraft::Recovered { outcome, code },
                        "",
                    )
                }
                code => super::steps::ask_date(
                    app,
                    no,
                    revision,
                    Step::Conclude {
                        outcome,
                        result: code.map(|code| crate::domain::case::CaseResult {
                            code,
                            recovered: 0,
                            wages: 0,
                        }),
                    },
                ),
            }
        }
        (Ask::ObjectionDecision { no, revision }, Choice::Pick(i)) => {
            let draft = StepDraft::ObjectionNote { upheld: i == 0 };
            ask_text(app, no, revision, draft, "")
        }
        (
            Ask::Serious {
                no,
                revision,
                reassign,
            },
            Choice::Pick(0),
        ) => rank_providers(app, no, revision, reassign),
        (
            Ask::Serious {
                no,
                revision,
                reassign,
            },
            Choice::Pick(_),
        ) => {
            // Recorded on the case (a correction, kept in the history),
            // then ranked with it: the correction is the case's next revision.
            let record = Command::Correct {
                no,
                revision,
                field: "serious".into(),
                value: "true".into(),
            };
            let mut effects = vec![Effect::Do(record)];
            effects.extend(rank_providers(app, no, revision + 1, reassign));
            effects
        }
        (Ask::Decision { no, revision }, Choice::Pick(i)) => {
            let grant = i == 0;
            let mut q = Question::new(Ask::ReasonCode {
                no,
                revision,
                grant,
            });
            // Start on the reason the checklist supports (Art. 32, 42…).
            if let Some(view) = app.checklist.view.as_ref().filter(|v| v.no == no) {
                let code = crate::domain::decision::supported_reason(&view.checks, grant);
                q.cursor = ReasonCode::for_decision(grant)
                    .iter()
                    .position(|c| *c == code)
                    .unwrap_or(0);
            }
            app.overlays.open_question(q);
            Vec::new()
        }
        (
            Ask::ReasonCode {
                no,
                revision,
                grant,
            },
            Choice::Pick(i),
        ) => {
            let reasons = ReasonCode::for_decision(grant);
            let reason_code = reasons.get(i).copied().unwrap_or(reasons[0]);
            let effects = ask_text(
                app,
                no,
                revision,
                StepDraft::Propose { grant, reason_code },
                "",
            );
            // A grant on a checklist that says not eligible: said at once.
            let failing = app
                .checklist
                .view
                .as_ref()
                .filter(|v| v.no == no)
                .map(|v| crate::domain::eligibility::summarize(&v.checks));
            if grant && let Some(crate::domain::eligibility::Summary::NotEligible(items)) = failing
            {
                let words: Vec<String> = items
                    .iter()
                    .map(|i| app.word("tui.item", i.code()))
                    .collect();
                let text = fill(
                    app.t("tui.prompt.grant_not_eligible"),
                    &[("items", &words.join(app.t("provider.separator")))],
                );
                if let Some(p) = app.overlays.prompt_mut() {
                    p.error = Some(text);
                }
            }
            effects
        }
        (
            Ask::Providers {
                no,
                revision,
                choices,
                reassign,
            },
            Choice::Pick(i),
        ) => pick_provider(app, no, revision, choices, reassign, i, cursor),
        (Ask::PickProvider { rows }, Choice::Pick(i)) => {
            // 0 is "all providers".
            let chosen = i.checked_sub(1).and_then(|i| rows.get(i));
            board_filter_to(app, chosen)
        }
        (Ask::ProviderView { rows }, Choice::Pick(i)) => board_filter_to(app, rows.get(i)),
        // A choice the question does not have: it stays open.
        (ask, _) => {
            app.overlays.open_question(Question { ask, cursor });
            Vec::new()
        }
    }
}

/// The board shows the provider chosen (None: everyone), with the focus on it.
pub(super) fn board_filter_to(app: &mut App, row: Option<&ProviderRow>) -> Vec<Effect> {
    let filter = row.map(|r| BoardFilter {
        id: r.id.clone(),
        name: r.name.clone(),
    });
    focus(app, Pane::Board);
    set_board_filter(app, filter)
}

/// Closes the form and keeps its draft (in the store already) for `n`.
pub(super) fn keep_draft(app: &mut App) {
    if let Some(i) = app.overlays.take_intake() {
        app.pending_draft = Some(Box::new(i.form));
    }
    kept_message(app);
}

/// Says how to come back to a draft kept for later.
pub(super) fn kept_message(app: &mut App) {
    let key = app
        .keymap
        .keys(Context::Queue, Action::NewApplication)
        .first()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let text = fill(app.t("tui.intake.kept"), &[("key", &key)]);
    app.set_message(text, false);
}

/// Esc on a question: back to the form, or the draft put off for later.
pub(super) fn dismiss(app: &mut App) {
    let Some(q) = app.overlays.take_question() else {
        return;
    };
    match q.ask {
        Ask::DraftOffer(form) => {
            app.pending_draft = Some(form);
            kept_message(app);
        }
        Ask::Duplicates { .. } => {
            if let Some(i) = app.overlays.intake_mut() {
                i.stage = intake::Stage::Editing;
            }
        }
        Ask::Providers { .. } => app.in_flight = None,
        Ask::LeaveForm
        | Ask::PickProvider { .. }
        | Ask::ProviderView { .. }
        | Ask::PickField { .. }
        | Ask::PickItem { .. }
        | Ask::PickNote { .. }
        | Ask::Verdict { .. }
        | Ask::Decision { .. }
        | Ask::Serious { .. }
        | Ask::Ground { .. }
        | Ask::Result { .. }
        | Ask::ObjectionDecision { .. }
        | Ask::ApprovePayments { .. }
        | Ask::ReasonCode { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    #[test]
    fn a_digit_takes_the_choice_of_that_number() {
        let mut app = app_with_data();
        let (_, _) = open_detail(&mut app);
        keys(&mut app, &["t"]);
        // Beyond the list: nothing happens, the question stays.
        assert!(commands(&keys(&mut app, &["9"])).is_empty());
        assert!(app.overlays.question().is_some());
        let e = keys(&mut app, &["6"]);
        assert_eq!(
            step_of(&e).2,
            Step::Terminate {
                ground: Ground::OwnLawyer
            }
        );
        // 1-4 focus panes elsewhere; in a question they are choices.
        keys(&mut app, &["p", "2"]);
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::ReasonCode { grant: false, .. }
        ));
    }
}
