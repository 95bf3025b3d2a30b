//! The status bar: who is working, which store, the date docket works as of,
//! the overdue count, calendar warnings and the last message. While the
//! search prompt is open it takes the bar's place.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

use super::fill;
use crate::display::{fit, width};
use crate::tui::app::App;

const SEP: &str = " | ";

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if area.height == 0 {
        return;
    }
    let w = usize::from(area.width);
    let bar = app.theme.status_bar();
    if let Some(field) = app.overlays.search() {
        let prompt = format!(" {} ", app.t("tui.search.prompt"));
        let text_w = w.saturating_sub(width(&prompt) + 1);
        // Show the end of a long query, where the cursor usually is.
        let text = fit_left(field.text(), text_w);
        let shift = width(field.text()).saturating_sub(width(&text));
        let line = Line::from(vec![Span::raw(prompt.clone()), Span::raw(text)]).style(bar);
        frame.render_widget(Paragraph::new(line).style(bar), area);
        let x = width(&prompt) + field.cursor_column().saturating_sub(shift);
        let x = area.x + u16::try_from(x.min(w.saturating_sub(1))).unwrap_or(0);
        frame.set_cursor_position(Position::new(x, area.y));
        return;
    }
    let s = &app.status;
    let mut left: Vec<(String, Style)> = vec![(format!(" {}", app.names.with_login(&s.user)), bar)];
    let date = fill(app.t("tui.status.as_of"), &[("date", &s.today.to_string())]);
    let mut right: Vec<(String, Style)> = vec![(date, bar)];
    let alert = app.theme.status_alert();
    if s.summary.overdue > 0 {
        let n = s.summary.overdue.to_string();
        right.push((
            format!("! {}", fill(app.t("tui.status.overdue"), &[("n", &n)])),
            alert,
        ));
    }
    if s.summary.due_today > 0 {
        let n = s.summary.due_today.to_string();
        right.push((
            format!("* {}", fill(app.t("tui.status.today"), &[("n", &n)])),
            bar,
        ));
    }
    if !s.summary.calendar_missing.is_empty() {
        let years: Vec<String> = s
            .summary
            .calendar_missing
            .iter()
            .map(|y| y.to_string())
            .collect();
        let text = fill(
            app.t("tui.status.no_calendar"),
            &[("years", &years.join(", "))],
        );
        right.push((format!("! {text}"), alert));
    }
    if let Some(m) = &s.message {
        let style = if m.error { alert } else { bar };
        right.push((fit(&m.text, message_room(area.width)), style));
    }
    // The store path gets what is left, cut from the left (the end names it).
    let used: usize = left
        .iter()
        .chain(&right)
        .map(|(t, _)| width(t))
        .sum::<usize>()
        + SEP.len() * (left.len() + right.len());
    let room = w.saturating_sub(used + 1);
    if room >= 8 {
        left.push((fit_left(&s.store.display().to_string(), room), bar));
    }
    let mut spans = Vec::new();
    for (i, (text, style)) in left.into_iter().chain(right).enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEP, bar));
        }
        spans.push(Span::styled(fit(&text, w), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(bar), area);
}

/// The columns the status bar gives the last message; a longer one is shown
/// whole in a box above the bar (`message`).
pub fn message_room(width: u16) -> usize {
    (usize::from(width) / 2).max(10)
}

/// The end of `s` in at most `max` columns, with an ellipsis in front when cut.
pub fn fit_left(s: &str, max: usize) -> String {
    let s = fit(s, usize::MAX);
    if width(&s) <= max {
        return s;
    }
    let mut tail = Vec::new();
    let mut used = 1; // the ellipsis
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if used + cw > max {
            break;
        }
        tail.push(c);
        used += cw;
    }
    let mut out = String::from(if max > 0 { "…" } else { "" });
    out.extend(tail.into_iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_left_keeps_the_end() {
        assert_eq!(
            fit_left("/home/liwei/.local/share/docket", 12),
            "…hare/docket"
        );
        assert_eq!(width(&fit_left("/home/liwei/.local/share/docket", 12)), 12);
        assert_eq!(fit_left("short", 12), "short");
        assert_eq!(fit_left("张三丰先生", 5), "…先生");
    }
}
