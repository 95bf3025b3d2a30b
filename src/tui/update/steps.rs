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
    app.in_flight = Some(crate::tui::app::InFlight::Step {
        no,
        code: step.code(),
    });
    vec![Effect::Do(Command::Step {
        no,
        revision,
        step: Box::new(step),
        on,
    })]
}

/// Asks the day `step` happened, today's date written in: Enter takes it.
pub(super) fn ask_date(app: &mut App, no: CaseNo, revision: u64, step: Step) -> Vec<Effect> {
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
    app.overlays.open_prompt(Prompt {
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
        Action::ConfirmItem if app.overlays.detail().is_some() => {
            app.overlays
                .open_question(Question::new(Ask::PickItem { no, revision }));
            Vec::new()
        }
        Action::StrikeNote => {
            let notes: Vec<(u32, String)> = app
                .overlays
                .detail()
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
                app.overlays.open_question(Question::new(Ask::PickNote {
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
                    app.overlays
                        .open_question(Question::new(Ask::Verdict { no, revision, item }));
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
            app.overlays
                .open_question(Question::new(Ask::Decision { no, revision }));
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
            let reassign = action == Action::Reassign;
            if may_be_serious(app, no) {
                app.overlays.open_question(Question::new(Ask::Serious {
                    no,
                    revision,
                    reassign,
                }));
                return Vec::new();
            }
            rank_providers(app, no, revision, reassign)
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
        Action::Score => {
            let points = app.status.summary.quality_points.clone();
            ask_text(app, no, revision, StepDraft::Score { points }, "")
        }
        Action::DeemWithdrawn => send_step(app, no, revision, Step::DeemWithdrawn),
        Action::EmergencyAid => send_step(app, no, revision, Step::EmergencyAid),
        Action::Terminate => {
            app.overlays
                .open_question(Question::new(Ask::Ground { no, revision }));
            Vec::new()
        }
        Action::DecideObjection => {
            app.overlays
                .open_question(Question::new(Ask::ObjectionDecision { no, revision }));
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
    let Some(p) = app.overlays.prompt() else {
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
            | StepDraft::Score { .. }
            | StepDraft::ObjectionNote { .. }
            | StepDraft::SubsidyReason { .. }
            | StepDraft::Withdraw
    );
    if needs_text && text.is_empty() {
        return refuse(app, "tui.prompt.text_needed");
    }
    // A decision without a text: asked once more before it is proposed.
    if matches!(draft, StepDraft::Propose { .. }) && text.is_empty() {
        let warning = app.t("tui.prompt.empty_decision").to_string();
        if let Some(p) = app.overlays.prompt_mut()
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
        StepDraft::Withdraw => Step::Withdraw { reason: text },
        StepDraft::Assign { provider, .. } => Step::Assign {
            provider,
            reason: Some(text),
        },
        StepDraft::Reassign { provider, .. } => Step::Reassign {
            provider,
            reason: text,
        },
        // Then the coded result when the kind is known, then the day the
        // matter ended (the judgment's, the mediation's).
        StepDraft::Conclude => {
            if let Some(kind) = app.kind_of(no) {
                app.overlays.open_question(Question::new(Ask::Result {
                    no,
                    revision,
                    kind,
                    outcome: text,
                }));
                return Vec::new();
            }
            return ask_date(
                app,
                no,
                revision,
                Step::Conclude {
                    outcome: text,
                    result: None,
                },
            );
        }
        StepDraft::Recovered { outcome, code } => {
            let Some((recovered, wages)) = crate::domain::input::amounts(&text) else {
                return refuse(app, "tui.prompt.amounts_format");
            };
            let result = crate::domain::case::CaseResult {
                code,
                recovered,
                wages,
            };
            return ask_date(
                app,
                no,
                revision,
                Step::Conclude {
                    outcome,
                    result: Some(result),
                },
            );
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
            Some(record) => Step::FollowUp { record },
            None => return refuse(app, "tui.prompt.follow_up_format"),
        },
        StepDraft::ObjectionNote { upheld } => Step::DecideObjection { upheld, note: text },
        StepDraft::Score { points } => match crate::domain::input::score_sheet(&text, points.len())
        {
            Some((items, total)) => Step::Score {
                items,
                total,
                note: String::new(),
                rules: None,
            },
            None => return refuse(app, "tui.prompt.score_format"),
        },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    #[test]
    fn the_rest_of_a_case_life_is_one_key_away_in_the_detail_view() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        let step = |e: &[Effect]| step_of(e).2;
        // A note needs its text.
        keys(&mut app, &["n"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "电话联系申请人");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            step_of(&e),
            (
                no,
                revision,
                Step::Note {
                    text: "电话联系申请人".into()
                }
            )
        );
        app.overlays.close_prompt();
        // Termination: the ground is picked from Art. 48's list.
        keys(&mut app, &["t"]);
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::Ground { .. }
        ));
        let e = keys(&mut app, &["down", "down", "down", "down", "down", "enter"]);
        assert_eq!(
            step(&e),
            Step::Terminate {
                ground: Ground::OwnLawyer
            }
        );
        assert_eq!(step(&keys(&mut app, &["D"])), Step::DeemWithdrawn);
        assert_eq!(step(&keys(&mut app, &["E"])), Step::EmergencyAid);
        assert_eq!(
            step(&keys(&mut app, &["o"])),
            Step::Object {
                against: Against::Denial
            }
        );
        // The objection's decision: upheld or rejected, then why.
        keys(&mut app, &["O", "enter"]);
        type_in(&mut app, "原决定认定事实清楚");
        assert_eq!(
            step(&keys(&mut app, &["enter"])),
            Step::DecideObjection {
                upheld: true,
                note: "原决定认定事实清楚".into()
            }
        );
        app.overlays.close_prompt();
        // The follow-up starts with the satisfaction.
        keys(&mut app, &["u"]);
        type_in(&mut app, "很满意");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "1，很满意");
        assert_eq!(
            step(&keys(&mut app, &["enter"])),
            Step::FollowUp {
                record: crate::domain::input::follow_up("1 很满意").unwrap()
            }
        );
    }

    #[test]
    fn confirm_picks_a_verdict_then_needs_a_reason() {
        let mut app = app_with_data();
        let (no, revision) = selected_row(&app);
        keys(&mut app, &["2"]);
        assert_eq!(app.context(), Context::Checklist);
        keys(&mut app, &["j", "c"]);
        let item = app.checklist.view.as_ref().unwrap().checks[1].item;
        assert!(matches!(
            &app.overlays.question().unwrap().ask,
            Ask::Verdict { item: i, .. } if *i == item
        ));
        keys(&mut app, &["down", "enter"]);
        assert_eq!(app.context(), Context::Prompt);
        // No reason: refused before the store is asked.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        type_in(&mut app, "户籍在外省");
        let (n, r, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!((n, r), (no, revision));
        assert_eq!(
            step,
            Step::Confirm {
                item,
                verdict: Verdict::Fail,
                reason: "户籍在外省".into()
            }
        );
        let e = apply(&mut app, Loaded::Done(Outcome::Changed("x".into())));
        assert!(e.is_empty(), "the live feed reloads");
        assert!(app.overlays.prompt().is_none());
        let m = app.status.message.as_ref().unwrap();
        assert!(!m.error && m.text.contains("item confirmed"), "{m:?}");
    }

    #[test]
    fn propose_asks_grant_or_deny_then_the_reason_code_then_the_text() {
        let mut app = app_with_data();
        let (no, _) = selected_row(&app);
        keys(&mut app, &["2", "p"]);
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::Decision { .. }
        ));
        keys(&mut app, &["down", "enter"]);
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::ReasonCode { grant: false, .. }
        ));
        keys(&mut app, &["down", "enter"]);
        type_in(&mut app, "月收入高于标准");
        let (n, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(n, no);
        assert_eq!(
            step,
            Step::Propose {
                grant: false,
                reason_code: ReasonCode::NotHardship,
                text: "月收入高于标准".into(),
                standard: None
            }
        );
        // A grant starts on the reason the checklist supports.
        app.overlays.close_prompt();
        let checks = app.checklist.view.as_ref().unwrap().checks.clone();
        let supported = crate::domain::decision::supported_reason(&checks, true);
        keys(&mut app, &["p", "enter", "enter"]);
        type_in(&mut app, "ok");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(
            matches!(step, Step::Propose { grant: true, reason_code, .. } if reason_code == supported),
            "{step:?}"
        );
        // Without a text: asked once more, then proposed.
        app.overlays.close_prompt();
        keys(&mut app, &["p", "enter", "enter"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.overlays.prompt().unwrap().error.is_some());
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(step, Step::Propose { grant: true, ref text, .. } if text.is_empty()));
    }

    #[test]
    fn approving_is_refused_on_screen_for_a_caseworker() {
        use crate::domain::user::Role;
        let mut app = app_with_data();
        apply(
            &mut app,
            Loaded::Done(Outcome::Me {
                role: Role::Caseworker,
                names: Default::default(),
            }),
        );
        assert!(commands(&keys(&mut app, &["2", "A"])).is_empty());
        assert!(app.overlays.prompt().is_none());
        let m = app.status.message.as_ref().unwrap();
        assert!(m.error && m.text.contains("director"), "{m:?}");
        // A director approves with an optional note; a return needs one.
        apply(
            &mut app,
            Loaded::Done(Outcome::Me {
                role: Role::Director,
                names: Default::default(),
            }),
        );
        keys(&mut app, &["A"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::Approve { note: "".into() });
        app.overlays.close_prompt();
        keys(&mut app, &["x"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "收入未核实");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::Return {
                note: "收入未核实".into()
            }
        );
        // The store's refusal shows as it is.
        apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "only a director may approve".into(),
                stale: false,
            }),
        );
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("only a director")
        );
        assert!(app.overlays.prompt().is_some(), "what was typed stays");
    }

    #[test]
    fn means_and_documents_are_typed_in_prompts() {
        let mut app = app_with_data();
        keys(&mut app, &["2", "m"]);
        type_in(&mut app, "three");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "3 2400");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::SetMeans {
                household_size: 3,
                monthly_income: 2400
            }
        );
        app.overlays.close_prompt();
        keys(&mut app, &["r"]);
        type_in(&mut app, "身份证复印件，收入证明");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        let due = app.today() + chrono::Days::new(15);
        assert_eq!(app.overlays.prompt().unwrap().field.text(), due.to_string());
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::RequestDocuments {
                items: vec!["身份证复印件".into(), "收入证明".into()],
                due
            }
        );
        app.overlays.close_prompt();
        // The day they arrived: today, written in; Enter takes it.
        keys(&mut app, &["R"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::DocumentsReceived);
        // The date proposed follows the policy's period (Law Art. 43).
        app.overlays.close_prompt();
        app.status.summary.supplement_days = 10;
        keys(&mut app, &["r"]);
        type_in(&mut app, "劳动合同");
        keys(&mut app, &["enter"]);
        let due = app.today() + chrono::Days::new(10);
        assert_eq!(app.overlays.prompt().unwrap().field.text(), due.to_string());
    }

    #[test]
    fn a_conclusion_asks_its_coded_result_and_what_was_recovered() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        // The column of cases being handled: the first card there.
        keys(&mut app, &["l"]);
        let card = app.board.current().selected_row().unwrap().clone();
        keys(&mut app, &["c"]);
        type_in(&mut app, "判决支持诉请");
        keys(&mut app, &["enter"]);
        let results = crate::domain::codes::ResultCode::for_kind(card.kind);
        let gains = results.iter().position(|r| {
            matches!(
                r,
                crate::domain::codes::ResultCode::Won | crate::domain::codes::ResultCode::Mediated
            )
        });
        match gains {
            Some(i) if card.kind != crate::domain::codes::Kind::Criminal => {
                keys(&mut app, &[&(i + 1).to_string()]);
                // A bad amount keeps the prompt; a good one asks the day.
                type_in(&mut app, "100 200");
                assert!(commands(&keys(&mut app, &["enter"])).is_empty());
                keys(&mut app, &["ctrl-u"]);
                type_in(&mut app, "120000 80000");
                keys(&mut app, &["enter"]);
                let (no, _, step) = step_of(&keys(&mut app, &["enter"]));
                assert_eq!(no, card.no);
                assert_eq!(
                    step,
                    Step::Conclude {
                        outcome: "判决支持诉请".into(),
                        result: Some(crate::domain::case::CaseResult {
                            code: results[i],
                            recovered: 120_000,
                            wages: 80_000,
                        }),
                    }
                );
            }
            _ => {
                // A criminal case: the opinion adopted, no amount asked.
                keys(&mut app, &["1"]);
                let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
                assert!(matches!(
                    step,
                    Step::Conclude {
                        result: Some(_),
                        ..
                    }
                ));
            }
        }
    }

    #[test]
    fn board_steps_and_a_stale_refusal_reads_everything_again() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        keys(&mut app, &["s"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::AgreementSigned);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "conflict".into(),
                stale: true,
            }),
        );
        assert!(loads(&e).contains(&&Request::Summary));
        // The refused step's prompt stays until Esc.
        assert!(app.overlays.prompt().is_some());
        keys(&mut app, &["esc"]);
        keys(&mut app, &["c"]);
        type_in(&mut app, "调解结案");
        // Then its coded result (here: none recorded, the last choice).
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(matches!(
            app.overlays.question().map(|q| &q.ask),
            Some(Ask::Result { .. })
        ));
        keys(&mut app, &["G", "enter"]);
        // Then the day it ended: an earlier one is typed over today's.
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "2026-11-24");
        let e = keys(&mut app, &["enter"]);
        assert!(matches!(
            commands(&e)[..],
            [Command::Step { on: Some(d), .. }] if d.to_string() == "2026-11-24"
        ));
        let (_, _, step) = step_of(&e);
        assert_eq!(
            step,
            Step::Conclude {
                outcome: "调解结案".into(),
                result: None,
            }
        );
        app.overlays.close_prompt();
        keys(&mut app, &["v"]);
        type_in(&mut app, "800元");
        // Not the standard: the reason is asked before anything is sent.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(matches!(
            app.overlays.prompt().map(|p| &p.kind),
            Some(PromptKind::Step(StepDraft::SubsidyReason {
                amount: 800,
                ..
            }))
        ));
        type_in(&mut app, "部分代理");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(
            step,
            Step::ReviewFile {
                amount: Some(800),
                reason: Some(ref r),
                ..
            } if r == "部分代理"
        ));
        // Nothing typed: the policy's standard, which the store fills in.
        app.overlays.close_prompt();
        keys(&mut app, &["v"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(step, Step::ReviewFile { amount: None, .. }));
        app.overlays.close_prompt();
        keys(&mut app, &["f"]);
        assert_eq!(step_of(&keys(&mut app, &["enter"])).2, Step::SubmitFile);
        app.overlays.close_prompt();
        assert_eq!(step_of(&keys(&mut app, &["z"])).2, Step::Archive);
    }
}
