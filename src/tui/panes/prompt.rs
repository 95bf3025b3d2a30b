//! A one-line prompt in a box above the status bar (the reason of a
//! withdrawal, the new value of a field), so that the status bar can still
//! say why a change was refused while what was typed stays.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{block, fill, word, wrap};
use crate::display::width;
use crate::tui::app::{App, PromptKind, StepDraft};

pub fn draw(frame: &mut Frame, main: Rect, app: &App) {
    let Some(p) = app.overlays.prompt() else {
        return;
    };
    if main.height < 3 {
        return;
    }
    // The case and whose it is, so that nobody types into another case's prompt.
    let case = if p.applicant.is_empty() {
        p.no.to_string()
    } else {
        format!("{} {}", p.no, p.applicant)
    };
    let title = match &p.kind {
        PromptKind::Correct { field } => fill(
            app.t("tui.prompt.correct"),
            &[("field", &app.lang.field_word(field)), ("case", &case)],
        ),
        PromptKind::Step(draft) => step_title(app, draft, &case),
    };
    // Why the text was refused, whole, under it (the box grows up).
    let cols = usize::from(main.width.saturating_sub(3));
    let error: Vec<String> = p
        .error
        .as_deref()
        .map(|e| wrap(e, cols))
        .unwrap_or_default();
    let room = main.height.saturating_sub(3);
    let extra = u16::try_from(error.len()).unwrap_or(u16::MAX).min(room);
    let height = 3 + extra;
    let rect = Rect::new(main.x, main.bottom() - height, main.width, height);
    let b = block(app, &title, true);
    let inner = b.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(b, rect);
    for (i, line) in error.iter().take(usize::from(extra)).enumerate() {
        let y = inner.y + 1 + u16::try_from(i).unwrap_or(0);
        let at = Rect::new(inner.x, y, inner.width, 1);
        frame.render_widget(
            Paragraph::new(Line::styled(line.clone(), app.theme.error())),
            at,
        );
    }
    let inner = Rect::new(inner.x, inner.y, inner.width, 1);
    let cols = usize::from(inner.width.saturating_sub(1));
    let skip = p.field.scroll(cols);
    let mut text = String::new();
    let mut at = 0;
    for c in p.field.text().chars() {
        let w = width(&c.to_string());
        if at < skip {
            at += w;
            continue;
        }
        if width(&text) + w > cols {
            break;
        }
        text.push(c);
    }
    frame.render_widget(Paragraph::new(Line::raw(text)), inner);
    let x = p.field.cursor_column().saturating_sub(skip).min(cols);
    let x = inner.x + u16::try_from(x).unwrap_or(0);
    if app.overlays.question().is_none() {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}

/// The title of a step's prompt: what the text is for.
fn step_title(app: &App, draft: &StepDraft, case: &str) -> String {
    let key = format!("tui.prompt.step_{}", draft.code());
    let (item, verdict) = match draft {
        StepDraft::Confirm { item, verdict } => (
            word(app, "tui.item", item.code()),
            word(app, "tui.verdict", verdict.code()),
        ),
        StepDraft::ObjectionNote { upheld } => (
            String::new(),
            app.t(if *upheld {
                "tui.prompt.upheld"
            } else {
                "tui.prompt.corrected"
            })
            .to_string(),
        ),
        _ => Default::default(),
    };
    let reason = match draft {
        StepDraft::Propose { grant, reason_code } => word(
            app,
            if *grant { "tui.grant" } else { "tui.deny" },
            reason_code.code(),
        ),
        _ => String::new(),
    };
    let (amount, standard) = match draft {
        StepDraft::ReviewFile {
            standard: Some(standard),
        } => (String::new(), standard.to_string()),
        StepDraft::SubsidyReason { amount, standard } => (amount.to_string(), standard.to_string()),
        _ => Default::default(),
    };
    // With the standard known, the question says it.
    let key = match draft {
        StepDraft::ReviewFile { standard: Some(_) } => {
            "tui.prompt.step_review_file_standard".to_string()
        }
        _ => key,
    };
    // What is dated, in words.
    let what = match draft {
        StepDraft::Dated { step } => word(app, "tui.steps", step.code()),
        _ => String::new(),
    };
    let provider = match draft {
        StepDraft::Assign { provider, name } | StepDraft::Reassign { provider, name } => {
            format!("{name} ({provider})")
        }
        _ => String::new(),
    };
    let note = match draft {
        StepDraft::StrikeNote { note } => note.to_string(),
        _ => String::new(),
    };
    // A score sheet's items with their most points, in order.
    let items = match draft {
        StepDraft::Score { points } => crate::domain::quality::ScoreItem::ALL
            .iter()
            .zip(points)
            .map(|(i, p)| format!("{} {p}", word(app, "quality.item", i.code())))
            .collect::<Vec<_>>()
            .join(app.t("history.list_separator")),
        _ => String::new(),
    };
    fill(
        app.t(&key),
        &[
            ("case", case),
            ("note", &note),
            ("item", &item),
            ("verdict", &verdict),
            ("reason", &reason),
            ("provider", &provider),
            ("amount", &amount),
            ("what", &what),
            ("standard", &standard),
            ("items", &items),
        ],
    )
}
