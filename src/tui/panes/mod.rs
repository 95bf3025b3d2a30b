//! One module per pane or overlay; each draws from `&App` only. Text from
//! data always goes through `display::fit`/`cell`, which cut by display width
//! and replace control characters, so nothing in a case can move the cursor.

pub mod board;
pub mod checklist;
pub mod consult;
pub mod deadlines;
pub mod detail;
pub mod help;
pub mod intake;
pub mod message;
pub mod prompt;
pub mod question;
pub mod queue;
pub mod reports;
pub mod results;
pub mod status;
pub mod supervision;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::display::{cell, cell_right, fit, width};
use crate::domain::deadlines::{self as rules, DueState};

use super::app::App;

/// Clears the area an overlay is drawn on. A wide character (a Chinese
/// name, say) that starts just left of the area would also cover its first
/// column, and the terminal would never get the overlay's border there:
/// such a character is blanked too.
pub fn clear_for_overlay(frame: &mut Frame, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    frame.render_widget(ratatui::widgets::Clear, area);
    let Some(left) = area.x.checked_sub(1) else {
        return;
    };
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((left, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// A catalog entry chosen by a code: `word(app, "matter", "wages")`.
pub fn word(app: &App, prefix: &str, code: &str) -> String {
    app.word(prefix, code)
}

pub use crate::i18n::fill;

/// The bordered box of a pane, its title showing focus in any theme.
pub fn block<'a>(app: &App, title: &str, focused: bool) -> Block<'a> {
    let marker = if focused { "▶ " } else { "" };
    Block::bordered()
        .border_type(app.theme.border_type(focused))
        .border_style(app.theme.border(focused))
        .title(Span::styled(
            format!(" {marker}{} ", fit(title, 200)),
            app.theme.title(focused),
        ))
}

/// A short centred note inside a pane (empty lists, loading).
pub fn note(frame: &mut Frame, area: Rect, app: &App, text: &str) {
    if area.height == 0 {
        return;
    }
    let y = area.y + area.height.saturating_sub(1) / 2;
    let p = Paragraph::new(text.to_string())
        .style(app.theme.dim())
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(p, Rect::new(area.x, y, area.width, area.bottom() - y));
}

/// How close a date is, by the policy's warning window.
pub fn due_state(app: &App, due: NaiveDate) -> DueState {
    rules::state(due, app.today(), app.status.summary.warning_days)
}

/// Days left, signed: "-3" when three days overdue.
pub fn days_left(app: &App, due: NaiveDate) -> String {
    rules::days_left(due, app.today()).to_string()
}

/// A column of a table: a fixed width, or a share of what is left.
#[derive(Debug, Clone, Copy)]
pub enum Col {
    Fixed(usize),
    /// (weight, minimum width)
    Flex(usize, usize),
}

/// Widths for `cols` in `total` columns, one space between columns.
pub fn widths(total: usize, cols: &[Col]) -> Vec<usize> {
    let gaps = cols.len().saturating_sub(1);
    let fixed: usize = cols
        .iter()
        .map(|c| match c {
            Col::Fixed(w) => *w,
            Col::Flex(_, min) => *min,
        })
        .sum();
    let spare = total.saturating_sub(fixed + gaps);
    let weights: usize = cols
        .iter()
        .map(|c| match c {
            Col::Flex(w, _) => *w,
            Col::Fixed(_) => 0,
        })
        .sum();
    let mut given = 0;
    let mut out: Vec<usize> = cols
        .iter()
        .map(|c| match c {
            Col::Fixed(w) => *w,
            Col::Flex(w, min) => {
                let extra = spare * w / weights.max(1);
                given += extra;
                min + extra
            }
        })
        .collect();
    // The rounding remainder goes to the last flexible column.
    if let Some(i) = cols.iter().rposition(|c| matches!(c, Col::Flex(..))) {
        out[i] += spare - given.min(spare);
    }
    out
}

/// A cell of a table row.
pub struct Cell {
    pub text: String,
    pub style: Style,
    /// Right-aligned (numbers).
    pub right: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
            right: false,
        }
    }

    pub fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Style::new())
    }

    pub fn right(self) -> Cell {
        Cell {
            right: true,
            ..self
        }
    }
}

