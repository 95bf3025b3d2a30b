//! Moving around: the cursor in lists, boxes and views, the focused pane, opening and going back.

use super::questions::dismiss;
use super::{Effect, Motion, Request, board_request, queue_request};
use crate::tui::app::{App, Detail, Pane};
use crate::tui::rows::Stage;
pub(super) fn motion(app: &mut App, m: Motion) -> Vec<Effect> {
    if let Some(q) = app.overlays.question_mut() {
        let len = q.choices().len();
        q.cursor = m.target(q.cursor, len, len);
        return Vec::new();
    }
    let extent = app.extent();
    let rows = extent.overlay_rows;
    if let Some(scroll) = app.overlays.help().copied() {
        let len = extent.help_lines.saturating_sub(rows) + 1;
        app.overlays.open_help(m.target(scroll, len, rows));
        return Vec::new();
    }
    if let Some(scroll) = app.overlays.detail().map(|d| d.scroll) {
        let len = extent.detail_lines.saturating_sub(rows) + 1;
        if let Some(d) = app.overlays.detail_mut() {
            d.scroll = m.target(scroll, len, rows);
        }
        return Vec::new();
    }
    if matches!(
        app.overlays.top(),
        Some(crate::tui::overlay::Overlay::Supervision(_))
    ) {
        super::supervision::motion(app, |cursor, len| m.target(cursor, len, rows));
        return Vec::new();
    }
    if let Some(r) = app.overlays.results_mut() {
        let target = m.target(r.list.cursor(), r.list.total(), rows);
        let query = r.query.clone();
        let report = r.report;
        return r
            .list
            .move_to(target)
            .map(|window| match report {
                Some((period, column)) => Effect::Load(Request::ReportCases {
                    period,
                    column,
                    title: query,
                    window,
                }),
                None => Effect::Load(Request::Search { query, window }),
            })
            .into_iter()
            .collect();
    }
    if app.overlays.reports().is_some() {
        super::reports::motion(app, |cursor, len| m.target(cursor, len, rows));
        return Vec::new();
    }
    let rows = extent.pane_rows[app.focus.index()];
    match app.focus {
        Pane::Queue => {
            let before = app.queue.selected_case();
            let target = m.target(app.queue.cursor(), app.queue.total(), rows);
            let mut out: Vec<Effect> = app
                .queue
                .move_to(target)
                .map(|w| Effect::Load(queue_request(app, w)))
                .into_iter()
                .collect();
            if app.queue.selected_case() != before {
                out.extend(checklist_for_selection(app));
            }
            out
        }
        Pane::Checklist => {
            let len = app.checklist.view.as_ref().map_or(0, |v| v.checks.len());
            app.checklist.cursor = m.target(app.checklist.cursor, len, rows);
            Vec::new()
        }
        Pane::Board => {
            let col = app.board.column;
            let list = app.board.current_mut();
            let target = m.target(list.cursor(), list.total(), rows);
            let moved = list.move_to(target);
            moved
                .map(|w| Effect::Load(board_request(app, Stage::ALL[col], w)))
                .into_iter()
                .collect()
        }
        Pane::Deadlines => {
            let target = m.target(app.due.cursor(), app.due.total(), rows);
            app.due
                .move_to(target)
                .map(|w| Effect::Load(Request::Deadlines(w)))
                .into_iter()
                .collect()
        }
    }
}

/// The queue's selection moved: the checklist follows it.
pub(super) fn checklist_for_selection(app: &mut App) -> Vec<Effect> {
    app.checklist.view = None;
    app.checklist.cursor = 0;
    app.queue
        .selected_case()
        .map(|no| Effect::Load(Request::Checklist(no)))
        .into_iter()
        .collect()
}

/// Moving between panes leaves whatever is open on top of them.
pub(super) fn focus(app: &mut App, pane: Pane) -> Vec<Effect> {
    app.overlays.close_help();
    app.overlays.close_detail();
    app.overlays.close_results();
    app.focus = pane;
    Vec::new()
}

pub(super) fn column(app: &mut App, step: isize) -> Vec<Effect> {
    let last = Stage::ALL.len() - 1;
    app.board.column = app.board.column.saturating_add_signed(step).min(last);
    Vec::new()
}

pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let no = app.pointed_case();
    open_case(app, no, "tui.msg.nothing_selected")
}

/// Opens the case view of `no`, or says `none` (a catalog key) when there
/// is no case to open.
pub(super) fn open_case(
    app: &mut App,
    no: Option<crate::domain::case::CaseNo>,
    none: &str,
) -> Vec<Effect> {
    match no {
        Some(no) => {
            app.overlays.open_detail(Detail {
                no,
                view: None,
                scroll: 0,
            });
            vec![Effect::Load(Request::Detail(no))]
        }
        None => {
            let text = app.t(none).to_string();
            app.set_message(text, false);
            Vec::new()
        }
    }
}

