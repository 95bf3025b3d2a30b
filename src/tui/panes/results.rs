//! Search results, over the panes: queue-style rows of any status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

use super::fill;
use super::queue::{Third, draw_list};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(r) = app.overlays.results() else {
        return;
    };
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
    // What the selected result matched, when its row does not show it
    // (an ID number, a phone, pinyin, a given name): on the bottom border.
    let matched = r.list.selected_case().and_then(|no| r.matched.get(&no));
    if let Some(code) = matched
        && area.height > 2
        && area.width > 4
    {
        let field = app.t(&format!("find.matched.{code}"));
        let text = format!(" {} ", fill(app.t("find.by"), &[("field", field)]));
        let line = Rect::new(area.x + 2, area.bottom() - 1, area.width - 4, 1);
        frame.render_widget(
            Paragraph::new(super::fit(&text, usize::from(line.width))).style(app.theme.dim()),
            line,
        );
    }
}
