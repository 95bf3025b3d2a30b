//! Search and filters: the search prompt, the queue's filters and the board's provider filter.

use super::edit;
use super::{Effect, Request, board_request, queue_request};
use crate::tui::action::Action;
use crate::tui::app::{App, Results};
use crate::tui::paged::{PAGE, Window};
use crate::tui::rows::{BoardFilter, Stage};
/// The search prompt: run the search or edit the query.
pub(super) fn search(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(field) = app.search.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            let query = field.text().trim().to_string();
            app.search = None;
            if query.is_empty() {
                return Vec::new();
            }
            app.detail = None;
            app.results = Some(Results {
                query: query.clone(),
                list: Default::default(),
                matched: Default::default(),
            });
            let window = Window {
                offset: 0,
                limit: PAGE,
                around: None,
            };
            return vec![Effect::Load(Request::Search { query, window })];
        }
        Action::Cancel => app.search = None,
        other => edit(field, other),
    }
    Vec::new()
}

/// Changes the queue's filter and loads the queue again from its top.
pub(super) fn filter(app: &mut App, action: Action) -> Vec<Effect> {
    let f = &mut app.queue_filter;
    match action {
        Action::FilterChannel => f.next_channel(),
        Action::FilterKind => f.next_kind(),
        Action::FilterMine => {
            f.caseworker = match f.caseworker {
                Some(_) => None,
                None => Some(app.status.user.clone()),
            }
        }
        Action::FilterApproval => f.awaiting_approval = !f.awaiting_approval,
        _ => *f = Default::default(),
    }
    app.queue = Default::default();
    app.checklist = Default::default();
    let window = Window {
        offset: 0,
        limit: PAGE,
        around: None,
    };
    vec![Effect::Load(queue_request(app, window))]
}

/// Shows only one provider's cases on the board (None: everyone's), from
/// the first page of every column.
pub(super) fn set_board_filter(app: &mut App, filter: Option<BoardFilter>) -> Vec<Effect> {
    app.board.columns = Default::default();
    app.board_filter = filter;
    let window = Window {
        offset: 0,
        limit: PAGE,
        around: None,
    };
    Stage::ALL
        .iter()
        .map(|s| Effect::Load(board_request(app, *s, window)))
        .collect()
}
