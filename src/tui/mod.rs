//! The terminal user interface, in the Elm style: [`app::App`] is the state,
//! [`action::Action`] what a key asks for, [`update`] the pure step from one
//! state to the next, [`view::view`] draws the state. Nothing in this module
//! touches the terminal or the store; the shell (event loop) and the loader
//! do, through this seam:
//!
//! - **Keys.** The shell turns a crossterm `KeyEvent` into a [`keys::Key`]
//!   (`Key::from_event`) and calls [`update::handle_key`]; pastes go to
//!   [`update::paste`], resizes to [`update::resize`].
//! - **Effects.** Every call returns `Vec<Effect>`: `Quit`, `Suspend`,
//!   `ClearScreen`, `Load(Request)` for the loader, or `Do(Command)` for a
//!   change (the outcome comes back as `Loaded::Done`). `start` asks for the
//!   user's registration draft (`Command::LoadDraft`); the registration form
//!   ([`intake`]) saves its draft on every change and clears it when the
//!   case is registered or the draft discarded. A paste that should save
//!   the draft at once goes to [`update::paste_effects`].
//! - **Loader.** For each [`update::Request`] the loader answers with one
//!   [`update::Loaded`] passed to [`update::apply`] (which may ask for more):
//!   - `Queue(window)`: undecided cases (received, awaiting documents), most
//!     urgent first (`QueueRow::urgency_key`), rows from `QueueRow::from_case`;
//!     built by [`update::queue_request`], which is where the queue's filter
//!     (`app.queue_filter`, applied by the store) joins the request.
//!   - `Deadlines(window)`: the login check's list (`store.due_until(today +
//!     warning_days)`), rows from `DueRow::new`.
//!   - `Board(stage, window)`: cases whose `Stage::of` is `stage`, cards from
//!     `Card::from_case`.
//!   - `Checklist(no)`: `domain::eligibility::evaluate` of the case (with
//!     the conflict search when it can make it) as a `ChecklistView`.
//!   - `Detail(no)`: the case, `open_deadlines` and its history; `Missing(no)`
//!     when the case is gone.
//!   - `Search { query, window }`: cases by number, name, ID or phone.
//!   - `Summary`: overdue and due-today counts, the policy's `warning_days`,
//!     calendar years missing.
//!
//!   Pages are windows (`offset`, `limit`, `total`), never whole lists; when a
//!   window names a case (`around`), the loader may return the page that
//!   holds it, and the selection stays on that case either way.
//! - **Live.** When the store changes, the shell sends every request of
//!   [`update::reload`] and applies the answers.
//! - **Drawing.** When `app.dirty` is set, the shell draws with
//!   [`view::view`] and clears it: no timer, so idle means no output.

pub mod action;
pub mod app;
pub mod command;
pub mod consult;
pub mod field;
pub mod intake;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod loader;
pub mod overlay;
pub mod paged;
pub mod panes;
pub mod rows;
pub mod run;
/// Ready-made apps and data for tests (unit tests, and the integration
/// tests through the `sample` feature): not in the shipped binary.
#[cfg(any(test, feature = "sample"))]
pub mod sample;
pub mod theme;
pub mod update;
pub mod view;
