//! The store's users: operating-system accounts with a role.

use serde::{Deserialize, Serialize};

code_enum!(
    /// What a user may do. The first user of a new store is an admin.
    Role {
        Caseworker => "caseworker",
        Director => "director",
        Admin => "admin",
    }
);

impl Role {
    /// Approving or returning a proposed decision (审批).
    pub fn may_approve(self) -> bool {
        matches!(self, Role::Director | Role::Admin)
    }

    /// Managing users, the policy and the calendar.
    pub fn may_administer(self) -> bool {
        self == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The operating-system login name.
    pub name: String,
    pub role: Role,
    /// A deactivated user stays in the history but the server refuses them.
    pub active: bool,
    /// The person's name as colleagues know it (李伟), shown in history and
    /// prompts instead of the login.
    pub display_name: Option<String>,
}

/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME: usize = 40;

/// A display name as given: trimmed, on one line, not empty, not too long.
pub fn display_name(given: &str) -> Option<String> {
    let name = super::text::one_line(given).trim().to_string();
    (!name.is_empty() && name.chars().count() <= MAX_DISPLAY_NAME).then_some(name)
}

/// Who a login is, as people read it: the display names of the store's
/// users (a login without one shows as itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names(std::collections::HashMap<String, String>);

impl Names {
    pub fn of_users(users: &[User]) -> Names {
        Names(
            users
                .iter()
                .filter_map(|u| Some((u.name.clone(), u.display_name.clone()?)))
                .collect(),
        )
    }

    /// The display name of `login`, or the login itself.
    pub fn of<'a>(&'a self, login: &'a str) -> &'a str {
        self.0.get(login).map_or(login, String::as_str)
    }

    /// The display name with the login beside it ("李伟 (liwei)"), where
    /// both matter, as in a prompt naming who proposed.
    pub fn with_login(&self, login: &str) -> String {
        match self.0.get(login) {
            Some(name) => format!("{name} ({login})"),
            None => login.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_shows_as_its_display_name() {
        let user = |name: &str, display: Option<&str>| User {
            name: name.into(),
            role: Role::Caseworker,
            active: true,
            display_name: display.map(Into::into),
        };
        let names = Names::of_users(&[user("liwei", Some("李伟")), user("bob", None)]);
        assert_eq!(names.of("liwei"), "李伟");
        assert_eq!(names.of("bob"), "bob");
        assert_eq!(names.with_login("liwei"), "李伟 (liwei)");
        assert_eq!(names.with_login("nobody"), "nobody");
        assert_eq!(display_name("  李 伟\n "), Some("李 伟".into()));
        assert_eq!(display_name("  "), None);
        assert_eq!(display_name(&"长".repeat(41)), None);
    }
}
