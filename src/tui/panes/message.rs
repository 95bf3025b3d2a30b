//! A message too long for the status bar (a refusal naming its article,
//! say), shown whole in a box above it until the next key. The status bar
//! keeps it, cut, afterwards.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{block, wrap};
use crate::display::width;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, main: Rect, status: Rect, app: &App) {
    let Some(m) = app.status.message.as_ref().filter(|m| m.fresh) else {
        return;
    };
    if width(&m.text) <= super::status::message_room(status.width) || main.height < 4 {
        return;
    }
    let cols = usize::from(main.width.saturating_sub(2));
    let lines = wrap(&m.text, cols);
    let height = (u16::try_from(lines.len()).unwrap_or(u16::MAX) + 2).min(main.height);
    let rect = Rect::new(main.x, main.bottom() - height, main.width, height);
    let title = app.t(if m.error {
        "tui.msg.refused_title"
    } else {
        "tui.msg.message_title"
    });
    let b = block(app, title, true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    let style = if m.error {
        app.theme.error()
    } else {
        ratatui::style::Style::new()
    };
    let text: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, style)).collect();
    frame.render_widget(Paragraph::new(text), inner);
}
