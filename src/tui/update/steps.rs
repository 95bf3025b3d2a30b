//! The steps of the procedure taken from the checklist, the board and the
//! case view: a key, a question or a prompt, then the step sent.

use super::assign::may_be_serious;
use super::assign::rank_providers;
use super::{Effect, open_case};
use super::{current_revision, step_target};
use crate::domain::case::CaseNo;
use crate::domain::workflow::Step;
use crate::i18n::fill;
use crate::tui::action::Action;
use crate::tui::app::{App, Ask, Prompt, PromptKind, Question, StepDraft};
use crate::tui::command::Command;
use crate::tui::field::TextField;
/// Sends a step to the store.
pub(super) fn send_step(app: &mut App, no: CaseNo, revision: u64, step: Step) -> Vec<Effect> {
    send_step_on(app, no, revision, step, None)
}

/// [`send_step`] dated `on` (None: today).
fn send_step_on(
    app: &mut App,
    no: CaseNo,
    revision: u64,
    step: Step,
    on: Option<chrono::NaiveDate>,
) -> Vec<Effect> {
    app.step_sent = Some((no, step.code()));
    vec![Effect::Do(Command::Step {
        no,
        revision,
        step: Box::new(step),
        on,
    })]
}

/// Asks the day `step` happened, today's date written in: Enter takes it.
fn ask_date(app: &mut App, no: CaseNo, revision: u64, step: Step) -> Vec<Effect> {
    let today = app.today().to_string();
    ask_text(
        app,
        no,
        revision,
        StepDraft::Dated {
            step: Box::new(step),
        },
        &today,
    )
}

/// Opens the prompt that completes a step.
pub(super) fn ask_text(
    app: &mut App,
    no: CaseNo,
    revision: u64,
    draft: StepDraft,
    text: &str,
) -> Vec<Effect> {
    app.prompt = Some(Prompt {
        kind: PromptKind::Step(draft),
        no,
        revision,
        field: TextField::with_text(text),
        stale: false,
        applicant: app.applicant_of(no),
        error: None,
    });
    Vec::new()
}

