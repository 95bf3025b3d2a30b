//! The shell around the pure core: the terminal, the event loop, signals,
//! the live feed of changes, and the loader. Idle means blocked on a
//! channel: no timer, no CPU, no bytes over SSH.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;
use signal_hook::consts::{SIGHUP, SIGTERM};

use crate::client::{Changed, Client};
use crate::i18n::Lang;

use super::app::{App, Status};
use super::keymap::Keymap;
use super::keys::Key;
use super::loader::Loader;
use super::theme::Theme;
use super::update::{self, Effect, Loaded};
use super::view::view;

pub struct Options {
    pub store: PathBuf,
    pub today: NaiveDate,
    pub lang: Lang,
    pub user: String,
    pub keymap: Keymap,
    /// Problems of the user's keymap (its defaults are used for those
    /// keys), said on the status line at start.
    pub keymap_problems: Vec<String>,
}

enum Msg {
    Input(Event),
    /// The terminal is gone (read failed): nothing more will come.
    InputGone,
    Changed(Changed),
    /// The live feed broke: the server stopped.
    FeedLost,
    Signal(i32),
}

/// How the loop ended.
enum Exit {
    /// Quit by the user, or SIGTERM: restore the terminal.
    Normal,
    /// The terminal vanished (SIGHUP, read error): write nothing more to it.
    HangUp,
}

pub fn run(opts: Options) -> Result<(), String> {
    let client = Client::connect(&opts.store, "tui").map_err(|e| e.to_string())?;
    let mut loader = Loader::new(client, opts.today, opts.lang).map_err(|e| e.to_string())?;
    let (tx, rx) = mpsc::channel();
    start_feed(&opts.store, tx.clone()).map_err(|e| e.to_string())?;
    start_signals(tx.clone()).map_err(|e| e.to_string())?;

    let mut terminal = init_terminal().map_err(|e| format!("cannot use this terminal: {e}"))?;
    start_input(tx.clone());
    tracing::info!(store = %opts.store.display(), "tui started");

    let status = Status {
        user: opts.user.clone(),
        store: opts.store.clone(),
        today: opts.today,
        summary: Default::default(),
        message: None,
    };
    let mut app = App::new(opts.lang, Theme::from_env(), opts.keymap, status);
    if let Ok(size) = terminal.size() {
        update::resize(&mut app, size.width, size.height);
    }
    let first = update::start(&mut app);
    if !opts.keymap_problems.is_empty() {
        let n = opts.keymap_problems.len().to_string();
        let text = crate::i18n::fill(
            app.t("tui.msg.keymap_problems"),
            &[("n", &n), ("problems", &opts.keymap_problems.join("; "))],
        );
        app.set_message(text, true);
    }
    let outcome = event_loop(
        &mut terminal,
        &mut app,
        &mut loader,
        &opts.store,
        &tx,
        &rx,
        first,
    );
    match outcome {
        Ok(Exit::Normal) | Err(_) => restore_terminal(),
        // Restoring would write to a terminal that is gone; the kernel
        // resets a hung-up tty.
        Ok(Exit::HangUp) => {}
    }
    tracing::info!("tui ended");
    outcome.map(|_| ())
}

