//! The keymap: keymap.toml at the top of the repository is compiled in as
//! the default; the user's file replaces it action by action (`[]` unbinds).
//! Every problem names the file, line and column, because a bad keymap stops
//! docket before the terminal is touched (exit status 2).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::action::{Action, Context};
use super::keys::Key;
use crate::domain::calendar::line_column;

const DEFAULT: &str = include_str!("../../keymap.toml");
const DEFAULT_NAME: &str = "keymap.toml (built in)";

/// The text of the default keymap, for `docket keymap default`.
pub fn default_text() -> &'static str {
    DEFAULT
}

/// Where the user's keymap lives when --keymap is not given:
/// `$XDG_CONFIG_HOME/docket/keymap.toml`.
pub fn user_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("docket").join("keymap.toml"))
}

/// The keymap in force: the default, overridden by `user_file` when given,
/// else by the file at [`user_file`] when it exists.
pub fn load(user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
    let path = match user_file {
        Some(p) => p.to_path_buf(),
        None => match self::user_file() {
            Some(p) if p.exists() => p,
            _ => return Ok(Keymap::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| KeymapError {
        file: path.clone(),
        line: None,
        column: None,
        problem: format!("cannot read the keymap: {e}"),
    })?;
    Keymap::with_user(&text, &path)
}

/// The keymap in force, never refused: every problem of the user's file
/// is reported (all of them, not the first), and the entries with a
/// problem keep their defaults. A context whose keys clash keeps its
/// defaults whole.
pub fn load_lenient(user_file: Option<&Path>) -> (Keymap, Vec<KeymapError>) {
    let path = match user_file {
        Some(p) => p.to_path_buf(),
        None => match self::user_file() {
            Some(p) if p.exists() => p,
            _ => return (Keymap::default(), Vec::new()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let error = KeymapError {
                file: path,
                line: None,
                column: None,
                problem: format!("cannot read the keymap: {e}"),
            };
            return (Keymap::default(), vec![error]);
        }
    };
    let (mut entries, mut errors) = parse_all(&text, &path);
    loop {
        let defaults = parse(DEFAULT, Path::new(DEFAULT_NAME));
        let taken = std::mem::take(&mut entries);
        match Keymap::build_for(defaults, Some((taken.clone(), &text, &path))) {
            Ok(keymap) => return (keymap, errors),
            Err((error, ctx)) => {
                errors.push(error);
                match ctx {
                    // The clashing context keeps its defaults.
                    Some(ctx) => entries = taken.into_iter().filter(|e| e.ctx != ctx).collect(),
                    None => return (Keymap::default(), errors),
                }
            }
        }
    }
}

/// A keymap that cannot be used. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file.display())?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}:")?;
        }
        write!(f, " {}", self.problem)
    }
}

impl std::error::Error for KeymapError {}

/// The keys of every action of every context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// Indexed by context, then by the action's place in `Context::actions`.
    keys: Vec<Vec<Vec<Key>>>,
    lookup: Vec<HashMap<Key, Action>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        // The built-in file is part of the program; a test proves it valid.
        Keymap::build(parse(DEFAULT, Path::new(DEFAULT_NAME)), None)
            .expect("the built-in keymap is valid") // ok: built-in data, checked by a test
    }
}

impl Keymap {
    /// The default keymap with the user's file `text` (read from `file`) over it.
    pub fn with_user(text: &str, file: &Path) -> Result<Keymap, KeymapError> {
        let defaults = parse(DEFAULT, Path::new(DEFAULT_NAME));
        let user = parse(text, file)?;
        Keymap::build(defaults, Some((user, text, file)))
    }

    /// The action of `key` in `ctx`, looking in the fallback context when unbound.
    pub fn action(&self, ctx: Context, key: &Key) -> Option<Action> {
        let mut ctx = Some(ctx);
        while let Some(c) = ctx {
            if let Some(a) = self.lookup[c as usize].get(key) {
                return Some(*a);
            }
            ctx = c.fallback();
        }
        None
    }