/// A key of the checklist, the board or the detail view that takes a step.
pub(super) fn step_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some((no, revision)) = step_target(app) else {
        let text = app.t("tui.msg.nothing_selected").to_string();
        app.set_message(text, false);
        return Vec::new();
    };
    match action {
        // The case view has no checklist cursor: the item is asked first.
        Action::ConfirmItem if app.detail.is_some() => {
            app.question = Some(Question::new(Ask::PickItem { no, revision }));
            Vec::new()
        }
        Action::StrikeNote => {
            let notes: Vec<(u32, String)> = app
                .detail
                .as_ref()
                .and_then(|d| d.view.as_ref())
                .filter(|v| v.case.no == no)
                .map(|v| {
                    v.case
                        .notes
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.struck.is_none())
                        .map(|(i, n)| {
                            let who = app.names.of(&n.who);
                            let line = format!("{} {who}: {}", n.on, n.text.replace('\n', " "));
                            (i as u32 + 1, line)
                        })
                        .collect()
                })
                .unwrap_or_default();
            if notes.is_empty() {
                let text = fill(app.t("tui.msg.no_notes"), &[("case", &no.to_string())]);
                app.set_message(text, false);
            } else {
                app.question = Some(Question::new(Ask::PickNote {
                    no,
                    revision,
                    notes,
                }));
            }
            Vec::new()
        }
        Action::ConfirmItem => {
            let item = app
                .checklist
                .view
                .as_ref()
                .filter(|v| v.no == no)
                .and_then(|v| v.checks.get(app.checklist.cursor))
                .map(|c| c.item);
            match item {
                Some(item) => {
                    app.question = Some(Question::new(Ask::Verdict { no, revision, item }));
                }
                None => {
                    let text = app.t("tui.msg.nothing_selected").to_string();
                    app.set_message(text, false);
                }
            }
            Vec::new()
        }
        Action::SetMeans => ask_text(app, no, revision, StepDraft::Means, ""),
        Action::RequestDocuments => ask_text(app, no, revision, StepDraft::DocumentItems, ""),
        Action::DocumentsReceived => ask_date(app, no, revision, Step::DocumentsReceived),
        Action::Propose => {
            app.question = Some(Question::new(Ask::Decision { no, revision }));
            Vec::new()
        }
        Action::Approve | Action::ReturnProposal => {
            if let Some(role) = app.role.filter(|r| !r.may_approve()) {
                let role = app.word("tui.role", role.code());
                let text = fill(app.t("tui.msg.director_only"), &[("role", &role)]);
                app.set_message(text, true);
                return Vec::new();
            }
            let draft = if action == Action::Approve {
                StepDraft::Approve
            } else {
                StepDraft::Return
            };
            ask_text(app, no, revision, draft, "")
        }
        Action::Assign | Action::Reassign => {
            app.reassigning = action == Action::Reassign;
            if may_be_serious(app, no) {
                app.question = Some(Question::new(Ask::Serious { no, revision }));
                return Vec::new();
            }
            rank_providers(app, no, revision)
        }
        Action::AgreementSigned => ask_date(app, no, revision, Step::AgreementSigned),
        Action::Conclude => ask_text(app, no, revision, StepDraft::Conclude, ""),
        Action::SubmitFile => ask_date(app, no, revision, Step::SubmitFile),
        Action::ReviewFile => {
            let standard = app.subsidy_of(no);
            ask_text(app, no, revision, StepDraft::ReviewFile { standard }, "")
        }
        Action::Archive => send_step(app, no, revision, Step::Archive),
        Action::AddNote => ask_text(app, no, revision, StepDraft::Note, ""),
        Action::FollowUp => ask_text(app, no, revision, StepDraft::FollowUp, ""),
        Action::DeemWithdrawn => send_step(app, no, revision, Step::DeemWithdrawn),
        Action::EmergencyAid => send_step(app, no, revision, Step::EmergencyAid),
        Action::Terminate => {
            app.question = Some(Question::new(Ask::Ground { no, revision }));
            Vec::new()
        }
        Action::DecideObjection => {
            app.question = Some(Question::new(Ask::ObjectionDecision { no, revision }));
            Vec::new()
        }
        Action::Object => {
            // An objection is against the decision that closed the case;
            // the store refuses one for a case that is neither.
            use crate::domain::codes::{Against, Status};
            let against = match open_case(app).map(|(_, _, c)| c.status) {
                Some(Status::Terminated) => Against::Termination,
                _ => Against::Denial,
            };
            let step = Step::Object { against };
            send_step(app, no, revision, step)
        }
        _ => Vec::new(),
    }
}

