//! The consultation form, over the panes: a line per choice with its
//! numbered choices (the one taken in brackets, ticked groups marked), the
//! text lines, what is wrong, and the keys.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::block;
use crate::display::{cell, fit, width};
use crate::tui::app::App;
use crate::tui::consult::{ConsultForm, GROUPS, Line};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(f) = app.overlays.consult() else {
        return;
    };
    let b = block(app, app.t("tui.consult.title"), true);
    let inner = b.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(b, area);
    let label_width = Line::ALL
        .iter()
        .map(|l| width(app.t(&format!("tui.consult.{}", l.code()))))
        .max()
        .unwrap_or(4)
        + 1;
    let mut lines: Vec<TextLine> = Vec::new();
    let mut cursor = None;
    for line in Line::ALL {
        let focused = f.focus == line;
        let marker = if focused { "▶ " } else { "  " };
        let label = cell(app.t(&format!("tui.consult.{}", line.code())), label_width);
        let style = if focused {
            app.theme.title(true)
        } else {
            ratatui::style::Style::default()
        };
        let head = Span::styled(format!("{marker}{label}"), style);
        if line.is_choice() {
            // Choices go on as many rows as they need, never split.
            let room = usize::from(inner.width);
            let indent = 2 + label_width;
            let mut row = vec![head];
            let mut used = indent;
            for s in choices(app, f, line) {
                let w = width(&s.content);
                if used + w > room && used > indent {
                    lines.push(TextLine::from(std::mem::take(&mut row)));
                    row.push(Span::raw(" ".repeat(indent)));
                    used = indent;
                }
                used += w;
                row.push(s);
            }
            lines.push(TextLine::from(row));
        } else {
            let mut spans = vec![head];
            let field = match line {
                Line::Note => &f.note,
                Line::Name => &f.name,
                _ => &f.phone,
            };
            let room = usize::from(inner.width).saturating_sub(2 + label_width + 1);
            let skip = field.scroll(room);
            let text: String = field.text().chars().skip(skip).collect();
            spans.push(Span::raw(fit(&text, room)));
            if focused {
                let x = 2 + label_width + field.cursor_column().saturating_sub(skip);
                cursor = Some((
                    x.min(usize::from(inner.width).saturating_sub(1)),
                    lines.len(),
                ));
            }
            lines.push(TextLine::from(spans));
        }
    }
    for e in &f.errors {
        let line = ConsultForm::line_of(&e.field)
            .map(|l| app.t(&format!("tui.consult.{}", l.code())).to_string())
            .unwrap_or_default();
        lines.push(TextLine::styled(
            format!(
                "  {}",
                super::fill(
                    app.t("tui.consult.problem"),
                    &[("line", &line), ("why", &app.lang.refusal_why(&e.why))]
                )
            ),
            app.theme.error(),
        ));
    }
    // Only an error may be long enough to wrap; errors come last, so the
    // cursor's row above them stays right.
    let room = inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(inner.x, inner.y, inner.width, room),
    );
    if inner.height > 0 {
        frame.render_widget(
            Paragraph::new(TextLine::styled(
                fit(app.t("tui.consult.hint"), usize::from(inner.width)),
                app.theme.dim(),
            )),
            Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
        );
    }
    if app.overlays.question().is_none()
        && let Some((x, y)) = cursor
        && y < usize::from(room)
    {
        let x = inner.x + u16::try_from(x).unwrap_or(0);
        frame.set_cursor_position(Position::new(x, inner.y + y as u16));
    }
}

/// The numbered choices of a choice line: the one taken (or each ticked
/// group) marked.
fn choices<'a>(app: &App, f: &ConsultForm, line: Line) -> Vec<Span<'a>> {
    let table = match line {
        Line::Channel => "consult.channel",
        Line::Area => "consult.area",
        Line::Topic => "consult.topic",
        _ => "group",
    };
    let taken = |code: &str| match line {
        Line::Channel => f.channel.code() == code,
        Line::Area => f.area.code() == code,
        Line::Topic => f.topic.code() == code,
        _ => GROUPS
            .iter()
            .any(|g| g.code() == code && f.groups.contains(g)),
    };
    f.choices(line)
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let n = if i == 9 { 0 } else { i + 1 };
            let word = app.t(&format!("{table}.{code}"));
            let on = taken(code);
            let text = match (line, on) {
                (Line::Groups, true) => format!("{n}☑{word} "),
                (Line::Groups, false) => format!("{n}☐{word} "),
                (_, true) => format!("{n}[{word}] "),
                (_, false) => format!("{n} {word}  "),
            };
            if on {
                Span::styled(text, app.theme.selected(f.focus == line))
            } else {
                Span::raw(text)
            }
        })
        .collect()
}
