//! Snapshots of every pane at 80x24 (one pane and a tab bar) and 120x40 (all
//! four; each pane's rectangle is cut out), in English and Simplified
//! Chinese, in colour and under NO_COLOR. Colour snapshots are the text plus
//! assertions on styled cells; mono snapshots add a map of the attributes
//! that replace colour (reverse, bold, underline), so a lost highlight shows.
//!
//! Update with `INSTA_UPDATE=always cargo test --test tui_snapshots`, then
//! read the .snap files before committing them.

use docket::i18n::Lang;
use docket::tui::app::{App, Pane};
use docket::tui::layout;
use docket::tui::sample::{self, Sample};
use docket::tui::theme::Theme;
use docket::tui::update::{self, Loaded};
use docket::tui::{action::Action, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const NARROW: (u16, u16) = (80, 24);
const WIDE: (u16, u16) = (120, 40);

fn draw(app: &App) -> Buffer {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| view::view(app, f))
        .expect("drawing never fails on a test backend");
    terminal.backend().buffer().clone()
}

/// The text of `area`, one line per row, wide characters once.
fn text(buf: &Buffer, area: Rect) -> String {
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if skip == 0 {
                line.push_str(cell.symbol());
            }
            let w = unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1);
            skip = std::cmp::max(skip, w).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One character per cell: R reverse+bold, r reverse, U underline+bold,
/// u underline, b bold, blank for none.
fn attributes(buf: &Buffer, area: Rect) -> String {
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            // The hidden half of a wide character takes the visible half's mark.
            if skip > 0 {
                skip -= 1;
                let last = line.chars().last().unwrap_or(' ');
                line.push(last);
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let m = cell.modifier;
            let (rev, bold, under) = (
                m.contains(Modifier::REVERSED),
                m.contains(Modifier::BOLD),
                m.contains(Modifier::UNDERLINED),
            );
            line.push(match (rev, bold, under) {
                (true, true, _) => 'R',
                (true, false, _) => 'r',
                (false, true, true) => 'U',
                (false, false, true) => 'u',
                (false, true, false) => 'b',
                _ => ' ',
            });
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snapshot_of(app: &App, area: Option<Rect>) -> String {
    let buf = draw(app);
    let area = area.unwrap_or(buf.area);
    match app.theme {
        Theme::Colour => text(&buf, area),
        Theme::Mono => {
            assert_no_colour(&buf);
            format!(
                "{}--- attributes: R reverse+bold, r reverse, U underline+bold, u underline, b bold\n{}",
                text(&buf, area),
                attributes(&buf, area)
            )
        }
    }
}

fn assert_no_colour(buf: &Buffer) {
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "NO_COLOR output has a colour: {cell:?}"
        );
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::ZhHans => "zh_hans",
        Lang::ZhHant => "zh_hant",
    }
}

fn theme_code(theme: Theme) -> &'static str {
    match theme {
        Theme::Colour => "colour",
        Theme::Mono => "mono",
    }
}

fn focus(app: &mut App, pane: Pane) {
    let action = match pane {
        Pane::Queue => Action::FocusQueue,
        Pane::Checklist => Action::FocusChecklist,
        Pane::Board => Action::FocusBoard,
        Pane::Deadlines => Action::FocusDeadlines,
    };
    update::update(app, action);
}

/// Every pane, both sizes, both languages, both themes.
#[test]
fn panes() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans] {
        for theme in [Theme::Colour, Theme::Mono] {
            for size in [NARROW, WIDE] {
                for pane in Pane::ALL {
                    let mut app = sample.app(lang, theme, size);
                    focus(&mut app, pane);
                    // Select a row further down so that selection shows.
                    if pane != Pane::Checklist {
                        update::update(&mut app, Action::Down);
                    }
                    let area = (size == WIDE)
                        .then(|| layout::app_areas(&app).panes[pane.index()])
                        .flatten();
                    let name = format!(
                        "{}_{}x{}_{}_{}",
                        pane.code(),
                        size.0,
                        size.1,
                        lang_code(lang),
                        theme_code(theme)
                    );
                    insta::assert_snapshot!(name, snapshot_of(&app, area));
                }
            }
        }
    }
}

