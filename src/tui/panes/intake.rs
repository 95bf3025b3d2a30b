//! The registration form (申请登记), over the panes: one line per field,
//! label, value, and beside it the live check or what the field derives (an
//! ID number's person, the days to a matter deadline, an emergency).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, fill, word, wrap};
use crate::display::{cell, fit, width};
use crate::domain::codes::Group;
use crate::domain::deadlines::DueState;
use crate::domain::idnumber::IdError;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::field::TextField;
use crate::tui::intake::{FieldId, Form, Problem, Stage, StationPick};
use crate::tui::theme::SELECTED;

/// The widest label column; longer labels are cut.
const LABEL_MAX: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(intake) = app.overlays.intake() else {
        return;
    };
    let b = block(app, app.t("tui.intake.title"), true);
    let inner = b.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(b, area);
    let (lines, cursor) = lines(app, &intake.form, intake.stage, usize::from(inner.width));
    let footer = footer(app, usize::from(inner.width));
    let room = usize::from(inner.height).saturating_sub(1);
    let shown: Vec<Line> = lines.into_iter().take(room).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if inner.height > 0 {
        let y = inner.bottom() - 1;
        frame.render_widget(
            Paragraph::new(Line::styled(footer, app.theme.dim())),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
    // The terminal cursor stands in the focused text field, as in any form.
    if app.overlays.question().is_none()
        && app.overlays.prompt().is_none()
        && let Some((x, y)) = cursor
        && y < room
    {
        let x = inner.x
            + u16::try_from(x)
                .unwrap_or(0)
                .min(inner.width.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + y as u16));
    }
}

/// The form's lines and where the terminal cursor goes (column, line).
pub fn lines<'a>(
    app: &App,
    form: &Form,
    stage: Stage,
    total: usize,
) -> (Vec<Line<'a>>, Option<(usize, usize)>) {
    let today = app.today();
    let label_w = FieldId::ALL
        .iter()
        .map(|f| width(&label(app, *f)))
        .max()
        .unwrap_or(0)
        .min(LABEL_MAX);
    let rest = total.saturating_sub(2 + label_w + 2);
    let value_w = (rest * 2 / 5).clamp(16, 36).min(rest);
    let hint_w = rest.saturating_sub(value_w);
    let underline = Style::new().add_modifier(Modifier::UNDERLINED);
    let mut out = Vec::new();
    let mut cursor = None;
    let mut cut = None;
    for (y, f) in form.fields().into_iter().enumerate() {
        let focused = f == form.focus;
        let marker = if focused { SELECTED } else { " " };
        let label_style = if focused {
            app.theme.title(true)
        } else {
            Style::new()
        };
        let (value, value_cursor) = value(app, form, f, value_w.saturating_sub(1));
        if focused && let Some(c) = value_cursor {
            cursor = Some((2 + label_w + 1 + c, y));
        }
        let (hint, hint_style) = hint(app, form, f);
        if focused && width(&hint) > hint_w.saturating_sub(1) {
            cut = Some((f, hint.clone(), hint_style));
        }
        out.push(Line::from(vec![
            Span::styled(format!("{marker} "), label_style),
            Span::styled(cell(&label(app, f), label_w), label_style),
            Span::raw(" "),
            Span::styled(cell(&value, value_w.saturating_sub(1)), underline),
            Span::raw(" "),
            Span::styled(fit(&hint, hint_w.saturating_sub(1)), hint_style),
        ]));
    }
    out.push(Line::raw(""));
    // The focused field's note in full when it did not fit beside it.
    if let Some((f, hint, style)) = cut {
        let text = format!("{}: {hint}", label(app, f));
        for part in wrap(&text, total.saturating_sub(2)) {
            out.push(Line::styled(format!("  {part}"), style));
        }
    }
    if let Some(left) = form.emergency(today, app.emergency_days) {
        let label = form
            .deadline
            .map(|d| word(app, "tui.deadline_kind", d.code()))
            .unwrap_or_default();
        let text = fill(
            app.t("tui.intake.emergency_banner"),
            &[
                ("label", &label),
                ("n", &left.to_string()),
                ("days", &app.emergency_days.to_string()),
            ],
        );
        for part in wrap(&text, total.saturating_sub(2)) {
            out.push(Line::styled(
                format!("  {part}"),
                app.theme.due(DueState::Overdue),
            ));
        }
    }
    let busy = match stage {
        Stage::Editing => None,
        Stage::Checking => Some("tui.intake.checking"),
        Stage::Saving => Some("tui.intake.saving"),
    };
    if let Some(k) = busy {
        out.push(Line::styled(format!("  {}", app.t(k)), app.theme.dim()));
    }
    (out, cursor)
}