    /// The keys bound to `action` in `ctx` (empty when unbound or not allowed there).
    pub fn keys(&self, ctx: Context, action: Action) -> &[Key] {
        ctx.actions()
            .iter()
            .position(|a| *a == action)
            .map(|i| self.keys[ctx as usize][i].as_slice())
            .unwrap_or(&[])
    }

    /// Every action of `ctx` with its keys, in keymap.toml's order (for help).
    pub fn bindings(&self, ctx: Context) -> impl Iterator<Item = (Action, &[Key])> {
        ctx.actions()
            .iter()
            .zip(&self.keys[ctx as usize])
            .map(|(a, k)| (*a, k.as_slice()))
    }

    fn build(
        defaults: Result<Vec<Entry>, KeymapError>,
        user: Option<(Vec<Entry>, &str, &Path)>,
    ) -> Result<Keymap, KeymapError> {
        Keymap::build_for(defaults, user).map_err(|(e, _)| e)
    }

    /// [`Keymap::build`], saying which context a clash is in.
    fn build_for(
        defaults: Result<Vec<Entry>, KeymapError>,
        user: Option<(Vec<Entry>, &str, &Path)>,
    ) -> Result<Keymap, (KeymapError, Option<Context>)> {
        let defaults = defaults.map_err(|e| (e, None))?;
        // Per context and action: the keys, with where they were written.
        let mut table: Vec<Vec<Vec<(Key, Origin)>>> = Context::ALL
            .iter()
            .map(|c| vec![Vec::new(); c.actions().len()])
            .collect();
        let mut put = |e: Entry, from_user: bool| {
            let slot = &mut table[e.ctx as usize][e.index];
            *slot = Vec::new();
            for (key, span) in e.keys {
                if !slot.iter().any(|(k, _)| *k == key) {
                    slot.push((key, Origin { span, from_user }));
                }
            }
        };
        for e in defaults {
            put(e, false);
        }
        let (user_entries, text, file) = match user {
            Some((entries, text, file)) => (entries, text, file),
            None => (Vec::new(), DEFAULT, Path::new(DEFAULT_NAME)),
        };
        for e in user_entries {
            put(e, true);
        }

        let mut lookup = Vec::new();
        for ctx in Context::ALL {
            let mut seen: HashMap<Key, (Action, Origin)> = HashMap::new();
            for (action, keys) in ctx.actions().iter().zip(&table[*ctx as usize]) {
                for (key, origin) in keys {
                    if let Some((other, other_origin)) = seen.get(key) {
                        let error = conflict(
                            text,
                            file,
                            *ctx,
                            key,
                            (*action, origin),
                            (*other, other_origin),
                        );
                        return Err((error, Some(*ctx)));
                    }
                    seen.insert(*key, (*action, origin.clone()));
                }
            }
            lookup.push(seen.into_iter().map(|(k, (a, _))| (k, a)).collect());
        }
        let keys = table
            .into_iter()
            .map(|actions| {
                actions
                    .into_iter()
                    .map(|keys| keys.into_iter().map(|(k, _)| k).collect())
                    .collect()
            })
            .collect();
        Ok(Keymap { keys, lookup })
    }
}

#[derive(Debug, Clone)]
struct Origin {
    span: Range<usize>,
    from_user: bool,
}

/// One `action = [...]` line of a file.
#[derive(Clone)]
struct Entry {
    ctx: Context,
    /// The action's place in `ctx.actions()`.
    index: usize,
    keys: Vec<(Key, Range<usize>)>,
}

fn error_at(text: &str, file: &Path, span: Range<usize>, problem: String) -> KeymapError {
    let (line, column) = line_column(text, span.start);
    KeymapError {
        file: file.to_path_buf(),
        line: Some(line),
        column: Some(column),
        problem,
    }
}

