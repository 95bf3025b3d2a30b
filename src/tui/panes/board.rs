//! The assignment board: granted and open cases in one column per stage.
//! Cards take two lines (number and urgency; name and matter) so that five
//! columns fit even at 80 columns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, days_left, due_state, note, word};
use crate::display::{cell, width};
use crate::domain::deadlines::DueState;
use crate::tui::app::App;
use crate::tui::rows::{Card, Stage};
use crate::tui::theme::{SELECTED, due_symbol};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let total: usize = app.board.columns.iter().map(|c| c.total()).sum();
    let mut title = format!("3 {} ({total})", app.t("tui.pane.board"));
    if let Some(f) = &app.board_filter {
        let only = super::fill(app.t("tui.pane.board_for"), &[("name", &f.name)]);
        title.push_str(&format!(" · {only}"));
    }
    let b = block(app, &title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if app.board.columns.iter().all(|c| !c.is_loaded()) {
        return note(frame, inner, app, app.t("tui.loading"));
    }
    let areas = Layout::horizontal([Constraint::Fill(1); Stage::ALL.len()])
        .spacing(1)
        .split(inner);
    for (stage, rect) in Stage::ALL.iter().zip(areas.iter()) {
        draw_column(frame, *rect, app, *stage, focused);
    }
}

fn draw_column(frame: &mut Frame, area: Rect, app: &App, stage: Stage, focused: bool) {
    let list = app.board.column(stage);
    let current = app.board.column == stage.index();
    let w = usize::from(area.width);
    // The count is never cut: the name gives way first.
    let count = list.total().to_string();
    let name = word(app, "tui.stage", stage.code());
    let heading = format!(
        "{} {count}",
        crate::display::fit(&name, w.saturating_sub(count.len() + 2).max(1))
    );
    let heading_style = if current && focused {
        app.theme.selected(true)
    } else {
        app.theme.header()
    };
    let mut lines = vec![Line::from(Span::styled(cell(&heading, w), heading_style))];
    if !list.is_loaded() {
        lines.push(Line::styled(cell(app.t("tui.loading"), w), app.theme.dim()));
    }
    if list.is_loaded() && list.is_empty() {
        lines.push(Line::styled(cell("-", w), app.theme.dim()));
    }
    let cards = usize::from(area.height.saturating_sub(1)) / 2;
    let top = list.visible_top(cards);
    for i in top..(top + cards).min(list.total()) {
        // Only the column with the cursor shows its selection.
        let selected = current && i == list.cursor();
        match list.get(i) {
            Some(card) => lines.extend(card_lines(app, card, w, selected, focused)),
            None => {
                lines.push(Line::styled(cell(app.t("tui.loading"), w), app.theme.dim()));
                lines.push(Line::raw(""));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn card_lines<'a>(app: &App, c: &Card, w: usize, selected: bool, focused: bool) -> [Line<'a>; 2] {
    let state = c
        .next
        .as_ref()
        .map_or(DueState::Later, |n| due_state(app, n.due));
    let marker = if selected { SELECTED } else { " " };
    let head = format!("{marker}{} {}", due_symbol(state), c.no);
    // Days left only when they fit whole: a cut number would mislead.
    let left = c
        .next
        .as_ref()
        .map(|n| format!(" {}", days_left(app, n.due)))
        .filter(|l| width(&head) + width(l) <= w)
        .unwrap_or_default();
    let first = Line::from(vec![
        Span::styled(head, app.theme.due(state)),
        Span::styled(left, app.theme.due(state)),
    ]);
    let who = format!(" {} {}", c.applicant, word(app, "matter", c.matter.code()));
    let second = Line::raw(cell(&who, w));
    let style = if selected {
        app.theme.selected(focused)
    } else {
        Style::new()
    };
    [first.style(style), second.style(style)]
}