/// A table row: each cell fitted to its width, one space between cells.
pub fn row<'a>(cells: Vec<Cell>, widths: &[usize]) -> Line<'a> {
    let mut spans = Vec::with_capacity(cells.len() * 2);
    for (i, (c, w)) in cells.into_iter().zip(widths).enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let text = if c.right {
            cell_right(&c.text, *w)
        } else {
            cell(&c.text, *w)
        };
        spans.push(Span::styled(text, c.style));
    }
    Line::from(spans)
}

/// Breaks `text` into lines of at most `max` columns, at spaces when it can
/// (Chinese has none, so it breaks anywhere). Control characters never pass.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_inclusive(' ') {
            let word = fit(word, usize::MAX);
            if width(&line) + width(word.trim_end()) > max && !line.is_empty() {
                out.push(line.trim_end().to_string());
                line = String::new();
            }
            for c in word.chars() {
                let cw = width(&c.to_string());
                if width(&line) + cw > max && c != ' ' {
                    out.push(line.trim_end().to_string());
                    line = String::new();
                }
                line.push(c);
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn an_overlay_blanks_a_wide_character_straddling_its_left_edge() {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(10, 2)).unwrap();
        terminal
            .draw(|frame| {
                frame.render_widget(Paragraph::new("一二三四五"), frame.area());
                // Column 3 is the right half of 二 (columns 2-3).
                clear_for_overlay(frame, Rect::new(3, 0, 4, 1));
            })
            .unwrap();
        let buf = terminal.backend().buffer();
        assert_eq!(buf[(0, 0)].symbol(), "一");
        assert_eq!(buf[(2, 0)].symbol(), " ", "二 no longer covers the overlay");
        assert_eq!(buf[(3, 0)].symbol(), " ");
    }

    /// A catalog lookup that fails instead of showing the key.
    fn has(key: &str) -> bool {
        Lang::En.t(key) != key
    }

    /// Every key and table name of the English catalog ("tui.item" too,
    /// since code passes table names to `word`).
    fn catalog_names() -> std::collections::HashSet<String> {
        fn walk(prefix: &str, t: &toml::Table, out: &mut std::collections::HashSet<String>) {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if let toml::Value::Table(sub) = v {
                    walk(&key, sub, out);
                }
                out.insert(key);
            }
        }
        let table: toml::Table = toml::from_str(include_str!("../../i18n/en.toml")).unwrap();
        let mut out = std::collections::HashSet::new();
        walk("", &table, &mut out);
        out
    }

    #[test]
    fn every_key_written_in_the_tui_is_in_the_catalog() {
        let names = catalog_names();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
        let mut files = vec![dir.clone(), dir.join("panes")];
        let mut missing = Vec::new();
        while let Some(d) = files.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                for part in text.split('"').skip(1).step_by(2) {
                    let complete = !part.ends_with('.') && !part.contains(['{', ' ']);
                    if part.starts_with("tui.") && complete && !names.contains(part) {
                        missing.push(format!("{}: {part}", e.path().display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_code_the_tui_shows_has_a_word() {
        use crate::domain::eligibility::{Item, Verdict};
        use crate::tui::action::{Action, Context};
        use crate::tui::app::Pane;
        use crate::tui::rows::Stage;
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Action::ALL.iter().map(|a| format!("tui.action.{a}")));
        keys.extend(Context::ALL.iter().map(|c| format!("tui.context.{c}")));
        keys.extend(Stage::ALL.iter().map(|s| format!("tui.stage.{}", s.code())));
        keys.extend(Item::ALL.iter().map(|i| format!("tui.item.{}", i.code())));
        keys.extend(Pane::ALL.iter().map(|p| format!("tui.pane.{}", p.code())));
        for v in [
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Pending,
            Verdict::NotApplicable,
        ] {
            keys.push(format!("tui.verdict.{}", v.code()));
        }
        for s in ["overdue", "today", "soon", "later"] {
            keys.push(format!("state.{s}"));
        }
        let missing: Vec<&String> = keys.iter().filter(|k| !has(k)).collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_reason_has_words() {
        use crate::domain::case::CaseNo;
        use crate::domain::codes::{Group, Matter};
        use crate::domain::eligibility::Reason::*;
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let s = || "x".to_string();
        let means = || crate::domain::eligibility::Means {
            monthly_income: 2800,
            household_size: 2,
            per_member: 1400,
            standard: 1320,
            effective: d,
        };
        let all = [
            IdValid { masked: s() },
            NoIdNumber,
            NotifiedLocally,
            AddressInArea { area: s() },
            IdInArea {
                code: s(),
                area: None,
            },
            IdNearby {
                code: s(),
                area: Some(s()),
            },
            IdElsewhere {
                code: s(),
                area: None,
            },
            NoPlaceKnown,
            MandatoryNotified,
            MandatoryMinor,
            CompulsoryTreatment,
            DefenceOnApplication,
            VictimAgency,
            CivilMatter {
                matter: Matter::Wages,
            },
            DomesticViolenceMatter,
            ProvincialMatter {
                matter: Matter::Marriage,
            },
            NoMeansTest,
            Exempt {
                group: Group::GoodSamaritan,
            },
            ExemptIfAcquitted,
            NotVerified {
                group: Group::Minor,
            },
            ToVerify,
            DocumentsReceived { on: d },
            DocumentsAwaited {
                requested: d,
                due: Some(d),
            },
            DocumentsAwaited {
                requested: d,
                due: None,
            },
            DocumentsLate { due: d },
            DocumentsToCheck,
            NoPrivateAdverse,
            NoAdverseParty,
            ConflictsNotChecked { party: s() },
            NoConflict { party: s() },
            Conflict {
                party: s(),
                cases: vec![CaseNo::new(2026, 1)],
            },
            MandatoryDisabled,
            ExtraMatter { name: s() },
            ExtraMatterToCheck {
                matter: Matter::Other,
                names: vec![s(), s()],
            },
            HardshipMet { means: means() },
            HardshipNotMet { means: means() },
            NotMetUnlessSerious { means: means() },
            NotMetUnlessAcquitted { means: means() },
            IncomeNotRecorded {
                standard: 1320,
                effective: d,
            },
            NoStandard { received: d },
            DocumentsMissing {
                items: vec![s()],
                due: Some(d),
            },
            DocumentsMissing {
                items: vec![s(), s()],
                due: None,
            },
            Override {
                who: s(),
                on: d,
                note: s(),
            },
        ];
        let app = crate::tui::sample::empty_app();
        for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
            let app = crate::tui::app::App {
                lang,
                ..app.clone()
            };
            for r in &all {
                let text = app.lang.check_reason(r);
                assert!(
                    !text.contains("tui.") && !text.contains('{'),
                    "{lang:?} {r:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn fill_substitutes_once() {
        assert_eq!(
            fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
            "{b} and x"
        );
        assert_eq!(fill("{unknown} {", &[]), "{unknown} {");
    }

    #[test]
    fn widths_fill_the_space() {
        let w = widths(40, &[Col::Fixed(9), Col::Flex(1, 4), Col::Flex(2, 4)]);
        assert_eq!(w.iter().sum::<usize>() + 2, 40);
        assert_eq!(w[0], 9);
        assert!(w[2] > w[1]);
        // Too narrow: minimums, never a panic.
        assert_eq!(widths(5, &[Col::Fixed(9), Col::Flex(1, 4)]), [9, 4]);
    }

    #[test]
    fn wrapping_by_width() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("张三丰李四王五", 6), ["张三丰", "李四王", "五"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("x\u{1b}[2J", 10)[0].chars().all(|c| !c.is_control()));
    }
}