/// Closes the top-most thing; with nothing open, clears the message.
pub(super) fn back(app: &mut App) -> Vec<Effect> {
    if app.overlays.question().is_some() {
        dismiss(app);
        return Vec::new();
    }
    if matches!(
        app.overlays.top(),
        Some(crate::tui::overlay::Overlay::Supervision(_))
    ) {
        app.overlays.close_supervision();
        return Vec::new();
    }
    if app.overlays.take_help().is_none()
        && app.overlays.take_detail().is_none()
        && app.overlays.take_results().is_none()
        && app.overlays.take_reports().is_none()
    {
        app.status.message = None;
    }
    Vec::new()
}

/// Scroll positions follow the selections after anything that moves them.
pub(super) fn keep_visible(app: &mut App) {
    let extent = app.extent();
    let rows = extent.pane_rows;
    app.queue.keep_visible(rows[Pane::Queue.index()]);
    app.due.keep_visible(rows[Pane::Deadlines.index()]);
    for col in &mut app.board.columns {
        col.keep_visible(rows[Pane::Board.index()]);
    }
    let overlay = extent.overlay_rows;
    if let Some(r) = app.overlays.results_mut() {
        r.list.keep_visible(overlay);
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::update::testing::*;

    #[test]
    fn moving_in_the_queue_loads_the_checklist() {
        let mut app = app_with_data();
        let second = app.queue.get(1).unwrap().no;
        let e = update(&mut app, Action::Down);
        assert_eq!(e, [Effect::Load(Request::Checklist(second))]);
        assert_eq!(app.checklist.view, None);
        // At the bottom, down changes nothing and loads nothing.
        update(&mut app, Action::Bottom);
        assert!(update(&mut app, Action::Down).is_empty());
    }

    #[test]
    fn a_stale_checklist_is_dropped() {
        let mut app = app_with_data();
        let first = fixtures::checklist_for(&app, 0);
        update(&mut app, Action::Down);
        apply(&mut app, Loaded::Checklist(first));
        assert_eq!(app.checklist.view, None);
        let second = fixtures::checklist_for(&app, 1);
        apply(&mut app, Loaded::Checklist(second.clone()));
        assert_eq!(app.checklist.view, Some(second));
    }

    #[test]
    fn a_reload_keeps_the_selection_on_the_same_case() {
        let mut app = app_with_data();
        update(&mut app, Action::Down);
        let chosen = app.queue.selected_case().unwrap();
        // Another caseworker registers an urgent application: it comes first.
        let mut rows: Vec<QueueRow> = (0..app.queue.total())
            .filter_map(|i| app.queue.get(i).cloned())
            .collect();
        let mut new = rows[0].clone();
        new.no = CaseNo::new(2026, 9999);
        rows.insert(0, new);
        let e = apply(&mut app, Loaded::Queue(Page::all(rows)));
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(app.queue.selected_case(), Some(chosen));
        assert_eq!(app.queue.cursor(), 2);
    }

    #[test]
    fn when_the_selected_case_leaves_the_queue_the_next_is_selected() {
        let mut app = app_with_data();
        let rows: Vec<QueueRow> = (1..app.queue.total())
            .filter_map(|i| app.queue.get(i).cloned())
            .collect();
        let next = rows[0].no;
        let e = apply(&mut app, Loaded::Queue(Page::all(rows)));
        assert_eq!(e, [Effect::Load(Request::Checklist(next))]);
    }

    #[test]
    fn reload_names_the_selection() {
        let mut app = app_with_data();
        update(&mut app, Action::Down);
        let chosen = app.queue.selected_case();
        let e = reload(&app);
        assert!(loads(&e).iter().any(|r| matches!(r,
            Request::Queue(w, _) if w.around == chosen)));
        assert!(loads(&e).contains(&&Request::Checklist(chosen.unwrap())));
    }

    #[test]
    fn tab_cycles_panes_and_numbers_jump() {
        let mut app = app_with_data();
        assert_eq!(app.focus, Pane::Queue);
        keys(&mut app, &["tab"]);
        assert_eq!(app.focus, Pane::Checklist);
        keys(&mut app, &["shift-tab", "shift-tab"]);
        assert_eq!(app.focus, Pane::Deadlines);
        keys(&mut app, &["3"]);
        assert_eq!((app.focus, app.context()), (Pane::Board, Context::Board));
    }

    #[test]
    fn the_board_moves_between_columns() {
        let mut app = app_with_data();
        keys(&mut app, &["3", "l", "l"]);
        assert_eq!(app.board.column, 2);
        keys(&mut app, &["l", "l", "l", "l", "l"]);
        assert_eq!(app.board.column, 5);
        keys(&mut app, &["h"]);
        assert_eq!(app.board.column, 4);
        let col = app.board.current().clone();
        keys(&mut app, &["j"]);
        assert_eq!(
            app.board.current().cursor(),
            1.min(col.total().saturating_sub(1))
        );
    }

    #[test]
    fn enter_opens_the_detail_and_esc_returns() {
        let mut app = app_with_data();
        // A case far along the board: a long record and history.
        keys(&mut app, &["3", "l", "l", "l", "l"]);
        let no = app.board.current().selected_case().unwrap();
        let e = keys(&mut app, &["enter"]);
        assert_eq!(e, [Effect::Load(Request::Detail(no))]);
        assert_eq!(app.context(), Context::Detail);
        let view = fixtures::detail_for(&app, no);
        apply(&mut app, Loaded::Detail(Box::new(view)));
        assert!(app.overlays.detail().unwrap().view.is_some());
        // Scrolling stops where the last line is at the bottom.
        resize(&mut app, 80, 24);
        let extent = app.extent();
        let max = extent.detail_lines.saturating_sub(extent.overlay_rows);
        assert!(max > 0, "the sample case is longer than a small screen");
        keys(&mut app, &["j", "j"]);
        assert_eq!(app.overlays.detail().unwrap().scroll, 2.min(max));
        keys(&mut app, &["G"]);
        assert_eq!(app.overlays.detail().unwrap().scroll, max);
        keys(&mut app, &["k"]);
        assert_eq!(app.overlays.detail().unwrap().scroll, max - 1);
        keys(&mut app, &["esc"]);
        assert!(app.overlays.detail().is_none());
        assert_eq!(app.context(), Context::Board);
    }

    #[test]
    fn enter_on_the_board_and_deadlines_opens_their_case() {
        let mut app = app_with_data();
        keys(&mut app, &["4", "j"]);
        let no = app.due.selected_case().unwrap();
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(no))]
        );
        keys(&mut app, &["3"]);
        let no = app.board.current().selected_case().unwrap();
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(no))]
        );
    }

    #[test]
    fn enter_on_nothing_says_so() {
        let mut app = fixtures::empty_app();
        assert!(keys(&mut app, &["enter"]).is_empty());
        assert!(app.status.message.is_some());
        keys(&mut app, &["esc"]);
        assert!(app.status.message.is_none());
    }

    #[test]
    fn a_missing_case_closes_the_detail() {
        let mut app = app_with_data();
        let no = app.queue.selected_case().unwrap();
        keys(&mut app, &["enter"]);
        apply(&mut app, Loaded::Missing(no));
        assert!(app.overlays.detail().is_none());
        assert!(app.status.message.as_ref().unwrap().error);
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let mut app = app_with_data();
        keys(&mut app, &["?"]);
        assert_eq!(app.context(), Context::Help);
        keys(&mut app, &["j", "j", "j"]);
        assert_eq!(app.overlays.help().copied(), Some(3));
        keys(&mut app, &["G"]);
        let end = *app.overlays.help().unwrap();
        keys(&mut app, &["j"]);
        assert_eq!(
            app.overlays.help().copied(),
            Some(end),
            "no scrolling past the end"
        );
        keys(&mut app, &["q"]);
        assert_eq!(app.overlays.help(), None);
        // q in help closed it; q again quits.
        assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
    }

    /// What is open last has the keys: help over the case view, then the
    /// case view again once help closes, then the panes.
    #[test]
    fn the_overlay_opened_last_has_the_keys() {
        let mut app = app_with_data();
        open_detail(&mut app);
        assert_eq!(app.context(), Context::Detail);
        keys(&mut app, &["?"]);
        assert_eq!(app.context(), Context::Help);
        assert!(matches!(
            app.overlays.top(),
            Some(crate::tui::overlay::Overlay::Help(_))
        ));
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Detail);
        keys(&mut app, &["esc"]);
        assert!(app.overlays.is_empty());
        assert_eq!(app.context(), Context::Queue);
    }

    #[test]
    fn paging_moves_by_the_visible_rows() {
        let mut app = app_with_data();
        resize(&mut app, 80, 24);
        keys(&mut app, &["4"]);
        let rows = app.extent().pane_rows[Pane::Deadlines.index()];
        keys(&mut app, &["pagedown"]);
        assert_eq!(app.due.cursor(), rows.min(app.due.total() - 1));
        keys(&mut app, &["G"]);
        assert_eq!(app.due.cursor(), app.due.total() - 1);
        keys(&mut app, &["g"]);
        assert_eq!(app.due.cursor(), 0);
    }

    #[test]
    fn a_jump_beyond_the_page_asks_for_it() {
        let mut app = app_with_data();
        let rows: Vec<QueueRow> = (0..3).filter_map(|i| app.queue.get(i).cloned()).collect();
        apply(
            &mut app,
            Loaded::Queue(Page {
                offset: 0,
                total: 5000,
                rows,
            }),
        );
        let e = update(&mut app, Action::Bottom);
        assert_eq!(
            e,
            [Effect::Load(Request::Queue(
                Window {
                    offset: 4999 - PAGE / 2,
                    limit: PAGE,
                    around: None
                },
                Default::default()
            ))]
        );
    }

    #[test]
    fn focus_keys_close_overlays() {
        let mut app = app_with_data();
        keys(&mut app, &["enter", "2"]);
        assert!(app.overlays.detail().is_none());
        assert_eq!(app.focus, Pane::Checklist);
    }
}
