//! Assigning and replacing a provider: whether the case may bring a life
//! or death sentence, the ranking, the pick and its reason.

use super::steps::{ask_text, send_step};
use super::{Effect, open_case};
use crate::domain::case::CaseNo;
use crate::domain::workflow::Step;
use crate::i18n::fill;
use crate::tui::app::{App, Ask, InFlight, Question, StepDraft};
use crate::tui::command::Command;
/// Asks the store to rank the providers for a case (whether it may bring
/// a life sentence or the death penalty is read from the case).
pub(super) fn rank_providers(
    app: &mut App,
    no: CaseNo,
    revision: u64,
    reassign: bool,
) -> Vec<Effect> {
    app.in_flight = Some(InFlight::Ranking {
        no,
        revision,
        reassign,
    });
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
    let Some(InFlight::Ranking {
        no: n,
        revision,
        reassign,
    }) = app.in_flight
    else {
        return;
    };
    if n != no {
        return;
    }
    if choices.is_empty() {
        app.in_flight = None;
        let text = app.t("tui.msg.no_providers");
        app.set_message(text, true);
        return;
    }
    choices.sort_by_key(|c| !c.excluded.is_empty());
    app.status.message = None;
    app.overlays.open_question(Question::new(Ask::Providers {
        no,
        revision,
        choices,
        reassign,
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
        app.overlays.open_question(Question {
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
    app.in_flight = None;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    fn choice(id: &str, excluded: &[Exclusion]) -> crate::api::views::Choice {
        crate::api::views::Choice {
            id: id.into(),
            name: format!("律师{id}"),
            organization: "湘潭所".into(),
            open: 1,
            capacity: 5,
            excluded: excluded.to_vec(),
            reasons: vec![Reason::Kind(crate::domain::codes::Kind::LaborArbitration)],
        }
    }

    #[test]
    fn assigning_a_criminal_case_asks_first_whether_it_is_serious() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let column = &app.board.columns[0];
        let mut cards: Vec<crate::tui::rows::Card> = (0..column.total())
            .filter_map(|i| column.get(i).cloned())
            .collect();
        cards[0].matter = crate::domain::codes::Matter::Defense;
        let (no, revision) = (cards[0].no, cards[0].revision);
        app.board.columns[0] = crate::tui::paged::Paged::with_rows(cards);
        assert!(commands(&keys(&mut app, &["a"])).is_empty());
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::Serious { .. }
        ));
        // Esc: nothing is ranked.
        assert!(commands(&keys(&mut app, &["esc"])).is_empty());
        assert!(app.overlays.question().is_none());
        keys(&mut app, &["a"]);
        let e = keys(&mut app, &["down", "enter"]);
        assert_eq!(
            commands(&e),
            [
                &Command::Correct {
                    no,
                    revision,
                    field: "serious".into(),
                    value: "true".into()
                },
                &Command::RankProviders { no }
            ]
        );
        assert_eq!(
            app.in_flight,
            Some(InFlight::Ranking {
                no,
                revision: revision + 1,
                reassign: false
            })
        );
    }

    #[test]
    fn assign_shows_providers_ranked_and_another_needs_a_reason() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        assert_eq!(app.board.column, 0, "awaiting assignment");
        let card = app.board.current().selected_row().unwrap().clone();
        let e = keys(&mut app, &["a"]);
        assert_eq!(commands(&e), [&Command::RankProviders { no: card.no }]);
        let ranked = vec![
            choice(
                "p9",
                &[Exclusion::ActedForAdverseParty {
                    case: CaseNo::new(2025, 3),
                }],
            ),
            choice("p1", &[]),
            choice("p2", &[]),
        ];
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: ranked.clone(),
            }),
        );
        let Some(Question {
            ask: Ask::Providers { choices, .. },
            ..
        }) = app.overlays.question()
        else {
            panic!("{:?}", app.overlays.question())
        };
        let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2", "p9"], "excluded last");
        // The first ranked: assigned at once.
        let (no, revision, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!((no, revision), (card.no, card.revision));
        assert_eq!(
            step,
            Step::Assign {
                provider: "p1".into(),
                reason: None
            }
        );
        apply(&mut app, Loaded::Done(Outcome::Changed("x".into())));
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("assigned")
        );
        // An excluded one: refused with why, the list stays.
        keys(&mut app, &["a"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: ranked.clone(),
            }),
        );
        assert!(commands(&keys(&mut app, &["down", "down", "enter"])).is_empty());
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("conflict of interest")
        );
        assert!(app.overlays.question().is_some());
        // Another: a reason first.
        keys(&mut app, &["up", "enter"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "当事人要求女律师");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::Assign {
                provider: "p2".into(),
                reason: Some("当事人要求女律师".into())
            }
        );
    }

    #[test]
    fn reassigning_asks_for_a_reason_whoever_is_picked() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let card = app.board.current().selected_row().unwrap().clone();
        let e = keys(&mut app, &["r"]);
        assert_eq!(commands(&e), [&Command::RankProviders { no: card.no }]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: vec![choice("p1", &[]), choice("p2", &[])],
            }),
        );
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::Providers { reassign: true, .. }
        ));
        // Even the first ranked needs the reason for the replacement.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(
            commands(&keys(&mut app, &["enter"])).is_empty(),
            "no reason yet"
        );
        type_in(&mut app, "受援人投诉承办律师");
        let (no, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(no, card.no);
        assert_eq!(
            step,
            Step::Reassign {
                provider: "p1".into(),
                reason: "受援人投诉承办律师".into()
            }
        );
        // A plain assignment afterwards is not a replacement.
        app.overlays.close_prompt();
        keys(&mut app, &["a"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: vec![choice("p1", &[])],
            }),
        );
        assert!(matches!(
            app.overlays.question().unwrap().ask,
            Ask::Providers {
                reassign: false,
                ..
            }
        ));
    }
}