/// All four panes at once, with the status bar.
#[test]
fn wide_screen() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
        let app = sample.app(lang, Theme::Colour, WIDE);
        insta::assert_snapshot!(
            format!("screen_120x40_{}", lang_code(lang)),
            snapshot_of(&app, None)
        );
    }
    let app = sample.app(Lang::En, Theme::Mono, (120, 35));
    insta::assert_snapshot!("screen_120x35_en_mono", snapshot_of(&app, None));
}

#[test]
fn colour_marks_selection_focus_and_urgency() {
    let app = Sample::standard().app(Lang::En, Theme::Colour, NARROW);
    let buf = draw(&app);
    // Row 0 is the tab bar, 1 the border, 2 the header: the first queue row
    // is selected in the focused pane.
    let selected = &buf[(2, 3)];
    assert_eq!(selected.bg, Color::Cyan, "{selected:?}");
    // The focused pane's border is cyan.
    assert_eq!(buf[(0, 1)].fg, Color::Cyan);
    // Somewhere an overdue mark is red.
    let overdue = buf
        .content()
        .iter()
        .any(|c| c.symbol() == "!" && c.fg == Color::Red);
    assert!(overdue, "no red overdue mark on screen");
}

#[test]
fn detail_view() {
    let sample = Sample::standard();
    for (lang, theme) in [(Lang::En, Theme::Colour), (Lang::ZhHans, Theme::Mono)] {
        let mut app = sample.app(lang, theme, NARROW);
        // A case far along: more steps and history.
        focus(&mut app, Pane::Board);
        for _ in 0..4 {
            update::update(&mut app, Action::Right);
        }
        update::update(&mut app, Action::Open);
        let no = app
            .overlays
            .detail()
            .map(|d| d.no)
            .expect("a detail is open");
        let view = sample.detail(no).expect("the case is in the sample");
        update::apply(&mut app, Loaded::Detail(Box::new(view)));
        let name = format!("detail_80x24_{}_{}", lang_code(lang), theme_code(theme));
        insta::assert_snapshot!(name, snapshot_of(&app, None));
    }
}

/// The statistics screen of the sample's month, its figures loaded.
fn reports_open(sample: &Sample, app: &mut App) {
    update::update(app, Action::Reports);
    let period = app
        .overlays
        .reports()
        .expect("the statistics are open")
        .period;
    let (figures, trend) = sample.report(period);
    update::apply(
        app,
        Loaded::Report {
            period,
            figures: Box::new(figures),
            trend,
        },
    );
}

/// The supervision screen over the sample, loaded.
fn supervision_open(sample: &Sample, app: &mut App) {
    update::update(app, Action::Supervision);
    update::apply(app, Loaded::Supervision(Box::new(sample.supervision())));
}

/// Issue 18: the director's supervision screen (the budget past its
/// warning, payments to approve, the quarter's peer review, follow-ups
/// due, open complaints) and the confirmation of approving them all.
#[test]
fn supervision_screen_in_three_languages() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        supervision_open(&sample, &mut app);
        update::update(&mut app, Action::Down);
        let name = format!("supervision_120x40_{}", lang_code(lang));
        insta::assert_snapshot!(name, snapshot_of(&app, None));
    }
    let mut app = sample.app(Lang::ZhHans, Theme::Mono, NARROW);
    supervision_open(&sample, &mut app);
    update::update(&mut app, Action::ApprovePayments);
    insta::assert_snapshot!("supervision_approve_80x24_zh_hans", snapshot_of(&app, None));
}

#[test]
fn reports_screen_in_three_languages() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        reports_open(&sample, &mut app);
        let name = format!("reports_120x40_{}", lang_code(lang));
        insta::assert_snapshot!(name, snapshot_of(&app, None));
    }
    // A quarter on a small terminal: the months and the total, the line
    // selected further down.
    let mut app = sample.app(Lang::ZhHans, Theme::Mono, NARROW);
    reports_open(&sample, &mut app);
    update::update(&mut app, Action::PeriodKind);
    let period = app.overlays.reports().unwrap().period;
    let (figures, trend) = sample.report(period);
    update::apply(
        &mut app,
        Loaded::Report {
            period,
            figures: Box::new(figures),
            trend,
        },
    );
    for _ in 0..16 {
        update::update(&mut app, Action::Down);
    }
    insta::assert_snapshot!("reports_quarter_80x24_zh_hans", snapshot_of(&app, None));
}