fn label(app: &App, f: FieldId) -> String {
    word(app, "tui.field", f.code())
}

/// The value as shown in `cols` columns, and the cursor's column in it.
fn value(app: &App, form: &Form, f: FieldId, cols: usize) -> (String, Option<usize>) {
    let focused = f == form.focus;
    if let Some(field) = form.text(f) {
        let (text, at) = scrolled(field, cols);
        return (text, Some(at));
    }
    let choice = |text: String| {
        if focused {
            format!("◀ {text} ▶")
        } else {
            text
        }
    };
    let text = match f {
        FieldId::Kind => choice(word(app, "kind", form.kind.code())),
        FieldId::Matter => choice(word(app, "matter", form.matter.code())),
        FieldId::Channel => choice(word(app, "channel", form.channel.code())),
        FieldId::Stage | FieldId::Ground | FieldId::Source => {
            let (keys, at) = form.choices_of(f).unwrap_or_default();
            choice(
                keys.get(at)
                    .map(|k| app.t(k).to_string())
                    .unwrap_or_default(),
            )
        }
        FieldId::DeadlineKind => choice(match form.deadline {
            Some(d) => word(app, "tui.deadline_kind", d.code()),
            None => app.t("tui.deadline_kind.none").to_string(),
        }),
        FieldId::Groups if focused => {
            let g = Group::ALL
                .get(form.group_cursor)
                .copied()
                .unwrap_or(Group::Minor);
            let tick = if form.groups.contains(&g) { "x" } else { " " };
            format!("◀ [{tick}] {} ▶", word(app, "group", g.code()))
        }
        FieldId::Groups => group_list(app, &form.groups),
        _ => String::new(),
    };
    (fit(&text, cols), None)
}

