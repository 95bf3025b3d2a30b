//! Help (?): generated from the keymap in force, so a remapped key shows as
//! remapped and an unbound action says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, fill, word};
use crate::display::{cell, fit, width};
use crate::tui::action::{Action, Context};
use crate::tui::app::App;

/// The widest key column; longer key lists are cut.
const KEYS_MAX: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let scroll = app.overlays.help().copied().unwrap_or(0);
    // The closing keys come from the keymap, so the title never lies.
    let close: Vec<String> = app
        .keymap
        .keys(Context::Help, Action::Back)
        .iter()
        .map(|k| k.to_string())
        .collect();
    let title = fill(app.t("tui.help.title"), &[("close", &close.join("/"))]);
    let b = block(app, &title, true);
    let inner = b.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(b, area);
    let shown: Vec<Line> = lines(app, usize::from(inner.width))
        .into_iter()
        .skip(scroll)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

pub fn line_count(app: &App) -> usize {
    // The count does not depend on the width: one line per action.
    lines(app, 80).len()
}

/// The keys of each context, then what the symbols mean.
pub fn lines<'a>(app: &App, cols: usize) -> Vec<Line<'a>> {
    let km = &app.keymap;
    let keys_of = |keys: &[crate::tui::keys::Key]| -> String {
        if keys.is_empty() {
            app.t("tui.help.unbound").to_string()
        } else {
            keys.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let kw = Context::ALL
        .iter()
        .flat_map(|c| km.bindings(*c).map(|(_, k)| width(&keys_of(k))))
        .max()
        .unwrap_or(0)
        .min(KEYS_MAX);
    let mut out = Vec::new();
    for ctx in Context::ALL {
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(
            fit(&word(app, "tui.context", ctx.name()), cols),
            app.theme.header(),
        ));
        for (action, keys) in km.bindings(*ctx) {
            let desc = word(app, "tui.action", action.name());
            let rest = cols.saturating_sub(kw + 4);
            out.push(Line::from(vec![
                Span::styled(
                    format!("  {}", cell(&keys_of(keys), kw)),
                    app.theme.title(false),
                ),
                Span::raw(format!("  {}", fit(&desc, rest))),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        fit(app.t("tui.help.symbols"), cols),
        app.theme.header(),
    ));
    for key in ["tui.help.legend", "tui.help.flags"] {
        out.push(Line::raw(format!(
            "  {}",
            fit(app.t(key), cols.saturating_sub(2))
        )));
    }
    out
}
