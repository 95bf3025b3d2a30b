//! Moving around: the cursor in lists, boxes and views, the focused pane, opening and going back.

use super::questions::dismiss;
use super::{Effect, Motion, Request, board_request, queue_request};
use crate::tui::app::{App, Detail, Pane};
use crate::tui::rows::Stage;
pub(super) fn motion(app: &mut App, m: Motion) -> Vec<Effect> {
    if let Some(q) = app.question.as_mut() {
        let len = q.choices().len();
        q.cursor = m.target(q.cursor, len, len);
        return Vec::new();
    }
    let extent = app.extent();
    let rows = extent.overlay_rows;
    if let Some(scroll) = app.help {
        let len = extent.help_lines.saturating_sub(rows) + 1;
        app.help = Some(m.target(scroll, len, rows));
        return Vec::new();
    }
    if let Some(scroll) = app.detail.as_ref().map(|d| d.scroll) {
        let len = extent.detail_lines.saturating_sub(rows) + 1;
        if let Some(d) = app.detail.as_mut() {
            d.scroll = m.target(scroll, len, rows);
        }
        return Vec::new();
    }
    if let Some(r) = app.results.as_mut() {
        let target = m.target(r.list.cursor(), r.list.total(), rows);
        let query = r.query.clone();
        return r
            .list
            .move_to(target)
            .map(|window| Effect::Load(Request::Search { query, window }))
            .into_iter()
            .collect();
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
    app.help = None;
    app.detail = None;
    app.results = None;
    app.focus = pane;
    Vec::new()
}

pub(super) fn column(app: &mut App, step: isize) -> Vec<Effect> {
    let last = Stage::ALL.len() - 1;
    app.board.column = app.board.column.saturating_add_signed(step).min(last);
    Vec::new()
}

pub(super) fn open(app: &mut App) -> Vec<Effect> {
    match app.pointed_case() {
        Some(no) => {
            app.detail = Some(Detail {
                no,
                view: None,
                scroll: 0,
            });
            vec![Effect::Load(Request::Detail(no))]
        }
        None => {
            let text = app.t("tui.msg.nothing_selected").to_string();
            app.set_message(text, false);
            Vec::new()
        }
    }
}

/// Closes the top-most thing; with nothing open, clears the message.
pub(super) fn back(app: &mut App) -> Vec<Effect> {
    if app.question.is_some() {
        dismiss(app);
        return Vec::new();
    }
    if app.help.take().is_none() && app.detail.take().is_none() && app.results.take().is_none() {
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
    if let Some(r) = app.results.as_mut() {
        r.list.keep_visible(overlay);
    }
}