#[test]
fn consultation_form() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans] {
        let mut app = sample.app(lang, Theme::Colour, NARROW);
        press(&mut app, &["C", "3", "2", "4", "3", "1", "tab"]);
        update::paste(&mut app, "欠薪三个月，告知可申请法律援助");
        update::update(&mut app, Action::NextField);
        update::update(&mut app, Action::NextField);
        update::paste(&mut app, "abc");
        update::update(&mut app, Action::SaveConsult);
        let name = format!("consult_80x24_{}", lang_code(lang));
        insta::assert_snapshot!(name, snapshot_of(&app, None));
    }
}

#[test]
fn help_is_generated_from_the_keymap() {
    let sample = Sample::standard();
    let mut app = sample.app(Lang::En, Theme::Colour, WIDE);
    update::update(&mut app, Action::Help);
    insta::assert_snapshot!("help_120x40_en", snapshot_of(&app, None));

    // A remapped key shows as remapped, an unbound one as unbound.
    app.keymap = docket::tui::keymap::Keymap::with_user(
        "[global]\nquit = [\"ctrl-q\"]\nsuspend = []\n",
        std::path::Path::new("keymap.toml"),
    )
    .expect("a valid user keymap");
    let screen = text(&draw(&app), Rect::new(0, 0, WIDE.0, WIDE.1));
    assert!(screen.contains("ctrl-q"), "{screen}");
    assert!(screen.contains("(none)"), "{screen}");
    assert!(!screen.contains("q, ctrl-c"), "{screen}");

    let mut zh = sample.app(Lang::ZhHans, Theme::Mono, NARROW);
    update::update(&mut zh, Action::Help);
    insta::assert_snapshot!("help_80x24_zh_hans_mono", snapshot_of(&zh, None));
}

#[test]
fn too_small_says_so() {
    let mut app = Sample::standard().app(Lang::En, Theme::Colour, (60, 20));
    insta::assert_snapshot!("too_small_60x20_en", snapshot_of(&app, None));
    app.lang = Lang::ZhHans;
    app.size = (79, 24);
    insta::assert_snapshot!("too_small_79x24_zh_hans", snapshot_of(&app, None));
}

#[test]
fn resizing_lays_out_again() {
    let mut app = Sample::standard().app(Lang::En, Theme::Colour, WIDE);
    let wide = text(&draw(&app), Rect::new(0, 0, WIDE.0, WIDE.1));
    update::resize(&mut app, NARROW.0, NARROW.1);
    assert!(app.dirty);
    let narrow = text(&draw(&app), Rect::new(0, 0, NARROW.0, NARROW.1));
    assert!(wide.contains("Assignment board") && wide.contains("Eligibility"));
    assert!(narrow.contains("[1 Intake queue"), "{narrow}");
}

#[test]
fn empty_and_loading_states() {
    let app = sample::empty_app();
    insta::assert_snapshot!("loading_120x40_en", snapshot_of(&app, None));
    let app = sample::loaded_empty_app();
    insta::assert_snapshot!("empty_120x40_en", snapshot_of(&app, None));
}

#[test]
fn search_prompt_and_results() {
    let sample = Sample::standard();
    let mut app = sample.app(Lang::ZhHans, Theme::Colour, NARROW);
    update::update(&mut app, Action::Search);
    update::paste(&mut app, "欧阳");
    let buf = draw(&app);
    insta::assert_snapshot!("search_prompt_80x24_zh_hans", text(&buf, buf.area));

    update::update(&mut app, Action::Submit);
    let rows: Vec<_> = sample
        .queue()
        .into_iter()
        .filter(|r| r.applicant.starts_with("欧阳"))
        .collect();
    update::apply(
        &mut app,
        Loaded::Search {
            query: "欧阳".into(),
            page: docket::tui::paged::Page::all(rows),
            matched: Vec::new(),
        },
    );
    insta::assert_snapshot!("search_results_80x24_zh_hans", snapshot_of(&app, None));
}

#[test]
fn control_characters_never_reach_the_screen() {
    let sample = Sample::standard();
    for size in [NARROW, WIDE] {
        let app = sample.app(Lang::En, Theme::Colour, size);
        let buf = draw(&app);
        for cell in buf.content() {
            assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "control character in {cell:?}"
            );
        }
        // The hand-made applicant with an escape sequence is on screen, tamed.
        assert!(text(&buf, buf.area).contains("欧阳\u{FFFD}[31m"));
    }
}