/// One key given to two actions: point at the user's line when there is one.
fn conflict(
    text: &str,
    file: &Path,
    ctx: Context,
    key: &Key,
    (a, a_at): (Action, &Origin),
    (b, b_at): (Action, &Origin),
) -> KeymapError {
    let ((here_action, here), (there_action, there)) = match (a_at.from_user, b_at.from_user) {
        (true, false) => ((a, a_at), (b, b_at)),
        (false, true) => ((b, b_at), (a, a_at)),
        _ if a_at.span.start >= b_at.span.start => ((a, a_at), (b, b_at)),
        _ => ((b, b_at), (a, a_at)),
    };
    let mut problem =
        format!("key '{key}' is given to both '{there_action}' and '{here_action}' in [{ctx}]");
    if !there.from_user && here.from_user {
        problem.push_str(&format!(
            " ('{there_action}' has it in the default keymap: give '{there_action}' other keys, or [] to unbind it)"
        ));
    }
    error_at(text, file, here.span.clone(), problem)
}

fn parse(text: &str, file: &Path) -> Result<Vec<Entry>, KeymapError> {
    let (entries, mut errors) = parse_all(text, file);
    match errors.is_empty() {
        true => Ok(entries),
        false => Err(errors.remove(0)),
    }
}

/// Every entry that can be read, and every problem of the others: a bad
/// entry does not hide the next one's problem.
fn parse_all(text: &str, file: &Path) -> (Vec<Entry>, Vec<KeymapError>) {
    let doc = match DeTable::parse(text).map_err(|e| match e.span() {
        Some(span) => error_at(text, file, span, e.message().trim().to_string()),
        None => KeymapError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            problem: e.message().trim().to_string(),
        },
    }) {
        Ok(doc) => doc,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let at = |span: Range<usize>, problem: String| error_at(text, file, span, problem);
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (name, value) in doc.get_ref().iter() {
        let Some(ctx) = Context::from_name(name.get_ref()) else {
            errors.push(at(
                name.span(),
                format!(
                    "unknown context [{}]; known: {}",
                    name.get_ref(),
                    names(Context::ALL.iter().map(|c| c.name()))
                ),
            ));
            continue;
        };
        let Some(actions) = value.get_ref().as_table() else {
            errors.push(at(
                name.span(),
                format!("'{ctx}' must be a table of actions, such as [{ctx}]"),
            ));
            continue;
        };
        for (action, keys) in actions.iter() {
            match parse_entry(text, file, ctx, action, keys) {
                Ok(e) => entries.push(e),
                Err(e) => errors.push(e),
            }
        }
    }
    (entries, errors)
}

fn parse_entry(
    text: &str,
    file: &Path,
    ctx: Context,
    action: &Spanned<std::borrow::Cow<'_, str>>,
    keys: &Spanned<DeValue<'_>>,
) -> Result<Entry, KeymapError> {
    let at = |span: Range<usize>, problem: String| error_at(text, file, span, problem);
    let name = action.get_ref();
    let index = Action::from_name(name)
        .and_then(|a| ctx.actions().iter().position(|x| *x == a))
        .ok_or_else(|| at(action.span(), unknown_action(ctx, name)))?;
    let Some(list) = keys.get_ref().as_array() else {
        return Err(at(
            keys.span(),
            format!("'{name}' must be a list of keys, such as [\"q\"] ([] unbinds it)"),
        ));
    };
    let mut parsed = Vec::new();
    for item in list.iter() {
        let Some(s) = item.get_ref().as_str() else {
            return Err(at(
                item.span(),
                format!(
                    "keys of '{name}' are written as strings, such as \"q\", not {}",
                    item.get_ref().type_str()
                ),
            ));
        };
        let key = Key::parse(s)
            .map_err(|problem| at(item.span(), format!("in [{ctx}] {name}: {problem}")))?;
        parsed.push((key, item.span()));
    }
    Ok(Entry {
        ctx,
        index,
        keys: parsed,
    })
}