#[allow(clippy::too_many_arguments)]
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    loader: &mut Loader,
    store: &Path,
    tx: &Sender<Msg>,
    rx: &Receiver<Msg>,
    first: Vec<Effect>,
) -> Result<Exit, String> {
    let mut pending: VecDeque<Effect> = first.into();
    loop {
        while let Some(effect) = pending.pop_front() {
            match effect {
                Effect::Quit => return Ok(Exit::Normal),
                Effect::Load(request) => {
                    let loaded = loader.load(request);
                    pending.extend(update::apply(app, loaded));
                }
                Effect::Do(command) => {
                    let outcome = loader.run(command);
                    pending.extend(update::apply(app, Loaded::Done(outcome)));
                }
                Effect::ClearScreen => {
                    let _ = terminal.clear();
                    app.dirty = true;
                }
                Effect::Suspend => {
                    suspend(terminal);
                    app.dirty = true;
                }
            }
        }
        if app.dirty {
            terminal
                .draw(|f| view(app, f))
                .map_err(|e| format!("cannot draw: {e}"))?;
            app.dirty = false;
        }
        let Ok(msg) = rx.recv() else {
            return Ok(Exit::HangUp);
        };
        match msg {
            Msg::Input(Event::Key(k)) => {
                if let Some(key) = Key::from_event(&k) {
                    pending.extend(update::handle_key(app, key));
                }
            }
            Msg::Input(Event::Paste(text)) => pending.extend(update::paste_effects(app, &text)),
            Msg::Input(Event::Resize(w, h)) => update::resize(app, w, h),
            Msg::Input(_) => {}
            Msg::InputGone | Msg::Signal(SIGHUP) => return Ok(Exit::HangUp),
            Msg::Signal(SIGTERM) => return Ok(Exit::Normal),
            Msg::Signal(_) => {}
            Msg::Changed(first) => {
                // Several changes in a burst: one reload.
                let mut rules = first.cases.contains(&None);
                while let Ok(Msg::Changed(more)) = rx.try_recv() {
                    rules |= more.cases.contains(&None);
                }
                if rules && let Err(e) = loader.refresh_rules() {
                    app.set_message(e.to_string(), true);
                }
                pending.extend(update::reload(app));
                // A store-wide change may be a user's: their role and name
                // are read again.
                if rules {
                    pending.push_back(update::Effect::Do(super::command::Command::MyRole));
                }
            }
            Msg::FeedLost => {
                // The server stopped (it restarts on the next request):
                // reconnect both connections, then reload everything.
                match reconnect(store, tx) {
                    Ok(client) => {
                        loader.replace_client(client);
                        pending.extend(update::reload(app));
                    }
                    Err(e) => app.set_message(e, true),
                }
            }
        }
    }
}

fn reconnect(store: &Path, tx: &Sender<Msg>) -> Result<Client, String> {
    let client = Client::connect(store, "tui").map_err(|e| e.to_string())?;
    start_feed(store, tx.clone()).map_err(|e| e.to_string())?;
    Ok(client)
}

/// Takes the terminal: raw mode and the alternate screen (ratatui, whose
/// panic hook gives them back), and bracketed paste, so that a paste is
/// text, never keys: a newline in it never submits, a `q` never quits.
fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    // On a panic, paste mode goes first, then ratatui's hook restores.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
        ratatui_hook(info);
    }));
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste)?;
    Ok(terminal)
}

/// Gives the terminal back as it was (on quit, suspend and SIGTERM).
fn restore_terminal() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
fn suspend(terminal: &mut DefaultTerminal) {
    restore_terminal();
    // SAFETY: raising a signal for our own process; it stops here until
    // SIGCONT (`fg`).
    unsafe { libc::raise(libc::SIGTSTP) };
    // A fresh terminal: its buffers are empty, so the next frame is drawn
    // whole over whatever the shell left on the screen.
    match init_terminal() {
        Ok(fresh) => *terminal = fresh,
        Err(e) => tracing::warn!("cannot take the terminal back: {e}"),
    }
    tracing::info!("resumed after suspend");
}

fn start_input(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(Msg::Input(ev)).is_err() {
                        return;
                    }
                }
                // A signal (Ctrl-Z, then `fg`) interrupts the read: read again.
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // A dead terminal: stop instead of spinning on EOF.
                Err(_) => {
                    let _ = tx.send(Msg::InputGone);
                    return;
                }
            }
        }
    });
}

fn start_feed(store: &Path, tx: Sender<Msg>) -> Result<(), crate::client::ClientError> {
    let mut feed = Client::connect(store, "tui-live")?.subscribe()?;
    std::thread::spawn(move || {
        loop {
            match feed.wait() {
                Ok(changed) => {
                    if tx.send(Msg::Changed(changed)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    // Give a restarting server a moment before reconnecting.
                    std::thread::sleep(Duration::from_millis(200));
                    let _ = tx.send(Msg::FeedLost);
                    return;
                }
            }
        }
    });
    Ok(())
}

fn start_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if tx.send(Msg::Signal(sig)).is_err() {
                return;
            }
        }
    });
    Ok(())
}
