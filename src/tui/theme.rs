//! Colours, and what replaces them under NO_COLOR. Meaning never rests on
//! colour alone: every state also has a symbol, and the mono theme shows
//! focus and selection with bold and reverse video.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

use crate::domain::deadlines::DueState;
use crate::domain::eligibility::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Colour,
    /// NO_COLOR: attributes only.
    Mono,
}

/// The marker of the selected row.
pub const SELECTED: &str = "▶";

impl Theme {
    /// Mono when NO_COLOR is set to anything but the empty string (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::Mono,
            _ => Theme::Colour,
        }
    }

    fn pick(self, colour: Style, mono: Style) -> Style {
        match self {
            Theme::Colour => colour,
            Theme::Mono => mono,
        }
    }

    pub fn border(self, focused: bool) -> Style {
        match (self, focused) {
            (Theme::Colour, true) => Style::new().fg(Color::Cyan),
            (Theme::Mono, true) => Style::new().add_modifier(Modifier::BOLD),
            (_, false) => Style::new(),
        }
    }

    /// A focused pane gets a thick border in either theme.
    pub fn border_type(self, focused: bool) -> BorderType {
        if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        }
    }

    pub fn title(self, focused: bool) -> Style {
        if focused {
            self.pick(
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The selected row: strong in the focused pane, a hint elsewhere.
    pub fn selected(self, focused: bool) -> Style {
        match (self, focused) {
            (Theme::Colour, true) => Style::new().fg(Color::Black).bg(Color::Cyan),
            (Theme::Colour, false) => Style::new().fg(Color::Cyan),
            (Theme::Mono, true) => Style::new().add_modifier(Modifier::REVERSED),
            (Theme::Mono, false) => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    pub fn header(self) -> Style {
        self.pick(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn dim(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn due(self, state: DueState) -> Style {
        match state {
            DueState::Overdue => self.pick(
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            DueState::Today => self.pick(
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            DueState::Soon => self.pick(Style::new().fg(Color::Yellow), Style::new()),
            DueState::Later => Style::new(),
        }
    }

    pub fn verdict(self, v: Verdict) -> Style {
        match v {
            Verdict::Pass => self.pick(Style::new().fg(Color::Green), Style::new()),
            Verdict::Fail => self.pick(
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Verdict::Pending => self.pick(Style::new().fg(Color::Yellow), Style::new()),
            Verdict::NotApplicable => self.dim(),
        }
    }

    pub fn error(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    pub fn status_bar(self) -> Style {
        self.pick(
            Style::new().fg(Color::White).bg(Color::Blue),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Overdue counts, calendar warnings and errors on the status bar.
    pub fn status_alert(self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            // Normal video inside the reversed bar stands out.
            Style::new()
                .add_modifier(Modifier::BOLD)
                .remove_modifier(Modifier::REVERSED),
        )
    }

    pub fn tab(self, active: bool) -> Style {
        if active {
            self.pick(
                Style::new()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            )
        } else {
            Style::new()
        }
    }
}

/// One column wide, the same in both themes.
pub fn due_symbol(state: DueState) -> &'static str {
    match state {
        DueState::Overdue => "!",
        DueState::Today => "*",
        DueState::Soon => "~",
        DueState::Later => " ",
    }
}

pub fn verdict_symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✓",
        Verdict::Fail => "✗",
        Verdict::Pending => "?",
        Verdict::NotApplicable => "-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::Mono;
        let mut styles = vec![
            t.border(true),
            t.title(true),
            t.selected(true),
            t.selected(false),
            t.header(),
            t.dim(),
            t.error(),
            t.status_bar(),
            t.status_alert(),
            t.tab(true),
        ];
        for s in [
            DueState::Overdue,
            DueState::Today,
            DueState::Soon,
            DueState::Later,
        ] {
            styles.push(t.due(s));
        }
        for s in styles {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
    }

    #[test]
    fn symbols_are_one_column() {
        for s in [
            DueState::Overdue,
            DueState::Today,
            DueState::Soon,
            DueState::Later,
        ] {
            assert_eq!(crate::display::width(due_symbol(s)), 1);
        }
        for v in [
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Pending,
            Verdict::NotApplicable,
        ] {
            assert_eq!(crate::display::width(verdict_symbol(v)), 1);
        }
        assert_eq!(crate::display::width(SELECTED), 1);
    }
}