fn unknown_action(ctx: Context, name: &str) -> String {
    let mut msg = format!(
        "unknown action '{name}' in [{ctx}]; known: {}",
        names(ctx.actions().iter().map(|a| a.name()))
    );
    if let Some(a) = Action::from_name(name) {
        let homes: Vec<String> = Context::ALL
            .iter()
            .filter(|c| c.actions().contains(&a))
            .map(|c| format!("[{c}]"))
            .collect();
        msg.push_str(&format!(" ('{name}' belongs in {})", homes.join(", ")));
    }
    msg
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn user(text: &str) -> Result<Keymap, KeymapError> {
        Keymap::with_user(text, Path::new("/home/u/.config/docket/keymap.toml"))
    }

    fn key(name: &str) -> Key {
        Key::parse(name).unwrap()
    }

    #[test]
    fn the_default_keymap_is_valid_and_complete() {
        let km = Keymap::default();
        for ctx in Context::ALL {
            for (action, keys) in km.bindings(*ctx) {
                assert!(!keys.is_empty(), "[{ctx}] {action} has no default key");
            }
        }
        assert_eq!(km.action(Context::Global, &key("q")), Some(Action::Quit));
        assert_eq!(km.action(Context::List, &key("j")), Some(Action::Down));
        assert_eq!(km.action(Context::List, &key("G")), Some(Action::Bottom));
        assert_eq!(km.action(Context::Board, &key("l")), Some(Action::Right));
        assert_eq!(
            km.action(Context::Global, &key("shift-tab")),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn every_default_action_has_a_comment() {
        let lines: Vec<&str> = DEFAULT.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let is_entry = line.contains(" = [") && !line.trim_start().starts_with('#');
            if is_entry {
                assert!(
                    i > 0 && lines[i - 1].trim_start().starts_with("# "),
                    "line {}: '{line}' has no comment above it",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn lookups_fall_back_to_global_except_in_forms() {
        let km = Keymap::default();
        assert_eq!(km.action(Context::List, &key("q")), Some(Action::Quit));
        assert_eq!(
            km.action(Context::Detail, &key("tab")),
            Some(Action::NextPane)
        );
        assert_eq!(km.action(Context::Help, &key("q")), Some(Action::Back));
        assert_eq!(km.action(Context::Form, &key("q")), None);
        assert_eq!(
            km.action(Context::Form, &key("enter")),
            Some(Action::Submit)
        );
    }

    #[test]
    fn the_user_file_overrides_per_action() {
        let km = user("[global]\nquit = [\"x\"]\n\n[list]\ndown = [\"n\", \"down\"]\n").unwrap();
        assert_eq!(km.action(Context::Global, &key("x")), Some(Action::Quit));
        assert_eq!(km.action(Context::Global, &key("q")), None);
        assert_eq!(km.keys(Context::Global, Action::Quit), &[key("x")]);
        assert_eq!(km.action(Context::List, &key("n")), Some(Action::Down));
        assert_eq!(km.action(Context::List, &key("j")), None);
        // Untouched actions keep their defaults.
        assert_eq!(km.action(Context::List, &key("k")), Some(Action::Up));
        assert_eq!(km.action(Context::Global, &key("?")), Some(Action::Help));
    }

    #[test]
    fn an_empty_list_unbinds() {
        let km = user("[global]\nsuspend = []\n").unwrap();
        assert!(km.keys(Context::Global, Action::Suspend).is_empty());
        assert_eq!(km.action(Context::Global, &key("ctrl-z")), None);
    }

    #[test]
    fn a_key_freed_by_the_user_can_be_reused() {
        let km = user("[global]\nquit = [\"ctrl-q\"]\nhelp = [\"q\"]\n").unwrap();
        assert_eq!(km.action(Context::Global, &key("q")), Some(Action::Help));
    }

    #[test]
    fn an_empty_file_is_the_default() {
        assert_eq!(user("").unwrap(), Keymap::default());
        assert_eq!(user("# nothing\n[list]\n").unwrap(), Keymap::default());
    }

    #[test]
    fn unknown_action_names_file_line_column_and_choices() {
        let err = user("[global]\nquitt = [\"q\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(
            err.problem
                .starts_with("unknown action 'quitt' in [global]; known: quit, help"),
            "{err}"
        );
        assert_eq!(
            err.to_string().split(": ").next(),
            Some("/home/u/.config/docket/keymap.toml:2:1:").map(|s| s.trim_end_matches(':'))
        );
    }

    #[test]
    fn an_action_in_the_wrong_context_says_where_it_belongs() {
        let err = user("[list]\nleft = [\"h\"]\n").unwrap_err();
        assert!(err.problem.contains("'left' belongs in [board]"), "{err}");
    }

    #[test]
    fn unknown_context_is_an_error() {
        let err = user("[global]\nquit = [\"q\"]\n[globl]\nhelp = [\"?\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(2)));
        assert!(err.problem.contains("unknown context [globl]"), "{err}");
        assert!(
            err.problem
                .contains("global, list, queue, checklist, board"),
            "{err}"
        );
    }

    #[test]
    fn bad_key_points_at_the_key() {
        let err = user("[list]\ndown = [\"j\", \"dwn\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(14)));
        assert!(err.problem.contains("'dwn' is not a key name"), "{err}");
    }

    #[test]
    fn wrong_types_are_errors() {
        let err = user("[list]\ndown = \"j\"\n").unwrap_err();
        assert!(err.problem.contains("must be a list of keys"), "{err}");
        let err = user("[list]\ndown = [1]\n").unwrap_err();
        assert!(err.problem.contains("written as strings"), "{err}");
        let err = user("global = 1\n").unwrap_err();
        assert!(err.problem.contains("must be a table"), "{err}");
    }

    #[test]
    fn toml_syntax_errors_have_a_position() {
        let err = user("[global]\nquit = [\"q\"\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.column.is_some());
    }

    #[test]
    fn a_key_on_two_actions_of_one_context_names_both() {
        let err = user("[list]\nup = [\"k\"]\ndown = [\"k\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(9)));
        assert!(
            err.problem
                .contains("key 'k' is given to both 'up' and 'down' in [list]"),
            "{err}"
        );
    }

    #[test]
    fn a_clash_with_a_default_points_at_the_user_line() {
        let err = user("[global]\nhelp = [\"q\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(9)));
        assert!(err.problem.contains("'quit' and 'help'"), "{err}");
        assert!(
            err.problem.contains("'quit' has it in the default keymap"),
            "{err}"
        );
    }

    #[test]
    fn the_same_key_in_different_contexts_is_fine() {
        let km = user("[board]\nopen = [\"o\"]\n[list]\nopen = [\"o\"]\n").unwrap();
        assert_eq!(km.action(Context::Board, &key("o")), Some(Action::Open));
        assert_eq!(km.action(Context::List, &key("o")), Some(Action::Open));
    }

    #[test]
    fn load_reports_a_missing_file() {
        let err = load(Some(Path::new("/nonexistent/keymap.toml"))).unwrap_err();
        assert_eq!(err.file, PathBuf::from("/nonexistent/keymap.toml"));
        assert!(err.problem.contains("cannot read"), "{err}");
        assert!(err.line.is_none());
    }

    #[test]
    fn load_reads_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[global]\nhelp = [\"h\", \"?\"]\n").unwrap();
        let km = load(Some(&path)).unwrap();
        assert_eq!(
            km.keys(Context::Global, Action::Help),
            &[key("h"), key("?")]
        );
        std::fs::write(&path, "[global]\nhelp = [\"h\", \"?\", \"nope\"]\n").unwrap();
        let err = load(Some(&path)).unwrap_err();
        assert_eq!(err.file, path);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn special_keys_work_in_files() {
        let km = user("[form]\nsubmit = [\"enter\", \"ctrl-j\", \"f2\"]\n").unwrap();
        assert_eq!(
            km.action(Context::Form, &Key::plain(KeyCode::F(2))),
            Some(Action::Submit)
        );
    }
}