#[test]
fn status_bar_shows_who_where_when_and_what_is_wrong() {
    let mut app = Sample::standard().app(Lang::En, Theme::Colour, WIDE);
    app.status.summary.calendar_missing = vec![2027];
    app.set_message("store is read-only", true);
    let buf = draw(&app);
    let bar = text(&buf, Rect::new(0, WIDE.1 - 1, WIDE.0, 1));
    for part in [
        "liwei",
        "docket",
        "as of 2026-11-26",
        "overdue",
        "2027",
        "store is read-only",
    ] {
        assert!(bar.contains(part), "{part} missing from {bar}");
    }
}

/// Types text and keys into the app as a person would (Chinese as characters).
fn press(app: &mut App, keys: &[&str]) {
    use docket::tui::keys::Key;
    for k in keys {
        match Key::parse(k) {
            Ok(key) if k.chars().count() == 1 || !k.chars().all(|c| !c.is_ascii()) => {
                let _ = update::handle_key(app, key);
            }
            _ => {
                for c in k.chars() {
                    let _ = update::handle_key(app, Key::char(c));
                }
            }
        }
    }
}

/// A registration half filled: a Chinese name, a valid ID number (with what
/// it derives and the group it proposes), a bad phone number, an adverse
/// party, and a limitation period three days away (an emergency).
fn half_filled(app: &mut App) {
    update::update(app, Action::NewApplication);
    press(
        app,
        &["欧阳娜娜", "tab", "11010519491231002X", "tab", "138-abc"],
    );
    press(app, &["tab", "tab", "tab", "tab", "right", "right"]);
    press(
        app,
        &[
            "tab",
            "tab",
            "tab",
            "株洲某建筑公司",
            "tab",
            "拖欠工资三个月",
        ],
    );
    press(app, &["tab", "space", "tab", "2026-11-29"]);
}

/// The registration form at both sizes, in English and Simplified Chinese.
#[test]
fn registration_form() {
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans] {
        for size in [NARROW, WIDE] {
            let mut app = sample.app(lang, Theme::Colour, size);
            half_filled(&mut app);
            let buf = draw(&app);
            let screen = text(&buf, buf.area);
            assert!(screen.contains("1949-12-31"), "{screen}");
            let name = format!("intake_{}x{}_{}", size.0, size.1, lang_code(lang));
            insta::assert_snapshot!(name, screen);
        }
    }
    // A blank form under NO_COLOR: the focus and the input boxes still show.
    let mut app = sample.app(Lang::ZhHans, Theme::Mono, NARROW);
    update::update(&mut app, Action::NewApplication);
    insta::assert_snapshot!("intake_blank_80x24_zh_hans_mono", snapshot_of(&app, None));
}

/// Before saving: the cases of the same person, and the adverse party
/// found among the applicants.
#[test]
fn duplicates_before_saving() {
    use docket::domain::case::CaseNo;
    use docket::tui::command::Outcome;
    let sample = Sample::standard();
    for lang in [Lang::En, Lang::ZhHans] {
        let mut app = sample.app(lang, Theme::Colour, NARROW);
        half_filled(&mut app);
        // Fix the phone, then save.
        for _ in 0..10 {
            press(&mut app, &["shift-tab"]);
        }
        press(&mut app, &["ctrl-u", "13800000000"]);
        press(&mut app, &["ctrl-s"]);
        update::apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![
                    (CaseNo::new(2026, 12), "same ID number".into()),
                    (CaseNo::new(2025, 301), "same name and birth date".into()),
                ],
                conflicts: vec![CaseNo::new(2026, 40)],
            }),
        );
        insta::assert_snapshot!(
            format!("intake_duplicates_80x24_{}", lang_code(lang)),
            snapshot_of(&app, None)
        );
    }
}

