//! Search and filters: the search prompt, the queue's filters and the board's provider filter.

use super::edit;
use super::{Effect, Request, board_request, queue_request};
use crate::tui::action::Action;
use crate::tui::app::{App, Results};
use crate::tui::paged::{PAGE, Window};
use crate::tui::rows::{BoardFilter, Stage};
/// The search prompt: run the search or edit the query.
pub(super) fn search(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(field) = app.overlays.search_mut() else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            let query = field.text().trim().to_string();
            app.overlays.close_search();
            if query.is_empty() {
                return Vec::new();
            }
            app.overlays.close_detail();
            app.overlays.open_results(Results {
                query: query.clone(),
                list: Default::default(),
                matched: Default::default(),
                report: None,
            });
            let window = Window {
                offset: 0,
                limit: PAGE,
                around: None,
            };
            return vec![Effect::Load(Request::Search { query, window })];
        }
        Action::Cancel => app.overlays.close_search(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::update::testing::*;

    #[test]
    fn search_types_text_and_submits() {
        let mut app = app_with_data();
        keys(&mut app, &["/"]);
        assert_eq!(app.context(), Context::Form);
        // In a form, q and j are text, not quit and down.
        keys(&mut app, &["q", "j", "x", "backspace"]);
        handle_key(&mut app, Key::char('张'));
        assert_eq!(app.overlays.search().unwrap().text(), "qj张");
        paste(&mut app, "三\n");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(app.overlays.search(), None);
        assert_eq!(
            loads(&e),
            [&Request::Search {
                query: "qj张三".into(),
                window: Window {
                    offset: 0,
                    limit: PAGE,
                    around: None
                }
            }]
        );
        let rows: Vec<QueueRow> = app.queue.get(2).into_iter().cloned().collect();
        let found = rows[0].no;
        apply(
            &mut app,
            Loaded::Search {
                query: "qj张三".into(),
                page: Page::all(rows),
                matched: Vec::new(),
            },
        );
        assert_eq!(app.pointed_case(), Some(found));
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(found))]
        );
        keys(&mut app, &["esc"]);
        assert!(app.overlays.results().is_some());
        keys(&mut app, &["esc"]);
        assert!(app.overlays.results().is_none());
    }

    #[test]
    fn an_empty_search_or_cancel_does_nothing() {
        let mut app = app_with_data();
        keys(&mut app, &["/", "a", "esc"]);
        assert_eq!(app.overlays.search(), None);
        assert!(keys(&mut app, &["/", "space", "enter"]).is_empty());
        assert_eq!(app.overlays.results(), None);
        keys(&mut app, &["/", "a", "ctrl-c"]);
        assert_eq!(app.overlays.search(), None, "ctrl-c cancels a form");
    }

    #[test]
    fn filters_reload_the_queue_from_the_top() {
        let mut app = app_with_data();
        keys(&mut app, &["j", "j"]);
        let e = keys(&mut app, &["c"]);
        assert_eq!(
            app.queue_filter.channel,
            Some(crate::domain::codes::Channel::WalkIn)
        );
        assert!(
            matches!(loads(&e)[..], [Request::Queue(w, _)] if w.offset == 0 && w.around.is_none())
        );
        assert!(!app.queue.is_loaded());
        keys(&mut app, &["t", "m"]);
        assert_eq!(
            app.queue_filter.kind,
            Some(crate::domain::codes::Kind::Criminal)
        );
        assert_eq!(app.queue_filter.caseworker.as_deref(), Some("liwei"));
        keys(&mut app, &["m"]);
        assert_eq!(app.queue_filter.caseworker, None);
        keys(&mut app, &["backspace"]);
        assert!(app.queue_filter.is_empty());
        // Filters belong to the queue: elsewhere the keys do nothing.
        keys(&mut app, &["4", "c"]);
        assert!(app.queue_filter.is_empty());
    }

    fn provider_rows() -> Vec<ProviderRow> {
        let row = |id: &str, name: &str, open, overdue| ProviderRow {
            id: id.into(),
            name: name.into(),
            organization: "湘潭市法律援助中心".into(),
            open,
            capacity: 8,
            overdue,
            card: None,
        };
        vec![row("p1", "王律师", 2, 0), row("p2", "李律师", 5, 1)]
    }

    fn board_loads(effects: &[Effect]) -> Vec<(Stage, Option<String>)> {
        loads(effects)
            .into_iter()
            .filter_map(|r| match r {
                Request::Board(stage, _, p) => Some((*stage, p.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_board_filters_by_a_provider_picked_from_a_list() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let e = keys(&mut app, &["p"]);
        assert_eq!(loads(&e), [&Request::Providers { view: false }]);
        apply(
            &mut app,
            Loaded::Providers {
                view: false,
                rows: provider_rows(),
            },
        );
        let q = app.overlays.question().unwrap();
        assert!(matches!(q.ask, Ask::PickProvider { .. }));
        // "All providers" first, then each.
        assert_eq!(q.choices().len(), 3);
        let e = keys(&mut app, &["down", "down", "enter"]);
        assert!(app.overlays.question().is_none());
        let filter = app.board_filter.clone().unwrap();
        assert_eq!((filter.id.as_str(), filter.name.as_str()), ("p2", "李律师"));
        let asked = board_loads(&e);
        assert_eq!(asked.len(), Stage::ALL.len());
        assert!(asked.iter().all(|(_, p)| p.as_deref() == Some("p2")));
        assert!(app.board.columns.iter().all(|c| !c.is_loaded()));
        // A page read before the filter changed is stale: dropped.
        let card = fixtures::Sample::standard().board(Stage::Assigned);
        apply(
            &mut app,
            Loaded::Board(Stage::Assigned, None, Page::all(card.clone())),
        );
        assert!(!app.board.column(Stage::Assigned).is_loaded());
        apply(
            &mut app,
            Loaded::Board(
                Stage::Assigned,
                Some("p2".into()),
                Page::all(card[..1].to_vec()),
            ),
        );
        assert_eq!(app.board.column(Stage::Assigned).total(), 1);
        // Moving in the board asks for the filtered column.
        assert!(reload(&app).iter().all(|e| match e {
            Effect::Load(Request::Board(_, _, p)) => p.as_deref() == Some("p2"),
            _ => true,
        }));
        // The picker opens on the provider in force; "all" clears.
        keys(&mut app, &["p"]);
        apply(
            &mut app,
            Loaded::Providers {
                view: false,
                rows: provider_rows(),
            },
        );
        assert_eq!(app.overlays.question().unwrap().cursor, 2);
        let e = keys(&mut app, &["up", "up", "enter"]);
        assert_eq!(app.board_filter, None);
        assert!(board_loads(&e).iter().all(|(_, p)| p.is_none()));
    }

    #[test]
    fn backspace_on_the_board_clears_the_provider_filter_only() {
        let mut app = app_with_data();
        app.board_filter = Some(BoardFilter {
            id: "p1".into(),
            name: "王律师".into(),
        });
        app.queue_filter.caseworker = Some("liwei".into());
        keys(&mut app, &["3"]);
        let e = keys(&mut app, &["backspace"]);
        assert_eq!(app.board_filter, None);
        assert_eq!(app.queue_filter.caseworker.as_deref(), Some("liwei"));
        assert_eq!(board_loads(&e).len(), Stage::ALL.len());
    }

    #[test]
    fn the_provider_view_lists_providers_and_enter_filters_the_board() {
        let mut app = app_with_data();
        let e = keys(&mut app, &["3", "P"]);
        assert_eq!(loads(&e), [&Request::Providers { view: true }]);
        apply(
            &mut app,
            Loaded::Providers {
                view: true,
                rows: provider_rows(),
            },
        );
        let q = app.overlays.question().unwrap();
        assert!(matches!(&q.ask, Ask::ProviderView { rows } if rows[1].overdue == 1));
        assert_eq!(q.choices().len(), 2);
        // Esc closes it and changes nothing.
        keys(&mut app, &["esc"]);
        assert!(app.overlays.question().is_none());
        assert_eq!(app.board_filter, None);
        // Enter on a provider filters the board by them, from anywhere.
        keys(&mut app, &["1", "3", "P"]);
        apply(
            &mut app,
            Loaded::Providers {
                view: true,
                rows: provider_rows(),
            },
        );
        let e = keys(&mut app, &["enter"]);
        assert_eq!(app.board_filter.as_ref().map(|f| f.id.as_str()), Some("p1"));
        assert_eq!(app.focus, Pane::Board);
        assert_eq!(board_loads(&e).len(), Stage::ALL.len());
    }
}