fn group_list(app: &App, groups: &[Group]) -> String {
    groups
        .iter()
        .map(|g| word(app, "group", g.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The part of a field's text that shows in `cols` columns around the
/// cursor, and the cursor's column in it.
fn scrolled(field: &TextField, cols: usize) -> (String, usize) {
    let skip = field.scroll(cols.saturating_sub(1));
    let mut out = String::new();
    let mut at = 0;
    for c in field.text().chars() {
        let w = width(&c.to_string());
        if at < skip {
            at += w;
            // A wide character cut in half by the scroll shows as a space.
            if at > skip {
                out.push(' ');
            }
            continue;
        }
        if width(&out) + w > cols {
            break;
        }
        out.push(c);
    }
    let cursor = field.cursor_column().saturating_sub(skip).min(cols);
    (out, cursor)
}

/// What shows beside a field, and how.
fn hint(app: &App, form: &Form, f: FieldId) -> (String, Style) {
    let today = app.today();
    let alert = app.theme.due(DueState::Overdue);
    let dim = app.theme.dim();
    let focused = f == form.focus;
    if let Some(p) = form.shown_problem(f, today) {
        // A number still being typed is not wrong yet.
        if let Problem::Id(IdError::WrongLength { len }) = p
            && focused
            && !form.tried
            && len < 18
        {
            let text = fill(app.t("tui.intake.id_typing"), &[("len", &len.to_string())]);
            return (text, dim);
        }
        return (problem(app, &p), alert);
    }
    match f {
        FieldId::IdNumber => match form.person(today) {
            Ok(Some(p)) => (
                fill(
                    app.t("tui.intake.person"),
                    &[
                        ("gender", &word(app, "gender", p.gender.code())),
                        ("date", &p.birth.to_string()),
                        ("age", &p.age.to_string()),
                    ],
                ),
                Style::new(),
            ),
            _ => (String::new(), dim),
        },
        FieldId::Ground if form.ground == Some(crate::domain::codes::NoticeGround::LifeOrDeath) => {
            (app.t("tui.intake.serious").to_string(), alert)
        }
        _ if focused && !f.is_text() && !form.jump.is_empty() => {
            let key = if form.jump_missed {
                "tui.intake.jump_missed"
            } else {
                "tui.intake.jumped"
            };
            let style = if form.jump_missed { alert } else { dim };
            (fill(app.t(key), &[("typed", &form.jump)]), style)
        }
        FieldId::Groups if focused => {
            let ticked = group_list(app, &form.groups);
            let text = if ticked.is_empty() {
                app.t("tui.intake.tick").to_string()
            } else {
                format!("{ticked} · {}", app.t("tui.intake.tick"))
            };
            (text, dim)
        }
        FieldId::Groups if !form.proposed.is_empty() => (
            fill(
                app.t("tui.intake.proposed"),
                &[("groups", &group_list(app, &form.proposed))],
            ),
            dim,
        ),
        // Any other choice (the groups have their own note above).
        _ if focused && !f.is_text() => (app.t("tui.intake.choose").to_string(), dim),
        FieldId::Station => match form.station_pick(&app.status.summary.stations) {
            StationPick::Empty => (app.t("tui.intake.station_hint").to_string(), dim),
            StationPick::Exact((id, name)) => (format!("= {name} ({id})"), dim),
            StationPick::Suggest((id, name)) => (
                fill(
                    app.t("tui.intake.station_suggest"),
                    &[("name", name), ("id", id)],
                ),
                Style::new(),
            ),
            StationPick::New => (app.t("tui.intake.station_new").to_string(), dim),
        },
        FieldId::AdverseParty => (app.t("tui.intake.adverse_hint").to_string(), dim),
        FieldId::DeadlineDate => {
            let (Some(_), Some(date)) = (form.deadline, form.deadline_date()) else {
                return (String::new(), dim);
            };
            let left = crate::domain::deadlines::days_left(date, today);
            let days = fill(app.t("tui.intake.days_left"), &[("n", &left.to_string())]);
            match form.emergency(today, app.emergency_days) {
                Some(_) => (format!("{days} · {}", app.t("tui.intake.emergency")), alert),
                None => (days, Style::new()),
            }
        }
        _ => (String::new(), dim),
    }
}

/// A problem in the user's words.
pub fn problem(app: &App, p: &Problem) -> String {
    let t = |k: &str| app.t(&format!("tui.intake.{k}")).to_string();
    let f = |k: &str, args: &[(&str, &str)]| fill(app.t(&format!("tui.intake.{k}")), args);
    match p {
        Problem::Required => t("required"),
        Problem::Phone => t("phone"),
        Problem::BadDate => t("bad_date"),
        Problem::Past => t("past"),
        Problem::NeedsLabel => t("needs_label"),
        Problem::Record(why) => app.lang.refusal_why(why),
        Problem::Id(e) => match e {
            IdError::WrongLength { len } => f("id_length", &[("len", &len.to_string())]),
            IdError::BadCharacter { position, ch } => f(
                "id_char",
                &[("position", &position.to_string()), ("ch", &ch.to_string())],
            ),
            IdError::BadArea { code, province } => {
                f("id_area", &[("code", code), ("province", province)])
            }
            IdError::BadDate { date } => f("id_date", &[("date", date)]),
            IdError::FutureBirthDate { date } => f("id_future", &[("date", &date.to_string())]),
            IdError::TooOld { date } => f("id_old", &[("date", &date.to_string())]),
            IdError::WrongCheckDigit { expected, found } => f(
                "id_check",
                &[
                    ("expected", &expected.to_string()),
                    ("found", &found.to_string()),
                ],
            ),
        },
    }
}

/// The keys of the form, from the keymap in force.
fn footer(app: &App, cols: usize) -> String {
    let key = |ctx: Context, a: Action| {
        app.keymap
            .keys(ctx, a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_else(|| app.t("tui.help.unbound").to_string())
    };
    let text = fill(
        app.t("tui.intake.keys"),
        &[
            ("next", &key(Context::Intake, Action::NextField)),
            ("prev", &key(Context::Intake, Action::PrevField)),
            ("save", &key(Context::Intake, Action::Save)),
            ("cancel", &key(Context::Form, Action::Cancel)),
        ],
    );
    fit(&format!("  {text}"), cols)
}