/// Enter in a step's prompt: the step, or the next prompt, or why not.
pub(super) fn step_prompt(app: &mut App, draft: StepDraft, text: String) -> Vec<Effect> {
    let Some(p) = app.prompt.as_ref() else {
        return Vec::new();
    };
    let no = p.no;
    let revision = if p.stale {
        current_revision(app, no).unwrap_or(p.revision)
    } else {
        p.revision
    };
    let refuse = |app: &mut App, key: &str| {
        let t = app.t(key);
        app.set_message(t, true);
        Vec::new()
    };
    let needs_text = matches!(
        draft,
        StepDraft::Confirm { .. }
            | StepDraft::Return
            | StepDraft::Assign { .. }
            | StepDraft::Reassign { .. }
            | StepDraft::Conclude
            | StepDraft::DocumentItems
            | StepDraft::Note
            | StepDraft::FollowUp
            | StepDraft::ObjectionNote { .. }
            | StepDraft::SubsidyReason { .. }
    );
    if needs_text && text.is_empty() {
        return refuse(app, "tui.prompt.text_needed");
    }
    // A decision without a text: asked once more before it is proposed.
    if matches!(draft, StepDraft::Propose { .. }) && text.is_empty() {
        let warning = app.t("tui.prompt.empty_decision").to_string();
        if let Some(p) = app.prompt.as_mut()
            && p.error.as_deref() != Some(warning.as_str())
        {
            p.error = Some(warning);
            return Vec::new();
        }
    }
    let step = match draft {
        StepDraft::Confirm { item, verdict } => Step::Confirm {
            item,
            verdict,
            reason: text,
        },
        StepDraft::Means => match crate::domain::input::means(&text) {
            Some((household_size, monthly_income)) => Step::SetMeans {
                household_size,
                monthly_income,
            },
            None => return refuse(app, "tui.prompt.means_format"),
        },
        StepDraft::DocumentItems => {
            let items = crate::domain::input::items(&text);
            // The policy's period, as the status bar's summary carries it.
            let days = match app.status.summary.supplement_days {
                0 => crate::domain::policy::Policy::default().supplement_days,
                n => n,
            };
            let due = app.today() + chrono::Days::new(days.into());
            app.status.message = None;
            return ask_text(
                app,
                no,
                revision,
                StepDraft::DocumentsDue { items },
                &due.to_string(),
            );
        }
        StepDraft::DocumentsDue { items } => {
            match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(due) => Step::RequestDocuments { items, due },
                Err(_) => return refuse(app, "tui.prompt.date_format"),
            }
        }
        StepDraft::Propose { grant, reason_code } => Step::Propose {
            grant,
            reason_code,
            text,
            standard: None,
        },
        StepDraft::Approve => Step::Approve { note: text },
        StepDraft::Return => Step::Return { note: text },
        StepDraft::Assign { provider, .. } => Step::Assign {
            provider,
            reason: Some(text),
        },
        StepDraft::Reassign { provider, .. } => Step::Reassign {
            provider,
            reason: text,
        },
        // Then the day the matter ended (the judgment's, the mediation's).
        StepDraft::Conclude => {
            return ask_date(app, no, revision, Step::Conclude { outcome: text });
        }
        StepDraft::Dated { step } => match crate::domain::record::parse_date(&text) {
            Ok(on) => {
                let on = (on != app.today()).then_some(on);
                return send_step_on(app, no, revision, *step, on);
            }
            Err(_) => return refuse(app, "tui.prompt.date_format"),
        },
        // Empty: the policy's standard, which the store knows.
        StepDraft::ReviewFile { standard } => match text.trim_end_matches(['元', '¥']).trim() {
            "" => Step::ReviewFile {
                amount: None,
                standard: 0,
                reason: None,
            },
            digits => match digits.parse() {
                // Another amount than the standard: its reason is asked
                // next, with both figures in the question.
                Ok(amount) if standard.is_some_and(|s| s != amount) => {
                    let standard = standard.unwrap_or_default();
                    return ask_text(
                        app,
                        no,
                        revision,
                        StepDraft::SubsidyReason { amount, standard },
                        "",
                    );
                }
                Ok(amount) => Step::ReviewFile {
                    amount: Some(amount),
                    standard: 0,
                    reason: None,
                },
                Err(_) => return refuse(app, "tui.prompt.amount_format"),
            },
        },
        // The store fills in the standard and checks the reason again.
        StepDraft::SubsidyReason { amount, .. } => Step::ReviewFile {
            amount: Some(amount),
            standard: 0,
            reason: Some(text),
        },
        StepDraft::Note => Step::Note { text },
        StepDraft::StrikeNote { note } => Step::StrikeNote { note, reason: text },
        StepDraft::FollowUp => match crate::domain::input::follow_up(&text) {
            Some((satisfaction, note)) => Step::FollowUp { satisfaction, note },
            None => return refuse(app, "tui.prompt.follow_up_format"),
        },
        StepDraft::ObjectionNote { upheld } => Step::DecideObjection { upheld, note: text },
    };
    send_step(app, no, revision, step)
}

/// "2026-0003: decision proposed."
pub(super) fn step_done_message(app: &App, no: CaseNo, code: &str) -> String {
    let step = app.word("tui.steps", code);
    fill(
        app.t("tui.msg.step_done"),
        &[("case", &no.to_string()), ("step", &step)],
    )
}