/// The queue's title says which filter is in force.
#[test]
fn the_filter_in_force_is_shown() {
    let sample = Sample::standard();
    for (lang, want) in [
        (Lang::En, "1 Intake queue (0) · walk-in · criminal · mine"),
        (Lang::ZhHans, "· 来访 · 刑事 · 我的"),
    ] {
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        update::update(&mut app, Action::FilterChannel);
        update::update(&mut app, Action::FilterKind);
        update::update(&mut app, Action::FilterMine);
        update::apply(
            &mut app,
            Loaded::Queue(docket::tui::paged::Page::all(Vec::new())),
        );
        let screen = text(&draw(&app), Rect::new(0, 0, WIDE.0, WIDE.1));
        assert!(screen.contains(want), "{screen}");
        // An empty filtered queue says the filter is why.
        let empty = match lang {
            Lang::En => "No applications match the filter.",
            _ => "没有符合筛选条件的申请。",
        };
        assert!(screen.contains(empty), "{screen}");
        update::update(&mut app, Action::FilterClear);
        update::apply(
            &mut app,
            Loaded::Queue(docket::tui::paged::Page::all(sample.queue())),
        );
        let screen = text(&draw(&app), Rect::new(0, 0, WIDE.0, WIDE.1));
        assert!(!screen.contains(" · "), "{screen}");
    }
}

/// Assignment from the board: the providers ranked, with why; the excluded
/// last, with why not.
#[test]
fn provider_picker() {
    use docket::api::views::Choice;
    use docket::tui::command::Outcome;
    let sample = Sample::standard();
    use docket::domain::codes::{Kind, Matter};
    use docket::domain::provider::{Exclusion, Reason};
    let choice = |id: &str, name: &str, open, excluded: &[Exclusion], reasons: &[Reason]| Choice {
        id: id.into(),
        name: name.into(),
        organization: "湘潭市法律援助中心".into(),
        open,
        capacity: 8,
        excluded: excluded.to_vec(),
        reasons: reasons.to_vec(),
    };
    let load = |open| Reason::Load { open, capacity: 8 };
    for lang in [Lang::En, Lang::ZhHans] {
        for size in [NARROW, WIDE] {
            let mut app = sample.app(lang, Theme::Colour, size);
            focus(&mut app, Pane::Board);
            let no = app
                .board
                .current()
                .selected_case()
                .expect("a card to assign");
            press(&mut app, &["a"]);
            update::apply(
                &mut app,
                Loaded::Done(Outcome::Providers {
                    no,
                    choices: vec![
                        choice("p3", "赵敏", 8, &[Exclusion::Full], &[load(8)]),
                        choice(
                            "p1",
                            "王律师",
                            2,
                            &[],
                            &[Reason::Matter(Matter::Wages), load(2)],
                        ),
                        choice(
                            "p2",
                            "李律师",
                            5,
                            &[],
                            &[Reason::Kind(Kind::LaborArbitration), load(5)],
                        ),
                    ],
                }),
            );
            insta::assert_snapshot!(
                format!("providers_{}x{}_{}", size.0, size.1, lang_code(lang)),
                snapshot_of(&app, None)
            );
        }
    }
}

/// Reviewing from the checklist: the verdict question and the reason prompt
/// over a checklist that says what it adds up to.
#[test]
fn checklist_review() {
    for lang in [Lang::En, Lang::ZhHans] {
        for size in [NARROW, WIDE] {
            let mut app = Sample::standard().app(lang, Theme::Colour, size);
            focus(&mut app, Pane::Checklist);
            press(&mut app, &["c"]);
            insta::assert_snapshot!(
                format!(
                    "checklist_verdict_{}x{}_{}",
                    size.0,
                    size.1,
                    lang_code(lang)
                ),
                snapshot_of(&app, None)
            );
            press(&mut app, &["down", "enter", "户籍在外省"]);
            insta::assert_snapshot!(
                format!("checklist_reason_{}x{}_{}", size.0, size.1, lang_code(lang)),
                snapshot_of(&app, None)
            );
        }
    }
}

