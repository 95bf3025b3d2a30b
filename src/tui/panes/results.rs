//! Search results, over the panes: queue-style rows of any status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

use super::fill;
use super::queue::{Third, draw_list};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(r) = &app.results else { return };
    let title = fill(
        app.t("tui.search.title"),
        &[("query", &r.query), ("n", &r.list.total().to_string())],
    );
    frame.render_widget(Clear, area);
    draw_list(
        frame,
        area,
        app,
        &r.list,
        &title,
        app.t("tui.search.none"),
        true,
        Third::Status,
    );
}
