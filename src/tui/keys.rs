//! Key names as written in keymap.toml, and the same keys as crossterm
//! reports them. Both sides are normalized so that they compare equal:
//! a character carries its case instead of a shift modifier, shift-tab is
//! `BackTab`, and ctrl-letters are lowercase (xterm cannot tell them apart).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    /// Only CONTROL, ALT and (for non-character keys) SHIFT.
    pub mods: KeyModifiers,
}

/// Names of the keys that are not a single character, in help order.
const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

/// The names accepted besides single characters, for error messages.
pub fn known_names() -> String {
    let mut names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
    names.insert(4, "shift-tab");
    names.push("f1..f12");
    format!(
        "a single character, {}, with optional ctrl-, alt- or shift- prefixes",
        names.join(", ")
    )
}

impl Key {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key { code, mods }.normalized()
    }

    pub const fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    const fn normalized(self) -> Key {
        let keep = KeyModifiers::CONTROL.union(KeyModifiers::ALT);
        match self.code {
            KeyCode::Char(c) => {
                let c = if self.mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                Key {
                    code: KeyCode::Char(c),
                    mods: self.mods.intersection(keep),
                }
            }
            // Kitty-style terminals report shift+tab as Tab with SHIFT.
            KeyCode::Tab if self.mods.contains(KeyModifiers::SHIFT) => Key {
                code: KeyCode::BackTab,
                mods: self.mods.intersection(keep),
            },
            KeyCode::BackTab => Key {
                code: KeyCode::BackTab,
                mods: self.mods.intersection(keep),
            },
            code => Key {
                code,
                mods: self.mods.intersection(keep.union(KeyModifiers::SHIFT)),
            },
        }
    }

    /// The key of a press (or auto-repeat); releases and keys docket has no
    /// name for give None.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        match ev.code {
            KeyCode::Char(c) if c.is_control() => None,
            KeyCode::Char(_)
            | KeyCode::Enter
            | KeyCode::Esc
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Up
            | KeyCode::Down
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::PageUp
            | KeyCode::PageDown
            | KeyCode::Home
            | KeyCode::End => Some(Key::new(ev.code, ev.modifiers)),
            KeyCode::F(n) if (1..=12).contains(&n) => Some(Key::new(ev.code, ev.modifiers)),
            _ => None,
        }
    }

    /// The character this key types in a form, if it types one.
    pub fn text(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() && !c.is_control() => Some(c),
            _ => None,
        }
    }

    /// Parses a key name of keymap.toml; the error says what is wrong.
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        // A prefix only counts when something follows it: "-" and "ctrl--" are keys.
        loop {
            let lower = rest.to_ascii_lowercase();
            let prefix = [
                ("ctrl-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(p, _)| lower.starts_with(p) && rest.len() > p.len());
            match prefix {
                Some((p, m)) => {
                    mods |= m;
                    rest = &rest[p.len()..];
                }
                None => break,
            }
        }
        let code = base(rest).ok_or_else(|| match rest {
            "" => "a key name is empty".to_string(),
            " " => "write \"space\" for the space bar".to_string(),
            _ => format!("'{name}' is not a key name; use {}", known_names()),
        })?;
        if let KeyCode::Char(c) = code {
            if c.is_control() {
                return Err(format!("'{}' is a control character", c.escape_default()));
            }
            if mods.contains(KeyModifiers::SHIFT) && c != ' ' {
                let upper: String = c.to_uppercase().collect();
                return Err(format!(
                    "write '{upper}' rather than '{name}': a character carries its own shift"
                ));
            }
        }
        if code == KeyCode::Tab && mods.contains(KeyModifiers::SHIFT) {
            return Ok(Key::new(KeyCode::BackTab, mods - KeyModifiers::SHIFT));
        }
        Ok(Key::new(code, mods))
    }
}

fn base(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (c != ' ').then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some(code) = NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c) {
        return Some(code);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=12).contains(&n).then_some(KeyCode::F(n))
}

/// The canonical name, as keymap.toml would write it.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, p) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.mods.contains(m) {
                f.write_str(p)?;
            }
        }
        if let Some((name, _)) = NAMED.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn names_parse_and_print_back() {
        for name in [
            "a",
            "A",
            "?",
            "/",
            "1",
            "-",
            "space",
            "enter",
            "esc",
            "tab",
            "shift-tab",
            "backspace",
            "delete",
            "up",
            "down",
            "left",
            "right",
            "pageup",
            "pagedown",
            "home",
            "end",
            "f1",
            "f12",
            "ctrl-c",
            "alt-x",
            "ctrl-alt-x",
            "shift-up",
            "ctrl--",
            "张",
        ] {
            let key = Key::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key.to_string(), name);
        }
    }

    #[test]
    fn spellings_are_normalized() {
        assert_eq!(Key::parse("Enter").unwrap(), Key::plain(KeyCode::Enter));
        assert_eq!(Key::parse("CTRL-C").unwrap(), Key::ctrl('c'));
        assert_eq!(Key::parse("ctrl-C").unwrap(), Key::ctrl('c'));
        assert_eq!(Key::parse("F5").unwrap(), Key::plain(KeyCode::F(5)));
    }

    #[test]
    fn bad_names_say_why() {
        assert!(Key::parse("").unwrap_err().contains("empty"));
        assert!(Key::parse(" ").unwrap_err().contains("space"));
        assert!(Key::parse("f13").unwrap_err().contains("not a key name"));
        assert!(Key::parse("return").unwrap_err().contains("pagedown"));
        assert!(Key::parse("meta-x").unwrap_err().contains("not a key name"));
        assert!(Key::parse("shift-a").unwrap_err().contains("'A'"));
        assert!(Key::parse("\u{1b}").unwrap_err().contains("control"));
    }

    #[test]
    fn crossterm_events_match_parsed_names() {
        let cases = [
            (ev(KeyCode::Char('G'), KeyModifiers::SHIFT), "G"),
            (ev(KeyCode::Char('?'), KeyModifiers::SHIFT), "?"),
            (ev(KeyCode::Char('c'), KeyModifiers::CONTROL), "ctrl-c"),
            (ev(KeyCode::BackTab, KeyModifiers::SHIFT), "shift-tab"),
            (ev(KeyCode::Tab, KeyModifiers::SHIFT), "shift-tab"),
            (ev(KeyCode::Char(' '), KeyModifiers::NONE), "space"),
            (ev(KeyCode::Up, KeyModifiers::SHIFT), "shift-up"),
            (ev(KeyCode::F(1), KeyModifiers::NONE), "f1"),
        ];
        for (event, name) in cases {
            assert_eq!(Key::from_event(&event), Some(Key::parse(name).unwrap()));
        }
    }

    #[test]
    fn releases_and_unnamed_keys_are_ignored() {
        let mut release = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(Key::from_event(&release), None);
        assert_eq!(
            Key::from_event(&ev(KeyCode::Insert, KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            Key::from_event(&ev(KeyCode::F(13), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn only_plain_characters_type_text() {
        assert_eq!(Key::char('张').text(), Some('张'));
        assert_eq!(Key::char('A').text(), Some('A'));
        assert_eq!(Key::ctrl('a').text(), None);
        assert_eq!(Key::plain(KeyCode::Enter).text(), None);
    }
}
