//! Assigning and replacing a provider: whether the case may bring a life
//! or death sentence, the ranking, the pick and its reason.

use super::steps::{ask_text, send_step};
use super::{Effect, open_case};
use crate::domain::case::CaseNo;
use crate::domain::workflow::Step;
use crate::i18n::fill;
use crate::tui::app::{App, Ask, Question, StepDraft};
use crate::tui::command::Command;
/// Asks the store to rank the providers for a case (whether it may bring
/// a life sentence or the death penalty is read from the case).
pub(super) fn rank_providers(app: &mut App, no: CaseNo, revision: u64) -> Vec<Effect> {
    app.assigning = Some((no, revision));
    let text = fill(app.t("tui.msg.ranking"), &[("case", &no.to_string())]);
    app.set_message(text, false);
    vec![Effect::Do(Command::RankProviders { no })]
}

/// Whether a case on screen is a criminal one not yet recorded as
/// possibly bringing a life or death sentence: the question to ask first.
pub(super) fn may_be_serious(app: &App, no: CaseNo) -> bool {
    let criminal =
        |m: crate::domain::codes::Matter| m.kinds().contains(&crate::domain::codes::Kind::Criminal);
    if let Some((n, _, case)) = open_case(app)
        && n == no
    {
        return case.kind == crate::domain::codes::Kind::Criminal && !case.serious;
    }
    app.board
        .columns
        .iter()
        .find_map(|col| {
            (0..col.total())
                .filter_map(|i| col.get(i))
                .find(|c| c.no == no)
        })
        .is_some_and(|c| criminal(c.matter) && !c.serious)
}

/// The ranking arrived: providers who may take the case first, in rank
/// order, then those excluded.
pub(super) fn providers(app: &mut App, no: CaseNo, mut choices: Vec<crate::api::views::Choice>) {
    let Some((n, revision)) = app.assigning else {
        return;
    };
    if n != no {
        return;
    }
    if choices.is_empty() {
        app.assigning = None;
        let text = app.t("tui.msg.no_providers");
        app.set_message(text, true);
        return;
    }
    choices.sort_by_key(|c| !c.excluded.is_empty());
    app.status.message = None;
    app.question = Some(Question::new(Ask::Providers {
        no,
        revision,
        choices,
        reassign: app.reassigning,
    }));
}

/// A provider picked: the first ranked is assigned at once; another needs
/// a reason, as does any replacement; an excluded one is refused with why.
pub(super) fn pick_provider(
    app: &mut App,
    no: CaseNo,
    revision: u64,
    choices: Vec<crate::api::views::Choice>,
    reassign: bool,
    i: usize,
    cursor: usize,
) -> Vec<Effect> {
    let Some(c) = choices.get(i).cloned() else {
        return Vec::new();
    };
    // A hard rule (Art. 26, a minor's case, a conflict, an inactive
    // provider) is never passed over; a full provider is, with a reason.
    if c.excluded.iter().any(|e| e.is_hard()) {
        let text = fill(
            app.t("tui.msg.excluded"),
            &[
                ("name", &c.name),
                ("case", &no.to_string()),
                ("why", &app.lang.why(&c.excluded, &c.reasons)),
            ],
        );
        app.set_message(text, true);
        app.question = Some(Question {
            ask: Ask::Providers {
                no,
                revision,
                choices,
                reassign,
            },
            cursor,
        });
        return Vec::new();
    }
    app.assigning = None;
    if reassign {
        return ask_text(
            app,
            no,
            revision,
            StepDraft::Reassign {
                provider: c.id,
                name: c.name,
            },
            "",
        );
    }
    if i == 0 {
        return send_step(
            app,
            no,
            revision,
            Step::Assign {
                provider: c.id,
                reason: None,
            },
        );
    }
    ask_text(
        app,
        no,
        revision,
        StepDraft::Assign {
            provider: c.id,
            name: c.name,
        },
        "",
    )
}