/// The provider view over the board: each provider's organization, open
/// cases against capacity and overdue items; then the board filtered by one.
#[test]
fn provider_view() {
    use docket::domain::quality::{Grade, Satisfaction, Scorecard};
    use docket::tui::rows::ProviderRow;
    let row = |id: &str, name: &str, org: &str, open, overdue| ProviderRow {
        id: id.into(),
        name: name.into(),
        organization: org.into(),
        open,
        capacity: 8,
        overdue,
        // The scorecard the view shows under each provider.
        card: Some(Scorecard {
            provider: docket::domain::provider::Provider {
                id: id.into(),
                name: name.into(),
                organization: org.into(),
                kind: docket::domain::provider::ProviderKind::Lawyer,
                kinds: Vec::new(),
                matters: Vec::new(),
                criminal_defense_years: 0,
                juvenile: false,
                capacity: 8,
                active: true,
                phone: None,
            },
            open,
            overdue: Vec::new(),
            grades: vec![
                (Grade::Excellent, 2),
                (Grade::Good, 3),
                (Grade::Pass, 1),
                (Grade::Fail, u32::from(overdue > 2)),
            ],
            satisfaction: vec![
                (Satisfaction::Satisfied, 5),
                (Satisfaction::Fair, 1),
                (Satisfaction::Dissatisfied, 0),
            ],
            complaints: u32::from(overdue > 0),
            complaints_open: u32::from(overdue > 2),
            paid_this_year: 4500 * u64::from(open),
            year: 2026,
        }),
    };
    for lang in [Lang::En, Lang::ZhHans] {
        let mut app = Sample::standard().app(lang, Theme::Colour, WIDE);
        focus(&mut app, Pane::Board);
        press(&mut app, &["P"]);
        update::apply(
            &mut app,
            Loaded::Providers {
                view: true,
                rows: vec![
                    row("p1", "王律师", "湖南金州律师事务所", 2, 0),
                    row("p2", "李律师", "湘潭市法律援助中心", 5, 1),
                    row("p3", "赵敏", "雨湖区法律服务所", 8, 3),
                ],
            },
        );
        press(&mut app, &["down"]);
        insta::assert_snapshot!(
            format!("provider_view_120x40_{}", lang_code(lang)),
            snapshot_of(&app, None)
        );
    }
}

/// ASCII words of two letters or more on a Chinese screen, but for the
/// names of keys (which are what the user presses), logins and the store's
/// path.
fn english_on(screen: &str, logins: &[String]) -> Vec<String> {
    // A command to type ("docket show --reveal") is what it is.
    let mut rest = screen.to_string();
    while let Some(at) = rest.find("docket ") {
        let end = rest[at..]
            .find(|c: char| !c.is_ascii() || c == '\n')
            .map_or(rest.len(), |n| at + n);
        rest.replace_range(at..end, " ");
    }
    let screen = rest.as_str();
    const ALLOWED: &[&str] = &[
        "liwei",
        "home",
        "local",
        "share",
        "docket",
        "tab",
        "shift",
        "ctrl",
        "esc",
        "enter",
        "space",
        "pgup",
        "pgdn",
        "end",
        "up",
        "down",
        "left",
        "right",
        "backspace",
        "delete",
        "del",
        "alt",
        "insert",
        "ins",
        "pageup",
        "pagedown",
        "fg",
        "f1",
        // The bad phone number the registration test types.
        "abc",
    ];
    screen
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !ALLOWED.contains(&w.to_ascii_lowercase().as_str()))
        .filter(|w| !logins.iter().any(|l| l == w))
        .map(str::to_string)
        .collect()
}

