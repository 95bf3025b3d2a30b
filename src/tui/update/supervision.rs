//! The director's supervision screen: open it (loaded from the store's
//! counters and lists), move through the payments waiting for approval,
//! open one's case, and approve them all after a confirmation that names
//! how many and for how much.

use super::{Effect, Request};
use crate::tui::app::{App, Ask, Question, Supervision};
use crate::tui::command::Command;

/// Opens the screen (or reloads it when open).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    app.overlays.close_help();
    let cursor = app.overlays.supervision().map_or(0, |s| s.cursor);
    let view = app.overlays.supervision().and_then(|s| s.view.clone());
    app.overlays.open_supervision(Supervision { view, cursor });
    vec![Effect::Load(Request::Supervision)]
}

/// The figures arrived: kept while the screen is open; the selection stays
/// on its payment when it is still listed.
pub(super) fn loaded(app: &mut App, view: crate::tui::rows::SupervisionView) {
    if let Some(s) = app.overlays.supervision_mut() {
        let selected = s
            .view
            .as_ref()
            .and_then(|v| v.to_approve.get(s.cursor))
            .map(|p| (p.no, p.seq));
        s.cursor = selected
            .and_then(|sel| view.to_approve.iter().position(|p| (p.no, p.seq) == sel))
            .unwrap_or(s.cursor)
            .min(view.to_approve.len().saturating_sub(1));
        s.view = Some(view);
    }
}

/// Moves the selected payment.
pub(super) fn motion(app: &mut App, target: impl Fn(usize, usize) -> usize) {
    if let Some(s) = app.overlays.supervision_mut() {
        let len = s.view.as_ref().map_or(0, |v| v.to_approve.len());
        s.cursor = target(s.cursor, len);
    }
}

/// Opens the case of the selected payment.
pub(super) fn open_case(app: &mut App) -> Vec<Effect> {
    let no = app
        .overlays
        .supervision()
        .and_then(|s| s.view.as_ref()?.to_approve.get(s.cursor).map(|p| p.no));
    super::navigation::open_case(app, no, "tui.supervision.nothing_to_approve")
}

/// Asks to approve every payment listed: how many and for how much.
pub(super) fn approve_all(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.overlays.supervision().and_then(|s| s.view.as_ref()) else {
        return Vec::new();
    };
    if view.to_approve.is_empty() {
        let text = app.t("tui.supervision.nothing_to_approve").to_string();
        app.set_message(text, false);
        return Vec::new();
    }
    let items = view
        .to_approve
        .iter()
        .map(|p| (p.no, p.revision, p.seq))
        .collect();
    let total = view.to_approve.iter().map(|p| u64::from(p.amount)).sum();
    app.overlays
        .open_question(Question::new(Ask::ApprovePayments { items, total }));
    Vec::new()
}

/// The answer to [`approve_all`]: the first choice approves them.
pub(super) fn confirmed(items: Vec<(crate::domain::case::CaseNo, u64, u32)>) -> Vec<Effect> {
    vec![Effect::Do(Command::ApprovePayments { items })]
}

#[cfg(test)]
mod tests {
    use crate::tui::update::testing::*;

    #[test]
    fn approving_asks_first_and_names_the_payments() {
        let mut app = app_with_data();
        let effects = keys(&mut app, &["6"]);
        assert_eq!(app.context(), Context::Supervision);
        assert!(loads(&effects).contains(&&Request::Supervision));
        let view = crate::tui::sample::Sample::standard().supervision();
        apply(&mut app, Loaded::Supervision(Box::new(view.clone())));
        keys(&mut app, &["j"]);
        assert_eq!(app.overlays.supervision().unwrap().cursor, 1);
        // Nothing is sent before the confirmation.
        assert!(commands(&keys(&mut app, &["a"])).is_empty());
        assert_eq!(app.context(), Context::Question);
        let effects = keys(&mut app, &["enter"]);
        let sent = commands(&effects);
        let items: Vec<_> = view
            .to_approve
            .iter()
            .map(|p| (p.no, p.revision, p.seq))
            .collect();
        assert_eq!(sent, vec![&Command::ApprovePayments { items }]);
        // Esc closes the screen.
        keys(&mut app, &["esc"]);
        assert!(app.overlays.supervision().is_none());
    }

    #[test]
    fn the_second_choice_approves_nothing() {
        let mut app = app_with_data();
        keys(&mut app, &["6"]);
        let view = crate::tui::sample::Sample::standard().supervision();
        apply(&mut app, Loaded::Supervision(Box::new(view)));
        keys(&mut app, &["a", "j"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert_eq!(app.context(), Context::Supervision);
    }
}