/// Issue 16, 19: every screen in Simplified and Traditional Chinese — each
/// pane focused, the checklist of every application in the queue, the case
/// view of every case on the board, help, the registration form, search,
/// and the questions the checklist asks — shows no raw code and no English
/// word.
#[test]
fn every_screen_reads_in_chinese() {
    let sample = Sample::standard();
    // The logins of the sample: its caseworkers, and whoever took a step
    // (the demo's director approves payments and scores files).
    let logins: Vec<String> = sample
        .cases
        .iter()
        .filter_map(|c| c.caseworker.clone())
        .chain(sample.cases.iter().flat_map(|c| {
            let h = &c.handling;
            h.payments
                .iter()
                .flat_map(|p| [Some(p.proposed_by.clone()), p.approved_by.clone()])
                .flatten()
                .chain(
                    h.quality
                        .iter()
                        .flat_map(|q| q.sheets.iter().map(|s| s.by.clone())),
                )
                .chain(h.follow_ups.iter().map(|f| f.by.clone()))
                .collect::<Vec<_>>()
        }))
        .collect();
    for lang in [Lang::ZhHans, Lang::ZhHant] {
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut look = |app: &App, what: &str| {
            let buf = draw(app);
            let screen = text(&buf, buf.area);
            let words = english_on(&screen, &logins);
            if !words.is_empty() {
                seen.push((what.to_string(), format!("{words:?}\n{screen}")));
            }
        };
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        for pane in [Pane::Queue, Pane::Checklist, Pane::Board, Pane::Deadlines] {
            focus(&mut app, pane);
            look(&app, &format!("{pane:?}"));
        }
        // The checklist of every application in the queue.
        focus(&mut app, Pane::Queue);
        for i in 0..sample.queue().len() {
            let view = sample::checklist_for(&app, i);
            update::apply(&mut app, Loaded::Checklist(view));
            look(&app, &format!("checklist {i}"));
            update::update(&mut app, Action::Down);
        }
        // The consultation form, with a problem.
        {
            let mut app = sample.app(lang, Theme::Colour, WIDE);
            press(&mut app, &["C", "2", "2", "4", "3"]);
            for _ in 0..3 {
                update::update(&mut app, Action::NextField);
            }
            update::paste(&mut app, "abc");
            update::update(&mut app, Action::SaveConsult);
            look(&app, "consultation form");
        }
        // The statistics, a month and a year.
        {
            let mut app = sample.app(lang, Theme::Colour, WIDE);
            reports_open(&sample, &mut app);
            look(&app, "reports");
            update::update(&mut app, Action::PeriodKind);
            update::update(&mut app, Action::PeriodKind);
            update::update(&mut app, Action::PeriodKind);
            let period = app.overlays.reports().unwrap().period;
            let (figures, trend) = sample.report(period);
            update::apply(
                &mut app,
                Loaded::Report {
                    period,
                    figures: Box::new(figures),
                    trend,
                },
            );
            look(&app, "reports, a year");
        }
        // The supervision screen, and its confirmation.
        {
            let mut app = sample.app(lang, Theme::Colour, WIDE);
            supervision_open(&sample, &mut app);
            look(&app, "supervision");
            update::update(&mut app, Action::ApprovePayments);
            look(&app, "supervision, approve all?");
        }
        // The case view of every case.
        for case in &sample.cases {
            let mut app = sample.app(lang, Theme::Colour, WIDE);
            let view = sample.detail(case.no).expect("a sample case");
            app.overlays.open_detail(docket::tui::app::Detail {
                no: case.no,
                view: None,
                scroll: 0,
            });
            update::apply(&mut app, Loaded::Detail(Box::new(view)));
            look(&app, &format!("detail {}", case.no));
        }
        // Every question and prompt a step asks, from the checklist and
        // from the board (or what it says when the step does not apply).
        let steps = [
            Action::ConfirmItem,
            Action::SetMeans,
            Action::RequestDocuments,
            Action::DocumentsReceived,
            Action::Propose,
            Action::Approve,
            Action::ReturnProposal,
            Action::DeemWithdrawn,
            Action::EmergencyAid,
            Action::AddNote,
            Action::Assign,
            Action::AgreementSigned,
            Action::Conclude,
            Action::SubmitFile,
            Action::ReviewFile,
            Action::Archive,
            Action::Terminate,
            Action::Object,
            Action::DecideObjection,
            Action::FollowUp,
            Action::Score,
            Action::Reassign,
        ];
        let mut asked = 0;
        for pane in [Pane::Checklist, Pane::Board] {
            for column in 0..6 {
                for step in steps {
                    let mut app = sample.app(lang, Theme::Colour, WIDE);
                    let view = sample::checklist_for(&app, 0);
                    update::apply(&mut app, Loaded::Checklist(view));
                    focus(&mut app, pane);
                    for _ in 0..column {
                        update::update(&mut app, Action::Right);
                    }
                    update::update(&mut app, step);
                    if app.overlays.question().is_some() || app.overlays.prompt().is_some() {
                        asked += 1;
                    }
                    look(&app, &format!("{pane:?} column {column}: {step}"));
                    // The second choice of a question (a denial's reasons).
                    if app.overlays.question().is_some() {
                        press(&mut app, &["2"]);
                        look(&app, &format!("{pane:?} column {column}: {step}, 2"));
                    }
                }
            }
        }
        assert!(asked >= 20, "only {asked} questions or prompts were opened");
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        update::update(&mut app, Action::Help);
        look(&app, "help");
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        half_filled(&mut app);
        look(&app, "registration");
        let mut app = sample.app(lang, Theme::Colour, WIDE);
        update::update(&mut app, Action::Search);
        update::paste(&mut app, "欧阳");
        look(&app, "search");
        assert!(
            seen.is_empty(),
            "{lang:?}: {} screens with English:\n{}",
            seen.len(),
            seen.iter()
                .take(3)
                .map(|(w, s)| format!("{w}: {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
